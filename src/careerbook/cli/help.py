"""`careerbook --help` without Typer: help.txt is exactly what Typer prints in a terminal of
80 columns or more, kept beside this module (tests/cli/test_cli_author.py compares them;
`python -m careerbook.cli.commands` writes it again)."""

from __future__ import annotations

import os
from pathlib import Path

HELP_FILE = Path(__file__).with_name("help.txt")
# Click wraps help at the terminal's width, up to 80 columns; help.txt is the 80-column text.
HELP_COLUMNS = 80


def cached_help(args: list[str]) -> str | None:
    """help.txt, when it is exactly what Typer would print for `args`."""
    if args != ["--help"] or os.environ.get("_CAREERBOOK_COMPLETE"):
        return None
    import shutil

    if shutil.get_terminal_size().columns < HELP_COLUMNS:
        return None
    try:
        return HELP_FILE.read_text(encoding="utf-8")
    except OSError:
        return None
