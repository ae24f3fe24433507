"""Which revision of a checklist a note on RT is: how another device's note is known."""

from __future__ import annotations

from sync.changes.checklist import note_revision, note_title


def test_a_notes_title_says_its_revision_and_only_of_its_own_checklist() -> None:
    for revision in (1, 2, 17):
        body = f"{note_title('PC install', revision)}\nProgress: 1/13 done\n"
        assert note_revision(body, "PC install") == revision
        assert note_revision(body, "PC") is None
        assert note_revision(body, "PC install extra") is None
    assert note_revision("Checklist: PC install extra\nProgress: 1/2 done", "PC install") is None
    assert note_revision("Used knowledge base article #4: PC install", "PC install") is None
    assert note_revision(None, "PC install") is None
