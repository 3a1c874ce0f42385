"""The `careerbook` command. Commands only: heavy modules are imported inside them.

`careerbook --help` is printed from help.txt without importing Typer: Python's start
and Typer's import alone take most of the 0.2 s it may take. tests/test_cli_author.py
fails when help.txt differs from what Typer prints; `python -m careerbook.cli.commands`
writes it again.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HELP_FILE = Path(__file__).with_name("help.txt")
# Click wraps help at the terminal's width, up to 80 columns; help.txt is the 80-column text.
HELP_COLUMNS = 80


def _cached_help(args: list[str]) -> str | None:
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


def _is_a_handout(args: list[str]) -> bool:
    words = [a for a in args if a not in ("-q", "--quiet")]
    return bool(words) and words[0] == "handout" and "--help" not in words


def main(argv: list[str] | None = None) -> None:
    """Entry point; `argv` lets tests drive the CLI in-process."""
    args = sys.argv[1:] if argv is None else argv
    text = _cached_help(args)
    if text is not None:
        sys.stdout.write(text)
        raise SystemExit(0)
    from careerbook.speed import collector

    if argv is None:  # a process of its own, not a caller's (tests drive the CLI in theirs)
        collector.quiet()  # until the heavy modules are loaded (collector.py)
    drawing = _is_a_handout(args)
    if drawing:
        from careerbook.speed import forking as parallel

        parallel.start_chart_drawer()  # matplotlib's import is a handout's longest wait: before Typer's
    try:
        from careerbook.cli.commands import app

        app(args=argv, prog_name="careerbook")
    finally:
        if drawing:
            parallel.stop_chart_drawer()  # sent away unused if Typer refused the arguments
        collector.restore()
