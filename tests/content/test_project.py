"""A content project: its book file's logo and its career files, checked where they really are."""

from __future__ import annotations

import os
import shutil
import signal
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from careerbook.booklet.book import ordered_careers
from careerbook.content.checks import check
from careerbook.content.project import open_project
from careerbook.content.validate import load_career
from careerbook.errors import ContentError


def test_a_logo_named_png_that_links_to_another_file_is_refused(tmp_path: Path) -> None:
    # The book file's name passes the model's check; the file it leads to does not.
    (tmp_path / "notes.txt").write_text("not a picture\n")
    (tmp_path / "logo.png").symlink_to("notes.txt")
    (tmp_path / "careerbook.yaml").write_text("logo: logo.png\n")
    with pytest.raises(ContentError, match=r"'logo\.png' is not an SVG or PNG file"):
        open_project(tmp_path).logo()


def test_a_logo_in_the_project_is_found(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "Logo.SVG").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "careerbook.yaml").write_text("logo: images/Logo.SVG\n")
    assert open_project(tmp_path).logo() == (tmp_path / "images" / "Logo.SVG").resolve()


# --- career files: only regular files inside the project, never read past the cap ------------------

MINIMAL = Path(__file__).parents[1] / "data" / "careers" / "minimal.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    (root / "careerbook.yaml").write_text("title: Confined\n")
    shutil.copy(MINIMAL, root / "content" / "bee.yaml")
    return root


class Hung(Exception):
    """Not an OSError (TimeoutError is one), which a reader might take for a bad file."""


@contextmanager
def no_hang(seconds: int = 10) -> Iterator[None]:
    def hung(signum: int, frame: object) -> None:
        raise Hung("reading the project hung")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_career_linked_from_outside_the_project_is_refused(project: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "private" / "secret.yaml"
    elsewhere.parent.mkdir()
    elsewhere.write_text(MINIMAL.read_text().replace("Beekeeper", "TOPSECRET"))
    (project / "content" / "x.yaml").symlink_to(elsewhere)
    with pytest.raises(ContentError, match=r"x\.yaml:1:1: leads outside the project"):
        ordered_careers(open_project(project))
    report = check([project])
    assert [p.path.name for p in report.problems] == ["x.yaml"]
    assert "leads outside the project" in report.problems[0].message


def test_a_career_linked_inside_the_project_is_read(project: Path) -> None:
    (project / "drafts").mkdir()
    shutil.copy(MINIMAL, project / "drafts" / "ant.yaml")
    (project / "content" / "ant.yaml").symlink_to(project / "drafts" / "ant.yaml")
    assert [c.key for c in ordered_careers(open_project(project))] == ["ant", "bee"]


def test_the_confinement_holds_on_the_opened_file(project: Path, tmp_path: Path) -> None:
    # A link made after the folder was listed (a race): the reader checks what it opened.
    secret = tmp_path / "secret.yaml"
    shutil.copy(MINIMAL, secret)
    (project / "content" / "late.yaml").symlink_to(secret)
    with pytest.raises(ContentError, match="leads outside the project"):
        load_career(project / "content" / "late.yaml", [project])


def test_a_pipe_in_content_does_not_hang_the_booklet(project: Path) -> None:
    os.mkfifo(project / "content" / "pipe.yaml")
    with no_hang(), pytest.raises(ContentError, match=r"pipe\.yaml:1:1: not a regular file"):
        ordered_careers(open_project(project))


def test_a_huge_sparse_career_file_is_refused_unread(project: Path) -> None:
    big = project / "content" / "big.yaml"
    with big.open("wb") as file:
        file.truncate(2 * 1024**3)
    tracemalloc.start()
    try:
        with pytest.raises(ContentError, match=f"file is {2 * 1024**3:,} bytes"):
            ordered_careers(open_project(project))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50 * 1024**2


def test_a_pipe_as_the_book_file_does_not_hang(project: Path) -> None:
    (project / "careerbook.yaml").unlink()
    os.mkfifo(project / "careerbook.yaml")
    with no_hang(), pytest.raises(ContentError, match="not a regular file"):
        open_project(project)
