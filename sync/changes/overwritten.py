"""Changes from the helpdesk that our accepted write replaced unseen (RT's If-Match race).

RT checks If-Match and writes in separate steps, on workers side by side: two
changes made from one version at the same moment can both be accepted, the
later silently over the earlier.  RT's transactions tell: when another user
(or the same user on another device: our write is the one with our value)
changed the field between the version we wrote from and our own write, we
replaced their value (our transaction's OldValue) unseen, and the technician
decides (base / mine / theirs) as for any conflict.  Their transaction's
NewValue is taken as theirs: it is the same value when RT serialised the two,
and still names it when both writes read the base first.
"""

from __future__ import annotations

from sync.connectors.base import Connector, FieldValues, FieldWrite

Clash = tuple[str | None, str | None, str | None]  # base, mine, theirs


def overwritten(
    connector: Connector, ticket_id: int, version: str, sent: FieldValues, base: FieldValues
) -> dict[str, Clash]:
    """Fields of ``sent`` whose write replaced someone else's value we never saw.

    ``version`` is the ETag the write went with: RT's newest transaction then.
    One request for the ticket, however many fields.
    """
    if not version.isdigit() or not sent:
        return {}
    writes = connector.field_writes(ticket_id, int(version))
    clashes: dict[str, Clash] = {}
    for name, mine in sent.items():
        of_field = [w for w in writes if w.field == name]
        ours = _our_write(of_field, mine)
        if ours is None:
            continue
        # Another change of the field between our version and our write (RT's
        # transaction order is its write order): ours replaced it.
        before = [
            w
            for w in of_field
            if w.txn_id < ours.txn_id and not (w.by_me and _same(w.new_value, mine))
        ]
        theirs = before[-1].new_value if before else base.get(name)
        if theirs not in (base.get(name), mine):
            clashes[name] = (base.get(name), mine, theirs)
    return clashes


def _our_write(of_field: list[FieldWrite], mine: str | None) -> FieldWrite | None:
    """Our write of a field: the signed-in user's, with the value we sent.

    The technician's spare laptop (or RT's web on a phone) writes under the same
    name, so the name alone cannot tell ours from theirs; a value RT stored in
    another form than sent falls back to the name.
    """
    by_me = [w for w in of_field if w.by_me]
    with_our_value = [w for w in by_me if _same(w.new_value, mine)]
    found = with_our_value or by_me
    return found[-1] if found else None


def _same(written: str | None, sent: str | None) -> bool:
    """Equal as RT keeps text: line endings and the ends' blanks aside."""
    return " ".join((written or "").split()) == " ".join((sent or "").split())
