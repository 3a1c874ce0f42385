"""The desk's print jobs: a career's handout, a booklet of a selection, the page pictures.

Every build runs in the preview's worker process (live/builder.py), where careerbook's
time limit holds, one at a time. In: a project folder, `Options` (with the area chosen on
the page). Out: a `Printed` (the PDF's bytes and its file name) or a `Failed` (every
problem, one line each). Handouts built for the career pages are kept in memory, keyed
by the bytes of the career file and the book file, so the page pictures are drawn from
the PDF that will print.
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from careerbook.content.project import BOOK_FILE
from careerbook.limits import DEFAULT_TIME_LIMIT
from careerbook.live.builder import GRACE_SECONDS, BuildJob, Failed, Output, Worker
from careerbook.live.pages import PageView, page_png, read_pages
from careerbook.options import Options

KEPT = 16  # handouts kept in memory for their page pictures


@dataclass(frozen=True)
class Printed:
    """A PDF made for the counselor."""

    filename: str
    data: bytes
    seconds: float


@dataclass(frozen=True)
class Handout:
    """A career's handout with its pages, for the career page."""

    title: str
    pdf: bytes
    pages: list[PageView]


@dataclass(frozen=True)
class Selection:
    """A booklet for one student: which careers, its cover's title and "prepared for" line."""

    careers: tuple[str, ...]  # slugs, in order
    title: str
    prepared_for: str


class Printer:
    """Builds documents in one worker process and keeps the latest handouts."""

    def __init__(self, root: Path, options: Options) -> None:
        self.root = root
        self.options = options
        self.worker = Worker()
        self._kept: OrderedDict[str, Handout] = OrderedDict()
        self._lock = threading.Lock()

    def start(self) -> None:
        self.worker.start()

    def close(self) -> None:
        self.worker.close()

    def _options(self, area: str | None) -> Options:
        return dataclasses.replace(self.options, area=area or self.options.area)

    def _run(self, job: BuildJob) -> Output | Failed:
        limit = job.options.time_limit or DEFAULT_TIME_LIMIT
        return self.worker.run(job, limit + GRACE_SECONDS)

    def _key(self, stem: str, area: str | None) -> str:
        digest = hashlib.sha256()
        content = self.root / "content"
        for path in (content / f"{stem}.yaml", content / f"{stem}.yml", self.root / BOOK_FILE):
            digest.update(path.read_bytes() if path.is_file() else b"")
        digest.update(f"{stem}\0{area or ''}".encode())
        return digest.hexdigest()

    def handout(self, stem: str, area: str | None = None) -> Handout | Failed:
        """The handout of content/<stem>.yaml, from memory when neither file has changed."""
        key = self._key(stem, area)
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        answer = self._run(BuildJob(self.root, "handout", stem, self._options(area)))
        if isinstance(answer, Failed):
            return answer
        made = Handout(answer.title, answer.data, read_pages(answer.data))
        with self._lock:
            self._kept[key] = made
            while len(self._kept) > KEPT:
                self._kept.popitem(last=False)
        return made

    def page(self, stem: str, index: int, area: str | None = None) -> bytes | None:
        made = self.handout(stem, area)
        if isinstance(made, Failed) or not 0 <= index < len(made.pages):
            return None
        return page_png(made.pdf, index)

    def handout_pdf(self, stem: str, area: str | None = None) -> Printed | Failed:
        made = self.handout(stem, area)
        if isinstance(made, Failed):
            return made
        return Printed(f"{stem}.pdf", made.pdf, 0.0)

    def class_set(self, careers: tuple[str, ...], area: str | None = None) -> Printed | Failed:
        """The chosen careers' handouts in one file to print for a class (build.handouts),
        in the book's order."""
        options = dataclasses.replace(self._options(area), careers=careers)
        answer = self._run(BuildJob(self.root, "handouts", "", options))
        if isinstance(answer, Failed):
            return answer
        return Printed("class-set.pdf", answer.data, answer.seconds)

    def booklet(self, selection: Selection, area: str | None = None) -> Printed | Failed:
        """A booklet of the selected careers under its own cover (the fast booklet: each
        career's chapter comes from the cache when it was laid out before)."""
        book = (
            ("careers", list(selection.careers)),
            ("title", selection.title),
            ("subtitle", selection.prepared_for or None),
        )
        answer = self._run(BuildJob(self.root, "booklet", "", self._options(area), book=book))
        if isinstance(answer, Failed):
            return answer
        return Printed("booklet.pdf", answer.data, answer.seconds)
