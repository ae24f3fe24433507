"""``fielddesk visits`` lists the replica without loading what only the helpdesk needs.

Listing the visits is the command run most often from a terminal; it must not
wait for the HTTP stack, the sync engine or sqlite-utils (the keyring it needs
since the replica is encrypted: its key is kept there).  Likewise the window
paints the visit list before it loads the other screens, the sync engine or the
network watch.  Each run is a fresh interpreter, as a terminal starts one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sync.profile import Profile
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_store import remote_ticket

# Modules a local listing never uses (the network stack, the engine).  The keyring is
# used since the replica is encrypted: its key is there (with it keyring's backend
# discovery, importlib.metadata, and ssl through jaraco.context's urllib.request);
# the helpdesk credentials are not read.
NOT_FOR_A_LISTING = (
    "requests",
    "urllib3",
    "truststore",
    "sqlite_utils",
    "sync.session",
    "sync.engine",
    "cli.commands",
    "platformdirs",  # the default profile's folder: not needed when --profile says which
    "sync.connectors.base",  # the connector interface: the field names are in sync.fields
    "logging.handlers",  # the log file's rotation: loaded at the first line written
    "secrets",  # a new key's random bytes: the replica's key exists
    "configparser",  # IT's settings file: read only when the last sync is old enough to matter
    "sync.store.salvage",  # a damaged replica's rescue
    "signal",  # a test's hook in the encryption of an old replica
    # What the listing's cold start no longer waits for (issue 12, item 5):
    "logging",  # set up at the first line written, and a listing that goes well writes none
    "argparse",  # `[--profile DIR] visits [--json]` is read by cli.quick_args
    "shutil",  # the free space is read with os.statvfs; shutil only wipes or sets aside
    "dataclasses",  # no dataclass on the path: plain rows, account_file, last_sync...
    "inspect",  # ...which dataclasses loads
    "sync.store.tickets",  # Visit records: the listing reads sync.store.visit_rows
    "sync.account",  # who is signed in is read by sync.account_file
    "sync.offline_limit",  # the standings: only when the last sync is more than a day old
    "sync.wipe",  # only when the profile holds a wipe's note
    "jeepney",  # the key is read over D-Bus by sync.dbus_wire
    "socket",  # ...on the C module (_socket): socket.py builds enums at import
)

# Not loaded when the window's visit list is first on screen: the other screens are made
# when opened, the sync (engine, HTTP) and the OS network watch start after the paint.
NOT_BEFORE_THE_FIRST_PAINT = (
    "desktop.kb",
    "desktop.outbox",
    "desktop.conflicts",
    "desktop.ready",
    "desktop.assets",
    "desktop.dispatch",
    "desktop.netcheck",
    "sync.engine",
    "sync.session",
    "requests",
    "PySide6.QtNetwork",
    "desktop.shell.repair",  # offered for a damaged replica only
    "cli.parser",  # the window's command line is read by cli.quick_args
    "sync.profiles",  # the profile used last: not looked up when --profile names one
    # The badges and the role are counted and read on plain SQL (sync.conflict_count,
    # sync.role): the conflicts' and the board's code load with their screens.
    "sync.conflicts",
    "sync.asset_conflicts",
    "sync.dispatch",
    # The lists are painted on plain SQL; the visit panel's writes load with the first write.
    "sqlite_utils",  # the store's writers' Database (sync.store.deferred_database)
    "sync.outbox",
    "sync.changes",
    "sync.workflow",
    "sync.attachments",
    "cryptography",  # the stored files' encryption
    "sync.connectors.base",
    "nh3",  # an HTML message's sanitiser: loaded with the first one shown (none here)
    "hashlib",  # a checklist's digest, at a send
    "ctypes",  # macOS' quarantine mark, at a download
    "uuid",  # a new outbox row's id (and with it platform)
    "platform",  # a crash report's versions
    "configparser",  # IT's settings file: read only where there is one
    "platformdirs",  # IT's settings' folders on Linux are the XDG rule (sync.deployment)
    "_strptime",  # replica timestamps are read with fromisoformat (sync.stamps)
    "zoneinfo",  # the dispatch board's zone
    "desktop.visit.report",  # the service report's PDF: loaded with the first report
    "desktop.visit.new_ticket",  # its dialog: loaded when first opened
    # The visit panel's action dialogs (and a drop's file list): loaded when first opened.
    "desktop.common.action_dialog",
    "desktop.visit.dialogs",
    "desktop.visit.composer",
    "desktop.visit.attach",
    "desktop.visit.file_opener",  # with the first file opened or saved, or link followed
    # The visit panel's tabs behind the conversation: made when first opened.
    "desktop.visit.equipment",
    "desktop.visit.files_panel",
    "desktop.visit.related_panel",
    "desktop.visit.checklist_panel",
    # The records the window starts with are NamedTuples: a frozen dataclass is ~1 ms to
    # define (its methods compiled from source), and some thirty were 25 ms of the start.
    "dataclasses",
)

# Runs the real entry in a fresh interpreter, then says which of those were imported.
CHILD = """
import json, sys
from cli.__main__ import main
code = main(sys.argv[1:])
sys.stdout.flush()
loaded = [m for m in {modules!r} if m in sys.modules]
print("LOADED " + json.dumps(loaded))
sys.exit(code)
"""


@pytest.fixture
def laptop(profile: Profile, os_keyring: None) -> Path:
    """A replica with visit #7 at ACME Dental, as alice (no helpdesk needed)."""
    db = open_database(profile.ensure().database_path)
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket(site="ACME Dental"))
    db.close()
    return profile.root


pytestmark = pytest.mark.usefixtures("os_keyring")  # tests/cli/conftest.py


# Made just after the window's first paint: the visit panel beside the list (its widgets
# and modules, 60-80 ms), so the list is on screen first.
NOT_AT_THE_FIRST_PAINT = ("desktop.visit",)

# The window, offscreen: which of those modules are loaded once its first paint is done,
# and which of the panel's when the window receives its first paint event.
WINDOW_CHILD = """
import json, os, sys
from PySide6.QtCore import QEvent, QObject
import desktop.app as app
at_first_paint = []
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not at_first_paint:
            at_first_paint.append([m for m in {at_paint!r} if m in sys.modules])
        return False
opened = app.Shell.open
def open_and_watch(self, profile):
    window = opened(self, profile)
    window.first_paint_watch = FirstPaint(window)
    window.installEventFilter(window.first_paint_watch)
    def report():
        loaded = [m for m in {modules!r} if m in sys.modules] + at_first_paint[0]
        print("LOADED " + json.dumps(loaded), flush=True)
        os._exit(0)
    window.started.connect(report)
    return window
app.Shell.open = open_and_watch
from cli.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


def fielddesk(*args: str, child: str = CHILD) -> tuple[int, str, list[str]]:
    """Exit code, output and the unneeded modules that were loaded."""
    modules = NOT_FOR_A_LISTING if child is CHILD else NOT_BEFORE_THE_FIRST_PAINT
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            child.format(modules=modules, at_paint=NOT_AT_THE_FIRST_PAINT),
            *args,
        ],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    output, _, loaded = done.stdout.rpartition("LOADED ")
    assert loaded, done.stderr
    return done.returncode, output, json.loads(loaded)


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_visits_lists_the_replica_without_the_network_stack(laptop: Path, as_json: bool) -> None:
    code, output, loaded = fielddesk("--profile", str(laptop), "visits", *(["--json"] * as_json))
    assert code == 0
    assert "ACME Dental" in output
    assert loaded == []


def test_a_command_that_talks_to_the_helpdesk_still_gets_its_stack(laptop: Path) -> None:
    # The lazy imports only skip work: `sync` without an account fails with its own
    # one-line message, after loading the session and the HTTP stack it needs.
    code, _output, loaded = fielddesk("--profile", str(laptop), "sync")
    assert code == 1
    assert {"requests", "sync.session", "cli.commands"} <= set(loaded)


def test_the_window_paints_the_visits_before_loading_the_other_screens(laptop: Path) -> None:
    code, _output, loaded = fielddesk("--profile", str(laptop), "gui", child=WINDOW_CHILD)
    assert code == 0
    assert loaded == []
