"""A delivery is all or nothing even under SIGKILL: a real `python -m studio_app export` is killed at many
moments; whatever it leaves, nothing is under a final name unless the ledger records the delivery, and
the next export to the folder (or the app's start) cleans up and uses the clean names."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import soundfile

from studio_app.core.model import DeliveryState
from studio_app.services.export import MANIFEST_JSON, ExportOptions, export_takes
from studio_app.services.staging import STAGING_PREFIX, recover_unfinished_deliveries
from tests.cli.conftest import DELIVERY_EXTRAS, Studio, entries, make_studio
from tests.conftest import PROJECT_ROOT

BIG_TAKES = 3
TAKE_SECONDS = 60
"""Three 17 MB takes: long enough that every phase of an export lasts a while to be killed in."""


@pytest.fixture(scope="module")
def big_wavs(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("big-takes")
    noise = np.random.default_rng(7)
    paths = []
    for letter in "ABC"[:BIG_TAKES]:
        path = folder / f"长镜头 {letter}.wav"
        samples = noise.integers(-(2**23), 2**23, size=(48_000 * TAKE_SECONDS, 2), dtype=np.int32) << 8
        soundfile.write(path, samples, 48_000, subtype="PCM_24")
        paths.append(path)
    return paths


@pytest.fixture
def studio(tmp_path, big_wavs) -> Studio:
    return make_studio(tmp_path / "ledger.sqlite3", big_wavs)


def _staged(folder: Path, found: Callable[[str], bool]) -> bool:
    for name in entries(folder):
        if name.startswith(STAGING_PREFIX) and any(found(n) for n in entries(folder / name)):
            return True
    return False


MOMENTS: dict[str, Callable[[Path], bool]] = {
    "staging folder made": lambda folder: any(n.startswith(STAGING_PREFIX) for n in entries(folder)),
    "first take being written": lambda folder: _staged(folder, lambda n: n.endswith(".part")),
    "second take being written": lambda folder: _staged(folder, lambda n: n.endswith(".wav"))
    and _staged(folder, lambda n: n.endswith(".part")),
    "manifest staged": lambda folder: _staged(folder, lambda n: n == MANIFEST_JSON),
    "first file published": lambda folder: any(not n.startswith(".") for n in entries(folder)),
}


def _kill_when(process: subprocess.Popen, folder: Path, moment: Callable[[Path], bool]) -> None:
    """SIGKILL the export as soon as the folder shows the moment (or at once if it has ended)."""
    while process.poll() is None and not moment(folder):
        time.sleep(0.0005)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)


def _kill_after(process: subprocess.Popen, seconds: float) -> None:
    time.sleep(seconds)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)


def _check_after_kill(studio: Studio, folder: Path) -> set[str]:
    """Nothing under a final name that a recorded delivery does not list; returns the recorded names."""
    with studio.ledger() as ledger:
        recorded = [d for d in ledger.deliveries(studio.session_id) if Path(d.destination) == folder]
    names = {item.file_name for d in recorded for item in d.items} | (DELIVERY_EXTRAS if recorded else set())
    visible = {n for n in entries(folder) if not n.startswith(".")}
    assert visible <= names, f"files under final names without a recorded delivery: {visible - names}"
    return names


def _check_next_export_cleans_up(studio: Studio, folder: Path, recorded: set[str]) -> None:
    """The next export to the folder removes the killed one's leftovers (or finishes a recorded one) and
    takes the clean names when nothing was delivered before it."""
    with studio.ledger() as ledger:
        report = export_takes(ledger, studio.take_ids, folder, ExportOptions(recipient="Blue Crane"))
        assert all(not n.startswith(".") for n in entries(folder)), entries(folder)
        attempts = [a for a in ledger.delivery_attempts(list(DeliveryState)) if Path(a.destination) == folder]
        assert all(a.state in (DeliveryState.INTERRUPTED, DeliveryState.COMPLETE) for a in attempts), attempts
        for delivery in ledger.deliveries(studio.session_id):
            if Path(delivery.destination) == folder:
                assert all((folder / item.file_name).is_file() for item in delivery.items)
        if recorded:
            assert all(t.renamed for t in report.takes)
        else:
            assert not any(t.renamed for t in report.takes)
            assert entries(folder) == sorted({t.file_name for t in report.takes} | DELIVERY_EXTRAS)
        assert ledger.verify_audit().ok, ledger.verify_audit().problems


@pytest.mark.parametrize(
    "moment", ["staging folder made", "second take being written", "manifest staged", "first file published"]
)
def test_export_killed_at_a_moment_leaves_nothing_unrecorded_and_the_next_export_cleans_up(
    studio, tmp_path, moment
):
    folder = tmp_path / "delivery"
    _kill_when(studio.start_export(folder), folder, MOMENTS[moment])

    recorded = _check_after_kill(studio, folder)
    _check_next_export_cleans_up(studio, folder, recorded)


def test_export_killed_while_staging_is_cleaned_up_at_the_apps_start_and_listed_as_interrupted(
    studio, tmp_path
):
    folder = tmp_path / "delivery"
    _kill_when(studio.start_export(folder), folder, MOMENTS["second take being written"])
    assert [n for n in entries(folder) if n.startswith(STAGING_PREFIX)]

    with studio.ledger() as ledger:
        (recovered,) = recover_unfinished_deliveries(ledger)
        assert recovered.state is DeliveryState.INTERRUPTED
        assert entries(folder) == []
        (attempt,) = ledger.delivery_attempts([DeliveryState.INTERRUPTED])
        assert ledger.verify_audit().ok
    listing = subprocess.run(
        [*studio.export_command(folder)[:3], "reexport", "--db", str(studio.db), "--list", studio.session_id],
        capture_output=True, text=True, cwd=PROJECT_ROOT, env={**os.environ}, timeout=60,
    )
    assert listing.returncode == 0, listing.stderr
    assert f"delivery {attempt.id[:8]}" in listing.stdout
    assert "interrupted, nothing was delivered" in listing.stdout


def _sweep(studio: Studio, tmp_path: Path, seed: int, runs: int) -> None:
    """Kills after random delays over the whole run of an export (measured first)."""
    started = time.monotonic()
    whole = studio.start_export(tmp_path / "measured")
    assert whole.wait(timeout=120) == 0, whole.stderr.read()
    duration = time.monotonic() - started
    chance = random.Random(seed)
    for run in range(runs):
        folder = tmp_path / f"run-{seed}-{run}"
        _kill_after(studio.start_export(folder), chance.uniform(0.2, duration * 1.1))
        _check_next_export_cleans_up(studio, folder, _check_after_kill(studio, folder))


def test_export_killed_after_a_random_delay_leaves_nothing_unrecorded(studio, tmp_path):
    _sweep(studio, tmp_path, seed=11, runs=2)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2])
def test_export_killed_at_many_random_moments_leaves_nothing_unrecorded(studio, tmp_path, seed):
    _sweep(studio, tmp_path, seed, runs=6)
