"""The charts' look: colours, hatches and how a slice or bar is filled.

A `ChartStyle` comes from the theme (render/theme.py); the default and the ink-saving
styles here are what the charts use when they are drawn without one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from matplotlib.colors import to_rgb

__all__ = ["DEFAULT_STYLE", "PRINT_STYLE", "ChartStyle"]


@dataclass(frozen=True)
class ChartStyle:
    """Colours and type of the charts. `patterns=True` is the ink-saving theme:
    everything in `ink` on white, told apart by hatching instead of colour."""

    palette: tuple[str, ...]
    ink: str
    muted: str
    accent: str
    background: str = "none"
    patterns: bool = False
    font_family: str = "Inter"


# Deep indigo and teal, ordered so that neighbours differ strongly in lightness
# (CIE L* 25, 64, 38, 90, 51, 77, then 33, 70, 46, 93, 22, 58): the first six are
# 13 apart from each other, so the slices stay apart in grayscale too.
DEFAULT_STYLE = ChartStyle(
    palette=(
        "#233a6b",
        "#40aba4",
        "#285f78",
        "#dce2f5",
        "#7770be",
        "#7eccbd",
        "#14565c",
        "#9ea9de",
        "#247973",
        "#deefea",
        "#312f5f",
        "#4f92be",
    ),
    ink="#1f2933",
    muted="#9aa5b1",
    accent="#d9822b",
)

PRINT_STYLE = ChartStyle(
    palette=("#ffffff",), ink="#000000", muted="#8c8c8c", accent="#000000", patterns=True
)

# Hatches for the ink-saving theme, in order of use: open ones first, each distinct.
HATCHES = ("////", "....", "\\\\\\\\", "", "xx", "----", "||||", "oo", "++", "//..", "--..", "||..")

WHITE = "#ffffff"


def fill(style: ChartStyle, index: int) -> dict[str, Any]:
    """Face, edge and hatch of the index-th slice or bar."""
    if style.patterns:
        return {"facecolor": WHITE, "edgecolor": style.ink, "hatch": HATCHES[index % len(HATCHES)]}
    return {"facecolor": style.palette[index % len(style.palette)], "edgecolor": WHITE}


# How far each round of a short palette moves its colours: towards white (+), or black (-).
# Rounds alternate, so that the first slice and the last, side by side around a ring, never
# come from the same round.
ROUND_SHIFTS = (0.0, 0.45, -0.35, 0.7, -0.6, 0.25, -0.2, 0.85, -0.75, 0.6, -0.5, 0.35)


def ring_fills(style: ChartStyle, count: int) -> list[dict[str, Any]]:
    """Faces of `count` slices around a ring, no two neighbours alike (the last and the
    first are neighbours too). A palette (or the hatches) shorter than the slices comes round
    again lighter or darker (hatched denser: twice the lines), round after round."""
    looks = []
    kinds = len(HATCHES) if style.patterns else len(style.palette)
    for index in range(count):
        look = fill(style, index)
        turn = index // kinds
        if turn and style.patterns:
            look["hatch"] = look["hatch"] * (turn + 1) or "." * (turn + 1)
        elif turn:
            look["facecolor"] = shade(look["facecolor"], ROUND_SHIFTS[turn % len(ROUND_SHIFTS)])
        looks.append(look)
    return looks


def shade(colour: str, shift: float) -> str:
    """`colour` mixed with white (shift > 0) or black (shift < 0) by |shift|."""
    towards = 1.0 if shift > 0 else 0.0
    mixed = (c + (towards - c) * abs(shift) for c in to_rgb(colour))
    return "#" + "".join(f"{round(c * 255):02x}" for c in mixed)


def luminance(colour: str) -> float:
    """Relative luminance (WCAG) of a colour matplotlib understands."""
    red, green, blue = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio of two colours, 1 to 21."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
