"""The charts' colours: a palette that survives grayscale, hatching that uses only ink, and
a warning from `validate` when a book's palette is shorter than a time split."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from chart_cases import EIGHT, FIVE, ROOT, TWELVE, fills

from careerbook.charts import style
from careerbook.charts.donut import time_split_svg as split_svg
from careerbook.charts.pay import pay_svg
from careerbook.charts.style import DEFAULT_STYLE, PRINT_STYLE
from careerbook.content.checks import check
from careerbook.content.validate import load_career


def test_default_palette_survives_grayscale() -> None:
    def lightness(colour: str) -> float:
        y = style.luminance(colour)
        return 116 * y ** (1 / 3) - 16

    first_six = [lightness(c) for c in DEFAULT_STYLE.palette[:6]]
    assert min(abs(a - b) for i, a in enumerate(first_six) for b in first_six[i + 1 :]) >= 10
    every = [lightness(c) for c in DEFAULT_STYLE.palette]
    assert all(abs(a - b) >= 20 for a, b in zip(every, every[1:] + every[:1], strict=True))


@pytest.mark.parametrize("chart", ["split", "pay"])
def test_patterns_use_hatching_and_only_ink(chart: str) -> None:
    style = replace(PRINT_STYLE, ink="#111111")
    svg = split_svg(TWELVE, style) if chart == "split" else pay_svg(EIGHT, style)
    assert "<pattern" in svg
    allowed = {"#111111", "#ffffff", "none"}
    painted = fills(svg)
    assert any(f.startswith("url(#") for f in painted)
    assert {f for f in painted if not f.startswith("url(#")} <= allowed


def test_default_style_fills_with_the_palette() -> None:
    painted = fills(split_svg(FIVE, DEFAULT_STYLE))
    assert {c.lower() for c in DEFAULT_STYLE.palette[:5]} <= painted
    assert "<pattern" not in split_svg(FIVE, DEFAULT_STYLE)


def palette_project(root: Path, colours: list[str]) -> Path:
    """A project of two careers, the longer split of twelve slices, and a book palette."""
    (root / "content").mkdir(parents=True)
    for name in ("twelve-slices.yaml", "spanish.yaml"):
        shutil.copy(ROOT / "tests" / "data" / "careers" / name, root / "content" / name)
    (root / "careerbook.yaml").write_text(yaml.safe_dump({"colors": {"chart": colours}}), encoding="utf-8")
    return root


def test_a_book_palette_shorter_than_a_split_is_a_warning(tmp_path: Path) -> None:
    root = palette_project(tmp_path / "short", ["#7a1f5c", "#d4a017", "#2f6f8f"])
    report = check([root])
    assert not report.problems
    found = [w for w in report.warnings if w.field == "colors.chart"]
    assert len(found) == 1, report.warnings
    title = load_career(root / "content" / "twelve-slices.yaml").title
    assert found[0].path.name == "careerbook.yaml"
    assert "3 colours for up to 12 slices" in found[0].message
    assert title in found[0].message and "twelve-slices.yaml" in found[0].message


def test_a_palette_as_long_as_every_split_is_no_warning(tmp_path: Path) -> None:
    root = palette_project(tmp_path / "long", list(DEFAULT_STYLE.palette))
    assert not [w for w in check([root]).warnings if w.field == "colors.chart"]
