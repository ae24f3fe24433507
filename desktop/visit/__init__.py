"""The visit detail panel and the technician's work actions on a visit."""

from desktop.visit.detail import VisitDetail

__all__ = ["VisitDetail"]
