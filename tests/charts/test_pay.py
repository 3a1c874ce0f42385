"""The pay chart: amounts, labels and the median as SVG text, rows that grow, alt text."""

from __future__ import annotations

from chart_cases import EIGHT, HOURLY, MUSIC, NBSP, ROOT, joined, parse, texts

import careerbook.charts.pay as pay_chart
from careerbook.charts import measure
from careerbook.charts.pay import pay_alt, pay_svg
from careerbook.charts.style import DEFAULT_STYLE
from careerbook.content.models import Pay, PayRange
from careerbook.content.validate import load_career


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
    assert grown >= (len(lines) - 4) * measure.NAME_SIZE * measure.LINE_SPACING, \
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
    pay_chart._pay_svg.cache_clear()
    assert pay_svg(EIGHT, DEFAULT_STYLE) == first


def test_pay_alt() -> None:
    assert pay_alt(MUSIC) == ("Pay ranges: Audio engineering (staff) $34K to $105K, "
                              "median $66K; Artist-producer with hits $150K to $500K+.")
    assert pay_alt(HOURLY, "en").startswith("Pay ranges: Freelance mixing €18 to €60 an hour, "
                                            "median €25.50;")


def test_music_producer_pay() -> None:
    career = load_career(ROOT / "content" / "music-producer.yaml")
    assert career.pay is not None
    words = joined(pay_svg(career.pay, DEFAULT_STYLE))
    assert "$66K" in words and "$500K+" in words
