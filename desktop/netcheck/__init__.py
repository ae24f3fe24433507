"""The network check window: from a visit (its site's targets) or the Tools menu."""

from desktop.netcheck.dialog import NetcheckDialog

__all__ = ["NetcheckDialog"]
