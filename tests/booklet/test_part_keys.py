"""A booklet part's cache key follows everything that reaches its layout.

Each option and each book-file field is flipped in turn, and the fast booklet's base key
(plan.base_key: what every part's key starts from) is read where the booklet is built.
The key must change, or the field must be one that provably never reaches a part's layout
(listed below with the reason), or the flip must send the booklet down the one-document
path, where there are no parts to reuse. A `--theme` missing from the key once printed a
booklet whose cover was in one theme and its careers, from the cache, in another.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
import yaml

from careerbook import build
from careerbook.booklet import assemble
from careerbook.content.models import Book
from careerbook.content.project import open_project
from careerbook.options import Options

CAREERS = Path(__file__).parents[1] / "data" / "careers"


class _Stop(Exception):
    """Raised where the booklet's parts would be laid out: the key is known by then."""


# Options that never reach a part's layout, and why.
OPTIONS_NOT_IN_LAYOUT = {
    "time_limit": "how long a layout may take, not what it makes",
    "html": "writes a web page beside the PDF; the parts are the same",
    "imposed": "imposes the finished booklet; the parts are the same",
    "cache": "whether parts are kept, not what they are",
    "jobs": "how many workers lay the parts out",
    "duplex": "a handout's mirrored margins; a booklet's come from the book file's duplex",
    "careers": "which careers are laid out, not how: each chapter's key holds its own career",
    "cluster": "the same, chosen by cluster",
}
# Options whose other value lays the booklet out as one document: no part is reused. (PDF/A
# does too; "plain", flipped here, keeps the parts, untagged.)
OPTIONS_ONE_DOCUMENT = {"bleed", "crop_marks", "single", "fork"}
# Book-file fields whose change reaches the parts another way.
BOOK_NOT_IN_BASE = {
    "careers": "which careers are in the book: each chapter's key holds the careers it refers "
    "to, and the contents part's key its own HTML",
    "title": "printed on the cover only: the front part's key is its HTML, which holds it (the "
    "desk's booklet for one student, under its own title, reuses the chapters)",
    "subtitle": "printed on the cover only, like the title",
}

OTHER_OPTION: dict[str, Any] = {
    "paper": "a4",
    "theme": "ink-saver",
    "time_limit": 5.0,
    "pdf_variant": "plain",
    "bleed": "3mm",
    "crop_marks": True,
    "html": True,
    "imposed": True,
    "cache": False,
    "single": True,
    "jobs": 3,
    "fork": False,
    "area": "Oregon",
    "duplex": True,
    "careers": ("minimal",),
    "cluster": "Agriculture",
}
OTHER_BOOK: dict[str, Any] = {
    "title": "Another Guide",
    "subtitle": "For grade 10",
    "organization": "Riverside High",
    "contact": "counseling@riverside.example",
    "logo": "logo.svg",
    "lang": "es",
    "paper": "a4",
    "theme": "ink-saver",
    "careers": ["minimal"],
    "duplex": False,
    "start": "right",
    "colors": {"accent": "#7a1f5c"},
    "area": "Oregon",
}


def _project(root: Path, book: dict[str, Any]) -> Path:
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "content" / "minimal.yaml").write_text(
        (CAREERS / "minimal.yaml").read_text(encoding="utf-8") + "cluster: Agriculture\n", encoding="utf-8"
    )
    (root / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
    )
    (root / "careerbook.yaml").write_text(yaml.safe_dump(book), encoding="utf-8")
    return root


def _base_key(root: Path, options: Options, monkeypatch: pytest.MonkeyPatch) -> str | None:
    """The base key of the fast booklet's parts; None when the booklet is one document."""
    seen: list[str] = []

    def stop(self: assemble.Assembler, target: Path) -> int:
        seen.append(self.setting.base_key)
        raise _Stop

    monkeypatch.setattr(assemble.Assembler, "build", stop)
    single = build._single(options)
    if single:
        return None
    with pytest.raises(_Stop):
        build.booklet(
            open_project(root), root / "output" / "booklet.pdf", dataclasses.replace(options, jobs=1)
        )
    return seen[0]


def test_every_option_is_in_the_key_or_provably_not_in_the_layout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path / "book", {"title": "Guide"})
    fields = {f.name for f in dataclasses.fields(Options)}
    assert fields == set(OTHER_OPTION), "a new option: say how it reaches the parts"
    before = _base_key(root, Options(), monkeypatch)
    assert before is not None
    for name, value in OTHER_OPTION.items():
        after = _base_key(root, dataclasses.replace(Options(), **{name: value}), monkeypatch)
        if name in OPTIONS_ONE_DOCUMENT:
            assert after is None, name
        elif name in OPTIONS_NOT_IN_LAYOUT:
            assert after == before, name
        else:
            assert after is not None and after != before, f"--{name} is missing from the key"


def test_every_book_field_is_in_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert set(Book.model_fields) == set(OTHER_BOOK), "a new book-file field: flip it here"
    before = _base_key(_project(tmp_path / "base", {"title": "Guide"}), Options(), monkeypatch)
    for name, value in OTHER_BOOK.items():
        book = {"title": "Guide", name: value} if name != "title" else {"title": value}
        after = _base_key(_project(tmp_path / name, book), Options(), monkeypatch)
        assert after is not None
        if name in BOOK_NOT_IN_BASE:
            assert after == before, name
        else:
            assert after != before, f"the book file's {name} is missing from the key"


def test_the_logo_s_bytes_are_in_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path / "book", {"title": "Guide", "logo": "logo.svg"})
    before = _base_key(root, Options(), monkeypatch)
    (root / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="5" cx="5" cy="5"/></svg>'
    )
    assert _base_key(root, Options(), monkeypatch) != before


def test_the_key_does_not_depend_on_where_the_project_lies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A part's key names its structure elements: two folders must give the same PDF.
    book = {"title": "Guide", "logo": "logo.svg"}
    one = _base_key(_project(tmp_path / "one", book), Options(), monkeypatch)
    two = _base_key(_project(tmp_path / "two", book), Options(), monkeypatch)
    assert one == two
