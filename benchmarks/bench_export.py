"""A whole export of one 1 GiB take, as the producer runs it, against `cp` of the same file in the same run.

bench_sign.py times the writing and signing alone; this times everything `export_takes` does for a
delivery: the gate, the tagged and signed copy, the read-back check (record in every chunk, audio hash,
whole-file hash), manifest.json/csv, certificate.pdf, the studio root and the delivery in the ledger.
The take is imported and decided (session default) before the clock starts, as in a real session.
The export runs in a child process that reports its own peak RSS (VmHWM, benchmarks/measure.py); the time
is taken inside the child around `export_takes` (no interpreter start-up).
Targets (issue "Proof"): <= 1.5x cp, peak RSS <= 150 MiB.

    .venv/bin/python benchmarks/bench_export.py [--size-mib 1024] [--dir /tmp] [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_sign import make_take, timed_child
from measure import peak_rss_mib, settled

from studio_app.services.ledger.decisions import apply_session_default
from studio_app.services.ledger.intake import import_take

ROOT = Path(__file__).resolve().parent.parent


def prepared_take(source: Path) -> tuple[str, str]:
    """A no-contract session with one actor and the take imported and decided: (session id, take id)."""
    from studio_app.services.ledger import Ledger

    with Ledger.open() as ledger:
        session = ledger.create_session("Benchmark", contract_status="none")
        actor = ledger.add_actor(session.id, "Bench Performer")
        take = import_take(ledger, session.id, source, [actor.id])
        apply_session_default(ledger, session.id, "bench")
        return session.id, take.id


def export_child(take_id: str, folder: str) -> None:
    """Export one take and print the seconds export_takes took."""
    import time

    from studio_app.services.export import export_takes
    from studio_app.services.ledger import Ledger

    with Ledger.open() as ledger:
        started = time.perf_counter()
        export_takes(ledger, [take_id], folder)
        seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "peak_rss_mib": peak_rss_mib()}))


def measured_export(argv: list[str]) -> tuple[float, float]:
    """Seconds export_takes took and the child's peak RSS in MiB, as the child reports them."""
    done = subprocess.run(argv, check=True, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    figures = json.loads(done.stdout.splitlines()[-1])
    return figures["seconds"], figures["peak_rss_mib"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--child", nargs=2, metavar=("TAKE", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        export_child(*args.child)
        return
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="bench-export-") as folder:
        work = Path(folder)
        os.environ["CONSENT_SLATE_DATA_DIR"] = str(work / "data")
        source = work / "take.wav"
        make_take(source, args.size_mib << 20)
        _, take_id = prepared_take(source)
        source.unlink()  # the managed copy in the data folder is what export reads
        managed = next((work / "data").rglob("*.wav"))
        cp_times, sync_times, export_times, rss = [], [], [], []
        for n in range(args.rounds):
            copy = work / f"cp-{n}.wav"
            settled()
            seconds, _ = timed_child(["cp", str(managed), str(copy)], dict(os.environ))
            cp_times.append(seconds)
            sync_times.append(seconds + timed_child(["sync", str(copy)], dict(os.environ))[0])
            copy.unlink()
            argv = [sys.executable, __file__, "--child", take_id, str(work / f"delivery-{n}")]
            settled()
            seconds, peak = measured_export(argv)
            export_times.append(seconds)
            rss.append(peak)
        cp_s, synced_s = statistics.median(cp_times), statistics.median(sync_times)
        export_s = statistics.median(export_times)
        print(f"take:        {args.size_mib} MiB audio, {managed.stat().st_size} bytes")
        print(f"cp:          {', '.join(f'{t:.2f}' for t in cp_times)} s (median {cp_s:.2f} s)")
        print(f"cp + sync:   {', '.join(f'{t:.2f}' for t in sync_times)} s (median {synced_s:.2f} s)")
        print(f"export:      {', '.join(f'{t:.2f}' for t in export_times)} s (median {export_s:.2f} s)")
        ratios = f"{export_s / cp_s:.2f} x cp, {export_s / synced_s:.2f} x cp + sync"
        print(f"ratio:       {ratios} (target <= 1.5)")
        print(f"peak RSS:    {max(rss):.1f} MiB (target <= 150)")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
