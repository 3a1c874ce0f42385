"""The fast booklet: each career laid out on its own, in parallel and cached, then assembled.

The single-document booklet (book.render_book_html) makes WeasyPrint lay out the
whole book at once, and lay much of it out again until every page number that
`target-counter()` prints is known. Here the book is cut into parts that do not
depend on where they end up:

- one part per career (a "chapter"), laid out by worker processes a few at a time
  (workers.py) and kept in the cache under the hash of all that shapes it (plan.py),
  so that an unchanged career is never laid out again;
- "front" (cover and contents), "back" (the index) and "blank" (a blank verso);
- "stamps" (stamps.py): the page numbers, and the numbers that links show
  (cross-references such as "Sound Designer, p. 9", the contents, the index), each
  placed exactly where the parts left an unseen box for it, and stamped onto their
  pages. A cross-reference's box has the width of its number (figures of equal width,
  so only the count of digits matters); the contents' and the index's numbers are set
  flush right, so their box may be of any width.

merge.py puts the parts together, pages in order with the blank versos a duplex
booklet needs, and writes them out as it goes (the main process does not grow
with the book). tests/booklet/test_fast_booklet.py checks, page by page, that the
result equals the single-document booklet.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import suppress
from pathlib import Path
from typing import Any

from careerbook.booklet.book import anchors
from careerbook.booklet.merge import merge
from careerbook.booklet.parts import PartInfo, Setting, font_file
from careerbook.booklet.plan import (
    Estimate,
    Layout,
    Part,
    base_key,
    chapter_key,
    digits_of,
    lay_out,
    targets_of,
)
from careerbook.booklet.runner import PartRunner, Tally
from careerbook.booklet.stamps import (
    STAMP_PAGES,
    StampPages,
    number_pages,
    numbers_fit,
    side_numbers,
    sides_of,
    xref_pages,
)
from careerbook.booklet.workers import Job, render_chapters
from careerbook.content.models import Career
from careerbook.errors import RenderError
from careerbook.files import scratch_folder
from careerbook.render.templates import PageSetup
from careerbook.render.theme import Theme
from careerbook.speed.cache import cache_root, digest, usable_cache
from careerbook.speed.forking import stop_workers

MAX_ROUNDS = 5  # layouts tried before the page numbers' widths settle


BATCH = 6  # careers laid out in one document by a worker: its memory grows with it


NUMBER_PAGES_STEP = 32  # the page numbers' stamps cover pages 1..n, n rounded up to this


@dataclasses.dataclass(frozen=True)
class Overlay:
    """A part of stamps (being laid out), and which booklet page each of its pages is for."""

    part: Future[Any]
    owner: dict[int, int]  # booklet page (0-based) -> page of the part


class Assembler(PartRunner):
    """Builds the fast booklet of `setting.careers` into `target`."""

    def __init__(
        self,
        setting: Setting,
        jobs: int,
        duplex: bool,
        pad_to: int,
        start: str,
        report: Callable[[str], None],
        executor: ProcessPoolExecutor | None,
    ) -> None:
        super().__init__(setting, executor)
        self.jobs = jobs
        self.duplex = duplex
        self.pad_to = pad_to
        self.start = start  # where parts begin (plan.lay_out)
        self.say = report

    def side(self, layout: Layout, name: str) -> str:
        """The side a part begins on, as its own layout must begin: "right" or "left", or
        "page" when the booklet is single-sided."""
        return layout.side(name) if self.duplex else "page"

    def chapters(
        self, digits: dict[str, int] | None, sides: dict[str, str] | None, front: Future[Any]
    ) -> list[PartInfo]:
        """Every career's part: from the cache, or laid out by the workers, a few at a time.

        Each part leaves room for the page numbers it shows, so it must know how many digits
        they have. `digits` says so when it is known (from the last build); otherwise it is
        estimated from the parts laid out so far, and a wrong guess costs a second layout.
        So while every worker is busy, a career whose cross-references could still land on
        either side of page 10, 100 or 1000 waits until more pages are known; and a worker
        that would sit idle gets the careers whose guess is least likely to be wrong.
        """
        setting = self.setting
        careers = setting.careers
        in_book = anchors(careers)
        targets = [targets_of(career, in_book) for career in careers]
        infos: list[PartInfo | None] = [None] * len(careers)
        inflight: dict[Future[Any], list[Job]] = {}
        pending = list(range(len(careers)))  # not handed out yet, in book order
        laid_out = 0
        while pending or inflight:
            while pending and len(inflight) <= self.jobs:
                if digits and sides:
                    current, current_sides, order = digits, sides, list(pending)
                else:
                    estimate = self._estimate(infos, front)
                    current, current_sides = estimate.digits(), estimate.sides
                    risks = {p: estimate.risk(targets[p]) for p in pending}
                    if len(inflight) < self.jobs:
                        order = sorted(pending, key=risks.__getitem__)  # book order among equals
                    else:
                        order = [p for p in pending if not risks[p]]
                size = max(1, min(BATCH, math.ceil(len(pending) / (2 * self.jobs))))
                batch: list[Job] = []
                for position in order[:size]:
                    pending.remove(position)
                    career = careers[position]
                    own = {t: current[t] for t in targets[position]}
                    side = current_sides[career.key]
                    key = chapter_key(setting, career, in_book, own, side)
                    info = self.cached(key)
                    if info is None:
                        batch.append(Job(position, key, own, side))
                        self.done.rendered.append(career.key)
                    else:
                        infos[position] = info
                        self.done.reused.append(career.key)
                if not order:
                    break  # the rest wait for what is being laid out now
                if batch:
                    if not laid_out:
                        self.say("Laying out careers")
                    laid_out += len(batch)
                    inflight[self._submit(render_chapters, setting, batch)] = batch
            if inflight:
                for future in self._wait(list(inflight)):
                    for job, info in zip(inflight.pop(future), self._result(future), strict=True):
                        infos[job.position] = info
        return [info for info in infos if info is not None]

    def _estimate(self, infos: list[PartInfo | None], front: Future[Any]) -> Estimate:
        """Where each career starts, from what is laid out so far: the likeliest page, and
        whether its number of digits could still change (it differs between the fewest and
        the most pages the careers not laid out yet could have)."""
        known = [info.pages for info in infos if info is not None]
        each = round(sum(known) / len(known)) if known else 3
        fewest, most = (min(known), max(known) + 1) if known else (1, 6)
        count = len(infos)
        front_pages = (
            [self._result(front).pages] * 3 if front.done() else [3 + count // 20, 1, 4 + count // 10]
        )  # likely, fewest, most
        estimates = []
        for before, unknown in zip(front_pages, (each, fewest, most), strict=True):
            sequence = [Part("front", before)]
            sequence += [
                Part(c.key, info.pages if info else unknown)
                for c, info in zip(self.setting.careers, infos, strict=True)
            ]
            layout = lay_out([*sequence, Part("back", 1)], self.duplex, self.pad_to, self.start)
            estimates.append(layout)
        likely, low, high = (
            {c.key: layout.starts[c.key] for c in self.setting.careers} for layout in estimates
        )
        return Estimate(
            likely,
            {k for k in likely if digits_of(low[k]) != digits_of(high[k])},
            {c.key: self.side(estimates[0], c.key) for c in self.setting.careers},
        )

    # -- the whole ---------------------------------------------------------------------------

    def build(self, target: Path) -> int:
        setting = self.setting
        careers = setting.careers
        memo_key = digest(setting.base_key, "memo", [c.key for c in careers])
        memo = self.store.read_text("plans", memo_key, ".json")
        chapter_digits: dict[str, int] | None = None  # of each career's first page, once known
        chapter_sides: dict[str, str] | None = None  # and the side it begins on
        numbers_count = 0  # pages the page numbers' stamps cover: last time's, to reuse them
        back_side = "right" if self.duplex else "page"
        if memo:
            with suppress(ValueError, TypeError, KeyError, AttributeError):
                last = json.loads(memo)
                numbers_count = int(last["numbers"])
                chapter_digits = {c.key: digits_of(int(last["pages"][c.key])) for c in careers}
                chapter_sides = {c.key: str(last["sides"][c.key]) for c in careers}
                back_side = str(last["sides"]["back"])
        # The contents and the index set their numbers flush right: they need no digits.
        front = self.part("front", {})
        blank = self.part("blank", {})
        for _ in range(MAX_ROUNDS):
            self.done.rounds += 1
            # The index is laid out from the side it begins on (its page count is the same).
            back = self.part("back", {"first_side": back_side})
            parts = self.chapters(chapter_digits, chapter_sides, front)
            front_info, back_info = self._result(front), self._result(back)
            layout = self._layout(front_info, parts, back_info.pages)
            pages = {c.key: layout.starts[c.key] for c in careers}
            pages["index"] = layout.starts["back"]
            wanted = {c.key: digits_of(pages[c.key]) for c in careers}
            wanted_sides = {c.key: self.side(layout, c.key) for c in careers}
            if (chapter_digits, chapter_sides, back_side) == (
                wanted,
                wanted_sides,
                self.side(layout, "back"),
            ):
                break
            chapter_digits, chapter_sides = wanted, wanted_sides
            back_side = self.side(layout, "back")
        else:
            raise RenderError("the booklet's page numbers did not settle; try `careerbook booklet --single`")
        if layout.count > numbers_count:  # a few more than needed, for the next rebuilds
            numbers_count = NUMBER_PAGES_STEP * math.ceil((layout.count + 8) / NUMBER_PAGES_STEP)
        self.store.write_text(
            "plans",
            memo_key,
            ".json",
            json.dumps(
                {"pages": pages, "numbers": numbers_count, "sides": {**wanted_sides, "back": back_side}}
            ),
        )
        infos = {"front": front_info, "back": back_info}
        infos.update({c.key: p for c, p in zip(careers, parts, strict=True)})
        # The stamps are laid out now that the pages are counted, side by side while the
        # pages are put together (which takes the main process longer): the page numbers,
        # the cross-references' numbers, and the contents' and the index's.
        blank_info = self._result(blank)
        sides = sides_of(blank_info)
        if numbers_fit(layout, infos, sides):
            page_numbers = StampPages(
                pages=side_numbers(sides, numbers_count),
                owner={
                    n: n
                    for n, placed in enumerate(layout.pages)
                    if placed and infos[placed.part].numbers[placed.page]
                },
            )
        else:
            page_numbers = number_pages(layout, infos)
        overlays = self._stamps(page_numbers)
        for group in ([c.key for c in careers], ["front", "back"]):
            overlays += self._stamps(xref_pages(layout, {k: infos[k] for k in group}, pages))
        sources = {name: self.part_path(info.key) for name, info in infos.items()}

        def overlay_files() -> list[Path]:
            return [self.part_path(self._result(overlay.part).key) for overlay in overlays]

        self.say(f"Assembling {layout.count} pages")
        merge(
            target,
            layout,
            sources,
            owners=[overlay.owner for overlay in overlays],
            overlay_files=overlay_files,
            infos=infos,
            blank=self.part_path(blank_info.key),
            tagged=setting.tagged,
            lang=setting.page.lang,
            whole_font=lambda sha: font_file(setting, sha),
            store=self.store,
        )
        if setting.cache:
            self.store.prune()
        return layout.count

    def _stamps(self, stamped: StampPages) -> list[Overlay]:
        """Parts of STAMP_PAGES pages of stamps, and which booklet page each page is for: a
        worker's memory does not grow with the book, the workers share them, and a rebuild
        lays out again only those whose texts changed."""
        parts = []
        for start in range(0, len(stamped.pages), STAMP_PAGES):
            mine = {
                page: index - start
                for page, index in stamped.owner.items()
                if start <= index < start + STAMP_PAGES
            }
            if mine:
                part = self.part("stamps", {"pages": stamped.pages[start : start + STAMP_PAGES]})
                parts.append(Overlay(part=part, owner=mine))
        return parts

    def _layout(self, front: PartInfo, parts: list[PartInfo], back_pages: int) -> Layout:
        sequence = [Part("front", front.pages)]
        sequence += [Part(c.key, p.pages) for c, p in zip(self.setting.careers, parts, strict=True)]
        sequence.append(Part("back", back_pages))
        return lay_out(sequence, self.duplex, self.pad_to, self.start)


@dataclasses.dataclass(frozen=True)
class BookletResult:
    """What fast_booklet made: the booklet's page count, and which parts it laid out and
    which it found in the cache."""

    pages: int
    done: Tally


def fast_booklet(
    careers: list[Career],
    theme: Theme,
    page: PageSetup,
    target: Path,
    *,
    roots: list[Path],
    print_css: str,
    variant: str,
    duplex: bool,
    pad_to: int,
    start: str = "right",
    cache: bool,
    jobs: int,
    time_limit: float | None,
    logo: Path | None,
    report: Callable[[str], None],
    executor: ProcessPoolExecutor | None = None,
) -> BookletResult:
    """Build the booklet of `careers` into `target`; returns its page count and what was done."""
    root = cache_root()
    cache = cache and usable_cache(root)  # said once if it cannot be used
    with scratch_folder("careerbook-parts-") as scratch:
        try:
            setting = Setting(
                careers=careers,
                theme=theme,
                page=page,
                roots=roots,
                print_css=print_css,
                variant=variant,
                cache_root=root,
                cache=cache,
                scratch=scratch,
                time_limit=time_limit,
                base_key="",
            )
            setting = dataclasses.replace(setting, base_key=base_key(setting, logo))
            assembler = Assembler(setting, jobs if executor else 1, duplex, pad_to, start, report, executor)
            return BookletResult(pages=assembler.build(target), done=assembler.done)
        except BaseException:
            stop_workers(executor)  # before the scratch folder goes: they may be writing to it
            raise
