"""The replica is encrypted at rest; profiles from before are encrypted in place, crash-safe."""

from __future__ import annotations

import base64
import os
import sqlite3 as plain_sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest
import sqlite_utils

from sync.changes.note import add_note
from sync.profile import Profile
from sync.profile_key import KeyMissing, create_key, forget_key, load_key
from sync.replica import explain_failure, open_replica
from sync.store import cipher, open_database, transaction
from sync.store.cipher import CRASH_AT_ENV, ENCRYPTING_SUFFIX
from sync.store.database import StoreError, _apply
from sync.store.driver import sqlite3 as sqlcipher
from sync.store.health import HEADER
from sync.store.outbox import rows
from sync.store.schema import MIGRATIONS, SCHEMA_VERSION
from sync.store.tickets import apply_remote_ticket, get_visit
from tests.sync.test_store import remote_ticket

NOTE = "Customer asked us to call back on 0471 55 23 19 about the fuser."


def plaintext_replica(path: Path, notes: int = 3) -> None:
    """A replica as FieldDesk wrote it before encryption: plain SQLite, unsent notes in it."""
    connection = plain_sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    db = sqlite_utils.Database(connection)
    for script in MIGRATIONS:
        _apply(db, script)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    with transaction(db):
        apply_remote_ticket(db, remote_ticket())
    for i in range(notes):
        add_note(db, 7, f"{NOTE} ({i})", author="alice")
    connection.close()


def earlier_release_replica(
    path: Path, key: bytes, written_in: cipher.PageFormat = cipher.EARLIER_FORMATS[-1]
) -> None:
    """The plaintext replica at path encrypted as an earlier FieldDesk did (in written_in)."""
    copy = path.with_name("earlier.db")
    conn = sqlcipher.connect(str(path), isolation_level=None)
    conn.execute("ATTACH DATABASE ? AS earlier KEY ?", [str(copy), ""])
    conn.execute(f"PRAGMA earlier.key = \"x'{key.hex()}'\"")
    conn.execute(f"PRAGMA earlier.cipher_page_size = {written_in.size}")
    conn.execute(f"PRAGMA earlier.cipher_hmac_algorithm = {written_in.hmac}")
    conn.execute("SELECT sqlcipher_export('earlier')")
    conn.execute(f"PRAGMA earlier.user_version = {SCHEMA_VERSION}")
    conn.execute("DETACH DATABASE earlier")
    conn.close()
    os.replace(copy, path)
    with closing(cipher.connect(path, key, page_format=written_in)) as earlier:
        earlier.execute("PRAGMA journal_mode = WAL")  # as FieldDesk keeps it
    assert cipher.format_of(path, key) == written_in


def written_as_this_release_does(path: Path, key: bytes) -> bool:
    return cipher.format_of(path, key) == cipher.PAGE_FORMAT


def with_a_note(profile: Profile) -> None:
    db = open_replica(profile)
    with transaction(db):
        apply_remote_ticket(db, remote_ticket())
    add_note(db, 7, NOTE, author="alice")
    db.close()


def outbox_of(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    return [(r.uuid, r.payload["content"]) for r in rows(db)]


def test_a_new_replica_is_encrypted_with_the_profiles_key(profile: Profile) -> None:
    with_a_note(profile)
    raw = profile.database_path.read_bytes()
    assert not raw.startswith(HEADER) and b"fuser" not in raw
    assert load_key(profile.root) is not None
    with pytest.raises(plain_sqlite3.DatabaseError, match="not a database"):
        plain_sqlite3.connect(profile.database_path).execute("SELECT * FROM outbox").fetchall()


def test_a_plaintext_replica_is_encrypted_in_place_with_its_unsent_changes(
    profile: Profile,
) -> None:
    plaintext_replica(profile.database_path)
    db = open_replica(profile)
    before = outbox_of(db)
    db.close()
    assert len(before) == 3 and all(NOTE in content for _, content in before)
    raw = profile.database_path.read_bytes()
    assert not raw.startswith(HEADER) and b"0471 55 23 19" not in raw
    db = open_replica(profile)
    try:
        assert outbox_of(db) == before
        visit = get_visit(db, 7)
        assert visit is not None and visit.pending_changes == 3
    finally:
        db.close()


@pytest.mark.parametrize("written_in", cipher.EARLIER_FORMATS, ids=str)
def test_a_replica_an_earlier_release_encrypted_is_rewritten_with_its_unsent_changes(
    profile: Profile, written_in: cipher.PageFormat
) -> None:
    path = profile.database_path
    key = create_key(profile.root)
    plaintext_replica(path)
    earlier_release_replica(path, key, written_in)
    with pytest.raises(sqlcipher.DatabaseError):  # the new check refuses it as it is
        cipher.connect(path, key).execute("SELECT count(*) FROM outbox").fetchone()

    db = open_replica(profile)
    try:
        assert [content for _, content in outbox_of(db)] == [f"{NOTE} ({i})" for i in range(3)]
    finally:
        db.close()
    assert written_as_this_release_does(path, key)
    assert b"0471 55 23 19" not in path.read_bytes()
    assert load_key(profile.root) == key  # the same key: nothing else on the laptop changes


WORKER = textwrap.dedent(
    """
    import sys
    import keyring
    from pathlib import Path
    from sync.profile_key import key_entry
    from sync.secrets import SERVICE, MemoryKeyring
    from sync.store import open_database

    path, key = Path(sys.argv[1]), sys.argv[2]
    keyring.set_keyring(MemoryKeyring())  # the laptop's keyring, holding the profile's key
    keyring.set_password(SERVICE, key_entry(path.parent), key)
    open_database(path).close()
    """
)


@pytest.mark.parametrize("made_by", ["a release without encryption", "an earlier release"])
@pytest.mark.parametrize(
    ("step", "rewritten_after"), [("copied", False), ("synced", False), ("renamed", True)]
)
def test_a_kill_during_the_encryption_leaves_a_usable_replica_with_its_unsent_changes(
    profile: Profile, made_by: str, step: str, rewritten_after: bool
) -> None:
    path = profile.database_path
    raw_key = create_key(profile.root)
    plaintext_replica(path)
    with closing(plain_sqlite3.connect(path)) as conn:
        before = [r[0] for r in conn.execute("SELECT uuid FROM outbox ORDER BY seq")]
    if made_by == "an earlier release":
        earlier_release_replica(path, raw_key)
    key = base64.b64encode(raw_key).decode()

    killed = subprocess.run(
        [sys.executable, "-c", WORKER, str(path), key],
        env={**_environment(), CRASH_AT_ENV: step},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert killed.returncode == -9, killed.stderr  # killed at that step, not finished
    assert written_as_this_release_does(path, raw_key) is rewritten_after
    db = open_replica(profile)  # the next start: finishes (or redoes) the rewrite
    try:
        assert [r.uuid for r in rows(db)] == before
    finally:
        db.close()
    assert written_as_this_release_does(path, raw_key)
    assert not path.with_name(path.name + ENCRYPTING_SUFFIX).exists()


OPENER = WORKER.replace(
    "open_database(path).close()",
    textwrap.dedent(
        """
        import time
        from sync.store.outbox import rows
        while time.time() < float(sys.argv[3]):  # both start at the same moment
            pass
        db = open_database(path)
        print(len(rows(db)))
        db.close()
        """
    ),
)


@pytest.mark.parametrize("made_by", ["a release without encryption", "an earlier release"])
def test_two_fieldDesks_starting_at_once_after_an_update_both_open_the_replica(
    profile: Profile, made_by: str
) -> None:
    """The window and a command started together: one rewrites, the other waits for it."""
    path = profile.database_path
    raw_key = create_key(profile.root)
    for attempt in range(3):
        for leftover in path.parent.glob(path.name + "*"):
            leftover.unlink()
        plaintext_replica(path, notes=50)
        if made_by == "an earlier release":
            earlier_release_replica(path, raw_key, cipher.EARLIER_FORMATS[0])
        start = time.time() + 1.0 + 0.01 * attempt
        openers = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    OPENER,
                    str(path),
                    base64.b64encode(raw_key).decode(),
                    f"{start}",
                ],
                env=_environment(),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        said = [opener.communicate(timeout=120) for opener in openers]

        assert [out.strip() for out, _ in said] == ["50", "50"], [err for _, err in said]
        assert written_as_this_release_does(path, raw_key)
        assert not list(profile.root.glob("damaged-*"))  # nothing was taken for damage


def test_a_replica_open_elsewhere_is_left_as_it_is_until_that_program_closes(
    profile: Profile,
) -> None:
    """An earlier FieldDesk still working on the profile (reading, here): the rewrite would
    leave out what it writes next."""
    path = profile.database_path
    key = create_key(profile.root)
    plaintext_replica(path)
    earlier_release_replica(path, key, cipher.EARLIER_FORMATS[0])
    earlier = cipher.connect(path, key, isolation_level=None, page_format=cipher.EARLIER_FORMATS[0])
    earlier.execute("BEGIN")
    earlier.execute("SELECT count(*) FROM outbox").fetchone()
    try:
        with pytest.raises(StoreError, match="FieldDesk is open elsewhere on this profile"):
            open_replica(profile)
        assert cipher.format_of(path, key) == cipher.EARLIER_FORMATS[0]  # untouched
    finally:
        earlier.execute("COMMIT")
        earlier.close()

    db = open_replica(profile)  # the next start, once it has closed
    try:
        assert len(rows(db)) == 3
    finally:
        db.close()
    assert written_as_this_release_does(path, key)


def test_an_open_waits_while_another_fieldDesk_rewrites_the_replica(profile: Profile) -> None:
    with_a_note(profile)
    path = profile.database_path
    held, events = threading.Event(), []

    def other_fielddesk() -> None:
        with cipher.rewriting(path):
            held.set()
            time.sleep(0.5)
            events.append("rewritten")

    rewriter = threading.Thread(target=other_fielddesk)
    rewriter.start()
    held.wait(5)
    db = open_replica(profile)
    events.append("opened")
    rewriter.join()
    try:
        assert events == ["rewritten", "opened"]
        assert [content for _, content in outbox_of(db)] == [NOTE]
    finally:
        db.close()


def test_an_open_gives_up_plainly_if_the_rewrite_elsewhere_never_ends(
    profile: Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_a_note(profile)
    monkeypatch.setattr(cipher, "REWRITE_WAIT_S", 0.3)
    with (
        cipher.rewriting(profile.database_path),
        pytest.raises(StoreError, match="FieldDesk is open elsewhere on this profile"),
    ):
        open_replica(profile)


def test_a_half_written_copy_from_a_killed_encryption_is_discarded(profile: Profile) -> None:
    path = profile.database_path
    plaintext_replica(path, notes=1)
    leftover = path.with_name(path.name + ENCRYPTING_SUFFIX)
    leftover.write_bytes(b"\x17" * 5000)  # what a kill mid-copy leaves
    db = open_replica(profile)
    try:
        assert len(rows(db)) == 1
    finally:
        db.close()
    assert not leftover.exists()


def test_a_replica_whose_key_is_gone_is_locked_not_damaged_and_not_replaced(
    profile: Profile,
) -> None:
    with_a_note(profile)
    size = profile.database_path.stat().st_size
    forget_key(profile.root)

    with pytest.raises(KeyMissing) as missing:
        open_replica(profile)

    said = explain_failure(profile, missing.value)
    assert said.startswith("The key that unlocks this laptop's copy is gone from the keyring")
    assert "fielddesk login" in said and "not yet sent are lost" in said
    assert "damaged" not in said.replace("not damaged", "")
    assert profile.database_path.stat().st_size == size  # no new empty replica over it
    assert load_key(profile.root) is None


def test_a_database_without_its_key_cannot_be_read_even_by_sqlcipher(profile: Profile) -> None:
    open_database(profile.database_path).close()

    with pytest.raises(sqlcipher.DatabaseError):  # the library itself, no key given
        sqlcipher.connect(str(profile.database_path)).execute("SELECT * FROM outbox").fetchall()


def _environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
