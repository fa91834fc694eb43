"""Memory and CPU time of a server process and its descendants (the query sandbox's
forkserver and workers), read from ``/proc``, for the benchmarks that start ``pcgraph serve``."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    pids = [pid]
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                pids += process_tree(int(child))
    except OSError:
        pass
    return pids


@dataclass(frozen=True)
class Memory:
    """Memory of the server and of its child processes, in KiB, at one moment."""

    at: float
    server_rss: int
    children_rss: int
    children: int
    pss: int  # server and children together, shared pages counted once

    @property
    def rss(self) -> int:
        return self.server_rss + self.children_rss

    def __str__(self) -> str:
        return (f"server {self.server_rss / 1024:.0f} MiB + {self.children} workers {self.children_rss / 1024:.0f} MiB"
                f" = RSS {self.rss / 1024:.0f} MiB (PSS {self.pss / 1024:.0f} MiB)")


def _rollup(pid: int) -> tuple[int, int]:
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]
    except OSError:
        return 0, 0
    fields = dict(line.split(":", 1) for line in lines)
    return int(fields["Rss"].split()[0]), int(fields["Pss"].split()[0])


def memory(pid: int, since: float) -> Memory:
    """The server's and its workers' memory now (``at`` is seconds since ``since``)."""
    server_rss, server_pss = _rollup(pid)
    children = [_rollup(child) for child in process_tree(pid)[1:]]
    return Memory(time.monotonic() - since, server_rss, sum(r for r, _ in children), len(children),
                  server_pss + sum(p for _, p in children))


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of the server and its workers so far, ended workers included.

    A worker killed at the time limit takes its own counters with it, but its parent (the
    forkserver) has reaped it, so its time is in the parent's counters for reaped children.
    """
    total = 0
    for each in process_tree(pid):
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime (clock ticks)
    return total / os.sysconf("SC_CLK_TCK")
