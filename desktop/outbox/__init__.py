"""The Outbox screen: every unsent change, why a refused one was refused, edit / retry / discard."""

from desktop.outbox.view import OutboxView

__all__ = ["OutboxView"]
