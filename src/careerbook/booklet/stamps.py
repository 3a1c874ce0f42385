"""The stamps: page numbers and the numbers links show (cross-references, contents, index),
placed where the parts left unseen boxes for them, once the pages are counted. Every page of
stamps of a part is laid out on one sheet (`stamps_html`) and cut into pages from it
(`pages_of_sheet`)."""

from __future__ import annotations

import html as html_lib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import tinycss2

from careerbook.booklet.parts import PartInfo, Setting, Stamp
from careerbook.booklet.plan import Layout
from careerbook.errors import RenderError
from careerbook.render.theme import Theme

if TYPE_CHECKING:
    from weasyprint import Document

SHEET = "careerbook-stamps"  # the class of the block that holds all the stamps of a part


STAMP_PAGES = 128  # pages of stamps laid out in one part (on one sheet)


@dataclass(frozen=True)
class StampPages:
    """Pages of stamps, and which page of the booklet each one is for."""

    pages: list[list[Stamp]]  # each page's stamps
    owner: dict[int, int]  # booklet page (0-based) -> its page of stamps (an index of `pages`)


def _font_faces(theme: Theme) -> str:
    """The theme's @font-face rules and nothing else: a page of stamps needs the fonts only."""
    rules = []
    for path in theme.stylesheets():
        for rule in tinycss2.parse_stylesheet(
            path.read_text(encoding="utf-8"), skip_comments=True, skip_whitespace=True
        ):
            if rule.type == "at-rule" and rule.lower_at_keyword == "font-face":
                rules.append(rule.serialize())
    return "\n".join(rules)


def stamps_html(setting: Setting, pages: list[list[Stamp]]) -> str:
    """Every page of stamps on one sheet, each stamp marked with the page it is for:
    `pages_of_sheet` then makes each a page of its own. A page costs WeasyPrint a few
    milliseconds to lay out whatever is on it (its styles, its sixteen margin boxes), and a
    book has hundreds of pages of stamps.

    A stamp's look is a class (a book has a few), its place a short style attribute:
    WeasyPrint parses every style attribute on its own.
    """
    size = "letter" if setting.page.paper == "letter" else "A4"
    looks: dict[tuple[str, str], str] = {}
    inner = []
    for index, stamps in enumerate(pages):
        for stamp in stamps:
            look = looks.setdefault((stamp.align, stamp.style), f"s{len(looks)}")
            place = f"left: {stamp.left}px; top: {stamp.top}px" + (
                f"; width: {stamp.width}px" if stamp.width is not None else ""
            )
            inner.append(
                f'<div class="{look}" data-page="{index}" style="{place}">{html_lib.escape(stamp.text)}</div>'
            )
    # Offsets from where an empty block of height 0 sits, the page's corner: laid out like
    # any block, where an absolute box would cost a shrink-to-fit.
    rules = "".join(
        f".{look} {{ position: relative; height: 0; text-align: {align}; {style} }}\n"
        for (align, style), look in looks.items()
    ).replace("</", "<\\/")
    return (
        f'<!DOCTYPE html><html lang="{html_lib.escape(setting.page.lang)}"><head>'
        f'<meta charset="utf-8"><title>stamps</title><style>{_font_faces(setting.theme)}\n'
        f"@page {{ size: {size}; margin: 0; }}\n"
        f"{setting.print_css}\n@page {{ marks: none; }}\n"
        "html, body { margin: 0; padding: 0; }\n"
        f".{SHEET} {{ position: relative; height: 0; }}\n"
        f'{rules}</style></head><body><div class="{SHEET}" data-pages="{len(pages)}">'
        f"{''.join(inner)}</div></body></html>"
    )


def pages_of_sheet(document: Document) -> Document:
    """The sheet of stamps (`stamps_html`) as one page for each page of stamps, holding its
    stamps where the sheet has them: the boxes of a page laid out on its own, without laying
    out each page anew."""
    page = document.pages[0]
    path = _path_to_sheet(page._page_box)
    if path is None:
        raise RenderError("the stamps were not laid out on one sheet; try `careerbook booklet --single`")
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
    """The boxes from `box` down to the sheet of stamps (`stamps_html`), if it holds one."""
    element = getattr(box, "element", None)
    if element is not None and element.get("class") == SHEET:
        return [box]
    for child in getattr(box, "children", []):
        if (below := _path_to_sheet(child)) is not None:
            return [box, *below]
    return None


def sides_of(blank: PartInfo) -> dict[int, Stamp]:
    """Where the page number goes on odd (1) and even (0) pages, from the "blank" part."""
    return {number % 2: stamp for number, stamp in enumerate(blank.numbers, start=1) if stamp}


def side_numbers(sides: dict[int, Stamp], count: int) -> list[list[Stamp]]:
    """Pages 1..count, each with its number where its side of the sheet has it."""
    return [[sides[n % 2].with_text(str(n))] if n % 2 in sides else [] for n in range(1, count + 1)]


def numbers_fit(layout: Layout, infos: dict[str, PartInfo], sides: dict[int, Stamp]) -> bool:
    """Whether every numbered page has its number where its side of the sheet has it."""
    return all(
        infos[placed.part].numbers[placed.page] in (None, sides.get(number % 2))
        for number, placed in enumerate(layout.pages, start=1)
        if placed
    )


def xref_pages(layout: Layout, infos: dict[str, PartInfo], numbers: dict[str, int]) -> StampPages:
    """For each page showing page numbers of links (cross-references, contents, index):
    their texts and places; and which page of the booklet each list belongs to."""
    pages: list[list[Stamp]] = []
    owner: dict[int, int] = {}  # booklet page (0-based) -> page of the stamps
    for name, info in infos.items():
        by_page: dict[int, list[Stamp]] = {}
        for x in info.xrefs:
            if x.target in numbers:
                by_page.setdefault(x.page, []).append(
                    Stamp(
                        x.left,
                        x.top,
                        x.width,
                        "left" if x.width is None else "right",
                        f"{x.label}{numbers[x.target]}",
                        x.style,
                    )
                )
        for page, stamps in sorted(by_page.items()):
            owner[layout.starts[name] - 1 + page] = len(pages)
            pages.append(stamps)
    return StampPages(pages=pages, owner=owner)


def number_pages(layout: Layout, infos: dict[str, PartInfo]) -> StampPages:
    """The page numbers' stamps, page by page, where the pages' own places differ from the
    usual two (one for each side of the sheet)."""
    wanted = [
        (number, infos[placed.part].numbers[placed.page])
        for number, placed in enumerate(layout.pages, start=1)
        if placed
    ]
    numbered = [(n, stamp) for n, stamp in wanted if stamp is not None]
    owner = {n - 1: i for i, (n, _) in enumerate(numbered)}
    return StampPages(pages=[[stamp.with_text(str(n))] for n, stamp in numbered], owner=owner)
