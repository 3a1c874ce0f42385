"""The compact OEWS data file: how a release is written and read back.

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

Why not SQLite: the same data as integer rows is about 15 MB, and zlib per row gains little;
columns of small differences compress to under 4 MB, and a block decodes in about a millisecond.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from careerbook.oews.errors import DataError
from careerbook.oews.models import SourceFile

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
_ANNUAL_REF = (1, 2, -1, 2, 3, 2)
_ORDER = (2, 1, 0, 3, 4, 5)  # decode order: references first


@dataclass
class ReleaseInfo:
    """What a release is and where it came from, as written in the header."""

    name: str
    year: str
    period: str
    source: str
    built_from: str
    notice: str = ""
    files: list[SourceFile] = field(default_factory=list)


@dataclass
class Estimate:
    """One (area, occupation) row: a value per figure of FIGURES (hourly in cents) and its
    footnote codes ("" or "5" or "4 5")."""

    values: list[int | None]
    notes: list[str]


@dataclass
class Dataset:
    """A whole release in memory, as read from BLS's files, before it is written compactly."""

    release: ReleaseInfo
    footnotes: dict[str, str]
    occupations: list[tuple[str, str, int]]  # (6-digit code, title, display level), sorted
    areas: list[tuple[str, str, str, str]]  # (area code, areatype, state FIPS, name)
    estimates: dict[str, dict[str, Estimate]]  # area code -> 6-digit occupation code -> row


def _token(value: int | None, ref: int | None) -> str:
    if value is None:
        return ""
    return str(value - ref) if ref is not None else f"a{value}"


def _hourly_ref(annual: int | None) -> int | None:
    """Cents an hour that an annual wage works out to at 2,080 hours (rounded half up)."""
    return None if annual is None else (annual * 100 + 1040) // 2080


def encode_block(rows: list[tuple[int, Estimate]]) -> bytes:
    """The text block of one area: rows as (occupation index, estimate), in index order."""
    annual_all = [v for _, e in rows for v in e.values[7:13] if v is not None]
    scale = 10 if all(v % 10 == 0 for v in annual_all) else 1
    columns: list[list[str]] = [[] for _ in range(2 + 6 + 6 + len(FIGURES))]
    previous = -1
    for index, estimate in rows:
        values = estimate.values
        columns[0].append(str(index - previous - 1))
        previous = index
        columns[1].append("" if values[0] is None else str(values[0]))
        annual = [None if v is None else v // scale for v in values[7:13]]
        for i, value in enumerate(annual):
            columns[2 + i].append(_token(value, annual[_ANNUAL_REF[i]] if _ANNUAL_REF[i] >= 0 else 0))
        for i, value in enumerate(values[1:7]):
            full = values[7 + i]
            columns[8 + i].append(_token(value, _hourly_ref(full)))
        for i, note in enumerate(estimate.notes):
            columns[14 + i].append(note)
    lines = [f"{scale} {len(rows)}", *(",".join(column) for column in columns)]
    return zlib.compress("\n".join(lines).encode(), 9)


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
            ref = annual[_ANNUAL_REF[i]] if _ANNUAL_REF[i] >= 0 else 0
            annual[i] = self._value(self._columns[2 + i][position], ref)
        annual = [None if v is None else v * self.scale for v in annual]
        hourly = [self._value(self._columns[8 + i][position], _hourly_ref(annual[i])) for i in range(6)]
        notes = [self._columns[14 + i][position] for i in range(len(FIGURES))]
        return Estimate([self.employment(position), *hourly, *annual], notes)


def write(dataset: Dataset, out: BinaryIO) -> None:
    """Write a dataset in the compact format."""
    index_of = {code: i for i, (code, _, _) in enumerate(dataset.occupations)}
    blocks: list[bytes] = []
    areas: list[list[Any]] = []
    offset = 0
    for code, areatype, state, name in dataset.areas:
        rows = sorted((index_of[occ], e) for occ, e in dataset.estimates.get(code, {}).items())
        block = encode_block(rows)
        areas.append([code, areatype, state, name, offset, len(block)])
        blocks.append(block)
        offset += len(block)
    header = {
        "format": FORMAT,
        "release": asdict(dataset.release),
        "footnotes": dataset.footnotes,
        "occupations": [list(o) for o in dataset.occupations],
        "areas": areas,
    }
    packed = zlib.compress(json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode(), 9)
    out.write(MAGIC + f"{len(packed)}\n".encode() + packed)
    for block in blocks:
        out.write(block)


class DataFile:
    """An open compact data file: its header, and its blocks read on demand."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            with path.open("rb") as f:
                magic = f.readline()
                if magic != MAGIC:
                    raise DataError(f"{path}: not a careerbook OEWS data file")
                length = int(f.readline())
                self.header: dict[str, Any] = json.loads(zlib.decompress(f.read(length)))
                self._start = len(magic) + len(str(length)) + 1 + length
        except (OSError, ValueError, zlib.error) as e:
            raise DataError(f"{path}: cannot read the OEWS data file ({e})") from e
        if self.header.get("format") != FORMAT:
            raise DataError(f"{path}: OEWS data file format {self.header.get('format')} is not {FORMAT}")
        self._blocks: dict[str, Block] = {}

    def block(self, area_code: str, offset: int, length: int) -> Block:
        cached = self._blocks.get(area_code)
        if cached is None:
            try:
                with self.path.open("rb") as f:
                    f.seek(self._start + offset)
                    cached = Block(f.read(length))
            except (OSError, ValueError, zlib.error) as e:
                raise DataError(f"{self.path}: block of area {area_code} is damaged ({e})") from e
            self._blocks[area_code] = cached
        return cached
