"""The repair dialog promises only what the salvage can keep (review finding 2)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.shell.repair import RepairOffer
from sync.profile import Profile
from sync.store import ReplicaDamaged


def test_the_offer_does_not_promise_the_unsent_changes_back(profile: Profile, qtbot: QtBot) -> None:
    offer = RepairOffer(ReplicaDamaged(profile.database_path, "some of its pages cannot be read"))
    qtbot.addWidget(offer)

    said = offer.informativeText()

    assert "your changes not yet sent are recovered first" not in said
    assert "the changes not yet sent that can still be read" in said
    assert "tells you if some cannot (those are to be entered again)" in said
    assert "the damaged file is kept in the profile folder for support" in said
