"""A refused change may be on the helpdesk in part: its Retry looks before it sends.

RT made an asset and refused its link to the visit; RT took a note and refused a
field sent with it; a colleague's article has the draft's name.  Over doubles of
our own Connector: each reaches the helpdesk once, and nothing is taken for
delivered that is not ours.  (And a checklist revision replaced while the sync
reads it is not sent beside its replacement.)
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlite_utils

from sync import assets, outbox
from sync.changes.article import as_html
from sync.connectors.base import NewArticleRequest, NoteRequest, RemoteArticle
from sync.engine import SyncEngine
from sync.errors import Cause, ConnectionDropped, OfflineError, PartlyApplied, RejectedError
from sync.report import SyncReport
from sync.store import assets as store
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_asset_kinds import AssetDesk
from tests.sync.test_assets import remote_asset
from tests.sync.test_push_order import HelpdeskDouble
from tests.sync.test_store import remote_ticket

VISIT = 7


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    replica = open_database(tmp_path / "replica.db")
    with transaction(replica):
        ticket_store.apply_remote_ticket(replica, remote_ticket(VISIT))
        for asset_id in (1, 2):
            store.upsert_remote_asset(replica, remote_asset(asset_id), in_inventory=True)
    return replica


def sync(db: sqlite_utils.Database, desk: object) -> SyncReport:
    return SyncEngine(db, desk, pullers=[]).run()  # type: ignore[arg-type]


def retry_the_refused(db: sqlite_utils.Database) -> None:
    [row] = outbox.rows(db)
    assert row.state == "rejected"
    outbox.retry(db, row.seq)  # the visit was given back; the user presses Retry


class LinkRefusedOnce(AssetDesk, HelpdeskDouble):
    """Makes the asset, then refuses its link once: the visit was taken away meanwhile."""

    def __init__(self) -> None:
        AssetDesk.__init__(self)
        HelpdeskDouble.__init__(self)
        self.refuse_link = True

    def link_asset(self, ticket_id: int, asset_id: int) -> None:
        if self.refuse_link:
            self.refuse_link = False
            self._call("link refused")
            raise RejectedError("Permission Denied", status=403, cause=Cause.REASSIGNED)
        super().link_asset(ticket_id, asset_id)


def test_an_asset_made_before_its_link_was_refused_is_not_made_again(
    db: sqlite_utils.Database,
) -> None:
    desk = LinkRefusedOnce()
    assets.add_asset(db, {"name": "ACME-UPS-9"}, ticket_id=VISIT)
    sync(db, desk)
    retry_the_refused(db)

    report = sync(db, desk)

    assert report.pushed == 1
    assert desk.calls.count("create") == 1, "the asset was made twice"
    [new_id] = desk.client_ids.values()
    assert (VISIT, new_id) in desk.links
    assert [a.id for a in assets.assets_of(db, VISIT)] == [new_id]


class NoteFieldRefused(HelpdeskDouble):
    """Keeps every note; refuses the ticket fields sent with one (RT's 201 with a
    "Permission Denied" message for the field, as on a ticket not the technician's)."""

    def add_note(self, note: NoteRequest) -> int:
        made = super().add_note(note)
        if note.ticket_fields:
            raise PartlyApplied(made, "Checklist State: Permission Denied")
        return made

    def find_note(
        self,
        ticket_id: int,
        client_request_id: str,
        content: str,
        *,
        after_txn: int | None = None,
    ) -> int | None:
        return None  # RT kept no Client Request Id on a ticket not hers


def test_a_note_rt_kept_is_delivered_and_the_refused_field_is_told(
    db: sqlite_utils.Database,
) -> None:
    desk = NoteFieldRefused()
    uuid = outbox.add_note(
        db,
        VISIT,
        "Checklist: PM",
        author="alice",
        kind="checklist",
        extra={"checklist_id": 1, "revision": 1, "ticket_fields": {"Checklist State": "complete"}},
    )

    report = sync(db, desk)
    again = sync(db, desk)

    assert desk.notes == ["Checklist: PM"]
    assert report.rejected == [] and report.pushed == 1
    [notice] = report.notices
    assert "saved on the helpdesk" in notice and "Checklist State: Permission Denied" in notice
    row = next(r for r in outbox.rows(db, include_done=True) if r.uuid == uuid)
    assert (row.state, row.result) == ("done", "1001")
    assert again.notices == [] and again.pushed == 0


class ColleaguesArticle(HelpdeskDouble):
    """The class already holds a colleague's article of the draft's name; the first
    create never leaves the laptop (the helpdesk cannot be reached)."""

    def __init__(self) -> None:
        super().__init__()
        self.created: list[str] = []
        self.reachable = False

    def find_article(self, name: str) -> int | None:
        return 77

    def fetch_article(self, article_id: int) -> RemoteArticle:
        return RemoteArticle(77, "Reset the fuser", "", "Their own steps", "", disabled=False)

    def create_article(self, request: NewArticleRequest) -> int:
        if not self.reachable:
            self.reachable = True
            raise OfflineError("the helpdesk cannot be reached", definite=True)
        self.created.append(request.content)
        return 500


def test_a_colleagues_article_of_the_same_name_is_not_taken_for_the_draft(
    db: sqlite_utils.Database,
) -> None:
    desk = ColleaguesArticle()
    outbox.draft_article(db, name="Reset the fuser", summary="", content="My steps")
    sync(db, desk)

    sync(db, desk)

    assert desk.created == [as_html("My steps")], "the draft was taken for the colleague's article"
    [row] = [r for r in outbox.rows(db, include_done=True) if r.kind == "article"]
    assert (row.state, row.result) == ("done", "500")


class AnswerLostOn507(HelpdeskDouble):
    """RT 5.0.7 makes the article and the answer is lost; it keeps each ``&nbsp;`` of
    the body as the character itself (U+00A0), as its HTML sanitiser writes it."""

    def __init__(self) -> None:
        super().__init__()
        self.created: list[str] = []

    def find_article(self, name: str) -> int | None:
        return 500 if self.created else None

    def fetch_article(self, article_id: int) -> RemoteArticle:
        kept = self.created[0].replace("&nbsp;", "\u00a0")
        return RemoteArticle(500, "Reset the fuser", "", kept, "", disabled=False)

    def create_article(self, request: NewArticleRequest) -> int:
        self.created.append(request.content)
        if len(self.created) == 1:
            raise ConnectionDropped("the answer was lost")
        return 501


def test_a_draft_whose_answer_was_lost_is_found_on_rt_507_and_not_made_twice(
    db: sqlite_utils.Database,
) -> None:
    desk = AnswerLostOn507()
    steps = "Menu > Service\n\n  Hold OK  for 5 s"  # an empty line, runs of spaces
    outbox.draft_article(db, name="Reset the fuser", summary="", content=steps)
    sync(db, desk)

    sync(db, desk)

    assert len(desk.created) == 1, "a second article of the name (refused as name-taken)"
    [row] = [r for r in outbox.rows(db, include_done=True) if r.kind == "article"]
    assert (row.state, row.result) == ("done", "500")


def test_a_change_refused_before_it_was_ever_sent_goes_back_to_waiting(
    db: sqlite_utils.Database,
) -> None:
    outbox.add_note(db, VISIT, "Customer asked for a spare toner.", author="alice")
    [row] = outbox.rows(db)
    outbox.mark_rejected(db, row.seq, "held behind a refused change")

    outbox.retry(db, row.seq)

    assert outbox.rows(db)[0].state == "pending"


def test_a_checklist_replaced_while_the_sync_reads_it_is_not_sent(
    db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = HelpdeskDouble()
    outbox.add_note(db, VISIT, "Checklist: PM", author="alice", kind="checklist")
    read = outbox.get_row
    replaced: list[int] = []

    def read_then_replaced(db_: sqlite_utils.Database, seq: int) -> outbox.OutboxRow | None:
        row = read(db_, seq)
        if not replaced:  # the GUI thread queues revision 2 just after the sync read 1
            replaced.append(seq)
            with transaction(db_):
                db_.execute("DELETE FROM outbox WHERE seq = ?", [seq])
        return row

    monkeypatch.setattr(outbox, "get_row", read_then_replaced)
    sync(db, desk)

    assert replaced and desk.notes == [], "a revision already replaced was sent"


class BobsTicket(HelpdeskDouble):
    """#7 is bob's: alice's comment lands, but she cannot see it there (no lookup), and
    the answer to the next ``lose`` sendings is lost."""

    def __init__(self) -> None:
        super().__init__()
        self.lose = 0

    def add_note(self, note: NoteRequest) -> int:
        made = super().add_note(note)
        if self.lose:
            self.lose -= 1
            raise ConnectionDropped("the connection broke before the answer came")
        return made

    def find_note(
        self,
        ticket_id: int,
        client_request_id: str,
        content: str,
        *,
        after_txn: int | None = None,
    ) -> int | None:
        return None

    def fetch_ticket(self, ticket_id: int) -> SimpleNamespace:
        return SimpleNamespace(fields={"owner": "bob"})


def test_a_comment_sent_anyway_whose_answer_is_lost_again_is_not_sent_a_third_time(
    db: sqlite_utils.Database,
) -> None:
    desk = BobsTicket()
    outbox.add_note(db, VISIT, "Fuser swapped.", author="alice")
    [row] = outbox.rows(db)
    outbox.mark_rejected(db, row.seq, "no longer yours", Cause.REASSIGNED)
    outbox.send_as_comment(db, row.seq)
    patient = SyncEngine(db, desk, pullers=[], resend_after_s=0)  # type: ignore[arg-type]
    desk.lose = 1
    patient.run()  # lands, answer lost: she is told she cannot check; the office says no
    outbox.retry(db, row.seq)  # "send it": it goes, and its answer is lost again
    desk.lose = 1
    patient.run()

    for _ in range(3):
        patient.run()

    assert len(desk.notes) == 2, "a comment whose arrival cannot be checked went again"
    again = outbox.get_row(db, row.seq)
    assert again is not None and again.state == "rejected"
    assert "answer was lost" in (again.last_error or "")
