"""The pay chart: amounts, labels and the median as SVG text, rows that grow, alt text."""

from __future__ import annotations

import itertools

import pytest
from chart_cases import (
    CRUSHED,
    EIGHT,
    HOURLY,
    LONG_LABEL,
    MUSIC,
    NBSP,
    ROOT,
    SPANISH_HOURLY,
    SVG,
    joined,
    parse,
    text_boxes,
    texts,
)

import careerbook.charts.pay as pay_chart
from careerbook.charts import measure, pay_layout
from careerbook.charts.pay import pay_alt, pay_label_boxes, pay_svg
from careerbook.charts.style import DEFAULT_STYLE
from careerbook.content.pay_models import Pay, PayRange
from careerbook.content.validate import load_career
from careerbook.lang import formatting


def test_pay_chart_prints_values_labels_and_median() -> None:
    svg = pay_svg(MUSIC, DEFAULT_STYLE)
    words = joined(svg)
    for expected in (
        "Audio engineering (staff)",
        "Artist-producer with hits",
        "$34K",
        "$105K",
        "$150K",
        "$500K+",
        "$66K",
        "median",
    ):
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
    pay = Pay(
        ranges=[
            PayRange(label=long, low=30000, high=90000),
            PayRange(label="Session musician", low=20000, high=60000),
        ]
    )
    svg = pay_svg(pay, DEFAULT_STYLE)  # raised "Width and height specified must be non-negative"
    content = texts(svg)
    first = next(i for i, t in enumerate(content) if t.startswith("Post"))
    lines = content[first : content.index("Session musician")]
    assert "".join(lines) == long and len(lines) > 5
    root = parse(svg)
    assert float(root.attrib["width"].removesuffix("pt")) <= 6.6 * 72
    short = Pay(ranges=[PayRange(label="Studio", low=30000, high=90000), pay.ranges[1]])
    grown = float(root.attrib["height"].removesuffix("pt")) - float(
        parse(pay_svg(short, DEFAULT_STYLE)).attrib["height"].removesuffix("pt")
    )
    assert grown >= (len(lines) - 4) * measure.NAME_SIZE * measure.LINE_SPACING, (
        "the label's lines run into the next row"
    )


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
    assert pay_alt(MUSIC) == (
        "Pay ranges: Audio engineering (staff) $34K to $105K, "
        "median $66K; Artist-producer with hits $150K to $500K+."
    )
    assert pay_alt(HOURLY, "en").startswith("Pay ranges: Freelance mixing €18 to €60 an hour, median €25.50;")


def test_music_producer_pay() -> None:
    career = load_career(ROOT / "content" / "music-producer.yaml")
    assert career.pay is not None
    words = joined(pay_svg(career.pay, DEFAULT_STYLE))
    assert "$66K" in words and "$500K+" in words


PAYS = {
    "music": MUSIC,
    "eight": EIGHT,
    "hourly": HOURLY,
    "crushed": CRUSHED,
    "spanish-hourly": SPANISH_HOURLY,
    "long-label": LONG_LABEL,
    "one-range": Pay(ranges=[PayRange(label="Mastering", low=45000, median=60000, high=62000)]),
}


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("name", list(PAYS))
def test_labels_never_overlap_and_no_gridline_runs_through_one(name: str, lang: str) -> None:
    layout = pay_label_boxes(PAYS[name], lang=lang, median_label="mediana")
    boxes = [lb.box for lb in layout.labels]
    for a, b in itertools.combinations(layout.labels, 2):
        # Less than a point: the boxes hold the font's whole ascent and descent, and the lines
        # of one wrapped label, 1.2 sizes apart, touch.
        assert not a.box.overlaps(b.box, -1 / 72), (a.text, b.text)
    for grid in layout.grid:
        for box in boxes:
            crosses = box.x0 <= grid.x <= box.x1 and grid.y0 < box.y1 and box.y0 < grid.y1
            assert not crosses, (grid, [lb.text for lb in layout.labels if lb.box == box])


def test_the_drawing_is_the_layout() -> None:
    """The layout's records are what the SVG holds: every label, every piece of gridline, and
    the texts measured independently from the SVG do not overlap either."""
    layout = pay_label_boxes(SPANISH_HOURLY, lang="es", median_label="mediana")
    svg = pay_svg(SPANISH_HOURLY, DEFAULT_STYLE, lang="es", median_label="mediana")
    assert sorted(texts(svg)) == sorted(lb.text for lb in layout.labels)
    lines = [e for e in parse(svg).iter(f"{SVG}path") if e.get("stroke") == "#9aa5b1"]
    assert len(lines) == len(layout.grid)
    drawn = text_boxes(svg)
    for a, b in itertools.combinations(drawn, 2):
        assert not (a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]), (a[0], b[0])


def test_amounts_on_one_line_are_kept_well_apart() -> None:
    """Two amounts under a bar, whatever its width, are 10 points apart or more, or written as
    one range: "32 US$ 45 US$" 5 points apart read as one number."""
    face = measure.font(DEFAULT_STYLE, measure.VALUE_SIZE)
    low, high = f"32{NBSP}US$", f"45{NBSP}US$"
    with measure.drawing(DEFAULT_STYLE):
        both = measure.width(low, face) + measure.width(high, face)
        for extra in range(0, 30):  # points of bar beyond the two amounts' widths
            x0 = 0.1
            x1 = x0 + both + extra / 72
            ends = pay_layout._end_labels(face, 1.0, x0, x1, low, high, (0.0, x1 + 0.05))
            if len(ends) == 2:
                assert ends[1].box.x0 - ends[0].box.x1 >= 10 / 72 - 1e-3, extra


def test_both_ends_of_a_range_share_decimals() -> None:
    assert formatting.money_range(32.5, 58, "USD", "en", period="hour") == "$32.50–$58.00"
    assert formatting.money_range(32, 58, "USD", "en", period="hour") == "$32–$58"
    cents = Pay(
        currency="USD", period="hour", ranges=[PayRange(label="Mixing", low=32.5, median=40, high=58)]
    )
    words = texts(pay_svg(cents, DEFAULT_STYLE))
    assert "$32.50" in words and "$58.00" in words and "$58" not in words
    assert "median $40" in words  # a lone amount keeps its own style
    assert pay_alt(cents).startswith("Pay ranges: Mixing $32.50 to $58.00 an hour")


def test_a_crushed_scale_is_cut_and_the_smallest_bar_stays_readable() -> None:
    layout = pay_label_boxes(CRUSHED)
    assert layout.scale.beyond > 0 and layout.scale.top < 1_000_000
    widths = [(bar.x1 - bar.x0) * 72 for bar in layout.bars]
    assert min(widths) >= 24, widths  # points; 2 on one axis to $5M
    assert [bar.broken for bar in layout.bars] == [False, False, True]
    assert f"$1M{formatting.DASH}$5M" in [lb.text for lb in layout.labels]
    assert all(bar.x1 <= layout.plot.x1 + 1e-9 for bar in layout.bars)


def test_ranges_within_twenty_times_share_one_linear_axis() -> None:
    for pay in (MUSIC, EIGHT, SPANISH_HOURLY):
        layout = pay_label_boxes(pay)
        assert layout.scale.beyond == 0 and not any(bar.broken for bar in layout.bars)
        assert layout.scale.top >= max(r.high for r in pay.ranges)
