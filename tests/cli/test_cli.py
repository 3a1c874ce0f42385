"""The CLI on bad input: every problem with its place, exit 1, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from careerbook.cli.main import main

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
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    career = tmp_path / "welder.yaml"
    career.write_text(BROKEN)
    out = tmp_path / "out" / "welder.pdf"
    assert run("handout", str(career), "-o", str(out)) == 1
    err = capsys.readouterr().err
    expected = [
        f"{career}:6:5: work.time_split: the percents add up to 90, not 100",
        f"{career}:10:7: typical_day.steps[0].text: is required",
        f"{career}:13:42: pay.ranges[0].median: median 40,000 must lie between low 50,000 and high 60,000",
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
    career.write_text(
        BROKEN.replace("70}", "80}")
        .replace("Start}", "Start, text: Gear up.}")
        .replace("median: 40000", "median: 55000")
        .replace("2026-13", "2026-03")
    )
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
    source = Path(__file__).parents[1] / "data" / "careers" / "minimal.yaml"
    monkeypatch.chdir(tmp_path)
    assert run("-q", "handout", str(source)) == 0
    assert (tmp_path / "output" / "minimal.pdf").read_bytes().startswith(b"%PDF-")


def test_missing_file_is_a_message_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("handout", "no/such/career.yaml") == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and "Traceback" not in err


# --- the options the building commands share ------------------------------------------------

MINIMAL = Path(__file__).parents[1] / "data" / "careers" / "minimal.yaml"


@pytest.mark.parametrize(
    ("command", "target", "args", "own"),
    [
        ("handout", "handout", [str(MINIMAL), "--html"], {"html": True}),
        ("booklet", "booklet", [".", "--single", "--no-cache"], {"single": True, "cache": False}),
        (
            "build",
            "build_all",
            [".", "--imposed", "--duplex", "--careers", "a,b", "--careers", "c", "--cluster", "Arts"],
            {"imposed": True, "duplex": True, "careers": ("a", "b", "c"), "cluster": "Arts"},
        ),
        ("handout", "handout", [str(MINIMAL), "--duplex"], {"duplex": True}),
        ("booklet", "booklet", [".", "--careers", "b,a"], {"careers": ("b", "a")}),
        (
            "handouts",
            "handouts",
            ["x", "y,z", "--cluster", "Arts", "--duplex"],
            {"careers": ("x", "y", "z"), "cluster": "Arts", "duplex": True},
        ),
    ],
)
def test_the_flags_reach_the_build(
    command: str,
    target: str,
    args: list[str],
    own: dict[str, bool],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from careerbook import build
    from careerbook.options import Options

    seen: list[Options] = []
    monkeypatch.setattr(
        build, target, lambda *a, **k: seen.append(next(x for x in a if isinstance(x, Options))) or []
    )
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    flags = [
        "--paper",
        "a4",
        "--theme",
        "ink-saver",
        "--pdf-variant",
        "plain",
        "--bleed",
        "3mm",
        "--crop-marks",
    ]
    assert run("-q", command, *args, *flags, "--time-limit", "7.5") == 0
    assert run("-q", command, *args, "--time-limit", "0") == 0
    assert run("-q", command, *args) == 0
    given, unlimited, default = seen
    assert (given.paper, given.theme, given.pdf_variant, given.bleed, given.crop_marks, given.time_limit) == (
        "a4",
        "ink-saver",
        "plain",
        "3mm",
        True,
        7.5,
    )
    assert {name: getattr(given, name) for name in own} == own  # the command's own flags
    assert unlimited.time_limit is None
    assert default.time_limit == 120 and default.paper is None and default.pdf_variant == "pdf/ua-1"


@pytest.mark.parametrize("command", ["handout", "booklet", "build"])
def test_time_limit_is_in_the_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(command, "--help") == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "--time-limit SECONDS" in help_text and "0: no limit (default 120)" in help_text


def test_a_time_limit_stops_the_render(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from careerbook.charts import donut, pay  # noqa: F401  (nothing is half imported when it stops)
    from careerbook.speed.forking import import_weasyprint

    import_weasyprint()
    career = Path(__file__).parents[2] / "content" / "music-producer.yaml"
    out = tmp_path / "mp.pdf"
    assert run("handout", str(career), "-o", str(out), "--time-limit", "0.05") == 1
    assert "the time limit of 0.05 s" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "early"),
    [
        (["handout", "content/x.yaml"], True),
        (["-q", "handout", "content/x.yaml", "-o", "x.pdf"], True),
        (["handout", "--help"], False),
        (["booklet", "."], False),
        ([], False),
    ],
)
def test_only_a_handout_starts_the_chart_drawer_before_typer(args: list[str], early: bool) -> None:
    from careerbook.cli.main import _is_a_handout

    assert _is_a_handout(args) is early


# --- the warnings validate would print, before a build ----------------------------------------


def _warning_lines(text: str) -> list[str]:
    return sorted(line for line in text.splitlines() if ": warning: " in line)


@pytest.mark.parametrize("command", ["handout", "booklet", "build"])
def test_a_build_prints_the_warnings_validate_would_and_still_builds(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from careerbook import build

    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    career = tmp_path / "content" / "minimal.yaml"
    career.write_text(MINIMAL.read_text() + "related: [Astronaut]\n")  # no sources, not in the book
    (tmp_path / "careerbook.yaml").write_text("title: Warnings\n")
    monkeypatch.setattr(build, {"build": "build_all"}.get(command, command), lambda *a, **k: [])
    assert run("validate") == 0
    expected = _warning_lines(capsys.readouterr().out)
    assert any("time_split" in line for line in expected)
    assert any("Astronaut" in line for line in expected)
    target = "content/minimal.yaml" if command == "handout" else "."
    assert run(command, target) == 0
    said = _warning_lines(capsys.readouterr().err)
    if command == "handout":  # the career file and the book file, not the project's rules
        expected = [line for line in expected if "Astronaut" not in line]
    assert said == expected
    assert run("-q", command, target) == 0
    assert not _warning_lines(capsys.readouterr().err)  # quiet, as validate is
