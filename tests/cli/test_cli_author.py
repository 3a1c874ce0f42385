"""The authors' commands as a user runs them: help, version, completion, validate's report, themes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from careerbook import __version__
from careerbook.cli.commands import app, help_text
from careerbook.cli.help import HELP_FILE

COMMANDS = ["handout", "booklet", "build", "init", "new", "validate", "schema", "themes"]
LOCATION = re.compile(r"^(?P<path>[^\s:]+):(?P<line>\d+):(?P<col>\d+): ")
STALE = "2001-01"


def cli(
    *args: str, cwd: Path | None = None, monkeypatch: pytest.MonkeyPatch | None = None
) -> tuple[int, str]:
    if cwd is not None:
        assert monkeypatch is not None
        monkeypatch.chdir(cwd)
    result = CliRunner().invoke(app, list(args), prog_name="careerbook")
    return result.exit_code, result.output


def write(path: Path, data: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def career(title: str, **fields: object) -> dict[str, object]:
    return {
        "title": title,
        "summary": "What it is.",
        "work": {
            "summary": "The days.",
            "time_split_source": "People in the job.",
            "time_split": [{"activity": "Work", "percent": 80}, {"activity": "Admin", "percent": 20}],
        },
        **fields,
    }


def test_version() -> None:
    code, out = cli("--version")
    assert code == 0
    assert out.strip() == f"careerbook {__version__}"


def test_help_lists_every_command_and_offers_completion() -> None:
    code, out = cli("--help")
    assert code == 0
    listed = re.findall(r"^  (\w+)  ", out, re.MULTILINE)  # plain help: "  name  what it does"
    assert set(COMMANDS) <= set(listed)
    for option in ("--version", "--quiet", "--install-completion", "--show-completion"):
        assert option in out


def test_cached_help_is_what_typer_prints() -> None:
    assert HELP_FILE.read_text(encoding="utf-8") == help_text(), (
        "careerbook/cli/help.txt is stale: run `.venv/bin/python -m careerbook.cli.commands`"
    )


def _run_main(args: list[str], columns: int) -> subprocess.CompletedProcess[str]:
    """`careerbook ARGS` in a new process, which prints whether Typer was imported."""
    code = (
        "import sys\nfrom careerbook.cli.main import main\ntry:\n    main(sys.argv[1:])\n"
        "finally:\n    print('typer imported:', 'typer' in sys.modules, file=sys.stderr)"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env={"COLUMNS": str(columns), "PATH": "/usr/bin:/bin"},
        check=False,
    )


def test_help_is_printed_without_importing_typer() -> None:
    done = _run_main(["--help"], 100)
    assert done.returncode == 0
    assert done.stdout == help_text()
    assert "typer imported: False" in done.stderr


def test_help_in_a_narrow_terminal_or_of_a_command_comes_from_typer() -> None:
    narrow = _run_main(["--help"], 60)
    assert narrow.returncode == 0 and "typer imported: True" in narrow.stderr
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 60
    assert "Commands:" in narrow.stdout
    command = _run_main(["handout", "--help"], 100)
    assert command.returncode == 0 and "typer imported: True" in command.stderr
    assert "--paper" in command.stdout
    bare = _run_main([], 100)  # no command: the help, as an error
    assert bare.returncode == 2 and "Commands:" in bare.stderr


def test_completion_script_for_bash(monkeypatch: pytest.MonkeyPatch) -> None:
    # Typer takes the shell from the parent process, which is not one under nohup or CI.
    monkeypatch.setattr("typer.completion._get_shell_name", lambda: "bash")
    code, out = cli("--show-completion")
    assert code == 0
    assert "_careerbook_completion" in out and "complete " in out


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    code, out = cli(command, "--help")
    assert code == 0
    assert f"Example: careerbook {command}" in out


def test_validate_help_lists_every_kind_of_warning() -> None:
    code, out = cli("validate", "--help")
    text = " ".join(out.split())
    assert code == 0
    for warning in (
        "pay but no sources",
        "a lang with no catalog",
        "more than two years",
        "a related career that is not in the book",
        "leaves out",
        "a placeholder left from careerbook new",
        "cut short by a ' #'",
    ):
        assert warning in text, warning


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Three careers: one broken twice, one with a warning, one clean."""
    write(tmp_path / "careerbook.yaml", {"title": "Guide"})
    write(tmp_path / "content" / "welder.yaml", career("Welder", titel="typo", dated="June"))
    write(tmp_path / "content" / "plumber.yaml", career("Plumber", dated=STALE))
    write(tmp_path / "content" / "pipefitter.yaml", career("Pipefitter", related=["Welder"]))
    return tmp_path


def test_validate_reports_every_problem_with_a_location_and_a_summary(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1781000000")  # 2026-06-09
    code, out = cli("validate", cwd=project, monkeypatch=monkeypatch)
    assert code == 1
    *found, blank, summary = out.splitlines()
    assert (blank, summary) == ("", "4 files checked: 2 problems in 1 file, 1 warning")
    plumber, welder = project / "content" / "plumber.yaml", project / "content" / "welder.yaml"
    assert found == [
        f"content/plumber.yaml:{_line(plumber, 'dated')}:8: warning: dated: 2001-01 is more than "
        "2 years before 2026-06-09; check the figures and update 'dated'",
        "",
        f"content/welder.yaml:{_line(welder, 'titel')}:1: titel: unknown field 'titel'; "
        "did you mean 'title'?",
        f"content/welder.yaml:{_line(welder, 'dated')}:8: dated: 'June' is not a date; "
        "write YYYY-MM or YYYY-MM-DD, like 2026-06",
    ]


def _line(path: Path, key: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if line.startswith(key))


def test_validate_warnings_exit_0_and_strict_makes_them_fail(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(project / "content" / "welder.yaml", career("Welder"))
    code, out = cli("validate", cwd=project, monkeypatch=monkeypatch)
    assert code == 0
    assert out.splitlines()[-1] == "4 files checked: no problems, 1 warning"
    code, out = cli("validate", "--strict", cwd=project, monkeypatch=monkeypatch)
    assert code == 1
    assert out.splitlines()[-1] == "4 files checked: no problems, 1 warning (problems with --strict)"
    assert "warning: dated:" in out


def test_validate_quiet_prints_only_problems(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = cli("-q", "validate", cwd=project, monkeypatch=monkeypatch)
    assert code == 1
    assert "warning" not in out and "checked" not in out
    assert len([line for line in out.splitlines() if LOCATION.match(line)]) == 2
    write(project / "content" / "welder.yaml", career("Welder"))
    code, out = cli("-q", "validate", cwd=project, monkeypatch=monkeypatch)
    assert (code, out) == (0, "")


def test_validate_files_and_a_clean_summary(project: Path) -> None:
    pipefitter = project / "content" / "pipefitter.yaml"
    code, out = cli("validate", str(pipefitter), str(project / "careerbook.yaml"))
    assert (code, out.strip()) == (0, "2 files checked: no problems")


def test_validate_outside_a_project_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = cli("validate", cwd=tmp_path, monkeypatch=monkeypatch)
    assert code == 1
    assert "no careerbook project" in out and "careerbook init" in out
    assert "Traceback" not in out


def test_themes_lists_built_in_and_project_themes_and_marks_the_one_in_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "careerbook.yaml", {"theme": "ink-saver"})
    code, out = cli("themes", cwd=tmp_path, monkeypatch=monkeypatch)
    assert code == 0
    rows = {
        m[2]: m
        for m in (re.match(r"^([* ]) +([\w-]+) +(built-in|\S+/) ", line) for line in out.splitlines())
        if m
    }
    assert set(rows) == {"default", "ink-saver"}
    assert rows["ink-saver"][1] == "*" and rows["ink-saver"][3] == "built-in"
    assert rows["default"][1] == " "
    assert "Teal accents" in out and "hatch" in out

    school = tmp_path / "styles" / "school"
    write(
        school / "theme.yaml",
        {
            "description": "Our colours.",
            "colors": {
                "ink": "#000",
                "muted": "#555",
                "accent": "#900",
                "accent_soft": "#fee",
                "chart": ["#900", "#555"],
            },
        },
    )
    (school / "theme.css").write_text("", encoding="utf-8")
    code, out = cli("themes", cwd=tmp_path, monkeypatch=monkeypatch)
    assert code == 0
    line = next(line for line in out.splitlines() if "school" in line)
    assert "styles/school/" in line and "Our colours." in line
