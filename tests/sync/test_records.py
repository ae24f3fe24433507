"""The store's records (NamedTuples): what a log line and ``--json`` show of them."""

from __future__ import annotations

import json
from dataclasses import dataclass

from cli.records import as_data
from sync.store.assets import Asset

KEY = "FDK7Q-2M9XH-44RTP-KW8ZB-J3N6C"
LICENCE = Asset(5, "Office licence", None, None, None, "In use", licence_key=KEY)


def test_a_licence_key_never_reaches_a_log_line() -> None:
    for shown in (repr(LICENCE), str(LICENCE), f"{[LICENCE]}", "%s" % (LICENCE,)):  # noqa: UP031
        assert KEY not in shown
        assert "Office licence" in shown


@dataclass
class _Found:
    asset: Asset
    tickets: list[int]


def test_json_shows_records_as_objects_at_any_depth() -> None:
    shown = json.loads(json.dumps(as_data([_Found(LICENCE, [7])])))
    assert shown[0]["asset"]["name"] == "Office licence"
    assert shown[0]["asset"]["licence_key"] == KEY  # the user may see it in RT too
    assert shown[0]["tickets"] == [7]
