"""A site's targets: what the helpdesk keeps for it, plus what technicians saved here.

**Where RT holds them:** a *Field KB* article named ``Network targets: <site>``
(the site as in the tickets' *Site* field, any case), one target per line in
the targets' own syntax (``sync.netcheck.targets``).  The office edits it in
RT's article editor like any KB page, and the KB puller already brings it to
every laptop: no new custom field, no extra request per sync.  Targets a
technician adds on site are saved in the replica for that site
(``netcheck_targets``), and listed after the helpdesk's.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from sync.netcheck.targets import Target, TargetError, parse_target
from sync.store.database import transaction
from sync.store.related import site_key

if TYPE_CHECKING:
    import sqlite_utils

ARTICLE_PREFIX = "Network targets:"
_LINE_BREAK = re.compile(r"<\s*(br|/p|/div|/li|/h\d)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def article_name(site: str) -> str:
    return f"{ARTICLE_PREFIX} {' '.join(site.split())}"


def lines_of(content: str) -> list[str]:
    """An article body's lines (HTML from RT's editor, or plain text)."""
    if "<" in content:
        content = html.unescape(_TAG.sub("", _LINE_BREAK.sub("\n", content)))
    return [line.strip() for line in content.splitlines() if line.strip()]


def _parsed(lines: list[str]) -> list[Target]:
    found = []
    for line in lines:
        try:
            found.append(parse_target(line))
        except TargetError:
            continue  # prose in the article (a heading, a remark) is not a target
    return found


def helpdesk_article(db: sqlite_utils.Database, site: str | None) -> tuple[int, str] | None:
    """The site's article on this laptop (id, content), matched whatever its case."""
    key = site_key(site)
    if key is None:
        return None
    for article_id, name, content in db.execute(
        "SELECT id, name, content FROM articles WHERE disabled = 0 AND draft = 0"
        " AND name LIKE ? ORDER BY id",
        [ARTICLE_PREFIX + "%"],
    ).fetchall():
        if site_key(name[len(ARTICLE_PREFIX) :]) == key:
            return int(article_id), str(content)
    return None


def helpdesk_article_id(db: sqlite_utils.Database, site: str | None) -> int | None:
    found = helpdesk_article(db, site)
    return found[0] if found else None


def helpdesk_targets(db: sqlite_utils.Database, site: str | None) -> list[Target]:
    found = helpdesk_article(db, site)
    return _parsed(lines_of(found[1])) if found else []


def saved_targets(db: sqlite_utils.Database, site: str | None) -> list[Target]:
    rows = db.execute(
        "SELECT line FROM netcheck_targets WHERE site_key = ? ORDER BY position",
        [site_key(site) or ""],
    ).fetchall()
    return _parsed([row[0] for row in rows])


def site_targets(db: sqlite_utils.Database, site: str | None) -> list[Target]:
    """The helpdesk's targets for the site, then those saved here (no repeats)."""
    seen: set[str] = set()
    found = []
    for target in helpdesk_targets(db, site) + saved_targets(db, site):
        if target.text not in seen:
            seen.add(target.text)
            found.append(target)
    return found


def save_targets(db: sqlite_utils.Database, site: str | None, targets: list[Target]) -> None:
    """Keep these targets for the site (those the helpdesk already holds are not repeated)."""
    key = site_key(site) or ""
    seen = {t.text for t in helpdesk_targets(db, site)}
    mine = []
    for target in targets:
        if target.text not in seen:
            seen.add(target.text)
            mine.append(target)
    with transaction(db):
        db.execute("DELETE FROM netcheck_targets WHERE site_key = ?", [key])
        for position, target in enumerate(mine):
            db.execute(
                "INSERT INTO netcheck_targets (site_key, position, line) VALUES (?, ?, ?)",
                [key, position, target.line],
            )
