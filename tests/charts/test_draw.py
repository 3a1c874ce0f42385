"""The charts: labels as real SVG text, no overlapping labels, byte-identical output."""

from __future__ import annotations

import itertools
import math
import os
import re
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.textpath import TextToPath

from careerbook.charts import draw as charts
from careerbook.charts.draw import DEFAULT_STYLE, PRINT_STYLE, pay_alt, pay_svg, time_split_alt
from careerbook.charts.draw import time_split_svg as split_svg
from careerbook.content.models import Pay, PayRange, TimeSlice
from careerbook.content.validate import load_career

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"
NBSP = "\xa0"


def slices(*pairs: tuple[str, float]) -> list[TimeSlice]:
    return [TimeSlice(activity=a, percent=p) for a, p in pairs]


TWO = slices(("Deep work", 98), ("Meetings", 2))
FIVE = slices(("Recording & tracking", 25), ("Mixing & editing", 30),
              ("Production & arrangement", 15), ("Artist/client & sessions", 10),
              ("Business & acquisition", 20))
TWELVE = slices(
    ("Client meetings and discovery calls", 20), ("Email", 2), ("Slack", 2),
    ("Research & reading industry papers", 14), ("Design reviews", 10), ("Coding", 25),
    ("Testing", 5), ("Code review with the rest of the team", 8), ("Deploys", 2),
    ("On-call and incident response", 6), ("Hiring", 3), ("Admin", 3))
# Tiny slices crowded together on one side.
CROWDED = slices(*[(f"Small task number {i}", 2) for i in range(1, 12)], ("Everything else", 78))

MUSIC = Pay(ranges=[
    PayRange(label="Audio engineering (staff)", low=34000, median=66000, high=105000),
    PayRange(label="Artist-producer with hits", low=150000, high=500000, open_high=True),
])
EIGHT = Pay(ranges=[PayRange(label=label, low=low, median=median, high=high, open_high=open_)
                    for label, low, median, high, open_ in [
    ("Junior assistant engineer at a regional recording studio", 28000, 35000, 42000, False),
    ("Staff audio engineer", 34000, 66000, 105000, False),
    ("Live sound", 30000, None, 90000, False),
    ("Game audio designer at a large studio", 70000, 95000, 140000, False),
    ("Mastering", 45000, 60000, 62000, False),
    ("Post-production mixer for film & TV", 50000, 80000, 160000, False),
    ("Session musician", 20000, None, 250000, True),
    ("Artist-producer with hits", 150000, None, 500000, True)]])
HOURLY = Pay(currency="EUR", period="hour", ranges=[
    PayRange(label="Freelance mixing", low=18, median=25.5, high=60),
    PayRange(label="Studio assistant", low=12, high=20)])


def parse(svg: str) -> ET.Element:
    assert svg.startswith(("<?xml", "<svg"))
    return ET.fromstring(svg)


def texts(svg: str) -> list[str]:
    """The content of every <text>, in document order."""
    return ["".join(t.itertext()) for t in parse(svg).iter(f"{SVG}text")]


def joined(svg: str) -> str:
    return " ".join(texts(svg))


def fills(svg: str) -> set[str]:
    """Every fill colour the SVG paints with, from attributes and style declarations."""
    found = set()
    for element in parse(svg).iter():
        if "fill" in element.attrib:
            found.add(element.attrib["fill"].strip().lower())
        for match in re.finditer(r"(?:^|;)\s*fill:\s*([^;]+)", element.attrib.get("style", "")):
            found.add(match.group(1).strip().lower())
    return found


# --- the time split ------------------------------------------------------------------


@pytest.mark.parametrize("case", [TWO, FIVE, TWELVE, CROWDED], ids=["2", "5", "12", "crowded"])
def test_every_activity_and_percent_is_svg_text(case: list[TimeSlice]) -> None:
    svg = split_svg(case, DEFAULT_STYLE)
    content = texts(svg)
    words = joined(svg)
    for s in case:
        assert s.activity in words  # a long name is wrapped onto consecutive lines
        assert f"{s.percent:g}%" in content
    # Text, not glyph outlines: no glyph definitions, and the text is set in Inter.
    root = parse(svg)
    assert not [u for u in root.iter(f"{SVG}use")]
    assert all("Inter" in t.attrib["font-family"] for t in root.iter(f"{SVG}text"))


def test_svg_keeps_its_size_for_weasyprint() -> None:
    root = parse(split_svg(FIVE, DEFAULT_STYLE))
    width = float(root.attrib["width"].removesuffix("pt"))
    height = float(root.attrib["height"].removesuffix("pt"))
    assert "viewBox" in root.attrib
    assert 6.0 * 72 <= width <= 6.6 * 72
    assert 2.4 * 72 <= height <= 3.8 * 72


def test_split_is_the_full_width_when_the_labels_fit() -> None:
    root = parse(split_svg(TWO, DEFAULT_STYLE))
    pad = 0.04 * 72
    assert float(root.attrib["width"].removesuffix("pt")) == pytest.approx(
        charts.SPLIT_WIDTH * 72 + 2 * pad)
    assert float(root.attrib["height"].removesuffix("pt")) == pytest.approx(
        charts.SPLIT_HEIGHT * 72 + 2 * pad)


def test_a_line_measures_as_its_words_and_spaces() -> None:
    """Wrapping adds up the widths of words (each measured once): right only as long as the
    font kerns nothing across a space, so the sum is what the whole line measures."""
    font = charts._font(DEFAULT_STYLE, charts.NAME_SIZE)
    charts.split_label_boxes(TWO)  # Inter known to matplotlib
    lines = [s.activity for s in TWELVE + FIVE] + [r.label for r in EIGHT.ranges] + [
        "Amasado y formado", "Atención al público, pedidos y caja", "“Quoted” words… and,  more "]
    for line in lines:
        whole, _, _ = TextToPath().get_text_width_height_descent(
            line, charts._props(font), ismath=False)
        assert charts._width(line, font) == pytest.approx(whole / 72, abs=1e-9), line


def test_long_names_wrap() -> None:
    labels = charts.split_label_boxes(TWELVE)
    longest = labels[7]  # "Code review with the rest of the team"
    assert len(longest.lines) == 2
    assert all(len(line) <= 28 for label in labels for line in label.lines)


@pytest.mark.parametrize("case", [TWO, FIVE, TWELVE, CROWDED], ids=["2", "5", "12", "crowded"])
def test_labels_on_a_side_never_overlap(case: list[TimeSlice]) -> None:
    labels = charts.split_label_boxes(case)
    assert sorted(label.order for label in labels) == list(range(len(case)))
    for side in (1, -1):
        column = sorted((lb for lb in labels if lb.side == side), key=lambda lb: -lb.top)
        for above, below in itertools.pairwise(column):
            assert above.bottom >= below.top - 1e-9, (above, below)
        for label in column:
            # Outside the ring, on its own side.
            if side > 0:
                assert label.left > charts.RADIUS
            else:
                assert label.right < -charts.RADIUS


def test_an_unbroken_activity_name_is_broken_into_lines() -> None:
    long = "Soundcheck" * 20  # one 200-character word
    case = slices((long, 60), ("Meetings", 40))
    label = charts.split_label_boxes(case)[0]
    assert "".join(label.lines) == long and len(label.lines) > 5
    font = charts._font(DEFAULT_STYLE, charts.NAME_SIZE)
    assert all(charts._width(line, font) <= charts.NAME_WIDTH for line in label.lines)
    width = float(parse(split_svg(case, DEFAULT_STYLE)).attrib["width"].removesuffix("pt"))
    assert width <= 6.6 * 72, "the chart grew wider (and would print smaller) for one word"


def test_labels_stay_near_their_slice_when_there_is_room() -> None:
    for label in charts.split_label_boxes(FIVE):
        wanted = charts.ELBOW * math.sin(math.radians(label.angle))
        first_line = label.top - (label.top - label.bottom) / len(label.lines) / 2
        assert abs(first_line - wanted) < 0.01


def test_slices_run_clockwise_from_twelve_o_clock() -> None:
    labels = charts.split_label_boxes(FIVE)
    angles = [label.angle for label in labels]
    assert angles[0] == pytest.approx(90 - 360 * 0.25 / 2)  # the first slice's middle
    assert angles == sorted(angles, reverse=True)
    assert [label.side for label in labels] == [1, 1, -1, -1, -1]


def test_split_is_deterministic_and_cached() -> None:
    first = split_svg(TWELVE, DEFAULT_STYLE)
    assert split_svg(TWELVE, DEFAULT_STYLE) is first  # from the cache
    charts._time_split_svg.cache_clear()
    again = split_svg(TWELVE, DEFAULT_STYLE)
    assert again == first and again is not first


def test_output_is_the_same_in_another_process() -> None:
    script = textwrap.dedent("""
        import hashlib, sys
        from careerbook.charts.draw import DEFAULT_STYLE, pay_svg, time_split_svg
        from careerbook.content.models import Pay, PayRange, TimeSlice
        s = [TimeSlice(activity="A & B", percent=60), TimeSlice(activity="C", percent=40)]
        p = Pay(ranges=[PayRange(label="X", low=1000, median=2000, high=3000)])
        out = time_split_svg(s, DEFAULT_STYLE) + pay_svg(p, DEFAULT_STYLE)
        sys.stdout.write(hashlib.sha256(out.encode()).hexdigest())
    """)
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        digests.add(subprocess.run([sys.executable, "-c", script], env=env, check=True,
                                   capture_output=True, text=True).stdout)
    assert len(digests) == 1


def test_spanish_percents() -> None:
    content = texts(split_svg(FIVE, DEFAULT_STYLE, lang="es"))
    assert f"30{NBSP}%" in content


def test_default_palette_survives_grayscale() -> None:
    def lightness(colour: str) -> float:
        y = charts._luminance(colour)
        return 116 * y ** (1 / 3) - 16

    first_six = [lightness(c) for c in DEFAULT_STYLE.palette[:6]]
    assert min(abs(a - b) for i, a in enumerate(first_six) for b in first_six[i + 1:]) >= 10
    every = [lightness(c) for c in DEFAULT_STYLE.palette]
    assert all(abs(a - b) >= 20 for a, b in zip(every, every[1:] + every[:1], strict=True))


def test_wedges_are_separated_by_white_edges() -> None:
    svg = split_svg(FIVE, DEFAULT_STYLE)
    assert sum(1 for e in parse(svg).iter() if e.get("stroke") == "#ffffff") >= len(FIVE)


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


def test_time_split_alt_is_sorted_by_share() -> None:
    assert time_split_alt(FIVE) == (
        "Time split: Mixing & editing 30%, Recording & tracking 25%, "
        "Business & acquisition 20%, Production & arrangement 15%, "
        "Artist/client & sessions 10%.")
    assert time_split_alt(FIVE, "es", title="Reparto del tiempo").startswith(
        f"Reparto del tiempo: Mixing & editing 30{NBSP}%, ")


# --- pay ------------------------------------------------------------------------------


def test_pay_chart_prints_values_labels_and_median() -> None:
    svg = pay_svg(MUSIC, DEFAULT_STYLE)
    words = joined(svg)
    for expected in ("Audio engineering (staff)", "Artist-producer with hits", "$34K", "$105K",
                     "$150K", "$500K+", "$66K", "median"):
        assert expected in words
    content = texts(svg)
    assert "$0" in content and "$200K" in content  # the axis, in the currency


def test_pay_median_label_is_translatable() -> None:
    words = joined(pay_svg(MUSIC, DEFAULT_STYLE, lang="es", median_label="mediana"))
    assert f"mediana 66.000{NBSP}US$" in words
    assert f"500.000+{NBSP}US$" in words


def test_eight_long_ranges_are_all_labelled_and_taller() -> None:
    svg = pay_svg(EIGHT, DEFAULT_STYLE)
    words = joined(svg)
    for r in EIGHT.ranges:
        assert r.label in words
    assert "$250K+" in words and "$500K+" in words
    assert "$28K" in words and "$42K" in words  # a short bar still shows both ends

    def height(s: str) -> float:
        return float(parse(s).attrib["height"].removesuffix("pt"))

    assert height(svg) > 2.5 * height(pay_svg(MUSIC, DEFAULT_STYLE))


def test_an_unbroken_pay_label_is_broken_into_lines_and_its_row_grows() -> None:
    long = ("Postproduction" * 15)[:200]  # one 200-character word, as long as a label may be
    pay = Pay(ranges=[PayRange(label=long, low=30000, high=90000),
                      PayRange(label="Session musician", low=20000, high=60000)])
    svg = pay_svg(pay, DEFAULT_STYLE)  # raised "Width and height specified must be non-negative"
    content = texts(svg)
    first = next(i for i, t in enumerate(content) if t.startswith("Post"))
    lines = content[first:content.index("Session musician")]
    assert "".join(lines) == long and len(lines) > 5
    root = parse(svg)
    assert float(root.attrib["width"].removesuffix("pt")) <= 6.6 * 72
    short = Pay(ranges=[PayRange(label="Studio", low=30000, high=90000), pay.ranges[1]])
    grown = (float(root.attrib["height"].removesuffix("pt"))
             - float(parse(pay_svg(short, DEFAULT_STYLE)).attrib["height"].removesuffix("pt")))
    assert grown >= (len(lines) - 4) * charts.NAME_SIZE * charts.LINE_SPACING, \
        "the label's lines run into the next row"


def test_hourly_pay() -> None:
    words = joined(pay_svg(HOURLY, DEFAULT_STYLE, lang="es", median_label="mediana"))
    assert f"25,50{NBSP}€" in words
    assert f"60{NBSP}€" in words
    words = joined(pay_svg(HOURLY.model_copy(update={"currency": "USD"}), DEFAULT_STYLE))
    assert "$25.50" in words and "$18" in words


def test_dollar_signs_are_not_mathtext() -> None:
    weird = Pay(ranges=[PayRange(label="From $1 to $2 a day", low=10, high=12000)])
    words = joined(pay_svg(weird, DEFAULT_STYLE))
    assert "From $1 to $2 a day" in words


def test_pay_is_deterministic_and_cached() -> None:
    first = pay_svg(EIGHT, DEFAULT_STYLE)
    charts._pay_svg.cache_clear()
    assert pay_svg(EIGHT, DEFAULT_STYLE) == first


def test_pay_alt() -> None:
    assert pay_alt(MUSIC) == ("Pay ranges: Audio engineering (staff) $34K to $105K, "
                              "median $66K; Artist-producer with hits $150K to $500K+.")
    assert pay_alt(HOURLY, "en").startswith("Pay ranges: Freelance mixing €18 to €60 an hour, "
                                            "median €25.50;")


# --- both charts ---------------------------------------------------------------------


def text_boxes(svg: str) -> list[tuple[str, float, float, float, float]]:
    """Every <text> and its box (left, top, right, bottom) in the SVG's points, as the font
    sets it: the text's advance from its anchor, its ink above and below the baseline."""
    boxes = []
    for element in parse(svg).iter(f"{SVG}text"):
        style = element.attrib  # presentation attributes (svg_tidy.py)
        prop = FontProperties(family=style["font-family"].strip("'"),
                              size=float(style["font-size"].removesuffix("px")),
                              weight=int(style.get("font-weight", 400)))
        assert "Inter" in findfont(prop, fallback_to_default=False)
        text = "".join(element.itertext())
        width, height, descent = TextToPath().get_text_width_height_descent(text, prop, False)
        x, y = float(element.attrib["x"]), float(element.attrib["y"])
        left = x - width * {"start": 0, "middle": 0.5, "end": 1}[style["text-anchor"]]
        boxes.append((text, left, y - (height - descent), left + width, y + descent))
    return boxes


LONG_LABEL = Pay(ranges=[PayRange(label=("Postproduction" * 15)[:200], low=30000, high=90000),
                         PayRange(label="Session musician", low=20000, high=60000)])


@pytest.mark.parametrize("draw", [
    lambda: split_svg(TWELVE, DEFAULT_STYLE),
    lambda: split_svg(CROWDED, PRINT_STYLE),
    lambda: split_svg(slices(("Soundcheck" * 20, 60), ("Meetings", 40)), DEFAULT_STYLE),
    lambda: split_svg(load_career(ROOT / "tests/data/careers/twelve-slices.yaml").work.time_split),
    lambda: pay_svg(EIGHT, PRINT_STYLE),
    lambda: pay_svg(LONG_LABEL, DEFAULT_STYLE),
    lambda: pay_svg(HOURLY, DEFAULT_STYLE, lang="es", median_label="mediana"),
], ids=["split-12", "split-crowded", "split-one-word", "split-overflowing", "pay-8",
        "pay-one-word", "pay-es"])
def test_no_text_sticks_out_of_the_chart(draw: Callable[[], str]) -> None:
    """The chart's extent is worked out from the laid-out labels, without drawing: it must
    hold every text, or WeasyPrint clips it."""
    svg = draw()
    root = parse(svg)
    width = float(root.attrib["width"].removesuffix("pt"))
    height = float(root.attrib["height"].removesuffix("pt"))
    for text, left, top, right, bottom in text_boxes(svg):
        assert left >= 0 and top >= 0 and right <= width and bottom <= height, \
            (text, left, top, right, bottom, width, height)


# --- the real career ------------------------------------------------------------------


def test_music_producer_charts() -> None:
    career = load_career(ROOT / "content" / "music-producer.yaml")
    words = joined(split_svg(career.work.time_split, DEFAULT_STYLE))
    for s in career.work.time_split:
        assert s.activity in words
    assert career.pay is not None
    words = joined(pay_svg(career.pay, DEFAULT_STYLE))
    assert "$66K" in words and "$500K+" in words

