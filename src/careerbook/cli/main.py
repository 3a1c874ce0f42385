"""The entry point: `careerbook --help` from help.txt, a handout's chart drawer forked before
Typer is imported, then the Typer app."""

from __future__ import annotations

import sys

from careerbook.cli.help import cached_help


def _is_a_handout(args: list[str]) -> bool:
    words = [a for a in args if a not in ("-q", "--quiet", "--debug")]
    return bool(words) and words[0] == "handout" and "--help" not in words


# The exit status of a command stopped by Ctrl-C or SIGTERM: 128 + SIGINT, as a shell says it.
INTERRUPTED = 130


def main(argv: list[str] | None = None) -> None:
    """Entry point; `argv` lets tests drive the CLI in-process. A Ctrl-C ends as one line
    wherever it lands: here while careerbook is imported; inside Typer, which turns it into
    exit status 130 without a word, while it parses the arguments or runs a command."""
    try:
        _main(argv)
    except KeyboardInterrupt:
        _say_interrupted()
        raise SystemExit(INTERRUPTED) from None
    except SystemExit as exc:
        if exc.code == INTERRUPTED:
            _say_interrupted()
        raise


def _say_interrupted() -> None:
    from careerbook.limits import interrupted

    interrupted()  # one Ctrl-C, one line
    print("careerbook: interrupted; nothing was written.", file=sys.stderr)


def _main(argv: list[str] | None) -> None:
    args = sys.argv[1:] if argv is None else argv
    text = cached_help(args)
    if text is not None:
        sys.stdout.write(text)
        raise SystemExit(0)
    from careerbook.limits import quiet_stops  # here, not above: `--help` must not pay for it
    from careerbook.speed import collector

    quiet_stops()

    if argv is None:  # a process of its own, not a caller's (tests drive the CLI in theirs)
        collector.quiet()  # until the heavy modules are loaded (collector.py)
    drawing = _is_a_handout(args)
    if drawing:
        from careerbook.render import chart_drawer

        chart_drawer.start_chart_drawer()  # matplotlib's import is a handout's longest wait: before Typer's
    try:
        from careerbook.cli.commands import app

        app(args=argv, prog_name="careerbook")
    finally:
        if drawing:
            chart_drawer.stop_chart_drawer()  # sent away unused if Typer refused the arguments
        collector.restore()
