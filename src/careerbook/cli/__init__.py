"""The `careerbook` command. Commands only: heavy modules are imported inside them.

Each module below registers its commands on the one Typer app when imported.
"""

from __future__ import annotations

from careerbook.cli import (
    author_commands,  # noqa: F401  (registers init, new, validate, schema, themes)
    build_commands,  # noqa: F401  (registers handout, booklet, build)
    live_commands,  # noqa: F401  (registers preview, watch)
)
from careerbook.cli.app import app


def main(argv: list[str] | None = None) -> None:
    """Entry point; `argv` lets tests drive the CLI in-process."""
    app(args=argv, prog_name="careerbook")
