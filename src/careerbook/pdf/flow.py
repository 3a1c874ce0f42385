"""Charts that fit where they are read: a chart pushed to the next page is made to fit instead.

A figure (a chart with its caption, data table and notes) never splits (base.css), so one
that does not fit in what is left of a page goes to the next, and the page it leaves can
end a third empty or more. Then the figure is made smaller, and the document is laid out
again:

- only where the figure, or the heading kept with it (`.keep`), was pushed (nothing of
  the page it went to comes before it) and its page before was left more than `EMPTY` of
  its height empty;
- a time split gets its data table and notes beside its donut (the class `beside`,
  base.css): the donut at 60% of the text's width, its words at full size. Below it, a
  six-slice split's figure took 550 px of a 920 px page, and no shrinking of the donut
  alone (which shrinks its labels too) made it fit where 10 of 12 bundled careers left
  their first page 40-45% empty;
- another chart's image shrinks (a `max-height` on it, the figure gets the class
  `compact`; object-fit keeps its shape), never its caption, table or notes, and never
  below `SMALLEST` of its drawn height: a chart that would need more is left whole on the
  next page.

The decision is made from the layout of each figure's own pages only, so a career gets the
same pages in a handout, in the fast booklet's part and in the single-document booklet.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from careerbook.speed.forking import weasyprint_is_tested

if TYPE_CHECKING:
    from weasyprint import Document

EMPTY = 1 / 3  # of a page's height left empty before a pushed figure: worth shrinking
SMALLEST = 0.6  # of a chart's drawn height: no smaller
SLACK = 4.0  # CSS px kept free, for rounding
# Layouts after the first. Each is a whole layout again (a booklet's worker lays out six
# careers at a time: three rounds cost a 100-career booklet 80% more CPU); a figure pushed
# by another's shrinking stays whole on its next page.
ROUNDS = 1

_FIGURE = re.compile(r"<figure\b([^>]*)>")


@dataclass(frozen=True)
class Pushed:
    """A figure pushed to the next page: which (its place among the document's figures) and
    how it may fit where it was pushed from: its chart no higher than `height`, or (a time
    split) its table and notes set `beside` its chart."""

    index: int
    height: float | None = None  # CSS px
    beside: bool = False


def fitted(html: str, lay_out: Callable[[str], Document]) -> Document:
    """Lay out `html`; where a chart was pushed to the next page, make it fit and lay out again."""
    document = lay_out(html)
    if "<figure" not in html or not weasyprint_is_tested():  # it reads WeasyPrint's page boxes
        return document
    fits: dict[int, Pushed] = {}
    for _ in range(ROUNDS):
        pushed = [p for p in pushed_figures(document) if p.index not in fits]
        if not pushed:
            break
        fits.update({p.index: p for p in pushed})
        again = lay_out(compact(html, fits))
        worse = len(again.pages) > len(document.pages)
        if worse or (_overflows(again) and not _overflows(document)):  # never worse
            break
        document = again
    return document


def compact(html: str, fits: dict[int, Pushed]) -> str:
    """`html` with the figures of `fits` made to fit: marked `compact`, their charts at most
    so high, or marked `beside`, their words beside their charts."""
    count = -1

    def mark(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        fit = fits.get(count)
        if fit is None:
            return match[0]
        attributes = match[1]
        added = "beside" if fit.beside else "compact"
        found = re.search(r'class="([^"]*)"', attributes)
        if found:
            attributes = attributes.replace(found[0], f'class="{found[1]} {added}"', 1)
        else:
            attributes += f' class="{added}"'
        if fit.height is None:
            return f"<figure{attributes}>"
        return f'<figure{attributes} style="--chart-height: {fit.height:.1f}px">'

    return _FIGURE.sub(mark, html)


def pushed_figures(document: Document) -> list[Pushed]:
    """The figures that went to the next page and left the page before too empty, with how
    they fit there: beside (a time split whose words surely fit next to it), or the height
    their chart may have, if it need not shrink below SMALLEST."""
    if not document.pages:
        return []
    root = document.pages[0]._page_box.children[0].element
    order = {id(element): n for n, element in enumerate(root.iter("figure"))}
    out = []
    free_before: float | None = None
    for page in document.pages:
        box = page._page_box
        top, bottom = box.content_box_y(), box.content_box_y() + box.height
        block = _first_figure_block(box)
        if (
            block is not None
            and free_before is not None
            and free_before > EMPTY * box.height
            and not _above(box, block.position_y)
        ):
            figure = next(b for b in _descendants(block) if _is_figure(b))
            image = next((b for b in _descendants(figure) if _is_image(b)), None)
            if image is not None and id(figure.element) in order:
                need = block.margin_height() - free_before + SLACK
                height = image.height - need
                kept = block.margin_height() - figure.margin_height()  # a heading kept with it
                if _is_time_split(figure) and _fits_beside(figure, image, free_before - kept):
                    out.append(Pushed(order[id(figure.element)], beside=True))
                elif height >= SMALLEST * image.height:
                    out.append(Pushed(order[id(figure.element)], height))
        free_before = bottom - _used_bottom(box, top)
    return out


# In a figure `beside` (base.css): the chart's share of the figure's width, and its words'.
BESIDE_CHART = 0.60
BESIDE_WORDS = 0.37
# Of the words' new width, what a table cell's line may fill (the name's column, not the
# share's) and what a note's line may (a line breaks at a space, not at the very end).
CELL_SHARE, NOTE_SHARE = 0.65, 0.9


def _is_time_split(figure: Any) -> bool:
    return "time-split" in (figure.element.get("class") or "").split()


def _fits_beside(figure: Any, image: Any, free: float) -> bool:
    """Whether the time split's figure, its words beside its chart, surely fits in `free`: a
    figure that might not stays as it is (a flex box that splits over pages prints badly).
    Each line of its words is taken to wrap as often as its width says in the narrower
    column, a little more often than it will."""
    column = figure.width * BESIDE_WORDS
    words = sum(
        child.margin_height() + _rewrapped(child, column)
        for child in figure.children
        if not any(d is image for d in _descendants(child))
    )
    others = figure.margin_height() - figure.height  # the figure's own margins
    scale = BESIDE_CHART * figure.width / max(image.width, 1.0)
    tallest = max(image.margin_height() * scale, words)
    return tallest + others + SLACK <= free


def _rewrapped(box: Any, column: float, in_cell: bool = False) -> float:
    """How much taller the lines under `box` get, each rewrapped to fit in `column`."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.LineBox):
        fits = column * (CELL_SHARE if in_cell else NOTE_SHARE)
        return box.margin_height() * (math.ceil(max(box.width, 1.0) / fits) - 1)
    in_cell = in_cell or isinstance(box, boxes.TableCellBox)
    return sum(_rewrapped(child, column, in_cell) for child in getattr(box, "children", ()))


def _overflows(document: Document) -> bool:
    """Whether a line, image or row of some page runs past the page's content box."""
    for page in document.pages:
        box = page._page_box
        top = box.content_box_y()
        if _used_bottom(box, top) > top + box.height + 1:
            return True
    return False


def _descendants(box: Any) -> list[Any]:
    out = [box]
    for child in getattr(box, "children", ()):
        out.extend(_descendants(child))
    return out


def _flow(page_box: Any) -> list[Any]:
    """The boxes of the page's content, without its margin boxes (header, footer)."""
    from weasyprint.formatting_structure import boxes

    return [
        b
        for child in page_box.children
        if not isinstance(child, boxes.MarginBox)
        for b in _descendants(child)
    ]


def _is_image(box: Any) -> bool:
    from weasyprint.formatting_structure import boxes

    return isinstance(box, boxes.ReplacedBox)


def _is_ink(box: Any) -> bool:
    """A box that puts something on the page: a line of text, an image, a table's row."""
    from weasyprint.formatting_structure import boxes

    return isinstance(box, boxes.LineBox | boxes.ReplacedBox | boxes.TableRowBox)


def _is_figure(box: Any) -> bool:
    return getattr(box, "element_tag", None) == "figure"


def _first_figure_block(page_box: Any) -> Any:
    """The page's first figure, or the first block kept whole (`.keep`: a heading with its
    chart) that holds one."""
    for box in _flow(page_box):
        if _is_figure(box):
            return box
        element = getattr(box, "element", None)
        if (
            element is not None
            and "keep" in (element.get("class") or "").split()
            and getattr(box, "element_tag", None) != "html"
            and any(_is_figure(b) for b in _descendants(box))
        ):
            return box
    return None


def _above(page_box: Any, y: float) -> bool:
    """Whether anything is drawn on the page above `y`."""
    return any(_is_ink(b) and b.position_y < y - 0.5 for b in _flow(page_box))


def _used_bottom(page_box: Any, top: float) -> float:
    """Where the page's content ends: the bottom of its lowest line, image or row."""
    return max((b.position_y + b.margin_height() for b in _flow(page_box) if _is_ink(b)), default=top)
