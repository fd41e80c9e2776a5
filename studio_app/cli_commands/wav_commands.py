"""`inspect` (what a WAV carries) and `tag --not-authorized` (the archive backfill: refuse every scope)."""

from __future__ import annotations

import argparse
import getpass
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

from studio_app.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from studio_app.cli_commands.common import fail_line
from studio_app.core.record import restriction_record
from studio_app.core.scopes import ALL_SCOPES
from studio_app.wav.bext import decode_bext
from studio_app.wav.errors import WavError
from studio_app.wav.info import decode_info, is_info_list, item_text
from studio_app.wav.mapping import record_date
from studio_app.wav.reader import WavFile, read_chunk, read_wav
from studio_app.wav.tagging import kept_rights, read_consent_tags, write_tagged
from studio_app.wav.xmlsafe import parse_xml

UNNAMED_PERFORMERS = "all performers of this take"


def register(subparsers: argparse._SubParsersAction) -> None:
    inspect = subparsers.add_parser("inspect", help="show a WAV's format, chunks and consent record")
    inspect.add_argument("file", type=Path, metavar="FILE", help="a WAV (RIFF, RF64 or BW64)")
    inspect.add_argument("--json", action="store_true", help="machine-readable output")
    inspect.set_defaults(handler=run_inspect)

    tag = subparsers.add_parser(
        "tag",
        help="archive backfill: write copies that refuse every AI use (it never grants anything)",
    )
    tag.add_argument(
        "--not-authorized", action="store_true", required=True,
        help="record 'not authorized' for every scope (the only decision this command can record)",
    )
    tag.add_argument("--reason", required=True, help="why (e.g. the original contract predates AI)")
    tag.add_argument("--out", required=True, type=Path, metavar="DIR",
                     help="existing folder for the tagged copies (existing files are never overwritten; "
                     "a missing folder refuses every file, exit 1)")
    tag.add_argument("--actor", action="append", default=[], metavar="NAME",
                     help=f"performer name, repeatable (default: {UNNAMED_PERFORMERS!r})")
    tag.add_argument("files", nargs="+", type=Path, metavar="FILE", help="source WAVs (only read)")
    tag.set_defaults(handler=run_tag)


def run_tag(args: argparse.Namespace) -> int:
    if not args.reason.strip():
        fail_line("--reason", "a reason is required")
        return EXIT_USAGE
    recorded_at = datetime.now(UTC).isoformat(timespec="seconds")
    refused = 0
    for source in args.files:
        record = restriction_record(
            take_id=f"archive-{uuid.uuid4()}",
            audio_sha256="",
            actor_names=args.actor or [UNNAMED_PERFORMERS],
            reason=args.reason.strip(),
            recorded_by=getpass.getuser(),
            recorded_at=recorded_at,
            id_factory=lambda: str(uuid.uuid4()),
        )
        try:
            result = write_tagged(source, args.out / source.name, record)
        except WavError as exc:
            fail_line(exc.path or source, exc.reason)
            refused += 1
            continue
        print(f"{source} -> {result.destination}: not authorized (all scopes), take {record.take_id}")
    return EXIT_FAILED if refused else EXIT_OK


def run_inspect(args: argparse.Namespace) -> int:
    try:
        report = inspection(args.file)
    except WavError as exc:
        fail_line(exc.path or args.file, exc.reason)
        return EXIT_FAILED
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(_as_text(report))
    return EXIT_OK


def inspection(path: Path) -> dict:
    """Everything `inspect` shows, as plain data (the --json form)."""
    wav = read_wav(path)
    tags = read_consent_tags(path)
    record = tags.ixml_record or tags.xmp_record
    report: dict = {
        "file": str(path),
        "form": wav.form,
        "format": {
            "format_tag": wav.fmt.format_tag,
            "description": wav.fmt.describe(),
            "channels": wav.fmt.channels,
            "sample_rate": wav.fmt.sample_rate,
            "bits_per_sample": wav.fmt.bits_per_sample,
            "is_float": wav.fmt.is_float,
            "is_extensible": wav.fmt.is_extensible,
            "frames": wav.frames,
            "duration_seconds": round(wav.duration_seconds, 6),
        },
        "chunks": [{"id": c.id, "offset": c.offset, "size": c.size} for c in wav.chunks],
        "metadata": _decoded_chunks(wav),
        "consent": None,
        "rights_kept": kept_rights(path),
        "problems": tags.problems,
    }
    if record is not None:
        on = record_date(record)
        report["consent"] = {
            "take_id": record.take_id,
            "audio_sha256": record.audio_sha256,
            "issued_at": record.issued_at,
            "data_mining": tags.xmp_data_mining,
            "actors": [a.name for a in record.actors],
            "scopes": {s.value: p.value for s, p in record.effective(on).items()},
            "record": record.to_dict(),
        }
    return report


def _decoded_chunks(wav: WavFile) -> list[dict]:
    decoded = []
    for chunk in wav.chunks:
        if chunk.id == "bext":
            decoded.append({"id": "bext", "fields": decode_bext(read_chunk(wav, chunk)).to_dict()})
        elif chunk.id == "LIST" and is_info_list(read_chunk(wav, chunk, limit=4)):
            items = decode_info(read_chunk(wav, chunk))
            decoded.append({"id": "LIST/INFO", "items": {k: item_text(v) for k, v in items}})
        elif chunk.id in ("iXML", "_PMX"):
            payload = read_chunk(wav, chunk)
            parse_xml(payload, f"{chunk.id} chunk")
            decoded.append({"id": chunk.id, "xml": payload.rstrip(b"\0").decode("utf-8", "replace")})
    return decoded


def _as_text(report: dict) -> str:
    fmt = report["format"]
    lines = [
        f"{report['file']}",
        f"  {report['form']}/WAVE, {fmt['description']}, {fmt['frames']} frames "
        f"({fmt['duration_seconds']:.3f} s)",
        "  chunks:",
    ]
    lines += [f"    {c['id']!r:8} offset {c['offset']:>12}  size {c['size']:>12}" for c in report["chunks"]]
    for meta in report["metadata"]:
        lines.append(f"  {meta['id']}:")
        if "fields" in meta:
            lines += [f"    {k}: {v}" for k, v in meta["fields"].items() if v not in ("", None)]
        elif "items" in meta:
            lines += [f"    {k}: {v}" for k, v in meta["items"].items()]
        else:
            lines += [f"    {line}" for line in meta["xml"].splitlines()]
    if report["rights_kept"]:
        lines.append("rights text already in the file (kept, ours follows it):")
        lines += [f"  {where}: {text}" for where, text in report["rights_kept"].items()]
    consent = report["consent"]
    if consent is None:
        lines.append("no consent record")
    else:
        lines.append(f"consent record: take {consent['take_id']}, issued {consent['issued_at']}")
        lines.append(f"  actors: {', '.join(consent['actors']) or '(none)'}")
        lines.append(f"  XMP DataMining: {consent['data_mining']}")
        lines += [f"  {s.value}: {consent['scopes'][s.value]}" for s in ALL_SCOPES]
    lines += [f"problem: {p}" for p in report["problems"]]
    return "\n".join(lines)
