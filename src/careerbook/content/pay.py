"""A career's pay as printed: typed ranges as written, OEWS ranges looked up in BLS's data.

At build time (never in the models) each `{oews: "47-2111"}` range becomes the figures BLS
published for the chosen area (the book's `area` or `--area`; the nation without one): low the
10th percentile, median the 50th, high the 90th, and the 25th to 75th percentile as the bar's
darker core; hourly or annual as `pay.period` says. Where BLS published no wages in the area,
oews.wages falls back metro -> state -> nation and the record says so. With an area, the
nation's figures come along for comparison. Each OEWS range brings its BLS source.

In: a Career and an oews.Area (or None). Out: `ResolvedPay` (what the pay section and the pay
chart print) and the career's sources with the BLS ones added (`sources_with_bls`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from careerbook.content.models import Career, Source
from careerbook.content.pay_models import OewsRange, Pay, PayRange

if TYPE_CHECKING:
    from careerbook.oews import Area, Figure, PayScale, Release, WageLookup

BLS = "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics"


def bls_url(code: str) -> str:
    """BLS's page for an occupation: https://www.bls.gov/oes/current/oes472111.htm."""
    return f"https://www.bls.gov/oes/current/oes{code.replace('-', '')}.htm"


def bls_source_text(release: str, title: str, code: str, where: str) -> str:
    """ "U.S. Bureau of Labor Statistics, …, May 2025 — Electricians (47-2111), Oregon"."""
    return f"{BLS}, {release} \u2014 {title} ({code}), {where}"


@dataclass(frozen=True)
class Amount:
    """A wage as BLS published it: the value, or only "at least" the value (top-coded)."""

    value: float
    at_least: bool = False


@dataclass(frozen=True)
class Spread:
    """One area's wages for an occupation, in the pay's period."""

    area: str  # BLS's name of the area: "Oregon", "Savannah, GA", "National"
    national: bool
    low: Amount  # 10th percentile
    high: Amount  # 90th percentile
    median: Amount | None
    p25: Amount | None
    p75: Amount | None


@dataclass(frozen=True)
class OewsFigures:
    """Where an OEWS range's figures come from, and the nation's beside an area's."""

    code: str  # "47-2111"
    title: str  # BLS's title, "Electricians"
    requested: str | None  # the area asked for; None: the nation
    fell_back: bool  # BLS published no wages there: `shown` is the state's or the nation's
    shown: Spread
    national: Spread | None  # beside an area's figures; None when the shown ones are national
    source: Source


@dataclass(frozen=True)
class ResolvedRange:
    """One bar of the pay chart and row of its table (attribute names as in PayRange)."""

    label: str
    low: float
    high: float
    median: float | None = None
    open_high: bool = False  # typed open_high, or a top-coded 90th percentile
    median_open: bool = False  # a top-coded median: "$239,200 or more"
    low_open: bool = False  # a top-coded 10th percentile (every figure is)
    band_low: float | None = None  # the darker core: 25th ...
    band_high: float | None = None  # ... to 75th percentile
    oews: OewsFigures | None = None


@dataclass(frozen=True)
class Unpublished:
    """An OEWS range BLS published no wages for in the pay's period, anywhere it was asked."""

    label: str
    code: str
    title: str
    area: str  # the area asked for, or "National"


@dataclass(frozen=True)
class ResolvedPay:
    """The pay as printed: Pay's own fields, and every range with figures to draw."""

    pay: Pay
    ranges: list[ResolvedRange]
    unpublished: list[Unpublished] = field(default_factory=list)
    area: str | None = None  # the area asked for (None: the nation)
    release: str = ""  # "May 2025" when any range is from OEWS

    @property
    def currency(self) -> str:
        return self.pay.currency

    @property
    def period(self) -> str:
        return self.pay.period

    @property
    def has_oews(self) -> bool:
        return any(r.oews for r in self.ranges) or bool(self.unpublished)

    @property
    def has_band(self) -> bool:
        return any(r.band_low is not None for r in self.ranges)


def uses_oews(career: Career) -> bool:
    return bool(career.pay and career.pay.oews_ranges)


def _amount(figure: Figure) -> Amount | None:
    if figure.top_coded and figure.at_least is not None:
        return Amount(float(figure.at_least), at_least=True)
    if figure.value is not None:
        return Amount(float(figure.value))
    return None


def _spread(scale: PayScale, area: Area) -> Spread | None:
    from careerbook.oews import AreaKind  # here: only OEWS ranges need the data (as below)

    low, high = _amount(scale.p10), _amount(scale.p90)
    if low is None or high is None:
        return None
    return Spread(
        area.name,
        area.kind is AreaKind.NATIONAL,
        low,
        high,
        _amount(scale.median),
        _amount(scale.p25),
        _amount(scale.p75),
    )


def _typed(r: PayRange) -> ResolvedRange:
    return ResolvedRange(r.label, r.low, r.high, r.median, r.open_high)


def _oews(
    r: OewsRange, lookup: WageLookup, period: str, area: Area | None, release: Release
) -> ResolvedRange | Unpublished:
    occupation = lookup.occupation
    label = r.label or occupation.title
    found = lookup.wages
    shown = None if found is None else _spread(found.hourly if period == "hour" else found.annual, found.area)
    if found is None or shown is None:
        return Unpublished(
            label, occupation.code, occupation.title, area.name if area else lookup.requested.name
        )
    national = None
    if not shown.national and lookup.national is not None:
        scale = lookup.national.hourly if period == "hour" else lookup.national.annual
        national = _spread(scale, lookup.national.area)
    where = shown.area if national is None else f"{shown.area}; {national.area}"
    source = Source(
        text=bls_source_text(release.name, occupation.title, occupation.code, where),
        url=bls_url(occupation.code),
    )
    figures = OewsFigures(
        occupation.code,
        occupation.title,
        area.name if area else None,
        lookup.fell_back,
        shown,
        national,
        source,
    )
    median = shown.median
    if not shown.national:  # the area's name in the bar's label: the chart shows no other
        label = f"{label} ({shown.area})"
    return ResolvedRange(
        label,
        shown.low.value,
        max(shown.high.value, shown.low.value),
        None if median is None else median.value,
        shown.high.at_least,
        median_open=bool(median and median.at_least),
        low_open=shown.low.at_least,
        band_low=None if shown.p25 is None or shown.p75 is None else shown.p25.value,
        band_high=None if shown.p25 is None or shown.p75 is None else shown.p75.value,
        oews=figures,
    )


def resolve_pay(career: Career, area: Area | None = None) -> ResolvedPay | None:
    """The career's pay with every OEWS range looked up for `area` (None: the nation).
    Raises oews.DataError (a CareerbookError) for a code the data does not know."""
    pay = career.pay
    if pay is None:
        return None
    if not pay.oews_ranges:
        return ResolvedPay(pay, [_typed(r) for r in pay.ranges if isinstance(r, PayRange)])
    # Imported only for a career with OEWS ranges: the rest never open the data file.
    from careerbook.oews import DataError, current_release, wages

    release = current_release()
    ranges: list[ResolvedRange] = []
    unpublished: list[Unpublished] = []
    for r in pay.ranges:
        if isinstance(r, PayRange):
            ranges.append(_typed(r))
            continue
        lookup = wages(r.oews, area or "US")
        if lookup.occupation.is_group:
            raise DataError(
                f"{career.key}: pay range {r.oews} is the occupation group "
                f"{lookup.occupation.title}; give a detailed occupation's code "
                "(`careerbook validate` suggests some)"
            )
        looked_up = _oews(r, lookup, pay.period, area, release)
        if isinstance(looked_up, Unpublished):
            unpublished.append(looked_up)
        else:
            ranges.append(looked_up)
    return ResolvedPay(pay, ranges, unpublished, area.name if area else None, release.name)


def sources_with_bls(career: Career, pay: ResolvedPay | None) -> list[Source]:
    """The career's sources, then the BLS source of each OEWS range not already among them
    (an author's source with the same address stands for it, in the author's words)."""
    sources = list(career.sources or [])
    urls = {s.url for s in sources if s.url}
    for r in pay.ranges if pay else []:
        if r.oews is not None and r.oews.source.url not in urls:
            sources.append(r.oews.source)
            urls.add(r.oews.source.url or "")
    return sources
