"""Doing two things at once on a small machine: a forked chart drawer, a pool of render workers.

A handout's time goes to importing WeasyPrint and matplotlib, drawing the charts,
and laying out the pages. On a cold cache the charts are drawn in a forked child
while the parent imports WeasyPrint, so the two imports overlap on two cores. A
booklet's careers are laid out by worker processes (`pool`), forked once the
parent has imported what they need, so they start at once.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cache
from multiprocessing import get_context
from typing import Any, TypeVar

from careerbook.speed import collector
from careerbook.speed.cache import Cache, chart_key

T = TypeVar("T")
ChartJob = tuple[str, Any, Callable[[], tuple[str, str]]]


def default_jobs() -> int:
    """Worker processes for a booklet: one a core, at most 8 (memory grows with each)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


def can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform != "darwin"


# -- importing WeasyPrint ------------------------------------------------------------------


@cache
def _ldconfig_libraries() -> str:
    exe = shutil.which("ldconfig") or "/sbin/ldconfig"
    try:
        return subprocess.run([exe, "-p"], capture_output=True, text=True, timeout=10,
                              env={"LC_ALL": "C", "LANG": "C"}).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def _find_library(name: str) -> str | None:
    """ctypes.util.find_library from one reading of the linker's cache.

    The standard one runs ldconfig, then gcc, then ld for every name it does not
    find; WeasyPrint tries a few spellings of each library it loads, so importing
    it ran about 200 programs and took a few tenths of a second.
    """
    match = re.search(rf"\s(lib{re.escape(name)}\.[^\s]+)\s+\(", _ldconfig_libraries())
    return match.group(1) if match else None


def import_weasyprint() -> None:
    """Import WeasyPrint (once), finding its C libraries without the linker round trips;
    then the heavy modules are in, and the collector settles (collector.py)."""
    if "weasyprint" not in sys.modules:
        import ctypes.util

        original = ctypes.util.find_library
        if sys.platform.startswith("linux") and _ldconfig_libraries():
            ctypes.util.find_library = _find_library
        try:
            import weasyprint  # noqa: F401
        finally:
            ctypes.util.find_library = original
    collector.settle()


# -- charts in a forked child --------------------------------------------------------------


@dataclass(frozen=True)
class ChartRequest:
    """What the chart drawer needs to make a career's chart jobs itself (render.chart_jobs)."""

    career: Any
    theme: Any
    lang: str
    area: Any = None  # the OEWS area (an oews.Area) whose wages the pay chart draws
    root: Any = None  # the cache's folder, where the drawer puts the charts


@dataclass
class _Drawer:
    """A forked child that imports matplotlib at once, then waits for the charts to draw."""

    pid: int
    pipe: int  # where the main process writes what to draw, then closes


_drawer: _Drawer | None = None


def _fork(child: Callable[[], None]) -> int:
    """Fork a child that runs `child` and leaves without running this process's exit code
    (exit status 1 on any failure: the parent then draws what is missing itself)."""
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            child()
            status = 0
        finally:
            os._exit(status)
    return pid


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
        import pickle

        from careerbook.render.templates import chart_jobs

        with os.fdopen(read, "rb") as incoming:
            request = incoming.read()
        if request:
            asked: ChartRequest = pickle.loads(request)
            _draw_missing(chart_jobs(asked.career, asked.theme, asked.lang, asked.area),
                          Cache(asked.root))

    pid = _fork(draw_when_asked)
    os.close(read)
    _drawer = _Drawer(pid, write)


def stop_chart_drawer() -> None:
    """Send away the drawer if it was not used (the build stopped before its charts)."""
    global _drawer
    drawer, _drawer = _drawer, None
    if drawer is not None:
        os.close(drawer.pipe)
        _reap(drawer.pid, kill=True)


def _missing(jobs: Sequence[ChartJob], store: Cache | None) -> list[ChartJob]:
    return [job for job in jobs
            if store is not None and store.enabled
            and not store.path("charts", chart_key(job[0], job[1]), ".json").exists()]


def _draw_missing(jobs: Sequence[ChartJob], store: Cache) -> None:
    import json

    for name, inputs, draw in _missing(jobs, store):
        svg, alt = draw()
        store.write_text("charts", chart_key(name, inputs), ".json", json.dumps([svg, alt]))


# How long the parent waits for the charts before it draws them itself: a child forked
# beside another thread can hang on a lock that thread held.
CHART_WAIT = 60.0


def _reap(pid: int, kill: bool = False) -> None:
    import time

    with suppress(ProcessLookupError, ChildProcessError):
        if kill:
            os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + CHART_WAIT
        while os.waitpid(pid, os.WNOHANG) == (0, 0):
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return
            time.sleep(0.005)


@contextmanager
def charts_drawn_meanwhile(jobs: Sequence[ChartJob], store: Cache | None,
                           request: ChartRequest | None = None) -> Iterator[None]:
    """Draw the charts missing from `store` in a child process while the block runs.

    The child stores each chart in the cache, where `render.figures` then finds it. It is
    the drawer started by `start_chart_drawer` if there is one (handed `request`), else a
    child forked now. Should it fail, nothing is lost: the parent draws what is missing
    itself.
    """
    global _drawer
    drawer, _drawer = _drawer, None
    missing = _missing(jobs, store)
    pid: int | None = None
    if drawer is not None:
        if missing and request is not None and store is not None:
            import dataclasses
            import pickle

            with os.fdopen(drawer.pipe, "wb") as outgoing:
                outgoing.write(pickle.dumps(dataclasses.replace(request, root=store.root)))
            pid = drawer.pid
        else:
            os.close(drawer.pipe)
            _reap(drawer.pid, kill=True)  # nothing to draw: it need not finish importing
    if pid is None and missing and can_fork():
        assert store is not None
        pid = _fork(lambda: _draw_missing(missing, store))
    try:
        yield
    finally:
        if pid is not None:
            _reap(pid)


# -- a pool of workers ------------------------------------------------------------------------


def pool(jobs: int) -> ProcessPoolExecutor:
    """Worker processes forked from this one (so they share its imports), or spawned where
    fork is not available; each imports WeasyPrint as it starts."""
    method = "fork" if can_fork() else "spawn"
    return ProcessPoolExecutor(max_workers=jobs, mp_context=get_context(method),
                               initializer=_start_worker)


def _start_worker() -> None:
    from careerbook.pdf.document import forget_styles

    collector.quiet()
    forget_styles()  # a worker loads its own fonts (pdf._Styles), not its parent's
    import_weasyprint()


@contextmanager
def workers(jobs: int) -> Iterator[ProcessPoolExecutor | None]:
    """The booklet's workers, started now (None for a single job): they import WeasyPrint
    while this process reads and checks the careers."""
    collector.settle()  # what this process has loaded, frozen before the workers fork
    if jobs <= 1:
        yield None
        return
    executor = pool(jobs)
    try:
        for _ in range(jobs):
            executor.submit(int)  # a first job makes the executor start every worker
        yield executor
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def run_all(executor: ProcessPoolExecutor | None, function: Callable[..., T],
            calls: Sequence[tuple[Any, ...]]) -> list[T]:
    """`function(*args)` for each call, in the pool if there is one, results in order."""
    if executor is None:
        return [function(*args) for args in calls]
    futures: list[Future[T]] = [executor.submit(function, *args) for args in calls]
    try:
        return [f.result() for f in futures]
    except BaseException:
        for f in futures:
            f.cancel()
        raise
