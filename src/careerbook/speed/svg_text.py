"""SVG text drawn a string at a time: the charts' labels cost a tenth of what they did.

WeasyPrint 70 draws every `<text>` of an SVG letter by letter: one Pango layout and
one positioned glyph run per character, so that per-letter `x`, `dx` or `rotate`
lists can move each one. A chart's labels have none of that: a `<text>` with one
`x` and one `y`. For such a node this draws the whole string as one run, as
WeasyPrint draws text in HTML: about a tenth of the layouts, kerning kept, and
a PDF whose text extracts as words rather than letters. Every other text node
(position lists, `textLength`, letter spacing, baseline alignment, `direction`,
`textPath`) goes to WeasyPrint's own drawer, as do all texts under any other
WeasyPrint version, whose internals this leans on.
"""

from __future__ import annotations

from math import inf
from typing import Any

from careerbook.speed.forking import weasyprint_is_tested

# Attributes that give letters their own places or shift the baseline: stock drawing.
PER_LETTER = (
    "dx",
    "dy",
    "rotate",
    "textLength",
    "lengthAdjust",
    "letter-spacing",
    "direction",
    "display-anchor",
    "dominant-baseline",
    "alignment-baseline",
)

_installed = False


def _one_number(value: Any) -> bool:
    return isinstance(value, str) and len(value.replace(",", " ").split()) == 1


def _simple(node: Any) -> bool:
    attrib = node.attrib
    return (
        node.tag in ("text", "tspan")
        and bool(node.text)
        and _one_number(attrib.get("x"))
        and _one_number(attrib.get("y"))
        and not any(name in attrib for name in PER_LETTER)
    )


def _font_weight(value: Any) -> int:
    if value == "bold":
        return 700
    try:
        return int(value)
    except (TypeError, ValueError):
        return 400


def install() -> bool:
    """Draw simple SVG text as whole strings from now on; False (and no change) when the
    installed WeasyPrint is not the one this was written against."""
    global _installed
    if _installed:
        return True
    import weasyprint.svg as svg

    stock = getattr(svg, "text", None)
    if not weasyprint_is_tested() or svg.TAGS.get("text") is not stock:
        return False

    from weasyprint.css.properties import INITIAL_VALUES
    from weasyprint.draw.text import draw_emojis, draw_first_line
    from weasyprint.matrix import Matrix
    from weasyprint.svg.bounding_box import extend_bounding_box
    from weasyprint.svg.text import Style, TextBox
    from weasyprint.svg.utils import size
    from weasyprint.text.line_break import split_first_line

    def text(drawing: Any, node: Any, font_size: float) -> None:
        if not _simple(node):
            stock(drawing, node, font_size)
            return
        style = Style()
        style.update(INITIAL_VALUES)
        style.font_config = drawing.font_config
        style["font_family"] = [f.strip("\"'") for f in node.get("font-family", "sans-serif").split(",")]
        style["font_style"] = node.get("font-style", "normal")
        style["font_weight"] = _font_weight(node.get("font-weight", 400))
        style["font_size"] = font_size
        layout, _, _, width, height, baseline = split_first_line(node.text, style, drawing.context, inf, 0)
        x = size(node.attrib["x"].replace(",", " ").strip(), font_size, drawing.inner_width)
        y = size(node.attrib["y"].replace(",", " ").strip(), font_size, drawing.inner_height)
        # The state WeasyPrint's own drawer leaves, which a following <tspan> starts from.
        drawing.cursor_d_position = [0, 0]
        drawing.cursor_position = (x + width, y)
        node.text_bounding_box = extend_bounding_box(
            node.text_bounding_box, ((x, y - baseline), (x + width, y - baseline + height))
        )

        drawing.stream.push_state()
        fill, stroke = drawing.set_graphical_state(node, font_size)
        drawing.stream.begin_text()
        layout.reactivate(style)
        drawing.fill_stroke(fill, stroke, text=True)
        box = TextBox(layout, style)
        box.baseline = baseline
        emojis = draw_first_line(drawing.stream, box, "none", "none", Matrix(a=1, d=-1, e=x, f=y))
        drawing.stream.end_text()
        drawing.stream.pop_state()
        draw_emojis(drawing.stream, style, x, y, emojis)

    # draw_node tells text nodes by `TAGS.get(tag) == svg.text`: both names must change.
    for tag, function in list(svg.TAGS.items()):
        if function is stock:
            svg.TAGS[tag] = text
    svg.text = text
    _installed = True
    return True
