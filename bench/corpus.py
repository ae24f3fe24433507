"""Deterministic, realistic-ish test data: KB articles and tickets with history.

Text is drawn from one vocabulary with a Zipf-like frequency: common English
words first, then IT words (printer, toner, wifi, switch, VLAN, driver...),
then words with diacritics (café, Müller, Zürich...), then a long tail of
made-up words and model numbers.  So a query like "printer" matches a large
share of the articles (the worst case for ranking), "vlan trunk" fewer, and a
made-up word almost none.  Same seed, same text, on every machine.
"""

from __future__ import annotations

import itertools
import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sync.connectors.base import RemoteArticle, RemoteTicket, RemoteTransaction
from sync.store.kb import plain_text


def _words(text: str) -> list[str]:
    return text.split()


COMMON = _words(
    "the to and a of in is for on it that with be this you check if not are or as at"
    " can from by an will then your when use should after before have has all any new"
    " one two three first next last other same each more most some only also may must"
    " do does did make sure set reset open close turn off start stop run wait see note"
    " user users customer site office room desk floor staff device devices problem issue"
    " error message screen light fault working works again still every day week time"
    " minutes hours restart power cable port settings menu option button window page"
    " step steps test tested replace replaced remove install installed update updated"
    " model serial number part parts spare spares old fresh front back left right top"
    " bottom side inside outside slow fast high low full empty clean dirty loose tight"
    " normal usual often rarely never always why how what which who where there here"
    " because while until about into over under between through without within across"
    " report log logs call ticket visit engineer technician supervisor manager owner"
    " login account password email phone mobile tablet screen shared local remote"
)

IT_WORDS = _words(
    "printer printers printing print toner drum fuser tray jam duplex scanner scan"
    " wifi wireless ssid wpa2 wpa3 roaming antenna access point switch switches vlan"
    " trunk uplink poe patch panel network networks networking netmask subnet gateway"
    " router firewall dhcp dns lease timeout latency packet driver drivers firmware"
    " bios uefi tpm bitlocker windows linux macos laptop dock docking monitor display"
    " keyboard mouse battery charger ups nas raid backup restore outlook exchange teams"
    " vpn certificate tls proxy server servers domain profile cache reboot label zebra"
    " epson receipt pos terminal barcode reader cartridge ink spooler queue"
    " ethernet fibre sfp modem broadband isp ip ipv6 ping traceroute mtu"
)

DIACRITICS = _words(
    "café müller zürich résumé naïve façade são göteborg ålesund crème déjà über"
    " señal łódź kraków straße garçon møller dvořák škoda jönköping lumière"
)

MODELS = _words(
    "M404dn TM-m30III ZT411 DS220+ U6-Lite EAP245 GS728TPP CBS350 T14 WD19S"
    " AP22 SMT1500 ZD421t DS923+ HL-L5210DN Vigor2865 FortiGate40F SIP-T54W"
)

SYLLABLES = _words("ka lo mi ne ru sa ti vo pe da ri gu fe zo ba ly qu ex on ar el is")

# Where the search queries' words sit: "printer" and "network" are common
# (about half the articles), "vlan" and "toner" less so, diacritics rarer.
_TAIL_WORDS = 20_000


def _vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    words = list(COMMON)
    it = list(IT_WORDS)
    rng.shuffle(it)
    # Put the words the benchmark queries for at fixed, known ranks.
    for word, rank in (("printer", 100), ("network", 160), ("wifi", 230), ("driver", 320)):
        it.remove(word)
        words.insert(rank, word)
    words += it + DIACRITICS
    seen = set(words)
    while len(words) < len(COMMON) + len(IT_WORDS) + len(DIACRITICS) + _TAIL_WORDS:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    weights = [1 / (rank + 2.7) ** 1.05 for rank in range(len(words))]
    return words, list(itertools.accumulate(weights))


@dataclass(frozen=True)
class ArticleRow:
    id: int
    name: str
    summary: str
    content: str
    content_text: str
    last_updated: str

    def remote(self) -> RemoteArticle:
        return RemoteArticle(
            id=self.id,
            name=self.name,
            summary=self.summary,
            content=self.content,
            last_updated=self.last_updated,
            disabled=False,
        )


class TextGen:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.words, self.cum = _vocabulary(self.rng)
        self._pool: list[str] = []

    def words_n(self, n: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cum, k=n)

    def take(self, n: int) -> list[str]:
        """The next n words of a pre-drawn pool (drawing in bulk is much faster)."""
        if len(self._pool) < n:
            self._pool = self.words_n(4096)
        words, self._pool = self._pool[:n], self._pool[n:]
        return words

    def sentence(self) -> str:
        n = self.rng.randint(6, 18)
        words = self.take(n)
        if self.rng.random() < 0.15:
            words.insert(self.rng.randrange(n), self.rng.choice(MODELS))
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def title(self) -> str:
        it = self.rng.sample(IT_WORDS, self.rng.randint(1, 3))
        rest = self.words_n(self.rng.randint(2, 4))
        model = [self.rng.choice(MODELS)] if self.rng.random() < 0.4 else []
        return " ".join([*model, *it, *rest]).capitalize()

    def body(self, size: int, html: bool) -> str:
        """About size characters of text; HTML with headings and lists, or plain."""
        parts: list[str] = []
        length = 0
        while length < size:
            kind = self.rng.random()
            if html and kind < 0.15:
                chunk = f"<h3>{self.sentence()[:-1]}</h3>"
            elif html and kind < 0.35:
                items = "".join(
                    f"<li>{self.sentence()}</li>" for _ in range(self.rng.randint(2, 5))
                )
                chunk = f"<ol>{items}</ol>"
            else:
                sentences = " ".join(self.sentence() for _ in range(self.rng.randint(2, 5)))
                if html:
                    sentences = sentences.replace(" and ", " &amp; ", 1)
                    chunk = f"<p><b>Note:</b> {sentences}</p>"
                else:
                    chunk = sentences + "\n\n"
            parts.append(chunk)
            length += len(chunk)
        return "".join(parts)


def _stamp(i: int) -> str:
    day = 1 + (i // 86400) % 28
    seconds = i % 86400
    return f"2026-01-{day:02d}T{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}Z"


def generate_articles(count: int, seed: int = 1, size: int = 3000) -> Iterator[ArticleRow]:
    """count articles of about size characters; every other one is HTML."""
    gen = TextGen(seed)
    for i in range(1, count + 1):
        content = gen.body(size, html=i % 2 == 0)
        yield ArticleRow(
            id=i,
            name=gen.title(),
            summary=gen.sentence(),
            content=content,
            content_text=plain_text(content),
            last_updated=_stamp(i),
        )


def article_corpus(path: Path, count: int, seed: int = 1) -> Path:
    """The articles, generated once into a small SQLite file and reused (it takes a while)."""
    if path.exists():
        with sqlite3.connect(path) as conn:
            have = conn.execute("SELECT COUNT(*) FROM corpus").fetchone()[0]
        if have == count:
            return path
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute(
        "CREATE TABLE corpus (id INTEGER PRIMARY KEY, name TEXT, summary TEXT, content TEXT,"
        " content_text TEXT, last_updated TEXT)"
    )
    rows = (
        (a.id, a.name, a.summary, a.content, a.content_text, a.last_updated)
        for a in generate_articles(count, seed)
    )
    conn.executemany("INSERT INTO corpus VALUES (?,?,?,?,?,?)", rows)
    conn.commit()
    conn.close()
    tmp.rename(path)
    return path


def load_articles(path: Path) -> list[ArticleRow]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT id, name, summary, content, content_text, last_updated FROM corpus ORDER BY id"
        ).fetchall()
    return [ArticleRow(*row) for row in rows]


# -- tickets ---------------------------------------------------------------------------

STATUSES = ("new", "open", "open", "stalled", "resolved")
TXN_KINDS = ("Create", "Comment", "Correspond", "Status", "CustomField", "Comment", "Set")


def generate_tickets(
    count: int, history_per_ticket: int = 5, seed: int = 2
) -> Iterator[tuple[RemoteTicket, list[RemoteTransaction]]]:
    """Tickets as the connector returns them, each with its history."""
    gen = TextGen(seed)
    txn_id = 1000
    for i in range(1, count + 1):
        stamp = _stamp(i * 7)
        fields = {
            "subject": gen.title(),
            "status": gen.rng.choice(STATUSES),
            "priority": str(gen.rng.randint(0, 100)),
            "owner": "alice",
            "due": _stamp(i * 7 + 86400),
            "site": f"{gen.rng.choice(DIACRITICS).title()} site {i % 97}",
            "address": f"{gen.rng.randint(1, 200)} {gen.title()} Road",
            "contact": f"{gen.rng.choice(COMMON).title()} +44 7700 900{i % 1000:03d}",
            "visit_start": _stamp(i * 7 + 3600),
            "visit_end": _stamp(i * 7 + 7200),
            "parts_used": None if i % 3 else "1x toner cartridge",
        }
        ticket = RemoteTicket(
            id=i,
            etag=f"etag-{i}",
            last_updated=stamp,
            created=stamp,
            queue="Field Service",
            fields=fields,
            requestors=[{"email": f"user{i}@example.test"}],
            time_worked=gen.rng.randint(0, 240),
        )
        history = []
        for k in range(history_per_ticket):
            txn_id += 1
            kind = TXN_KINDS[k % len(TXN_KINDS)]
            message = kind in ("Create", "Comment", "Correspond")
            history.append(
                RemoteTransaction(
                    id=txn_id,
                    ticket_id=i,
                    type=kind,
                    created=_stamp(i * 7 + k),
                    creator="alice" if k else "supervisor",
                    field="Status" if kind == "Status" else None,
                    old_value="new" if kind == "Status" else None,
                    new_value="open" if kind == "Status" else None,
                    time_taken=gen.rng.choice((0, 0, 15, 30)),
                    body=gen.body(gen.rng.randint(200, 800), html=False) if message else None,
                    body_type="text/plain" if message else None,
                )
            )
        yield ticket, history
