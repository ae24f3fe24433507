"""``fielddesk files ID`` and ``fielddesk file save KEY PATH``: a visit's files, which
the laptop keeps encrypted, listed and written out readable where the user says."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from cli.context import CommandError, Context, Output
from cli.records import as_data
from sync import attachments, downloaded_files, file_vault
from sync.account import helpdesk_url
from sync.store import files as file_store
from sync.store import tickets as ticket_store
from sync.words import plural


def _where(found: file_store.VisitFile) -> str:
    """Where the file is, looked at on disk: a row may name a file deleted since."""
    here = attachments.on_this_laptop(found.path)
    if found.unsent:
        return "not yet sent" if here else "not yet sent, and no longer on this laptop"
    if here:
        return "on this laptop"
    return (
        "no longer on this laptop: downloads when saved" if found.path else "downloads when saved"
    )


def cmd_files(args: argparse.Namespace, ctx: Context) -> Output:
    db = ctx.session.db
    if ticket_store.get_visit(db, args.id) is None:
        raise CommandError(f"there is no visit #{args.id} on this laptop (run 'fielddesk sync')")
    found = file_store.files_of(db, args.id)
    lines = [f"#{args.id}: {plural(len(found), 'file', 'files')}"]
    for f in found:
        size = plural(f.size, "byte", "bytes")
        lines.append(f"  {f.key:>5}  {f.filename}  ({size}, {_where(f)})")
    return Output([as_data(f) | {"where": _where(f)} for f in found], "\n".join(lines))


def cmd_file_save(args: argparse.Namespace, ctx: Context) -> Output:
    session = ctx.session
    found = file_store.file_by_key(session.db, args.key)
    if found is None:
        raise CommandError(f"there is no file {args.key} on this laptop (see 'fielddesk files')")
    target = Path(args.path).expanduser()
    # Path() drops a trailing separator; as for cp, "dl/" names a folder, never a file "dl".
    if args.path.endswith(("/", os.sep)) and not target.is_dir():
        raise CommandError(f"no such folder: {args.path}")
    if target.is_dir():
        # The window's "Save as…" name: never a device ("CON.pdf"), the real extension kept.
        target /= downloaded_files.safe_base_name(found.filename)
    if target.exists() and not args.force:
        raise CommandError(f"{target} exists; add --force to replace it")
    stored = Path(found.path) if found.path else None
    if stored is None or not stored.exists():
        if found.id is None:
            raise CommandError(f"{found.filename} is no longer on this laptop")
        stored = attachments.fetch_attachment(
            session.db, session.connector(), session.profile.attachments_dir, found.id
        )
    try:
        # Plaintext: the user chose the place.
        file_vault.export_plain(stored, target, name=found.filename)
    except OSError as error:
        raise CommandError(f"could not write {target}: {error.strerror or error}") from None
    if found.id is not None:  # from the helpdesk: the OS's own checks apply, as in the window
        downloaded_files.mark_from_internet(target, helpdesk_url(session.profile))
    return Output(
        {"key": found.key, "path": str(target), "size": target.stat().st_size},
        f"Saved {found.filename} to {target}",
    )
