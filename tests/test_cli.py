"""The CLI on bad input: every problem with its place, exit 1, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from careerbook.cli import main

BROKEN = """\
title: Welder
summary: Joins metal.
work:
  summary: Hot work.
  time_split:
    - {activity: Welding, percent: 70}
    - {activity: Grinding, percent: 20}
typical_day:
  steps:
    - {time: 7:00, title: Start}
pay:
  ranges:
    - {label: Entry, low: 50000, median: 40000, high: 60000}
dated: 2026-13
"""


def run(*args: str) -> int:
    with pytest.raises(SystemExit) as done:
        main(list(args))
    return int(done.value.code or 0)


def test_handout_reports_every_problem_and_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    career = tmp_path / "welder.yaml"
    career.write_text(BROKEN)
    out = tmp_path / "out" / "welder.pdf"
    assert run("handout", str(career), "-o", str(out)) == 1
    err = capsys.readouterr().err
    expected = [
        f"{career}:6:5: work.time_split: the percents add up to 90, not 100",
        f"{career}:10:7: typical_day.steps[0].text: is required",
        f"{career}:13:42: pay.ranges[0].median: median 40000 must lie between low 50000 and high 60000",
        f"{career}:14:8: dated: '2026-13' is not a date",
    ]
    for line in expected:
        assert line in err
    assert "Traceback" not in err
    assert "4 problems in 1 file; nothing was written." in err
    assert not out.exists()
    assert not out.parent.exists() or not any(out.parent.iterdir())


def test_a_good_handout_replaces_the_old_one_atomically(tmp_path: Path) -> None:
    career = tmp_path / "welder.yaml"
    career.write_text(BROKEN.replace("70}", "80}").replace("Start}", "Start, text: Gear up.}")
                      .replace("median: 40000", "median: 55000").replace("2026-13", "2026-03"))
    out = tmp_path / "welder.pdf"
    out.write_bytes(b"old")
    assert run("-q", "handout", str(career), "-o", str(out)) == 0
    assert out.read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["welder.pdf", "welder.yaml"]
    career.write_text(BROKEN)
    before = out.read_bytes()
    assert run("-q", "handout", str(career), "-o", str(out)) == 1
    assert out.read_bytes() == before


def test_default_output_is_output_slug_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = Path(__file__).parent / "data" / "careers" / "minimal.yaml"
    monkeypatch.chdir(tmp_path)
    assert run("-q", "handout", str(source)) == 0
    assert (tmp_path / "output" / "minimal.pdf").read_bytes().startswith(b"%PDF-")


def test_missing_file_is_a_message_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("handout", "no/such/career.yaml") == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and "Traceback" not in err
