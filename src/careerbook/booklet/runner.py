"""Getting a booklet's parts: each from the cache, or laid out by a worker process, under the
time limit; a worker stuck where the limit cannot reach it is ended, not waited for.

assemble.py decides which parts the booklet needs and puts them together; this module
only runs the jobs (`PartRunner`) and counts what was done (`Tally`).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from careerbook.booklet.book import render_part_html
from careerbook.booklet.parts import PartInfo, Setting, part_file
from careerbook.booklet.stamps import stamps_html
from careerbook.booklet.workers import render_part
from careerbook.errors import RenderError
from careerbook.speed.cache import Cache, digest
from careerbook.speed.forking import stop_workers

# How much longer than the time limit the workers may finish nothing before one is taken to
# be stuck where the limit cannot reach it (in C code): writing a part's PDF, a busy machine.
GRACE = 20.0


@dataclass
class Tally:
    """What a fast build did: parts laid out and found in the cache (for tests and the bench)."""

    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    rounds: int = 0


class PartRunner:
    """Parts of the booklet of `setting.careers`: each from the cache, or laid out by a
    worker, under the time limit."""

    def __init__(self, setting: Setting, executor: ProcessPoolExecutor | None) -> None:
        self.setting = setting
        self.store = Cache(setting.cache_root, enabled=setting.cache)
        self.done = Tally()
        self.executor = executor  # None: every part laid out in this process
        self.parts_done: dict[str, PartInfo] = {}  # in this build, cache or no cache
        self.submitted: list[Future[Any]] = []  # handed to the workers, not all done
        limit = setting.time_limit
        self.patience = limit + GRACE if limit and limit > 0 else None

    def _submit(self, function: Callable[..., Any], *args: Any) -> Future[Any]:
        if self.executor is None:
            future: Future[Any] = Future()
            try:
                future.set_result(function(*args))
            except BaseException as exc:  # handed back through the future, as a pool would
                future.set_exception(exc)
            return future
        self.submitted = [f for f in self.submitted if not f.done()]
        self.submitted.append(self.executor.submit(function, *args))
        return self.submitted[-1]

    def _wait(self, wanted: list[Future[Any]]) -> set[Future[Any]]:
        """Wait until one of `wanted` is done. Each job runs under the time limit, so the
        workers finish something within it: when they finish nothing for longer, one is stuck
        where the limit cannot reach it, and all are ended rather than waited for."""
        while True:
            done = {f for f in wanted if f.done()}
            if done:
                return done
            busy = [f for f in self.submitted if not f.done()] or wanted
            finished, _ = wait(busy, timeout=self.patience, return_when=FIRST_COMPLETED)
            if not finished:
                stop_workers(self.executor)
                raise RenderError(
                    f"a worker laying out the booklet went on past the time limit of "
                    f"{self.setting.time_limit:g} s and did not stop, so the workers were ended; "
                    "look for a very long text or extreme sizes in the project's stylesheets"
                )

    def _result(self, future: Future[Any]) -> Any:
        self._wait([future])
        try:
            result = future.result()  # a worker's error is raised here, as it was raised there
        except BrokenProcessPool:
            raise RenderError(
                "a worker laying out the booklet ended unexpectedly (out of "
                "memory?); try again with fewer --jobs, or with --single"
            ) from None
        for info in result if isinstance(result, list) else [result]:
            if isinstance(info, PartInfo):
                self.parts_done[info.key] = info
        return result

    def cached(self, key: str) -> PartInfo | None:
        """The part laid out under `key`, in this build or (with the cache on) an earlier one."""
        if key in self.parts_done:
            return self.parts_done[key]
        if not self.setting.cache or self.store.lookup("parts", key, ".pdf") is None:
            return None  # not there, or not whole (its seal says): laid out again
        text = self.store.read_text("parts", key, ".json")
        if text is None:
            return None
        try:
            return PartInfo.from_json(text)
        except (ValueError, TypeError, KeyError):
            return None

    def part_path(self, key: str) -> Path:
        return part_file(self.setting, key)

    def part(self, name: str, context: dict[str, Any]) -> Future[Any]:
        """A part other than a chapter: its HTML is made here, and is its key in the cache."""
        setting = self.setting
        if name == "stamps":
            html = stamps_html(setting, context["pages"])
        else:
            html = render_part_html(setting.careers, setting.theme, setting.page, name, **context)
        key = digest(setting.base_key, name, html)
        info = self.cached(key)
        if info is not None:
            self.done.reused.append(name)
            future: Future[Any] = Future()
            future.set_result(info)
            return future
        self.done.rendered.append(name)
        return self._submit(render_part, self.setting, name, key, html)
