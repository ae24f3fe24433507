"""A customer's mail reaches the technician whole, as RT's own web page shows it.

Against the real RT: the reviewer's two mails delivered through rt-mailgate.  Apple Mail
puts the photo between two text parts: the second one, with the error code, the serial
and the door code, never reached the laptop.  Thunderbird's "forward as attachment"
sends a short note and the customer's mail as a message/rfc822 part: only the note came
("Véase el correo adjunto."), the forwarded mail nowhere, not even as a file.
Read in a batch or ticket by ticket, the laptop holds the same words.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync.store import tickets as ticket_store
from tests.cli.runner import log_in, run
from tests.integration.helpers import Technician, past_this_second, supervisor_update
from tests.integration.mail_delivery import deliver_mail, let_anyone_mail_the_queue
from tests.integration.test_batched_ticket_sync import OneByOne

pytestmark = pytest.mark.rt

APPLE_MAIL = b"""\
From: =?utf-8?Q?Ren=C3=A9e_Fran=C3=A7ois?= <renee@example.ch>
To: field@fielddesk.test
Subject: =?utf-8?Q?Kopierer_St=C3=B6rung_-_Foto_anbei?=
Message-ID: <apple-split-1@example.ch>
MIME-Version: 1.0 (Mac OS X Mail 16.0)
Content-Type: multipart/mixed; boundary="Apple-Mail=_1"

--Apple-Mail=_1
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Guten Tag,
hier das Foto vom Display:

--Apple-Mail=_1
Content-Disposition: inline; filename=Display.png
Content-Type: image/png; name="Display.png"
Content-Transfer-Encoding: base64

iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmM
IQAAAABJRU5ErkJggg==

--Apple-Mail=_1
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Fehlercode 49.4C02, Seriennummer CNB1234567. Bitte Techniker schicken, Zugang =
=C3=BCber Hintereingang, Code 4711.
Ren=C3=A9e

--Apple-Mail=_1--
"""

FORWARD_AS_ATTACHMENT = """\
From: Luis Martin <luis@example.es>
To: field@fielddesk.test
Subject: =?utf-8?Q?Fwd=3A_Impresora_sin_conexi=C3=B3n?=
Message-ID: <fwd-attach-1@example.es>
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Type: multipart/mixed; boundary="TB"

--TB
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 8bit

Véase el correo adjunto.

--TB
Content-Type: message/rfc822; name="=?UTF-8?Q?Impresora_sin_conexi=C3=B3n=2Eeml?="
Content-Disposition: attachment; filename*=UTF-8''Impresora%20sin%20conexi%C3%B3n.eml

From: Ana Lopez <ana@example.es>
To: luis@example.es
Subject: =?iso-8859-1?Q?Impresora_sin_conexi=F3n?=
MIME-Version: 1.0
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

La impresora de contabilidad est=E1 sin conexi=F3n desde el lunes. N=FAmero=
 de serie VNB3R12345.
Ana

--TB--
""".encode()

SECOND_PART = "Fehlercode 49.4C02, Seriennummer CNB1234567. Bitte Techniker schicken"
FORWARDED = "La impresora de contabilidad está sin conexión desde el lunes."


@pytest.fixture(scope="module")
def mailed(rt: RunningRT) -> tuple[int, int]:
    """The two mails as RT made visits of them, given to Alice."""
    let_anyone_mail_the_queue(rt)
    visits = (deliver_mail(rt, APPLE_MAIL), deliver_mail(rt, FORWARD_AS_ATTACHMENT))
    for visit in visits:
        supervisor_update(rt, visit, {"owner": "alice"})
    past_this_second()  # read in the sync's batch, not left for one by one
    return visits


def test_show_holds_every_text_part_and_the_forwarded_mail(
    rt: RunningRT,
    mailed: tuple[int, int],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    apple, forward = mailed
    log_in(capsys, monkeypatch, tmp_path, rt, "alice")
    code, _, err = run(capsys, tmp_path, "sync")
    assert code == 0, err

    code, shown, err = run(capsys, tmp_path, "show", str(apple))
    assert code == 0, err
    assert "Guten Tag," in shown and "hier das Foto vom Display:" in shown
    assert SECOND_PART in shown and "Zugang über Hintereingang, Code 4711." in shown

    code, shown, err = run(capsys, tmp_path, "show", str(forward))
    assert code == 0, err
    assert "Véase el correo adjunto." in shown
    assert "— forwarded message —" in shown
    assert FORWARDED in shown and "Número de serie VNB3R12345." in shown


def test_read_ticket_by_ticket_the_mails_read_as_in_a_batch(
    rt: RunningRT, mailed: tuple[int, int], tmp_path: Path
) -> None:
    (tmp_path / "batched").mkdir()
    (tmp_path / "one-by-one").mkdir()
    batched = Technician(rt, "alice", tmp_path / "batched")
    one_by_one = Technician(rt, "alice", tmp_path / "one-by-one")
    one_by_one.connector = OneByOne(one_by_one.connector.http)
    assert batched.sync().ok and one_by_one.sync().ok

    def mail_bodies(laptop: Technician, visit: int) -> list[tuple[str | None, str | None]]:
        history = ticket_store.history(laptop.db, visit)
        return [(e.body, e.body_type) for e in history if e.type == "Create"]

    for visit, words in zip(mailed, (SECOND_PART, FORWARDED), strict=True):
        [(body, body_type)] = mail_bodies(one_by_one, visit)
        assert words in (body or "") and body_type == "text/plain"
        assert mail_bodies(batched, visit) == [(body, body_type)]
