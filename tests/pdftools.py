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
    out = subprocess.run([exe, "-enc", "UTF-8", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
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
    png = subprocess.run([exe, "-f", str(page), "-l", str(page), "-r", str(dpi), "-gray", "-png",
                          str(path)], check=True, capture_output=True).stdout
    return Image.open(io.BytesIO(png)).convert("L")
