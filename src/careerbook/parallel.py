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
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager, suppress
from functools import cache
from multiprocessing import get_context
from typing import Any, TypeVar

from careerbook.cache import Cache, chart_key

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
    """Import WeasyPrint (once), finding its C libraries without the linker round trips."""
    if "weasyprint" in sys.modules:
        return
    import ctypes.util

    original = ctypes.util.find_library
    if sys.platform.startswith("linux") and _ldconfig_libraries():
        ctypes.util.find_library = _find_library
    try:
        import weasyprint  # noqa: F401
    finally:
        ctypes.util.find_library = original


# -- charts in a forked child --------------------------------------------------------------


@contextmanager
def charts_drawn_meanwhile(jobs: Sequence[ChartJob], store: Cache | None) -> Iterator[None]:
    """Draw the charts missing from `store` in a forked child while the block runs.

    The child stores each chart in the cache, where `render.figures` then finds it.
    Should the child fail, nothing is lost: the parent draws what is missing itself.
    """
    missing = [job for job in jobs
               if store is not None and store.enabled
               and not store.path("charts", chart_key(job[0], job[1]), ".json").exists()]
    if not missing or not can_fork():
        yield
        return
    assert store is not None
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: draw, store, leave without running the parent's exit code
        status = 1
        try:
            import json

            for name, inputs, draw in missing:
                svg, alt = draw()
                store.write_text("charts", chart_key(name, inputs), ".json", json.dumps([svg, alt]))
            status = 0
        finally:
            os._exit(status)
    try:
        yield
    finally:
        with suppress(ChildProcessError):
            os.waitpid(pid, 0)


# -- a pool of workers ------------------------------------------------------------------------


def pool(jobs: int) -> ProcessPoolExecutor:
    """Worker processes forked from this one (so they share its imports), or spawned where
    fork is not available; each imports WeasyPrint as it starts."""
    method = "fork" if can_fork() else "spawn"
    return ProcessPoolExecutor(max_workers=jobs, mp_context=get_context(method),
                               initializer=import_weasyprint)


@contextmanager
def workers(jobs: int) -> Iterator[ProcessPoolExecutor | None]:
    """The booklet's workers, started now (None for a single job): they import WeasyPrint
    while this process reads and checks the careers."""
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
