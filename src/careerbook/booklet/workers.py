"""What a worker process does: lay out a part's HTML with WeasyPrint, describe its pages
(anchors, bookmarks, the unseen boxes where numbers will be stamped, fonts) and write the
part's PDF and its description where the assembler will find them."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from careerbook.booklet.book import Chapter, anchors, render_part_html
from careerbook.booklet.parts import (
    SCALE,
    Anchor,
    Bookmark,
    FontUse,
    PartInfo,
    Setting,
    Stamp,
    Xref,
    font_file,
    part_file,
)
from careerbook.booklet.stamps import pages_of_sheet
from careerbook.errors import RenderError
from careerbook.limits import MAX_WORKER_BYTES, guard
from careerbook.pdf.document import WriteOptions, render_document, with_print_css, write_pdf
from careerbook.pdf.tagging import finish
from careerbook.render.templates import render_career
from careerbook.resources import styles_dir
from careerbook.speed.cache import Cache, charts_cached
from careerbook.speed.collector import collected_after

if TYPE_CHECKING:
    from weasyprint import Document

T = TypeVar("T")


@dataclass(frozen=True)
class Job:
    """A career for a worker to lay out: its place in the book, its part's key, the number
    of digits of the page numbers its cross-references will show, and its first page's side."""

    position: int
    key: str
    digits: dict[str, int]
    side: str  # where its first page is: "right", "left", or "page" (single-sided)


def _render(setting: Setting, html: str) -> Document:
    return render_document(
        with_print_css(html, setting.print_css), styles_dir(), setting.roots, reuse_styles=True
    )


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
    return (
        f"font-family: {families}; font-size: {style['font_size']}px; "
        f"font-weight: {style['font_weight']}; font-style: {style['font_style']}; "
        f"font-stretch: {style['font_stretch']}; line-height: {line}; color: {rgba}; "
        f"letter-spacing: {letter}; font-variant-numeric: {numeric_css}; "
        "white-space: nowrap; margin: 0; padding: 0; border: 0"
    )


def _box_text(box: Any) -> str:
    text = getattr(box, "text", None)
    if text is not None:
        return str(text)
    return "".join(_box_text(child) for child in getattr(box, "children", ()))


def _describe(key: str, document: Document) -> PartInfo:
    """What the assembler needs to know about a laid-out part."""
    from weasyprint.formatting_structure import boxes

    anchors_: dict[str, Anchor] = {}
    bookmarks: list[Bookmark] = []
    xrefs: list[Xref] = []
    numbers: list[Stamp | None] = []
    for index, page in enumerate(document.pages):
        height = page.height
        for name, (x, y, _, _) in page.anchors.items():
            anchors_.setdefault(name, Anchor(index, x * SCALE, (height - y) * SCALE))
        for level, label, (x, y), state in page.bookmarks:  # WeasyPrint's own tuples
            bookmarks.append(Bookmark(index, level, label, x * SCALE, (height - y) * SCALE, state))
        numbers.append(
            next(
                (
                    _number_stamp(child)
                    for child in page._page_box.children
                    if isinstance(child, boxes.MarginBox) and child.style["visibility"] == "hidden"
                ),
                None,
            )
        )
        for kind, target, (x1, y1, x2, _), box in page.links:
            tag = getattr(box, "element_tag", "") or ""
            if (
                kind == "internal"
                and tag.endswith("::after")
                and isinstance(box, boxes.InlineBlockBox)
                and box.style["visibility"] == "hidden"
            ):
                label = _box_text(box).rstrip("0123456789")
                # A contents or index number sits at the right end of its line, whatever the
                # project's stylesheet does to get it there.
                element = getattr(box, "element", None)
                flush_right = element is not None and "toc-page" in (element.get("class") or "").split()
                xrefs.append(
                    Xref(index, target, x1, y1, label, _text_style(box), x2 - x1 if flush_right else None)
                )
    first = document.pages[0]
    return PartInfo(
        key, len(document.pages), (first.width, first.height), numbers, anchors_, bookmarks, xrefs
    )


def _number_stamp(margin_box: Any) -> Stamp | None:
    """Where the page number goes: the unseen number's margin box, its first line, its style."""
    line = next(iter(margin_box.children), None)
    if line is None:
        return None
    text = next((b for b in _boxes(line) if getattr(b, "text", None) is not None), None)
    style = _text_style(text if text is not None else margin_box)
    return Stamp(
        margin_box.content_box_x(),
        line.position_y,
        margin_box.width,
        str(margin_box.style["text_align_all"]),
        "",
        style,
    )


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
                    pydyf.String(f"{prefix}-{h.string}") for h in attributes["Headers"]
                )

    return finish_part


def _font_sources(setting: Setting, document: Any) -> dict[str, FontUse]:
    """For each font the part embeds: the hash of its whole font file (kept in the cache) and
    the glyphs it uses."""
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
            if setting.cache:  # the scratch folder is made once, by the assembler
                path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}")
            tmp.write_bytes(whole)
            os.replace(tmp, path)
        out[font.name.decode("latin-1").lstrip("/")] = FontUse(sha, sorted(font.widths))
    return out


def _write(
    setting: Setting, document: Document, path: Path, *, tagged: bool, prefix: str, info: PartInfo
) -> None:
    """Write a part; links to anchors in other parts stay as named destinations."""
    known = {name for page in document.pages for name in page.anchors}
    missing = {
        target
        for page in document.pages
        for kind, target, *_ in page.links
        if kind == "internal" and target not in known
    }
    for name in sorted(missing):  # the booklet defines them; WeasyPrint needs them here too
        document.pages[0].anchors[name] = (0, 0, 0, 0)
    tagged = tagged and setting.tagged
    finisher = _finisher(setting, prefix, info, tagged)
    variant = setting.variant if tagged else None
    write_pdf(document, path, WriteOptions(variant=variant, tagged=tagged, finisher=finisher))


def _without_object_stream(pdf: Any) -> None:
    """Have pydyf write each object on its own, streams still compressed, instead of all in
    one object stream: pikepdf (qpdf) parses an object stream whole when it reads one object
    of it, and holds it. Opening the index of a long book (10,000 objects) cost the main
    process 19 MiB so, and 2 MiB written an object at a time."""
    write = pdf.write

    def plain(output: Any, version: Any = b"1.7", identifier: Any = False, compress: bool = False) -> None:
        write(output, version, identifier, compress=False)

    pdf.write = plain


def _store(setting: Setting, document: Document, key: str, *, tagged: bool = True) -> PartInfo:
    info = _describe(key, document)
    _write(setting, document, part_file(setting, key), tagged=tagged, prefix=key[:12], info=info)
    store = Cache(setting.cache_root, enabled=setting.cache)
    if setting.cache:
        store.seal("parts", key, ".pdf")
    store.write_text("parts", key, ".json", info.to_json())
    return info


def _guarded(setting: Setting, work: Callable[[], T], what: str) -> T:
    """Run a worker's job under the time limit, and its memory under the worker's cap
    (limits.cap_memory). An error travels back to the assembler as it is (a ContentError with
    all its problems: careerbook's errors pickle whole)."""
    try:
        with (
            guard(setting.time_limit),
            collected_after(),
            charts_cached(Cache(setting.cache_root, enabled=setting.cache)),
        ):
            return work()
    except MemoryError:
        raise RenderError(
            f"laying out {what} took more memory than a worker may have "
            f"({MAX_WORKER_BYTES // 1024**3} GiB) and was stopped; look for a "
            "loop or a very long text in the project's templates"
        ) from None


def render_chapters(setting: Setting, batch: list[Job]) -> list[PartInfo]:
    """Lay out a few careers in one document, then write each career's pages as its part."""

    def work() -> list[PartInfo]:
        in_book = anchors(setting.careers)
        careers = [setting.careers[job.position] for job in batch]
        digits: dict[str, int] = {}
        for job in batch:
            digits.update(job.digits)
        chapters = [Chapter(c, render_career(c, setting.theme, setting.page, in_book)) for c in careers]
        document = _render(
            setting,
            render_part_html(
                setting.careers,
                setting.theme,
                setting.page,
                "chapter",
                chapters=chapters,
                digits=digits,
                breaks={c.key: job.side for c, job in zip(careers, batch, strict=True)},
                first_side=batch[0].side,
            ),
        )
        starts = []
        for career in careers:
            start = next((i for i, p in enumerate(document.pages) if career.key in p.anchors), None)
            if start is None:
                raise RenderError(
                    f"the career '{career.key}' has no page in the booklet; "
                    "check the project's templates (career.html needs its id)"
                )
            starts.append(start)
        infos = []
        for n, (job, start) in enumerate(zip(batch, starts, strict=True)):
            end = starts[n + 1] if n + 1 < len(starts) else len(document.pages)
            pages = [p for p in document.pages[start:end] if not p._page_box.page_type.blank]
            infos.append(_store(setting, document.copy(pages), job.key))
        return infos

    keys = ", ".join(setting.careers[job.position].key for job in batch)
    return _guarded(setting, work, f"the careers {keys} (templates career.html and booklet.html)")


def render_part(setting: Setting, part: str, key: str, html: str) -> PartInfo:
    """Lay out and store one of "front", "back", "blank", or "stamps" (numbers to stamp)."""

    def work() -> PartInfo:
        document = _render(setting, html)
        if part == "stamps":
            document = pages_of_sheet(document)
        return _store(setting, document, key, tagged=part in ("front", "back"))

    return _guarded(setting, work, f"the booklet's {part} (template booklet.html)")
