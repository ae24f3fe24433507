"""How a visit's priority and address read on the laptop, as IT deploys it.

RT keeps a priority as a number from 0 to 100; the customer's contract speaks
of words. ``fielddesk.ini`` may name the bands and the maps address::

    [visit]
    ; lowest number of each band, then its word (a number below every band: the first band)
    priority_bands = 0 Low, 25 Normal, 50 High, 75 Urgent
    ; {address} is the site and address, URL-encoded
    maps_url = https://www.openstreetmap.org/search?query={address}

Without them FieldDesk uses the defaults below.
"""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import quote

DEFAULT_BANDS: tuple[tuple[int, str], ...] = (
    (0, "Low"),
    (25, "Normal"),
    (50, "High"),
    (75, "Urgent"),
)
DEFAULT_MAPS_URL = "https://www.openstreetmap.org/search?query={address}"


class BadVisitSetting(ValueError):
    """A deployed visit setting that cannot be read."""


class VisitDisplay(NamedTuple):
    priority_bands: tuple[tuple[int, str], ...] = DEFAULT_BANDS
    maps_url: str = DEFAULT_MAPS_URL

    def priority_words(self, priority: int | str | None) -> str:
        """RT's number as the contract's word: the band whose lowest number it reaches."""
        try:
            number = int(str(priority).strip())
        except ValueError:
            return str(priority or "")
        word = self.priority_bands[0][1]
        for lowest, name in self.priority_bands:
            if number >= lowest:
                word = name
        return word

    def maps_link(self, address: str) -> str:
        """The address to open in the maps program (an empty address: no link)."""
        place = " ".join(address.split())
        return self.maps_url.replace("{address}", quote(place, safe="")) if place else ""


def deployed_display() -> VisitDisplay:
    """From fielddesk.ini; the defaults if the file is unusable (sign-in reports what is
    wrong).  For every screen and command that shows a visit's priority."""
    from sync.deployment import DeploymentError, load_deployment  # noqa: PLC0415 - imports us

    try:
        return load_deployment().visit
    except DeploymentError:
        return VisitDisplay()


def parse_bands(text: str) -> tuple[tuple[int, str], ...]:
    """ "0 Low, 25 Normal, 50 High, 75 Urgent" -> ((0, "Low"), ...), lowest first."""
    bands = []
    for part in text.split(","):
        number, _, word = part.strip().partition(" ")
        if not number.strip().isdigit() or not word.strip():
            raise BadVisitSetting(
                f"priority_bands: {part.strip()!r} is not a number then a word, e.g. '50 High'"
            )
        bands.append((int(number), word.strip()))
    if not bands:
        raise BadVisitSetting("priority_bands names no band")
    return tuple(sorted(bands))


def parse_maps_url(text: str) -> str:
    if "{address}" not in text or ":" not in text:
        raise BadVisitSetting(
            f"maps_url {text!r} must be a link holding {{address}}, e.g. {DEFAULT_MAPS_URL}"
        )
    return text
