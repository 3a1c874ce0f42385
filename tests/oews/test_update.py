"""update_from_flat_files: a good folder becomes the release in use; a bad one changes nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from careerbook.oews import DataError, current_release, update_from_flat_files, user_data_dir, wages

DATA = "oe.data.0.Current"


def _edit(folder: Path, name: str, change: Callable[[list[str]], list[str]]) -> None:
    path = folder / name
    lines = path.read_bytes().decode().split("\r\n")
    path.write_bytes("\r\n".join(change(lines)).encode())


def _replace_line(number: int, new: str) -> Callable[[list[str]], list[str]]:
    def change(lines: list[str]) -> list[str]:
        lines[number - 1] = new
        return lines

    return change


def _remove(path: Path) -> None:
    path.unlink()


def _state(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()} if folder.exists() else {}


def test_user_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CAREERBOOK_DATA_DIR", str(tmp_path / "mine"))
    assert user_data_dir() == tmp_path / "mine"
    monkeypatch.delenv("CAREERBOOK_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert user_data_dir() == tmp_path / "xdg" / "careerbook"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert user_data_dir() == tmp_path / "home" / ".local" / "share" / "careerbook"


def test_update_installs_the_release(flat: Path, data_dir: Path) -> None:
    assert current_release().origin == "bundled"
    release = update_from_flat_files(flat)
    assert release.origin == "user" and release.path == data_dir / "oews.dat"
    assert release.name == "May 2025"
    assert [p.name for p in data_dir.iterdir()] == ["oews.dat"]
    digests = {f.name: f.sha256 for f in release.files}
    assert digests[DATA] == hashlib.sha256((flat / DATA).read_bytes()).hexdigest()
    assert str(flat) in release.built_from
    assert current_release() == release
    assert wages("47-2111", "Savannah, GA").wages is not None


def test_update_replaces_a_previous_release(flat: Path, data_dir: Path) -> None:
    update_from_flat_files(flat)
    # BLS revises a figure: the national electricians' annual median.
    _edit(flat, DATA, lambda lines: [
        line.replace("       63190", "       64000") if line.startswith("OEUN000000000000047211113") else line
        for line in lines
    ])  # fmt: skip
    update_from_flat_files(flat)
    lookup = wages("47-2111", "US")
    assert lookup.wages is not None and lookup.wages.annual.median.value == 64000
    assert [p.name for p in data_dir.iterdir()] == ["oews.dat"]


def _breaks(flat: Path, break_it: Callable[[Path], None], message: str, data_dir: Path) -> None:
    update_from_flat_files(flat.parent / "good") if (flat.parent / "good").exists() else None
    before = _state(data_dir)
    break_it(flat)
    with pytest.raises(DataError, match=message):
        update_from_flat_files(flat)
    assert _state(data_dir) == before


BROKEN: dict[str, tuple[Callable[[Path], None], str]] = {
    "missing file": (lambda f: _remove(f / "oe.footnote"), "missing BLS flat file.*oe.footnote"),
    "empty file": (lambda f: _edit(f, "oe.area", lambda lines: []), "oe.area: the file is empty"),
    "bad header": (
        lambda f: _edit(f, "oe.area", _replace_line(1, "state\tarea_code\tareatype_code\tarea_name")),
        "oe.area line 1: the header lacks column state_code",
    ),
    "malformed series id": (
        lambda f: _edit(f, DATA, _replace_line(5, "OEUX0010540000000000000005\t2025\tA01\t1\t")),
        f"{DATA} line 5: malformed series id 'OEUX0010540000000000000005'",
    ),
    "short series id": (
        lambda f: _edit(f, DATA, _replace_line(7, "OEUM00105400000000000000\t2025\tA01\t1\t")),
        f"{DATA} line 7: malformed series id",
    ),
    "two periods": (
        lambda f: _edit(f, DATA, lambda lines: [*lines[:-1], lines[-2].replace("\t2025\t", "\t2024\t"), ""]),
        f"{DATA} line 1995: period 2024 A01 differs from 2025 A01",
    ),
    "not a number": (
        lambda f: _edit(f, DATA, lambda lines: [lines[0], lines[1].replace("47260", "4 260"), *lines[2:]]),
        f"{DATA} line 2: value '4 260' is not a number",
    ),
    "unknown footnote": (
        lambda f: _edit(f, DATA, lambda lines: [lines[0], lines[1] + "9", *lines[2:]]),
        f"{DATA} line 2: footnote code '9' is not in oe.footnote",
    ),
    "unknown area": (
        lambda f: _edit(f, DATA, _replace_line(2, "OEUM009999900000000000001\t2025\tA01\t1\t")),
        f"{DATA} line 2: series OEUM009999900000000000001: area M 0099999 is not in oe.area",
    ),
    "too few columns": (
        lambda f: _edit(f, DATA, _replace_line(3, "OEUM001054000000000000003\t2025")),
        f"{DATA} line 3: 2 columns, expected 5",
    ),
    "duplicate series": (
        lambda f: _edit(f, DATA, lambda lines: [*lines[:3], lines[2], *lines[3:]]),
        f"{DATA} line 4: series OEUM001054000000000000002 appears twice",
    ),
    "no national data": (
        lambda f: _edit(f, DATA, lambda lines: [line for line in lines if not line.startswith("OEUN")]),
        f"{DATA}: no national cross-industry estimates",
    ),
    "bad occupation": (
        lambda f: _edit(f, "oe.occupation", _replace_line(3, "11-000\tManagement\t\t0\tT\t2")),
        "oe.occupation line 3: bad occupation code '11-000'",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_folder_changes_nothing(case: str, flat: Path, data_dir: Path) -> None:
    break_it, message = BROKEN[case]
    before = _state(data_dir)
    break_it(flat)
    with pytest.raises(DataError, match=message):
        update_from_flat_files(flat)
    assert _state(data_dir) == before
    assert current_release().origin == "bundled"


def test_a_broken_folder_keeps_the_previous_update(flat: Path, data_dir: Path) -> None:
    release = update_from_flat_files(flat)
    before = _state(data_dir)
    (flat / "oe.datatype").unlink()
    with pytest.raises(DataError, match=r"oe\.datatype"):
        update_from_flat_files(flat)
    assert _state(data_dir) == before
    assert current_release() == release


def test_not_a_folder(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="not a folder"):
        update_from_flat_files(tmp_path / "nowhere")


def test_a_damaged_user_file_is_a_data_error(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / "oews.dat").write_bytes(b"careerbook-oews 1\n12\nnot zlib")
    with pytest.raises(DataError, match=r"oews\.dat: cannot read the OEWS data file"):
        current_release()
