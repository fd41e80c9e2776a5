"""Tag + sign a 1 GiB take the way export does, against `cp` of the same file in the same run.

Prints wall times of whole child processes, the ratio to `cp` and the peak RSS the signing child
reports for itself (VmHWM, benchmarks/measure.py). Targets: ratio <= 1.5, peak RSS <= 150 MiB. Export
fsyncs before its rename and `cp` does not, so the ratio to `cp` + `sync FILE` (same durability) is
printed too, and `openssl dgst -sha256` of the same file: one SHA-256 pass, the floor under any signed copy.

    .venv/bin/python benchmarks/bench_sign.py [--size-mib 1024] [--dir /tmp] [--rounds 2]
"""

from __future__ import annotations

import argparse
import os
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

BLOCK = 64 << 20


def make_take(path: Path, size: int) -> None:
    """A 48 kHz 24-bit stereo PCM WAV of `size` audio bytes of noise (not sparse, not compressible)."""
    block_align = 6
    size -= size % block_align
    fmt = struct.pack("<HHIIHH", 1, 2, 48000, 48000 * block_align, block_align, 24)
    noise = os.urandom(BLOCK - BLOCK % block_align)
    with open(path, "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", 4 + 24 + 8 + size) + b"WAVE")
        f.write(b"fmt " + struct.pack("<I", 16) + fmt + b"data" + struct.pack("<I", size))
        left = size
        while left:
            left -= f.write(noise[: min(left, len(noise))])


def timed_child(argv: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Wall seconds of one child process, and what it printed."""
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{argv[0]} failed with exit {done.returncode}")
    return elapsed, done.stdout


def export_child(source: str, destination: str, audio_hash: str, mode: str) -> None:
    """What export does for one take: compose the claim, tag, sign, fsync, rename ("tag": no signing)."""
    from measure import peak_rss_mib  # the child runs this file as a script: benchmarks/ is on sys.path

    from studio_app.core.record import restriction_record
    from studio_app.proof.credentials import CredentialSigner, write_signed
    from studio_app.proof.identity import load_or_create_identity
    from studio_app.wav.tagging import write_tagged

    record = restriction_record(
        take_id="bench-take",
        audio_sha256=audio_hash,
        actor_names=["Bench Performer"],
        reason="benchmark",
        recorded_by="bench",
        recorded_at="2026-11-25T10:00:00+00:00",
        id_factory=lambda: str(uuid.uuid4()),
    )
    if mode == "tag":
        write_tagged(source, destination, record)
    else:
        write_signed(source, destination, record, CredentialSigner(load_or_create_identity("Bench studio")))
    print(peak_rss_mib())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--child", nargs=4, metavar=("SRC", "DST", "SHA256", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        export_child(*args.child)
        return

    from measure import settled  # here, not at the top: tests import this file for make_take alone

    from studio_app.wav.reader import audio_sha256

    with tempfile.TemporaryDirectory(dir=args.dir, prefix="bench-sign-") as folder:
        work = Path(folder)
        source = work / "take.wav"
        make_take(source, args.size_mib << 20)
        audio_hash = audio_sha256(source)  # known to the ledger since import; not part of export time
        env = dict(os.environ, CONSENT_SLATE_DATA_DIR=str(work / "data"))
        cp_times, sync_times, sha_times, tag_times, sign_times, rss = [], [], [], [], [], []
        for n in range(args.rounds):
            settled()
            sha_times.append(timed_child(["openssl", "dgst", "-sha256", str(source)], env)[0])
            copy = work / f"cp-{n}.wav"
            settled()
            seconds, _ = timed_child(["cp", str(source), str(copy)], env)
            cp_times.append(seconds)
            sync_times.append(seconds + timed_child(["sync", str(copy)], env)[0])
            copy.unlink()
            tagged = work / f"tagged-{n}.wav"
            argv = [sys.executable, __file__, "--child", str(source), str(tagged), audio_hash, "tag"]
            settled()
            tag_times.append(timed_child(argv, env)[0])
            tagged.unlink()
            signed = work / f"signed-{n}.wav"
            argv = [sys.executable, __file__, "--child", str(source), str(signed), audio_hash, "sign"]
            settled()
            seconds, printed = timed_child(argv, env)
            sign_times.append(seconds)
            rss.append(float(printed.split()[-1]))
            if n < args.rounds - 1:
                signed.unlink()
        import c2pa

        with c2pa.Reader(str(signed)) as reader:
            results = reader.get_validation_results()["activeManifest"]
        successes = {s["code"] for s in results["success"]}
        cp_s, sign_s = statistics.median(cp_times), statistics.median(sign_times)
        synced_s = statistics.median(sync_times)
        print(f"take: {args.size_mib} MiB audio, {source.stat().st_size} bytes")
        print(f"cp:          {', '.join(f'{t:.2f}' for t in cp_times)} s (median {cp_s:.2f} s)")
        print(f"cp + sync:   {', '.join(f'{t:.2f}' for t in sync_times)} s (median {synced_s:.2f} s)")
        sha_s = statistics.median(sha_times)
        print(f"SHA-256:     {', '.join(f'{t:.2f}' for t in sha_times)} s (median {sha_s:.2f} s)")
        tag_s = statistics.median(tag_times)
        print(f"tag only:    {', '.join(f'{t:.2f}' for t in tag_times)} s (median {tag_s:.2f} s)")
        print(f"tag + sign:  {', '.join(f'{t:.2f}' for t in sign_times)} s (median {sign_s:.2f} s)")
        print(f"ratio:       {sign_s / cp_s:.2f} x cp, {sign_s / synced_s:.2f} x cp + sync (target <= 1.5)")
        print(f"peak RSS:    {max(rss):.1f} MiB (target <= 150)")
        print(
            "C2PA check:  claimSignature.validated",
            "claimSignature.validated" in successes,
            "/ assertion.dataHash.match",
            "assertion.dataHash.match" in successes,
        )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
