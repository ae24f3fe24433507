"""Limits a change is checked against, in a module of their own.

The window's visit panel sets its fields' ranges from them when it is built; the
modules that make the changes (``sync.changes``, ``sync.attachments``) bring the
outbox, the connectors' interface and the files' encryption, which the window
loads only when a change is made.
"""

from __future__ import annotations

MAX_NOTE_MINUTES = 24 * 60  # the time spent a note may record
DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # RT's default MaxAttachmentSize is 10-20 MB
