"""Articles as RT's REST2 serves them (``GET /REST/2.0/article/N``), from real servers.

The same plain-text article of the sample data, as Debian 12's RT 5.0.3 serves it (its
Content field is Text: the text as written) and as a fresh Debian 13 RT 5.0.7 serves it
(the field is HTML: the text escaped, its lines kept); and a draft published from
FieldDesk (``as_html``) as 5.0.7 serves it back.  Only the body is cut to a few lines.
"""

from __future__ import annotations

from typing import Any

PRINT_QUEUE = "Windows: clearing a stuck print queue and reinstalling a driver"
BLUETOOTH_LINE = (
    "6. If not, remove the printer in Settings > Bluetooth & devices > Printers & scanners."
)
PLAIN_BODY = (
    "Steps\n"
    "1. Open an elevated command prompt.\n"
    "2. Stop the spooler: net stop spooler\n"
    "3. Delete everything in C:\\Windows\\System32\\spool\\PRINTERS (the folder itself stays).\n"
    "4. Start the spooler: net start spooler\n"
    "5. Print a test page. If it works, stop here.\n"
    f"{BLUETOOTH_LINE}\n"
    '7. Run printui /s /t2, select the driver on the Drivers tab and choose "Remove driver '
    'and driver package".\n'
)
# RT 5.0.7 keeps a plain-text body of its HTML Content field escaped: & > < only.
ESCAPED_BODY = PLAIN_BODY.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
# "Settings > Bluetooth & devices\n  two  spaces <OK>" published as a draft (as_html):
# RT 5.0.7 serves the no-break spaces as characters.
DRAFT_BODY_AS_SERVED = (
    "<div>Settings &gt; Bluetooth &amp; devices</div><div>\xa0\xa0two \xa0spaces &lt;OK&gt;</div>"
)


def article_json(article_id: int, name: str, content: str, port: int = 47507) -> dict[str, Any]:
    """``GET /REST/2.0/article/N`` of a KB article whose Content is ``content``."""
    api = f"http://127.0.0.1:{port}/REST/2.0"
    return {
        "Disabled": "0",
        "Name": name,
        "LastUpdated": "2026-12-06T14:15:31Z",
        "LastUpdatedBy": {"type": "user", "_url": f"{api}/user/RT_System", "id": "RT_System"},
        "_hyperlinks": [
            {"ref": "self", "_url": f"{api}/article/{article_id}", "type": "article"},
            {
                "ref": "customfield",
                "name": "Content",
                "type": "customfield",
                "_url": f"{api}/customfield/1",
                "id": "1",
            },
            {"ref": "history", "_url": f"{api}/article/{article_id}/history"},
        ],
        "URI": f"fsck.com-article://fielddesk.test/article/{article_id}",
        "CustomFields": [
            {
                "name": "Content",
                "type": "customfield",
                "id": "1",
                "_url": f"{api}/customfield/1",
                "values": [content],
            }
        ],
        "Creator": {"id": "RT_System", "_url": f"{api}/user/RT_System", "type": "user"},
        "Parent": "0",
        "id": article_id,
        "SortOrder": "0",
        "Class": {"type": "class", "_url": f"{api}/class/2", "id": "2"},
        "Created": "2026-12-06T14:15:31Z",
        "Summary": 'Jobs stuck "Deleting" or "Error" in the queue.',
    }
