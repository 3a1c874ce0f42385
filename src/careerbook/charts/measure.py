"""Type and the drawing surface the charts share: the bundled Inter taught to matplotlib,
text measured and wrapped as WeasyPrint will set it, and a `Canvas` in inches that is
sized from its labels and saved as tidy SVG.

Only matplotlib's object API is used (never pyplot): no global figure state, and
the rcParams are set inside an `rc_context` for each drawing. Text stays text
(`svg.fonttype = "none"`) in the bundled Inter, which matplotlib is taught to
measure with, so that WeasyPrint draws the labels exactly where they were laid
out and they can be found in the PDF. The same input gives byte-identical SVG.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache, lru_cache
from typing import Any, Literal, NamedTuple

import matplotlib
from matplotlib import font_manager
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text
from matplotlib.textpath import TextToPath
from matplotlib.transforms import Affine2D, Bbox, Transform, TransformedBbox

from careerbook.charts.style import ChartStyle
from careerbook.charts.svg_tidy import tidy
from careerbook.resources import fonts_dir

NAME_SIZE = 8.5  # points, at the chart's natural size
VALUE_SIZE = 8.0
LINE_SPACING = 1.2
HASH_SALT = "careerbook"
SVG_METADATA: dict[str, Any] = {"Date": None, "Creator": None}


@cache
def _register_fonts() -> None:
    """Teach matplotlib the bundled Inter, once, so it measures what WeasyPrint draws."""
    for path in sorted(fonts_dir().glob("*.[ot]tf")):
        font_manager.fontManager.addfont(str(path))


@contextmanager
def drawing(style: ChartStyle) -> Iterator[None]:
    """matplotlib set up for one chart: Inter known, text kept as text, no mathtext."""
    _register_fonts()
    with matplotlib.rc_context(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": HASH_SALT,
            "svg.image_inline": True,
            "font.family": style.font_family,
            "font.size": NAME_SIZE,
            "text.color": style.ink,
            "hatch.color": style.ink,
            "hatch.linewidth": 0.55,
            "path.simplify": True,
            "axes.unicode_minus": True,
            "text.parse_math": False,  # a "$" is money, never the start of mathtext
        }
    ):
        yield


class Font(NamedTuple):
    """A face of the chart's type: hashable, so measurements can be cached."""

    family: str
    size: float  # points
    weight: str = "normal"


def font(style: ChartStyle, size: float, weight: str = "normal") -> Font:
    return Font(style.font_family, size, weight)


@cache
def props(face: Font) -> FontProperties:
    return FontProperties(family=face.family, size=face.size, weight=face.weight)


_TEXT_TO_PATH = TextToPath()


def width(text: str, face: Font) -> float:
    """Width of one line of text, in inches, as the font measures it: its words' and spaces'
    widths added up, which is exact as Inter kerns nothing across a space (in the face that
    wraps; a test checks). Measuring is slow and words recur, so each is measured once."""
    words = text.split(" ")
    return sum(map(_word_width, words, [face] * len(words))) + (len(words) - 1) * _word_width(" ", face)


@lru_cache(maxsize=8192)
def _word_width(text: str, face: Font) -> float:
    if not text:
        return 0.0
    advance, _, _ = _TEXT_TO_PATH.get_text_width_height_descent(text, props(face), ismath=False)
    return float(advance) / 72


def wrap(text: str, face: Font, limit: float) -> list[str]:
    """Break text into lines no wider than `limit` inches, at spaces, and inside a word
    that is wider than a line by itself."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        for piece in _pieces(word, face, limit):
            candidate = f"{line} {piece}" if line else piece
            if line and width(candidate, face) > limit:
                lines.append(line)
                line = piece
            else:
                line = candidate
    lines.append(line)
    return lines


def _pieces(word: str, face: Font, limit: float) -> list[str]:
    """A word cut into pieces no wider than `limit` (a whole word when it fits)."""
    if width(word, face) <= limit:
        return [word]
    pieces, piece = [], ""
    for character in word:
        if piece and width(piece + character, face) > limit:
            pieces.append(piece)
            piece = character
        else:
            piece += character
    return [*pieces, piece]


def line_height(size: float) -> float:
    """The distance between two lines of text of `size` points, in inches."""
    return size * LINE_SPACING / 72


HAlign = Literal["left", "center", "right"]
VAlign = Literal["top", "bottom", "center_baseline"]

# Measures the labels as matplotlib lays them out for the charts' extent (hinted, as Agg
# draws), as the extent always has been measured; one renderer, so that matplotlib's cache
# of text measurements stays warm from one chart to the next.
_MEASURE = RendererAgg(1, 1, 72)
_MEASURE_FIGURE = Figure(dpi=72)


class Box(NamedTuple):
    """A rectangle in inches."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, pad: float = 0.0) -> bool:
        """Whether the two come closer than `pad` inches on both axes."""
        return (
            self.x0 < other.x1 + pad
            and other.x0 < self.x1 + pad
            and self.y0 < other.y1 + pad
            and other.y0 < self.y1 + pad
        )


class Label(NamedTuple):
    """A line of text laid out by a chart, with the box matplotlib will draw it in."""

    x: float
    y: float
    text: str
    face: Font
    ha: HAlign
    va: VAlign
    box: Box
    layer: float  # matplotlib's zorder: what is drawn later comes later in the SVG


def label(x: float, y: float, text: str, face: Font, ha: HAlign, va: VAlign, layer: float = 5) -> Label:
    """A label at (x, y) inches, measured as `Canvas.extent` measures it."""
    measured = Text(
        x, y, text, fontproperties=props(face), horizontalalignment=ha, verticalalignment=va, parse_math=False
    )
    measured.set_figure(_MEASURE_FIGURE)
    measured.set_transform(_MEASURE_FIGURE.dpi_scale_trans)
    extent = measured.get_window_extent(_MEASURE)
    return Label(
        x, y, text, face, ha, va, Box(extent.x0 / 72, extent.y0 / 72, extent.x1 / 72, extent.y1 / 72), layer
    )


class Canvas:
    """A figure drawn on in inches from an origin of the chart's choosing, straight on the
    figure (an Axes is slow to make). Its size is settled last (`svg`), from the labels'
    extent, as labels may stick out of the plot."""

    def __init__(self, style: ChartStyle) -> None:
        self.style = style
        self.figure = Figure(dpi=72)
        _background(self.figure, style)
        self._origin = Affine2D()  # where the chart's origin is on the figure, in inches
        self.inches = self._origin + self.figure.dpi_scale_trans
        self._texts: list[Text] = []

    def add(self, *artists: Artist, transform: Transform | None = None, clip: Bbox | None = None) -> None:
        """Artists drawn in inches (or through `transform`), clipped to `clip` inches."""
        clip_box = None if clip is None else TransformedBbox(clip, self.inches)
        for artist in artists:
            artist.set_transform(self.inches if transform is None else transform)
            if clip_box is not None:
                artist.set_clip_box(clip_box)
            self.figure.add_artist(artist)

    def text(
        self, x: float, y: float, text: str, face: Font, ha: HAlign, va: VAlign, zorder: float = 3
    ) -> None:
        drawn = Text(
            x,
            y,
            text,
            color=self.style.ink,
            fontproperties=props(face),
            horizontalalignment=ha,
            verticalalignment=va,
            parse_math=False,
            zorder=zorder,
        )
        self.add(drawn)
        self._texts.append(drawn)

    def label(self, laid_out: Label) -> None:
        self.text(
            laid_out.x, laid_out.y, laid_out.text, laid_out.face, laid_out.ha, laid_out.va, laid_out.layer
        )

    def extent(self, frame: Bbox, left: float, right: float, pad: float = 0.04) -> Bbox:
        """The drawing's own height, and the full width from `left` to `right` (wider only
        if the labels need it), so that every chart of a kind prints its text at the same
        size. `frame`, the plot, is always inside."""
        to_inches = self.inches.inverted()
        tight = Bbox.union(
            [
                frame,
                *(
                    text.get_window_extent(_MEASURE).transformed(to_inches)
                    for text in self._texts
                    if text.get_text()
                ),
            ]
        )
        return Bbox.from_extents(
            min(left, tight.x0 - pad), tight.y0 - pad, max(right, tight.x1 + pad), tight.y1 + pad
        )

    def svg(self, frame: Bbox, left: float, right: float) -> str:
        """The SVG of the drawing's `extent`."""
        extent = self.extent(frame, left, right)
        self.figure.set_size_inches(extent.width, extent.height)
        self._origin.clear().translate(-extent.x0, -extent.y0)
        buffer = io.BytesIO()
        self.figure.savefig(
            buffer,
            format="svg",
            metadata=SVG_METADATA,
            facecolor=self.figure.get_facecolor(),
            edgecolor="none",
        )
        return tidy(buffer.getvalue().decode("utf-8"))


def _background(fig: Figure, style: ChartStyle) -> None:
    fig.patch.set_facecolor(style.background)
    fig.patch.set_alpha(None if style.background != "none" else 0.0)
