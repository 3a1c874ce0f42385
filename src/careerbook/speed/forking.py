"""Doing two things at once on a small machine: forked children, a pool of render workers,
and WeasyPrint imported without two hundred runs of the linker.

A booklet's careers are laid out by worker processes (`pool`), forked once the parent has
imported what they need, so they start at once. render/chart_drawer.py forks a child that
draws a handout's charts while the parent imports WeasyPrint.

Every process forked here dies with its parent, however the parent ends (even by SIGKILL):
Linux's parent-death signal, and a look at who the parent is for a parent that died before
the child could ask for it. Workers ignore Ctrl-C: the parent decides, and ends them.
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager, suppress
from functools import cache
from multiprocessing import get_context
from typing import Any, TypeVar

from careerbook.files import scratch_folder
from careerbook.limits import cap_memory, in_worker
from careerbook.speed import collector

T = TypeVar("T")


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
        return subprocess.run(
            [exe, "-p"], capture_output=True, text=True, timeout=10, env={"LC_ALL": "C", "LANG": "C"}
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def find_library(name: str) -> str | None:
    """ctypes.util.find_library from one reading of the linker's cache.

    The standard one runs ldconfig, then gcc, then ld for every name it does not
    find; WeasyPrint tries a few spellings of each library it loads, so importing
    it ran about 200 programs and took a few tenths of a second.
    """
    match = re.search(rf"\s(lib{re.escape(name)}\.[^\s]+)\s+\(", _ldconfig_libraries())
    return match.group(1) if match else None


# The WeasyPrint careerbook reaches into (its boxes, pages and SVG drawing: the fast
# booklet's workers and stamps, speed/svg_text.py) and is tested with; pyproject.toml bounds
# it too. Under another, those parts step aside for WeasyPrint's public API.
WEASYPRINT_TESTED_MAJOR = "70"


def weasyprint_is_tested() -> bool:
    """Whether the installed WeasyPrint is the one careerbook's use of its internals was
    written and tested against."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("weasyprint").split(".")[0] == WEASYPRINT_TESTED_MAJOR
    except PackageNotFoundError:  # pragma: no cover - WeasyPrint is a dependency
        return False


def import_weasyprint() -> None:
    """Import WeasyPrint (once), finding its C libraries without the linker round trips;
    then the heavy modules are in, and the collector settles (collector.py)."""
    if "weasyprint" not in sys.modules:
        import ctypes.util

        original = ctypes.util.find_library
        if sys.platform.startswith("linux") and _ldconfig_libraries():
            ctypes.util.find_library = find_library
        try:
            import weasyprint  # noqa: F401
        finally:
            ctypes.util.find_library = original
    collector.settle()


# -- a child process --------------------------------------------------------------------------


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent: int, signalled: bool = True) -> None:
    """Have the kernel SIGKILL this (forked) process when its parent ends (Linux). The parent
    may have ended between the fork and this call: then no signal comes, so leave now.
    `signalled` False for a child forked by a thread other than the main one: the kernel
    would kill it when that thread ends, though its process goes on."""
    if signalled and sys.platform.startswith("linux"):
        with suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def fork_child(child: Callable[[], None]) -> int:
    """Fork a child that runs `child` and leaves without running this process's exit code
    (exit status 1 on any failure: the parent then draws what is missing itself). It dies
    with this process."""
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    from_main = threading.current_thread() is threading.main_thread()
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            die_with_parent(parent, from_main)
            child()
            status = 0
        finally:
            os._exit(status)
    return pid


# How long the parent waits for the charts before it draws them itself: a child forked
# beside another thread can hang on a lock that thread held.
CHART_WAIT = 60.0


def reap(pid: int, kill: bool = False) -> None:
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


# -- a pool of workers ------------------------------------------------------------------------


STOPS = {signal.SIGINT, signal.SIGTERM}


def pool(
    jobs: int, on_start: Callable[[], None] | None = None, temporary: str | None = None
) -> ProcessPoolExecutor:
    """Worker processes forked from this one (so they share its imports), or spawned where
    fork is not available; each runs `on_start`, then imports WeasyPrint, as it starts. Their
    temporary files go in `temporary`, if given."""
    method = "fork" if can_fork() else "spawn"
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=get_context(method),
        initializer=_start_worker,
        initargs=(on_start, os.getpid(), temporary),
    )


def _start_worker(on_start: Callable[[], None] | None, parent: int, temporary: str | None) -> None:
    die_with_parent(parent)
    if temporary:  # what a worker ended by SIGKILL leaves (WeasyPrint's fonts) goes with it
        tempfile.tempdir = os.environ["TMPDIR"] = temporary
    # Ctrl-C reaches the whole process group: the parent decides, and ends the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPS)  # blocked by the parent while it forked
    in_worker()  # each job under its own time limit, not under the parent's guard
    cap_memory()  # a runaway template fails in its worker (workers.py says which)
    collector.quiet()
    if on_start is not None:
        on_start()  # e.g. drop what the parent kept that a worker must make its own
    import_weasyprint()


@contextmanager
def workers(jobs: int, on_start: Callable[[], None] | None = None) -> Iterator[ProcessPoolExecutor | None]:
    """The booklet's workers, started now (None for a single job): they import WeasyPrint
    while this process reads and checks the careers."""
    collector.settle()  # what this process has loaded, frozen before the workers fork
    if jobs <= 1:
        yield None
        return
    with scratch_folder("careerbook-workers-") as temporary:
        executor = pool(jobs, on_start, str(temporary))
        try:
            # Ctrl-C and SIGTERM wait (blocked, not lost) while the workers are forked: a
            # worker ignores them from its first line on (_start_worker), and the signal then
            # comes here.
            blocked = signal.pthread_sigmask(signal.SIG_BLOCK, STOPS)
            try:
                for _ in range(jobs):
                    executor.submit(int)  # a first job makes the executor start every worker
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
            yield executor
        except BaseException:
            stop_workers(executor)  # interrupted or failed: what they are doing is not wanted
            raise
        finally:
            executor.shutdown(wait=True, cancel_futures=True)


def stop_workers(executor: ProcessPoolExecutor | None) -> None:
    """End the pool's worker processes now (SIGKILL), and wait until they are gone: they may
    be stuck in C code, where no time limit reaches them."""
    if executor is None:
        return
    processes = list((getattr(executor, "_processes", None) or {}).values())
    for process in processes:
        with suppress(OSError, ValueError, AttributeError):
            process.kill()
    for process in processes:
        with suppress(OSError, ValueError, AttributeError, AssertionError):
            process.join(10)
    executor.shutdown(wait=False, cancel_futures=True)


def run_all(
    executor: ProcessPoolExecutor | None, function: Callable[..., T], calls: Sequence[tuple[Any, ...]]
) -> list[T]:
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
