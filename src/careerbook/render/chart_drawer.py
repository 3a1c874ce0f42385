"""A handout's charts drawn in a forked child while the main process imports WeasyPrint.

A handout's time goes to importing WeasyPrint and matplotlib, drawing the charts and laying
out the pages. `start_chart_drawer` forks a child first thing (before Typer is imported)
that imports matplotlib and waits; `charts_drawn_meanwhile` hands it the charts missing from
the cache, so the two imports overlap on two cores. Should it fail, nothing is lost: the
parent draws what is missing itself. Nothing here changes what is drawn.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from careerbook.speed.cache import Cache, chart_key, keep_quiet, write_chart
from careerbook.speed.forking import can_fork, fork_child, reap

if TYPE_CHECKING:
    from careerbook.content.models import Career
    from careerbook.oews import Area
    from careerbook.render.templates import ChartJob
    from careerbook.render.theme import Theme


@dataclass(frozen=True)
class ChartRequest:
    """What the drawer is handed: the career, its theme and language, and the cache."""

    career: Career
    theme: Theme
    lang: str
    area: Area | None = None  # the OEWS area whose wages the pay chart draws
    root: Path | None = None


@dataclass
class _Drawer:
    """A forked child that imports matplotlib at once, then waits for the charts to draw."""

    pid: int
    pipe: int  # where the main process writes what to draw, then closes


_drawer: _Drawer | None = None


def start_chart_drawer() -> None:
    """Fork, first thing, a child that imports matplotlib and careerbook's charts while this
    process imports the rest; `charts_drawn_meanwhile` then hands it the charts to draw, or
    sends it away if they are all in the cache."""
    global _drawer
    if _drawer is not None or not can_fork():
        return
    read, write = os.pipe()

    def draw_when_asked() -> None:
        os.close(write)
        with suppress(OSError):
            os.nice(5)  # it may be sent away unused: let it yield to the main process
        # Here, in the child: the parent's start must stay light (it forks before Typer).
        from careerbook.render.templates import chart_jobs

        with os.fdopen(read, "rb") as incoming:
            request = incoming.read()
        if request:
            wanted: ChartRequest = pickle.loads(request)
            _draw_missing(
                chart_jobs(wanted.career, wanted.theme, wanted.lang, wanted.area), Cache(wanted.root)
            )

    pid = fork_child(draw_when_asked)
    os.close(read)
    _drawer = _Drawer(pid, write)


def stop_chart_drawer() -> None:
    """Send away the drawer if it was not used (the build stopped before its charts)."""
    global _drawer
    drawer, _drawer = _drawer, None
    if drawer is not None:
        os.close(drawer.pipe)
        reap(drawer.pid, kill=True)


def _missing(jobs: Sequence[ChartJob], store: Cache | None) -> list[ChartJob]:
    return [
        job
        for job in jobs
        if store is not None
        and store.enabled
        and not store.path("charts", chart_key(job.name, job.inputs), ".json").exists()
    ]


def _draw_missing(jobs: Sequence[ChartJob], store: Cache) -> None:
    keep_quiet()  # in the child: a cache that cannot be used is the parent's to say
    for job in _missing(jobs, store):
        write_chart(store, chart_key(job.name, job.inputs), job.draw())


@contextmanager
def charts_drawn_meanwhile(
    jobs: Sequence[ChartJob], store: Cache | None, request: ChartRequest | None = None
) -> Iterator[None]:
    """Draw the charts missing from `store` in a child process while the block runs.

    The child stores each chart in the cache, where `render.templates.figures` then finds it. It is
    the drawer started by `start_chart_drawer` if there is one (handed `request`: career,
    theme, language), else a child forked now. Should it fail, nothing is lost: the parent
    draws what is missing itself.
    """
    global _drawer
    drawer, _drawer = _drawer, None
    missing = _missing(jobs, store)
    pid: int | None = None
    if drawer is not None:
        if missing and request is not None and store is not None:
            request = dataclasses.replace(request, root=store.root)
            with os.fdopen(drawer.pipe, "wb") as outgoing:
                outgoing.write(pickle.dumps(request))
            pid = drawer.pid
        else:
            os.close(drawer.pipe)
            reap(drawer.pid, kill=True)  # nothing to draw: it need not finish importing
    if pid is None and missing and can_fork():
        assert store is not None
        pid = fork_child(lambda: _draw_missing(missing, store))
    try:
        yield
    finally:
        if pid is not None:
            reap(pid)
