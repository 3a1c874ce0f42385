"""The typed answers of the OEWS data layer: releases, occupations, areas and wage figures.

Frozen dataclasses rather than pydantic models: a cold lookup must stay well under 50 ms
including imports, and importing pydantic alone costs more than that budget's half.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class OccupationLevel(StrEnum):
    """Where an SOC code sits in the hierarchy (BLS's display_level 0-3; 00-0000 is the total)."""

    TOTAL = "total"
    MAJOR = "major"
    MINOR = "minor"
    BROAD = "broad"
    DETAILED = "detailed"


class AreaKind(StrEnum):
    """The kind of an OEWS area; metropolitan and nonmetropolitan areas share BLS's areatype M."""

    NATIONAL = "national"
    STATE = "state"
    METRO = "metro"
    NONMETRO = "nonmetro"


class FigureStatus(StrEnum):
    """Why a figure has the value it has."""

    PUBLISHED = "published"
    TOP_CODED = "top_coded"  # BLS gives only "at least" the top-coding threshold
    NOT_RELEASED = "not_released"  # BLS footnote "Estimate not released."
    NOT_AVAILABLE = "not_available"  # e.g. hourly wages of an occupation paid by the year
    NO_ESTIMATE = "no_estimate"  # the area has no row for the occupation at all


@dataclass(frozen=True)
class SourceFile:
    """One source file of a release, as fetched from BLS."""

    name: str
    sha256: str
    size: int | None = None
    url: str = ""
    last_modified: str = ""


@dataclass(frozen=True)
class Release:
    """Which OEWS release answers, and where its data file came from."""

    name: str  # "May 2025"
    year: str  # "2025"
    period: str  # BLS period code, "A01"
    source: str  # who published it, e.g. "U.S. Bureau of Labor Statistics, OEWS ..."
    origin: str  # "bundled" or "user"
    path: Path  # the compact data file in use
    built_from: str  # how the compact file was made (wheel, flat-file folder)
    files: tuple[SourceFile, ...]
    notice: str  # BLS's notice on derived data
    top_annual: int | None  # top-coding threshold, dollars a year (239200)
    top_hourly: float | None  # top-coding threshold, dollars an hour (115.0)
    occupation_count: int
    area_count: int


@dataclass(frozen=True)
class Occupation:
    """An SOC occupation or occupation group as BLS titles it."""

    code: str  # "47-2111"
    title: str
    level: OccupationLevel

    @property
    def is_group(self) -> bool:
        return self.level is not OccupationLevel.DETAILED


@dataclass(frozen=True)
class Area:
    """An OEWS area: the nation, a state or territory, a metropolitan or nonmetropolitan area."""

    code: str  # BLS's 7-digit area code, "0042340"
    kind: AreaKind
    name: str  # "Savannah, GA"
    state_fips: tuple[str, ...]  # the states it lies in, primary first ("13",); () for the nation
    states: tuple[str, ...]  # their postal codes ("GA",)

    @property
    def areatype(self) -> str:
        """BLS's areatype code: N, S or M."""
        return {AreaKind.NATIONAL: "N", AreaKind.STATE: "S"}.get(self.kind, "M")

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Figure:
    """One published number: a wage in dollars (hourly or annual) or an employment count."""

    value: float | None  # None unless published
    status: FigureStatus
    at_least: float | None = None  # the top-coding threshold when status is TOP_CODED
    note: str = ""  # BLS's footnote text, when one applies

    @property
    def top_coded(self) -> bool:
        return self.status is FigureStatus.TOP_CODED

    @property
    def known(self) -> bool:
        """Published or top-coded: the figure says something about pay."""
        return self.status in (FigureStatus.PUBLISHED, FigureStatus.TOP_CODED)


@dataclass(frozen=True)
class PayScale:
    """Percentile and mean wages, all hourly or all annual."""

    p10: Figure
    p25: Figure
    median: Figure
    p75: Figure
    p90: Figure
    mean: Figure

    @property
    def any_known(self) -> bool:
        return any(f.known for f in (self.p10, self.p25, self.median, self.p75, self.p90, self.mean))


@dataclass(frozen=True)
class Wages:
    """BLS's estimate for one occupation in one area (cross-industry, all ownerships)."""

    occupation: Occupation
    area: Area
    employment: Figure
    annual: PayScale
    hourly: PayScale

    @property
    def has_wages(self) -> bool:
        """BLS published (or top-coded) at least one wage figure here."""
        return self.annual.any_known or self.hourly.any_known


@dataclass(frozen=True)
class WageLookup:
    """The answer to "what does this occupation pay here": the figures of the area that answered
    (after falling back metro -> state -> nation), and the nation's for comparison."""

    occupation: Occupation
    requested: Area
    answered_by: Area | None  # None when not even the nation has wages for it
    wages: Wages | None  # the answering area's figures
    national: Wages | None
    fell_back: bool
    reason: str  # why it fell back (empty when it did not)
    tried: tuple[Area, ...]  # every area asked, in order


@dataclass(frozen=True)
class OccupationMatch:
    """One search result with the headline figures of the area searched (or the nation)."""

    occupation: Occupation
    area: Area
    employment: Figure
    annual_median: Figure
    exact: bool  # the query is the whole title or the whole code
    whole_words: int  # how many query words match whole title words
