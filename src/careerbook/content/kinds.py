"""The kinds of value of the career and book files (FORMAT.md, "Kinds of value"): text, line,
slug, language tag, web address, SOC code, colour, logo path, date, clock time, number, and the
validators that say, in an author's words, why a value is not one.

The models (models.py) are made of these; schema.py reads the same validators to say the rules
in JSON Schema.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import cache
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from careerbook.limits import MAX_ITEMS

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Well-formed BCP 47: language, optional script, region and variants.
LANG_RE = re.compile(
    r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|[0-9]{3}))?(-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$"
)
DATED_RE = re.compile(r"^([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
# A QR code (error level M) holds 2,331 bytes; an address is encoded as UTF-8, so a letter
# outside Latin-1 takes two or three of them. A printed address should be far shorter.
MAX_URL_BYTES = 2000
# Hex only: the colours go to CSS and to matplotlib, and both read these the same way.
# A detailed occupation of the Standard Occupational Classification, as BLS writes it.
SOC_RE = re.compile(r"^[0-9]{2}-[0-9]{4}$")
COLOR_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
LOGO_TYPES = (".svg", ".png")


def number_text(number: float) -> str:
    """A number as people write it in a message: 6,600,000 and 0.0001, never 6.6e+06."""
    text = format(Decimal(repr(float(number))), ",f")
    return text.rstrip("0").rstrip(".") if "." in text else text


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def _strict_bool(value: Any) -> Any:
    # YAML 1.1 took yes/no/on/off as booleans; the format takes only true/false.
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise PydanticCustomError("bool_strict", "expected true or false, got '{got}'", {"got": value})


def _slug(value: str) -> str:
    if not SLUG_RE.match(value):
        raise PydanticCustomError(
            "slug",
            "'{got}' is not a slug: use lowercase letters, digits and single hyphens, like 'music-producer'",
            {"got": value},
        )
    return value


def _lang(value: str) -> str:
    if not LANG_RE.match(value):
        raise PydanticCustomError(
            "lang",
            "'{got}' is not a BCP 47 language tag; write one like 'en', 'es' or 'fr-CA'",
            {"got": value},
        )
    return value


@cache
def _currencies() -> frozenset[str]:
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


def _currency(value: str) -> str:
    if value not in _currencies():
        raise PydanticCustomError(
            "currency",
            "'{got}' is not an ISO 4217 currency code; write one like 'USD', 'EUR' or 'GBP'",
            {"got": value},
        )
    return value


def _url(value: str) -> str:
    size = len(value.encode("utf-8"))
    if size > MAX_URL_BYTES:
        raise PydanticCustomError(
            "url_length",
            "the address is {size} bytes long in UTF-8 ({length} characters); "
            "the limit is {limit} bytes, so that it fits in a QR code: shorten it",
            {"size": f"{size:,}", "length": f"{len(value):,}", "limit": f"{MAX_URL_BYTES:,}"},
        )
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        host = None
    if (
        not URL_RE.match(value)
        or not host
        or "@" in parts.netloc
        or any(ord(c) < 0x20 or ord(c) == 0x7F for c in value)
    ):
        raise PydanticCustomError(
            "url", "'{got}' is not a web address; write it in full, starting with https://", {"got": value}
        )
    return value


def _logo(value: str) -> str:
    """A relative path to an SVG or PNG file, which must stay inside the project."""
    parts = value.replace("\\", "/").split("/")
    if value.startswith(("/", "\\")) or ":" in value or ".." in parts or any(ord(c) < 0x20 for c in value):
        raise PydanticCustomError(
            "logo",
            "'{got}' is not a file inside the project; write a path relative to the "
            "project folder, like 'logo.svg' or 'images/logo.png'",
            {"got": value},
        )
    if not value.lower().endswith(LOGO_TYPES):
        raise PydanticCustomError(
            "logo_type", "'{got}' is not an SVG or PNG file; use a .svg or .png logo", {"got": value}
        )
    return value


def _soc(value: str) -> str:
    if not SOC_RE.match(value):
        raise PydanticCustomError(
            "soc",
            "'{got}' is not an SOC code; write two digits, a hyphen and four digits, "
            'in quotes, like "47-2111" (see `careerbook occupations`)',
            {"got": value},
        )
    return value


def _color(value: str) -> str:
    if not COLOR_RE.match(value):
        raise PydanticCustomError(
            "color", "'{got}' is not a hex colour; write it like '#0f6e6e' or '#000'", {"got": value}
        )
    return value


def _clock(value: str) -> str:
    if not any(c.isdigit() for c in value):
        raise PydanticCustomError(
            "clock",
            "'{got}' is not a clock time; write it as on a schedule, like 11:00 or 6:45 pm",
            {"got": value},
        )
    return value


def _dated_parts(value: str) -> tuple[int, int, int | None] | None:
    """Year, month and day (None for YYYY-MM) of a `dated` value, if it has that form."""
    match = DATED_RE.match(value)
    if not match:
        return None
    year, month, day = match.groups()
    return int(year), int(month), int(day) if day else None


def _dated(value: str) -> str:
    parts = _dated_parts(value)
    if parts:
        year, month, day = parts
        try:
            dt.date(year, month, day or 1)
            return value
        except ValueError:
            pass
    raise PydanticCustomError(
        "dated", "'{got}' is not a date; write YYYY-MM or YYYY-MM-DD, like 2026-06", {"got": value}
    )


# Text is a string that may use the Markdown subset of the format.
# A text field holds at most a few pages; longer is a paste gone wrong, and would only
# stall the layout.
MAX_TEXT_CHARS = 20_000
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT_CHARS)]
Texts = Annotated[list[Text], Field(max_length=MAX_ITEMS)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
Slug = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_slug)]
Lang = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_lang)]
Url = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_url)]
Logo = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_logo)]
Soc = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_soc)]
Color = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_color)]
Bool = Annotated[bool, BeforeValidator(_strict_bool)]
# Bounded so that no figure, however absurd, can break the number formatting or the chart.
Number = Annotated[float, Field(ge=0, le=1e12)]
