"""A booklet's parts and what is known of them: the records a worker hands the assembler
(pages, anchors, bookmarks, cross-references, stamps, fonts), the Setting every worker lays
parts out from, and where a part's files are kept (the cache, or a build's scratch folder)."""

from __future__ import annotations

import dataclasses
import json
import pickle
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from careerbook.content.models import Career
from careerbook.render.templates import PageSetup
from careerbook.render.theme import Theme
from careerbook.speed.cache import Cache

SCALE = 0.75  # PDF points per CSS pixel


@dataclass
class Xref:
    """A page number a link shows (a cross-reference, a line of the contents or index), stamped
    once known where the part left its box unseen: where the box is, how its text looks."""

    page: int  # in the part
    target: str  # the anchor it links to
    left: float  # CSS px from the page's top-left corner: the box's border box
    top: float
    label: str  # what comes before the number, e.g. ", p.\u00a0"
    style: str  # CSS declarations for the text
    # For a number set flush right (a `.toc-page` of the contents or the index): the box's
    # width, the number's right edge at its end. None: the number starts at `left`.
    width: float | None = None


@dataclass(frozen=True)
class Stamp:
    """Text to stamp onto a page once the page numbers are known."""

    left: float  # CSS px from the page's top-left corner
    top: float
    width: float | None  # None: the text starts at `left`
    align: str  # text-align within `width`
    text: str
    style: str  # the CSS that draws it

    def with_text(self, text: str) -> Stamp:
        return dataclasses.replace(self, text=text)


@dataclass(frozen=True)
class Anchor:
    """Where a named destination of a part is: its page, x and y in PDF points."""

    page: int
    x: float
    y: float


@dataclass(frozen=True)
class Bookmark:
    """An outline entry of a part, as WeasyPrint made it."""

    page: int
    level: int
    label: str
    x: float  # PDF points
    y: float
    state: str  # "open" or "closed"


@dataclass(frozen=True)
class FontUse:
    """An embedded font of a part: the hash of the whole font file it is cut from, and the
    glyphs the part uses (merge.py makes one program of each file for the whole booklet)."""

    sha: str
    glyphs: list[int]


@dataclass
class PartInfo:
    """A part's pages as the assembler needs them; stored beside its PDF in the cache."""

    key: str
    pages: int
    size: tuple[float, float]  # CSS px of the first page
    numbers: list[Stamp | None]  # where each page's number goes (text ""), if it has one
    anchors: dict[str, Anchor]
    bookmarks: list[Bookmark]
    xrefs: list[Xref] = field(default_factory=list)
    fonts: dict[str, FontUse] = field(default_factory=dict)  # by PDF font name

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> PartInfo:
        data = json.loads(text)
        data["size"] = tuple(data["size"])
        data["numbers"] = [Stamp(**n) if n else None for n in data["numbers"]]
        data["anchors"] = {k: Anchor(**v) for k, v in data["anchors"].items()}
        data["bookmarks"] = [Bookmark(**b) for b in data["bookmarks"]]
        data["xrefs"] = [Xref(**x) for x in data["xrefs"]]
        data["fonts"] = {k: FontUse(**v) for k, v in data.get("fonts", {}).items()}
        return cls(**data)


@dataclass
class Setting:
    """Everything a worker needs to lay out any part of this booklet (picklable)."""

    careers: list[Career]
    theme: Theme
    page: PageSetup
    roots: list[Path]
    print_css: str
    variant: str  # "pdf/ua-1", or "plain" for untagged PDF
    cache_root: Path
    cache: bool
    scratch: Path  # where parts go when the cache is off
    time_limit: float | None
    base_key: str  # the hash of what every part depends on

    # The setting as the workers get it, pickled once (`__reduce__`); a Setting is not
    # changed once made.
    _pickled: bytes | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def tagged(self) -> bool:
        return self.variant != "plain"

    def __reduce__(self) -> tuple[Callable[[bytes], Setting], tuple[bytes]]:
        """Every job carries the setting, which is 0.5 MB for 100 careers and takes 50 ms to
        pickle and unpickle: it is pickled once, and unpickled once in each worker."""
        if self._pickled is None:
            fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.init}
            self._pickled = pickle.dumps(fields, protocol=pickle.HIGHEST_PROTOCOL)
        return _unpickled_setting, (self._pickled,)


@lru_cache(maxsize=1)
def _unpickled_setting(pickled: bytes) -> Setting:
    return Setting(**pickle.loads(pickled))


def font_file(setting: Setting, sha: str) -> Path:
    """Where a whole font file the parts use is kept: the cache, or the scratch folder."""
    if setting.cache:
        return Cache(setting.cache_root).path("fonts", sha, ".font")
    return setting.scratch / f"{sha}.font"


def part_file(setting: Setting, key: str) -> Path:
    """Where a part's PDF is: in the cache, or in the build's scratch folder without one."""
    if setting.cache:
        return Cache(setting.cache_root).path("parts", key, ".pdf")
    return setting.scratch / f"{key}.pdf"
