"""The time limit holds while SVG images are drawn, though WeasyPrint catches BaseException
around each drawing (and with it the time limit's alarm)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from careerbook import confine
from careerbook.errors import RenderError
from careerbook.limits import guard
from careerbook.pdf.document import render_document, write_pdf
from careerbook.speed.forking import import_weasyprint


def nested_uses(levels: int) -> str:
    """An SVG of `levels` nested groups of ten `<use>`s: 10**levels rectangles to draw."""
    parts = ['<rect id="a0" width="1" height="1" fill="#0f6e6e"/>']
    for k in range(1, levels + 1):
        parts.append(f'<g id="a{k}">' + f'<use xlink:href="#a{k - 1}"/>' * 10 + "</g>")
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="40" height="40"><defs>{"".join(parts)}</defs>'
        f'<use xlink:href="#a{levels}"/></svg>'
    )


def test_the_time_limit_stops_every_svg_drawing_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fetcher refuses this SVG (confine.svg_problem); let through, it stands for any
    # drawing slow in ways no check foresees.
    monkeypatch.setattr(confine, "svg_problem", lambda data: None)
    import_weasyprint()
    (tmp_path / "logo.svg").write_text(nested_uses(4))  # a few seconds for each drawing
    html = "<!DOCTYPE html><html><body>" + '<img src="logo.svg">' * 8 + "</body></html>"
    begun = time.monotonic()
    with pytest.raises(RenderError, match="took longer than the time limit of 1 s"), guard(1):
        write_pdf(render_document(html, tmp_path, [tmp_path]), tmp_path / "out.pdf")
    assert time.monotonic() - begun < 8  # not eight drawings of a few seconds each
    assert not (tmp_path / "out.pdf").exists()
