"""The compact OEWS data file: its layout, and reading it (writer.py writes it).

Layout: a magic line, the byte length of the header, the zlib-compressed JSON header (release,
source files, footnotes, occupations, areas and where each area's block starts), then one
zlib-compressed block per area. A lookup reads the header and the one to three blocks it needs
(the area, its state, the nation), never the whole file.

A block is text, one line per column, one comma-separated token per occupation published in the
area: occupation indexes (as gaps), employment, annual median, then the other annual figures as
differences from the median (p25, p75) or from their neighbour (p10 from p25, p90 from p75), the
hourly figures as the difference from the annual figure / 2080 (almost always 0), and the BLS
footnote codes per figure. An empty token is a figure BLS did not publish; a token "aN" is an
absolute value where the reference is missing. Annual figures are stored in units of `scale`
dollars (10 when every one is a multiple of 10, as BLS rounds them), hourly ones in cents.

Why this format (measured on May 2025: 236,799 cross-industry estimates, 13 figures each):
- SQLite, one integer row per estimate: 13.1 MB installed, 7.3 MB in the wheel; a lookup costs
  about 4 ms (import sqlite3 and query). Too big for a file shipped in every install.
- per-area zlib blocks of int32 rows: 8.4 MB; of JSON rows: 8.4 MB (lzma: 6.8-6.9 MB).
- per-area zlib blocks of the columns of differences above: 3.9 MB (lzma would give 3.6 MB for a
  slower decompressor and one more import). A cold lookup reads the header (28 KB
  compressed) and two or three blocks of at most 19 KB: about 3 ms after import.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Any

from careerbook.oews.errors import DataError

MAGIC = b"careerbook-oews 1\n"
FORMAT = 1

# BLS datatype codes of the figures kept, in the order of Estimate.values.
EMPLOYMENT = "01"
HOURLY = ("06", "07", "08", "09", "10", "03")  # p10, p25, median, p75, p90, mean
ANNUAL = ("11", "12", "13", "14", "15", "04")
FIGURES = (EMPLOYMENT, *HOURLY, *ANNUAL)
HOURLY_DATATYPES = frozenset(HOURLY)
_ANNUAL_AT = {code: i for i, code in enumerate(ANNUAL)}
# Which annual figure each annual figure is stored relative to (index into ANNUAL; -1 = none).
ANNUAL_REF = (1, 2, -1, 2, 3, 2)
_ORDER = (2, 1, 0, 3, 4, 5)  # decode order: references first


class Estimate:
    """One (area, occupation) row: a value per figure of FIGURES (hourly in cents) and its
    footnote codes ("" or "5" or "4 5"). A plain class: a dataclass costs a cold lookup a
    millisecond to create."""

    __slots__ = ("notes", "values")

    def __init__(self, values: list[int | None], notes: list[str]) -> None:
        self.values = values
        self.notes = notes

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Estimate) and (self.values, self.notes) == (other.values, other.notes)

    def __repr__(self) -> str:
        return f"Estimate({self.values!r}, {self.notes!r})"


def hourly_ref(annual: int | None) -> int | None:
    """Cents an hour that an annual wage works out to at 2,080 hours (rounded half up)."""
    return None if annual is None else (annual * 100 + 1040) // 2080


class Block:
    """One area's decoded block: the rows it has and their figures, decoded on demand."""

    def __init__(self, data: bytes) -> None:
        lines = zlib.decompress(data).decode().split("\n")
        head = lines[0].split()
        self.scale = int(head[0])
        count = int(head[1])
        self._columns = [line.split(",") if count else [] for line in lines[1:]]
        self.positions: dict[int, int] = {}
        index = -1
        for position, gap in enumerate(self._columns[0] if count else []):
            index += int(gap) + 1
            self.positions[index] = position

    @staticmethod
    def _value(token: str, ref: int | None) -> int | None:
        if not token:
            return None
        if token[0] == "a":
            return int(token[1:])
        return int(token) + (ref or 0)

    def employment(self, position: int) -> int | None:
        return self._value(self._columns[1][position], 0)

    def annual_median(self, position: int) -> int | None:
        value = self._value(self._columns[2 + 2][position], 0)
        return None if value is None else value * self.scale

    def row(self, position: int) -> Estimate:
        """The figures of one row, in the order of FIGURES (hourly in cents, annual in dollars)."""
        annual: list[int | None] = [None] * 6
        for i in _ORDER:
            ref = annual[ANNUAL_REF[i]] if ANNUAL_REF[i] >= 0 else 0
            annual[i] = self._value(self._columns[2 + i][position], ref)
        annual = [None if v is None else v * self.scale for v in annual]
        hourly = [self._value(self._columns[8 + i][position], hourly_ref(annual[i])) for i in range(6)]
        notes = [self._columns[14 + i][position] for i in range(len(FIGURES))]
        return Estimate([self.employment(position), *hourly, *annual], notes)


class DataFile:
    """An open compact data file: its header, and its blocks read on demand."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            with open(path, "rb") as f:
                magic = f.readline()
                if magic != MAGIC:
                    raise DataError(f"{path}: not a careerbook OEWS data file")
                length = int(f.readline())
                self.header: dict[str, Any] = json.loads(zlib.decompress(f.read(length)))
                self._start = f.tell()
        except (OSError, ValueError, zlib.error) as e:
            raise DataError(f"{path}: cannot read the OEWS data file ({e})") from e
        if self.header.get("format") != FORMAT:
            raise DataError(f"{path}: OEWS data file format {self.header.get('format')} is not {FORMAT}")
        self._blocks: dict[str, Block] = {}

    def block(self, area_code: str, offset: int, length: int) -> Block:
        cached = self._blocks.get(area_code)
        if cached is None:
            try:
                with open(self.path, "rb") as f:
                    f.seek(self._start + offset)
                    data = f.read(length)
                cached = Block(data)
            except (OSError, ValueError, IndexError, zlib.error) as e:
                raise DataError(f"{self.path}: the block of area {area_code} is damaged ({e})") from e
            self._blocks[area_code] = cached
        return cached
