"""A sync in a child process that dies (like a power cut or a kill -9) at a chosen point.

The child gets the helpdesk token and the replica's key through its environment (popped at
once), holds the key in an in-memory keyring as the laptop's keyring would, and runs one
sync of the replica given as argv[2] against the helpdesk at argv[1].
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import keyring

from sync.profile_key import key_entry
from sync.secrets import SERVICE
from tests.faults.checks import USER, Rig

TOKEN_VARIABLE = "FIELDDESK_FAULT_TEST_TOKEN"
KEY_VARIABLE = "FIELDDESK_FAULT_TEST_REPLICA_KEY"  # the replica's key, as the keyring holds it
KILLED = 9

SYNC_ONCE = f"""
import keyring
from sync.connectors.rt import RTConnector
from sync.connectors.rt_http import Credentials, RTHttp
from sync.engine import SyncEngine
from sync.profile_key import key_entry
from sync.secrets import SERVICE, MemoryKeyring
from sync.store import open_database

url, db_path = sys.argv[1], Path(sys.argv[2])
token = os.environ.pop({TOKEN_VARIABLE!r})
keyring.set_keyring(MemoryKeyring())  # the laptop's keyring, holding the replica's key
keyring.set_password(SERVICE, key_entry(db_path.parent), os.environ.pop({KEY_VARIABLE!r}))
connector = RTConnector(RTHttp(url, Credentials({USER!r}, token=token)))
print(SyncEngine(open_database(db_path), connector).run())
sys.exit(0)
"""


def sync_until_killed(rig: Rig, db_path: Path, dying: str) -> subprocess.CompletedProcess[str]:
    """Run one sync in a child; ``dying`` is Python run first that makes it die (os._exit)."""
    replica_key = keyring.get_password(SERVICE, key_entry(db_path.parent))
    assert replica_key is not None, "the replica's key is not in the keyring"
    env = {**os.environ, TOKEN_VARIABLE: rig.rt.token(USER), KEY_VARIABLE: replica_key}
    script = f"import os, sys\nfrom pathlib import Path\n\n{dying}\n{SYNC_ONCE}"
    return subprocess.run(
        [sys.executable, "-c", script, rig.proxy.url, str(db_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
