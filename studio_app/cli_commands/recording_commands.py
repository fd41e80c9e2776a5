"""`record`, `devices`, `recover`, `watch`: takes from a microphone or a DAW folder, pending from the start.

Ids may be given by their first 8 characters; every command that touches the ledger takes `--db PATH`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from studio_app.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from studio_app.cli_commands.common import (
    fail_line,
    ledger_option,
    resolve_ids,
    with_ledger,
)
from studio_app.services.ledger import Ledger
from studio_app.services.recording import (
    MAX_CHANNELS,
    SAMPLE_RATES,
    RecordingSettings,
    SampleFormat,
    TakeRecording,
    input_devices,
    recover_file,
    recover_unfinished,
)
from studio_app.services.watch import (
    DEFAULT_SETTLE_SECONDS,
    WatchFolder,
    remember_folders,
    remembered_copy,
    remembered_folders,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    db = ledger_option()

    record = subparsers.add_parser("record", parents=[db], help="record one take headless; prints its id")
    record.add_argument("--session", required=True)
    record.add_argument("--actor", required=True, help="actor id(s), comma-separated")
    record.add_argument("--seconds", required=True, type=float)
    record.add_argument("--device", default=None, help="input device name, part of it, or index")
    record.add_argument("--channels", type=int, default=1, help=f"1 to {MAX_CHANNELS}")
    record.add_argument("--rate", type=int, default=48000, choices=SAMPLE_RATES)
    record.add_argument("--format", default="pcm24", choices=[f.word for f in SampleFormat])
    record.add_argument("--scene", default="")
    record.add_argument("--line", default="")
    record.add_argument("--character", default="")
    record.set_defaults(handler=with_ledger(_record))

    devices = subparsers.add_parser("devices", help="list the input devices")
    devices.set_defaults(handler=_devices)

    recover = subparsers.add_parser(
        "recover", parents=[db], help="repair takes interrupted by a crash (default: every unfinished take)"
    )
    recover.add_argument("path", nargs="?", type=Path, metavar="PATH")
    recover.set_defaults(handler=with_ledger(_recover))

    watch = subparsers.add_parser(
        "watch", parents=[db], help="pick up finished WAVs from a DAW folder as pending takes"
    )
    watch.add_argument("--session", required=True)
    watch.add_argument(
        "--folder", type=Path, action="append",
        help="may be repeated; without it, the folders this session watched last time",
    )
    how = watch.add_mutually_exclusive_group()
    how.add_argument("--copy", dest="copy", action="store_true", default=None,
                     help="copy in (the default, unless this session last watched by reference)")
    how.add_argument("--reference", dest="copy", action="store_false", help="reference files where they are")
    watch.add_argument("--once", action="store_true", help="scan, wait the settle time, scan again, exit")
    watch.add_argument(
        "--settle", type=float, default=DEFAULT_SETTLE_SECONDS, metavar="SECONDS",
        help="how long size and time must stay unchanged before a file counts as finished",
    )
    watch.set_defaults(handler=with_ledger(_watch))


def _record(args: argparse.Namespace, ledger: Ledger) -> int:
    session_id = ledger.resolve("session", args.session)
    actor_ids = resolve_ids(ledger, "actor", args.actor)
    device = int(args.device) if args.device and args.device.isdigit() else args.device
    settings = RecordingSettings(
        device=device,
        channels=args.channels,
        sample_rate=args.rate,
        sample_format=SampleFormat.from_word(args.format),
    )
    recording = TakeRecording.start(
        ledger, session_id, actor_ids, settings, scene=args.scene, line=args.line,
        character=args.character, max_seconds=args.seconds,
    )
    print(recording.take.id, flush=True)
    try:
        finished = recording.recorder.wait(args.seconds * 2 + 5)
    except KeyboardInterrupt:
        finished = True
    take, stats = recording.stop()
    if not finished:
        fail_line(take.path, f"the device delivered only {stats.elapsed_seconds:.2f} s in time")
    print(
        f"{take.path}\t{take.duration:.2f} s\t{stats.input_overflows} input overflow(s), "
        f"{stats.dropped_blocks} dropped block(s)",
        file=sys.stderr,
    )
    return EXIT_OK if finished and not stats.overruns else EXIT_FAILED


def _devices(args: argparse.Namespace) -> int:
    for device in input_devices():
        print(
            f"{device.index}\t{device.name}\t{device.host_api}\t{device.max_input_channels} ch\t"
            f"{device.default_sample_rate:g} Hz"
        )
    return EXIT_OK


def _recover(args: argparse.Namespace, ledger: Ledger) -> int:
    recoveries = [recover_file(ledger, args.path)] if args.path else recover_unfinished(ledger)
    failed = 0
    for recovery in recoveries:
        if recovery.report is None:
            fail_line(recovery.path, recovery.problem)
            failed += 1
            continue
        report = recovery.report
        what = "repaired" if report.changed else "intact"
        take = f"take {recovery.take_id}" if recovery.take_id else "not a take of this ledger"
        dropped = f", {report.dropped_bytes} byte(s) of a partial frame dropped" * bool(report.dropped_bytes)
        print(f"{recovery.path}\t{what}: {report.form}, {report.seconds:.2f} s kept{dropped}\t{take}")
    return EXIT_FAILED if failed else EXIT_OK


def _watch(args: argparse.Namespace, ledger: Ledger) -> int:
    session_id = ledger.resolve("session", args.session)
    folders = args.folder or remembered_folders(session_id)
    if not folders:
        fail_line("--folder", "no folder given and none remembered for this session")
        return EXIT_USAGE
    copy = remembered_copy(session_id) if args.copy is None else args.copy
    watcher = WatchFolder(ledger, session_id, folders, copy=copy, settle_seconds=args.settle)
    remember_folders(session_id, watcher.folders, copy)
    scans = 0
    try:
        while True:
            for event in watcher.scan_once():
                stream = sys.stderr if event.problem else sys.stdout
                print(event.describe(), file=stream, flush=True)
            scans += 1
            if args.once and scans == 2:
                return EXIT_OK
            time.sleep(args.settle if args.once else min(1.0, args.settle / 2))
    except KeyboardInterrupt:
        return EXIT_OK
