"""Write the compact OEWS data file (see codec.py for the layout); build time and updates only."""

from __future__ import annotations

import json
import os
import tempfile
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from careerbook.oews.codec import ANNUAL_REF, FIGURES, FORMAT, MAGIC, DataFile, Estimate, hourly_ref
from careerbook.oews.models import SourceFile


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


@dataclass(frozen=True, order=True)
class OccupationRow:
    """An occupation as BLS lists it (oe.occupation); ordered field by field, the code first."""

    code: str  # 6 digits, "472111"
    title: str
    level: int  # BLS's display_level, 0-3


@dataclass(frozen=True, order=True)
class AreaRow:
    """An area as BLS lists it (oe.area); ordered field by field, the code first."""

    code: str  # 7 digits, "0042340"
    areatype: str  # N, S or M
    state: str  # the (primary) state's FIPS code
    name: str


@dataclass
class Dataset:
    """A whole release in memory, as read from BLS's files, before it is written compactly."""

    release: ReleaseInfo
    footnotes: dict[str, str]
    occupations: list[OccupationRow]  # sorted
    areas: list[AreaRow]  # sorted
    estimates: dict[str, dict[str, Estimate]]  # area code -> 6-digit occupation code -> row


def _token(value: int | None, ref: int | None) -> str:
    if value is None:
        return ""
    return str(value - ref) if ref is not None else f"a{value}"


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
            columns[2 + i].append(_token(value, annual[ANNUAL_REF[i]] if ANNUAL_REF[i] >= 0 else 0))
        for i, value in enumerate(values[1:7]):
            full = values[7 + i]
            columns[8 + i].append(_token(value, hourly_ref(full)))
        for i, note in enumerate(estimate.notes):
            columns[14 + i].append(note)
    lines = [f"{scale} {len(rows)}", *(",".join(column) for column in columns)]
    return zlib.compress("\n".join(lines).encode(), 9)


def write(dataset: Dataset, out: BinaryIO) -> None:
    """Write a dataset in the compact format."""
    index_of = {occupation.code: i for i, occupation in enumerate(dataset.occupations)}
    blocks: list[bytes] = []
    areas: list[list[Any]] = []  # the header's rows (codec.py): the area, where its block is
    offset = 0
    for area in dataset.areas:
        rows = sorted((index_of[occ], e) for occ, e in dataset.estimates.get(area.code, {}).items())
        block = encode_block(rows)
        areas.append([area.code, area.areatype, area.state, area.name, offset, len(block)])
        blocks.append(block)
        offset += len(block)
    header = {
        "format": FORMAT,
        "release": asdict(dataset.release),
        "footnotes": dataset.footnotes,
        "occupations": [[o.code, o.title, o.level] for o in dataset.occupations],
        "areas": areas,
    }
    packed = zlib.compress(json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode(), 9)
    out.write(MAGIC + f"{len(packed)}\n".encode() + packed)
    for block in blocks:
        out.write(block)


def write_file(dataset: Dataset, target: Path) -> None:
    """Write the compact file next to target, check it opens, then move it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".oews-", suffix=".tmp", dir=target.parent)
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            write(dataset, out)
            out.flush()
            os.fsync(out.fileno())
        check = DataFile(temporary)
        for code, _, _, _, offset, length in check.header["areas"]:
            check.block(code, offset, length)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
