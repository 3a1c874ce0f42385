"""`build` removes what it wrote for a career that is gone (its file deleted or renamed), and
nothing else: not a user's own file in output/, not a file of build's the user has changed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from careerbook.built import MANIFEST
from commands import status

CAREERS = Path(__file__).parents[1] / "data" / "careers"


def names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if p.is_file() and p.name != MANIFEST}


def test_a_deleted_or_renamed_career_takes_its_files_with_it(tmp_path: Path) -> None:
    content, output = tmp_path / "content", tmp_path / "output"
    content.mkdir()
    for name in ("minimal", "spanish", "twelve-slices"):
        shutil.copy(CAREERS / f"{name}.yaml", content)
    (tmp_path / "careerbook.yaml").write_text("title: Stale\n")
    output.mkdir()
    (output / "notes.pdf").write_bytes(b"the counselor's own file")  # never build's
    (output / "old.pdf").write_bytes(b"a handout from before the list was kept")
    assert status("build", str(tmp_path), "--html") == 0
    first = names(output)
    assert {
        "minimal.pdf",
        "minimal.html",
        "spanish.pdf",
        "twelve-slices.pdf",
        "booklet.pdf",
        "booklet.html",
        "notes.pdf",
        "old.pdf",
    } <= first
    listed = {e["name"] for e in json.loads((output / MANIFEST).read_text())["files"]}
    assert "notes.pdf" not in listed and "minimal.pdf" in listed

    (content / "minimal.yaml").unlink()  # deleted
    (content / "spanish.yaml").rename(content / "panadero.yaml")  # renamed: a new slug
    (output / "twelve-slices.html").write_text("edited by hand")  # build's, changed: the user's now
    (content / "twelve-slices.yaml").unlink()
    assert status("build", str(tmp_path), "--html") == 0
    second = names(output)
    assert {"minimal.pdf", "minimal.html", "spanish.pdf", "spanish.html", "twelve-slices.pdf"}.isdisjoint(
        second
    )
    assert {
        "panadero.pdf",
        "panadero.html",
        "booklet.pdf",
        "notes.pdf",
        "old.pdf",
        "twelve-slices.html",
    } <= second
    assert (output / "notes.pdf").read_bytes() == b"the counselor's own file"
    assert (output / "twelve-slices.html").read_text() == "edited by hand"


def test_a_choice_of_careers_removes_nothing_of_the_others(tmp_path: Path) -> None:
    content, output = tmp_path / "content", tmp_path / "output"
    content.mkdir()
    for name in ("minimal", "spanish"):
        shutil.copy(CAREERS / f"{name}.yaml", content)
    (tmp_path / "careerbook.yaml").write_text("title: Chosen\n")
    assert status("build", str(tmp_path)) == 0
    assert status("build", str(tmp_path), "--careers", "minimal") == 0
    assert {"minimal.pdf", "spanish.pdf", "booklet.pdf"} <= names(output)
    (content / "spanish.yaml").unlink()
    assert status("build", str(tmp_path)) == 0  # spanish.pdf is still remembered as build's
    assert "spanish.pdf" not in names(output)


@pytest.mark.parametrize("name", [None, "../careerbook.yaml", "mine.pdf"])
def test_a_broken_or_hostile_list_removes_nothing(tmp_path: Path, name: str | None) -> None:
    """Not a file outside output/, not through a link, and nothing when the list is not JSON,
    even when it names the file's very bytes."""
    import hashlib

    from careerbook.built import Built, remove_stale

    output = tmp_path / "output"
    output.mkdir()
    book = tmp_path / "careerbook.yaml"
    book.write_text("title: Mine\n")
    (output / "mine.pdf").symlink_to(book)
    sha = hashlib.sha256(book.read_bytes()).hexdigest()
    (output / MANIFEST).write_text(
        "not json"
        if name is None
        else json.dumps({"files": [{"name": name, "career": "gone", "sha256": sha}]})
    )
    assert remove_stale(output, ["kept"], [Built("kept.pdf", "kept", "0")]) == []
    assert book.exists() and (output / "mine.pdf").is_symlink()


def test_a_handout_watch_rebuilt_is_still_build_s_to_remove(tmp_path: Path) -> None:
    # watch rewrites one career's handout; the list must say so, or the next build would take
    # the new file for the user's and keep it once the career is gone.
    from careerbook.live.watch import rebuild
    from careerbook.options import Options

    content, output = tmp_path / "content", tmp_path / "output"
    content.mkdir()
    for name in ("minimal", "spanish"):
        shutil.copy(CAREERS / f"{name}.yaml", content)
    (tmp_path / "careerbook.yaml").write_text("title: Watched\n")
    assert status("build", str(tmp_path)) == 0
    (content / "minimal.yaml").write_text(
        (content / "minimal.yaml").read_text(encoding="utf-8") + "closing: A new last line.\n",
        encoding="utf-8",
    )
    rebuild(tmp_path, {content / "minimal.yaml"}, Options(fork=False), lambda _: None)
    (content / "minimal.yaml").unlink()
    assert status("build", str(tmp_path)) == 0
    assert "minimal.pdf" not in names(output) and "spanish.pdf" in names(output)
