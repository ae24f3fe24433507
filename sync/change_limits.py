"""Limits a change is checked against, in a module of their own.

The window's visit panel sets its fields' ranges from them when it is built; the
modules that make the changes (``sync.changes``, ``sync.attachments``) bring the
outbox, the connectors' interface and the files' encryption, which the window
loads only when a change is made.
"""

from __future__ import annotations

MAX_NOTE_MINUTES = 24 * 60  # the time spent a note may record
# FieldDesk's own cap on one file.  RT 5 stores a file of any size whole by default: its
# MaxAttachmentSize (10 MiB) applies only where the administrator set
# TruncateLongAttachments or DropLongAttachments.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# A note's files together.  They travel in one JSON request, base64-encoded (4 bytes
# for 3); the nginx set-up docs/compatibility.md describes (devrt/nginx.py) refuses a
# request over client_max_body_size 64m with HTTP 413.  4 MiB of the 64 is kept for
# the rest of the request: the note's text (JSON escapes a letter beyond ASCII in six
# bytes: a backslash, "u" and four hex digits), the file names, the fields.  45 MiB of
# files: 60 MiB as base64.
REQUEST_BODY_LIMIT = 64 * 1024 * 1024
MAX_NOTE_FILES_BYTES = (REQUEST_BODY_LIMIT - 4 * 1024 * 1024) * 3 // 4
