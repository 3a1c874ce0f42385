"""Typed models of the career file and the book file (docs/FORMAT.md, version 1.1).

Every model forbids unknown fields so that a typo is an error, never lost text.
Rules that pydantic cannot say by itself raise `PydanticCustomError`s whose
context may carry `at`: the place inside the field that is wrong, so the
author is pointed at the very item. The kinds of value (text, slug, web address …)
are in kinds.py.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from careerbook.content.kinds import (
    Bool,
    Color,
    Lang,
    Line,
    Logo,
    Model,
    Slug,
    Soc,
    Text,
    Texts,
    Title,
    Url,
    _clock,
    _dated,
    _dated_parts,
    number_text,
)
from careerbook.content.pay_models import Pay
from careerbook.limits import MAX_BOOK_CAREERS, MAX_ITEMS, MAX_SOURCES


class Fit(Model):
    worth_it_if: Text | None = Field(None, description="“Worth a look if …”: who will enjoy this work.")
    maybe_not_if: Text | None = Field(None, description="“Maybe not if …”: who probably will not.")


class TimeSlice(Model):
    activity: Line = Field(description="What the time goes to, e.g. 'Mixing & editing'; unique in the split.")
    percent: Annotated[
        float,
        Field(
            gt=0,
            le=100,
            description=("Share of the working time, more than 0; the percents of the split add up to 100."),
        ),
    ]


class Work(Model):
    summary: Text = Field(description="What the days are really like.")
    time_split: Annotated[
        list[TimeSlice],
        Field(
            min_length=2,
            max_length=12,
            description=("2–12 slices of {activity, percent}; the percents add up to 100 (±0.5)."),
        ),
    ]
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
                    {"name": s.activity, "first": seen[key] + 1, "second": i + 1, "at": (i, "activity")},
                )
            seen[key] = i
        total = sum(s.percent for s in slices)
        if abs(total - 100) > 0.5:
            raise PydanticCustomError(
                "percent_total",
                "the percents add up to {total}, not 100; adjust the slices",
                {"total": number_text(round(total, 2))},
            )
        return slices


class Step(Model):
    time: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20), AfterValidator(_clock)
    ] = Field(description=("A clock time, printed exactly as written: 11:00, 3:00, 9:30 pm."))
    title: Line = Field(description="What happens, in a few words.")
    text: Text = Field(description="What it is like.")


class TypicalDay(Model):
    title: Line | None = Field(None, description="Heading, e.g. 'A typical early-career day'.")
    steps: Annotated[
        list[Step],
        Field(min_length=1, max_length=12, description=("1–12 steps of {time, title, text}, in order.")),
    ]
    note: Text | None = Field(None, description="Caption under the schedule.")


class Signals(Model):
    intro: Text | None = Field(None, description="Lead-in to the two lists.")
    fits: Texts | None = Field(None, description="People realize it's their thing when … (≤ 12)")
    misfits: Texts | None = Field(None, description="… and it probably isn't their thing when (≤ 12)")


class StartHere(Model):
    title: Line = Field(description="A first project to try.")
    text: Text = Field(description="What to do.")


class HowToGetThere(Model):
    """How people get into the career (new in 1.1), like the Occupational Outlook Handbook's
    "How to Become One"."""

    title: Line | None = Field(None, description="Heading, e.g. 'How to get there'.")
    education: Text | None = Field(None, description="The schooling usually needed.")
    training: Text | None = Field(None, description="On-the-job training, apprenticeships.")
    credentials: Text | None = Field(None, description="Licenses, certifications, registrations.")
    steps: Annotated[list[Text], Field(min_length=2, max_length=6)] | None = Field(
        None, description="2–6 steps, in order."
    )

    @model_validator(mode="after")
    def _something(self) -> HowToGetThere:
        if not (self.education or self.training or self.credentials or self.steps):
            raise PydanticCustomError(
                "how_to_get_there_empty",
                "give at least one of education, training, credentials and steps",
                {},
            )
        return self


class Outlook(Model):
    where_its_going: Text | None = Field(None, description="The trend.")
    right_now: Text | None = Field(None, description="The present state.")


class Source(Model):
    text: Text = Field(description="The source, as printed.")
    url: Url | None = Field(
        None, description=("A web address (https://…), printed as text and as a QR code.")
    )


def _source(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class Career(Model):
    """One career profile: FORMAT.md's fields, validated."""

    title: Title = Field(description="The career's name, 1–80 characters.")
    slug: Slug | None = Field(
        None,
        description=(
            "Lowercase letters, digits and single hyphens, like 'music-producer'; defaults to the "
            "file's name; unique in a book."
        ),
    )
    lang: Lang | None = Field(
        None, description=("BCP 47 language tag (en, es, fr-CA …); defaults to the book's lang, else en.")
    )
    cluster: Line | None = Field(None, description="Career cluster; groups careers in a booklet.")
    soc: Soc | None = Field(
        None,
        description=(
            'The nearest BLS occupation, an SOC code like "27-4014" (see `careerbook occupations`).'
        ),
    )
    summary: Text = Field(description="The lede under the title.")
    related: Annotated[list[Line], Field(max_length=MAX_ITEMS)] | None = Field(
        None,
        description=(
            "Up to 12 titles or slugs of other careers; in a booklet, those in the book get a page."
        ),
    )
    fit: Fit | None = Field(None, description="Who this career suits, and who it does not.")
    work: Work = Field(description="The work: what the days are like and how the time splits.")
    typical_day: TypicalDay | None = Field(None, description="A typical day, as a timeline.")
    signals: Signals | None = Field(None, description="How people realize it is, or is not, their thing.")
    start_here: StartHere | None = Field(None, description="A first project to try, in a highlighted box.")
    how_to_get_there: HowToGetThere | None = Field(
        None, description=("How people get into this career: education, training, credentials and steps.")
    )
    pay: Pay | None = Field(None, description="The numbers: pay ranges, growth and caveats.")
    outlook: Outlook | None = Field(None, description="Where the career is going, and how it is now.")
    sources: (
        Annotated[list[Annotated[Source, BeforeValidator(_source)]], Field(max_length=MAX_SOURCES)] | None
    ) = Field(None, description=("Up to 30, printed in order; each is text, or {text, url}."))
    dated: Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_dated)] | None = Field(
        None, description="YYYY-MM or YYYY-MM-DD; printed as 'Dated June 2026' in the file's language."
    )
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
    chart: Annotated[list[Color], Field(min_length=1, max_length=MAX_ITEMS)] | None = Field(
        None, description="Chart colours (CSS), used in order (repeated when there are more slices)."
    )


class Book(Model):
    """The book file, careerbook.yaml: the booklet and the house style."""

    title: Line = Field("Career Guide", description="The booklet's title, on the cover.")
    subtitle: Line | None = Field(None, description="A line under the title on the cover.")
    organization: Line | None = Field(
        None, description=("Who hands it out; printed on the cover and in every footer.")
    )
    contact: Line | None = Field(
        None, description=("How to reach them; printed on the cover and in every footer.")
    )
    logo: Logo | None = Field(None, description="An SVG or PNG file inside the project, e.g. logo.svg.")
    lang: Lang = Field("en", description="Default language for careers and fixed text (BCP 47).")
    paper: Literal["letter", "a4"] = Field("letter", description="letter (default) or a4.")
    theme: Slug | None = Field(
        None, description=("A theme: a folder under styles/ (see `careerbook themes`); default 'default'.")
    )
    careers: Annotated[list[Slug], Field(max_length=MAX_BOOK_CAREERS)] | None = Field(
        None,
        description=(
            "Up to 1,000 career slugs in booklet order; default every file in content/, by cluster."
        ),
    )
    duplex: Bool = Field(
        True,
        description=(
            "Printed on both sides: mirrored margins, padded to a multiple of 4 pages; default true."
        ),
    )
    start: Literal["right", "any", "auto"] = Field(
        "auto",
        description=(
            "Where a career starts in a duplex booklet: 'right' (always a right-hand page), 'any' "
            "(the next page), 'auto' (a right-hand page where that costs no extra sheet); "
            "default auto."
        ),
    )
    colors: Colors | None = Field(None, description="Theme colours to override, as CSS colours.")
    area: Line | None = Field(
        None,
        description=(
            "The BLS area whose wages OEWS pay ranges print, e.g. 'Oregon' or 'Savannah, GA'; "
            "default the nation."
        ),
    )
