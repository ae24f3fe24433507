"""How the equipment history says a change of one of RT's custom fields."""

from __future__ import annotations

from sync.assets import _event_text


def test_a_named_custom_field_reads_with_its_values() -> None:
    assert _event_text("CustomField", "Serial Number", "VNB3K12345", "CNB1X23456") == (
        "serial: VNB3K12345 → CNB1X23456"
    )
    assert _event_text("CustomField", "Model", None, "HP M404dn") == "model: — → HP M404dn"


def test_a_field_known_only_by_its_id_still_shows_its_values() -> None:
    """Rows fetched before the connector named the fields hold RT's id ("14")."""
    assert _event_text("CustomField", "14", "old", "new") == "a field: old → new"
