"""The PyInstaller bundle builds and runs on its own: no project venv, no PYTHONPATH, no source tree.

Marked `bundle`: CI runs it; locally `scripts/test -m "not bundle"` skips the two-minute build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_WAVS, PROJECT_ROOT

pytestmark = pytest.mark.bundle


@pytest.fixture(scope="module")
def bundle_dir(tmp_path_factory) -> Path:
    """Builds dist/consent-slate into a temp folder, then copies it away from the source tree."""
    work = tmp_path_factory.mktemp("pyinstaller")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "pyinstaller>=6.10"],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            "build.spec",
        ],
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
    )
    moved = tmp_path_factory.mktemp("installed") / "consent-slate"
    shutil.move(str(work / "dist" / "consent-slate"), moved)
    return moved


@pytest.fixture
def clean_env(tmp_path) -> dict[str, str]:
    """What a studio machine has: a PATH without the venv, no PYTHON* variables, a fresh home."""
    venv_bin = str(Path(sys.executable).parent)
    path = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep) if p and p != venv_bin)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(
        PATH=path,
        HOME=str(tmp_path / "home"),
        CONSENT_SLATE_DATA_DIR=str(tmp_path / "data"),
        QT_QPA_PLATFORM="offscreen",
    )
    return env


def run_bundle(bundle_dir: Path, env, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(bundle_dir / "consent-slate"), *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_bundle_holds_native_libraries_and_resources(bundle_dir):
    internal = bundle_dir / "_internal"
    names = {p.name for p in internal.rglob("*")}
    assert any(n.startswith("libportaudio") for n in names)
    assert any(n.startswith("libsndfile") for n in names)
    assert "libc2pa_c.so" in names
    assert list(internal.rglob("consent_slate_zh_CN.qm"))
    assert (internal / "PySide6" / "Qt" / "plugins" / "platforms" / "libqxcb.so").exists()
    assert not list(internal.rglob("QtQuick*"))
    assert (bundle_dir / "consent-slate-gui").exists()


def test_bundle_cli_runs_without_python(bundle_dir, clean_env, tmp_path):
    version = run_bundle(bundle_dir, clean_env, "--version", cwd=tmp_path)
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("consent-slate ")

    fixture = next(p for p in FIXTURE_WAVS if p.name == "A101_1.WAV")
    inspected = run_bundle(bundle_dir, clean_env, "inspect", str(fixture), cwd=tmp_path)
    assert inspected.returncode == 0, inspected.stderr
    assert "bext" in inspected.stdout and "no consent record" in inspected.stdout


def test_bundle_exports_a_take_that_verifies(bundle_dir, clean_env, tmp_path):
    def cli(*args):
        result = run_bundle(bundle_dir, clean_env, *args, cwd=tmp_path)
        assert result.returncode == 0, f"{args}: {result.stderr}"
        return result.stdout.strip()

    session = cli("session", "new", "--title", "Bundle check", "--contract-status", "none")
    actor = cli("actor", "add", "--session", session, "--name", "李雷")
    fixture = next(p for p in FIXTURE_WAVS if p.name == "A101_1.WAV")
    cli("take", "add", "--session", session, "--actor", actor, str(fixture))
    cli("decide", "--session", session, "--default")
    out = tmp_path / "delivery"
    cli("export", "--session", session, "--to", str(out))
    exported = sorted(out.glob("*.wav")) + sorted(out.glob("*.WAV"))
    assert exported
    verified = run_bundle(bundle_dir, clean_env, "verify", *map(str, exported), cwd=tmp_path)
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_bundle_gui_shows_main_window_and_closes(bundle_dir, clean_env, tmp_path):
    started = time.monotonic()
    result = subprocess.run(
        [str(bundle_dir / "consent-slate-gui"), "--quit-after", "1500"],
        env=clean_env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "main window shown: Consent Slate" in result.stdout
    assert time.monotonic() - started < 60
