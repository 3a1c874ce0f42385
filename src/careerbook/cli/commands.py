"""The Typer app with every command registered on it."""

from __future__ import annotations

from careerbook.cli import (
    author_commands,  # noqa: F401  (registers init, new, validate, schema, themes)
    build_commands,  # noqa: F401  (registers handout, handouts, booklet, build)
    data_commands,  # noqa: F401  (registers data, data update, occupations)
    live_commands,  # noqa: F401  (registers preview, watch)
)
from careerbook.cli.app import app
from careerbook.cli.help import HELP_COLUMNS, HELP_FILE

__all__ = ["app", "help_text"]


def help_text() -> str:
    """What Typer prints for `careerbook --help` in a terminal of 80 columns or more."""
    from typer.testing import CliRunner

    result = CliRunner().invoke(
        app,
        ["--help"],
        prog_name="careerbook",
        env={"COLUMNS": str(HELP_COLUMNS)},
        terminal_width=HELP_COLUMNS,
    )
    return result.output


if __name__ == "__main__":  # writes careerbook/cli/help.txt again
    HELP_FILE.write_text(help_text(), encoding="utf-8")
