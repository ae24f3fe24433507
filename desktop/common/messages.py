"""One way for every screen to tell the user something.

Screens never open their own error boxes: they hand a message to the bridge,
and the main window decides how to show it (status bar for news, a dialog
for errors the user must read).  Messages sent before a window listens are
queued, so nothing said during start-up is lost.
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


class MessageBridge(QObject):
    shown = Signal(object)  # Message

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: list[Message] = []
        self._listening = False

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
        if said:
            level = max((m.level for m in said), key=GRAVITY.index)
            self._say(Message(level, "\n".join(m.text for m in said)))

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
