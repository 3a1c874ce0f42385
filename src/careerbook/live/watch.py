"""Watch a project's sources and rebuild its PDFs when one of them changes.

What counts as a change is a file the build reads (`Sources`): the book file,
the career files in `content/`, the files in the project's `styles/` and
`templates/` (and careerbook's own, for who works on careerbook), and the book's
logo; an editor's scratch and backup files do not count, nor a picture saved
beside the book file, nor anything in `output/`, so writing the PDFs never
triggers another build. `preview` uses the same watcher to know when to reload
the page.
"""

from __future__ import annotations

import queue
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from careerbook.build import Progress, booklet, build_all, handout
from careerbook.built import built, remove_stale
from careerbook.content.project import BOOK_FILE, open_project
from careerbook.content.validate import load_career
from careerbook.errors import CareerbookError, ContentError, shown
from careerbook.options import Options
from careerbook.resources import styles_dir, templates_dir

SOURCE_DIRS = ("content", "styles", "templates")
CAREER_SUFFIXES = (".yaml", ".yml")
QUIET_SECONDS = 0.15  # changes this close together are one edit (an editor's save is several events)
LONGEST_BATCH = 2.0
# Files that editors, downloads and desktops leave beside the ones a build reads.
SCRATCH_SUFFIXES = (".swp", ".swo", ".swx", ".tmp", ".bak", ".orig", ".part", ".crdownload")
SCRATCH_NAMES = ("4913", "Thumbs.db", "desktop.ini")  # (4913: vim's test of a folder)


def _complain(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def problem_lines(exc: CareerbookError, relative_to: Path | None = None) -> list[str]:
    """What is wrong, one line a problem, paths relative to the project where they can be."""
    if not isinstance(exc, ContentError):
        message = str(exc)
        if relative_to is not None:
            message = message.replace(f"{relative_to}/", "")
        return [f"error: {message}"]
    if relative_to is None:
        return [str(p) for p in exc.problems]
    return [str(replace(p, path=shown(p.path, relative_to))) for p in exc.problems]


def _logo_file(root: Path) -> Path | None:
    """Where the book file says the logo is, when it can be read and names one (the file
    may not be there yet: its arrival is a change)."""
    try:
        name = open_project(root).book.logo
    except CareerbookError:
        return None
    return (root / name).resolve() if name else None


def _scratch(path: Path) -> bool:
    """An editor's swap, lock or backup file, or a desktop's: never read by a build."""
    name = path.name
    return (
        name.startswith((".", "#"))
        or name.endswith("~")
        or name in SCRATCH_NAMES
        or path.suffix.lower() in SCRATCH_SUFFIXES
    )


@dataclass(frozen=True)
class Sources:
    """What a build of the project at `root` reads, to tell a change that matters."""

    root: Path  # resolved
    logo: Path | None  # resolved; None when the book names none (or cannot be read)

    @classmethod
    def of(cls, root: Path) -> Sources:
        root = root.resolve()
        return cls(root, _logo_file(root))

    def top_level(self, path: Path) -> bool:
        """In the project folder itself: the book file, a source folder, the logo (or the
        folder it is in) come or go."""
        return path.parent == self.root and (
            path.name in SOURCE_DIRS
            or path.name == BOOK_FILE
            or (self.logo is not None and self.logo.is_relative_to(path))
        )

    def read_by_build(self, path: Path) -> bool:
        """Whether a build reads `path`: a change to it is worth a rebuild or a reload."""
        if self.top_level(path) or path == self.logo:
            return True
        if _scratch(path):
            return False
        if path.parent == self.root / "content":
            return path.suffix in CAREER_SUFFIXES
        folders = [self.root / "styles", self.root / "templates", styles_dir(), templates_dir()]
        return any(path.is_relative_to(f) for f in folders)


def source_dirs(root: Path) -> list[Path]:
    """The folders to watch recursively, none inside another."""
    candidates = [root / name for name in SOURCE_DIRS]
    candidates += [templates_dir(), styles_dir()]
    logo = _logo_file(root)
    if logo is not None and logo.parent != root:
        candidates.append(logo.parent)
    found: list[Path] = []
    for path in sorted({c.resolve() for c in candidates if c.is_dir()}, key=lambda p: len(p.parts)):
        if not any(path.is_relative_to(f) for f in found):
            found.append(path)
    return found


class ProjectWatcher:
    """Batches of changed source files of one project, from two watchfiles threads.

    One thread watches the project folder itself (not recursively: the book file,
    the logo, a source folder being created); the other watches the source folders
    recursively, and is restarted when the first sees the set of folders change.
    """

    def __init__(self, root: Path, stop: threading.Event | None = None) -> None:
        self.root = root.resolve()
        self.stop = stop or threading.Event()
        self._changes: queue.Queue[set[Path]] = queue.Queue()
        self._tree_stop = threading.Event()
        self._tree_dirs: list[Path] | None = None
        self.sources = Sources.of(self.root)
        self._started: list[threading.Event] = []
        self._threads: list[threading.Thread] = []

    def _run(
        self,
        paths: list[Path],
        recursive: bool,
        stop: threading.Event,
        keep: Callable[[Path], bool],
        started: threading.Event,
    ) -> None:
        import watchfiles

        any_stop = _AnyEvent(stop, self.stop)
        for batch in watchfiles.watch(
            *paths,
            recursive=recursive,
            stop_event=any_stop,
            rust_timeout=200,
            yield_on_timeout=True,
            raise_interrupt=False,
            debounce=400,
            step=50,
        ):
            started.set()
            changed = {Path(name) for _, name in batch}
            changed = {p for p in changed if keep(p)}
            if changed:
                self._changes.put(changed)

    def _top_level(self, path: Path) -> bool:
        return self.sources.top_level(path)

    def _start(
        self, paths: list[Path], recursive: bool, stop: threading.Event, keep: Callable[[Path], bool]
    ) -> None:
        started = threading.Event()
        thread = threading.Thread(
            target=self._run,
            args=(paths, recursive, stop, keep, started),
            name="careerbook-watch",
            daemon=True,
        )
        thread.start()
        self._started.append(started)
        self._threads.append(thread)

    def _source(self, path: Path) -> bool:
        return self.sources.read_by_build(path)

    def _start_tree(self) -> None:
        self.sources = Sources.of(self.root)  # the book file may name another logo now
        dirs = source_dirs(self.root)
        if dirs == self._tree_dirs:
            return
        self._tree_stop.set()
        self._tree_stop = threading.Event()
        self._tree_dirs = dirs
        if dirs:
            self._start(dirs, True, self._tree_stop, self._source)

    def start(self) -> ProjectWatcher:
        self._start([self.root], False, threading.Event(), self._top_level)
        self._start_tree()
        return self

    def wait_ready(self, timeout: float = 10) -> bool:
        """True once every watcher is watching: edits made after this are seen."""
        deadline = time.monotonic() + timeout
        return all(e.wait(max(0.0, deadline - time.monotonic())) for e in list(self._started))

    def close(self) -> None:
        self.stop.set()
        self._tree_stop.set()
        for thread in self._threads:
            thread.join(timeout=2)

    def batches(self) -> Iterator[set[Path]]:
        """Each edit as the set of files it changed, until `stop` is set."""
        while not self.stop.is_set():
            try:
                changed = self._changes.get(timeout=0.1)
            except queue.Empty:
                continue
            first = time.monotonic()
            while time.monotonic() - first < LONGEST_BATCH:
                try:
                    changed |= self._changes.get(timeout=QUIET_SECONDS)
                except queue.Empty:
                    break
            if any(self._top_level(p) for p in changed):
                self._start_tree()  # a source folder may have come or gone
            if not self.stop.is_set():
                yield changed


class _AnyEvent:
    """Set when either event is: what watchfiles' `stop_event` is asked."""

    def __init__(self, *events: threading.Event) -> None:
        self.events = events

    def is_set(self) -> bool:
        return any(e.is_set() for e in self.events)


def _is_career(path: Path, root: Path) -> bool:
    return path.parent == root / "content" and path.suffix in CAREER_SUFFIXES and path.is_file()


def rebuild(
    root: Path, changed: set[Path], options: Options, report: Progress, complain: Progress = _complain
) -> list[Path]:
    """Rebuild what `changed` touches: a career's handout and the booklet, or everything.

    A bad file is reported and nothing of it is written; the previous PDFs stay.
    """
    careers = sorted(p for p in changed if _is_career(p, root))
    try:
        project = open_project(root)
        if careers and len(careers) == len(changed):
            written, records = [], []
            for path in careers:
                key = load_career(path).key
                written.append(handout(path, project.output_dir / f"{key}.pdf", options, report))
                records.append(built(written[-1], key))
            written.append(booklet(project, None, options, report))
            records.append(built(written[-1], None))
            # What build wrote, kept up to date: a career deleted later takes its files along.
            alive = [load_career(path).key for path in project.career_files()]
            remove_stale(project.output_dir, alive, [r for r in records if r is not None])
            return written
        return build_all(project, options, report)
    except CareerbookError as exc:
        for line in problem_lines(exc, root):
            complain(line)
        complain("careerbook: not rebuilt; fix the file and save it again.")
        return []


def watch(
    root: Path,
    options: Options,
    report: Progress,
    *,
    complain: Progress = _complain,
    stop: threading.Event | None = None,
    max_rebuilds: int | None = None,
    ready: threading.Event | None = None,
) -> int:
    """Build everything, then rebuild on every change until `stop` (or `max_rebuilds`).

    Returns how many rebuilds ran. `ready` is set once the first build is done and
    the watchers are watching.
    """
    root = root.resolve()
    open_project(root)  # a missing folder is an error now, not a silent watch
    options = replace(options, fork=False)  # the watcher's threads run beside every build
    watcher = ProjectWatcher(root, stop).start()
    try:
        rebuild(root, set(), options, report, complain)
        watcher.wait_ready()
        report(f"Watching {root} for changes (Ctrl-C stops)")
        if ready is not None:
            ready.set()
        rebuilds = 0
        for changed in watcher.batches():
            names = ", ".join(sorted(str(shown(p, root)) for p in changed))
            report(f"Changed: {names}")
            rebuild(root, changed, options, report, complain)
            rebuilds += 1
            if max_rebuilds is not None and rebuilds >= max_rebuilds:
                break
        return rebuilds
    finally:
        watcher.close()
