"""A PDF's pages for a browser: each page's size and text runs, and a page as a PNG.

In: a PDF's bytes. Out: `PageView`s (size in points, `TextRun`s placed in percent
of the page, for the invisible text layer the browser's find and copy use) and
PNG bytes drawn by PDFium at `PAGE_SCALE` pixels per point.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass

PAGE_SCALE = 2.0  # PNG pixels per PDF point: sharp on ordinary and most high-density screens

# PDFium is not thread-safe: every call into it holds this lock.
_pdfium_lock = threading.Lock()


@dataclass(frozen=True)
class TextRun:
    """A run of text on a page, placed in percent of the page's width and height."""

    text: str
    left: float
    top: float
    width: float
    height: float


@dataclass(frozen=True)
class Pixels:
    """A page picture's size in pixels."""

    width: int
    height: int


@dataclass(frozen=True)
class PageView:
    """One page: its size in points and the text runs on it."""

    width: float  # points
    height: float
    runs: list[TextRun]

    @property
    def pixels(self) -> Pixels:
        return Pixels(round(self.width * PAGE_SCALE), round(self.height * PAGE_SCALE))


def read_pages(pdf: bytes) -> list[PageView]:
    """Each page's size and its text runs, read back from the PDF."""
    import pypdfium2 as pdfium

    pages = []
    with _pdfium_lock:
        document = pdfium.PdfDocument(pdf)
        try:
            for page in document:
                width, height = page.get_size()
                text = page.get_textpage()
                runs = []
                for i in range(text.count_rects()):
                    left, bottom, right, top = text.get_rect(i)
                    words = text.get_text_bounded(left, bottom, right, top).strip()
                    if words and right > left and top > bottom:
                        runs.append(
                            TextRun(
                                words,
                                100 * left / width,
                                100 * (height - top) / height,
                                100 * (right - left) / width,
                                100 * (top - bottom) / width,
                            )
                        )
                text.close()
                page.close()
                pages.append(PageView(width, height, runs))
        finally:
            document.close()
    return pages


def page_png(pdf: bytes, index: int) -> bytes:
    """One page of a PDF as a PNG, PAGE_SCALE pixels per point."""
    import pypdfium2 as pdfium

    with _pdfium_lock:
        document = pdfium.PdfDocument(pdf)
        try:
            page = document[index]
            image = page.render(scale=PAGE_SCALE).to_pil()
            page.close()
        finally:
            document.close()
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)
    return out.getvalue()
