"""Read PDFs back as a reader would: text, pages, outline, links."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from pypdf import PdfReader


def squash(text: str) -> str:
    """Text with all white space removed and case folded, so layout does not matter."""
    # pdftotext joins a line broken after a hyphen, so hyphens are dropped too.
    return re.sub(r"[\s\u00ad-]+", "", text).casefold()


def pdftotext(path: Path) -> list[str]:
    """Page texts by poppler's pdftotext (installed by scripts/setup --dev)."""
    exe = shutil.which("pdftotext")
    assert exe, "pdftotext is missing: run scripts/setup --dev (poppler-utils)"
    out = subprocess.run(
        [exe, "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return out.split("\f")[:-1]


@dataclass
class Pdf:
    path: Path
    reader: PdfReader
    pages: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    def outline(self) -> list[tuple[int, str, int]]:
        """(level, title, 1-based page) for every bookmark, in order."""
        out: list[tuple[int, str, int]] = []

        def walk(items: list, level: int) -> None:
            for item in items:
                if isinstance(item, list):
                    walk(item, level + 1)
                else:
                    out.append((level, item.title, self.reader.get_destination_page_number(item) + 1))

        walk(self.reader.outline, 1)
        return out

    def links(self, page: int) -> list[str]:
        """Internal link targets (named destinations or pages) on a 1-based page."""
        annots = self.reader.pages[page - 1].get("/Annots") or []
        targets = []
        for ref in annots:
            annot = ref.get_object()
            if annot.get("/Subtype") == "/Link":
                dest = annot.get("/Dest") or (annot.get("/A") or {}).get("/D")
                uri = (annot.get("/A") or {}).get("/URI")
                targets.append(str(uri if uri else dest))
        return targets


def read_pdf(path: Path) -> Pdf:
    assert path.is_file(), f"{path} was not written"
    return Pdf(path, PdfReader(path), pdftotext(path))


def render(path: Path, page: int, dpi: int = 72) -> Image.Image:
    """A page as a grayscale image, by poppler's pdftoppm."""
    exe = shutil.which("pdftoppm")
    assert exe, "pdftoppm is missing: run scripts/setup --dev (poppler-utils)"
    png = subprocess.run(
        [exe, "-f", str(page), "-l", str(page), "-r", str(dpi), "-gray", "-png", str(path)],
        check=True,
        capture_output=True,
    ).stdout
    return Image.open(io.BytesIO(png)).convert("L")


@dataclass(frozen=True)
class Word:
    """A word and its box, in PDF points from the page's top-left corner."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: list[Word]


def pages_of(path: Path) -> list[Page]:
    """Every page's words with their boxes, by poppler's `pdftotext -bbox`."""
    import html

    exe = shutil.which("pdftotext")
    assert exe, "pdftotext is missing: run scripts/setup --dev (poppler-utils)"
    out = subprocess.run(
        [exe, "-bbox", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = []
    for width, height, body in re.findall(
        r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S
    ):
        found = [
            Word(float(a), float(b), float(c), float(d), html.unescape(t))
            for a, b, c, d, t in re.findall(
                r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" '
                r'yMax="([-\d.]+)">(.*?)</word>',
                body,
            )
        ]
        pages.append(Page(float(width), float(height), found))
    return pages


@dataclass(frozen=True)
class TaggedFigure:
    """A /Figure of the structure tree: its alternative text, the pages (1-based) its image
    is drawn on, and those its /Caption (the caption, data table and notes) is drawn on."""

    alt: str
    pages: set[int]
    caption_pages: set[int]


def tagged_figures(path: Path) -> list[TaggedFigure]:
    """The figures of a tagged PDF, in the structure tree's order."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        numbers = {page.objgen: n for n, page in enumerate(pdf.pages, start=1)}

        def pages(element: object, inherited: int | None = None) -> set[int]:
            if not isinstance(element, pikepdf.Dictionary):
                return {inherited} if inherited else set()  # a marked-content id
            own = element.get("/Pg")
            page = numbers.get(own.objgen) if own is not None else inherited
            kids = element.get("/K")
            if kids is None:
                return {page} if page else set()
            found: set[int] = set()
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                found |= pages(kid, page)
            return found

        out = []

        def walk(element: object) -> None:
            if not isinstance(element, pikepdf.Dictionary):
                return
            kids = element.get("/K")
            children = list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids else []
            for i, kid in enumerate(children):
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/S") == "/Figure":
                    after = children[i + 1] if i + 1 < len(children) else None
                    caption = (
                        pages(after)
                        if isinstance(after, pikepdf.Dictionary) and after.get("/S") == "/Caption"
                        else set()
                    )
                    out.append(TaggedFigure(str(kid.get("/Alt", "")), pages(kid), caption))
                walk(kid)

        walk(pdf.Root.StructTreeRoot)
        return out
