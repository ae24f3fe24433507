"""My visits: the technician's visits (today, this week, all), filtered as you type."""

from desktop.visits.page import VisitsPage

__all__ = ["VisitsPage"]
