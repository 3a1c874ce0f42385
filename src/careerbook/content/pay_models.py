"""Typed models of a career's pay section (docs/FORMAT.md, version 1.1, "pay"): ranges typed
with their figures (`PayRange`), ranges of BLS's wage estimates named by an SOC code
(`OewsRange`, looked up when the handout is built, in content/pay.py), growth, and `Pay`.

models.py holds the rest of the career file, and its docstring's rules hold here too.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Discriminator, Field, StringConstraints, Tag, model_validator
from pydantic_core import PydanticCustomError

from careerbook.content.kinds import Bool, Line, Model, Number, Soc, Text, _currency, number_text


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
                "pay_order",
                "median {median} must lie between low {low} and high {high}",
                {
                    "median": number_text(self.median),
                    "low": number_text(self.low),
                    "high": number_text(self.high),
                    "at": ("median",),
                },
            )
        if self.low > self.high:
            raise PydanticCustomError(
                "pay_order",
                "low {low} is above high {high}; low must not exceed high",
                {"low": number_text(self.low), "high": number_text(self.high), "at": ("low",)},
            )
        return self


class OewsRange(Model):
    """A pay range from BLS's wage estimates for an occupation (new in 1.1); its figures are
    looked up when the handout is built (content/pay.py), never typed."""

    label: Line | None = Field(None, description=("Who earns this; default the occupation's BLS title."))
    oews: Soc = Field(
        description=(
            'An SOC occupation code, like "47-2111": its BLS wages (10th, 50th and 90th percentile) '
            "are printed for the book's area, or the nation."
        )
    )


def _range_kind(value: Any) -> str:
    if isinstance(value, dict):
        return OEWS_TAG if "oews" in value else TYPED_TAG
    return OEWS_TAG if isinstance(value, OewsRange) else TYPED_TAG


# The tags of the two kinds of range; validate.py drops them from an error's place.
TYPED_TAG, OEWS_TAG = "typed-range", "oews-range"
AnyRange = Annotated[
    Annotated[PayRange, Tag(TYPED_TAG)] | Annotated[OewsRange, Tag(OEWS_TAG)], Discriminator(_range_kind)
]


class Growth(Model):
    low: float = Field(ge=-1000, le=1000, description="Job growth in percent, the low end (e.g. 11).")
    high: float = Field(
        ge=-1000, le=1000, description="Job growth in percent, the high end, not below low (e.g. 17)."
    )
    label: Line | None = Field(None, description="What the figure is for, e.g. the job category.")

    @model_validator(mode="after")
    def _ordered(self) -> Growth:
        if self.low > self.high:
            raise PydanticCustomError(
                "growth_order",
                "low {low} is above high {high}; low must not exceed high",
                {"low": number_text(self.low), "high": number_text(self.high), "at": ("low",)},
            )
        return self


class Pay(Model):
    headline: Line | None = Field(None, description="Heading, e.g. 'The real money and market'.")
    summary: Text | None = Field(None, description="Prose about pay.")
    currency: Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_currency)] = Field(
        "USD", description="ISO 4217 currency code, like USD, EUR or GBP; default USD."
    )
    period: Literal["year", "hour"] = Field("year", description="year (default) or hour.")
    ranges: Annotated[
        list[AnyRange],
        Field(
            min_length=1,
            max_length=8,
            description=(
                "1–8 pay ranges, drawn as bars from low to high: typed figures {label, low, median, "
                "high, open_high}, or a BLS occupation {label, oews}."
            ),
        ),
    ]
    growth: Growth | None = Field(None, description="Job growth in percent: {low, high, label}.")
    note: Text | None = Field(None, description="Caveats about the figures.")

    @model_validator(mode="after")
    def _dollars(self) -> Pay:
        if self.currency != "USD" and any(isinstance(r, OewsRange) for r in self.ranges):
            raise PydanticCustomError(
                "oews_currency",
                "BLS wages are US dollars: a pay with an oews range needs currency USD, not {got}",
                {"got": self.currency, "at": ("currency",)},
            )
        return self

    @property
    def oews_ranges(self) -> list[OewsRange]:
        return [r for r in self.ranges if isinstance(r, OewsRange)]
