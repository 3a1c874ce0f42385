"""The plan of a booklet: where each part's pages go (blank pages between, padding at the
end), what every part's cache key is made of, and the estimate of where careers will start
while their parts are still being laid out."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from careerbook.booklet.parts import Setting
from careerbook.content.models import Career
from careerbook.render.templates import related
from careerbook.resources import fonts_dir
from careerbook.speed.cache import FORMAT, code_digest, digest, package_stamp


@dataclass(frozen=True)
class Placed:
    """A page of the booklet taken from a part: the part's name and the page in it (0-based)."""

    part: str
    page: int


@dataclass
class Layout:
    """The booklet's pages in order: a part's page, or None for a blank page."""

    pages: list[Placed | None]
    starts: dict[str, int]  # part name -> its first page number (1-based)

    @property
    def count(self) -> int:
        return len(self.pages)

    @property
    def blanks(self) -> int:
        return sum(1 for placed in self.pages if placed is None)

    def side(self, name: str) -> str:
        """The side of the sheet a part starts on: "right" (odd pages) or "left"."""
        return "right" if self.starts[name] % 2 else "left"

    def after_blank(self, name: str) -> bool:
        """Whether a blank page comes just before the part."""
        start = self.starts[name]
        return start > 1 and self.pages[start - 2] is None


@dataclass(frozen=True)
class Part:
    """A part of the booklet to place: its name and its number of pages."""

    name: str
    pages: int


START = ("right", "any", "auto")  # the book file's `start`


def lay_out(sequence: Sequence[Part], duplex: bool, pad_to: int, start: str = "right") -> Layout:
    """The parts one after another, the first on page 1, then padded with blank pages to a
    multiple of `pad_to`. When `duplex`, `start` says where the others begin:

    - "right": each on a right-hand (odd) page, after a blank page where needed;
    - "any": each on the next page;
    - "auto": as "any", except that, in book order, a part that would begin on a left-hand
      page gets a blank page before it, to begin on a right-hand one, wherever that costs
      no sheet: the booklet, padded, has as many pages as with "any". The blank pages that
      padding would add at the end go before parts instead.
    """
    if start not in START:
        raise ValueError(f"start must be one of {', '.join(START)}, not {start!r}")
    if not duplex:
        start = "any"
    sheet = max(pad_to, 2) if duplex else max(pad_to, 1)  # pages a sheet takes

    def padded(count: int) -> int:
        return -(-count // sheet) * sheet

    budget = padded(sum(part.pages for part in sequence))  # the pages of "any"
    pages: list[Placed | None] = []
    starts: dict[str, int] = {}
    for n, part in enumerate(sequence):
        if n and len(pages) % 2 == 1 and duplex:  # the next page would be a left-hand one
            rest = sum(p.pages for p in sequence[n:])
            if start == "right" or (start == "auto" and padded(len(pages) + 1 + rest) <= budget):
                pages.append(None)
        starts[part.name] = len(pages) + 1
        pages.extend(Placed(part.name, i) for i in range(part.pages))
    while pad_to > 1 and len(pages) % pad_to:
        pages.append(None)
    return Layout(pages, starts)


def _folders_digest(folders: Sequence[Path]) -> str:
    """The files of these folders, by their names inside the folder and their bytes: not by
    where the folder lies (the key must not depend on the project's place)."""
    digest_of = hashlib.sha256()
    for number, folder in enumerate(folders):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest_of.update(f"{number}/{path.relative_to(folder).as_posix()}\0".encode())
            digest_of.update(path.read_bytes())
            digest_of.update(b"\0")
    return digest_of.hexdigest()


# Fields of a Setting that never reach a part's layout: where parts are kept, how long a
# layout may take, which folders the fetcher may read from (what it does read is in the key:
# the theme's files, the logo's bytes). Every other field is in the key. No absolute path may
# be in it: a part's key names its structure elements, and a build must not depend on where
# the project lies.
NOT_LAYOUT = frozenset({"careers", "cache_root", "cache", "scratch", "time_limit", "base_key", "roots"})


def base_key(setting: Setting, logo: Path | None) -> str:
    """What every part depends on: careerbook's code, WeasyPrint, the templates, styles and
    fonts, the logo's bytes, and every field of the setting that reaches the layout (the
    theme with its colours, the page setup with the book file, the print-shop CSS, the PDF
    variant ...). Derived from the objects themselves, so that a new option cannot be
    forgotten: tests/booklet/test_plan.py flips each one. The book's `careers` list is left
    out: a chapter's key holds what it needs of it (the careers it refers to). So are the
    book's `title` and `subtitle`, which only the cover prints: the cover's key is its HTML,
    which holds them; so the desk's booklet for one student, under a title of its own, is
    put together from the chapters laid out for the project's booklet."""
    theme = setting.theme
    layout_fields = {
        f.name: getattr(setting, f.name)
        for f in dataclasses.fields(setting)
        if f.init and f.name not in NOT_LAYOUT
    }
    layout_fields["page"] = dataclasses.replace(
        setting.page,
        book=setting.page.book.model_copy(update={"careers": None, "title": "", "subtitle": None}),
        logo_uri=Path(setting.page.logo_uri).name if setting.page.logo_uri else None,
    )
    layout_fields["theme"] = dataclasses.replace(theme, style_dirs=(), template_dirs=())
    return digest(
        FORMAT,
        "booklet",
        code_digest(),
        package_stamp("weasyprint"),
        package_stamp("pydyf"),
        package_stamp("fontTools"),
        _folders_digest(theme.template_dirs),
        _folders_digest(theme.style_dirs),
        _folders_digest((fonts_dir(),)),
        hashlib.sha256(logo.read_bytes()).hexdigest() if logo else None,
        layout_fields,
    )


def chapter_key(
    setting: Setting, career: Career, in_book: dict[str, str], digits: dict[str, int], side: str
) -> str:
    return digest(setting.base_key, "chapter", career, related(career, in_book), digits, side)


def digits_of(number: int) -> int:
    return len(str(number))


def targets_of(career: Career, in_book: dict[str, str]) -> list[str]:
    return [r.anchor for r in related(career, in_book) if r.anchor]


@dataclass
class Estimate:
    """Where the careers will start, as far as is known while their parts are laid out."""

    starts: dict[str, int]  # the likeliest first page of each career
    uncertain: set[str]  # those whose number of digits could still change
    sides: dict[str, str]  # the likeliest side each career begins on (see Assembler.side)

    def digits(self) -> dict[str, int]:
        return {key: digits_of(page) for key, page in self.starts.items()}

    def risk(self, targets: list[str]) -> float:
        """0 when the digits of every target are sure; else nearer 1 the nearer a target's
        likeliest page is to where the number of digits changes."""
        unsure = [self.starts[t] for t in targets if t in self.uncertain]
        return max((1 / (1 + _margin(page)) for page in unsure), default=0.0)


def _margin(page: int) -> float:
    """How far `page` is from the nearest page where numbers gain a digit, relative to it."""
    return min(abs(page - edge) for edge in (10, 100, 1000, 10000)) / max(page, 1)
