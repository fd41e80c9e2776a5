"""`record`, `devices`, `recover`, `watch` run as real processes against a ledger given by --db."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile

from tests.conftest import PROJECT_ROOT
from tests.services.conftest import AlsaSine
from tests.services.test_recording import crashed_take


class Cli:
    def __init__(self, db: Path, env: dict[str, str] | None = None) -> None:
        self.db = str(db)
        self.env = env or {**os.environ}

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "studio_app", *args, "--db", self.db]

    def __call__(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            self.command(*args), capture_output=True, text=True, cwd=PROJECT_ROOT, env=self.env, timeout=120
        )

    def ok(self, *args: str) -> str:
        result = self(*args)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()


@pytest.fixture
def stereo_sine(tmp_path):
    sine = AlsaSine.start(tmp_path, rate=96000, channels=2, frequency=440, level_db=-6)
    yield sine
    sine.stop()


@pytest.fixture
def cli(tmp_path, stereo_sine):
    return Cli(tmp_path / "ledger.sqlite3", stereo_sine.env)


@pytest.fixture
def cast(cli):
    session = cli.ok("session", "new", "--title", "Episode 7")
    first = cli.ok("actor", "add", "--session", session[:8], "--name", "林小雨")
    second = cli.ok("actor", "add", "--session", session[:8], "--name", "Marc Dubois")
    return session, first, second


def status(cli: Cli, session: str) -> list[dict]:
    return json.loads(cli.ok("status", "--session", session, "--json"))


def test_record_prints_the_take_id_of_a_pending_multi_actor_take(cli, cast, stereo_sine):
    session, first, second = cast
    take_id = cli.ok(
        "record", "--session", session[:8], "--actor", f"{first[:8]},{second[:8]}", "--seconds", "1.5",
        "--device", "slate_sine", "--channels", "2", "--rate", "96000", "--format", "float32",
        "--scene", "4", "--line", "17",
    )
    [entry] = status(cli, session)
    assert entry["take_id"] == take_id and entry["pending"] and entry["status"] == "complete"
    assert [a["name"] for a in entry["actors"]] == ["林小雨", "Marc Dubois"]
    assert Path(entry["path"]).name == "Episode 7_4_17_T001.wav"
    info = soundfile.info(entry["path"])
    assert (info.channels, info.samplerate, info.subtype, info.frames) == (2, 96000, "FLOAT", 144000)
    samples, _ = soundfile.read(entry["path"])
    assert 20 * np.log10(np.abs(samples[9600:]).max()) == pytest.approx(stereo_sine.level_db, abs=0.3)
    second_take = cli.ok(
        "record", "--session", session[:8], "--actor", first[:8], "--seconds", "0.5",
        "--device", "slate_sine", "--channels", "2", "--rate", "96000", "--scene", "4", "--line", "17",
    )
    names = {e["take_id"]: Path(e["path"]).name for e in status(cli, session)}
    assert names[second_take] == "Episode 7_4_17_T002.wav"


def test_devices_lists_the_alsa_device(stereo_sine):
    done = subprocess.run(
        [sys.executable, "-m", "studio_app", "devices"], capture_output=True, text=True, env=stereo_sine.env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert any(line.split("\t")[1] == "slate_sine" for line in done.stdout.splitlines())


def test_recording_from_an_unknown_device_is_one_line_and_leaves_nothing(cli, cast):
    session, first, _ = cast
    done = cli("record", "--session", session, "--actor", first, "--seconds", "1", "--device", "no such mic")
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1 and "no such mic" in done.stderr
    assert status(cli, session) == []


def test_recording_nine_channels_is_refused_before_anything_is_opened(cli, cast):
    session, first, _ = cast
    done = cli("record", "--session", session, "--actor", first, "--seconds", "1", "--channels", "9")
    assert done.returncode == 1
    assert done.stderr.strip() == "channels: 9 is not between 1 and 8"


def test_recover_without_a_path_repairs_the_take_a_kill_interrupted(cli, cast):
    session, first, _ = cast
    process = subprocess.Popen(
        cli.command("record", "--session", session, "--actor", first, "--seconds", "60",
                    "--device", "slate_sine", "--channels", "2", "--rate", "96000"),
        stdout=subprocess.PIPE, text=True, env=cli.env, cwd=PROJECT_ROOT,
    )
    take_id = process.stdout.readline().strip()
    time.sleep(2.5)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert status(cli, session)[0]["status"] == "recording"
    out = cli.ok("recover")
    assert out.endswith(f"take {take_id}") and "\trepaired: RIFF, " in out
    [entry] = status(cli, session)
    assert entry["status"] == "recovered" and entry["pending"]
    assert cli.ok("recover") == ""


def test_recover_path_repairs_a_file_the_ledger_does_not_know(cli, tmp_path):
    path = tmp_path / "from another machine.wav"
    crashed_take(path, np.zeros((4800, 2), dtype=np.int32))
    out = cli.ok("recover", str(path))
    dropped = "2 byte(s) of a partial frame dropped"
    assert out == f"{path}\trepaired: RIFF, 0.10 s kept, {dropped}\tnot a take of this ledger"
    assert cli.ok("recover", str(path)).startswith(f"{path}\tintact: RIFF, 0.10 s kept")


def test_recover_of_a_missing_file_names_it(cli, tmp_path):
    done = cli("recover", str(tmp_path / "nope.wav"))
    assert done.returncode == 1
    assert done.stderr.strip() == f"{tmp_path / 'nope.wav'}: file not found"


def test_watch_once_references_a_finished_daw_file(cli, cast, tmp_path):
    session, first, second = cast
    folder = tmp_path / "Pro Tools" / "Audio Files"
    folder.mkdir(parents=True)
    soundfile.write(folder / "VO_04.wav", np.zeros((4800, 1), dtype=np.int16), 48000, "PCM_16")
    (folder / "VO_04.wav.pkf").write_bytes(b"peak file")
    out = cli.ok(
        "watch", "--session", session, "--folder", str(folder), "--reference", "--once", "--settle", "0.3"
    )
    assert out.startswith(f"{folder / 'VO_04.wav'}\tadded\ttake ")
    [entry] = status(cli, session)
    assert entry["path"] == str(folder / "VO_04.wav") and entry["pending"]
    assert {a["actor_id"] for a in entry["actors"]} == {first, second}


def test_watch_without_a_folder_watches_the_folders_the_session_watched_last_time(cli, cast, tmp_path):
    session, _first, _second = cast
    folders = [tmp_path / "Audio Files", tmp_path / "Bounces"]
    for folder in folders:
        folder.mkdir()
    never = cli("watch", "--session", session, "--once", "--settle", "0.1")
    assert never.returncode == 2
    assert never.stderr.strip() == "--folder: no folder given and none remembered for this session"
    cli.ok("watch", "--session", session, "--folder", str(folders[0]), "--folder", str(folders[1]),
           "--once", "--settle", "0.1")
    soundfile.write(folders[1] / "Bounce 2.wav", np.zeros((4800, 1), dtype=np.int16), 48000, "PCM_16")
    out = cli.ok("watch", "--session", session, "--reference", "--once", "--settle", "0.3")
    assert out.startswith(f"{folders[1] / 'Bounce 2.wav'}\tadded\ttake ")
    soundfile.write(folders[0] / "Dialog 3.wav", np.ones((4800, 1), dtype=np.int16), 48000, "PCM_16")
    cli.ok("watch", "--session", session, "--once", "--settle", "0.3")  # no flag: by reference, as last time
    paths = {entry["path"] for entry in status(cli, session)}
    assert str(folders[0] / "Dialog 3.wav") in paths
