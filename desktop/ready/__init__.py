"""Ready for the road: is everything today's and tomorrow's visits need on this laptop?"""

from desktop.ready.view import ReadyView

__all__ = ["ReadyView"]
