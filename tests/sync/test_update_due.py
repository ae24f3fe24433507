"""Opening a replica without updating it (``update=False``, the window's first try): one
an earlier FieldDesk left is said to need the update, untouched, for the window to run
it behind a progress window; any other opens as usual."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync.store import ReplicaDamaged, UpdateDue, cipher
from sync.store.database import SCHEMA_VERSION, open_connection, schema_version
from tests.sync.older_replica import as_an_earlier_release_wrote_it, replica_before


def earlier_replica(path: Path) -> Path:
    path.parent.mkdir()
    with replica_before(path, "name_forms") as old:
        old.execute("INSERT INTO articles (id, name, summary) VALUES (1, 'Drucker', '')")
    return path


def schema_version_of(path: Path, key: bytes) -> int:
    connection = cipher.connect(path, key)
    try:
        return schema_version(connection)
    finally:
        connection.close()


def test_a_plaintext_replica_of_an_earlier_release_is_left_as_it_is(tmp_path: Path) -> None:
    path = earlier_replica(tmp_path / "profile" / "fielddesk.db")
    before = path.read_bytes()
    with pytest.raises(UpdateDue):
        open_connection(path, update=False)
    assert path.read_bytes() == before


def test_an_encrypted_replica_of_an_earlier_schema_is_left_as_it_is(tmp_path: Path) -> None:
    path = earlier_replica(tmp_path / "profile" / "fielddesk.db")
    key = cipher.key_for(path)
    assert key is not None
    cipher.encrypt_in_place(path, key)
    earlier = schema_version_of(path, key)
    with pytest.raises(UpdateDue):
        open_connection(path, update=False)
    assert schema_version_of(path, key) == earlier < SCHEMA_VERSION

    updated = open_connection(path)  # the update, as the window's worker runs it
    assert schema_version(updated) == SCHEMA_VERSION
    updated.close()
    open_connection(path, update=False).close()  # nothing more to do


def test_a_new_replica_is_made_without_an_update(tmp_path: Path) -> None:
    connection = open_connection(tmp_path / "profile" / "fielddesk.db", update=False)
    assert schema_version(connection) == SCHEMA_VERSION
    connection.close()


def current_replica(path: Path) -> tuple[Path, bytes]:
    open_connection(path).close()
    key = cipher.key_for(path)
    assert key is not None
    return path, key


def test_a_replica_in_an_earlier_page_format_is_left_as_it_is(tmp_path: Path) -> None:
    path, key = current_replica(tmp_path / "profile" / "fielddesk.db")
    as_an_earlier_release_wrote_it(path, key, cipher.EARLIER_FORMATS[0])
    before = path.read_bytes()
    with pytest.raises(UpdateDue):
        open_connection(path, update=False)
    assert path.read_bytes() == before

    open_connection(path).close()  # the update rewrites it in this release's format
    assert cipher.format_of(path, key) == cipher.PAGE_FORMAT


def test_a_replica_no_key_decrypts_is_damage_at_once_not_an_update(tmp_path: Path) -> None:
    """The repair's offer comes up without an update's progress window before it."""
    path, _ = current_replica(tmp_path / "profile" / "fielddesk.db")
    with open(path, "r+b") as handle:
        handle.write(b"\xab" * 16)  # the salt overwritten: no format decrypts it
    before = path.read_bytes()
    with pytest.raises(ReplicaDamaged, match="cannot be decrypted with this profile's key"):
        open_connection(path, update=False)
    assert path.read_bytes() == before
