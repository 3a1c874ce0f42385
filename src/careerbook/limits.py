"""What untrusted input may cost: file sizes, nesting, render time, template operations.

Career files and project folders travel between schools, so none of them may
hang a build, exhaust the memory or run code. The render guard also makes Ctrl-C
and SIGTERM stop a render the same way, so that no half-written PDF is left.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from careerbook.errors import RenderError

# Big enough for any real career file, small enough that a hostile one cannot
# eat the memory or the render-time budget.
MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 32
# What one career may list (its time split, typical day and pay ranges have their caps in
# content/models.py): enough for any real career, few enough that one stays a few pages
# (10,000 sources made 203). And the careers a book file may list.
MAX_ITEMS = 12  # related, signals' fits and misfits, chart colours
MAX_SOURCES = 30
MAX_BOOK_CAREERS = 1000
# Problems the loader reports from one file before it stops reading it.
MAX_PROBLEMS = 100
# Seconds one document (HTML, layout, PDF) may take before the build gives up.
DEFAULT_TIME_LIMIT = 120.0
# What one image, font or stylesheet fetched for a PDF may weigh, and an image's size.
MAX_RESOURCE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 25_000_000
# The shapes an SVG image may draw once its <use>s are expanded (each takes WeasyPrint about
# a quarter of a millisecond; a detailed real logo has a few thousand).
MAX_SVG_SHAPES = 20_000
# The address space a booklet's worker may take: a worker laying out a hundred careers peaks
# at about 650 MiB of it (200 MiB resident); a template that makes far more fails alone.
MAX_WORKER_BYTES = 2 * 1024**3
# The longest text or list a template may make by repetition (`"x" * n`).
MAX_TEMPLATE_SEQUENCE = 100_000


class _TimeUp(BaseException):
    """Raised by the alarm; a BaseException so that no `except Exception` can swallow it."""


class _Guard:
    """Why the running render was stopped, if it was: "interrupt" or "time"."""

    reason: str | None = None
    active = False
    worker = False  # a booklet's worker: Ctrl-C and SIGTERM are its parent's to handle


def cap_memory(limit: int = MAX_WORKER_BYTES) -> bool:
    """Cap this process's address space at `limit` (never raising a lower cap), so that a
    runaway render fails with MemoryError rather than swap the machine to a halt; False
    where it cannot be, or where the process already holds half the limit (a large parent)."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        with open("/proc/self/statm") as statm:
            held = int(statm.read().split()[0]) * resource.getpagesize()
        if held > limit // 2 or (soft != resource.RLIM_INFINITY and soft <= limit):
            return False
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, OSError, ValueError):
        return False
    return True


def in_worker() -> None:
    """In a worker process just forked (perhaps inside the parent's guard): its own jobs run
    under their own time limit, and leave SIGINT and SIGTERM as the worker has set them."""
    _Guard.reason, _Guard.active, _Guard.worker = None, False, True


def check_not_stopped() -> None:
    """Raise again a stop that the renderer may have swallowed (WeasyPrint catches broadly)."""
    if _Guard.reason == "interrupt":
        raise KeyboardInterrupt
    if _Guard.reason == "time":
        raise _TimeUp


@contextmanager
def guard(seconds: float | None) -> Iterator[None]:
    """Run one document's render under a time limit, with SIGTERM acting like Ctrl-C.

    Only the main thread can receive signals; elsewhere (a preview server's
    worker) the block runs unguarded.
    """
    quiet_stops()
    if _Guard.active or threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        _Guard.reason = "interrupt"
        raise KeyboardInterrupt

    def alarm(signum: int, frame: FrameType | None) -> None:
        _Guard.reason = "time"
        raise _TimeUp

    _Guard.reason, _Guard.active = None, True
    handlers = [(signal.SIGALRM, alarm)]
    if not _Guard.worker:
        handlers += [(signal.SIGINT, interrupt), (signal.SIGTERM, interrupt)]
    previous = {sig: signal.signal(sig, handler) for sig, handler in handlers}
    if seconds and seconds > 0:
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
        check_not_stopped()
    except BaseException as exc:
        reason = _Guard.reason
        if reason == "time" or isinstance(exc, _TimeUp):
            raise RenderError(
                f"rendering took longer than the time limit of {seconds:g} s and was stopped; "
                "look for a very long text or extreme sizes in the project's stylesheets"
            ) from None
        if reason == "interrupt" and not isinstance(exc, KeyboardInterrupt):
            raise KeyboardInterrupt from None
        raise
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        for sig, handler in previous.items():
            signal.signal(sig, signal.SIG_DFL if handler is None else handler)
        _Guard.reason, _Guard.active = None, False


@contextmanager
def signals_held() -> Iterator[None]:
    """Ctrl-C, SIGTERM and the time limit's alarm wait until the block is done, then act as
    they would have. For what an exception must not cut: pikepdf's native module, when a
    KeyboardInterrupt lands while it loads, ends the whole process ("Critical nanobind
    error", SIGABRT), with a traceback and the scratch folders left behind."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        held.append(signum)

    previous = {sig: signal.signal(sig, hold) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGALRM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, signal.SIG_DFL if handler is None else handler)
        # Ctrl-C or SIGTERM before the alarm: the command was stopped, not out of time.
        for signum in sorted(set(held), key=lambda s: s == signal.SIGALRM):
            signal.raise_signal(signum)


def quiet_stops() -> None:
    """A Ctrl-C, or the time limit's alarm, that lands where Python ignores exceptions (a
    weakref callback as the import system tidies its locks, a `__del__`) is not printed as
    "Exception ignored" with a traceback. The Ctrl-C is raised again where it can stop the
    command; the alarm is raised again by the guard, which kept its reason."""
    previous = sys.unraisablehook
    if getattr(previous, "careerbook", False):
        return

    def hook(unraisable: Any) -> None:
        if isinstance(unraisable.exc_value, KeyboardInterrupt):
            _interrupt_again()
        elif isinstance(unraisable.exc_value, _TimeUp):
            if _Guard.active:
                signal.setitimer(signal.ITIMER_REAL, 0.01)  # the alarm fires once: again
        else:
            previous(unraisable)

    hook.careerbook = True  # type: ignore[attr-defined]
    sys.unraisablehook = hook


_again: list[threading.Timer] = []  # a Ctrl-C to raise again, not yet raised


def _interrupt_again() -> None:
    """A Ctrl-C that was ignored, sent again to the main thread a moment later: sent from the
    hook itself it would be ignored again. A real signal wakes a main thread that waits (a
    booklet waits for its workers). Nothing is sent where SIGINT is not Python's (a worker)."""
    if not callable(signal.getsignal(signal.SIGINT)):
        return
    main = threading.main_thread().ident
    assert main is not None
    again = threading.Timer(0.01, signal.pthread_kill, (main, signal.SIGINT))
    again.daemon = True
    _again.append(again)
    again.start()


def interrupted() -> None:
    """The command is stopping on a Ctrl-C: a Ctrl-C waiting to be raised again is not."""
    while _again:
        _again.pop().cancel()
