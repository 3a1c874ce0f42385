"""What the CLI prints for people: the parser's words only in debug mode, unbroken lines, examples."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from careerbook.cli.app import State
from careerbook.cli.commands import app

BROKEN = 'title: Welder\nsummary: "Joins metal\nwork:\n  summary: Hot.\n  time_split: "x"\n'


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), prog_name="careerbook")
    return result.exit_code, result.output


@pytest.mark.parametrize("command", ["validate", "handout"])
def test_parser_words_only_in_debug_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    path = tmp_path / "welder.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    monkeypatch.setattr(State, "debug", False)
    code, said = run(command, str(path))
    assert code == 1
    assert "welder.yaml:2:10: YAML syntax: this double quote" in said
    assert "parser:" not in said and "while parsing" not in said
    monkeypatch.setattr(State, "debug", True)
    code, said = run(command, str(path))
    assert code == 1
    assert "(parser: while parsing a block mapping" in said


def test_say_never_breaks_a_line_at_the_terminal_width(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from careerbook.cli.app import say

    monkeypatch.setattr(State, "quiet", False)
    monkeypatch.setenv("COLUMNS", "30")
    message = "Laid out 12 careers: 0 from the cache, 12 new (content/nurse-practitioner.yaml)"
    say(message)
    assert capsys.readouterr().err == f"· {message}\n"


def _help(args: list[str], width: int) -> str:
    result = CliRunner().invoke(
        app, [*args, "--help"], prog_name="careerbook", env={"COLUMNS": str(width)}, terminal_width=width
    )
    assert result.exit_code == 0
    return result.output


COMMANDS = ["init", "new", "validate", "schema", "themes", "handout", "booklet", "build", "preview", "watch"]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("width", [60, 80])
def test_every_example_is_printed_whole(command: str, width: int) -> None:
    docs = {
        info.name or getattr(info.callback, "__name__", ""): getattr(info.callback, "__doc__", "")
        for info in app.registered_commands
    }
    doc = docs[command] or ""
    examples = [line.strip() for line in doc.splitlines() if line.strip().startswith("Example:")]
    assert examples, f"{command} --help has no example"
    lines = [line.strip() for line in _help([command], width).splitlines()]
    for example in examples:
        assert example in lines  # on one line: a file name is never broken at its hyphen


@pytest.mark.parametrize("width", [60, 80, 120])
def test_the_top_level_help_shows_the_examples_it_promises(width: int) -> None:
    said = _help([], width)
    lines = [line.strip() for line in said.splitlines()]
    assert "Examples:" in lines
    for example in (
        "careerbook init my-guide && cd my-guide",
        'careerbook new "Nurse Practitioner"',
        "careerbook validate",
        "careerbook build",
        "careerbook handout content/welder.yaml --paper a4",
    ):
        assert example in lines
    assert max(len(line) for line in said.splitlines()) <= max(width, 60)


def test_validate_strict_fails_on_placeholders_of_a_new_career(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("init", "guide")[0] == 0
    monkeypatch.chdir(tmp_path / "guide")
    assert run("new", "Nurse Practitioner")[0] == 0
    code, said = run("validate", "content/nurse-practitioner.yaml", "--strict")
    assert code == 1
    assert "content/nurse-practitioner.yaml:23:10: warning: cluster: still the placeholder" in said
    code, said = run("validate", "careerbook.yaml", "--strict")
    assert code == 1 and "organization: still the placeholder 'Your school or organization'" in said


def _interrupt(*args: object, **kwargs: object) -> None:
    raise KeyboardInterrupt


@pytest.mark.parametrize("where", ["importing the commands", "parsing the arguments", "running the command"])
def test_ctrl_c_says_one_line_wherever_it_lands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    # Typer ends a Ctrl-C while it parses the arguments with status 130 and no word at all:
    # seen on CI, where a Ctrl-C 0.15 s after the start found Typer importing pydantic.
    import sys

    import typer.core

    from careerbook.cli import main as cli_main
    from careerbook.content import checks

    if where == "importing the commands":
        monkeypatch.delitem(sys.modules, "careerbook.cli.commands")
        monkeypatch.setattr("builtins.__import__", _interrupt_on("careerbook.cli.commands"))
    elif where == "parsing the arguments":
        monkeypatch.setattr(typer.core.TyperCommand, "parse_args", _interrupt)
    else:
        monkeypatch.setattr(checks, "check", _interrupt)
    (tmp_path / "welder.yaml").write_text("title: Welder\n", encoding="utf-8")
    with pytest.raises(SystemExit) as done:
        cli_main.main(["validate", str(tmp_path / "welder.yaml")])
    assert done.value.code == cli_main.INTERRUPTED
    assert capsys.readouterr().err == "careerbook: interrupted; nothing was written.\n"


def _interrupt_on(module: str) -> object:
    import builtins

    real = builtins.__import__

    def importing(name: str, *args: object, **kwargs: object) -> object:
        if name == module:
            raise KeyboardInterrupt
        return real(name, *args, **kwargs)  # type: ignore[arg-type]

    return importing
