"""``fielddesk asset ...``: the same functions as the window's asset view
(``sync.assets``), for scripts, support and a terminal on site.  A serial may come
from a handheld USB scanner: '-' reads it from standard input, Enter included."""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

from cli.context import CommandError, Context, Output
from cli.records import as_data
from cli.text_width import fitted
from sync import assets
from sync.assets import Asset, AssetDetail, FoundAsset
from sync.fields import ASSET_LABELS
from sync.store import tickets as ticket_store
from sync.words import plural


def _from_stdin(value: str | None) -> str | None:
    if value != "-":
        return value
    text = sys.stdin.readline() if sys.stdin is not None else ""  # None: closed (`<&-`)
    if not text.strip():
        raise CommandError("nothing was read from standard input")
    return text


def _number(asset_id: int) -> str:
    return f"{asset_id}" if asset_id > 0 else f"new({asset_id})"


def _ident(asset: Asset) -> str:
    return _number(asset.id)


_NUMBER = re.compile(r"-?\d{1,18}|new\((-\d{1,18})\)")


def _asset_id(ctx: Context, ref: str) -> int:
    """An asset named as a technician would: its number (``new(-2)`` for one added
    here), its name or its serial ('-': a scan from standard input); one that several
    match is refused."""
    ref = (_from_stdin(ref) or "").strip()
    number = _NUMBER.fullmatch(ref)
    if number:
        return int(number.group(1) or number.group(0))
    found = assets.find_assets(ctx.session.db, ref, limit=20)
    serial = assets.normalise_serial(ref)
    exact = [
        f for f in found
        if f.asset.name.casefold() == ref.casefold()
        or (f.asset.serial and assets.normalise_serial(f.asset.serial) == serial)
    ]  # fmt: skip
    chosen = exact or found
    if len(chosen) == 1:
        return chosen[0].asset.id
    if not chosen:
        raise CommandError(f"no asset on this laptop is named '{ref}' or has that serial")
    some = ", ".join(f"{_ident(f.asset)} {f.asset.name}" for f in chosen[:5])
    more = "…" if len(chosen) > 5 else ""
    raise CommandError(f"'{ref}' matches {len(chosen)} assets ({some}{more}): give its number")


def _record(asset: Asset) -> dict[str, Any]:
    """An asset for --json (the licence key too: the user may see it in RT)."""
    return {**as_data(asset), "unsent": sorted(asset.unsent)}


def _line(found: FoundAsset) -> str:
    a = found.asset
    tickets = f"{plural(len(found.tickets), 'ticket', 'tickets')}"
    return (
        f"{_ident(a):>8}  {fitted(a.name, 16)}  {fitted(a.serial or '-', 18)}  "
        f"{fitted(a.model or '-', 28)}  {fitted(a.site or '-', 24)}  "
        f"{found.warranty.label}; {tickets}"
    )


def cmd_asset_find(args: argparse.Namespace, ctx: Context) -> Output:
    text = _from_stdin(args.text) or ""
    found = assets.find_assets(ctx.session.db, text, limit=args.limit)
    data = [
        {**_record(f.asset), "warranty": as_data(f.warranty),
         "tickets": [as_data(t) for t in f.tickets]}
        for f in found
    ]  # fmt: skip
    shown = "\n".join(_line(f) for f in found)
    return Output(data, shown or f"No asset matches '{assets.normalise_serial(text)}'.")


def _detail_text(detail: AssetDetail) -> str:
    a = detail.asset
    lines = [f"{_ident(a)}  {a.name}  ({a.catalog or 'Field Equipment'}, {a.status})"]
    for label, value in (
        ("Serial", a.serial), ("Model", a.model), ("Site", a.site),
        ("Warranty", detail.warranty.label), ("Purchased", a.purchase_date),
        ("Owner", a.owner), ("Held by", a.held_by), ("Licence key", a.licence_key),
        ("Description", a.description),
    ):  # fmt: skip
        if value:
            lines.append(f"  {label + ':':13} {value}")
    if a.unsent or detail.unsent:
        lines.append(f"  Not yet on the helpdesk: {plural(detail.unsent, 'change', 'changes')}")
    for conflict in detail.conflicts:
        lines.append(
            f"  Conflict {conflict.id} on {conflict.field}: yours '{conflict.mine}',"
            f" RT's '{conflict.theirs}' (fielddesk asset resolve {conflict.id} mine|theirs)"
        )
    if detail.visits:
        lines.append("  On visits: " + ", ".join(f"#{v}" for v in detail.visits))
    lines.append("Tickets (last year):" if detail.tickets else "Tickets (last year): none")
    lines += [f"  #{t.ticket_id} {t.created[:10]} {t.status:9} {t.subject}" for t in detail.tickets]
    lines.append("History:" if detail.history else "History: none on this laptop")
    lines += [
        f"  {e.created[:16].replace('T', ' ')}  {e.creator or ''}: {e.text}" for e in detail.history
    ]
    return "\n".join(lines)


def cmd_asset_show(args: argparse.Namespace, ctx: Context) -> Output:
    asset_id = _asset_id(ctx, args.asset)
    detail = assets.get_asset(ctx.session.db, asset_id)
    if detail is None:
        raise CommandError(
            f"there is no asset {_number(asset_id)} on this laptop (try 'fielddesk asset find')"
        )
    data = {
        **_record(detail.asset),
        "warranty": as_data(detail.warranty),
        "history": [as_data(e) for e in detail.history],
        "tickets": [as_data(t) for t in detail.tickets],
        "visits": detail.visits,
        "conflicts": [as_data(c) for c in detail.conflicts],
        "unsent_changes": detail.unsent,
    }
    return Output(data, _detail_text(detail))


def _new_fields(args: argparse.Namespace, default_site: str | None) -> dict[str, str | None]:
    fields = {
        "name": args.name,
        "serial": _from_stdin(args.serial),
        "model": args.model,
        "site": args.site or default_site,
        "warranty": args.warranty,
        "purchase_date": args.purchase_date,
    }
    return {k: v for k, v in fields.items() if v is not None}


def _visit_site(ctx: Context, visit_id: int | None) -> str | None:
    if visit_id is None:
        return None
    visit = ticket_store.get_visit(ctx.session.db, visit_id)
    if visit is None:
        raise CommandError(f"there is no visit #{visit_id} on this laptop")
    return visit.site


def cmd_asset_add(args: argparse.Namespace, ctx: Context) -> Output:
    fields = _new_fields(args, _visit_site(ctx, args.visit))
    local_id = assets.add_asset(ctx.session.db, fields, ticket_id=args.visit)
    where = f" on #{args.visit}" if args.visit else ""
    return Output(
        {"asset_id": local_id},
        f"Asset {fields['name']} saved{where}; it gets its RT number at the next sync.",
    )


def cmd_asset_set(args: argparse.Namespace, ctx: Context) -> Output:
    asset_id = _asset_id(ctx, args.asset)
    value = _from_stdin(args.value)
    changes = {args.field: value}
    row_uuid = assets.edit_asset(ctx.session.db, asset_id, changes, ticket_id=args.visit)
    asset = assets.get_asset(ctx.session.db, asset_id)
    shown = getattr(asset.asset, args.field) if asset else value
    return Output(
        {"uuid": row_uuid, "asset_id": asset_id, args.field: shown},
        f"Asset {_number(asset_id)}: {ASSET_LABELS[args.field]} → {shown}; sent at the next sync.",
    )


def cmd_asset_replace(args: argparse.Namespace, ctx: Context) -> Output:
    fields = _new_fields(args, None)
    if args.by is not None and fields:
        raise CommandError("give either --by ASSET or the new asset's --name, not both")
    if args.by is None and "name" not in fields:
        raise CommandError("name the new asset (--name) or give an existing one (--by ASSET)")
    old_id = _asset_id(ctx, args.old)
    new_id = assets.replace_asset(
        ctx.session.db,
        args.visit,
        old_id,
        note=args.note,
        new_fields=fields if args.by is None else None,
        new_id=None if args.by is None else _asset_id(ctx, args.by),
        old_status=args.old_status,
    )
    return Output(
        {"old": old_id, "new": new_id, "old_status": args.old_status},
        f"Asset {_number(old_id)} → {args.old_status}, replaced by {_number(new_id)}"
        f" on #{args.visit}; sent at the next sync.",
    )


def cmd_asset_retire(args: argparse.Namespace, ctx: Context) -> Output:
    asset_id = _asset_id(ctx, args.asset)
    row_uuid = assets.retire_asset(ctx.session.db, asset_id, args.reason, ticket_id=args.visit)
    return Output({"uuid": row_uuid}, f"Asset {_number(asset_id)} retired; sent at the next sync.")


def cmd_asset_link(args: argparse.Namespace, ctx: Context) -> Output:
    asset_id = _asset_id(ctx, args.asset)
    row_uuid = assets.link_asset(ctx.session.db, args.visit, asset_id)
    return Output(
        {"uuid": row_uuid},
        f"Asset {_number(asset_id)} linked to #{args.visit}; sent at the next sync.",
    )


def cmd_asset_conflicts(_args: argparse.Namespace, ctx: Context) -> Output:
    found = assets.open_asset_conflicts(ctx.session.db)
    lines = [
        f"{c.id:>4}  asset {c.asset_id} {c.asset_name}: {c.field}:"
        f" yours '{c.mine}', RT's '{c.theirs}'"
        for c in found
    ]
    return Output([as_data(c) for c in found], "\n".join(lines) or "No asset conflicts.")


def cmd_asset_resolve(args: argparse.Namespace, ctx: Context) -> Output:
    try:
        queued = assets.resolve_asset_conflict(ctx.session.db, args.conflict, args.choice)
    except LookupError as error:
        raise CommandError(str(error)) from None
    text = "Kept yours; sent at the next sync." if queued else "Took RT's value."
    return Output({"conflict": args.conflict, "queued": queued}, text)
