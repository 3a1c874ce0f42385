"""Lookups: occupations, areas, search and wages with fallback, on the fixture release and on
the bundled May 2025 file (spot values checked against BLS's published May 2025 figures)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from careerbook.oews import (
    AreaKind,
    DataError,
    FigureStatus,
    OccupationLevel,
    Release,
    area_wages,
    current_release,
    find_area,
    find_occupation,
    search_occupations,
    wages,
)

SRC = Path(__file__).parents[2] / "src"


# -- the bundled release -------------------------------------------------------------------------


def test_bundled_release_is_may_2025() -> None:
    release = current_release()
    assert release.name == "May 2025"
    assert release.origin == "bundled"
    assert release.path.name == "oews.dat"
    assert "Bureau of Labor Statistics" in release.source
    assert (release.top_annual, release.top_hourly) == (239200, 115.0)
    assert release.occupation_count == 1104 and release.area_count == 583
    assert {f.name for f in release.files} >= {"oe.data.0.Current", "oe.area", "oe.occupation"}


def test_bundled_electricians_nationally() -> None:
    lookup = wages("47-2111", "US")
    assert lookup.answered_by is not None and lookup.answered_by.kind is AreaKind.NATIONAL
    assert not lookup.fell_back and lookup.reason == ""
    w = lookup.wages
    assert w is not None and w.occupation.title == "Electricians"
    assert w.employment.value == 757220
    assert w.annual.median.value == 63190
    assert w.hourly.median.value == 30.38
    assert (w.annual.p10.value, w.annual.p90.value, w.annual.mean.value) == (42640, 108510, 71490)
    assert lookup.national == w


def test_bundled_metro_figures_and_national_comparison() -> None:
    lookup = wages("472111", "Savannah, GA")
    assert lookup.answered_by is not None and lookup.answered_by.code == "0042340"
    assert lookup.wages is not None and lookup.wages.annual.median.value == 58430
    assert lookup.national is not None and lookup.national.annual.median.value == 63190


def test_bundled_top_coded_physicians() -> None:
    w = area_wages("29-1215", "0010540")  # Family Medicine Physicians, Albany, OR
    assert w is not None
    assert w.annual.median.status is FigureStatus.TOP_CODED
    assert w.annual.median.value is None and w.annual.median.at_least == 239200
    assert w.hourly.p90.top_coded and w.hourly.p90.at_least == 115.0
    assert w.employment.status is FigureStatus.PUBLISHED and w.has_wages


def test_bundled_search_electric() -> None:
    matches = search_occupations("electric", limit=10)
    codes = [m.occupation.code for m in matches]
    electricians = matches[codes.index("47-2111")]
    assert (electricians.employment.value, electricians.annual_median.value) == (757220, 63190)
    assert {"47-2111", "17-2071"} <= set(codes)
    assert codes.index("47-2111") < codes.index("17-2071")  # more electricians than engineers
    assert codes[0] == "47-2111"  # the most employed first, not the title that says "Electric"


def test_bundled_occupation_levels() -> None:
    assert find_occupation("00-0000") is not None
    assert find_occupation("00-0000").level is OccupationLevel.TOTAL  # type: ignore[union-attr]
    assert find_occupation("47-0000").level is OccupationLevel.MAJOR  # type: ignore[union-attr]
    assert find_occupation("47-2000").level is OccupationLevel.MINOR  # type: ignore[union-attr]
    assert find_occupation("11-2020").level is OccupationLevel.BROAD  # type: ignore[union-attr]
    assert find_occupation("11-2021").level is OccupationLevel.DETAILED  # type: ignore[union-attr]


def test_bundled_multi_state_metro_and_areas() -> None:
    washington = find_area("0047900")
    assert washington.states == ("DC", "VA", "MD", "WV")
    assert find_area("Oregon").kind is AreaKind.STATE
    assert find_area("OR").code == "4100000"
    assert find_area("Coast Oregon nonmetropolitan area").kind is AreaKind.NONMETRO
    with pytest.raises(DataError, match=r"Portland-South Portland, ME.*Portland-Vancouver-Hillsboro, OR-WA"):
        find_area("Portland")
    assert find_area("Portland, OR").code == "0038900"


def _cold_ms(code: str, runs: int = 5) -> float:
    """The least CPU time of a few fresh processes, in milliseconds, from before the first import
    to the end (CPU rather than wall time: a busy machine would make wall time meaningless)."""
    script = f"import time\nt = time.process_time()\n{code}\nprint((time.process_time() - t) * 1000)\n"
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return min(
        float(
            subprocess.run(
                [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(runs)
    )


@pytest.mark.slow
def test_cold_lookup_is_fast() -> None:
    """Import, open and one metro lookup (the header, the metro's and the nation's blocks) in a
    fresh process. careerbook.errors alone (typing, dataclasses, pathlib) sets a floor of about
    17 ms; the lookup may add 25 ms to it and must stay under 50 ms."""
    floor = _cold_ms("import careerbook.errors")
    lookup = _cold_ms("from careerbook.oews import wages\nwages('47-2111', '0042340')")
    assert lookup - floor < 25, (floor, lookup)
    assert lookup < 50, (floor, lookup)


# -- the fixture release (installed in the test's data folder) -----------------------------------


def test_fixture_release_comes_from_the_user_folder(fixture_release: Release, data_dir: Path) -> None:
    assert fixture_release.origin == "user"
    assert fixture_release.path == data_dir / "oews.dat"
    assert current_release() == fixture_release
    assert fixture_release.occupation_count == 16


def test_find_occupation(fixture_release: Release) -> None:
    electricians = find_occupation("47-2111")
    assert electricians is not None and electricians.title == "Electricians"
    assert find_occupation("472111") == electricians
    assert find_occupation(" 47-2111 ") == electricians
    assert find_occupation("15-1252") is None  # not in the fixture
    assert find_occupation("47-21") is None
    assert find_occupation("electricians") is None


def test_search_by_words(fixture_release: Release) -> None:
    matches = search_occupations("electric")
    assert [m.occupation.code for m in matches] == ["47-2111", "17-2071", "47-3013"]
    first = matches[0]
    assert first.area.kind is AreaKind.NATIONAL
    assert first.employment.value == 757220 and first.annual_median.value == 63190
    assert [m.occupation.code for m in search_occupations("ELECTRICAL eng")] == ["17-2071"]
    assert search_occupations("electricians")[0].exact
    assert search_occupations("zzz") == []
    assert len(search_occupations("electric", limit=1)) == 1


def test_search_whole_words_first(fixture_release: Release) -> None:
    # "engineers" is a whole word of both engineer titles; "engineer" is a prefix only.
    matches = search_occupations("engineers")
    assert all(m.whole_words == 1 for m in matches)
    assert [m.occupation.code for m in matches] == ["17-2071", "17-2161"]  # by employment


def test_search_accents_and_groups(fixture_release: Release) -> None:
    found = search_occupations("éléctricians")
    assert [m.occupation.code for m in found] == ["47-2111", "47-3013"]  # exact title first
    assert found[0].exact and not found[1].exact and found[1].whole_words == 1
    with_groups = [m.occupation.code for m in search_occupations("construction", include_groups=True)]
    assert "47-0000" in with_groups
    assert search_occupations("construction") == []  # only groups have it in their title


def test_search_by_code_and_in_an_area(fixture_release: Release) -> None:
    assert [m.occupation.code for m in search_occupations("47-21")] == ["47-2111"]
    assert [m.occupation.code for m in search_occupations("47-2", include_groups=True)] == [
        "47-2000",
        "47-2111",
    ]
    assert [m.occupation.code for m in search_occupations("47")] == ["47-2111", "47-3013"]
    assert search_occupations("47-2111")[0].exact
    in_savannah = search_occupations("electricians", area="Savannah, GA")[0]
    assert in_savannah.area.name == "Savannah, GA"
    assert in_savannah.annual_median.value == 58430
    absent = search_occupations("nuclear", area="Albany, OR")[0]
    assert absent.employment.value is None and absent.annual_median.value is None


def test_find_area(fixture_release: Release) -> None:
    assert find_area("national").kind is AreaKind.NATIONAL
    assert find_area("U.S.").code == "0000000"
    assert find_area("GA").name == "Georgia"
    assert find_area("georgia").code == "1300000"
    assert find_area("savannah").code == "0042340"
    assert find_area("Savannah, GA").code == "0042340"
    assert find_area("42340").code == "0042340"
    augusta = find_area("Augusta")
    assert augusta.states == ("GA", "SC") and augusta.state_fips == ("13", "45")
    assert find_area("South Georgia").kind is AreaKind.NONMETRO


def test_find_area_unknown_and_ambiguous(fixture_release: Release) -> None:
    with pytest.raises(DataError, match=r"'Savanah'.*Close: Savannah, GA"):
        find_area("Savanah")
    with pytest.raises(DataError, match=r"several OEWS areas: Georgia.*South Georgia"):
        find_area("geo")
    with pytest.raises(DataError, match="code 0099999"):
        find_area("0099999")
    with pytest.raises(DataError, match="No OEWS area is called 'Atlantis'"):
        find_area("Atlantis")


def test_wages_in_the_metro(fixture_release: Release) -> None:
    lookup = wages("47-2111", "Savannah, GA")
    assert not lookup.fell_back
    assert [a.name for a in lookup.tried] == ["Savannah, GA"]
    assert lookup.national is not None and lookup.national.area.kind is AreaKind.NATIONAL


def test_wages_fall_back_to_the_state(fixture_release: Release) -> None:
    lookup = wages("47-3013", "Albany, OR")
    assert lookup.fell_back
    assert lookup.answered_by is not None and lookup.answered_by.name == "Oregon"
    assert "no estimate for Helpers--Electricians in Albany, OR" in lookup.reason
    assert "Oregon's" in lookup.reason


def test_wages_fall_back_to_the_nation(fixture_release: Release) -> None:
    lookup = wages("17-2161", "Albany, OR")
    assert [a.name for a in lookup.tried] == ["Albany, OR", "Oregon", "National"]
    assert lookup.answered_by is not None and lookup.answered_by.kind is AreaKind.NATIONAL
    assert lookup.wages == lookup.national
    assert lookup.reason.endswith("; the figures are the nation's")


def test_multi_state_metro_falls_back_to_its_primary_state(fixture_release: Release) -> None:
    lookup = wages("11-9121", "Augusta")  # wages not released there (footnote 8)
    assert lookup.fell_back
    assert lookup.tried[1].name == "Georgia"
    assert "no wages for Natural Sciences Managers in Augusta" in lookup.reason


def test_not_released_and_annual_only_figures(fixture_release: Release) -> None:
    augusta = area_wages("17-2161", "Augusta")
    assert augusta is not None
    assert augusta.employment.status is FigureStatus.NOT_RELEASED
    assert augusta.employment.note == "Estimate not released."
    assert augusta.annual.median.value == 132440
    assert augusta.hourly.median.value == 63.68
    teachers = area_wages("25-2021", "US")
    assert teachers is not None
    assert teachers.hourly.median.status is FigureStatus.NOT_AVAILABLE
    assert "hourly wages or annual salaries" in teachers.hourly.median.note
    assert teachers.annual.median.value is not None
    assert area_wages("17-2161", "Albany, OR") is None


def test_top_coded_in_the_fixture(fixture_release: Release) -> None:
    lookup = wages("29-1215", "Albany, OR")
    assert not lookup.fell_back  # a top-coded estimate is an answer
    assert lookup.wages is not None
    assert lookup.wages.annual.p90.top_coded and lookup.wages.annual.p90.at_least == 239200


def test_unknown_occupation(fixture_release: Release) -> None:
    with pytest.raises(DataError, match="Unknown SOC occupation code '99-9999'"):
        wages("99-9999", "US")
