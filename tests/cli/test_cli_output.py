"""The command line as scripts use it: output piped into a reader that stops early."""

from __future__ import annotations

import struct
import subprocess
import sys

from tests.conftest import PROJECT_ROOT


def _chunk(chunk_id: bytes, payload: bytes) -> bytes:
    return chunk_id + struct.pack("<I", len(payload)) + payload + b"\0" * (len(payload) & 1)


def test_output_piped_into_a_reader_that_stops_early_is_not_an_error(tmp_path):
    # An iXML of ~1 MB: far more output than a pipe holds, so the writer meets the closed pipe.
    notes = "".join(f"<NOTE>line {n} of a long field-recorder note</NOTE>" for n in range(20000))
    ixml = f'<?xml version="1.0" encoding="UTF-8"?><BWFXML>{notes}</BWFXML>'.encode()
    fmt = struct.pack("<HHIIHH", 1, 1, 48000, 96000, 2, 16)
    body = b"WAVE" + _chunk(b"fmt ", fmt) + _chunk(b"data", bytes(9600)) + _chunk(b"iXML", ixml)
    wav = tmp_path / "long-notes.wav"
    wav.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)

    command = subprocess.Popen(
        [sys.executable, "-m", "studio_app", "inspect", str(wav)],
        cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert command.stdout.readline().strip().endswith(b"long-notes.wav")
    command.stdout.close()
    stderr = command.stderr.read().decode()
    assert command.wait(timeout=60) == 0
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr
