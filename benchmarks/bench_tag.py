"""Tagging a 1 GiB WAV against `cp` of the same file, in the same run (warm cache, medians).

Run: .venv/bin/python benchmarks/bench_tag.py [--size-mib 1024] [--repeat 3]
Targets: tagging <= 1.3x cp, peak RSS of the tagging process <= 150 MiB.
The tagging runs in a child process that reports its own peak RSS (VmHWM, benchmarks/measure.py); the time
is measured inside the child around write_tagged (no interpreter start-up). `write_tagged` fsyncs,
plain `cp` does not, so the ratio is also given against `cp` followed by `sync FILE` (same durability).
`openssl dgst -sha256` of the same file is timed too (SHA-NI, as hashlib): the record carries the
audio's SHA-256, so one hash pass is the floor of any tagging.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from measure import settled

CHILD = """
import json, sys, time, uuid
from benchmarks.measure import peak_rss_mib
from studio_app.core.record import restriction_record
from studio_app.wav.tagging import write_tagged
record = restriction_record(take_id="bench", audio_sha256="", actor_names=["Bench"], reason="benchmark",
                            recorded_by="bench", recorded_at="2026-01-01T00:00:00+00:00",
                            id_factory=lambda: str(uuid.uuid4()))
started = time.perf_counter()
write_tagged(sys.argv[1], sys.argv[2], record)
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "peak_rss_mib": peak_rss_mib()}))
"""


def make_wav(path: Path, size_mib: int) -> None:
    """A 48 kHz 24-bit stereo WAV of pseudo-random audio (no zero pages for the kernel to skip)."""
    audio_size = size_mib << 20
    audio_size -= audio_size % 6
    fmt = struct.pack("<HHIIHH", 1, 2, 48000, 48000 * 6, 6, 24)
    block = os.urandom(6 << 20)
    with open(path, "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", 4 + 8 + len(fmt) + 8 + audio_size) + b"WAVE")
        f.write(b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", audio_size))
        left = audio_size
        while left:
            n = min(left, len(block))
            f.write(block[:n])
            left -= n


def timed(command: list[str]) -> float:
    """Wall seconds of a command started with no dirty pages pending (see settled)."""
    settled()
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory(prefix="bench-tag-") as folder:
        folder = Path(folder)
        source = folder / "take.wav"
        make_wav(source, args.size_mib)
        subprocess.run(["cat", str(source)], stdout=subprocess.DEVNULL, check=True)  # warm the cache
        cp, cp_sync, sha, tag, rss = [], [], [], [], []
        for i in range(args.repeat):
            sha.append(timed(["openssl", "dgst", "-sha256", str(source)]))
            target = folder / f"cp{i}.wav"
            cp.append(timed(["cp", str(source), str(target)]))
            target.unlink()
            cp_sync.append(timed(["sh", "-c", f'cp "{source}" "{target}" && sync "{target}"']))
            target.unlink()
            tagged = folder / f"tag{i}.wav"
            settled()
            out = subprocess.run(
                [sys.executable, "-c", CHILD, str(source), str(tagged)],
                check=True, capture_output=True, text=True, cwd=root,
            ).stdout
            child = json.loads(out)
            tag.append(child["seconds"])
            rss.append(child["peak_rss_mib"])
            tagged.unlink()
        figures = {
            "size_mib": args.size_mib,
            "repeat": args.repeat,
            "cp_median_s": round(statistics.median(cp), 3),
            "cp_sync_median_s": round(statistics.median(cp_sync), 3),
            "openssl_sha256_median_s": round(statistics.median(sha), 3),
            "tag_median_s": round(statistics.median(tag), 3),
            "ratio_vs_cp": round(statistics.median(tag) / statistics.median(cp), 2),
            "ratio_vs_cp_sync": round(statistics.median(tag) / statistics.median(cp_sync), 2),
            "tag_peak_rss_mib": round(max(rss), 1),
        }
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
