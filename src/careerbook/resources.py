"""Where the bundled templates, styles and fonts are, installed or in a checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """`templates` or `styles`: inside the installed package, else the checkout's root."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"careerbook's {name}/ folder is missing from the installation")


def templates_dir() -> Path:
    return data_dir("templates")


def styles_dir() -> Path:
    return data_dir("styles")


def fonts_dir() -> Path:
    return styles_dir() / "fonts"


def scaffold_dir() -> Path:
    """The files `careerbook init` and `careerbook new` start from (their placeholders too)."""
    return _PACKAGE / "scaffold" / "data"
