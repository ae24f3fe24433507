"""A KB draft written on this laptop, carried out of a damaged replica that an earlier
FieldDesk left (from before the KB's forms in other scripts), is found by those forms in
the repaired replica, as it was before the damage: not only once it is edited again."""

from __future__ import annotations

from pathlib import Path

from sync.store import kb, open_database
from sync.store.salvage import salvage
from tests.sync.older_replica import replica_before


def test_a_salvaged_draft_from_an_earlier_release_is_found_by_part_of_a_japanese_word(
    tmp_path: Path,
) -> None:
    path = tmp_path / "profile" / "fielddesk.db"
    path.parent.mkdir()
    with replica_before(path, "name_forms") as old:
        old.execute(
            "INSERT INTO articles (id, name, summary, content, content_text, draft)"
            " VALUES (-1, 'プリンターが印刷できない', '', ?, ?, 1)",
            ["トナーを交換する"] * 2,
        )

    salvage(path, tmp_path / "profile" / "damaged")

    db = open_database(path)
    try:
        assert [hit.id for hit in kb.search(db, "印刷")] == [-1]  # inside the title's word
        assert [hit.id for hit in kb.search(db, "交換")] == [-1]  # inside the text's
    finally:
        db.close()
