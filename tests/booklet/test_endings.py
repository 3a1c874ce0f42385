"""How a fast booklet ends when it does not end well: SIGTERM, SIGKILL or Ctrl-C to the main
process, a part past the time limit, a worker stuck where the time limit cannot reach it.

Its workers die with the main process, its scratch folder goes with any ending the main
process can see, and the user reads one line, never a traceback.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import yaml

from careerbook.booklet import runner, workers
from careerbook.booklet.parts import Setting
from careerbook.build import booklet
from careerbook.content.project import open_project
from careerbook.errors import RenderError
from careerbook.files import LEFT_BEHIND_AFTER, scratch_folder
from careerbook.options import Options
from processes import ctrl_c_works

SRC = Path(os.environ.get("OLD_SRC") or Path(__file__).resolve().parents[2] / "src")

CAREER = {
    "title": "Welder",
    "summary": "What a welder really does, told plainly.",
    "work": {
        "summary": "Joining metal, every day.",
        "time_split": [
            {"activity": "Welding", "percent": 60},
            {"activity": "Reading drawings", "percent": 40},
        ],
    },
    "dated": "2026-03",
}


def make_project(root: Path, count: int = 4) -> Path:
    (root / "content").mkdir(parents=True)
    for n in range(count):
        data = dict(CAREER, title=f"Welder {n}")
        (root / "content" / f"welder-{n}.yaml").write_text(yaml.safe_dump(data))
    (root / "careerbook.yaml").write_text(yaml.safe_dump({"title": "Trades", "duplex": False}))
    return root


# The CLI, with each part's layout slowed down so that a signal finds the workers busy.
DRIVER = """
import sys, time
from careerbook.booklet import workers

real = workers._render

def slow(setting, html):
    time.sleep(float(sys.argv[1]))
    return real(setting, html)

workers._render = slow
from careerbook.cli.main import main
main(sys.argv[2:])
"""


def child_env(tmp_path: Path) -> dict[str, str]:
    """A child careerbook's environment: this tree's code, its own temporary folder
    (`tmp_path/tmp`, to check what is left in it) and its own cache."""
    (tmp_path / "tmp").mkdir()
    return dict(
        os.environ,
        PYTHONPATH=str(SRC),
        TMPDIR=str(tmp_path / "tmp"),
        CAREERBOOK_CACHE_DIR=str(tmp_path / "cache"),
    )


def start(tmp_path: Path, slowness: float, *extra: str, **popen: object) -> subprocess.Popen[str]:
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER)
    root = make_project(tmp_path / "book")
    env = child_env(tmp_path)
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, str(driver), str(slowness), "booklet", str(root), "--jobs", "2", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        **popen,
    )


def wait_for_layout(proc: subprocess.Popen[str]) -> list[str]:
    """The lines said until the workers are laying out careers."""
    assert proc.stderr is not None
    said = []
    for line in proc.stderr:
        said.append(line)
        if "Laying out careers" in line:
            time.sleep(0.5)  # the workers well inside their parts
            return said
    raise AssertionError(f"the build ended before laying out: {said}")


def children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("cache", [True, False])
def test_sigterm_to_the_main_process_leaves_no_scratch_folder(tmp_path: Path, cache: bool) -> None:
    proc = start(tmp_path, 2.0, *([] if cache else ["--no-cache"]))
    try:
        wait_for_layout(proc)
        workers_ = children(proc.pid)
        assert workers_
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130
    assert err.strip().splitlines()[-1] == "careerbook: interrupted; nothing was written."
    assert "Traceback" not in err
    assert list((tmp_path / "tmp").iterdir()) == []
    assert not any(alive(pid) for pid in workers_)


def test_the_workers_die_with_a_killed_main_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    proc = start(tmp_path, 120.0)
    try:
        wait_for_layout(proc)
        workers_ = children(proc.pid)
        assert len(workers_) >= 2
        proc.kill()
        proc.wait()
        deadline = time.monotonic() + 5
        while any(alive(pid) for pid in workers_) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in workers_ if alive(pid)]
        # Its scratch folders stay (nothing runs after SIGKILL); a later run removes them.
        left = list((tmp_path / "tmp").iterdir())
        assert {p.name.split("-")[1] for p in left} == {"parts", "workers"}
        assert {p.name.split("-")[2] for p in left} == {str(proc.pid)}
        for folder in left:
            os.utime(folder, (time.time() - LEFT_BEHIND_AFTER, time.time() - LEFT_BEHIND_AFTER))
        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
        with scratch_folder("careerbook-parts-"), scratch_folder("careerbook-workers-"):
            pass
        assert list((tmp_path / "tmp").iterdir()) == []
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for pid in children(proc.pid):
            os.kill(pid, signal.SIGKILL)


def test_ctrl_c_says_one_line_and_no_traceback(tmp_path: Path) -> None:
    # A terminal's Ctrl-C reaches every process of the group: the workers too.
    proc = start(tmp_path, 2.0, start_new_session=True, preexec_fn=ctrl_c_works)
    try:
        wait_for_layout(proc)
        workers_ = children(proc.pid)
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert err.strip().splitlines()[-1] == "careerbook: interrupted; nothing was written."
    assert list((tmp_path / "tmp").iterdir()) == []
    assert not any(alive(pid) for pid in workers_)


def test_a_worker_keeps_the_time_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def endless(setting: Setting, html: str) -> None:
        while True:  # as a front part that takes WeasyPrint forever would
            time.sleep(0.01)

    monkeypatch.setattr(workers, "_render", endless)
    monkeypatch.setattr(runner, "GRACE", 30.0)  # the worker's own limit stops it first
    root = make_project(tmp_path / "book")
    begun = time.monotonic()
    with pytest.raises(RenderError, match=r"took longer than the time limit of 1\.5 s"):
        booklet(open_project(root), tmp_path / "b.pdf", Options(jobs=2, cache=False, time_limit=1.5))
    assert time.monotonic() - begun < 15


def test_a_stuck_worker_is_ended_not_waited_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []

    def stuck(setting: Setting, html: str) -> None:
        # As in C code, where the alarm cannot interrupt: the signal waits.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(3600)

    monkeypatch.setattr(workers, "_render", stuck)
    monkeypatch.setattr(runner, "GRACE", 1.0)
    real_stop = runner.stop_workers

    def stop(executor: object) -> None:
        seen.extend(getattr(executor, "_processes", {}) or {})
        real_stop(executor)  # type: ignore[arg-type]

    monkeypatch.setattr(runner, "stop_workers", stop)
    root = make_project(tmp_path / "book")
    begun = time.monotonic()
    with pytest.raises(RenderError, match=r"went on past the time limit of 1 s .* workers were ended"):
        booklet(open_project(root), tmp_path / "b.pdf", Options(jobs=2, cache=False, time_limit=1))
    assert time.monotonic() - begun < 20
    assert seen and not any(alive(pid) for pid in seen)


def test_the_time_limit_holds_for_every_part_laid_out_in_workers(tmp_path: Path) -> None:
    # Laying out a part takes longer than a tenth of a second: no part gets through.
    root = make_project(tmp_path / "book")
    with pytest.raises(RenderError, match=r"took longer than the time limit of 0\.1 s"):
        booklet(open_project(root), tmp_path / "b.pdf", Options(jobs=2, cache=False, time_limit=0.1))
    assert not (tmp_path / "b.pdf").exists()


def test_a_render_past_the_workers_memory_cap_names_its_template(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mmap

    real = workers._render

    def greedy(setting: Setting, html: str) -> object:
        try:  # the address space a runaway template would take, not touched
            mmap.mmap(-1, 3 * 1024**3).close()
        except OSError:
            raise MemoryError from None
        return real(setting, html)

    monkeypatch.setattr(workers, "_render", greedy)
    root = make_project(tmp_path / "book")
    with pytest.raises(
        RenderError,
        match=r"laying out the (careers .* \(templates career\.html "
        r"and booklet\.html\)|booklet's \w+ \(template booklet\.html\)) took more "
        r"memory than a worker may have \(2 GiB\)",
    ):
        booklet(open_project(root), tmp_path / "b.pdf", Options(jobs=2, cache=False))


@pytest.mark.parametrize("delay", [0.15, 0.3, 0.6, 1.0, 1.5])
def test_ctrl_c_at_any_moment_says_one_line(tmp_path: Path, delay: float) -> None:
    # While careerbook is imported, while the workers start, while they lay out: one line.
    root = make_project(tmp_path / "book")
    env = child_env(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "careerbook", "booklet", str(root), "--jobs", "2", "--no-cache"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
        preexec_fn=ctrl_c_works,
    )
    try:
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if proc.returncode == 0:
        pytest.skip("the booklet was done before Ctrl-C")  # a fast machine
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert list((tmp_path / "tmp").iterdir()) == []
    if proc.returncode == -signal.SIGINT and "interrupted" not in err:
        return  # ended by the signal itself, before Python had set up its handler
    # Python may end by the signal itself (-2) after the line, as a shell expects of a Ctrl-C.
    assert proc.returncode in (130, -signal.SIGINT)
    assert err.strip().splitlines()[-1] == "careerbook: interrupted; nothing was written."


# pikepdf's native module ends the whole process (SIGABRT, "Critical nanobind error") when a
# KeyboardInterrupt lands while it loads: the booklet loads it with Ctrl-C held (limits.py).
PIKEPDF_DRIVER = """
import atexit, os, signal, sys

class CtrlCAsPikepdfLoads:
    def find_spec(self, name, path=None, target=None):
        if name == "pikepdf._core":
            os.kill(os.getpid(), signal.SIGINT)
        return None

sys.meta_path.insert(0, CtrlCAsPikepdfLoads())
atexit.register(lambda: print("pikepdf loaded:", "pikepdf._core" in sys.modules))
from careerbook.cli.main import main
main(sys.argv[1:])
"""


def test_ctrl_c_while_pikepdf_loads_waits_until_it_is_loaded(tmp_path: Path) -> None:
    driver = tmp_path / "driver.py"
    driver.write_text(PIKEPDF_DRIVER)
    root = make_project(tmp_path / "book")
    env = child_env(tmp_path)
    done = subprocess.run(
        [sys.executable, str(driver), "booklet", str(root), "--jobs", "2"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        preexec_fn=ctrl_c_works,
    )
    assert done.returncode == 130, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "careerbook: interrupted; nothing was written."
    assert done.stdout.strip().splitlines()[-1] == "pikepdf loaded: True"
    assert list((tmp_path / "tmp").iterdir()) == []
    assert not (root / "output" / "booklet.pdf").exists()
