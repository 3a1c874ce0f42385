"""What a PDF may read: the one rule the build's fetcher enforces and `validate` checks.

The fetcher (pdf/document.py) asks `vet` before it reads any address; `validate`
asks it for a logo and for every address inside an SVG logo, so that what the
build would refuse, validate reports first.
"""

from __future__ import annotations

import html
import io
import re
import struct
import warnings
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, urljoin, urlsplit

from PIL import Image

from careerbook.limits import MAX_IMAGE_PIXELS, MAX_RESOURCE_BYTES, MAX_SVG_SHAPES

NETWORK = "only files inside the project and careerbook's own styles may be used, never the network"


@dataclass(frozen=True)
class Vetted:
    """The fetcher's answer for one address: the file to read (None for data:), or why not."""

    path: Path | None = None
    refused: str | None = None
    data: bool = False


def vet(url: str, roots: list[Path]) -> Vetted:
    """Whether `url` may be read into a PDF: data: URIs, and regular files under `roots`."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return Vetted(refused=f"refused to fetch {url[:200]!r}: not a valid address")
    scheme = parts.scheme.lower()
    if scheme == "data":
        return Vetted(data=True)
    if scheme != "file" or parts.netloc:
        return Vetted(refused=f"refused to fetch {url[:200]}: {NETWORK}")
    try:
        path = Path(unquote(parts.path, errors="strict")).resolve()
    except (ValueError, OSError, UnicodeDecodeError):
        return Vetted(refused=f"refused to fetch {url[:200]!r}: not a usable file name")
    if not any(path.is_relative_to(root.resolve()) for root in roots):
        return Vetted(refused=f"refused to fetch {path}: it is outside the project")
    if not path.is_file():
        return Vetted(refused=f"missing file: {path}")
    if problem := resource_problem(path):
        return Vetted(refused=f"refused to use {path}: {problem}")
    return Vetted(path=path)


def resource_problem(path: Path) -> str | None:
    """Why a file is too big to put in a PDF (an image bomb would eat the memory), if it is."""
    size = path.stat().st_size
    if size > MAX_RESOURCE_BYTES:
        return f"it is {size:,} bytes; the limit is {MAX_RESOURCE_BYTES:,}"
    if path.suffix.lower() == ".svg":
        return svg_problem(path.read_bytes())
    with path.open("rb") as file:
        return _image_problem(file)


_HREF = ("href", "{http://www.w3.org/1999/xlink}href")


def svg_problem(data: bytes) -> str | None:
    """Why an SVG would take too long to draw, if it would: the elements it draws once each
    `<use>` is replaced by what it refers to. Ten `<use>`s of a group of ten `<use>`s …
    seven levels deep is ten million shapes from a file of a few hundred bytes."""
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, ValueError):
        return None  # not for this check: WeasyPrint says what is wrong with it
    by_id = {e.get("id"): e for e in root.iter() if e.get("id")}
    drawn: dict[int, int] = {}
    visiting: set[int] = set()

    def count(element: ElementTree.Element) -> int:
        key = id(element)
        if key in drawn:
            return drawn[key]
        if key in visiting:
            raise RecursionError  # a <use> that refers to itself
        visiting.add(key)
        total = 1 + sum(count(child) for child in element)
        href = next((element.get(name) or "" for name in _HREF if element.get(name)), "")
        if element.tag.rsplit("}", 1)[-1] == "use" and href.startswith("#") and href[1:] in by_id:
            total += count(by_id[href[1:]])
        visiting.discard(key)
        drawn[key] = total = min(total, MAX_SVG_SHAPES + 1)
        return total

    try:
        shapes = count(root)
    except RecursionError:
        return "its <use> elements refer to themselves, or nest too deep"
    if shapes > MAX_SVG_SHAPES:
        return (
            f"it would draw more than {MAX_SVG_SHAPES:,} shapes (its <use> elements "
            "repeat what repeats); draw it more simply"
        )
    return None


def data_problem(body: bytes) -> str | None:
    """The same for what a data: URI holds (an image inside an SVG logo comes this way)."""
    if len(body) > MAX_RESOURCE_BYTES:
        return f"it is more than {MAX_RESOURCE_BYTES:,} bytes; the limit is {MAX_RESOURCE_BYTES:,}"
    return _image_problem(io.BytesIO(body))


def _image_problem(file: BinaryIO) -> str | None:
    """Why a raster image is too large to draw, if it is one and is: its size read from its
    header by Pillow, which knows a format by its bytes, not by the file's name (a GIF
    named logo.png), and decodes nothing yet."""
    head = file.read(24)
    file.seek(0)
    if head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR":
        # A PNG's size from its header, whatever Pillow thinks of the rest. Not a GIF's:
        # Pillow grows the screen size a GIF declares to hold its first frame.
        width, height = struct.unpack(">II", head[16:24])
        return _pixels_problem(width, height)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(file) as image:
                width, height = image.size
        except Image.DecompressionBombError:
            return f"the image is far larger than {MAX_IMAGE_PIXELS:,} pixels"
        except Exception:  # not a raster image Pillow knows (SVG, CSS, a font): not one to check
            return None
    return _pixels_problem(width, height)


def _pixels_problem(width: int, height: int) -> str | None:
    if width * height > MAX_IMAGE_PIXELS:
        return f"the image is {width:,} × {height:,} pixels; the limit is {MAX_IMAGE_PIXELS:,} pixels in all"
    return None


# The ways an SVG names a file WeasyPrint then reads: href and xlink:href (<image>, <use>,
# <feImage>), CSS @import, and the url()s of a @font-face's src. A url() in a paint
# (`fill: url(#g)`) names a part of the SVG itself: WeasyPrint reads nothing for it.
_ATTRIBUTE = re.compile(r"""(?:\bhref|\bsrc)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
# WeasyPrint's SVG reader follows `@import "a.css"` and `@import url(a.css)`; `url("a.css")`
# is a function to tinycss2, and the SVG reader skips it.
_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)'|url\(\s*([^\s"')]+)\s*\))""", re.IGNORECASE)
_FONT_SRC = re.compile(r"\bsrc\s*:([^;}]*)", re.IGNORECASE)
_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""", re.IGNORECASE)


def svg_references(svg: Path) -> list[str]:
    """The addresses an SVG file refers to, made absolute against the file's own address."""
    text = svg.read_text(encoding="utf-8", errors="replace")
    found = [
        *_ATTRIBUTE.finditer(text),
        *_IMPORT.finditer(text),
        *(url for src in _FONT_SRC.finditer(text) for url in _URL.finditer(src.group(1))),
    ]
    out = []
    for match in found:
        written = html.unescape(next(g for g in match.groups() if g is not None)).strip()
        if written and not written.startswith("#"):  # '#id' is a part of the same SVG
            out.append(urljoin(svg.as_uri(), written))
    return out


def logo_refusals(logo: Path, roots: list[Path]) -> list[str]:
    """Why the build would refuse this logo or a file it refers to; empty when it would not."""
    said = vet(logo.as_uri(), roots)
    if said.refused:
        return [said.refused]
    if logo.suffix.lower() != ".svg":
        return []
    return [v.refused for v in (vet(url, roots) for url in svg_references(logo)) if v.refused]
