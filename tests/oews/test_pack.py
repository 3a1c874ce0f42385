"""The compact file format, BLS value parsing, reading flat files, and the bundled data file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from careerbook.oews import pack, writer
from careerbook.oews.codec import FIGURES, Block, DataFile, Estimate
from careerbook.oews.flatfiles import parse_value, read_folder, release_name
from careerbook.oews.store import BUNDLED

FLAT = Path(__file__).parent / "data" / "flat"


def _estimate(**figures: int | None) -> Estimate:
    values: list[int | None] = [None] * len(FIGURES)
    for datatype, value in figures.items():
        values[FIGURES.index(datatype[1:])] = value
    return Estimate(values, [""] * len(FIGURES))


def test_parse_value_reads_bls_numbers_and_special_values() -> None:
    assert parse_value("    757220", "01") == 757220
    assert parse_value("1,234,560", "01") == 1234560
    assert parse_value("30.38", "08") == 3038  # hourly in cents
    assert parse_value("30.385", "08") == 3039
    assert parse_value("63190", "13") == 63190
    assert parse_value("  -", "13") is None
    assert parse_value("#", "15") is None
    with pytest.raises(ValueError, match="not a number"):
        parse_value("12a", "01")


def test_release_name() -> None:
    assert release_name("2025", "A01") == "May 2025"


def test_block_round_trip_keeps_every_value_and_note() -> None:
    rows = [
        (
            0,
            _estimate(
                d01=757220, d08=3038, d13=63190, d11=42640, d12=49430, d14=83940, d15=108510, d04=71490
            ),
        ),
        (3, _estimate(d01=None, d13=232290)),  # only a median: the others are missing
        (7, _estimate(d11=88400, d15=390370, d06=4250)),  # no median: the others stored as absolutes
        (8, _estimate(d03=2188, d06=1550)),  # hourly only (annual not published)
    ]
    rows[1][1].notes[0] = "8"
    rows[2][1].notes[12] = "4 5"
    block = Block(writer.encode_block(rows))
    assert block.scale == 10
    assert sorted(block.positions) == [0, 3, 7, 8]
    for index, estimate in rows:
        decoded = block.row(block.positions[index])
        assert decoded.values == estimate.values
        assert decoded.notes == estimate.notes
    assert block.annual_median(block.positions[0]) == 63190
    assert block.employment(block.positions[3]) is None


def test_block_keeps_annual_figures_not_multiples_of_ten() -> None:
    rows = [(2, _estimate(d13=63191, d12=49430, d03=3038))]
    block = Block(writer.encode_block(rows))
    assert block.scale == 1
    assert block.row(0).values == rows[0][1].values


def test_empty_block() -> None:
    block = Block(writer.encode_block([]))
    assert block.positions == {}


def test_read_folder_keeps_cross_industry_figures_only() -> None:
    dataset = read_folder(FLAT)
    assert dataset.release.name == "May 2025"
    assert (dataset.release.year, dataset.release.period) == ("2025", "A01")
    assert len(dataset.occupations) == 16
    assert len(dataset.areas) == 8
    electricians = dataset.estimates["0000000"]["472111"]
    assert electricians.values[FIGURES.index("13")] == 63190
    assert electricians.values[FIGURES.index("01")] == 757220
    # The fixture's national industry-000001 series (private ownership) are not mixed in.
    assert sum(len(rows) for rows in dataset.estimates.values()) == len(
        {
            line[4:23]
            for line in (FLAT / "oe.data.0.Current").read_text().splitlines()[1:]
            if line[11:17] == "000000"
        }
    )
    names = {f.name for f in dataset.release.files}
    assert names == {"oe.data.0.Current", "oe.occupation", "oe.area", "oe.areatype", "oe.footnote",
                     "oe.datatype", "oe.industry"}  # fmt: skip


def test_written_file_reads_back(tmp_path: Path) -> None:
    dataset = read_folder(FLAT)
    target = tmp_path / "out" / "oews.dat"
    writer.write_file(dataset, target)
    data = DataFile(target)
    assert data.header["release"]["name"] == "May 2025"
    assert [a[0] for a in data.header["areas"]] == sorted(dataset.estimates)
    assert list(target.parent.iterdir()) == [target]  # no temporary file left


def test_pack_main_from_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "oews.dat"
    assert pack.main([str(FLAT), str(target)]) == 0
    assert "May 2025, 16 occupations, 8 areas" in capsys.readouterr().out
    assert pack.main([str(tmp_path / "absent"), str(tmp_path / "other.dat")]) == 1
    assert not (tmp_path / "other.dat").exists()


def test_not_a_data_file_is_a_data_error(tmp_path: Path) -> None:
    from careerbook.oews import DataError

    bad = tmp_path / "oews.dat"
    bad.write_bytes(b"PK\x03\x04 not ours")
    with pytest.raises(DataError, match="not a careerbook OEWS data file"):
        DataFile(bad)
    buffer = io.BytesIO()
    writer.write(read_folder(FLAT), buffer)
    bad.write_bytes(buffer.getvalue()[:40])
    with pytest.raises(DataError, match="cannot read"):
        DataFile(bad)


def test_bundled_file_is_small_and_complete() -> None:
    assert BUNDLED.is_file()
    assert BUNDLED.stat().st_size < 5_000_000
    data = DataFile(BUNDLED)
    header = data.header
    assert header["release"]["name"] == "May 2025"
    assert len(header["occupations"]) == 1104
    assert sum(1 for o in header["occupations"] if o[2] == 3) == 830  # detailed occupations
    kinds = [a[1] for a in header["areas"]]
    assert (kinds.count("N"), kinds.count("S"), kinds.count("M")) == (1, 54, 528)
    files = {f["name"]: f["sha256"] for f in header["release"]["files"]}
    assert files["oe.data.0.Current"] == "09879508d69f51149842368c8953f13974338728329375481d485ee696d3370b"
    assert "5" in header["footnotes"] and "239,200" in header["footnotes"]["5"]


def test_wheel_includes_the_data_file() -> None:
    """hatch ships every file under src/careerbook unless git ignores it."""
    root = Path(__file__).parents[2]
    pyproject = (root / "pyproject.toml").read_text()
    assert 'packages = ["src/careerbook"]' in pyproject
    ignored = (root / ".gitignore").read_text().split()
    assert not any(pattern in ignored for pattern in ("*.dat", "data/", "oews.dat"))
