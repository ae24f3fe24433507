"""The entities a sync run pulls, in the order they run.

Adding one (checklist templates, site assets...) is one new module with a
``Puller`` and one line in ``default_pullers``; the engine is not touched.
"""

from __future__ import annotations

from sync.pullers.articles import ArticlesPuller
from sync.pullers.base import PullContext, Puller, second_is_over
from sync.pullers.checklists import ChecklistsPuller
from sync.pullers.files import FilesPuller
from sync.pullers.people import PeoplePuller
from sync.pullers.related import RelatedPuller
from sync.pullers.site_assets import SiteAssetsPuller
from sync.pullers.tickets import TicketsPuller


def default_pullers() -> list[Puller]:
    """Tickets first (they set the server's clock and the sites the others follow)."""
    return [
        TicketsPuller(),
        RelatedPuller(),
        SiteAssetsPuller(),
        ArticlesPuller(),
        ChecklistsPuller(),
        FilesPuller(),
        PeoplePuller(),  # last: names are the least a technician needs offline
    ]


__all__ = ["PullContext", "Puller", "default_pullers", "second_is_over"]
