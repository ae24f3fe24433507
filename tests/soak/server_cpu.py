"""CPU-seconds the private RT spends: rt-server's process group and its PostgreSQL's.

Both are started in process groups of their own (devrt), so the CPU of a group is
the user + system time of every live process in it plus what its leader has
reaped from children that ended (a PostgreSQL backend per connection).
"""

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


def group_cpu_s(pid: int) -> float:
    """CPU of pid's process group: its live processes and the children they reaped.

    A dead process counts once, in the cutime/cstime of the live process that
    reaped it, so summing all four over the live members counts everything once.
    """
    own = _stat(pid)
    if own is None:
        return 0.0
    pgid = int(own[2])  # field 5: pgrp
    ticks = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        fields = _stat(int(entry))
        if fields is None or int(fields[2]) != pgid:
            continue
        ticks += sum(int(f) for f in fields[11:15])  # fields 14-17: utime stime cutime cstime
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
    return CpuReading(group_cpu_s(rt.pid), group_cpu_s(database) if database else 0.0)
