"""The Conflicts screen: base / yours / theirs side by side, and the decision."""

from desktop.conflicts.view import ConflictsView

__all__ = ["ConflictsView"]
