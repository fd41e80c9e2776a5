"""Recording load: 8 channels, 96 kHz, 24-bit for 60 s from the ALSA sine device of the tests.

Reports overruns (input overflow flags + blocks dropped by a full queue; target 0), the CPU share of the
recording process (its CPU time over the wall time of the take, on one core = 100 %), the share of the
sine generator that plays the microphone, and whether the take holds every frame.

    .venv/bin/python benchmarks/bench_record.py [--seconds 60] [--rf64]

`--rf64` also writes 4 GiB + 10 MiB through `open_take_file` (the recorder's RF64 auto-downgrade) and
checks the file turned RF64 with the audio where it started and the first and last frames intact; it
needs about 4.1 GiB free in the temp folder and is not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHILD = """
import json, sys, time
from studio_app.services.meters import MeterModel
from studio_app.services.recording import Recorder, RecordingSettings, SampleFormat
rate, channels, seconds, path = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
settings = RecordingSettings("slate_sine", channels, rate, SampleFormat.PCM24)
meters = MeterModel(channels, rate)
recorder = Recorder(path, settings, meters=meters, max_frames=round(seconds * rate))
recorder.open()
cpu, wall = time.process_time(), time.monotonic()
recorder.start()
while not recorder.wait(1 / 30):
    meters.levels()
stats = recorder.stop()
cpu, wall = time.process_time() - cpu, time.monotonic() - wall
print(json.dumps({"cpu": cpu, "wall": wall, "frames": stats.frames_written,
                  "overflows": stats.input_overflows, "dropped": stats.dropped_blocks,
                  "peak_db": meters.levels()[0].peak_db}))
"""


def record(seconds: float, rate: int, channels: int) -> dict:
    from tests.services.conftest import AlsaSine

    with tempfile.TemporaryDirectory() as folder:
        sine = AlsaSine.start(Path(folder), rate=rate, channels=channels)
        try:
            take = Path(folder) / "bench.wav"
            feeder_cpu = _process_cpu(sine.feeder.pid)
            done = subprocess.run(
                [sys.executable, "-c", CHILD, str(rate), str(channels), str(seconds), str(take)],
                env=sine.env, capture_output=True, text=True, cwd=ROOT, check=True,
            )
            feeder_cpu = _process_cpu(sine.feeder.pid) - feeder_cpu
            result = json.loads(done.stdout)
            import soundfile

            result["frames_in_file"] = soundfile.info(take).frames
            result["feeder_cpu"] = feeder_cpu
        finally:
            sine.stop()
    return result


def _process_cpu(pid: int) -> float:
    """User + system seconds of another process, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rf64_switch() -> dict:
    """Write past 4 GiB the way the recorder opens its files and check what libsndfile made of it."""
    import numpy as np
    import soundfile

    from studio_app.services.recording import RecordingSettings, SampleFormat, open_take_file
    from studio_app.wav.reader import read_wav

    settings = RecordingSettings(None, 8, 96000, SampleFormat.PCM24)
    block = np.zeros((96000, 8), dtype=np.int32)
    block[:, 0] = np.arange(96000) << 8
    target = (4 << 30) + (10 << 20)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.wav"
        started = time.monotonic()
        written = 0
        with open_take_file(path, settings) as f:
            f.write(block)
            written += len(block)
            with open(path, "rb") as head:
                small_form = head.read(4).decode()
            while written * 24 < target:
                f.write(block)
                written += len(block)
        seconds = time.monotonic() - started
        wav = read_wav(path)
        first, _ = soundfile.read(path, frames=3, dtype="int32")
        last, _ = soundfile.read(path, start=written - 3, dtype="int32")
        return {
            "form_after_first_block": small_form,
            "form": wav.form,
            "data_offset": wav.data.data_offset,
            "frames": wav.frames,
            "frames_written": written,
            "first_ok": bool(np.array_equal(first[:, 0] >> 8, [0, 1, 2])),
            "last_ok": bool(np.array_equal(last[:, 0] >> 8, [95997, 95998, 95999])),
            "gib": round(path.stat().st_size / (1 << 30), 3),
            "seconds": round(seconds, 1),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--rf64", action="store_true")
    args = parser.parse_args()
    result = record(args.seconds, 96000, 8)
    wall = result["wall"]
    print(f"recorded {result['frames'] / 96000:.2f} s of 8 ch / 96 kHz / 24-bit in {wall:.2f} s wall")
    print(f"overruns: {result['overflows']} input overflow(s), {result['dropped']} dropped block(s)")
    print(f"frames in the file: {result['frames_in_file']} (wanted {round(args.seconds * 96000)})")
    print(f"recording process CPU: {100 * result['cpu'] / wall:.1f} % of one core")
    print(f"sine generator (the emulated microphone) CPU: {100 * result['feeder_cpu'] / wall:.1f} %")
    print(f"meter peak at the end: {result['peak_db']:.2f} dBFS")
    if args.rf64:
        print("RF64 switch:", json.dumps(rf64_switch()))


if __name__ == "__main__":
    main()
