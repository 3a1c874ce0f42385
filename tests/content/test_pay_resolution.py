"""OEWS pay ranges resolved for an area (content/pay.py): the figures are BLS's, the nation's
beside an area's, the fallback said, top-coded values open, the BLS source added."""

from __future__ import annotations

from pathlib import Path

import pytest

from careerbook.content.models import Career
from careerbook.content.pay import ResolvedRange, resolve_pay, sources_with_bls
from careerbook.oews import DataError, find_area, wages


def career(*ranges: dict[str, object], period: str = "year", **extra: object) -> Career:
    return Career.model_validate(
        {
            "title": "Test",
            "slug": "test",
            "summary": "s",
            "work": {
                "summary": "w",
                "time_split": [{"activity": "a", "percent": 50}, {"activity": "b", "percent": 50}],
            },
            "pay": {"period": period, "ranges": list(ranges)},
            **extra,
        }
    )


def only(c: Career, area: str | None = None) -> ResolvedRange:
    pay = resolve_pay(c, find_area(area) if area else None)
    assert pay is not None
    [r] = [r for r in pay.ranges if r.oews]
    return r


def test_national_without_an_area() -> None:
    r = only(career({"oews": "47-2111"}))
    bls = wages("47-2111").wages
    assert bls is not None
    assert r.oews is not None and r.oews.shown.national and r.oews.national is None
    assert (r.low, r.median, r.high) == (bls.annual.p10.value, bls.annual.median.value, bls.annual.p90.value)
    assert (r.band_low, r.band_high) == (bls.annual.p25.value, bls.annual.p75.value)
    assert r.label == "Electricians"  # the BLS title when the range has no label
    assert not r.open_high and not r.oews.fell_back


def test_a_state_with_the_nation_beside_it_hourly() -> None:
    r = only(career({"label": "Staff electricians", "oews": "47-2111"}, period="hour"), "Oregon")
    lookup = wages("47-2111", "Oregon")
    assert lookup.wages is not None and lookup.national is not None
    assert r.oews is not None and r.oews.shown.area == "Oregon" and not r.oews.fell_back
    assert (r.low, r.median, r.high) == (
        lookup.wages.hourly.p10.value,
        lookup.wages.hourly.median.value,
        lookup.wages.hourly.p90.value,
    )
    assert r.oews.national is not None
    assert r.oews.national.median == type(r.oews.national.median)(lookup.national.hourly.median.value)
    assert r.label == "Staff electricians (Oregon)"


def test_a_metro() -> None:
    r = only(career({"oews": "47-2111"}), "Savannah, GA")
    lookup = wages("47-2111", "Savannah, GA")
    assert lookup.wages is not None and not lookup.fell_back
    assert r.oews is not None and r.oews.shown.area == "Savannah, GA"
    assert r.median == lookup.wages.annual.median.value


def test_a_metro_with_no_estimate_falls_back_to_its_state_and_says_so() -> None:
    r = only(career({"oews": "19-1023"}), "Savannah, GA")
    assert r.oews is not None
    assert r.oews.fell_back and r.oews.requested == "Savannah, GA" and r.oews.shown.area == "Georgia"
    georgia = wages("19-1023", "Georgia").wages
    assert georgia is not None and r.median == georgia.annual.median.value
    assert r.oews.national is not None and r.oews.national.national


def test_a_top_coded_occupation_is_open_at_the_top() -> None:
    r = only(career({"oews": "29-1215"}), "Albany, OR")
    assert r.oews is not None and r.oews.shown.area == "Albany, OR"
    assert r.open_high and r.median_open and r.low_open
    assert r.high == r.low == 239200 and r.oews.shown.high.at_least


def test_typed_ranges_stay_as_written_and_sources_get_the_bls_one() -> None:
    c = career(
        {"label": "Owner", "low": 1, "high": 2, "open_high": "true"},
        {"oews": "47-2111"},
        sources=["Interviews"],
    )
    pay = resolve_pay(c, find_area("OR"))
    assert pay is not None
    assert (pay.ranges[0].label, pay.ranges[0].low, pay.ranges[0].open_high) == ("Owner", 1, True)
    sources = sources_with_bls(c, pay)
    assert sources[0].text == "Interviews"
    assert sources[1].url == "https://www.bls.gov/oes/current/oes472111.htm"
    assert sources[1].text.startswith(
        "U.S. Bureau of Labor Statistics, Occupational Employment "
        "and Wage Statistics, May 2025 \u2014 Electricians (47-2111), "
        "Oregon"
    )


def test_an_authors_source_with_the_same_address_stands_for_the_bls_one() -> None:
    url = "https://www.bls.gov/oes/current/oes472111.htm"
    c = career({"oews": "47-2111"}, sources=[{"text": "BLS electricians", "url": url}])
    assert [s.text for s in sources_with_bls(c, resolve_pay(c))] == ["BLS electricians"]


def test_an_unknown_code_or_a_group_is_a_clear_error() -> None:
    with pytest.raises(DataError, match="47-9999"):
        resolve_pay(career({"oews": "47-9999"}))
    with pytest.raises(DataError, match="occupation group"):
        resolve_pay(career({"oews": "47-2000"}))


def test_an_unknown_area_lists_the_close_ones() -> None:
    with pytest.raises(DataError, match="Savannah, GA"):
        find_area("Savanah")


def test_the_model_refuses_figures_in_an_oews_range(tmp_path: Path) -> None:
    from careerbook.content.validate import load_career
    from careerbook.errors import ContentError

    path = tmp_path / "x.yaml"
    path.write_text(
        "title: X\nsummary: s\nwork:\n  summary: w\n  time_split:\n"
        "    - {activity: a, percent: 50}\n    - {activity: b, percent: 50}\n"
        'pay:\n  ranges:\n    - {oews: "47-2111", low: 3}\n',
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as refused:
        load_career(path)
    [problem] = refused.value.problems
    assert (problem.field, problem.line) == ("pay.ranges[0].low", 10)
    assert "allowed here: label, oews" in problem.message
