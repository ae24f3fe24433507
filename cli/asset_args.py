"""The ``fielddesk asset`` arguments (handlers: cli.asset_commands).  Kept apart so
building the parser imports nothing heavy."""

from __future__ import annotations

from typing import Any

from cli.dispatch_args import AddCommand

H = "cli.asset_commands:"  # where the handlers live
ASSET_HELP = "its number, name or serial ('-' reads a scan from standard input)"
FIELDS = ("name", "serial", "model", "site", "warranty", "purchase_date", "status", "description")


def _new_asset_options(parser: Any, *, name_required: bool) -> None:
    parser.add_argument("--name", required=name_required, help="e.g. ACME-PRN-02")
    parser.add_argument("--serial", help="as typed or scanned; '-' reads it from standard input")
    parser.add_argument("--model")
    parser.add_argument("--site", help="default: the visit's (or the old asset's) site")
    parser.add_argument("--warranty", help="last day of the warranty, YYYY-MM-DD")
    parser.add_argument("--purchase-date", help="YYYY-MM-DD")


def add_parsers(sub: Any, command: AddCommand) -> None:
    """Add ``asset find|show|add|set|replace|retire|link|conflicts|resolve``."""
    top = sub.add_parser("asset", help="equipment records: find, add, change, replace, retire")
    actions = top.add_subparsers(dest="asset_command", metavar="ACTION", required=True)
    find = command(actions, "find", f"{H}cmd_asset_find", "by serial (or part), name, model, site")
    find.add_argument("text", help="what to look for; '-' reads a scan from standard input")
    find.add_argument("--limit", type=int, default=20)
    show = command(actions, "show", f"{H}cmd_asset_show", "an asset: warranty, history, tickets")
    show.add_argument("asset", help=ASSET_HELP)
    add = command(actions, "add", f"{H}cmd_asset_add", "add equipment found on site")
    _new_asset_options(add, name_required=True)
    add.add_argument("--visit", type=int, help="the visit it was found on (linked to it)")
    setter = command(actions, "set", f"{H}cmd_asset_set", "change a field")
    setter.add_argument("asset", help=ASSET_HELP)
    setter.add_argument("field", choices=FIELDS)
    setter.add_argument("value", help="'-' reads it from standard input")
    setter.add_argument("--visit", type=int, help="the visit it was changed on (for the report)")
    replace = command(actions, "replace", f"{H}cmd_asset_replace", "swap a device or part")
    replace.add_argument("visit", type=int)
    replace.add_argument("old", help="the asset taken out: " + ASSET_HELP)
    replace.add_argument("--note", required=True, help="why; e.g. the RMA number")
    replace.add_argument("--by", help="an asset already in the records: " + ASSET_HELP)
    replace.add_argument("--old-status", choices=("rma", "retired"), default="rma")
    _new_asset_options(replace, name_required=False)
    retire = command(actions, "retire", f"{H}cmd_asset_retire", "take an asset out of service")
    retire.add_argument("asset", help=ASSET_HELP)
    retire.add_argument("--reason", required=True)
    retire.add_argument("--visit", type=int)
    link = command(actions, "link", f"{H}cmd_asset_link", "link an asset to a visit")
    link.add_argument("visit", type=int)
    link.add_argument("asset", help=ASSET_HELP)
    command(actions, "conflicts", f"{H}cmd_asset_conflicts", "fields changed here and in RT")
    resolve = command(actions, "resolve", f"{H}cmd_asset_resolve", "settle an asset conflict")
    resolve.add_argument("conflict", type=int)
    resolve.add_argument("choice", choices=("mine", "theirs"))
