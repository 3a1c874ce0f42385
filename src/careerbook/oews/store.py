"""Where the OEWS data file lives and how it is opened: the user's copy (written by
`update_from_flat_files`) when there is one, else the one bundled with careerbook.

The open file is kept for the process and opened again when the file on disk changes.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from careerbook.oews.codec import Block, DataFile
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
    fips: tuple[str, ...]
    if areatype == "N":
        kind, fips = AreaKind.NATIONAL, ()
    elif areatype == "S":
        kind, fips = AreaKind.STATE, (state,)
    else:
        kind = AreaKind.NONMETRO if "nonmetropolitan" in name.lower() else AreaKind.METRO
        fips = metro_states(name, state) if kind is AreaKind.METRO else (state,)
    return Area(code, kind, name, fips, tuple(FIPS_TO_POSTAL.get(f, f) for f in fips))


class Store:
    """An opened release: occupations, areas and figures, as typed objects made on first use
    (a cold lookup needs three areas and one occupation, not all of them)."""

    def __init__(self, path: Path, origin: str) -> None:
        self.file = DataFile(path)
        header = self.file.header
        self.path = path
        self.origin = origin
        self.footnotes: dict[str, str] = header["footnotes"]
        self._occupations: list[list[Any]] = header["occupations"]
        self._made: list[Occupation | None] = [None] * len(self._occupations)
        self.index: dict[str, int] = {row[0]: i for i, row in enumerate(self._occupations)}
        self._areas: dict[str, list[Any]] = {row[0]: row for row in header["areas"]}
        self._area_made: dict[str, Area] = {}
        self._release: Release | None = None

    def occupation(self, index: int) -> Occupation:
        made = self._made[index]
        if made is None:
            code, title, level = self._occupations[index]
            made = self._made[index] = Occupation(format_code(code), title, _level(code, level))
        return made

    def occupations(self) -> list[Occupation]:
        return [self.occupation(i) for i in range(len(self._occupations))]

    def area(self, code: str) -> Area | None:
        made = self._area_made.get(code)
        if made is None and code in self._areas:
            made = self._area_made[code] = _area(*self._areas[code][:4])
        return made

    def areas(self) -> list[Area]:
        return [a for a in map(self.area, self._areas) if a is not None]

    def block(self, area_code: str) -> Block:
        """The decoded block of an area's figures."""
        row = self._areas[area_code]
        return self.file.block(area_code, row[4], row[5])

    @property
    def release(self) -> Release:
        if self._release is None:
            self._release = self._make_release()
        return self._release

    def _make_release(self) -> Release:
        info = self.file.header["release"]
        top = top_coding(self.footnotes)
        return Release(
            name=info["name"],
            year=info["year"],
            period=info["period"],
            source=info["source"],
            origin=self.origin,
            path=self.path,
            built_from=info["built_from"],
            files=tuple(SourceFile(**source) for source in info["files"]),
            notice=info["notice"],
            top_annual=top.annual,
            top_hourly=top.hourly,
            occupation_count=len(self._occupations),
            area_count=len(self._areas),
        )


def top_coding_codes(footnotes: dict[str, str]) -> frozenset[str]:
    """The footnote codes that mark a top-coded wage ("equal to or greater than $...")."""
    return frozenset(code for code, text in footnotes.items() if "equal to or greater than" in text.lower())


@dataclass(frozen=True)
class TopCoding:
    """BLS's top-coding threshold: a wage at or above it is published as "at least" it."""

    annual: int | None  # dollars a year (239200)
    hourly: float | None  # dollars an hour (115.0)


def top_coding(footnotes: dict[str, str]) -> TopCoding:
    """The top-coding threshold, a year and an hour, read from BLS's footnote."""
    annual: int | None = None
    hourly: float | None = None
    for code in top_coding_codes(footnotes):
        for amount, unit in re.findall(r"\$([\d,]+(?:\.\d+)?) per (hour|year)", footnotes[code]):
            number = float(amount.replace(",", ""))
            if unit == "year":
                annual = int(number)
            else:
                hourly = number
    return TopCoding(annual=annual, hourly=hourly)


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
