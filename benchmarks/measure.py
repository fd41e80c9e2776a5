"""What the benchmarks share: a settled disk before each timed run, and the working process's peak memory.

Peak memory is not ru_maxrss (getrusage or wait4): Linux carries the parent's peak across fork + exec
into the child's figure, so a benchmark parent holding 300 MiB makes `/bin/true` report 300 MiB. VmHWM
belongs to the address space exec created, so it is the child's own.
"""

from __future__ import annotations

import os


def settled() -> None:
    """Flush what earlier rounds wrote: otherwise the next contender (usually `cp`, which does not sync)
    is throttled by the kernel writing back someone else's gigabyte and looks several times slower."""
    os.sync()


def peak_rss_mib() -> float:
    """VmHWM of this process in MiB (Linux)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise OSError("no VmHWM in /proc/self/status")
