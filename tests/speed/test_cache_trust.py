"""The cache only ever costs time: a damaged entry is a miss, nothing in it runs when read,
its folder is private, and a cache that cannot be used is said once and done without."""

from __future__ import annotations

import os
import pickle
import stat
from pathlib import Path

import pytest
import yaml

from careerbook.booklet.book import _load_careers
from careerbook.build import booklet
from careerbook.content.project import open_project
from careerbook.options import Options
from careerbook.speed import cache
from careerbook.speed.cache import SEAL, Cache, usable_cache
from pdftools import read_pdf

KEY = "ab" * 32
CAREER = {
    "title": "Glazier",
    "summary": "What a glazier really does, told plainly.",
    "work": {
        "summary": "Cutting and fitting glass, every day.",
        "time_split": [{"activity": "Fitting", "percent": 70}, {"activity": "Measuring", "percent": 30}],
    },
    "dated": "2026-03",
}


def make_project(root: Path) -> Path:
    (root / "content").mkdir(parents=True)
    for n in range(3):
        data = dict(CAREER, title=f"Glazier {n}")
        (root / "content" / f"glazier-{n}.yaml").write_text(yaml.safe_dump(data))
    (root / "careerbook.yaml").write_text(yaml.safe_dump({"title": "Glass", "duplex": False}))
    return root


def build(root: Path, name: str) -> tuple[str, list[str]]:
    said: list[str] = []
    target = root / "output" / name
    booklet(open_project(root), target, Options(jobs=2), report=said.append)
    return read_pdf(target).text, said


def test_an_entry_is_read_back_only_whole(tmp_path: Path) -> None:
    store = Cache(tmp_path)
    path = store.write_bytes("parts", KEY, ".pdf", b"%PDF-1.7 the whole part")
    assert path is not None and store.read_bytes("parts", KEY, ".pdf") == b"%PDF-1.7 the whole part"
    path.write_bytes(b"%PDF-1.7 the wh")  # truncated
    assert store.lookup("parts", KEY, ".pdf") is None
    assert store.read_bytes("parts", KEY, ".pdf") is None
    store.write_text("charts", KEY, ".json", "[1, 2]")
    store.path("charts", KEY, ".json" + SEAL).unlink()  # no seal: not trusted either
    assert store.read_text("charts", KEY, ".json") is None


def test_prune_takes_an_entry_with_its_seal(tmp_path: Path) -> None:
    store = Cache(tmp_path)
    store.write_bytes("parts", KEY, ".pdf", b"x" * 1000)
    assert store.prune(max_bytes=10) == 1
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_truncated_parts_are_laid_out_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAREERBOOK_CACHE_DIR", str(tmp_path / "cache"))
    root = make_project(tmp_path / "book")
    first, _ = build(root, "first.pdf")
    parts = list((tmp_path / "cache" / "parts").rglob("*.pdf"))
    assert parts
    for part in parts:
        part.write_bytes(part.read_bytes()[:400])  # as a full network drive leaves them
    again, said = build(root, "again.pdf")
    assert "Laid out 3 careers" in " ".join(said)
    assert "Glazier 2" in again and again == first


def test_careers_are_cached_as_json_and_a_planted_pickle_never_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAREERBOOK_CACHE_DIR", str(tmp_path / "cache"))
    root = make_project(tmp_path / "book")
    files = sorted((root / "content").glob("*.yaml"))
    careers = _load_careers(files, root)
    entries = sorted((tmp_path / "cache" / "careers").rglob("*.json"))
    assert len(entries) == 3
    assert _load_careers(files, root) == careers  # read back from the cache

    # Someone else's entry, sealed as careerbook seals them: a pickle that runs a command.
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return os.system, (f"touch {marker}",)

    bad = pickle.dumps(Payload())
    for entry in entries:
        entry.write_bytes(bad)
        entry.with_name(entry.name + SEAL).write_bytes(cache._seal(bad))
        entry.with_suffix(".pickle").write_bytes(bad)  # where careerbook once kept them
    assert _load_careers(files, root) == careers  # a miss: read from the files again
    assert not marker.exists()
    kept = [p for p in (tmp_path / "cache").rglob("*") if p.is_file() and not p.name.endswith(SEAL)]
    assert not [p for p in kept if p.suffix != ".pickle" and p.read_bytes()[:1] == b"\x80"]


def test_the_cache_folder_is_made_private(tmp_path: Path) -> None:
    store = Cache(tmp_path / "cache")
    store.write_text("charts", KEY, ".json", "[]")
    assert stat.S_IMODE((tmp_path / "cache").stat().st_mode) == 0o700
    assert usable_cache(tmp_path / "other")
    assert stat.S_IMODE((tmp_path / "other").stat().st_mode) == 0o700


def test_a_cache_every_user_may_change_is_said_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    assert usable_cache(shared) and usable_cache(shared)
    err = capsys.readouterr().err
    assert err.count("may be changed by every user") == 1
    group = tmp_path / "district"
    group.mkdir()
    group.chmod(0o770)  # a district's shared cache: its group is meant to share it
    assert usable_cache(group)
    assert capsys.readouterr().err == ""


def test_a_cache_that_cannot_be_used_is_said_once_and_done_without(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache's folder should be")
    monkeypatch.setenv("CAREERBOOK_CACHE_DIR", str(blocked))
    root = make_project(tmp_path / "book")
    text, said = build(root, "book.pdf")
    assert "Glazier 1" in text and "Laid out 3 careers" in " ".join(said)
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == [
        f"careerbook: the cache at {blocked} cannot be used (it is not a folder); building without it"
    ]
    assert blocked.read_text() == "a file where the cache's folder should be"
