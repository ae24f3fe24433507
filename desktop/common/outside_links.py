"""Links in tickets and articles that leave FieldDesk: shown for what they are.

A link's text is written by whoever wrote the mail: "https://helpdesk.example.com/…"
can lead anywhere.  Before the browser or mail program opens one, the technician
sees where it really goes — the host on a line of its own, in the form that
cannot pass for another (``xn--`` for look-alike letters), then the whole
address — and says yes.  Only a link to the helpdesk itself (same scheme, host
and port as the signed-in address, and under its path) opens at once.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from PySide6.QtCore import QCoreApplication, QUrl, QUrlQuery
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.common.messages import MessageBridge

OPENABLE_SCHEMES = frozenset({"http", "https", "mailto"})
SHOWN_MAIL_FIELDS = frozenset({"to", "cc", "subject"})  # a mailto link's, as the question shows
# Characters that reorder or hide what follows them (right-to-left override...): an
# address shows them as their %-code, so "cod.exe" cannot pass for "exe.doc".
HIDDEN_ORDER = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def _tr(text: str) -> str:
    return QCoreApplication.translate("outside_links", text)


def real_host(url: QUrl) -> str:
    """The host as the network sees it: IDN letters spelt out (xn--…), lower case."""
    return url.host(QUrl.ComponentFormattingOption.FullyEncoded).lower()


def is_helpdesk(url: QUrl, helpdesk: str | None) -> bool:
    """Whether a link leads into the signed-in helpdesk: same https host and port, and
    under its path (``https://intranet.example.com/rt``: not ``/webmail`` nor ``/rtx``)."""
    if not helpdesk:
        return False
    home = QUrl(helpdesk)
    return (
        url.scheme().lower() == home.scheme().lower() == "https"
        and real_host(url) == real_host(home)
        and url.port(443) == home.port(443)
        and not url.userName()
        and _under(real_path(url), real_path(home))
    )


def real_path(url: QUrl) -> str | None:
    """The path as the server reads it (%-codes decoded); None when it climbs or hides
    its separators (``/rt/../webmail``, ``/rt%2F..%2Fwebmail``, a backslash), which a
    server may read as another path than it shows."""
    path = url.path(QUrl.ComponentFormattingOption.FullyDecoded)
    if "\\" in path or any(part in (".", "..") for part in path.split("/")):
        return None
    return path


def _under(path: str | None, home: str | None) -> bool:
    if path is None or home is None:
        return False
    prefix = home.rstrip("/")
    return path == prefix or path.startswith(prefix + "/")


def _mail_fields(url: QUrl) -> list[tuple[str, str]]:
    """The fields of a mailto link the question shows, (name, value as written)."""
    written = QUrlQuery(url).queryItems(QUrl.ComponentFormattingOption.FullyEncoded)
    return [(name.lower(), value) for name, value in written if name.lower() in SHOWN_MAIL_FIELDS]


def mail_link(url: QUrl) -> QUrl:
    """A mailto link with only what the question shows: recipients, copies, subject.  A
    stranger's link may also carry hidden copies (bcc), a body, or files to attach
    (``attach=~/.ssh/id_rsa``, honoured by some mail programs).  The values go as
    written, so the mail program reads what the question read."""
    kept = QUrl(url)
    fields = _mail_fields(url)
    if fields:
        kept.setQuery("&".join(f"{name}={value}" for name, value in fields))
    else:
        kept.setQuery(QUrlQuery())  # none at all, not an empty "?"
    return kept


def _decoded(value: str) -> str:
    """A field's value as written in the link, decoded once (as a mail program does)."""
    return QUrl.fromPercentEncoding(value.encode("ascii", "ignore"))


def _shown(text: str) -> str:
    return HIDDEN_ORDER.sub(lambda found: quote(found.group()), text)


def describe_target(url: QUrl) -> str:
    """What the question says about where a link goes (plain text)."""
    shown = _shown(url.toDisplayString())
    if url.scheme().lower() == "mailto":
        fields = [(name, _decoded(value)) for name, value in _mail_fields(url)]
        to = [url.path(), *(value for name, value in fields if name == "to")]
        copies = [value for name, value in fields if name == "cc"]
        subject = next((value for name, value in fields if name == "subject"), "")
        about = ("\n" + _tr("Copies to:") + f" {_shown(', '.join(copies))}") if copies else ""
        about += ("\n" + _tr("Subject:") + f" {_shown(subject)}") if subject else ""
        return (
            _tr("It writes an e-mail to:")
            + f"\n\n{_shown(', '.join(t for t in to if t))}{about}\n\n"
            + _tr("(your mail program opens with it)")
        )
    host = real_host(url) or "?"
    return _tr("It goes to the website:") + f"\n\n{host}\n\n" + _tr("Full address:") + f"\n{shown}"


def open_outside_link(
    parent: QWidget, url: QUrl, messages: MessageBridge, *, helpdesk: str | None = None
) -> bool:
    """Open a clicked web or mail link, asking first unless it is the helpdesk's.

    The text starts with a line of our own: QMessageBox shows text that looks
    like HTML as rich text, and Qt decides that from the first line only.
    """
    if url.scheme().lower() not in OPENABLE_SCHEMES:
        return False
    if url.scheme().lower() == "mailto":
        url = mail_link(url)
    if not is_helpdesk(url, helpdesk):
        answer = QMessageBox.question(
            parent,
            _tr("Open a link outside FieldDesk?"),
            _tr("This link leaves FieldDesk.")
            + "\n"
            + describe_target(url)
            + "\n\n"
            + _tr("Open it? Only do so if you trust this address."),
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Open:
            return False
    if not QDesktopServices.openUrl(url):
        messages.warning(_tr("No program could open {url}.").format(url=url.toDisplayString()))
        return False
    return True
