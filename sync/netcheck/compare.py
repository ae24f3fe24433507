"""Before and after: two runs side by side, matched by check and target."""

from __future__ import annotations

from dataclasses import dataclass

from sync.netcheck.result import SEVERITY, ProbeResult
from sync.netcheck.run import Run


@dataclass(frozen=True)
class Pair:
    kind: str
    target: str
    label: str
    before: ProbeResult | None
    after: ProbeResult | None

    @property
    def change(self) -> str:
        """'better', 'worse', 'same', or 'new'/'gone' when only one run has it."""
        if self.before is None:
            return "new"
        if self.after is None:
            return "gone"
        was = SEVERITY.get(self.before.status, 9)
        now = SEVERITY.get(self.after.status, 9)
        return "better" if now > was else "worse" if now < was else "same"


def compare(before: Run, after: Run) -> list[Pair]:
    """Every check of either run, in the later run's order, then those only the earlier had."""
    earlier = {(r.kind, r.target): r for r in before.results}
    later = {(r.kind, r.target): r for r in after.results}
    keys = list(later) + [k for k in earlier if k not in later]
    pairs = []
    for kind, target in keys:
        b, a = earlier.get((kind, target)), later.get((kind, target))
        label = next((r.label for r in (a, b) if r is not None), "")
        pairs.append(Pair(kind, target, label, b, a))
    return pairs
