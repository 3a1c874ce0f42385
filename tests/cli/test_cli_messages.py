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
def test_parser_words_only_in_debug_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         command: str) -> None:
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
