"""A visit whose history a mail loop filled: an auto-responder answering the helpdesk's
auto-reply, thousands of times (shared by the tests and ``bench/conversation_render.py``).

``mail_loop`` writes the real replica rows a sync would: a request, a few dozen
ordinary entries, then ``replies`` near-identical messages from ``LOOPER`` (each
~900 characters, its numbers and times its own), and last the supervisor's handover
note (1.1 KB), the newest entry.  ``long_history`` writes ``entries`` ordinary,
all different entries (no run to fold).
"""

from __future__ import annotations

import sqlite_utils

from sync.connectors.base import RemoteTransaction
from sync.store import tickets as ticket_store
from sync.store import transaction
from sync.store import users as user_store
from tests.sync.test_store import remote_ticket

VISIT = 3
CUSTOMER = "reception@acme-dental.example"
LOOPER = "noreply@mailer.example"
HANDOVER_END = "Ring me before you leave the site. — Sam"
HANDOVER = (
    "Handover for tomorrow: the loop is the customer's old mail gateway answering our"
    " auto-reply. Their IT (Priya, ext. 4410) has switched the gateway's out-of-office"
    " off as of 16:05; if the messages start again, do not reply to them — disable the"
    " queue's auto-reply for this requestor under Admin → Scrips and tell me. On site:"
    " the front-desk printer still jams on every second page; the pickup roller kit"
    " (part RM2-5452) is in the van, the old roller goes back in the RMA box. Please"
    " print a test page in duplex and leave it with Julie at reception, and check the"
    " fuser temperature in the EWS before you swap anything. The customer asked that"
    " we do not reboot the print server between 11:00 and 13:00 (their lunch orders"
    " print then). Parking is behind the building, code 4471; sign in at reception and"
    " wear the visitor badge, the practice is strict about it since the audit. If the"
    " roller does not cure it, take the tray-2 separation pad out and photograph it for"
    " the warranty claim (serial on the back label, starts VNB). Log your time against"
    " this ticket, not the loop ones. " + HANDOVER_END
)


def auto_reply(n: int) -> str:
    """One copy of the auto-responder's answer: its numbers its own, ~900 characters."""
    return (
        f"Thank you for your message (reference {100_000 + n}).\n\n"
        "This mailbox is not monitored. Your e-mail has been received by the Acme Dental"
        " mail gateway and will be forwarded to the appropriate department during office"
        " hours (Monday to Friday, 08:30 to 17:30). If your matter is urgent, please call"
        " reception on 0113 496 0000. Please do not reply to this message: replies to"
        " this address are not read, and each one you send will be answered again by"
        " this automatic system. "
        f"Received at 14:{n % 60:02d}:{n * 7 % 60:02d} on gateway mx{n % 3 + 1}.\n\n"
        "Acme Dental Group Ltd, registered in England and Wales no. 01234567, registered"
        " office 1 Dental Row, Leeds LS1 1AA. This e-mail and any files transmitted with"
        " it are confidential and intended solely for the use of the individual or entity"
        " to whom they are addressed. If you have received this e-mail in error please"
        " notify the system manager. This message contains confidential information and"
        " is intended only for the individual named."
    )


def _at(minute: int) -> str:
    return f"2026-11-23T{10 + minute // 60:02d}:{minute % 60:02d}:00Z"


def _ordinary(first_id: int, count: int) -> list[RemoteTransaction]:
    """``count`` entries of an ordinary visit, each different: notes, replies, the
    customer's mail, status changes."""
    said = []
    for n in range(count):
        tid, when = first_id + n, f"2026-11-2{n // 400}T{n // 60 % 24:02d}:{n % 60:02d}:00Z"
        kind = n % 4
        if kind == 0:
            said.append(
                RemoteTransaction(tid, VISIT, "Comment", when, "bob", body=f"Check {n}: toner ok.")
            )
        elif kind == 1:
            body = f"Entry {n}: still jams after page {n}."
            said.append(RemoteTransaction(tid, VISIT, "Correspond", when, CUSTOMER, body=body))
        elif kind == 2:
            said.append(
                RemoteTransaction(tid, VISIT, "Correspond", when, "alice", body=f"Reply {n}.")
            )
        else:
            said.append(
                RemoteTransaction(
                    tid, VISIT, "Status", when, "alice", old_value="open", new_value="stalled"
                )
            )
    return said


def _seed(db: sqlite_utils.Database, history: list[RemoteTransaction]) -> None:
    with transaction(db):
        ticket_store.apply_remote_ticket(
            db,
            remote_ticket(
                VISIT,
                subject="Front-desk printer jams; mail loop on this ticket",
                site="Acme Dental, Leeds",
                contact=f"Julie Marsh, {CUSTOMER}, 0113 496 0000",
            ),
        )
        ticket_store.apply_remote_history(db, VISIT, history)
        user_store.set_user_details(db, "supervisor", "Sam Okafor", "sam@helpdesk.example")
        user_store.set_user_details(db, "bob", "Bob Lee", "bob@helpdesk.example")


def mail_loop(db: sqlite_utils.Database, replies: int = 2_916, ordinary: int = 40) -> None:
    history = [
        RemoteTransaction(
            1,
            VISIT,
            "Create",
            "2026-11-20T08:00:00Z",
            CUSTOMER,
            body="The front-desk printer jams on every second page.",
        )
    ]
    history += _ordinary(2, ordinary)
    first = 10_000
    for n in range(replies):
        history.append(
            RemoteTransaction(
                first + n, VISIT, "Correspond", _at(n // 45), LOOPER, body=auto_reply(n)
            )
        )
    history.append(
        RemoteTransaction(
            first + replies, VISIT, "Comment", "2026-11-23T16:10:00Z", "supervisor", body=HANDOVER
        )
    )
    _seed(db, history)


def long_history(db: sqlite_utils.Database, entries: int = 3_000) -> None:
    _seed(db, _ordinary(1, entries))
