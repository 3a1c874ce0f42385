"""Typed models of the career file and the book file (shared/FORMAT.md, version 1).

Every model forbids unknown fields so that a typo is an error, never lost text.
Rules that pydantic cannot say by itself raise `PydanticCustomError`s whose
context may carry `at`: the place inside the field that is wrong, so the
author is pointed at the very item.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Annotated, Any, Literal

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
    if not URL_RE.match(value):
        raise PydanticCustomError(
            "url", "'{got}' is not a web address; write it in full, starting with https://",
            {"got": value})
    return value


def _clock(value: str) -> str:
    if not any(c.isdigit() for c in value):
        raise PydanticCustomError(
            "clock",
            "'{got}' is not a clock time; write it as on a schedule, like 11:00 or 6:45 pm",
            {"got": value})
    return value


def _dated(value: str) -> str:
    match = DATED_RE.match(value)
    if match:
        year, month, day = (int(g) if g else 1 for g in match.groups())
        try:
            dt.date(year, month, day)
            return value
        except ValueError:
            pass
    raise PydanticCustomError(
        "dated", "'{got}' is not a date; write YYYY-MM or YYYY-MM-DD, like 2026-06",
        {"got": value})


# Text is a string that may use the Markdown subset of the format.
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
Slug = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_slug)]
Lang = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_lang)]
Url = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_url)]
Bool = Annotated[bool, BeforeValidator(_strict_bool)]
Number = Annotated[float, Field(ge=0)]


class Fit(Model):
    worth_it_if: Text | None = None
    maybe_not_if: Text | None = None


class TimeSlice(Model):
    activity: Line
    percent: Annotated[float, Field(gt=0, le=100)]


class Work(Model):
    summary: Text
    time_split: Annotated[list[TimeSlice], Field(min_length=2, max_length=12)]
    time_split_note: Text | None = None
    time_split_source: Text | None = None

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
                    AfterValidator(_clock)]
    title: Line
    text: Text


class TypicalDay(Model):
    title: Line | None = None
    steps: Annotated[list[Step], Field(min_length=1, max_length=12)]
    note: Text | None = None


class Signals(Model):
    intro: Text | None = None
    fits: list[Text] | None = None
    misfits: list[Text] | None = None


class StartHere(Model):
    title: Line
    text: Text


class PayRange(Model):
    label: Line
    low: Number
    median: Number | None = None
    high: Number
    open_high: Bool = False

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
    low: float
    high: float
    label: Line | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Growth:
        if self.low > self.high:
            raise PydanticCustomError(
                "growth_order", "low {low} is above high {high}; low must not exceed high",
                {"low": _g(self.low), "high": _g(self.high), "at": ("low",)})
        return self


class Pay(Model):
    headline: Line | None = None
    summary: Text | None = None
    currency: Annotated[
        str, StringConstraints(strip_whitespace=True), AfterValidator(_currency)] = "USD"
    period: Literal["year", "hour"] = "year"
    ranges: Annotated[list[PayRange], Field(min_length=1, max_length=8)]
    growth: Growth | None = None
    note: Text | None = None


class Outlook(Model):
    where_its_going: Text | None = None
    right_now: Text | None = None


class Source(Model):
    text: Text
    url: Url | None = None


def _source(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class Career(Model):
    """One career profile: FORMAT.md's fields, validated."""

    title: Title
    slug: Slug | None = None
    lang: Lang | None = None
    cluster: Line | None = None
    summary: Text
    related: list[Line] | None = None
    fit: Fit | None = None
    work: Work
    typical_day: TypicalDay | None = None
    signals: Signals | None = None
    start_here: StartHere | None = None
    pay: Pay | None = None
    outlook: Outlook | None = None
    sources: list[Annotated[Source, BeforeValidator(_source)]] | None = None
    dated: Annotated[
        str, StringConstraints(strip_whitespace=True), AfterValidator(_dated)] | None = None
    closing: Text | None = None
    draft: Bool = False

    @property
    def key(self) -> str:
        """The slug; the loader always fills it in from the file name."""
        assert self.slug is not None
        return self.slug

    @property
    def dated_on(self) -> dt.date | None:
        if self.dated is None:
            return None
        parts = [int(p) for p in self.dated.split("-")]
        return dt.date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)


class Colors(Model):
    """Theme colours a book file may override (CSS colour values)."""

    ink: str | None = None
    accent: str | None = None
    accent_soft: str | None = None
    muted: str | None = None
    chart: list[str] | None = None


class Book(Model):
    """The book file, careerbook.yaml: the booklet and the house style."""

    title: Line = "Career Guide"
    subtitle: Line | None = None
    organization: Line | None = None
    contact: Line | None = None
    logo: str | None = None
    lang: Lang = "en"
    paper: Literal["letter", "a4"] = "letter"
    theme: Slug | None = None
    careers: list[Slug] | None = None
    duplex: Bool = True
    colors: Colors | None = None
