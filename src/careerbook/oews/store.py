"""Where the OEWS data file lives and how it is opened: the user's copy (written by
`update_from_flat_files`) when there is one, else the one bundled with careerbook.

The open file is kept for the process and opened again when the file on disk changes.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from careerbook.oews.codec import DataFile
from careerbook.oews.errors import DataError
from careerbook.oews.models import Area, AreaKind, Occupation, OccupationLevel, Release, SourceFile
from careerbook.oews.states import FIPS_TO_POSTAL, metro_states

FILE_NAME = "oews.dat"
BUNDLED = Path(__file__).parent / "data" / FILE_NAME
_LEVELS = (OccupationLevel.MAJOR, OccupationLevel.MINOR, OccupationLevel.BROAD, OccupationLevel.DETAILED)


def user_data_dir() -> Path:
    """$CAREERBOOK_DATA_DIR, else $XDG_DATA_HOME/careerbook, else ~/.local/share/careerbook."""
    configured = os.environ.get("CAREERBOOK_DATA_DIR", "").strip()
    if configured:
        return Path(configured).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME", "").strip()
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "careerbook"


def user_data_file() -> Path:
    return user_data_dir() / FILE_NAME


def format_code(code: str) -> str:
    """BLS's 6-digit occupation code as an SOC code: 472111 -> 47-2111."""
    return f"{code[:2]}-{code[2:]}"


def _level(code: str, display_level: int) -> OccupationLevel:
    if code == "000000":
        return OccupationLevel.TOTAL
    return _LEVELS[min(max(display_level, 0), 3)]


def _area(code: str, areatype: str, state: str, name: str) -> Area:
    if areatype == "N":
        kind, fips = AreaKind.NATIONAL, ()
    elif areatype == "S":
        kind, fips = AreaKind.STATE, (state,)
    else:
        kind = AreaKind.NONMETRO if "nonmetropolitan" in name.lower() else AreaKind.METRO
        fips = metro_states(name, state) if kind is AreaKind.METRO else (state,)
    return Area(code, kind, name, fips, tuple(FIPS_TO_POSTAL.get(f, f) for f in fips))


@dataclass(frozen=True, slots=True)
class Where:
    """Where an area's block lies in the data file."""

    offset: int
    length: int


class Store:
    """An opened release: occupations, areas and figures, as typed objects."""

    def __init__(self, path: Path, origin: str) -> None:
        self.file = DataFile(path)
        header = self.file.header
        self.origin = origin
        self.footnotes: dict[str, str] = header["footnotes"]
        self.occupations: list[Occupation] = []
        self.index: dict[str, int] = {}
        for i, (code, title, level) in enumerate(header["occupations"]):
            self.occupations.append(Occupation(format_code(code), title, _level(code, level)))
            self.index[code] = i
        self.areas: dict[str, Area] = {}
        self.where: dict[str, Where] = {}
        for code, areatype, state, name, offset, length in header["areas"]:
            self.areas[code] = _area(code, areatype, state, name)
            self.where[code] = Where(offset, length)
        self.release = self._release(path)

    def _release(self, path: Path) -> Release:
        info = self.file.header["release"]
        top_annual, top_hourly = top_coding(self.footnotes)
        return Release(
            name=info["name"],
            year=info["year"],
            period=info["period"],
            source=info["source"],
            origin=self.origin,
            path=path,
            built_from=info["built_from"],
            files=tuple(SourceFile(**f) for f in info["files"]),
            notice=info["notice"],
            top_annual=top_annual,
            top_hourly=top_hourly,
            occupation_count=len(self.occupations),
            area_count=len(self.areas),
        )


def top_coding_codes(footnotes: dict[str, str]) -> frozenset[str]:
    """The footnote codes that mark a top-coded wage ("equal to or greater than $...")."""
    return frozenset(code for code, text in footnotes.items() if "equal to or greater than" in text.lower())


def top_coding(footnotes: dict[str, str]) -> tuple[int | None, float | None]:
    """(annual dollars, hourly dollars) of the top-coding threshold, read from BLS's footnote."""
    annual: int | None = None
    hourly: float | None = None
    for code in top_coding_codes(footnotes):
        for amount, unit in re.findall(r"\$([\d,]+(?:\.\d+)?) per (hour|year)", footnotes[code]):
            number = float(amount.replace(",", ""))
            if unit == "year":
                annual = int(number)
            else:
                hourly = number
    return annual, hourly


_open: tuple[tuple[str, int, int], Store] | None = None


def open_store() -> Store:
    """The release in use: the user's data file if present, else the bundled one."""
    global _open
    user = user_data_file()
    path, origin = (user, "user") if user.is_file() else (BUNDLED, "bundled")
    try:
        stat = path.stat()
    except OSError as e:
        raise DataError(f"No OEWS data file: {path} ({e.strerror})") from e
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if _open is None or _open[0] != key:
        _open = (key, Store(path, origin))
    return _open[1]


def current_release() -> Release:
    """The OEWS release that answers lookups, and where its data file came from."""
    return open_store().release
