"""`careerbook watch`: an edit rebuilds the PDFs; a bad file is reported and changes nothing."""

from __future__ import annotations

import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from careerbook.live.watch import Sources, watch
from careerbook.options import Options
from pdftools import read_pdf, squash
from processes import ctrl_c_works

CAREERS = Path(__file__).parents[1] / "data" / "careers"
BOOKLET = "booklet.pdf ("  # the last thing a rebuild writes


class Session:
    """`watch` running in a thread, its messages in one queue."""

    def __init__(self, root: Path) -> None:
        self.messages: queue.Queue[str] = queue.Queue()
        self.stop = threading.Event()
        self.ready = threading.Event()
        self.rebuilds: list[int] = []
        self.thread = threading.Thread(target=self._run, args=(root,), daemon=True)
        self.thread.start()
        assert self.ready.wait(120), "watch did not finish its first build"

    def _run(self, root: Path) -> None:
        self.rebuilds.append(
            watch(
                root,
                Options(),
                self.messages.put,
                complain=self.messages.put,
                stop=self.stop,
                ready=self.ready,
            )
        )

    def drain(self) -> list[str]:
        out = []
        while not self.messages.empty():
            out.append(self.messages.get())
        return out

    def until(self, part: str, timeout: float = 90) -> list[str]:
        """Every message up to and including the first one that holds `part`."""
        out: list[str] = []
        deadline = time.monotonic() + timeout
        while not out or part not in out[-1]:
            out.append(self.messages.get(timeout=max(0.1, deadline - time.monotonic())))
        return out


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("watch")
    (root / "content").mkdir()
    shutil.copy(CAREERS / "minimal.yaml", root / "content" / "beekeeper.yaml")
    (root / "careerbook.yaml").write_text("title: Bees\n")
    return root


@pytest.fixture(scope="module")
def session(project: Path) -> Iterator[Session]:
    s = Session(project)
    yield s
    s.stop.set()
    s.thread.join(timeout=10)
    assert not s.thread.is_alive(), "watch did not stop when asked"


def test_it_builds_everything_first(session: Session, project: Path) -> None:
    first = session.drain()
    assert any(m.startswith("Wrote ") and "beekeeper.pdf (" in m for m in first), first
    assert any("booklet.pdf" in m for m in first)
    assert first[-1].startswith("Watching ")
    assert "You look after colonies of bees" in read_pdf(project / "output" / "beekeeper.pdf").text


def test_an_edit_rebuilds_the_handout_and_the_booklet(session: Session, project: Path) -> None:
    career = project / "content" / "beekeeper.yaml"
    career.write_text(career.read_text().replace("sell what they make", "sell comb honey at markets"))
    messages = session.until(BOOKLET)
    assert messages[0] == "Changed: content/beekeeper.yaml"
    assert [m.split(" (")[0] for m in messages if m.startswith("Wrote ")] == [
        f"Wrote {project / 'output' / 'beekeeper.pdf'}",
        f"Wrote {project / 'output' / 'booklet.pdf'}",
    ]
    for pdf in ("beekeeper.pdf", "booklet.pdf"):
        assert squash("sell comb honey at markets") in squash(read_pdf(project / "output" / pdf).text)
    # Writing the PDFs into output/ is not a change that starts another build.
    time.sleep(1.5)
    assert session.drain() == []


def test_a_bad_file_is_reported_and_the_pdfs_stay(session: Session, project: Path) -> None:
    career = project / "content" / "beekeeper.yaml"
    good = career.read_text()
    before = {p.name: p.read_bytes() for p in (project / "output").glob("*.pdf")}
    career.write_text(good + "titel: Oops\n")
    messages = session.until("fix the file and save it again.")
    assert "content/beekeeper.yaml:11:1: titel: unknown field 'titel'; did you mean 'title'?" in messages
    assert not any(m.startswith("Wrote ") for m in messages)
    assert {p.name: p.read_bytes() for p in (project / "output").glob("*.pdf")} == before

    # It kept watching: the fix is built.
    career.write_text(good.replace("comb honey", "raw honey"))
    session.until(BOOKLET)
    assert squash("sell raw honey at markets") in squash(read_pdf(project / "output" / "beekeeper.pdf").text)


def test_files_the_build_does_not_read_start_no_rebuild(session: Session, project: Path) -> None:
    session.drain()
    (project / "photo.png").write_bytes(b"\x89PNG a picture saved beside the book file")
    (project / "content" / "notes.txt").write_text("ideas for next year\n")
    (project / "content" / ".beekeeper.yaml.swp").write_bytes(b"vim")
    time.sleep(2)
    assert session.drain() == []
    (project / "careerbook.yaml").write_text("title: Bees and more\n")
    assert session.until(BOOKLET)[0] == "Changed: careerbook.yaml"


def test_what_the_build_reads(tmp_path: Path) -> None:
    (tmp_path / "careerbook.yaml").write_text("title: Bees\nlogo: art/logo.svg\n")
    sources = Sources.of(tmp_path)
    root = tmp_path.resolve()
    read = [
        root / "careerbook.yaml",
        root / "content",
        root / "styles",
        root / "templates",
        root / "art",
        root / "art" / "logo.svg",
        root / "content" / "bee.yaml",
        root / "content" / "bee.yml",
        root / "styles" / "theme.css",
        root / "styles" / "fonts" / "Body.otf",
        root / "styles" / "paper.png",
        root / "templates" / "sections" / "closing.html",
    ]
    not_read = [
        root / "photo.png",
        root / "logo.svg",
        root / "notes.md",
        root / "output",
        root / "output" / "bee.pdf",
        root / "art" / "other.svg",
        root / "content" / "notes.txt",
        root / "content" / "old" / "bee.yaml",
        root / "content" / ".bee.yaml.swp",
        root / "styles" / "theme.css~",
        root / "styles" / ".#theme.css",
        root / "templates" / "4913",
        root / "templates" / "#closing.html#",
        root / "styles" / ".DS_Store",
    ]
    assert [p for p in read if not sources.read_by_build(p)] == []
    assert [p for p in not_read if sources.read_by_build(p)] == []
    # A logo beside the book file counts, and only that picture.
    (tmp_path / "careerbook.yaml").write_text("title: Bees\nlogo: logo.png\n")
    beside = Sources.of(tmp_path)
    assert beside.read_by_build(root / "logo.png") and beside.top_level(root / "logo.png")
    assert not beside.read_by_build(root / "photo.png")


def test_a_style_change_rebuilds_everything(session: Session, project: Path) -> None:
    (project / "styles").mkdir()
    session.until(BOOKLET)  # a new source folder is a change too
    (project / "styles" / "theme.css").write_text(
        (Path(__file__).parents[2] / "styles" / "default" / "theme.css").read_text()
        + "\nh1 { letter-spacing: 0.01em; }\n"
    )
    messages = session.until(BOOKLET)
    assert messages[0] == "Changed: styles/theme.css"
    assert any(m.startswith("Wrote ") and "beekeeper.pdf" in m for m in messages)


def test_max_rebuilds_ends_the_loop(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    shutil.copy(CAREERS / "minimal.yaml", tmp_path / "content" / "beekeeper.yaml")
    messages: list[str] = []
    ready = threading.Event()
    result: list[int] = []
    thread = threading.Thread(
        target=lambda: result.append(
            watch(tmp_path, Options(), messages.append, complain=messages.append, ready=ready, max_rebuilds=1)
        ),
        daemon=True,
    )
    thread.start()
    assert ready.wait(120)
    (tmp_path / "content" / "beekeeper.yaml").write_text("title: [broken\n")
    thread.join(timeout=60)
    assert result == [1]
    assert any(m.startswith("content/beekeeper.yaml:1:8: YAML syntax:") for m in messages), messages


def test_watch_builds_without_forking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The watcher's threads run beside every build: a forked child could hang on their locks."""
    from careerbook.live import watch as watching

    (tmp_path / "content").mkdir()
    seen: list[Options] = []
    monkeypatch.setattr(watching, "rebuild", lambda root, changed, options, *rest: seen.append(options))
    stop = threading.Event()
    stop.set()  # only the first build
    watch(tmp_path, Options(), lambda _: None, stop=stop)
    assert [o.fork for o in seen] == [False]


def test_ctrl_c_stops_watching_cleanly(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    shutil.copy(CAREERS / "minimal.yaml", tmp_path / "content" / "beekeeper.yaml")
    command = subprocess.Popen(
        [sys.executable, "-m", "careerbook", "watch", str(tmp_path)],
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=ctrl_c_works,
    )
    try:
        lines = []
        while not lines or "Watching" not in lines[-1]:
            line = command.stderr.readline() if command.stderr else ""
            assert line, "".join(lines)
            lines.append(line)
        command.send_signal(signal.SIGINT)
        _, err = command.communicate(timeout=30)
    finally:
        command.kill()
    assert command.returncode == 0, err
    assert "Traceback" not in err
    assert "Stopped watching" in err
