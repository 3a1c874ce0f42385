"""The charts' test cases (time splits, pay) and ways to read the SVG they draw."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from matplotlib.font_manager import FontProperties, findfont
from matplotlib.textpath import TextToPath

from careerbook.content.models import TimeSlice
from careerbook.content.pay_models import Pay, PayRange

ROOT = Path(__file__).resolve().parents[2]


SVG = "{http://www.w3.org/2000/svg}"


NBSP = "\xa0"


def slices(*pairs: tuple[str, float]) -> list[TimeSlice]:
    return [TimeSlice(activity=a, percent=p) for a, p in pairs]


TWO = slices(("Deep work", 98), ("Meetings", 2))


FIVE = slices(
    ("Recording & tracking", 25),
    ("Mixing & editing", 30),
    ("Production & arrangement", 15),
    ("Artist/client & sessions", 10),
    ("Business & acquisition", 20),
)


TWELVE = slices(
    ("Client meetings and discovery calls", 20),
    ("Email", 2),
    ("Slack", 2),
    ("Research & reading industry papers", 14),
    ("Design reviews", 10),
    ("Coding", 25),
    ("Testing", 5),
    ("Code review with the rest of the team", 8),
    ("Deploys", 2),
    ("On-call and incident response", 6),
    ("Hiring", 3),
    ("Admin", 3),
)
# Tiny slices crowded together on one side.


CROWDED = slices(*[(f"Small task number {i}", 2) for i in range(1, 12)], ("Everything else", 78))


MUSIC = Pay(
    ranges=[
        PayRange(label="Audio engineering (staff)", low=34000, median=66000, high=105000),
        PayRange(label="Artist-producer with hits", low=150000, high=500000, open_high=True),
    ]
)


EIGHT = Pay(
    ranges=[
        PayRange(label=label, low=low, median=median, high=high, open_high=open_)
        for label, low, median, high, open_ in [
            ("Junior assistant engineer at a regional recording studio", 28000, 35000, 42000, False),
            ("Staff audio engineer", 34000, 66000, 105000, False),
            ("Live sound", 30000, None, 90000, False),
            ("Game audio designer at a large studio", 70000, 95000, 140000, False),
            ("Mastering", 45000, 60000, 62000, False),
            ("Post-production mixer for film & TV", 50000, 80000, 160000, False),
            ("Session musician", 20000, None, 250000, True),
            ("Artist-producer with hits", 150000, None, 500000, True),
        ]
    ]
)


HOURLY = Pay(
    currency="EUR",
    period="hour",
    ranges=[
        PayRange(label="Freelance mixing", low=18, median=25.5, high=60),
        PayRange(label="Studio assistant", low=12, high=20),
    ],
)


LONG_LABEL = Pay(
    ranges=[
        PayRange(label=("Postproduction" * 15)[:200], low=30000, high=90000),
        PayRange(label="Session musician", low=20000, high=60000),
    ]
)


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


def text_boxes(svg: str) -> list[tuple[str, float, float, float, float]]:
    """Every <text> and its box (left, top, right, bottom) in the SVG's points, as the font
    sets it: the text's advance from its anchor, its ink above and below the baseline."""
    boxes = []
    for element in parse(svg).iter(f"{SVG}text"):
        style = element.attrib  # presentation attributes (svg_tidy.py)
        prop = FontProperties(
            family=style["font-family"].strip("'"),
            size=float(style["font-size"].removesuffix("px")),
            weight=int(style.get("font-weight", 400)),
        )
        assert "Inter" in findfont(prop, fallback_to_default=False)
        text = "".join(element.itertext())
        width, height, descent = TextToPath().get_text_width_height_descent(text, prop, False)
        x, y = float(element.attrib["x"]), float(element.attrib["y"])
        left = x - width * {"start": 0, "middle": 0.5, "end": 1}[style["text-anchor"]]
        boxes.append((text, left, y - (height - descent), left + width, y + descent))
    return boxes


# A range a hundred times another's: on one linear axis the small bars would be slivers.
CRUSHED = Pay(
    ranges=[
        PayRange(label="Studio assistant", low=20000, median=24000, high=30000),
        PayRange(label="Staff engineer", low=34000, median=62400, high=80000, open_high=True),
        PayRange(label="Chart-topping producer", low=1_000_000, high=5_000_000),
    ]
)
# Spanish amounts in dollars an hour, close together: "32 US$ 45 US$" read as one.
SPANISH_HOURLY = Pay(
    currency="USD",
    period="hour",
    ranges=[
        PayRange(label="Sesiones de estudio", low=32, median=38, high=45),
        PayRange(label="Mezcla por encargo", low=32.5, high=58),
        PayRange(label="Ayudante de estudio con un nombre largo", low=12, median=14, high=90),
    ],
)
