"""A replica as an earlier FieldDesk left it, for tests of what an update does to it."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import sqlite_utils

from sync.store import cipher
from sync.store.database import _apply
from sync.store.schema import MIGRATIONS


@contextmanager
def replica_before(path: Path, marker: str) -> Iterator[sqlite_utils.Database]:
    """A plaintext replica at path, at the schema just before the migration whose SQL
    holds marker (wherever it lands in the list), to fill; closed at the end, for the
    current code to open and upgrade."""
    connection = sqlite3.connect(path, isolation_level=None)
    before = next(i for i, script in enumerate(MIGRATIONS) if marker in script)
    old = sqlite_utils.Database(connection)
    for script in MIGRATIONS[:before]:
        _apply(old, script)
    connection.execute(f"PRAGMA user_version = {before}")
    try:
        yield old
    finally:
        connection.close()


def before_the_search_forms_with_a_japanese_article(path: Path) -> None:
    """A plaintext replica at path from before the KB's forms in other scripts (migration
    19), holding article 4, in Japanese: found by トナー only once it is updated."""
    with replica_before(path, "name_forms") as old:
        old.execute(
            "INSERT INTO articles (id, name, summary, content, content_text)"
            " VALUES (4, 'プリンターが印刷できない', '', 'トナー', 'トナー')"
        )


def as_an_earlier_release_wrote_it(path: Path, key: bytes, page_format: cipher.PageFormat) -> None:
    """The encrypted replica at path rewritten in an earlier release's page format."""
    copy = path.with_name("earlier.db")
    with closing(cipher.connect(path, key, isolation_level=None)) as conn:
        conn.execute("ATTACH DATABASE ? AS earlier KEY ?", [str(copy), f"x'{key.hex()}'"])
        conn.execute(f"PRAGMA earlier.cipher_page_size = {page_format.size}")
        conn.execute(f"PRAGMA earlier.cipher_hmac_algorithm = {page_format.hmac}")
        conn.execute("SELECT sqlcipher_export('earlier')")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA earlier.user_version = {version}")
        conn.execute("DETACH DATABASE earlier")
    os.replace(copy, path)
