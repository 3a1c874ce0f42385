"""The commands that keep running while you write: `preview` (a live web page) and `watch`."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer

from careerbook.cli.app import AreaOpt, PaperOpt, ProjectArg, ThemeOpt, app, build_options, say, user_errors


@contextmanager
def _stopped_by_interrupt_or_term() -> Iterator[None]:
    """SIGTERM (a service manager, `kill`) stops the command the way Ctrl-C does."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)


@app.command()
@user_errors
def preview(
    project: ProjectArg = Path("."),
    port: Annotated[
        int, typer.Option(help="Port on 127.0.0.1 (0 picks a free one).", min=0, max=65535)
    ] = 8765,
    open_browser: Annotated[bool, typer.Option("--open", help="Open the page in your browser.")] = False,
    paper: PaperOpt = None,
    theme: ThemeOpt = None,
    area: AreaOpt = None,
) -> None:
    """Show the handouts and the booklet in your browser as they will print; pages reload on save.

    Served on 127.0.0.1 only (this computer). A file with a problem shows it on the page. Ctrl-C stops.

    \b
    Example: careerbook preview . --port 8765 --open
    """
    from careerbook.live.server import serve

    def ready(url: str) -> None:
        print(f"Preview at {url}  (Ctrl-C stops)", flush=True)
        if open_browser:
            import webbrowser

            webbrowser.open(url)

    with _stopped_by_interrupt_or_term():
        serve(project, build_options(paper, theme, area=area), port, report=say, on_ready=ready)
    say("Stopped the preview")


@app.command()
@user_errors
def watch(
    project: ProjectArg = Path("."),
    paper: PaperOpt = None,
    theme: ThemeOpt = None,
    area: AreaOpt = None,
) -> None:
    """Build every PDF, then rebuild what a change touches each time you save a file.

    A file with a problem is reported and the previous PDFs stay as they were. Ctrl-C stops.

    \b
    Example: careerbook watch .
    """
    from careerbook.live.watch import watch as watch_project

    with _stopped_by_interrupt_or_term():
        watch_project(project, build_options(paper, theme, area=area), report=say)
    say("Stopped watching")


@app.command()
@user_errors
def desk(
    project: ProjectArg = Path("."),
    port: Annotated[
        int, typer.Option(help="Port on 127.0.0.1 (0 picks a free one).", min=0, max=65535)
    ] = 8766,
    open_browser: Annotated[bool, typer.Option("--open", help="Open the desk in your browser.")] = False,
    area: AreaOpt = None,
) -> None:
    """The counselor's desk: find, print, add, edit and brand careers in your browser.

    Served on 127.0.0.1 only (this computer). Saves keep your files' comments. Ctrl-C stops.

    \b
    Example: careerbook desk . --open
    """
    from careerbook.live.desk.app import serve  # here: Starlette and uvicorn only for `desk`

    def ready(url: str) -> None:
        print(f"The desk is at {url}  (Ctrl-C stops)", flush=True)
        if open_browser:
            import webbrowser

            webbrowser.open(url)

    with _stopped_by_interrupt_or_term():
        serve(project, build_options(None, None, area=area), port, on_ready=ready)
    say("Stopped the desk")
