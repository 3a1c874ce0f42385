"""Typed models of the career file and the book file (shared/FORMAT.md, version 1).

Every model forbids unknown fields so that a typo is an error, never lost text.
Rules that pydantic cannot say by itself raise `PydanticCustomError`s whose
context may carry `at`: the place inside the field that is wrong, so the
author is pointed at the very item.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import cache
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

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
COLOR_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
LOGO_TYPES = (".svg", ".png")


def _g(number: float) -> str:
    return f"{number:g}"


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
            "slug", "'{got}' is not a slug: use lowercase letters, digits and single hyphens, "
            "like 'music-producer'", {"got": value})
    return value


def _lang(value: str) -> str:
    if not LANG_RE.match(value):
        raise PydanticCustomError(
            "lang", "'{got}' is not a BCP 47 language tag; write one like 'en', 'es' or 'fr-CA'",
            {"got": value})
    return value


@cache
def _currencies() -> frozenset[str]:
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


def _currency(value: str) -> str:
    if value not in _currencies():
        raise PydanticCustomError(
            "currency", "'{got}' is not an ISO 4217 currency code; write one like 'USD', 'EUR' "
            "or 'GBP'", {"got": value})
    return value


def _url(value: str) -> str:
    size = len(value.encode("utf-8"))
    if size > MAX_URL_BYTES:
        raise PydanticCustomError(
            "url_length", "the address is {size} bytes long in UTF-8 ({length} characters); "
            "the limit is {limit} bytes, so that it fits in a QR code: shorten it",
            {"size": f"{size:,}", "length": f"{len(value):,}", "limit": f"{MAX_URL_BYTES:,}"})
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        host = None
    if (not URL_RE.match(value) or not host or "@" in parts.netloc
            or any(ord(c) < 0x20 or ord(c) == 0x7F for c in value)):
        raise PydanticCustomError(
            "url", "'{got}' is not a web address; write it in full, starting with https://",
            {"got": value})
    return value


def _logo(value: str) -> str:
    """A relative path to an SVG or PNG file, which must stay inside the project."""
    parts = value.replace("\\", "/").split("/")
    if (value.startswith(("/", "\\")) or ":" in value or ".." in parts
            or any(ord(c) < 0x20 for c in value)):
        raise PydanticCustomError(
            "logo", "'{got}' is not a file inside the project; write a path relative to the "
            "project folder, like 'logo.svg' or 'images/logo.png'", {"got": value})
    if not value.lower().endswith(LOGO_TYPES):
        raise PydanticCustomError(
            "logo_type", "'{got}' is not an SVG or PNG file; use a .svg or .png logo",
            {"got": value})
    return value


def _color(value: str) -> str:
    if not COLOR_RE.match(value):
        raise PydanticCustomError(
            "color", "'{got}' is not a hex colour; write it like '#0f6e6e' or '#000'",
            {"got": value})
    return value


def _clock(value: str) -> str:
    if not any(c.isdigit() for c in value):
        raise PydanticCustomError(
            "clock",
            "'{got}' is not a clock time; write it as on a schedule, like 11:00 or 6:45 pm",
            {"got": value})
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
        "dated", "'{got}' is not a date; write YYYY-MM or YYYY-MM-DD, like 2026-06",
        {"got": value})


# Text is a string that may use the Markdown subset of the format.
# A text field holds at most a few pages; longer is a paste gone wrong, and would only
# stall the layout.
MAX_TEXT_CHARS = 20_000
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT_CHARS)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
Slug = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_slug)]
Lang = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_lang)]
Url = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_url)]
Logo = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_logo)]
Color = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_color)]
Bool = Annotated[bool, BeforeValidator(_strict_bool)]
# Bounded so that no figure, however absurd, can break the number formatting or the chart.
Number = Annotated[float, Field(ge=0, le=1e12)]


class Fit(Model):
    worth_it_if: Text | None = Field(None, description="“Worth a look if …”: who will enjoy this work.")
    maybe_not_if: Text | None = Field(None, description="“Maybe not if …”: who probably will not.")


class TimeSlice(Model):
    activity: Line = Field(description="What the time goes to, e.g. 'Mixing & editing'; unique in the split.")
    percent: Annotated[float, Field(gt=0, le=100, description=(
        "Share of the working time, more than 0; the percents of the split add up to 100."))]


class Work(Model):
    summary: Text = Field(description="What the days are really like.")
    time_split: Annotated[list[TimeSlice], Field(min_length=2, max_length=12, description=(
        "2–12 slices of {activity, percent}; the percents add up to 100 (±0.5)."))]
    time_split_note: Text | None = Field(None, description="How the split changes (early vs. established …).")
    time_split_source: Text | None = Field(None, description="Where the split comes from.")

    @field_validator("time_split")
    @classmethod
    def _adds_up(cls, slices: list[TimeSlice]) -> list[TimeSlice]:
        seen: dict[str, int] = {}
        for i, s in enumerate(slices):
            key = s.activity.casefold()
            if key in seen:
                raise PydanticCustomError(
                    "duplicate_activity",
                    "activity '{name}' is listed twice (items {first} and {second}); "
                    "merge them into one slice",
                    {"name": s.activity, "first": seen[key] + 1, "second": i + 1,
                     "at": (i, "activity")})
            seen[key] = i
        total = sum(s.percent for s in slices)
        if abs(total - 100) > 0.5:
            raise PydanticCustomError(
                "percent_total", "the percents add up to {total}, not 100; adjust the slices",
                {"total": _g(round(total, 2))})
        return slices


class Step(Model):
    time: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20),
                    AfterValidator(_clock)] = Field(description=(
        "A clock time, printed exactly as written: 11:00, 3:00, 9:30 pm."))
    title: Line = Field(description="What happens, in a few words.")
    text: Text = Field(description="What it is like.")


class TypicalDay(Model):
    title: Line | None = Field(None, description="Heading, e.g. 'A typical early-career day'.")
    steps: Annotated[list[Step], Field(min_length=1, max_length=12, description=(
        "1–12 steps of {time, title, text}, in order."))]
    note: Text | None = Field(None, description="Caption under the schedule.")


class Signals(Model):
    intro: Text | None = Field(None, description="Lead-in to the two lists.")
    fits: list[Text] | None = Field(None, description="People realize it's their thing when …")
    misfits: list[Text] | None = Field(None, description="… and it probably isn't their thing when")


class StartHere(Model):
    title: Line = Field(description="A first project to try.")
    text: Text = Field(description="What to do.")


class PayRange(Model):
    label: Line = Field(description="Who earns this, e.g. 'Audio engineering (staff)'.")
    low: Number = Field(description="The low end: a plain number, 0 or more (34000, not $34K).")
    median: Number | None = Field(None, description="The median, between low and high; marked on the bar.")
    high: Number = Field(description="The high end, not below low.")
    open_high: Bool = Field(False, description="true prints the top as open, like '$500K+'.")

    @model_validator(mode="after")
    def _ordered(self) -> PayRange:
        if self.median is not None and not self.low <= self.median <= self.high:
            raise PydanticCustomError(
                "pay_order", "median {median} must lie between low {low} and high {high}",
                {"median": _g(self.median), "low": _g(self.low), "high": _g(self.high),
                 "at": ("median",)})
        if self.low > self.high:
            raise PydanticCustomError(
                "pay_order", "low {low} is above high {high}; low must not exceed high",
                {"low": _g(self.low), "high": _g(self.high), "at": ("low",)})
        return self


class Growth(Model):
    low: float = Field(ge=-1000, le=1000, description="Job growth in percent, the low end (e.g. 11).")
    high: float = Field(ge=-1000, le=1000,
                        description="Job growth in percent, the high end, not below low (e.g. 17).")
    label: Line | None = Field(None, description="What the figure is for, e.g. the job category.")

    @model_validator(mode="after")
    def _ordered(self) -> Growth:
        if self.low > self.high:
            raise PydanticCustomError(
                "growth_order", "low {low} is above high {high}; low must not exceed high",
                {"low": _g(self.low), "high": _g(self.high), "at": ("low",)})
        return self


class Pay(Model):
    headline: Line | None = Field(None, description="Heading, e.g. 'The real money and market'.")
    summary: Text | None = Field(None, description="Prose about pay.")
    currency: Annotated[
        str, StringConstraints(strip_whitespace=True), AfterValidator(_currency)] = Field(
        "USD", description="ISO 4217 currency code, like USD, EUR or GBP; default USD.")
    period: Literal["year", "hour"] = Field("year", description="year (default) or hour.")
    ranges: Annotated[list[PayRange], Field(min_length=1, max_length=8, description=(
        "1–8 pay ranges, drawn as bars from low to high."))]
    growth: Growth | None = Field(None, description="Job growth in percent: {low, high, label}.")
    note: Text | None = Field(None, description="Caveats about the figures.")


class Outlook(Model):
    where_its_going: Text | None = Field(None, description="The trend.")
    right_now: Text | None = Field(None, description="The present state.")


class Source(Model):
    text: Text = Field(description="The source, as printed.")
    url: Url | None = Field(None, description=(
        "A web address (https://…), printed as text and as a QR code."))


def _source(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class Career(Model):
    """One career profile: FORMAT.md's fields, validated."""

    title: Title = Field(description="The career's name, 1–80 characters.")
    slug: Slug | None = Field(None, description=(
        "Lowercase letters, digits and single hyphens, like 'music-producer'; defaults to the "
        "file's name; unique in a book."))
    lang: Lang | None = Field(None, description=(
        "BCP 47 language tag (en, es, fr-CA …); defaults to the book's lang, else en."))
    cluster: Line | None = Field(None, description="Career cluster; groups careers in a booklet.")
    summary: Text = Field(description="The lede under the title.")
    related: list[Line] | None = Field(None, description=(
        "Titles or slugs of other careers; in a booklet, each one in the book gets its page number."))
    fit: Fit | None = Field(None, description="Who this career suits, and who it does not.")
    work: Work = Field(description="The work: what the days are like and how the time splits.")
    typical_day: TypicalDay | None = Field(None, description="A typical day, as a timeline.")
    signals: Signals | None = Field(None, description="How people realize it is, or is not, their thing.")
    start_here: StartHere | None = Field(None, description="A first project to try, in a highlighted box.")
    pay: Pay | None = Field(None, description="The numbers: pay ranges, growth and caveats.")
    outlook: Outlook | None = Field(None, description="Where the career is going, and how it is now.")
    sources: list[Annotated[Source, BeforeValidator(_source)]] | None = Field(None, description=(
        "Printed in order; each is text, or {text, url}."))
    dated: Annotated[
        str, StringConstraints(strip_whitespace=True), AfterValidator(_dated)] | None = Field(
        None, description="YYYY-MM or YYYY-MM-DD; printed as 'Dated June 2026' in the file's language.")
    closing: Text | None = Field(None, description="The last line of the handout.")
    draft: Bool = Field(False, description="true marks every page of this career 'Draft'.")

    @property
    def key(self) -> str:
        """The slug; the loader always fills it in from the file name."""
        assert self.slug is not None
        return self.slug

    @property
    def dated_on(self) -> dt.date | None:
        """The first day `dated` can mean: YYYY-MM is the month's first."""
        parts = _dated_parts(self.dated) if self.dated else None
        if parts is None:
            return None
        year, month, day = parts
        return dt.date(year, month, day or 1)

    @property
    def dated_end(self) -> dt.date | None:
        """The last day `dated` can mean: YYYY-MM is the whole month."""
        parts = _dated_parts(self.dated) if self.dated else None
        if parts is None:
            return None
        year, month, day = parts
        return dt.date(year, month, day or calendar.monthrange(year, month)[1])


class Colors(Model):
    """Theme colours a book file may override (CSS colour values)."""

    ink: Color | None = Field(None, description="Text colour (CSS), e.g. '#1d2530'.")
    accent: Color | None = Field(None, description="Headings and highlights (CSS colour), e.g. '#0f6e6e'.")
    accent_soft: Color | None = Field(None, description="Soft background of boxes (CSS colour).")
    muted: Color | None = Field(None, description="Secondary text (CSS colour).")
    chart: Annotated[list[Color], Field(min_length=1)] | None = Field(
        None, description="Chart colours (CSS), used in order (repeated when there are more slices).")


class Book(Model):
    """The book file, careerbook.yaml: the booklet and the house style."""

    title: Line = Field("Career Guide", description="The booklet's title, on the cover.")
    subtitle: Line | None = Field(None, description="A line under the title on the cover.")
    organization: Line | None = Field(None, description=(
        "Who hands it out; printed on the cover and in every footer."))
    contact: Line | None = Field(None, description=(
        "How to reach them; printed on the cover and in every footer."))
    logo: Logo | None = Field(None, description="An SVG or PNG file inside the project, e.g. logo.svg.")
    lang: Lang = Field("en", description="Default language for careers and fixed text (BCP 47).")
    paper: Literal["letter", "a4"] = Field("letter", description="letter (default) or a4.")
    theme: Slug | None = Field(None, description=(
        "A theme: a folder under styles/ (see `careerbook themes`); default 'default'."))
    careers: list[Slug] | None = Field(None, description=(
        "Career slugs in booklet order; default every file in content/, grouped by cluster, "
        "then by title."))
    duplex: Bool = Field(True, description=(
        "Printed on both sides: mirrored margins, padded to a multiple of 4 pages; default true."))
    start: Literal["right", "any", "auto"] = Field("auto", description=(
        "Where a career starts in a duplex booklet: 'right' (always a right-hand page), 'any' "
        "(the next page), 'auto' (a right-hand page where that costs no extra sheet); "
        "default auto."))
    colors: Colors | None = Field(None, description="Theme colours to override, as CSS colours.")
