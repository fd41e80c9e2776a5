"""A full or read-only destination: one line, exit 1, no file left (hidden ones included), no delivery.

A real small tmpfs is filled to many levels, each chosen from the real sizes of a delivery so that the
space runs out inside a different file: each WAV, manifest.json, manifest.csv, certificate.pdf,
studio-root.pem."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from studio_app.cli import main
from studio_app.core.model import DeliveryState
from tests.cli.conftest import Studio, entries, make_studio
from tests.conftest import PROJECT_ROOT
from tests.wav.conftest import tmpfs

PAGE = 4096
DISK_FULL = "disk full (No space left on device); nothing was delivered"
STAGING_ORDER_EXTRAS = ["manifest.json", "manifest.csv", "certificate.pdf", "studio-root.pem"]
"""The files of a delivery after its WAVs, in the order the export stages them."""


def _pages(size: int) -> int:
    return -(-size // PAGE)


def _delivery_sizes(studio: Studio, capsys, folder: Path) -> list[tuple[str, int]]:
    """(name, pages) of each file of a real delivery of the studio's takes, in the order they are staged."""
    assert main(studio.export_command(folder)[3:]) == 0
    capsys.readouterr()
    with studio.ledger() as ledger:
        (delivery,) = ledger.deliveries(studio.session_id)
        by_take = {item.take_id: item.file_name for item in delivery.items}
    names = [by_take[take_id] for take_id in studio.take_ids] + STAGING_ORDER_EXTRAS
    return [(name, _pages((folder / name).stat().st_size)) for name in names]


def _fill(mount: Path, free_pages: int) -> Path:
    """Leave exactly `free_pages` free on the tmpfs with one filler file."""
    total = os.statvfs(mount)
    filler = mount / "filler"
    with open(filler, "wb") as out:
        out.write(bytes((total.f_bavail - free_pages) * total.f_frsize))
    assert os.statvfs(mount).f_bavail == free_pages
    return filler


def _refused_with_one_line(studio: Studio, capsys, folder: Path, line: str) -> None:
    """Exit 1 and exactly `line` on stderr; nothing in the folder; no delivery recorded; the chain intact."""
    assert main(studio.export_command(folder)[3:]) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == [line] and out == ""
    assert entries(folder) == []
    with studio.ledger() as ledger:
        assert ledger.deliveries(studio.session_id) == []
        unfinished = [DeliveryState.STAGING, DeliveryState.PUBLISHING, DeliveryState.COMPLETE]
        assert ledger.delivery_attempts(unfinished) == []
        assert ledger.verify_audit().ok, ledger.verify_audit().problems


def test_export_into_a_tmpfs_full_at_every_file_of_the_delivery_is_one_line_and_leaves_nothing(
    small_wavs, capsys, tmp_path
):
    measuring = make_studio(tmp_path / "measure.sqlite3", small_wavs)
    sizes = _delivery_sizes(measuring, capsys, tmp_path / "measured")
    studio = make_studio(tmp_path / "ledger.sqlite3", small_wavs)
    needed = sum(pages for _, pages in sizes)
    with tmpfs(tmp_path / "mnt", f"size={(needed + 64) * PAGE // 1024}k") as mount:
        folder = mount / "delivery"
        before = 0
        levels = [0]
        for _name, pages in sizes:
            levels.append(before + pages // 2)  # runs out half-way through this file (the first page if 1)
            before += pages
        for free in levels:
            filler = _fill(mount, free)
            _refused_with_one_line(studio, capsys, folder, f"{folder}: {DISK_FULL}")
            filler.unlink()
        _fill(mount, needed + 8)  # the levels were computed right: with the whole delivery's room it passes
        assert main(studio.export_command(folder)[3:]) == 0, capsys.readouterr().err


def test_export_into_a_full_disk_in_a_real_process_is_one_line_without_traceback(small_studio, tmp_path):
    with tmpfs(tmp_path / "mnt", "size=256k") as mount:
        done = subprocess.run(
            small_studio.export_command(mount / "delivery"),
            capture_output=True, text=True, cwd=PROJECT_ROOT, env={**os.environ}, timeout=120,
        )
        assert done.returncode == 1
        assert done.stderr.splitlines() == [f"{mount / 'delivery'}: {DISK_FULL}"]
        assert entries(mount / "delivery") == []


def test_export_into_a_read_only_filesystem_is_one_line_and_leaves_nothing(small_studio, capsys, tmp_path):
    with tmpfs(tmp_path / "mnt", "size=1m,ro") as mount:
        line = f"{mount}: cannot write: Read-only file system; nothing was delivered"
        _refused_with_one_line(small_studio, capsys, mount, line)


def test_export_into_a_folder_without_write_permission_is_one_line_and_leaves_nothing(small_studio, tmp_path):
    """Mode 555. Root writes anywhere through CAP_DAC_OVERRIDE, so as root the command runs without it."""
    folder = tmp_path / "locked"
    folder.mkdir()
    prefix = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("root without setpriv cannot be denied a write")
        caps = "-dac_override,-dac_read_search"
        prefix = ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}"]
    folder.chmod(0o555)
    try:
        done = subprocess.run(
            [*prefix, *small_studio.export_command(folder)],
            capture_output=True, text=True, cwd=PROJECT_ROOT, env={**os.environ}, timeout=120,
        )
    finally:
        folder.chmod(0o755)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [f"{folder}: cannot write: Permission denied; nothing was delivered"]
    assert entries(folder) == []
    with small_studio.ledger() as ledger:
        assert ledger.deliveries(small_studio.session_id) == []
