"""Input meters as a model: peak and RMS per channel in dBFS, peak hold with decay, a latched clip light;
and the min/max columns of a take's waveform thumbnail.

The recorder's writer thread feeds it copies of the captured blocks; the UI polls `levels()` on a timer
(30 fps or more). Nothing here touches Qt or the audio callback, so it is tested without a screen.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import soundfile

FLOOR_DB = -120.0
CLIP_LEVEL = 10 ** (-0.1 / 20)
"""A sample within 0.1 dB of full scale lights the clip indicator (converters rarely reach 0 dBFS)."""


@dataclass(frozen=True)
class ChannelLevel:
    """What one channel's meter shows at a poll."""

    peak_db: float
    rms_db: float
    hold_db: float
    clipped: bool


def to_dbfs(value: float) -> float:
    """Linear full-scale value to dBFS, with silence at FLOOR_DB instead of minus infinity."""
    return max(FLOOR_DB, 20 * float(np.log10(value))) if value > 0 else FLOOR_DB


def full_scale(block: np.ndarray) -> np.ndarray:
    """Samples as float64 where 1.0 is full scale, whatever the capture dtype."""
    if block.dtype.kind == "f":
        return block.astype(np.float64, copy=False)
    return block.astype(np.float64) / float(-np.iinfo(block.dtype).min)


class MeterModel:
    """Peak/RMS/hold/clip per channel over a short ring of the latest samples."""

    def __init__(
        self,
        channels: int,
        sample_rate: int,
        *,
        rms_window: float = 0.3,
        hold_seconds: float = 1.5,
        decay_db_per_second: float = 20.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.channels = channels
        self.sample_rate = sample_rate
        self.hold_seconds = hold_seconds
        self.decay_db_per_second = decay_db_per_second
        self._clock = clock
        self._lock = threading.Lock()
        self._ring = np.zeros((max(1, int(rms_window * sample_rate)), channels))
        self._write_at = 0
        self._filled = 0
        self._peak = np.zeros(channels)
        self._fresh = False
        self._shown_peak = np.zeros(channels)
        self._clipped = np.zeros(channels, dtype=bool)
        self._hold_db = np.full(channels, FLOOR_DB)
        self._hold_since = np.zeros(channels)
        self._last_poll = clock()

    def feed(self, block: np.ndarray) -> None:
        """Take a copy of captured samples (frames x channels, any capture dtype)."""
        samples = full_scale(np.asarray(block).reshape(len(block), -1)[:, : self.channels])
        size = len(self._ring)
        samples_in_ring = samples[-size:]
        magnitude = np.abs(samples).max(axis=0) if len(samples) else np.zeros(self.channels)
        with self._lock:
            n = len(samples_in_ring)
            first = min(n, size - self._write_at)
            self._ring[self._write_at : self._write_at + first] = samples_in_ring[:first]
            self._ring[: n - first] = samples_in_ring[first:]
            self._write_at = (self._write_at + n) % size
            self._filled = min(size, self._filled + n)
            np.maximum(self._peak, magnitude, out=self._peak)
            self._fresh = self._fresh or len(samples) > 0
            self._clipped |= magnitude >= CLIP_LEVEL

    def levels(self) -> tuple[ChannelLevel, ...]:
        """The meters now: peak of the samples fed since the last poll (the previous one again when none
        came: devices deliver in bursts, a meter must not flicker to the floor between them), RMS over the
        window, the held peak decaying after `hold_seconds`, and the clip light (latched until `reset_clip`).
        """
        now = self._clock()
        with self._lock:
            if self._fresh:
                self._shown_peak = self._peak.copy()
                self._peak[:] = 0
                self._fresh = False
            peak = self._shown_peak
            window = self._ring[: self._filled] if self._filled < len(self._ring) else self._ring
            rms = np.sqrt(np.mean(window**2, axis=0)) if len(window) else np.zeros(self.channels)
            clipped = self._clipped.copy()
        elapsed = now - self._last_poll
        self._last_poll = now
        result = []
        for ch in range(self.channels):
            peak_db = to_dbfs(peak[ch])
            if peak_db >= self._hold_db[ch]:
                self._hold_db[ch], self._hold_since[ch] = peak_db, now
            elif now - self._hold_since[ch] > self.hold_seconds:
                self._hold_db[ch] = max(peak_db, self._hold_db[ch] - self.decay_db_per_second * elapsed)
            hold_db = float(self._hold_db[ch])
            result.append(ChannelLevel(peak_db, to_dbfs(rms[ch]), hold_db, bool(clipped[ch])))
        return tuple(result)

    def reset_clip(self) -> None:
        """The engineer acknowledged the clip light."""
        with self._lock:
            self._clipped[:] = False


def waveform_peaks(path: str | os.PathLike, columns: int, block_frames: int = 1 << 16) -> np.ndarray:
    """Min and max per column over all channels (columns x 2, full scale 1.0) for a waveform thumbnail,
    read in blocks so a long take never sits in memory."""
    with soundfile.SoundFile(path) as f:
        total = f.frames
        edges = np.linspace(0, total, columns + 1).astype(np.int64)
        peaks = np.tile([np.inf, -np.inf], (columns, 1))
        start = 0
        for block in f.blocks(blocksize=block_frames, dtype="float32", always_2d=True):
            mixed_min, mixed_max = block.min(axis=1), block.max(axis=1)
            first = np.searchsorted(edges, start, side="right") - 1
            last = np.searchsorted(edges, start + len(block) - 1, side="right") - 1
            for column in range(max(first, 0), min(last, columns - 1) + 1):
                lo = max(edges[column], start) - start
                hi = min(edges[column + 1], start + len(block)) - start
                if hi > lo:
                    peaks[column, 0] = min(peaks[column, 0], mixed_min[lo:hi].min())
                    peaks[column, 1] = max(peaks[column, 1], mixed_max[lo:hi].max())
            start += len(block)
    peaks[np.isinf(peaks)] = 0.0
    return peaks
