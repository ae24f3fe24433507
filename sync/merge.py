"""Field-level three-way merge of a local edit with the server's version."""

from __future__ import annotations

from dataclasses import dataclass, field

from sync.connectors.base import FieldValues


@dataclass
class MergeResult:
    push: FieldValues = field(default_factory=dict)  # ours, to send
    conflicts: dict[str, tuple[str | None, str | None, str | None]] = field(
        default_factory=dict
    )  # field -> (base, mine, theirs)
    already_there: list[str] = field(default_factory=list)  # both sides agree


def three_way(base: FieldValues, mine: FieldValues, theirs: FieldValues) -> MergeResult:
    """Decide, per field we changed, what to do given the server's current values.

    - the server still has the base value → push ours;
    - the server already has our value → nothing to do;
    - the server has a third value → conflict: nothing is overwritten.
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
    return result
