"""The time limit inside SVG drawings: a check before each node WeasyPrint draws.

WeasyPrint draws an SVG image inside `except BaseException`, so the time limit's alarm,
raised while an image is drawn, only ends that image; the next one (a logo on every page,
a logo whose `<use>`s nest ten by ten) would be drawn in full, with no alarm left to stop
it. limits.py's guard remembers that the time is up, and `check_not_stopped` before each
SVG node raises it again: every drawing after the alarm ends at its first node, and the
render stops at the guard's next check. Installed only under the WeasyPrint this was
written against (speed/forking.py), as speed/svg_text.py is.
"""

from __future__ import annotations

from typing import Any

from careerbook.limits import check_not_stopped
from careerbook.speed.forking import weasyprint_is_tested

_installed = False


def install() -> bool:
    """Check for a stop before each SVG node drawn; False (and no change) under another
    WeasyPrint."""
    global _installed
    if _installed:
        return True
    if not weasyprint_is_tested():
        return False
    from weasyprint.svg import SVG

    stock = SVG.draw_node

    def draw_node(
        self: Any, node: Any, font_size: float, fill_stroke: bool = True, context: Any = None
    ) -> None:
        check_not_stopped()
        stock(self, node, font_size, fill_stroke, context)

    SVG.draw_node = draw_node
    _installed = True
    return True
