"""benchmarks/bench_ledger.py at a toy size on the test server: both engines in one run, the concurrent
seats without errors and the chain intact on each (the figures themselves are the benchmark's, not a
test's)."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import PROJECT_ROOT


def test_bench_ledger_measures_both_engines_side_by_side(pg_server):
    done = subprocess.run(
        [sys.executable, "benchmarks/bench_ledger.py", "--takes", "10", "--rounds", "1", "--db",
         pg_server.url(), "--seats", "2", "--seat-takes", "3"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    for operation in ("session default", "list_takes decided"):
        for engine in ("sqlite", "postgresql"):
            assert re.search(rf"{operation}\s+{engine}\s+[\d.]+\s+[\d.]+\s+[\d.]+", done.stdout), done.stdout
    seats = re.findall(r"^\s+(sqlite|postgresql) .* events/s\s+errors 0\s+chain intact$", done.stdout, re.M)
    assert seats == ["sqlite", "postgresql"], done.stdout
    left = pg_server.psql("SELECT count(*) FROM pg_database WHERE datname LIKE 'bench_ledger_%'")
    assert left.strip() == "0"
