"""Read BLS's OEWS flat files (download.bls.gov/pub/time.series/oe/) into a Dataset, checking them.

The files are tab-separated with a header line; BLS pads series ids and values with spaces and
ends lines with CRLF. Columns are found by their header names, so extra columns (BLS's
selectable, sort_sequence, occupation_description) do no harm. Every problem is a DataError
naming the file and the line.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from careerbook.oews.codec import FIGURES, HOURLY_DATATYPES, Estimate
from careerbook.oews.errors import DataError
from careerbook.oews.models import SourceFile
from careerbook.oews.writer import AreaRow, Dataset, OccupationRow, ReleaseInfo

DATA_FILE = "oe.data.0.Current"
COLUMNS: dict[str, tuple[str, ...]] = {
    DATA_FILE: ("series_id", "year", "period", "value", "footnote_codes"),
    "oe.occupation": ("occupation_code", "occupation_name", "display_level"),
    "oe.area": ("state_code", "area_code", "areatype_code", "area_name"),
    "oe.areatype": ("areatype_code", "areatype_name"),
    "oe.footnote": ("footnote_code", "footnote_text"),
    "oe.datatype": ("datatype_code", "datatype_name"),
    "oe.industry": ("industry_code", "industry_name"),
}
CROSS_INDUSTRY = "000000"
NATIONAL = "0000000"
SOURCE = (
    "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics (OEWS), "
    "cross-industry estimates"
)
NOTICE = (
    "BLS.gov cannot vouch for the data or analyses derived from these data after the data have "
    "been retrieved from BLS.gov."
)
# OEU + areatype + area (7) + industry (6) + occupation (6) + datatype (2)
SERIES = re.compile(r"OEU([NSM])(\d{7})([0-9A-Z-]{6})(\d{6})(\d{2})")
PERIOD = re.compile(r"[AMQS]\d\d")
NUMBER = re.compile(r"\d[\d,]*(\.\d+)?")
SPECIAL = frozenset({"-", "*", "**", "#", "~"})
_FIGURE_AT = {code: i for i, code in enumerate(FIGURES)}


def release_name(year: str, period: str) -> str:
    """OEWS estimates refer to May: annual period A01 of 2025 is "May 2025"."""
    return f"May {year}" if period == "A01" else f"{year} {period}"


def parse_value(text: str, datatype: str) -> int | None:
    """A BLS value as an int (hourly wages in cents); None for a special value such as "-".
    Raises ValueError for anything else."""
    text = text.strip()
    if text in SPECIAL:
        return None
    if not NUMBER.fullmatch(text):
        raise ValueError(f"value {text!r} is not a number")
    whole, _, fraction = text.replace(",", "").partition(".")
    if datatype in HOURLY_DATATYPES:
        return int(whole) * 100 + int((fraction + "00")[:2]) + (1 if fraction[2:3] >= "5" else 0)
    return int(whole) + (1 if fraction[:1] >= "5" else 0)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _rows(path: Path, digest: hashlib._Hash | None = None) -> Iterator[tuple[int, list[str]]]:
    """(line number, the values of the columns COLUMNS names, in that order) of a flat file,
    checking its header; blank lines skipped."""
    name = path.name
    wanted = COLUMNS[name]
    try:
        f = path.open("rb")
    except OSError as e:
        raise DataError(f"{name}: cannot be read ({e.strerror})") from e
    with f:
        header: list[str] | None = None
        for number, raw in enumerate(f, 1):
            if digest is not None:
                digest.update(raw)
            line = _decode(raw).rstrip("\r\n")
            if header is None:
                header = [h.strip() for h in line.split("\t")]
                missing = [c for c in wanted if c not in header]
                if missing:
                    raise DataError(
                        f"{name} line 1: the header lacks column {', '.join(missing)} "
                        f"(found: {', '.join(h for h in header if h) or 'nothing'})"
                    )
                at = [header.index(c) for c in wanted]
                last = max(at)
                continue
            if not line.strip():
                continue
            fields = line.split("\t")
            if len(fields) <= last:
                if name == DATA_FILE and len(fields) == at[-1]:
                    fields.append("")  # no footnotes and no trailing tab
                else:
                    raise DataError(f"{name} line {number}: {len(fields)} columns, expected {len(header)}")
            yield number, [fields[i].strip() for i in at]
        if header is None:
            raise DataError(f"{name}: the file is empty")


def _table(folder: Path, name: str) -> list[tuple[int, dict[str, str]]]:
    """(line number, {column: value}) of a small flat file."""
    return [
        (number, dict(zip(COLUMNS[name], fields, strict=True))) for number, fields in _rows(folder / name)
    ]


def read_folder(folder: Path) -> Dataset:
    """Read and check a folder of BLS OEWS flat files; raise DataError at the first problem."""
    if not folder.is_dir():
        raise DataError(f"{folder}: not a folder")
    absent = [name for name in COLUMNS if not (folder / name).is_file()]
    if absent:
        raise DataError(f"{folder}: missing BLS flat file(s) {', '.join(absent)}")
    footnotes = {row["footnote_code"]: row["footnote_text"] for _, row in _table(folder, "oe.footnote")}
    datatypes = {row["datatype_code"] for _, row in _table(folder, "oe.datatype")}
    industries = {row["industry_code"] for _, row in _table(folder, "oe.industry")}
    areatypes = {row["areatype_code"] for _, row in _table(folder, "oe.areatype")}
    occupations: dict[str, OccupationRow] = {}
    for number, row in _table(folder, "oe.occupation"):
        code, level = row["occupation_code"], row["display_level"]
        if not re.fullmatch(r"\d{6}", code) or not level.isdigit():
            raise DataError(f"oe.occupation line {number}: bad occupation code {code!r} or level {level!r}")
        occupations[code] = OccupationRow(code=code, title=row["occupation_name"], level=int(level))
    areas: dict[str, AreaRow] = {}
    for number, row in _table(folder, "oe.area"):
        code, areatype = row["area_code"], row["areatype_code"]
        if not re.fullmatch(r"\d{7}", code) or areatype not in areatypes:
            raise DataError(f"oe.area line {number}: bad area code {code!r} or areatype {areatype!r}")
        areas[code] = AreaRow(code=code, areatype=areatype, state=row["state_code"], name=row["area_name"])
    data = _read_data(folder, footnotes, datatypes, industries, occupations, areas)
    estimates = data.estimates
    national = estimates.get(NATIONAL, {})
    if not any(any(v is not None for v in e.values) for e in national.values()):
        raise DataError(f"{DATA_FILE}: no national cross-industry estimates (series OEUN0000000000000…)")
    files = [SourceFile(DATA_FILE, data.sha256, (folder / DATA_FILE).stat().st_size)]
    for name in sorted(COLUMNS):
        if name != DATA_FILE:
            raw = (folder / name).read_bytes()
            files.append(SourceFile(name, hashlib.sha256(raw).hexdigest(), len(raw)))
    info = ReleaseInfo(
        release_name(data.year, data.period),
        data.year,
        data.period,
        SOURCE,
        f"BLS flat files in {folder}",
        NOTICE,
        files,
    )
    used = sorted(areas[code] for code in estimates)
    return Dataset(info, footnotes, sorted(occupations.values()), used, estimates)


@dataclass(frozen=True)
class CurrentData:
    """What oe.data.0.Current holds: its cross-industry estimates, its release and its sha256."""

    estimates: dict[str, dict[str, Estimate]]  # area code -> 6-digit occupation code -> row
    year: str
    period: str  # BLS's period code, "A01"
    sha256: str


def _read_data(
    folder: Path,
    footnotes: dict[str, str],
    datatypes: set[str],
    industries: set[str],
    occupations: dict[str, OccupationRow],
    areas: dict[str, AreaRow],
) -> CurrentData:
    """The cross-industry estimates of oe.data.0.Current, its year and period, and its sha256."""
    digest = hashlib.sha256()
    estimates: dict[str, dict[str, Estimate]] = {}
    seen: dict[str, int] = {}  # series id without datatype -> bit mask of the datatypes met
    release: tuple[str, str] | None = None
    for number, (series, year, period, value_text, footnote_codes) in _rows(folder / DATA_FILE, digest):
        where = f"{DATA_FILE} line {number}"
        match = SERIES.fullmatch(series)
        if not match:
            raise DataError(f"{where}: malformed series id {series!r} (expected OEU + N/S/M + 21 digits)")
        areatype, area, industry, occupation, datatype = match.groups()
        if (year, period) != release:
            if release is not None:
                raise DataError(
                    f"{where}: period {year} {period} differs from {release[0]} {release[1]}"
                    " of the lines before (a file must hold one release)"
                )
            if not (re.fullmatch(r"\d{4}", year) and PERIOD.fullmatch(period)):
                raise DataError(f"{where}: bad year {year!r} or period {period!r}")
            release = (year, period)
        bit = 1 << int(datatype)
        mask = seen.get(series[:23], 0)
        if mask & bit:
            raise DataError(f"{where}: series {series} appears twice")
        seen[series[:23]] = mask | bit
        if area not in areas or areas[area].areatype != areatype:
            raise DataError(f"{where}: series {series}: area {areatype} {area} is not in oe.area")
        if occupation not in occupations:
            raise DataError(f"{where}: series {series}: occupation {occupation} is not in oe.occupation")
        if industry not in industries:
            raise DataError(f"{where}: series {series}: industry {industry} is not in oe.industry")
        if datatype not in datatypes:
            raise DataError(f"{where}: series {series}: datatype {datatype} is not in oe.datatype")
        codes = [c.strip() for c in footnote_codes.split(",") if c.strip()] if footnote_codes else []
        unknown = [c for c in codes if c not in footnotes]
        if unknown:
            raise DataError(f"{where}: footnote code {unknown[0]!r} is not in oe.footnote")
        try:
            value = parse_value(value_text, datatype)
        except ValueError as e:
            raise DataError(f"{where}: {e}") from None
        at = _FIGURE_AT.get(datatype)
        if industry != CROSS_INDUSTRY or at is None:
            continue
        estimate = estimates.setdefault(area, {}).get(occupation)
        if estimate is None:
            estimate = Estimate([None] * len(FIGURES), [""] * len(FIGURES))
            estimates[area][occupation] = estimate
        estimate.values[at] = value
        estimate.notes[at] = " ".join(codes)
    if release is None:
        raise DataError(f"{DATA_FILE}: no data lines")
    year, period = release  # the one (year, period) every line has, checked above
    return CurrentData(estimates=estimates, year=year, period=period, sha256=digest.hexdigest())
