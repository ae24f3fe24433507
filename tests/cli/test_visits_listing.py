"""``fielddesk visits`` prints each visit as it always did, read as plain rows.

The listing reads the replica's rows as plain tuples, without making a ``Visit`` of
each; its ``--json`` is still each ``Visit``'s fields by name (``Visit._asdict``), and
its lines what they were.
"""

from __future__ import annotations

import dataclasses
import json
import unicodedata

import pytest

from sync.profile import Profile
from sync.store import assets as asset_store
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from sync.store.visit_rows import VISIT_FIELDS
from tests.cli.runner import run
from tests.sync.test_assets import remote_asset
from tests.sync.test_store import remote_ticket


@pytest.fixture
def listed(profile: Profile, memory_keyring: object) -> list[ticket_store.Visit]:
    """Three visits (one unscheduled, one with requestors), as list_visits reads them."""
    db = open_database(profile.database_path)
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket(7, site="ACME Dental"))
        ticket_store.apply_remote_ticket(db, remote_ticket(9, visit_start=None, site=None))
        with_people = dataclasses.replace(
            remote_ticket(8, subject="Router"),
            requestors=[{"email": "bo@example.com"}, {"email": "cy@example.com"}],
        )
        ticket_store.apply_remote_ticket(db, with_people)
    visits = ticket_store.list_visits(db)
    db.close()
    return visits


def test_the_json_is_each_visits_fields_by_name(
    profile: Profile, listed: list[ticket_store.Visit], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, profile.root, "visits", "--json")
    assert code == 0
    expected = [visit._asdict() for visit in listed]
    assert json.loads(out) == json.loads(json.dumps(expected, default=str))
    assert [list(record) for record in json.loads(out)] == [list(VISIT_FIELDS)] * 3


def test_the_lines_are_as_they_were(
    profile: Profile, listed: list[ticket_store.Visit], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, profile.root, "visits")
    assert code == 0
    assert out.splitlines() == [
        "    #7  2026-11-23 09:00  open       ACME Dental                   Printer jams",
        "    #8  2026-11-23 09:00  open       Acme                          Router",
        "    #9  unscheduled       open       -                             Printer jams",
    ]


def test_a_visits_fields_are_named_in_the_order_of_its_record() -> None:
    assert ticket_store.Visit._fields == VISIT_FIELDS


# Sites as the screen draws them (i18n review, s31): a Chinese or Japanese letter takes
# two columns, an accent typed as a mark none; the subjects stay in one column, and a
# long site is cut between letters, never between a letter and its accent or inside an
# emoji sequence.
SITES_AND_COLUMNS = [
    ("山田商事 東京", "山田商事 東京" + " " * 15),
    ("北京办公室", "北京办公室" + " " * 18),
    ("東京都千代田区丸の内一丁目九番二号ビル", "東京都千代田区丸の内一丁目九"),
    ("A東京都千代田区丸の内一丁目九番", "A東京都千代田区丸の内一丁目 "),  # 九: no room
    ("x" * 27 + "e\u0301tage 3", "x" * 27 + "e\u0301"),
    ("x" * 26 + "\U0001f469\u200d\U0001f527 garage", "x" * 26 + "\U0001f469\u200d\U0001f527"),
    ("ACME Dental", "ACME Dental" + " " * 17),
    ("\u202eACME\u200b Dental", "ACME Dental" + " " * 17),  # what is not shown takes no room
]


def test_sites_in_any_script_keep_the_subjects_in_one_column(
    profile: Profile, memory_keyring: object, capsys: pytest.CaptureFixture[str]
) -> None:
    db = open_database(profile.database_path)
    with transaction(db):
        for ticket_id, (site, _shown) in enumerate(SITES_AND_COLUMNS, start=1):
            ticket_store.apply_remote_ticket(db, remote_ticket(ticket_id, site=site))
    db.close()

    code, out, _ = run(capsys, profile.root, "visits")

    assert code == 0
    assert out.splitlines() == [
        f"    #{ticket_id}  2026-11-23 09:00  open       {shown}  Printer jams"
        for ticket_id, (_site, shown) in enumerate(SITES_AND_COLUMNS, start=1)
    ]


def test_asset_find_keeps_its_columns_with_a_cjk_model_and_site(
    profile: Profile, memory_keyring: object, capsys: pytest.CaptureFixture[str]
) -> None:
    db = open_database(profile.database_path)
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket(7))
        asset_store.apply_remote_assets(
            db,
            7,
            [
                remote_asset(1, model="富士ゼロックス複合機", site="山田商事 東京"),
                remote_asset(2, model="HP LaserJet Pro M404dn", site="Acme Dental Clinic"),
            ],
        )
    db.close()

    code, out, err = run(capsys, profile.root, "asset", "find", "ACME-PRN")

    assert code == 0, err
    # The warranty starts in the same terminal column on both lines (CJK letters: 2 each).
    first, second = out.splitlines()
    assert _columns(first.split("  in warranty")[0]) == _columns(second.split("  in warranty")[0])


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)
