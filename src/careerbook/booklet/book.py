"""Many careers -> one booklet: order, contents, cross-references, index."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from careerbook.booklet.plan import Part, lay_out
from careerbook.content.models import Book, Career
from careerbook.content.project import BOOK_FILE, Project, load_careers
from careerbook.content.reader import read_yaml
from careerbook.content.selection import ListedSlugProblem, careers_list_messages
from careerbook.errors import ContentError, Problem
from careerbook.files import NotReadable, read_capped
from careerbook.limits import MAX_FILE_BYTES
from careerbook.pdf.document import render_document
from careerbook.render.templates import PageSetup, build_date, render_booklet, render_career, translations
from careerbook.render.theme import Theme
from careerbook.resources import styles_dir
from careerbook.speed.cache import Cache, code_digest, digest, package_stamp

if TYPE_CHECKING:
    from weasyprint import Document


@dataclass(frozen=True)
class Chapter:
    career: Career
    article: Markup


@dataclass(frozen=True)
class Cluster:
    name: str
    careers: list[Career]


def _book_problems(project: Project, found: list[ListedSlugProblem]) -> list[Problem]:
    """Problems with the book's `careers` list at the given indexes; the file read once."""
    path = project.root / BOOK_FILE
    if not path.exists():
        return [Problem(path, 1, 1, "careers", entry.message) for entry in found]
    doc = read_yaml(path, [project.root])
    return [doc.problem(("careers", entry.index), entry.message) for entry in found]


def ordered_careers(project: Project) -> list[Career]:
    """The book's careers: in `careers` order, else grouped by cluster, then by title."""
    files = project.career_files()
    if not files:
        raise ContentError(
            [
                Problem(
                    project.content_dir,
                    1,
                    1,
                    "",
                    'no career files (*.yaml) here; add one with `careerbook new "Title"`',
                )
            ]
        )
    careers = _load_careers(files, project.root)
    by_slug: dict[str, Career] = {}
    problems = []
    for career, path in zip(careers, files, strict=True):
        if career.key in by_slug:
            problems.append(
                Problem(
                    path,
                    1,
                    1,
                    "slug",
                    f"slug '{career.key}' is already used by "
                    "another career in this book; give each career its own",
                )
            )
        by_slug[career.key] = career
    if problems:
        raise ContentError(problems)
    if project.book.careers is None:
        return sorted(careers, key=lambda c: ((c.cluster or "~").casefold(), c.title.casefold()))
    found = careers_list_messages(project.book.careers, by_slug)
    if found:
        raise ContentError(_book_problems(project, found))
    return [by_slug[s] for s in project.book.careers]


def _load_careers(files: list[Path], root: Path) -> list[Career]:
    """load_careers, with each file's validated career kept in the cache (as JSON, which runs
    nothing when read: the cache may be shared) under the hash of its bytes and name: a
    rebuild of a hundred careers then reads them in milliseconds. Only files that really lie
    in the project `root` are read, as files.read_capped reads them."""
    from pydantic import ValidationError

    store = Cache()
    version = digest(code_digest(), package_stamp("pydantic"), package_stamp("yaml"))
    careers: dict[Path, Career] = {}
    keys: dict[Path, str] = {}
    for path in files:
        try:
            raw = read_capped(path, MAX_FILE_BYTES, [root])
        except (OSError, NotReadable):
            continue  # load_careers reports it
        keys[path] = digest("career", version, path.name, raw.hex())
        found = store.read_bytes("careers", keys[path], ".json")
        if found is not None:
            try:
                careers[path] = Career.model_validate_json(found)
            except (ValidationError, ValueError):  # a broken entry is only a miss
                careers.pop(path, None)
    missing = [path for path in files if path not in careers]
    for path, career in zip(missing, load_careers(missing, [root]), strict=True):
        careers[path] = career
        if path in keys:
            store.write_text("careers", keys[path], ".json", career.model_dump_json())
    return [careers[path] for path in files]


def clusters(careers: Sequence[Career], other: str) -> list[Cluster]:
    """Careers grouped by cluster, in order of first appearance."""
    groups: dict[str, list[Career]] = {}
    for career in careers:
        groups.setdefault(career.cluster or other, []).append(career)
    return [Cluster(name, items) for name, items in groups.items()]


def anchors(careers: Sequence[Career]) -> dict[str, str]:
    """Title or slug (case-folded) -> the anchor of that career in the book."""
    out = {}
    for c in careers:
        out[c.title.casefold()] = c.key
        out[c.key.casefold()] = c.key
    return out


def render_book_html(
    project: Project,
    careers: Sequence[Career],
    theme: Theme,
    page: PageSetup,
    breaks: dict[str, str] | None = None,
) -> str:
    """The booklet as one HTML document; `breaks`: where parts begin (booklet.html)."""
    in_book = anchors(careers)
    chapters = [Chapter(c, render_career(c, theme, page, in_book)) for c in careers]
    return render_part_html(careers, theme, page, None, chapters=chapters, breaks=breaks or {})


def start_of(book: Book) -> str:
    """Where parts begin: the book file's `start`; a single-sided booklet has no sides."""
    return book.start if book.duplex else "any"


def part_pages(document: Document, careers: Sequence[Career]) -> list[Part]:
    """The parts of a booklet laid out as one document, and their pages: the front, each
    career, the index; the blank pages before a part are not its own."""
    first: dict[str, int] = {}
    for n, laid in enumerate(document.pages):
        for name in laid.anchors:
            first.setdefault(name, n)
    names = ["front", *(c.key for c in careers), "back"]
    bounds = [0, *(first[c.key] for c in careers), first["index"], len(document.pages)]
    parts = []
    for name, begin, end in zip(names, bounds, bounds[1:], strict=False):
        while end > begin + 1 and document.pages[end - 1]._page_box.page_type.blank:
            end -= 1
        parts.append(Part(name, end - begin))
    return parts


def single_booklet(
    project: Project,
    careers: Sequence[Career],
    theme: Theme,
    page: PageSetup,
    lay_out_html: Callable[[str], Document],
    pad_to: int,
) -> Document:
    """The booklet laid out as one document, its parts where `start` puts them: a first
    layout tells how many pages each part has, plan.lay_out where each then begins, and the
    booklet is laid out again with those breaks until they hold (once, but for a career
    whose pages change with the page numbers it shows)."""
    start = start_of(page.book)
    breaks: dict[str, str] = {}
    document = lay_out_html(render_book_html(project, careers, theme, page, breaks))
    if start == "right" or not page.book.duplex:
        return document  # every part's break is in the template
    for _ in range(3):
        layout = lay_out(part_pages(document, careers), True, pad_to, start)
        wanted = {name: "right" for name in layout.starts if layout.after_blank(name)}
        if wanted == breaks:
            break
        breaks = wanted
        document = lay_out_html(render_book_html(project, careers, theme, page, breaks))
    return document


def render_part_html(
    careers: Sequence[Career],
    theme: Theme,
    page: PageSetup,
    part: str | None,
    *,
    chapters: Sequence[Chapter] = (),
    **context: object,
) -> str:
    """The booklet, or one part of it for the fast booklet (assemble.py): "front" (cover and
    contents), "chapter" (the given chapters), "back" (the index), "numbers", "blank"."""
    gettext = translations(page.lang).gettext
    return render_booklet(
        careers,
        theme,
        page,
        {
            "chapters": chapters,
            "clusters": clusters(careers, gettext("Other careers")),
            "alphabetical": sorted(careers, key=lambda c: c.title.casefold()),
            "sources": [c for c in careers if c.sources],
            "footer_date": None,
            "cover_date": build_date(),
            "part": part,
            **context,
        },
    )


def booklet_path(project: Project, target: Path | None) -> Path:
    return target or project.output_dir / "booklet.pdf"


def padded(document: Document, multiple: int, print_css: str, lang: str) -> Document:
    """The document with truly blank pages at the end, up to a multiple of `multiple` pages.

    Saddle stitching folds sheets of four pages, so a booklet of 22 pages prints as 24; a
    duplex handout is padded to an even count.
    The blank pages have the booklet's size, bleed and crop marks, and nothing else:
    no page number, no running head, nothing in the structure tree.
    """
    missing = -len(document.pages) % multiple
    if not missing:
        return document
    first = document.pages[0]
    # Only <html> and <body>, which WeasyPrint does not tag: a page with nothing on it.
    html = (
        f'<!DOCTYPE html><html lang="{escape(lang)}"><head><title>blank</title><style>'
        f"@page {{ size: {first.width}px {first.height}px; margin: 0 }} {print_css}"
        "</style></head><body></body></html>"
    )
    blank = render_document(html, styles_dir(), []).pages[0]
    return document.copy([*document.pages, *[blank] * missing])
