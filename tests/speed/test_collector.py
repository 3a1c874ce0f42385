"""collector.py: the cycle collector quiet while modules load, then blind to them."""

from __future__ import annotations

import contextlib
import gc
import json
import subprocess
import sys
import weakref
from pathlib import Path

from careerbook.speed import collector


def test_quiet_then_settle_sets_the_thresholds_back_and_freezes() -> None:
    before = gc.get_threshold()
    try:
        collector.quiet()
        assert gc.get_threshold()[0] == collector.QUIET_THRESHOLD
        collector.quiet()  # twice: still the thresholds of before to go back to
        collector.settle()
        assert gc.get_threshold() == before
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_restore_sets_the_thresholds_back_without_freezing() -> None:
    before = gc.get_threshold()
    frozen = gc.get_freeze_count()
    collector.quiet()
    collector.restore()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == frozen


class _Node:
    other: _Node


def test_a_job_is_collected_once_when_it_is_done() -> None:
    collections = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.callbacks.append(count)
    try:
        with collector.collected_after():
            assert not gc.isenabled()
            one, two = _Node(), _Node()
            one.other, two.other = two, one  # a cycle: freed by the collector only
            alive = weakref.ref(one)
            del one, two
            # Far beyond any threshold, even the one of modules loading: a collection while
            # the job runs would move what is alive then out of the youngest generation.
            kept = [[] for _ in range(3 * collector.QUIET_THRESHOLD)]
            assert alive() is not None and collections == []
            del kept
        assert gc.isenabled()
        assert alive() is None
        assert collections == [0]  # the youngest generation: all the job made is there
    finally:
        gc.callbacks.remove(count)


_IMPORT = """
import gc, json, sys
counts = [0, 0, 0]
gc.callbacks.append(lambda phase, info: phase == "start" and counts.__setitem__(
    info["generation"], counts[info["generation"]] + 1))
from careerbook.speed import collector
if sys.argv[1] == "quiet":
    collector.quiet()
from careerbook.speed.forking import import_weasyprint
import_weasyprint()
print(json.dumps({"counts": counts, "frozen": gc.get_freeze_count(),
                  "threshold": gc.get_threshold()}))
"""


def _import_weasyprint(how: str) -> dict[str, list[int] | int]:
    out = subprocess.run(
        [sys.executable, "-c", _IMPORT, how], capture_output=True, text=True, check=True
    ).stdout
    seen: dict[str, list[int] | int] = json.loads(out)
    return seen


def test_loading_weasyprint_costs_few_collections_and_leaves_its_objects_frozen() -> None:
    quiet, usual = _import_weasyprint("quiet"), _import_weasyprint("usual")
    assert quiet["threshold"] == usual["threshold"] == list(gc.get_threshold())
    assert isinstance(quiet["counts"], list) and isinstance(usual["counts"], list)
    assert usual["counts"][0] > 100  # what it costs with the usual thresholds
    assert sum(quiet["counts"]) * 10 < sum(usual["counts"])
    assert quiet["counts"][2] == 0
    assert isinstance(quiet["frozen"], int) and quiet["frozen"] > 50_000
    assert usual["frozen"] == 0  # no freezing in a process that did not ask for quiet


def test_a_second_settle_freezes_nothing_more() -> None:
    before = gc.get_threshold()
    try:
        collector.quiet()
        collector.settle()
        frozen = gc.get_freeze_count()
        garbage = [[] for _ in range(1000)]
        collector.settle()  # as a second build in the same process does
        assert gc.get_freeze_count() == frozen
        del garbage
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_the_cli_run_by_a_caller_leaves_its_collector_alone(tmp_path: Path) -> None:
    """Tests drive the CLI in their own process: a booklet built so (which settles the
    collector before its workers would fork) freezes none of the caller's objects."""
    import shutil

    from careerbook.cli.main import main

    (tmp_path / "content").mkdir()
    shutil.copy(Path(__file__).parents[1] / "data" / "careers" / "minimal.yaml", tmp_path / "content")
    (tmp_path / "careerbook.yaml").write_text("title: One career\n")
    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    with contextlib.suppress(SystemExit):
        main(["-q", "booklet", str(tmp_path), "-o", str(tmp_path / "b.pdf"), "--jobs", "1", "--no-cache"])
    assert (tmp_path / "b.pdf").is_file()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == frozen
