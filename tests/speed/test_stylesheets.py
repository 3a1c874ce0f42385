"""speed/stylesheets.py: a fast booklet's worker parses the theme's style sheets once, not for every part."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from careerbook.pdf import document as pdf
from careerbook.resources import fonts_dir, styles_dir
from careerbook.speed import stylesheets

THEME = f"""@font-face {{ font-family: "Inter"; src: url({fonts_dir().as_uri()}/Inter-Regular.otf); }}
p {{ font-family: "Inter"; font-size: 20px; color: rgb(255, 0, 0); }}
.muted {{ color: rgb(0, 0, 255); }}"""


def _page(theme: str, own: str, body: str) -> str:
    return (
        f"<!DOCTYPE html><html><head><style>{theme}</style><style>{own}</style></head>"
        f"<body>{body}</body></html>"
    )


def _styles_of_text(document: Any) -> list[tuple[str, float, tuple[float, ...]]]:
    out = []

    def walk(box: Any) -> None:
        if type(box).__name__ == "TextBox":
            out.append((box.text, box.style["font_size"], tuple(box.style["color"])))
        for child in getattr(box, "children", []):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return out


def test_the_lifted_styles_are_the_head_s_style_elements_in_order() -> None:
    html = _page("a { x: 1 }", "b { y: 2 }", "<p>hi</p>")
    lifted = stylesheets.lifted_styles(html)
    assert lifted is not None
    assert lifted.texts == ["a { x: 1 }", "b { y: 2 }"]
    assert "<style" not in lifted.body and "<p>hi</p>" in lifted.body


@pytest.mark.parametrize(
    "html",
    [
        _page("a {}", "", "<p>hi</p>").replace("<head>", '<head><link rel="stylesheet" href="x.css">'),
        _page("a {}", "", "<p>hi</p>").replace("<style>", '<style media="print">', 1),
        _page("a {}", "", "<svg><style>rect { fill: red }</style></svg>"),
        _page("p { color: red !important }", "", "<p>hi</p>"),
        _page("@layer base { p { color: red } }", "", "<p>hi</p>"),
        _page("@counter-style x { system: cyclic; symbols: a; }", "", "<p>hi</p>"),
        "<p>no head at all</p>",
        _page("a {}", "", '<svg width="10" height="10"></svg>'),
        _page("a {}", "", "<p>hi</p>").replace("<head>", "<head><!-- <style>p { color: red }</style> -->"),
        _page("a {}", "", "<p>hi</p>").replace("<head>", '<head><base href="https://example.org/">'),
        _page("p { color: red ! IMPORTANT }", "", "<p>hi</p>"),
        _page("@LAYER base { p { color: red } }", "", "<p>hi</p>"),
    ],
)
def test_a_document_whose_styles_are_not_only_its_own_keeps_them(html: str) -> None:
    assert stylesheets.lifted_styles(html) is None


def test_parts_that_share_the_theme_parse_it_once_and_look_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint

    parsed: list[str] = []
    css = weasyprint.CSS

    def counting(*args: Any, **kwargs: Any) -> Any:
        parsed.append(kwargs.get("string", ""))
        return css(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "CSS", counting)
    monkeypatch.setattr(stylesheets.Styles, "_here", None)
    roots = [styles_dir(), fonts_dir()]
    parts = [
        _page(
            THEME,
            f".n{i} {{ font-size: {10 + i}px }}",
            f'<p>one</p><p class="muted n{i}">two</p><p style="color: rgb(0, 128, 0)">three</p>',
        )
        for i in range(3)
    ]
    reused = [pdf.render_document(html, styles_dir(), roots, reuse_styles=True) for html in parts]
    assert parsed.count(THEME) == 1  # the theme once; each part's own rules each time
    assert len(parsed) == 1 + len(parts)
    for html, document in zip(parts, reused, strict=True):
        alone = pdf.render_document(html, styles_dir(), roots)
        assert _styles_of_text(document) == _styles_of_text(alone)
    sizes = [[size for text, size, _ in _styles_of_text(d) if text == "two"] for d in reused]
    assert sizes == [[10], [11], [12]]
    colours = {text: colour for text, _, colour in _styles_of_text(reused[0])}
    assert colours == {
        "one": (1.0, 0.0, 0.0, 1.0),
        "two": (0.0, 0.0, 1.0, 1.0),
        "three": (0.0, 128 / 255, 0.0, 1.0),
    }


@pytest.mark.parametrize("second", [False, True])
def test_a_refused_font_is_refused_in_every_part(tmp_path: Path, second: bool) -> None:
    """A sheet that failed is not kept, nor the fonts it loaded: the next part fails the same
    way, even when the refused font came with one that was allowed."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.otf").write_bytes((fonts_dir() / "Inter-Regular.otf").read_bytes())
    allowed = f", url({fonts_dir().as_uri()}/Inter-Regular.otf)" if second else ""
    theme = (
        f'@font-face {{ font-family: "X"; src: url({outside.as_uri()}/x.otf){allowed}; }}'
        ' p { font-family: "X" }'
    )
    for _ in range(2):
        with pytest.raises(pdf.RenderError, match=r"outside the project"):
            pdf.render_document(
                _page(theme, "", "<p>hi</p>"), styles_dir(), [styles_dir(), fonts_dir()], reuse_styles=True
            )
        assert stylesheets.Styles._here is None


def test_the_theme_is_kept_while_each_part_brings_rules_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """The least recently used sheet goes first: the theme, used by every part, stays."""
    monkeypatch.setattr(stylesheets.Styles, "_here", None)
    roots = [styles_dir(), fonts_dir()]
    for i in range(stylesheets.Styles.KEEP * 2):
        pdf.render_document(
            _page(THEME, f".n{i} {{ color: red }}", "<p>x</p>"), styles_dir(), roots, reuse_styles=True
        )
    styles = stylesheets.Styles._here
    assert styles is not None and len(styles.sheets) == stylesheets.Styles.KEEP
    assert (THEME, styles_dir().as_uri() + "/") in styles.sheets


def _render_and_tell_the_font_folder(roots: list[Path], out: Any) -> None:
    stylesheets.forget_styles()
    pdf.render_document(_page(THEME, "", "<p>x</p>"), styles_dir(), roots, reuse_styles=True)
    styles = stylesheets.Styles._here
    assert styles is not None
    out.send(str(styles.font_config._folder))


def test_a_worker_leaves_no_font_folder_behind() -> None:
    """WeasyPrint copies the fonts to a folder it removes when it frees them, which a worker
    that leaves by os._exit never does."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    mine, theirs = context.Pipe()
    worker = context.Process(
        target=_render_and_tell_the_font_folder, args=([styles_dir(), fonts_dir()], theirs)
    )
    worker.start()
    folder = Path(mine.recv())
    worker.join(60)
    assert worker.exitcode == 0
    assert folder.name.startswith("weasyprint-")
    assert not folder.exists()
