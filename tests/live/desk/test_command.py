"""`careerbook desk`: serves the project on 127.0.0.1, checks the Host's port, stops on SIGTERM."""

from __future__ import annotations

import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from desking import make_project

pytestmark = pytest.mark.slow


def get(url: str, host: str | None = None) -> int:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_the_desk_command_serves_and_stops(tmp_path: Path) -> None:
    root = make_project(tmp_path / "guide")
    process = subprocess.Popen(
        [sys.executable, "-m", "careerbook", "desk", str(root), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("The desk is at http://127.0.0.1:"), line + (
            process.stderr.read() if process.poll() else ""
        )
        url = line.split()[4]
        port = url.rstrip("/").rsplit(":", 1)[1]
        assert get(url) == 200
        assert get(url, host=f"localhost:{port}") == 200
        assert get(url, host="127.0.0.1:1") == 400  # another port: a page rebinding its name
        assert get(url, host=f"attacker.example:{port}") == 400
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0


def test_not_a_project_is_said_plainly(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "careerbook", "desk", str(tmp_path / "nowhere")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0 and "Traceback" not in done.stderr
