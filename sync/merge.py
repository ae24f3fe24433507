"""Field-level three-way merge of a local edit with the server's version."""

from __future__ import annotations

from dataclasses import dataclass, field

from sync.fields import FieldValues

# Fields that make one decision together.  Who does a visit and when (owner,
# window) and whether it is still to be done (status) must not be mixed from
# two people's edits: a change to any of them here, while the server changed
# another of them, is a conflict on every field we changed — never a silent
# mix such as one supervisor's technician at the other supervisor's time.
LINKED_FIELDS: tuple[frozenset[str], ...] = (
    frozenset({"owner", "visit_start", "visit_end", "status"}),
)


def linked_to(names: set[str] | list[str] | tuple[str, ...]) -> set[str]:
    """The fields linked to any of names (names included), for the merge base."""
    return {linked for group in LINKED_FIELDS if group & set(names) for linked in group}


def known_on_helpdesk(
    decided: FieldValues, base: FieldValues, working: FieldValues, in_conflict: FieldValues
) -> FieldValues:
    """What the helpdesk is known to hold of the fields linked to those just decided.

    ``decided``: the helpdesk's values of the fields a conflict decision settles;
    ``in_conflict``: the helpdesk's value ("theirs") of each field still in an open
    conflict.  A linked field with no edit here holds its base (kept current by the
    pulls, and by the merge that met the conflict).  One with an edit still to be sent
    is left out: the change carrying it goes first, and the decision follows it.
    A decision queued against these values is merged against what the user decided
    on, so the linked rule does not find that same difference again (and again).
    """
    known: FieldValues = {}
    for name in linked_to(list(decided)):
        if name in decided:
            known[name] = decided[name]
        elif name in in_conflict:
            known[name] = in_conflict[name]
        elif working.get(name) == base.get(name):
            known[name] = base.get(name)
    return known


@dataclass
class MergeResult:
    push: FieldValues = field(default_factory=dict)  # ours, to send
    conflicts: dict[str, tuple[str | None, str | None, str | None]] = field(
        default_factory=dict
    )  # field -> (base, mine, theirs)
    already_there: list[str] = field(default_factory=list)  # both sides agree
    # Linked fields the server changed that turned our changes into conflicts.
    because: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)


def three_way(base: FieldValues, mine: FieldValues, theirs: FieldValues) -> MergeResult:
    """Decide, per field we changed, what to do given the server's current values.

    - the server still has the base value → push ours;
    - the server already has our value → nothing to do;
    - the server has a third value → conflict: nothing is overwritten;
    - the server changed a field linked to one we change (see LINKED_FIELDS)
      → every linked field we would push is a conflict too.
    Fields we did not change are not our business: the server's value stands.
    """
    result = MergeResult()
    for name, ours in mine.items():
        server = theirs.get(name)
        if server == ours:
            result.already_there.append(name)
        elif server == base.get(name):
            result.push[name] = ours
        else:
            result.conflicts[name] = (base.get(name), ours, server)
    for group in LINKED_FIELDS:
        changed_there = {
            name: (base.get(name), theirs.get(name))
            for name in group
            if theirs.get(name) != base.get(name) and name not in result.already_there
        }
        pushed_here = [name for name in group if name in result.push]
        if changed_there and pushed_here:
            result.because.update(changed_there)
            for name in pushed_here:
                result.conflicts[name] = (base.get(name), result.push.pop(name), theirs.get(name))
    return result
