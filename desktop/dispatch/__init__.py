"""The supervisor's dispatch board: tickets to dispatch, technicians' days, drag to assign."""

from desktop.dispatch.board import DispatchBoard

__all__ = ["DispatchBoard"]
