"""Official pay data: the U.S. Bureau of Labor Statistics' OEWS estimates, read offline.

In: BLS's Occupational Employment and Wage Statistics, cross-industry, for the nation, every
state and territory, and every metropolitan and nonmetropolitan area, packed into one compact
file shipped with careerbook (data/oews.dat, May 2025, built by scripts/oews-pack), or a newer
release the user installs from BLS's flat files with `update_from_flat_files(folder)`.

Out: typed answers (frozen dataclasses in models.py):
- `current_release()` -> Release: "May 2025", the source, bundled or the user's file, sha256s;
- `find_occupation("47-2111")` -> Occupation | None;
- `search_occupations("electric", area=None, limit=20)` -> list[OccupationMatch];
- `find_area("Savannah, GA")` -> Area (DataError when unknown or ambiguous);
- `wages("47-2111", "Savannah, GA")` -> WageLookup: the figures (employment, hourly and annual
  percentiles and means, top-coded or unpublished ones flagged), the area that answered after
  falling back metro -> state -> nation, and the nation's figures.
Errors are DataError (a CareerbookError).
"""

from careerbook.oews.errors import DataError
from careerbook.oews.lookup import area_wages, find_area, find_occupation, search_occupations, wages
from careerbook.oews.models import (
    Area,
    AreaKind,
    Figure,
    FigureStatus,
    Occupation,
    OccupationLevel,
    OccupationMatch,
    PayScale,
    Release,
    SourceFile,
    WageLookup,
    Wages,
)
from careerbook.oews.store import current_release, user_data_dir
from careerbook.oews.update import update_from_flat_files

__all__ = [
    "Area",
    "AreaKind",
    "DataError",
    "Figure",
    "FigureStatus",
    "Occupation",
    "OccupationLevel",
    "OccupationMatch",
    "PayScale",
    "Release",
    "SourceFile",
    "WageLookup",
    "Wages",
    "area_wages",
    "current_release",
    "find_area",
    "find_occupation",
    "search_occupations",
    "update_from_flat_files",
    "user_data_dir",
    "wages",
]
