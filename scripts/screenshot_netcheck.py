"""Render docs/screenshots/netcheck.png (a check at a site, one port closed) and
netcheck-before-after.png (the same check after the printer came back).

    unshare -n sh -c 'ip link set lo up; ip link add eth0 type veth peer name eth1;
        ip addr add 192.0.2.20/24 dev eth0; ip link set eth0 up; ip link set eth1 up;
        ip route add default via 192.0.2.1;
        sysctl -qw net.ipv4.ping_group_range="0 2147483647";
        PYTHONPATH=. .venv/bin/python scripts/screenshot_netcheck.py'

Everything it checks listens on 127.0.0.1 (run it in a network namespace of its
own, as above, so unprivileged ping is allowed there and nothing leaves the
machine; the veth pair gives the "laptop" an address and a gateway that nothing
is ever sent to): a switch's port, a printer's port that is closed, a DNS server, a
web page, and a "helpdesk" serving RT's test file for the speed check.
"""

from __future__ import annotations

import argparse
import os
import socket
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from sync.account import Account, save_account
from sync.connectors.base import RemoteArticle
from sync.netcheck.site_targets import article_name
from sync.profile import Profile
from sync.secrets import MemoryKeyring
from sync.store import kb, open_database, transaction
from sync.store import tickets as ticket_store
from tests.capture_server import CaptureServer
from tests.netcheck_servers import dns_server, file_server, silent_tcp
from tests.sync.test_store import remote_ticket

SITE = "ACME Dental"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots/netcheck.png"))
    parser.add_argument(
        "--compare-out", type=Path, default=Path("docs/screenshots/netcheck-before-after.png")
    )
    args = parser.parse_args()
    keyring.set_keyring(MemoryKeyring())
    with (
        tempfile.TemporaryDirectory() as home,
        silent_tcp() as switch,
        socket.socket() as printer,
        dns_server({"printer.acme-dental.test": "127.0.0.21"}) as dns_port,
        CaptureServer() as web,
        file_server(400_000) as helpdesk,
    ):
        printer.bind(("127.0.0.1", 0))  # bound, never listening: a closed port
        profile = Profile(Path(home) / "alice").ensure()
        save_account(profile, Account(f"http://127.0.0.1:{helpdesk}", "alice", "token"), "t")
        db = open_database(profile.database_path)
        targets = [
            f"127.0.0.1:{printer.getsockname()[1]}  # reception printer (raw print port)",
            f"dns:printer.acme-dental.test@127.0.0.1:{dns_port}  # printer's name",
            f"localhost:{switch}  # core switch",
            f"http://127.0.0.1:{web.port}/  # NAS web page",
            "ping:127.0.0.1  # router",
        ]
        with transaction(db):
            ticket_store.apply_remote_ticket(
                db, remote_ticket(site=SITE, subject="Reception printer offline")
            )
            kb.apply_remote_articles(
                db,
                [
                    RemoteArticle(
                        90,
                        article_name(SITE),
                        "",
                        "\n".join(targets[:3]),
                        "2026-11-20T08:00:00Z",
                        disabled=False,
                    )
                ],
            )
        from desktop.app import application  # noqa: PLC0415 - Qt after the replica is ready
        from desktop.common.messages import MessageBridge  # noqa: PLC0415
        from desktop.netcheck import NetcheckDialog  # noqa: PLC0415

        app = application()
        dialog = NetcheckDialog(
            db, profile, MessageBridge(), visit=ticket_store.get_visit(db, 7), author="alice"
        )
        dialog.targets.setPlainText("\n".join(targets))
        dialog.resize(1180, 600)
        dialog.show()

        runs = 0

        def save() -> None:
            nonlocal runs
            runs += 1
            if runs == 1:  # the failure; then the printer is fixed and the check runs again
                dialog.grab().save(str(args.out))
                printer.listen()
                dialog.run_or_cancel()
                return
            dialog.tabs.setCurrentIndex(1)
            dialog.grab().save(str(args.compare_out))
            dialog.close()
            QApplication.quit()

        dialog.runner.finished.connect(lambda _run: QTimer.singleShot(300, save))
        QTimer.singleShot(200, dialog.run_or_cancel)
        app.exec()
    print(f"saved {args.out} and {args.compare_out}")


if __name__ == "__main__":
    main()
