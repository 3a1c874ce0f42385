"""The handout's footer on one line: the school's name and contact set small enough to fit.

The footer's middle box has a known width (a share of the page's text width, _page.css).
The words are measured with the font's own advance widths (Inter, as base.css sets it) at
each size from `SIZES`, largest first, and set at the first size at which they fit on one
line. As a last resort, words too long for one line even at the smallest size have the
school's name shortened with an ellipsis (the contact, an address someone types, is never
cut); only a contact too long for the line on its own wraps.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from careerbook.resources import fonts_dir

SIZES = (7.5, 7.0, 6.5, 6.0)  # pt, the footer's usual size first
UNKNOWN = 0.6  # em: the width of a character the font has no glyph for
LOGO = 18.0  # pt: the logo's width beside the words (13pt high) and its gap
MARGIN = 1.0  # the measure falls short of WeasyPrint's (hinting, spacing), and a gap to the next box


@dataclass(frozen=True)
class FooterFit:
    """The size the footer's words are set at, and whether they fit on one line at it."""

    size: float
    one_line: bool
    text: str  # what is printed: the words, or the name shortened with "…" as a last resort


@cache
def _advances() -> dict[int, float]:
    """Each character's advance in em, in Inter Regular."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(fonts_dir() / "Inter-Regular.otf"), lazy=True)
    per_em = float(font["head"].unitsPerEm)
    metrics = font["hmtx"].metrics
    return {code: metrics[name][0] / per_em for code, name in font.getBestCmap().items() if name in metrics}


def text_width(text: str, size: float) -> float:
    """The width of `text` in Inter Regular at `size` pt, in pt (no kerning: a little wide)."""
    advances = _advances()
    return sum(advances.get(ord(ch), UNKNOWN) for ch in text) * size


SEPARATOR = " · "  # between the name and the contact, as the templates join them


def fit_line(text: str, width: float, logo: bool = False) -> FooterFit:
    """The largest of SIZES at which `text` (and the logo) fits in `width` pt; else the
    smallest, with the name (before the last SEPARATOR) shortened to fit."""
    room = width - (LOGO if logo else 0.0)

    def fits(words: str, size: float) -> bool:
        return text_width(words, size) * MARGIN <= room

    for size in SIZES:
        if fits(text, size):
            return FooterFit(size, True, text)
    smallest = SIZES[-1]
    name, _, contact = text.rpartition(SEPARATOR)
    if name:
        tail = f"…{SEPARATOR}{contact}"
        for end in range(len(name) - 1, 0, -1):
            shortened = name[:end].rstrip() + tail
            if fits(shortened, smallest):
                return FooterFit(smallest, True, shortened)
    return FooterFit(smallest, False, text)
