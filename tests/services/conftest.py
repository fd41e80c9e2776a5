"""A real ALSA capture device for the recorder tests: a sine generator PortAudio records like a microphone.

ALSA's `file` plugin with an `infile` replaces what its slave captures with bytes read from that file;
its slave is a `null` PCM, which never waits, so a plain file would be "recorded" as fast as the CPU
reads it. The infile is therefore a FIFO fed in real time by a generator process: each write is one
UNIT_FRAMES unit, which the kernel hands to the reader whole, and the recorder reads blocks that divide
it (1024 frames), so every read is full and the capture runs at the real sample rate.

The device exists only for processes started with `AlsaSine.env` (HOME holding the `.asoundrc`):
PortAudio reads the ALSA configuration once, when a process first imports sounddevice. The `plug`
around the file PCM converts the client's sample format (int16/int32/float32) to the S32_LE the
generator writes. Run as a script, this file is the generator.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

DEVICE = "slate_sine"
UNIT_FRAMES = 4096

ASOUNDRC = """\
pcm.{device} {{
    type plug
    slave {{
        pcm {{
            type file
            slave.pcm {{ type null }}
            file "/dev/null"
            infile "{fifo}"
            format "raw"
        }}
        format S32_LE
        rate {rate}
        channels {channels}
    }}
    hint.description "Consent Slate test sine {frequency} Hz {level} dBFS"
}}
"""


@dataclass
class AlsaSine:
    """A running sine device: pass `env` to the process that records from `device`."""

    home: Path
    fifo: Path
    rate: int
    channels: int
    frequency: float
    level_db: float
    feeder: subprocess.Popen

    device: str = DEVICE

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "HOME": str(self.home)}

    def stop(self) -> None:
        self.feeder.kill()
        self.feeder.wait()

    @classmethod
    def start(
        cls, folder: Path, rate: int = 48000, channels: int = 1, frequency: float = 1000.0,
        level_db: float = -12.0,
    ) -> AlsaSine:
        home = folder / "alsa-home"
        home.mkdir(parents=True, exist_ok=True)
        fifo = home / "sine.fifo"
        if not fifo.exists():
            os.mkfifo(fifo)
        (home / ".asoundrc").write_text(
            ASOUNDRC.format(
                device=DEVICE, fifo=fifo, rate=rate, channels=channels, frequency=frequency, level=level_db
            )
        )
        feeder = subprocess.Popen(
            [sys.executable, __file__, str(fifo), str(rate), str(channels), str(frequency), str(level_db)],
            stdout=subprocess.DEVNULL,
        )
        return cls(home, fifo, rate, channels, frequency, level_db, feeder)


@pytest.fixture
def alsa_sine(tmp_path):
    """A 1 kHz sine at -12 dBFS, mono, 48 kHz, from the ALSA device `slate_sine`."""
    sine = AlsaSine.start(tmp_path)
    yield sine
    sine.stop()


def feed(fifo: str, rate: int, channels: int, frequency: float, level_db: float) -> None:
    """Write the sine into the FIFO in real time, one unit per write, reopening for every new reader
    (PortAudio opens each device once to probe it, then again to record)."""
    import fcntl

    import numpy as np

    period = round(rate / np.gcd(int(rate), int(frequency))) if float(frequency).is_integer() else rate
    cycle = np.arange(period + UNIT_FRAMES) / rate
    wave = (10 ** (level_db / 20) * np.sin(2 * np.pi * frequency * cycle) * 2**31).astype("<i4")
    frames = np.repeat(wave[:, None], channels, axis=1)
    while True:
        fd = os.open(fifo, os.O_WRONLY)
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)
        start, unit = time.monotonic(), 0
        try:
            while True:
                delay = start + unit * UNIT_FRAMES / rate - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                at = unit * UNIT_FRAMES % period
                os.write(fd, frames[at : at + UNIT_FRAMES].tobytes())
                unit += 1
        except BrokenPipeError:
            pass
        finally:
            os.close(fd)


if __name__ == "__main__":
    feed(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]))
