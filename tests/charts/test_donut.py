"""The time-split donut: every activity as SVG text, labels that never overlap, alt text."""

from __future__ import annotations

import itertools
import math
from dataclasses import replace

import pytest
from chart_cases import CROWDED, FIVE, NBSP, ROOT, SVG, TWELVE, TWO, joined, parse, slices, texts

from careerbook.charts import donut, measure
from careerbook.charts.donut import time_split_alt
from careerbook.charts.donut import time_split_svg as split_svg
from careerbook.charts.style import DEFAULT_STYLE, PRINT_STYLE, ChartStyle, ring_fills
from careerbook.content.models import TimeSlice
from careerbook.content.validate import load_career


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


def test_split_is_the_full_width_when_the_labels_fit() -> None:
    root = parse(split_svg(TWO, DEFAULT_STYLE))
    pad = 0.04 * 72
    assert float(root.attrib["width"].removesuffix("pt")) == pytest.approx(donut.SPLIT_WIDTH * 72 + 2 * pad)
    assert float(root.attrib["height"].removesuffix("pt")) == pytest.approx(donut.SPLIT_HEIGHT * 72 + 2 * pad)


def test_long_names_wrap() -> None:
    labels = donut.split_label_boxes(TWELVE)
    longest = labels[7]  # "Code review with the rest of the team"
    assert len(longest.lines) == 2
    assert all(len(line) <= 28 for label in labels for line in label.lines)


@pytest.mark.parametrize("case", [TWO, FIVE, TWELVE, CROWDED], ids=["2", "5", "12", "crowded"])
def test_labels_on_a_side_never_overlap(case: list[TimeSlice]) -> None:
    labels = donut.split_label_boxes(case)
    assert sorted(label.order for label in labels) == list(range(len(case)))
    for side in (1, -1):
        column = sorted((lb for lb in labels if lb.side == side), key=lambda lb: -lb.top)
        for above, below in itertools.pairwise(column):
            assert above.bottom >= below.top - 1e-9, (above, below)
        for label in column:
            # Outside the ring, on its own side.
            if side > 0:
                assert label.left > donut.RADIUS
            else:
                assert label.right < -donut.RADIUS


def test_an_unbroken_activity_name_is_broken_into_lines() -> None:
    long = "Soundcheck" * 20  # one 200-character word
    case = slices((long, 60), ("Meetings", 40))
    label = donut.split_label_boxes(case)[0]
    assert "".join(label.lines) == long and len(label.lines) > 5
    font = measure.font(DEFAULT_STYLE, measure.NAME_SIZE)
    assert all(measure.width(line, font) <= donut.NAME_WIDTH for line in label.lines)
    width = float(parse(split_svg(case, DEFAULT_STYLE)).attrib["width"].removesuffix("pt"))
    assert width <= 6.6 * 72, "the chart grew wider (and would print smaller) for one word"


def test_labels_stay_near_their_slice_when_there_is_room() -> None:
    for label in donut.split_label_boxes(FIVE):
        wanted = donut.ELBOW * math.sin(math.radians(label.angle))
        first_line = label.top - (label.top - label.bottom) / len(label.lines) / 2
        assert abs(first_line - wanted) < 0.01


def test_slices_run_clockwise_from_twelve_o_clock() -> None:
    labels = donut.split_label_boxes(FIVE)
    angles = [label.angle for label in labels]
    assert angles[0] == pytest.approx(90 - 360 * 0.25 / 2)  # the first slice's middle
    assert angles == sorted(angles, reverse=True)
    assert [label.side for label in labels] == [1, 1, -1, -1, -1]


def test_split_is_deterministic_and_cached() -> None:
    first = split_svg(TWELVE, DEFAULT_STYLE)
    assert split_svg(TWELVE, DEFAULT_STYLE) is first  # from the cache
    donut._time_split_svg.cache_clear()
    again = split_svg(TWELVE, DEFAULT_STYLE)
    assert again == first and again is not first


def test_spanish_percents() -> None:
    content = texts(split_svg(FIVE, DEFAULT_STYLE, lang="es"))
    assert f"30{NBSP}%" in content


def test_wedges_are_separated_by_white_edges() -> None:
    svg = split_svg(FIVE, DEFAULT_STYLE)
    assert sum(1 for e in parse(svg).iter() if e.get("stroke") == "#ffffff") >= len(FIVE)


def test_time_split_alt_is_sorted_by_share() -> None:
    assert time_split_alt(FIVE) == (
        "Time split: Mixing & editing 30%, Recording & tracking 25%, "
        "Business & acquisition 20%, Production & arrangement 15%, "
        "Artist/client & sessions 10%."
    )
    assert time_split_alt(FIVE, "es", title="Reparto del tiempo").startswith(
        f"Reparto del tiempo: Mixing & editing 30{NBSP}%, "
    )


def test_music_producer_time_split() -> None:
    career = load_career(ROOT / "content" / "music-producer.yaml")
    words = joined(split_svg(career.work.time_split, DEFAULT_STYLE))
    for s in career.work.time_split:
        assert s.activity in words


SHORT_NAMES = ["Mixing", "Email", "Admin", "Travel", "Gigs", "Calls", "Sales", "Study", "Gear", "Rest"]
LONG_NAMES = [
    "Recording & tracking sessions with artists",
    "Business development and clients",
    "Sound design for games and film",
    "Atención al público, pedidos y caja",
    "Amasado y formado de masas",
    "Production & arrangement",
    "Learning new plugins",
    "Formación de aprendices en el obrador",
    "Venta y pedidos por teléfono",
    "Code review with the rest of the team",
]


def split_of(names: list[str], count: int, uneven: bool) -> list[TimeSlice]:
    """`count` slices: even, or one big and the rest small (crowded on one side)."""
    small = 40 / (count - 1) if uneven else 100 / count
    shares = [100 - small * (count - 1) if uneven else small] + [small] * (count - 1)
    return slices(*[(names[i % len(names)], round(p, 2)) for i, p in enumerate(shares)])


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("uneven", [False, True], ids=["even", "uneven"])
@pytest.mark.parametrize("names", [SHORT_NAMES, LONG_NAMES], ids=["short", "long"])
@pytest.mark.parametrize("count", range(2, 11))
def test_no_two_labels_overlap(count: int, names: list[str], uneven: bool, lang: str) -> None:
    labels = donut.split_label_boxes(split_of(names, count, uneven), lang=lang)
    for a, b in itertools.combinations(labels, 2):
        apart = a.right <= b.left or b.right <= a.left or a.bottom >= b.top - 1e-9 or b.bottom >= a.top - 1e-9
        assert apart, (a, b)


THREE = replace(DEFAULT_STYLE, palette=("#7a1f5c", "#d4a017", "#2f6f8f"))


def wedge_fills(svg: str) -> list[str]:
    """The fill of every wedge, in the order drawn (clockwise from 12 o'clock)."""
    return [e.get("fill", "") for e in parse(svg).iter(f"{SVG}path") if e.get("stroke") == "#ffffff"]


@pytest.mark.parametrize(
    "style",
    [
        THREE,
        replace(DEFAULT_STYLE, palette=("#7a1f5c",)),
        replace(DEFAULT_STYLE, palette=("#7a1f5c", "#2f6f8f")),
    ],
    ids=["three", "one", "two"],
)
@pytest.mark.parametrize("count", range(2, 13))
def test_neighbouring_slices_never_share_a_colour(style: ChartStyle, count: int) -> None:
    """A palette shorter than the slices comes round again lighter or darker: no two slices
    side by side alike, the last and the first included (seven slices of three colours put
    the first colour on both sides of 12 o'clock)."""
    case = slices(*[(f"Task {i}", 100 / count) for i in range(count)])
    found = wedge_fills(split_svg(case, style))
    assert len(found) == count
    for i in range(count):
        assert found[i] != found[(i + 1) % count], (i, found)


def test_a_short_palette_keeps_its_own_colours_first() -> None:
    found = wedge_fills(split_svg(slices(*[(f"T{i}", 100 / 7) for i in range(7)]), THREE))
    assert found[:3] == list(THREE.palette)


def test_hatches_never_repeat_side_by_side() -> None:
    """Twelve hatches for at most twelve slices; were slices more, the hatches come round
    denser."""
    for count in range(2, 16):
        looks = [look["hatch"] for look in ring_fills(PRINT_STYLE, count)]
        assert all(looks[i] != looks[(i + 1) % count] for i in range(count)), looks
