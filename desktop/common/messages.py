"""One way for every screen to tell the user something.

Screens never open their own error boxes: they hand a message to the bridge,
and the main window decides how to show it (status bar for news, a dialog
for errors the user must read).  Messages sent before a window listens are
queued, so nothing said during start-up is lost.

What a sync says about its own failure ("Sync incomplete: …", "Not synced: …")
stops being true when a later run completes: the bridge then withdraws it
(``MessageBridge.sync_completed``) from whatever shows it.
"""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple

from PySide6.QtCore import QObject, Signal


class Level(Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


GRAVITY = [Level.INFO, Level.WARNING, Level.ERROR]


class Message(NamedTuple):
    level: Level
    text: str
    failed_sync: bool = False  # a sync's words about its own failure (``sync_failure``)
    # Set by the bridge on a message holding such words: what shows it hears the withdrawal.
    withdrawal: Withdrawal | None = None


def sync_failure(level: Level, text: str) -> Message:
    """Why a sync failed or is incomplete: withdrawn once a later run completes."""
    return Message(level, text, failed_sync=True)


class Withdrawal(QObject):
    """A later sync completed: ``withdrawn`` carries what the message told besides the
    failure (the refusals and conflicts that still wait for the user), or None."""

    withdrawn = Signal(object)  # Message | None


def together(said: list[Message]) -> Message:
    """Several things as one message at the gravest of their levels."""
    level = max((m.level for m in said), key=GRAVITY.index)
    return Message(level, "\n".join(m.text for m in said))


class MessageBridge(QObject):
    shown = Signal(object)  # Message

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: list[Message] = []
        self._listening = False
        # The last sync failure told (only the last can still be on show), and the rest.
        self._failure: tuple[Withdrawal, Message | None] | None = None

    def info(self, text: str) -> None:
        self._say(Message(Level.INFO, text))

    def warning(self, text: str) -> None:
        self._say(Message(Level.WARNING, text))

    def error(self, text: str) -> None:
        self._say(Message(Level.ERROR, text))

    def tell(self, said: list[Message]) -> None:
        """Several things at once, as one message at the gravest of their levels: the
        window shows one message at a time, and each would hide the one before (a
        refusal under a notice, then under news that fades)."""
        if not said:
            return
        message = together(said)
        if any(m.failed_sync for m in said):
            rest = [m for m in said if not m.failed_sync]
            withdrawal = Withdrawal()
            self._failure = (withdrawal, together(rest) if rest else None)
            message = message._replace(withdrawal=withdrawal)
        self._say(message)

    def sync_completed(self) -> None:
        """A sync completed without error: the failure told last is over.  Whatever shows
        it takes it back, keeping what was told with it."""
        if self._failure is not None:
            withdrawal, rest = self._failure
            self._failure = None
            withdrawal.withdrawn.emit(rest)

    def listen(self) -> list[Message]:
        """Start delivering through ``shown``; returns what was said before."""
        self._listening = True
        queued, self._queue = self._queue, []
        return queued

    def _say(self, message: Message) -> None:
        if self._listening:
            self.shown.emit(message)
        else:
            self._queue.append(message)
