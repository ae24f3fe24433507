"""CPU-seconds the private RT spends: rt-server with its workers, and its PostgreSQL."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from devrt.instance import RunningRT

TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # fields from 3 (state) on


def tree_cpu_s(root: int) -> float:
    """CPU of root and its descendants: the live ones and the children they reaped.

    rt-server's workers are its children; PostgreSQL's backends are the
    postmaster's (each in a session of its own, so not found by process group).
    A dead process counts once, in the cutime/cstime of the live process that
    reaped it, so summing all four over the live tree counts everything once.
    """
    stats = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (fields := _stat(int(entry))) is not None:
            stats[int(entry)] = fields
    children: dict[int, list[int]] = {}
    for pid, fields in stats.items():
        children.setdefault(int(fields[1]), []).append(pid)  # field 4: ppid
    ticks, todo = 0, [root] if root in stats else []
    while todo:
        pid = todo.pop()
        ticks += sum(int(f) for f in stats[pid][11:15])  # fields 14-17: utime stime cutime cstime
        todo += children.get(pid, [])
    return ticks / TICKS


def postmaster_pid(rt: RunningRT) -> int | None:
    """The private PostgreSQL's postmaster, when this RT runs on PostgreSQL."""
    pid_file = rt.root / "pg" / "data" / "postmaster.pid"
    try:
        first = pid_file.read_text().splitlines()[0]
    except (OSError, IndexError):
        return None
    return int(first) if first.isdigit() else None


@dataclass(frozen=True)
class CpuReading:
    rt_s: float
    database_s: float

    @property
    def total_s(self) -> float:
        return self.rt_s + self.database_s

    def __sub__(self, earlier: CpuReading) -> CpuReading:
        return CpuReading(self.rt_s - earlier.rt_s, self.database_s - earlier.database_s)


def read_cpu(rt: RunningRT) -> CpuReading:
    database = postmaster_pid(rt)
    return CpuReading(tree_cpu_s(rt.pid), tree_cpu_s(database) if database else 0.0)
