"""When Python's cycle collector runs: seldom while modules load, never over them after.

Importing careerbook, WeasyPrint and matplotlib makes a few hundred thousand objects that
live as long as the process, and next to no garbage. With the collector's default
thresholds it still ran some 300 times while a handout's modules loaded, and every full
collection after that walked all of them again (0.1 s each on a 2-core laptop): a tenth of
a cold handout's time. So the CLI starts with thresholds too high to be reached while
modules load (`quiet`); once they are loaded, their objects are moved out of the
collector's sight (`gc.freeze`) and the thresholds are set back (`settle`). A process
that never settles still collects, only less often.

A worker's job (a few careers laid out) leaves its garbage in reference cycles (cssselect2's
element wrappers point at their parents, for one); it is collected once, when the job is
done (`collected_after`).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Allocations between two collections of the youngest generation while modules load.
QUIET_THRESHOLD = 100_000

_saved: tuple[int, int, int] | None = None
_lock = threading.Lock()


def quiet() -> None:
    """Collect seldom until `settle` (the CLI's first step)."""
    global _saved
    with _lock:
        if _saved is None:
            _saved = gc.get_threshold()
            gc.set_threshold(QUIET_THRESHOLD, *_saved[1:])


def settle() -> None:
    """The modules are loaded: keep their objects out of every later collection, and collect
    as usual again. Before a fork, this also spares the children copying the pages that
    a collection would write to. Only once after `quiet`: freezing later (a second build
    in `watch`) would keep the garbage of the last build for good."""
    _resume(freeze=True)


def restore() -> None:
    """Collect as usual again, without freezing (the CLI's last step)."""
    _resume(freeze=False)


def _resume(*, freeze: bool) -> None:
    global _saved
    with _lock:
        saved, _saved = _saved, None
        if saved is not None:
            if freeze:
                gc.freeze()
            gc.set_threshold(*saved)


@contextmanager
def collected_after() -> Iterator[None]:
    """Collect the garbage of a job once, when it is done, not many times while it runs.

    Nothing is collected while the job runs, so all it made is in the youngest generation:
    collecting that one finds the job's garbage without walking what the process keeps
    from one job to the next (a full collection there cost 0.1 s a job). Collecting now and
    then instead, every so many allocations, moved what was alive at that moment to the
    older generations, where it stayed once it was garbage: a worker grew from 165 to 250
    MiB over a booklet. What a job leaves uncollected is bounded by the job: a few careers,
    a part of stamps, the contents or the index. Each such collection counts towards a
    full one, which comes every so many jobs."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        gc.collect(0)
