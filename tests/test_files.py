"""Outputs are precious: a failed, interrupted or killed build leaves the previous PDF as it was.

Every file is written to a temporary file in the same folder and moved into
place with os.replace; a failure removes the temporary file. Tested in
process (a stage raising KeyboardInterrupt or an error) and with real
processes killed with SIGINT and SIGTERM half-way through writing.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

from careerbook.cli.main import main
from careerbook.errors import OutputError
from careerbook.files import scratch_folder, write_atomic
from careerbook.limits import guard
from processes import ctrl_c_works

MINIMAL = Path(__file__).parent / "data" / "careers" / "minimal.yaml"
FULL = Path(__file__).parent / "data" / "careers" / "full.yaml"
PREVIOUS = b"%PDF-1.7\n% the previous build, which must survive\n"


def leftovers(folder: Path) -> list[str]:
    """Temporary files left behind (write_atomic names them .<target>.<random>.tmp)."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") or p.suffix == ".tmp")


# --- write_atomic ------------------------------------------------------------------------------


def test_write_atomic_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(PREVIOUS)
    write_atomic(target, lambda tmp: tmp.write_bytes(b"new"))
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o644
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("error", [RuntimeError("disk on fire"), KeyboardInterrupt()])
def test_write_atomic_keeps_the_old_file_when_writing_fails(tmp_path: Path, error: BaseException) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(PREVIOUS)
    seen: list[Path] = []

    def write(tmp: Path) -> None:
        assert tmp.parent == tmp_path  # same folder: os.replace cannot cross file systems
        tmp.write_bytes(b"half a PDF")
        seen.append(tmp)
        raise error

    with pytest.raises(type(error)):
        write_atomic(target, write)
    assert target.read_bytes() == PREVIOUS
    assert seen and not seen[0].exists()
    assert leftovers(tmp_path) == []


# --- where a write may go (files.py) -------------------------------------------------------------


def test_a_device_is_refused_not_replaced(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root may replace /dev/null")
    before = os.stat("/dev/null")
    with pytest.raises(OutputError, match="not a regular file"):
        write_atomic(Path("/dev/null"), lambda tmp: tmp.write_bytes(b"PDF"))
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino
    assert not [n for n in os.listdir("/dev") if n.startswith(".null.")]


def test_a_pipe_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "out.pdf")
    with pytest.raises(OutputError, match="not a regular file"):
        write_atomic(tmp_path / "out.pdf", lambda tmp: tmp.write_bytes(b"PDF"))
    assert stat.S_ISFIFO(os.lstat(tmp_path / "out.pdf").st_mode)


def test_a_link_is_neither_followed_nor_replaced(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "x.pdf").symlink_to(victim)
    with pytest.raises(OutputError, match="symbolic link"):
        write_atomic(tmp_path / "out" / "x.pdf", lambda tmp: tmp.write_bytes(b"PDF"))
    assert victim.read_bytes() == b"precious"
    assert (tmp_path / "out" / "x.pdf").is_symlink()
    assert leftovers(tmp_path / "out") == []


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a folder"):
        write_atomic(tmp_path, lambda tmp: tmp.write_bytes(b"PDF"))
    assert leftovers(tmp_path) == []


def test_a_path_under_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("a file")
    with pytest.raises(OutputError, match=r"notes\.txt is not a folder"):
        write_atomic(tmp_path / "notes.txt" / "x.pdf", lambda tmp: tmp.write_bytes(b"PDF"))
    assert (tmp_path / "notes.txt").read_text() == "a file"


def test_a_read_only_folder_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() == 0:  # root writes through any mode: an immutable folder stops even root
        if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode:
            pytest.skip("chattr +i is not available here")
        undo = ["chattr", "-i", str(folder)]
    else:
        folder.chmod(0o555)
        undo = ["chmod", "755", str(folder)]
    try:
        with pytest.raises(OutputError, match=r"cannot write .*x\.pdf: .*nothing was written"):
            write_atomic(folder / "x.pdf", lambda tmp: tmp.write_bytes(b"PDF"))
        assert os.listdir(folder) == []
    finally:
        subprocess.run(undo, check=True)


def test_a_full_disk_says_so_and_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(PREVIOUS)

    def write(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OutputError, match=r"out\.pdf: the disk is full; nothing was written"):
        write_atomic(target, write)
    assert target.read_bytes() == PREVIOUS
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("where", ["dev-null", "folder", "under-a-file", "full-disk"])
def test_the_command_says_one_line_without_a_traceback(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    where: str,
) -> None:
    import weasyprint

    (tmp_path / "file").write_text("x")
    target = {
        "dev-null": "/dev/null",
        "folder": str(tmp_path),
        "full-disk": str(tmp_path / "o.pdf"),
        "under-a-file": str(tmp_path / "file" / "o.pdf"),
    }[where]
    if where == "full-disk":
        monkeypatch.setattr(
            weasyprint.Document,
            "write_pdf",
            _half_written_then(OSError(errno.ENOSPC, "No space left on device")),
        )
    with pytest.raises(SystemExit) as done:
        main(["-q", "handout", str(project / "content" / "bee.yaml"), "-o", target])
    assert done.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("careerbook: error: cannot write ") and err.count("\n") == 1, err
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert leftovers(tmp_path) == []


def test_a_linked_output_folder_is_refused(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(project / "output")
    (project / "output").symlink_to(elsewhere)
    with pytest.raises(SystemExit) as done:
        main(["-q", "build", str(project)])
    assert done.value.code == 1
    assert "output is a symbolic link" in capsys.readouterr().err
    assert list(elsewhere.iterdir()) == []


# --- a build that fails part-way, in process ----------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    (root / "careerbook.yaml").write_text("title: Atomic\n")
    shutil.copy(MINIMAL, root / "content" / "bee.yaml")
    (root / "output").mkdir()
    for name in ("bee.pdf", "booklet.pdf"):
        (root / "output" / name).write_bytes(PREVIOUS + name.encode())
    return root


def assert_untouched(project: Path) -> None:
    out = project / "output"
    assert (out / "bee.pdf").read_bytes() == PREVIOUS + b"bee.pdf"
    assert (out / "booklet.pdf").read_bytes() == PREVIOUS + b"booklet.pdf"
    assert leftovers(out) == []


def _half_written_then(error: BaseException) -> object:
    """A stand-in for WeasyPrint's write_pdf: writes part of a file, then fails."""

    def write_pdf(self: object, target: object = None, **options: object) -> None:
        assert hasattr(target, "write")
        target.write(b"%PDF-1.7\n half a page")  # type: ignore[union-attr]
        raise error

    return write_pdf


@pytest.mark.parametrize("stage", ["render", "write"])
def test_ctrl_c_mid_build_keeps_the_previous_pdfs(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], stage: str
) -> None:
    import weasyprint

    if stage == "render":

        def interrupted(*args: object, **kwargs: object) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(weasyprint.HTML, "render", interrupted)
    else:
        monkeypatch.setattr(weasyprint.Document, "write_pdf", _half_written_then(KeyboardInterrupt()))
    with pytest.raises(SystemExit) as done:
        main(["-q", "build", str(project)])
    assert done.value.code == 130
    assert "interrupted; nothing was written" in capsys.readouterr().err
    assert_untouched(project)


def test_an_error_while_writing_keeps_the_previous_pdfs(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import weasyprint

    monkeypatch.setattr(weasyprint.Document, "write_pdf", _half_written_then(OSError(28, "No space")))
    with pytest.raises(SystemExit) as done:
        main(["-q", "build", str(project)])
    assert done.value.code == 1
    assert_untouched(project)


def test_a_bad_file_in_the_booklet_keeps_the_previous_pdfs(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "content" / "zz-broken.yaml").write_text("title: Broken\nsummary: [\n")
    with pytest.raises(SystemExit) as done:
        main(["-q", "build", str(project)])
    assert done.value.code == 1
    assert "zz-broken.yaml:3:1" in capsys.readouterr().err
    assert_untouched(project)
    assert not (project / "output" / "zz-broken.pdf").exists()


def test_a_malformed_source_date_epoch_stops_before_any_output(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The career is dated, so the handout itself never asks for the build date.
    (project / "content" / "bee.yaml").write_text(MINIMAL.read_text() + "dated: 2026-06\n")
    for value in ("yesterday", "1.5e9", "", "99999999999999999999"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
        for command in (
            ["build", str(project)],
            ["handout", str(project / "content" / "bee.yaml"), "-o", str(project / "output" / "bee.pdf")],
        ):
            with pytest.raises(SystemExit) as done:
                main(["-q", *command])
            assert done.value.code == 1
            err = capsys.readouterr().err
            assert f"careerbook: error: SOURCE_DATE_EPOCH={value!r} is not a Unix timestamp" in err
    assert_untouched(project)


# --- a real process, killed half-way --------------------------------------------------------------

DRIVER = """
import sys, time, pathlib
import weasyprint

real = weasyprint.Document.write_pdf

def slow(self, target=None, **options):
    real(self, target, **options)  # the temporary file now holds a whole PDF, not yet in place
    pathlib.Path(sys.argv[1]).write_text("half-way")
    time.sleep(120)

weasyprint.Document.write_pdf = slow
from careerbook.cli.main import main
from careerbook.errors import OutputError
from careerbook.limits import guard
main(sys.argv[2:])
"""


@pytest.mark.parametrize(
    ("sig", "command"),
    [
        (signal.SIGINT, "handout"),
        (signal.SIGTERM, "build"),
    ],
)
def test_a_build_killed_half_way_leaves_the_previous_pdf(
    project: Path, tmp_path: Path, sig: signal.Signals, command: str
) -> None:
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER)
    marker = tmp_path / "half-way"
    args = (
        ["handout", str(project / "content" / "bee.yaml"), "-o", str(project / "output" / "bee.pdf")]
        if command == "handout"
        else ["build", str(project)]
    )
    proc = subprocess.Popen(
        [sys.executable, str(driver), str(marker), "-q", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=ctrl_c_works,
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the build never reached the writing stage"
            time.sleep(0.05)
        # Half-way: the temporary file is there, the previous PDF still in place.
        assert [n for n in leftovers(project / "output") if n.endswith(".tmp")]
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, err
    assert "careerbook: interrupted; nothing was written." in err
    assert "Traceback" not in err
    assert_untouched(project)


def test_the_guard_restores_the_signal_handlers_and_the_timer() -> None:
    before = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGALRM)}
    with guard(30):
        assert signal.getsignal(signal.SIGTERM) is not before[signal.SIGTERM]
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0
    assert {sig: signal.getsignal(sig) for sig in before} == before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@pytest.mark.parametrize("stop", [KeyboardInterrupt, RuntimeError])
def test_a_scratch_folder_goes_however_the_block_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stop: type[BaseException]
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(stop), scratch_folder("careerbook-parts-") as folder:
        assert folder.parent == tmp_path and oct(folder.stat().st_mode & 0o777) == "0o700"
        (folder / "part.pdf").write_bytes(b"%PDF")
        raise stop
    assert list(tmp_path.iterdir()) == []


def test_a_ctrl_c_just_after_the_scratch_folder_is_made_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Where `mkdtemp` and then a `try` would leave the folder: made, not yet named.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    real = Path.mkdir

    def made_then_interrupted(self: Path, *args: Any, **kwargs: Any) -> None:
        real(self, *args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "mkdir", made_then_interrupted)
    with pytest.raises(KeyboardInterrupt), scratch_folder("careerbook-parts-"):
        pass
    assert list(tmp_path.iterdir()) == []


def test_what_a_killed_process_left_is_removed_by_a_later_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
    dead_pid = int(gone.stdout)
    long_ago = time.time() - 7 * 3600
    left = {
        "killed": tmp_path / f"careerbook-parts-{dead_pid}-0a1b",  # its process gone, long untouched
        "running": tmp_path / f"careerbook-parts-{os.getpid()}-2c3d",  # its process still there
        "fresh": tmp_path / f"careerbook-parts-{dead_pid}-4e5f",  # touched a moment ago
        "other": tmp_path / f"careerbook-workers-{dead_pid}-6a7b",  # another kind of folder
    }
    for name, folder in left.items():
        folder.mkdir()
        (folder / "part.pdf").write_bytes(b"%PDF")
        if name != "fresh":
            os.utime(folder, (long_ago, long_ago))
    with scratch_folder("careerbook-parts-") as folder:
        assert folder.name.startswith(f"careerbook-parts-{os.getpid()}-")
    assert {p.name for p in tmp_path.iterdir()} == {left[n].name for n in ("running", "fresh", "other")}


def test_a_scratch_folder_never_removes_a_folder_it_did_not_make(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import secrets

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(secrets, "token_hex", lambda n: "same")
    theirs = tmp_path / f"careerbook-parts-{os.getpid()}-same"
    theirs.mkdir()
    (theirs / "part.pdf").write_bytes(b"%PDF")
    with pytest.raises(FileExistsError), scratch_folder("careerbook-parts-"):
        pass
    assert (theirs / "part.pdf").exists()
