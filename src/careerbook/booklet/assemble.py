"""The fast booklet: each career laid out on its own, in parallel and cached, then assembled.

The single-document booklet (book.render_book_html) makes WeasyPrint lay out the
whole book at once, and lay much of it out again until every page number that
`target-counter()` prints is known. Here the book is cut into parts that do not
depend on where they end up:

- one part per career (a "chapter"), laid out by worker processes a few at a time
  and kept in the cache (cache.py) under the hash of all that shapes it, so that
  an unchanged career is never laid out again;
- "front" (cover and contents), "back" (the index) and "blank" (a blank verso);
- "stamps": the page numbers, and the numbers that links show (cross-references
  such as "Sound Designer, p. 9", the contents, the index), each placed exactly
  where the parts left an unseen box for it, and stamped onto their pages. A
  cross-reference's box has the width of its number (figures of equal width, so
  only the count of digits matters); the contents' and the index's numbers are set
  flush right, so their box may be of any width.

merge.py puts the parts together, pages in order with the blank versos a duplex
booklet needs, and writes them out as it goes (the main process does not grow
with the book). tests/test_fast_booklet.py checks, page by page, that the result
equals the single-document booklet.
"""

from __future__ import annotations

import dataclasses
import html as html_lib
import json
import math
import os
import pickle
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from careerbook.booklet.book import Chapter, anchors, render_part_html
from careerbook.content.models import Career
from careerbook.errors import CareerbookError, RenderError, TemplateError
from careerbook.render.templates import Page, related, render_career
from careerbook.render.theme import Theme
from careerbook.speed.cache import (
    FORMAT,
    Cache,
    charts_cached,
    code_digest,
    digest,
    files_digest,
    package_stamp,
)

if TYPE_CHECKING:
    from weasyprint import Document

SCALE = 0.75  # PDF points per CSS pixel
MAX_ROUNDS = 5  # layouts tried before the page numbers' widths settle
BATCH = 6  # careers laid out in one document by a worker: its memory grows with it
NUMBER_PAGES_STEP = 32  # the page numbers' stamps cover pages 1..n, n rounded up to this
STAMP_PAGES = 128  # pages of stamps laid out in one part (on one sheet)
SHEET = "careerbook-stamps"  # the class of the block that holds all the stamps of a part


# -- what a laid-out part tells the assembler ----------------------------------------------


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


# Text to stamp: left and top (CSS px from the page's corner), width (None: the text starts
# at left), text-align, the text, and the CSS that draws it.
Stamp = tuple[float, float, float | None, str, str, str]


@dataclass
class PartInfo:
    """A part's pages as the assembler needs them; stored beside its PDF in the cache."""

    key: str
    pages: int
    size: tuple[float, float]  # CSS px of the first page
    numbers: list[Stamp | None]  # where each page's number goes (text ""), if it has one
    anchors: dict[str, tuple[int, float, float]]  # name -> (page, x, y in PDF points)
    bookmarks: list[tuple[int, int, str, float, float, str]]  # page, level, label, x, y, state
    xrefs: list[Xref] = field(default_factory=list)
    # The embedded fonts: PDF font name -> (hash of the font file it is cut from, glyphs used).
    fonts: dict[str, tuple[str, list[int]]] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> PartInfo:
        data = json.loads(text)
        data["size"] = tuple(data["size"])
        data["numbers"] = [tuple(n) if n else None for n in data["numbers"]]
        data["anchors"] = {k: tuple(v) for k, v in data["anchors"].items()}
        data["bookmarks"] = [tuple(b) for b in data["bookmarks"]]
        data["xrefs"] = [Xref(**x) for x in data["xrefs"]]
        data["fonts"] = {k: (v[0], list(v[1])) for k, v in data.get("fonts", {}).items()}
        return cls(**data)


@dataclass
class Setting:
    """Everything a worker needs to lay out any part of this booklet (picklable)."""

    careers: list[Career]
    theme: Theme
    page: Page
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


# -- laying out parts (in worker processes) -------------------------------------------------


def _render(setting: Setting, html: str) -> Document:
    from careerbook.build import with_print_css
    from careerbook.pdf.document import render_document
    from careerbook.resources import styles_dir

    return render_document(with_print_css(html, setting.print_css), styles_dir(), setting.roots,
                           reuse_styles=True)


def _text_style(box: Any) -> str:
    """The CSS that draws text as `box` draws it: font, size, weight, colour, line height."""
    style = box.style
    families = ", ".join(f'"{f}"' for f in style["font_family"])
    line_height = style["line_height"]
    if line_height == "normal":
        line = "normal"
    elif getattr(line_height, "unit", None) is None:
        line = str(line_height.value if hasattr(line_height, "value") else line_height)
    else:
        line = f"{line_height.value}{line_height.unit}"
    color = style["color"]
    if hasattr(color, "to"):  # tinycss2's CSS Color 4 colour
        red, green, blue = color.to("srgb").coordinates
        rgba = f"rgba({red * 255:.3f}, {green * 255:.3f}, {blue * 255:.3f}, {color.alpha})"
    else:
        rgba = str(color)
    numeric = style["font_variant_numeric"]
    numeric_css = " ".join(numeric) if isinstance(numeric, tuple | list) else str(numeric)
    spacing = style["letter_spacing"]
    letter = "normal" if spacing == "normal" else f"{spacing.value}{spacing.unit or 'px'}"
    return (f"font-family: {families}; font-size: {style['font_size']}px; "
            f"font-weight: {style['font_weight']}; font-style: {style['font_style']}; "
            f"font-stretch: {style['font_stretch']}; line-height: {line}; color: {rgba}; "
            f"letter-spacing: {letter}; font-variant-numeric: {numeric_css}; "
            "white-space: nowrap; margin: 0; padding: 0; border: 0")


def _box_text(box: Any) -> str:
    text = getattr(box, "text", None)
    if text is not None:
        return str(text)
    return "".join(_box_text(child) for child in getattr(box, "children", ()))


def _describe(key: str, document: Document) -> PartInfo:
    """What the assembler needs to know about a laid-out part."""
    from weasyprint.formatting_structure import boxes

    anchors_: dict[str, tuple[int, float, float]] = {}
    bookmarks: list[tuple[int, int, str, float, float, str]] = []
    xrefs: list[Xref] = []
    numbers: list[Stamp | None] = []
    for index, page in enumerate(document.pages):
        height = page.height
        for name, (x, y, _, _) in page.anchors.items():
            anchors_.setdefault(name, (index, x * SCALE, (height - y) * SCALE))
        for level, label, (x, y), state in page.bookmarks:
            bookmarks.append((index, level, label, x * SCALE, (height - y) * SCALE, state))
        numbers.append(next((_number_stamp(child) for child in page._page_box.children
                             if isinstance(child, boxes.MarginBox)
                             and child.style["visibility"] == "hidden"), None))
        for kind, target, (x1, y1, x2, _), box in page.links:
            tag = getattr(box, "element_tag", "") or ""
            if (kind == "internal" and tag.endswith("::after")
                    and isinstance(box, boxes.InlineBlockBox) and box.style["visibility"] == "hidden"):
                label = _box_text(box).rstrip("0123456789")
                # A contents or index number sits at the right end of its line, whatever the
                # project's stylesheet does to get it there.
                element = getattr(box, "element", None)
                flush_right = element is not None and "toc-page" in (element.get("class") or "").split()
                xrefs.append(Xref(index, target, x1, y1, label, _text_style(box),
                                  x2 - x1 if flush_right else None))
    first = document.pages[0]
    return PartInfo(key, len(document.pages), (first.width, first.height), numbers, anchors_,
                    bookmarks, xrefs)


def _number_stamp(margin_box: Any) -> Stamp | None:
    """Where the page number goes: the unseen number's margin box, its first line, its style."""
    line = next(iter(margin_box.children), None)
    if line is None:
        return None
    text = next((b for b in _boxes(line) if getattr(b, "text", None) is not None), None)
    style = _text_style(text if text is not None else margin_box)
    return (margin_box.content_box_x(), line.position_y, margin_box.width,
            str(margin_box.style["text_align_all"]), "", style)


def _boxes(box: Any) -> list[Any]:
    out = [box]
    for child in getattr(box, "children", ()):
        out.extend(_boxes(child))
    return out


def _finisher(setting: Setting, prefix: str, info: PartInfo, tagged: bool) -> Callable[[Any, Any], None]:
    """The part written with one object each; if tagged, careerbook's PDF/UA fix-ups, then
    table header IDs made unique in the whole booklet, and which font files the part's fonts
    are cut from (merge.py makes one program of each)."""
    import pydyf

    from careerbook.pdf.tagging import finish

    def finish_part(document: Any, pdf: Any) -> None:
        _without_object_stream(pdf)
        if not tagged:
            return
        finish(document, pdf)
        info.fonts = _font_sources(setting, document)
        for obj in pdf.objects:
            if not isinstance(obj, pydyf.Dictionary) or obj.get("Type") != "/StructElem":
                continue
            if isinstance(obj.get("ID"), pydyf.String):
                obj["ID"] = pydyf.String(f"{prefix}-{obj['ID'].string}")
            attributes = obj.get("A")
            if isinstance(attributes, pydyf.Dictionary) and "Headers" in attributes:
                attributes["Headers"] = pydyf.Array(
                    pydyf.String(f"{prefix}-{h.string}") for h in attributes["Headers"])

    return finish_part


def _font_sources(setting: Setting, document: Any) -> dict[str, tuple[str, list[int]]]:
    """For each font the part embeds: the hash of its whole font file (kept in the cache) and
    the glyphs it uses."""
    import hashlib

    from weasyprint.text.fonts import get_hb_object_data

    out = {}
    for font in document.fonts.values():
        if font.bitmap or not font.widths:
            continue
        whole = get_hb_object_data(font.hb_face)
        if not whole:
            continue
        sha = hashlib.sha256(whole).hexdigest()
        path = font_file(setting, sha)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}")
            tmp.write_bytes(whole)
            os.replace(tmp, path)
        out[font.name.decode("latin-1").lstrip("/")] = (sha, sorted(font.widths))
    return out


def font_file(setting: Setting, sha: str) -> Path:
    """Where a whole font file the parts use is kept: the cache, or the scratch folder."""
    if setting.cache:
        return Cache(setting.cache_root).path("fonts", sha, ".font")
    return setting.scratch / f"{sha}.font"


def _write(setting: Setting, document: Document, path: Path, *, tagged: bool, prefix: str,
           info: PartInfo) -> None:
    """Write a part; links to anchors in other parts stay as named destinations."""
    from careerbook.pdf.document import write_pdf

    known = {name for page in document.pages for name in page.anchors}
    missing = {target for page in document.pages for kind, target, *_ in page.links
               if kind == "internal" and target not in known}
    for name in sorted(missing):  # the booklet defines them; WeasyPrint needs them here too
        document.pages[0].anchors[name] = (0, 0, 0, 0)
    tagged = tagged and setting.tagged
    options: dict[str, Any] = {"finisher": _finisher(setting, prefix, info, tagged)}
    if tagged:
        options.update(variant=setting.variant, pdf_tags=True)
    write_pdf(document, path, **options)


def _without_object_stream(pdf: Any) -> None:
    """Have pydyf write each object on its own, streams still compressed, instead of all in
    one object stream: pikepdf (qpdf) parses an object stream whole when it reads one object
    of it, and holds it. Opening the index of a long book (10,000 objects) cost the main
    process 19 MiB so, and 2 MiB written an object at a time."""
    write = pdf.write

    def plain(output: Any, version: Any = b"1.7", identifier: Any = False,
              compress: bool = False) -> None:
        write(output, version, identifier, compress=False)

    pdf.write = plain


def part_file(setting: Setting, key: str) -> Path:
    """Where a part's PDF is: in the cache, or in the build's scratch folder without one."""
    if setting.cache:
        return Cache(setting.cache_root).path("parts", key, ".pdf")
    return setting.scratch / f"{key}.pdf"


def _store(setting: Setting, document: Document, key: str, *, tagged: bool = True) -> PartInfo:
    info = _describe(key, document)
    _write(setting, document, part_file(setting, key), tagged=tagged, prefix=key[:12], info=info)
    Cache(setting.cache_root, enabled=setting.cache).write_text("parts", key, ".json", info.to_json())
    return info


def _guarded(setting: Setting, work: Callable[[], Any]) -> Any:
    """Run a worker's job under the time limit; errors come back as (kind, message)."""
    from careerbook.limits import guard
    from careerbook.speed.collector import collected_after

    try:
        with guard(setting.time_limit), collected_after(), \
                charts_cached(Cache(setting.cache_root, enabled=setting.cache)):
            return work()
    except CareerbookError as exc:
        return _Failure(type(exc).__name__, str(exc))


@dataclass
class _Failure:
    kind: str
    message: str


def render_chapters(setting: Setting, batch: list[tuple[int, str, dict[str, int]]]) -> Any:
    """Lay out a few careers in one document, then write each career's pages as its part."""

    def work() -> list[PartInfo]:
        in_book = anchors(setting.careers)
        careers = [setting.careers[i] for i, _, _ in batch]
        digits: dict[str, int] = {}
        for _, _, d in batch:
            digits.update(d)
        chapters = [Chapter(c, render_career(c, setting.theme, setting.page, in_book))
                    for c in careers]
        document = _render(setting, render_part_html(
            setting.careers, setting.theme, setting.page, "chapter", chapters=chapters,
            digits=digits))
        starts = []
        for career in careers:
            start = next((i for i, p in enumerate(document.pages) if career.key in p.anchors), None)
            if start is None:
                raise RenderError(f"the career '{career.key}' has no page in the booklet; "
                                  "check the project's templates (career.html needs its id)")
            starts.append(start)
        infos = []
        for n, ((_, key, _), start) in enumerate(zip(batch, starts, strict=True)):
            end = starts[n + 1] if n + 1 < len(starts) else len(document.pages)
            pages = [p for p in document.pages[start:end] if not p._page_box.page_type.blank]
            infos.append(_store(setting, document.copy(pages), key))
        return infos

    return _guarded(setting, work)


def render_part(setting: Setting, part: str, key: str, html: str) -> Any:
    """Lay out and store one of "front", "back", "blank", or "stamps" (numbers to stamp)."""

    def work() -> PartInfo:
        document = _render(setting, html)
        if part == "stamps":
            document = _pages_of_sheet(document)
        return _store(setting, document, key, tagged=part in ("front", "back"))

    return _guarded(setting, work)


def _font_faces(theme: Theme) -> str:
    """The theme's @font-face rules and nothing else: a page of stamps needs the fonts only."""
    import tinycss2

    rules = []
    for path in theme.stylesheets():
        for rule in tinycss2.parse_stylesheet(path.read_text(encoding="utf-8"),
                                              skip_comments=True, skip_whitespace=True):
            if rule.type == "at-rule" and rule.lower_at_keyword == "font-face":
                rules.append(rule.serialize())
    return "\n".join(rules)


def _stamps_html(setting: Setting, pages: list[list[Stamp]]) -> str:
    """Every page of stamps on one sheet, each stamp marked with the page it is for:
    `_pages_of_sheet` then makes each a page of its own. A page costs WeasyPrint a few
    milliseconds to lay out whatever is on it (its styles, its sixteen margin boxes), and a
    book has hundreds of pages of stamps.

    A stamp's look is a class (a book has a few), its place a short style attribute:
    WeasyPrint parses every style attribute on its own.
    """
    size = "letter" if setting.page.paper == "letter" else "A4"
    looks: dict[tuple[str, str], str] = {}
    inner = []
    for index, stamps in enumerate(pages):
        for left, top, width, align, text, style in stamps:
            look = looks.setdefault((align, style), f"s{len(looks)}")
            place = f"left: {left}px; top: {top}px" + (f"; width: {width}px" if width is not None else "")
            inner.append(f'<div class="{look}" data-page="{index}" style="{place}">'
                         f"{html_lib.escape(text)}</div>")
    # Offsets from where an empty block of height 0 sits, the page's corner: laid out like
    # any block, where an absolute box would cost a shrink-to-fit.
    rules = "".join(f".{look} {{ position: relative; height: 0; text-align: {align}; {style} }}\n"
                    for (align, style), look in looks.items()).replace("</", "<\\/")
    return (f'<!DOCTYPE html><html lang="{html_lib.escape(setting.page.lang)}"><head>'
            f"<meta charset=\"utf-8\"><title>stamps</title><style>{_font_faces(setting.theme)}\n"
            f"@page {{ size: {size}; margin: 0; }}\n"
            f"{setting.print_css}\n@page {{ marks: none; }}\n"
            "html, body { margin: 0; padding: 0; }\n"
            f".{SHEET} {{ position: relative; height: 0; }}\n"
            f"{rules}</style></head><body><div class=\"{SHEET}\" data-pages=\"{len(pages)}\">"
            f"{''.join(inner)}</div></body></html>")


def _pages_of_sheet(document: Document) -> Document:
    """The sheet of stamps (`_stamps_html`) as one page for each page of stamps, holding its
    stamps where the sheet has them: the boxes of a page laid out on its own, without laying
    out each page anew."""
    page = document.pages[0]
    path = _path_to_sheet(page._page_box)
    if path is None:
        raise RenderError("the stamps were not laid out on one sheet; "
                          "try `careerbook booklet --single`")
    sheet = path[-1]
    groups: list[list[Any]] = [[] for _ in range(int(sheet.element.get("data-pages")))]
    for child in sheet.children:
        if (index := child.element.get("data-page")) is not None:
            groups[int(index)].append(child)
    pages = []
    for stamps in groups:
        box = sheet.copy_with_children(stamps)
        for parent, child in zip(reversed(path[:-1]), reversed(path[1:]), strict=True):
            box = parent.copy_with_children([box if c is child else c for c in parent.children])
        pages.append(type(page)(box))
    return document.copy(pages)


def _path_to_sheet(box: Any) -> list[Any] | None:
    """The boxes from `box` down to the sheet of stamps (`_stamps_html`), if it holds one."""
    element = getattr(box, "element", None)
    if element is not None and element.get("class") == SHEET:
        return [box]
    for child in getattr(box, "children", []):
        if (below := _path_to_sheet(child)) is not None:
            return [box, *below]
    return None


# -- the plan: where every part's pages go ---------------------------------------------------


@dataclass
class Layout:
    """The booklet's pages in order: (part, page in part) or None for a blank page."""

    pages: list[tuple[str, int] | None]
    starts: dict[str, int]  # part name -> its first page number (1-based)

    @property
    def count(self) -> int:
        return len(self.pages)


def lay_out(sequence: Sequence[tuple[str, int]], duplex: bool, pad_to: int) -> Layout:
    """Parts one after another, each from a right-hand page when duplex, blank pages between."""
    pages: list[tuple[str, int] | None] = []
    starts: dict[str, int] = {}
    for name, count in sequence:
        if duplex and pages and len(pages) % 2 == 1:
            pages.append(None)  # the next page would be a left-hand one
        starts[name] = len(pages) + 1
        pages.extend((name, i) for i in range(count))
    while pad_to > 1 and len(pages) % pad_to:
        pages.append(None)
    return Layout(pages, starts)


# -- the booklet ---------------------------------------------------------------------------


@dataclass
class Report:
    """What a fast build did: parts laid out and found in the cache (for tests and the bench)."""

    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    rounds: int = 0


def _template_files(theme: Theme) -> list[Path]:
    files: list[Path] = []
    for folder in theme.template_dirs:
        files.extend(p for p in folder.rglob("*") if p.is_file())
    return files


def base_key(setting_parts: dict[str, Any], theme: Theme) -> str:
    """What every part depends on: careerbook's code, WeasyPrint, templates, styles, settings."""
    from careerbook.resources import fonts_dir

    styles = [p for folder in theme.style_dirs for p in folder.rglob("*") if p.is_file()]
    return digest(FORMAT, "booklet", code_digest(), package_stamp("weasyprint"),
                  package_stamp("pydyf"), package_stamp("fontTools"),
                  files_digest(_template_files(theme)), files_digest(styles),
                  files_digest(sorted(fonts_dir().iterdir())), setting_parts)


def chapter_key(setting: Setting, career: Career, in_book: dict[str, str],
                digits: dict[str, int]) -> str:
    return digest(setting.base_key, "chapter", career, related(career, in_book), digits)


def _digits(number: int) -> int:
    return len(str(number))


def _targets(career: Career, in_book: dict[str, str]) -> list[str]:
    return [r.anchor for r in related(career, in_book) if r.anchor]


@dataclass
class Estimate:
    """Where the careers will start, as far as is known while their parts are laid out."""

    starts: dict[str, int]  # the likeliest first page of each career
    uncertain: set[str]  # those whose number of digits could still change

    def digits(self) -> dict[str, int]:
        return {key: _digits(page) for key, page in self.starts.items()}

    def risk(self, targets: list[str]) -> float:
        """0 when the digits of every target are sure; else nearer 1 the nearer a target's
        likeliest page is to where the number of digits changes."""
        unsure = [self.starts[t] for t in targets if t in self.uncertain]
        return max((1 / (1 + _margin(page)) for page in unsure), default=0.0)


def _margin(page: int) -> float:
    """How far `page` is from the nearest page where numbers gain a digit, relative to it."""
    return min(abs(page - edge) for edge in (10, 100, 1000, 10000)) / max(page, 1)


class Assembler:
    """Builds the fast booklet of `setting.careers` into `target`."""

    def __init__(self, setting: Setting, jobs: int, duplex: bool, pad_to: int,
                 report: Callable[[str], None], executor: ProcessPoolExecutor | None) -> None:
        self.setting = setting
        self.jobs = jobs
        self.duplex = duplex
        self.pad_to = pad_to
        self.say = report
        self.store = Cache(setting.cache_root, enabled=setting.cache)
        self.done = Report()
        self.executor = executor  # None: every part laid out in this process
        self.parts_done: dict[str, PartInfo] = {}  # in this build, cache or no cache

    # -- running jobs ----------------------------------------------------------------------

    def _submit(self, function: Callable[..., Any], *args: Any) -> Future[Any]:
        if self.executor is None:
            future: Future[Any] = Future()
            try:
                future.set_result(function(*args))
            except BaseException as exc:  # handed back through the future, as a pool would
                future.set_exception(exc)
            return future
        return self.executor.submit(function, *args)

    def _result(self, future: Future[Any]) -> Any:
        result = future.result()
        if isinstance(result, _Failure):
            kinds: dict[str, type[CareerbookError]] = {
                "RenderError": RenderError, "TemplateError": TemplateError}
            raise kinds.get(result.kind, CareerbookError)(result.message)
        for info in result if isinstance(result, list) else [result]:
            if isinstance(info, PartInfo):
                self.parts_done[info.key] = info
        return result

    def cached(self, key: str) -> PartInfo | None:
        """The part laid out under `key`, in this build or (with the cache on) an earlier one."""
        if key in self.parts_done:
            return self.parts_done[key]
        if not self.setting.cache or not self.store.path("parts", key, ".pdf").is_file():
            return None
        text = self.store.read_text("parts", key, ".json")
        if text is None:
            return None
        try:
            return PartInfo.from_json(text)
        except (ValueError, TypeError, KeyError):
            return None

    def part_path(self, key: str) -> Path:
        return part_file(self.setting, key)

    def chapters(self, digits: dict[str, int] | None, front: Future[Any]) -> list[PartInfo]:
        """Every career's part: from the cache, or laid out by the workers, a few at a time.

        Each part leaves room for the page numbers it shows, so it must know how many digits
        they have. `digits` says so when it is known (from the last build); otherwise it is
        estimated from the parts laid out so far, and a wrong guess costs a second layout.
        So while every worker is busy, a career whose cross-references could still land on
        either side of page 10, 100 or 1000 waits until more pages are known; and a worker
        that would sit idle gets the careers whose guess is least likely to be wrong.
        """
        from concurrent.futures import FIRST_COMPLETED, wait

        setting = self.setting
        careers = setting.careers
        in_book = anchors(careers)
        targets = [_targets(career, in_book) for career in careers]
        infos: list[PartInfo | None] = [None] * len(careers)
        inflight: dict[Future[Any], list[tuple[int, str, dict[str, int]]]] = {}
        pending = list(range(len(careers)))  # not handed out yet, in book order
        laid_out = 0
        while pending or inflight:
            while pending and len(inflight) <= self.jobs:
                if digits:
                    current, order = digits, list(pending)
                else:
                    estimate = self._estimate(infos, front)
                    current = estimate.digits()
                    risks = {p: estimate.risk(targets[p]) for p in pending}
                    if len(inflight) < self.jobs:
                        order = sorted(pending, key=risks.__getitem__)  # book order among equals
                    else:
                        order = [p for p in pending if not risks[p]]
                size = max(1, min(BATCH, math.ceil(len(pending) / (2 * self.jobs))))
                batch: list[tuple[int, str, dict[str, int]]] = []
                for position in order[:size]:
                    pending.remove(position)
                    career = careers[position]
                    own = {t: current[t] for t in targets[position]}
                    key = chapter_key(setting, career, in_book, own)
                    info = self.cached(key)
                    if info is None:
                        batch.append((position, key, own))
                        self.done.rendered.append(career.key)
                    else:
                        infos[position] = info
                        self.done.reused.append(career.key)
                if not order:
                    break  # the rest wait for what is being laid out now
                if batch:
                    if not laid_out:
                        self.say("Laying out careers")
                    laid_out += len(batch)
                    inflight[self._submit(render_chapters, setting, batch)] = batch
            if inflight:
                finished, _ = wait(list(inflight), return_when=FIRST_COMPLETED)
                for future in finished:
                    for (i, _, _), info in zip(inflight.pop(future), self._result(future),
                                               strict=True):
                        infos[i] = info
        return [info for info in infos if info is not None]

    def _estimate(self, infos: list[PartInfo | None], front: Future[Any]) -> Estimate:
        """Where each career starts, from what is laid out so far: the likeliest page, and
        whether its number of digits could still change (it differs between the fewest and
        the most pages the careers not laid out yet could have)."""
        known = [info.pages for info in infos if info is not None]
        each = round(sum(known) / len(known)) if known else 3
        fewest, most = (min(known), max(known) + 1) if known else (1, 6)
        count = len(infos)
        front_pages = [self._result(front).pages] * 3 if front.done() else [
            3 + count // 20, 1, 4 + count // 10]  # likely, fewest, most
        estimates = []
        for before, unknown in zip(front_pages, (each, fewest, most), strict=True):
            sequence = [("front", before)]
            sequence += [(c.key, info.pages if info else unknown)
                         for c, info in zip(self.setting.careers, infos, strict=True)]
            layout = lay_out([*sequence, ("back", 1)], self.duplex, 1)
            estimates.append({c.key: layout.starts[c.key] for c in self.setting.careers})
        likely, low, high = estimates
        return Estimate(likely, {k for k in likely if _digits(low[k]) != _digits(high[k])})

    def part(self, name: str, context: dict[str, Any]) -> Future[Any]:
        """A part other than a chapter: its HTML is made here, and is its key in the cache."""
        setting = self.setting
        if name == "stamps":
            html = _stamps_html(setting, context["pages"])
        else:
            html = render_part_html(setting.careers, setting.theme, setting.page, name, **context)
        key = digest(setting.base_key, name, html)
        info = self.cached(key)
        if info is not None:
            self.done.reused.append(name)
            future: Future[Any] = Future()
            future.set_result(info)
            return future
        self.done.rendered.append(name)
        return self._submit(render_part, self.setting, name, key, html)

    # -- the whole ---------------------------------------------------------------------------

    def build(self, target: Path) -> int:
        setting = self.setting
        careers = setting.careers
        memo_key = digest(setting.base_key, "memo", [c.key for c in careers])
        memo = self.store.read_text("plans", memo_key, ".json")
        chapter_digits: dict[str, int] | None = None  # of each career's first page, once known
        numbers_count = 0  # pages the page numbers' stamps cover: last time's, to reuse them
        if memo:
            with suppress(ValueError, TypeError, KeyError, AttributeError):
                last = json.loads(memo)
                numbers_count = int(last["numbers"])
                chapter_digits = {c.key: _digits(int(last["pages"][c.key])) for c in careers}
        # The contents and the index set their numbers flush right: they need no digits.
        front = self.part("front", {})
        back = self.part("back", {})
        blank = self.part("blank", {})
        for _ in range(MAX_ROUNDS):
            self.done.rounds += 1
            parts = self.chapters(chapter_digits, front)
            front_info, back_info = self._result(front), self._result(back)
            layout = self._layout(front_info, parts, back_info.pages)
            pages = {c.key: layout.starts[c.key] for c in careers}
            pages["index"] = layout.starts["back"]
            wanted = {c.key: _digits(pages[c.key]) for c in careers}
            if chapter_digits == wanted:
                break
            chapter_digits = wanted
        else:
            raise RenderError("the booklet's page numbers did not settle; "
                              "try `careerbook booklet --single`")
        if layout.count > numbers_count:  # a few more than needed, for the next rebuilds
            numbers_count = NUMBER_PAGES_STEP * math.ceil((layout.count + 8) / NUMBER_PAGES_STEP)
        self.store.write_text("plans", memo_key, ".json",
                              json.dumps({"pages": pages, "numbers": numbers_count}))
        infos = {"front": front_info, "back": back_info}
        infos.update({c.key: p for c, p in zip(careers, parts, strict=True)})
        # The stamps are laid out now that the pages are counted, side by side while the
        # pages are put together (which takes the main process longer): the page numbers,
        # the cross-references' numbers, and the contents' and the index's.
        blank_info = self._result(blank)
        sides = _sides(blank_info)
        if _numbers_fit(layout, infos, sides):
            numbers_pages = _side_numbers(sides, numbers_count)
            numbers_owner = {n: n for n, entry in enumerate(layout.pages)
                             if entry and infos[entry[0]].numbers[entry[1]]}
        else:
            numbers_pages, numbers_owner = self._number_pages(layout, infos)
        overlays = self._stamps(numbers_pages, numbers_owner)
        for group in ([c.key for c in careers], ["front", "back"]):
            overlays += self._stamps(*self._xref_pages(layout, {k: infos[k] for k in group}, pages))
        sources = {name: self.part_path(info.key) for name, info in infos.items()}

        def overlay_files() -> list[Path]:
            return [self.part_path(self._result(f).key) for f, _ in overlays]

        from careerbook.booklet.merge import merge

        self.say(f"Assembling {layout.count} pages")
        merge(target, layout, sources, owners=[owner for _, owner in overlays],
              overlay_files=overlay_files, infos=infos, blank=self.part_path(blank_info.key),
              tagged=setting.tagged, lang=setting.page.lang,
              whole_font=lambda sha: font_file(setting, sha), store=self.store)
        if setting.cache:
            self.store.prune()
        return layout.count

    def _stamps(self, pages: list[list[Stamp]], owner: dict[int, int]
                ) -> list[tuple[Future[Any], dict[int, int]]]:
        """Parts of STAMP_PAGES pages of stamps, and which booklet page each page is for: a
        worker's memory does not grow with the book, the workers share them, and a rebuild
        lays out again only those whose texts changed."""
        parts = []
        for start in range(0, len(pages), STAMP_PAGES):
            mine = {page: index - start for page, index in owner.items()
                    if start <= index < start + STAMP_PAGES}
            if mine:
                parts.append((self.part("stamps", {"pages": pages[start:start + STAMP_PAGES]}), mine))
        return parts

    def _layout(self, front: PartInfo, parts: list[PartInfo], back_pages: int) -> Layout:
        sequence = [("front", front.pages)]
        sequence += [(c.key, p.pages) for c, p in zip(self.setting.careers, parts, strict=True)]
        sequence.append(("back", back_pages))
        return lay_out(sequence, self.duplex, self.pad_to)

    @staticmethod
    def _xref_pages(layout: Layout, infos: dict[str, PartInfo], numbers: dict[str, int]
                    ) -> tuple[list[list[Stamp]], dict[int, int]]:
        """For each page showing page numbers of links (cross-references, contents, index):
        their texts and places; and which page of the booklet each list belongs to."""
        pages: list[list[Stamp]] = []
        owner: dict[int, int] = {}  # booklet page (0-based) -> page of the stamps
        for name, info in infos.items():
            by_page: dict[int, list[Stamp]] = {}
            for x in info.xrefs:
                if x.target in numbers:
                    by_page.setdefault(x.page, []).append(
                        (x.left, x.top, x.width, "left" if x.width is None else "right",
                         f"{x.label}{numbers[x.target]}", x.style))
            for page, stamps in sorted(by_page.items()):
                owner[layout.starts[name] - 1 + page] = len(pages)
                pages.append(stamps)
        return pages, owner

    @staticmethod
    def _number_pages(layout: Layout, infos: dict[str, PartInfo]
                      ) -> tuple[list[list[Stamp]], dict[int, int]]:
        """The page numbers' stamps, page by page, where the pages' own places differ from the
        usual two (one for each side of the sheet)."""
        wanted = [(number, infos[entry[0]].numbers[entry[1]])
                  for number, entry in enumerate(layout.pages, start=1) if entry]
        numbered = [(n, stamp) for n, stamp in wanted if stamp is not None]
        owner = {n - 1: i for i, (n, _) in enumerate(numbered)}
        return [[_with_text(stamp, str(n))] for n, stamp in numbered], owner


def _sides(blank: PartInfo) -> dict[int, Stamp]:
    """Where the page number goes on odd (1) and even (0) pages, from the "blank" part."""
    return {number % 2: stamp for number, stamp in enumerate(blank.numbers, start=1) if stamp}


def _side_numbers(sides: dict[int, Stamp], count: int) -> list[list[Stamp]]:
    """Pages 1..count, each with its number where its side of the sheet has it."""
    return [[_with_text(sides[n % 2], str(n))] if n % 2 in sides else []
            for n in range(1, count + 1)]


def _numbers_fit(layout: Layout, infos: dict[str, PartInfo], sides: dict[int, Stamp]) -> bool:
    """Whether every numbered page has its number where its side of the sheet has it."""
    return all(infos[entry[0]].numbers[entry[1]] in (None, sides.get(number % 2))
               for number, entry in enumerate(layout.pages, start=1) if entry)


def _with_text(stamp: Stamp, text: str) -> Stamp:
    left, top, width, align, _, style = stamp
    return (left, top, width, align, text, style)


def fast_booklet(careers: list[Career], theme: Theme, page: Page, target: Path, *,
                 roots: list[Path], print_css: str, variant: str, duplex: bool, pad_to: int,
                 cache: bool, jobs: int, time_limit: float | None, logo: Path | None,
                 report: Callable[[str], None], executor: ProcessPoolExecutor | None = None,
                 ) -> tuple[int, Report]:
    """Build the booklet of `careers` into `target`; returns its page count and what was done."""
    import shutil
    import tempfile

    from careerbook.speed.cache import cache_root

    scratch = Path(tempfile.mkdtemp(prefix="careerbook-parts-"))
    try:
        settings = {
            "book": page.book.model_dump(mode="json", exclude={"careers"}),
            "paper": page.paper, "lang": page.lang, "logo": page.logo_uri,
            "logo_bytes": files_digest([logo]) if logo else None,
            "print_css": print_css, "variant": variant, "duplex": duplex,
        }
        setting = Setting(careers=careers, theme=theme, page=page, roots=roots,
                          print_css=print_css, variant=variant, cache_root=cache_root(),
                          cache=cache, scratch=scratch, time_limit=time_limit,
                          base_key=base_key(settings, theme))
        assembler = Assembler(setting, jobs if executor else 1, duplex, pad_to, report, executor)
        count = assembler.build(target)
        return count, assembler.done
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
