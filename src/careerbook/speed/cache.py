"""Content-hash caches on disk, so that work whose inputs have not changed is not done again.

Two things are kept: chart drawings (an SVG and its alt text, so that a warm build
never imports matplotlib) and the booklet's laid-out parts (one PDF per career,
see assemble.py). An entry's name is the SHA-256 of everything that can change
its bytes: the content, the theme and template files, the book's settings, and
careerbook's and its renderers' own code. A stale entry is therefore never
used; it is only left behind, and `prune` removes the least recently used ones.

Where: $CAREERBOOK_CACHE_DIR, else $XDG_CACHE_HOME/careerbook, else
~/.cache/careerbook, made private (mode 0700) when careerbook makes it. A cache may be
shared (a district's on a network drive), so nothing in it runs when it is read: it
holds JSON, PDF and font files only, never pickles. It only ever saves time: every entry
has the SHA-256 of its bytes beside it (`<entry>.sha256`), checked when it is read, so a
truncated or altered entry is a miss and is made again; a cache that cannot be used (a
read-only folder, a file in its place) is said once, and the build goes on without it.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from careerbook.resources import fonts_dir

# Entries beyond this many bytes in all are pruned, least recently used first.
MAX_BYTES = 512 * 1024 * 1024
# Bump when the layout of cache entries changes.
FORMAT = "2"
SEAL = ".sha256"  # beside each entry: the hex SHA-256 of its bytes


def cache_root() -> Path:
    """Where the cache lives (see the module's docstring)."""
    explicit = os.environ.get("CAREERBOOK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "careerbook"


def digest(*parts: Any) -> str:
    """A stable hash of JSON-able parts (dataclasses and models as their fields)."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=_plain)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if hasattr(value, "__dataclass_fields__"):
        return {k: getattr(value, k) for k in value.__dataclass_fields__}
    if isinstance(value, Path | bytes):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    return repr(value)


def files_digest(paths: Iterable[Path]) -> str:
    """The hash of these files' names and bytes (a missing file counts as absent)."""
    h = hashlib.sha256()
    for path in sorted(set(paths)):
        h.update(str(path).encode() + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"\1missing")
        h.update(b"\0")
    return h.hexdigest()


def _stat_key(path: Path) -> str:
    try:
        st = path.stat()
    except OSError:
        return f"{path}:missing"
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"


@cache
def package_stamp(name: str) -> str:
    """Which installed version of a package (its __init__'s path, size and time), without
    importing it: importing matplotlib just to learn its version would defeat the cache."""
    from importlib.util import find_spec

    try:
        spec = find_spec(name)
    except (ImportError, ValueError):
        spec = None
    return _stat_key(Path(spec.origin)) if spec and spec.origin else f"{name}:absent"


@cache
def code_digest() -> str:
    """careerbook's own code: any change to it (an edit in a checkout) starts afresh."""
    package = Path(__file__).resolve().parent.parent
    return files_digest(package.rglob("*.py"))


@dataclass(frozen=True)
class CacheEntry:
    """An entry found whole in the cache: its file and its bytes."""

    path: Path
    data: bytes


class Cache:
    """Entries as files under `root/<kind>/<2 hex>/<rest of the key><suffix>`."""

    def __init__(self, root: Path | None = None, *, enabled: bool = True) -> None:
        self.root = root or cache_root()
        self.enabled = enabled
        self.hits: Counter[str] = Counter()
        self.misses: Counter[str] = Counter()

    def path(self, kind: str, key: str, suffix: str = "") -> Path:
        return self.root / kind / key[:2] / f"{key[2:]}{suffix}"

    def lookup(self, kind: str, key: str, suffix: str = "") -> Path | None:
        """The entry's file if it is there whole (and marks it recently used), else None."""
        found = self._checked(kind, key, suffix)
        return None if found is None else found.path

    def read_bytes(self, kind: str, key: str, suffix: str = "") -> bytes | None:
        """The entry's bytes if it is there whole (and marks it recently used), else None."""
        found = self._checked(kind, key, suffix)
        return None if found is None else found.data

    def read_text(self, kind: str, key: str, suffix: str = "") -> str | None:
        data = self.read_bytes(kind, key, suffix)
        if data is None:
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def _checked(self, kind: str, key: str, suffix: str) -> CacheEntry | None:
        """The entry's file and bytes, if they are those its seal was made of."""
        if self.enabled:
            path = self.path(kind, key, suffix)
            try:
                data = path.read_bytes()
                seal = path.with_name(path.name + SEAL).read_text(encoding="ascii").strip()
                os.utime(path)
            except (OSError, UnicodeDecodeError):
                pass
            else:
                if hashlib.sha256(data).hexdigest() == seal:
                    self.hits[kind] += 1
                    return CacheEntry(path=path, data=data)
        self.misses[kind] += 1
        return None

    def write_bytes(self, kind: str, key: str, suffix: str, data: bytes) -> Path | None:
        """Store an entry atomically (readers see all of it or nothing); None if it cannot be."""
        if not self.enabled:
            return None
        target = self.path(kind, key, suffix)
        try:
            self._make_root()
            target.parent.mkdir(parents=True, exist_ok=True)
            _replace(target, data)
            _replace(target.with_name(target.name + SEAL), _seal(data))
        except OSError as exc:
            self.enabled = False
            _cannot_use(self.root, exc)
            return None
        return target

    def seal(self, kind: str, key: str, suffix: str) -> None:
        """Seal an entry written in place by someone else (a part's PDF, by WeasyPrint)."""
        path = self.path(kind, key, suffix)
        with suppress(OSError):
            _replace(path.with_name(path.name + SEAL), _seal(path.read_bytes()))

    def _make_root(self) -> None:
        """The cache's folder, private when careerbook makes it."""
        if not self.root.is_dir():
            self.root.mkdir(mode=0o700, parents=True, exist_ok=True)

    def write_text(self, kind: str, key: str, suffix: str, text: str) -> Path | None:
        return self.write_bytes(kind, key, suffix, text.encode("utf-8"))

    def prune(self, max_bytes: int = MAX_BYTES) -> int:
        """Remove the least recently used entries until the cache fits; returns how many."""
        if not self.enabled or not self.root.is_dir():
            return 0
        entries = []
        for path in self.root.rglob("*"):
            if path.name.endswith(SEAL):
                continue  # goes with its entry
            try:
                st = path.stat()
            except OSError:
                continue
            if path.is_file():
                entries.append((st.st_mtime, st.st_size + 64, path))
        total = sum(size for _, size, _ in entries)
        removed = 0
        for _, size, path in sorted(entries):
            if total <= max_bytes:
                break
            path.unlink(missing_ok=True)
            path.with_name(path.name + SEAL).unlink(missing_ok=True)
            total -= size
            removed += 1
        return removed


def _seal(data: bytes) -> bytes:
    return hashlib.sha256(data).hexdigest().encode("ascii")


def _replace(target: Path, data: bytes) -> None:
    """Write `target` whole or not at all: a temporary file beside it, then renamed."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_said: set[Path] = set()


def usable_cache(root: Path) -> bool:
    """Whether the cache at `root` can be used: its folder made (private) if need be, and a
    file written and removed in it. If not, say so once, on stderr: the build goes on without.
    A cache every user may write to is said once too, and used: nothing in it can run, and
    every entry is checked when read (but what it holds ends up in the PDFs)."""
    try:
        if not root.is_dir():
            root.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=root, prefix=".probe-")
        os.close(fd)
        os.unlink(probe)
        mode = root.stat().st_mode
    except OSError as exc:
        _cannot_use(root, exc)
        return False
    if mode & stat.S_IWOTH:
        _say_once(
            root,
            f"careerbook: warning: the cache at {root} may be changed by every user "
            f"of this machine; `chmod o-w {root}` keeps it to you and your group",
        )
    return True


def _cannot_use(root: Path, exc: OSError) -> None:
    reason = "it is not a folder" if root.exists() and not root.is_dir() else exc.strerror or exc
    _say_once(root, f"careerbook: the cache at {root} cannot be used ({reason}); building without it")


def keep_quiet() -> None:
    """Say nothing of a cache that cannot be used: in a child process, whose parent says it."""
    global _quiet
    _quiet = True


_quiet = False


def _say_once(root: Path, message: str) -> None:
    if root not in _said and not _quiet:
        _said.add(root)
        print(message, file=sys.stderr)


# -- charts --------------------------------------------------------------------------------


_active: Cache | None = None


@contextmanager
def charts_cached(cache: Cache | None) -> Iterator[None]:
    """While inside, drawn charts are looked up in and stored to `cache`."""
    global _active
    previous, _active = _active, cache
    try:
        yield
    finally:
        _active = previous


def active() -> Cache | None:
    return _active


@cache
def _charts_code() -> str:
    package = Path(__file__).resolve().parent.parent
    fonts = ",".join(_stat_key(p) for p in sorted(fonts_dir().glob("*.[ot]tf")))
    charts_code = sorted((package / "charts").glob("*.py"))
    return digest(
        FORMAT,
        files_digest([*charts_code, package / "lang" / "formatting.py"]),
        package_stamp("matplotlib"),
        package_stamp("babel"),
        fonts,
    )


def chart_key(kind: str, inputs: Any) -> str:
    return digest("chart", kind, inputs, _charts_code())


@dataclass(frozen=True)
class DrawnChart:
    """A chart as drawn: its SVG, and its alt text (the text it stands for)."""

    svg: str
    alt: str


def write_chart(store: Cache, key: str, drawn: DrawnChart) -> None:
    """Keep a drawn chart under `key` (chart_key), as JSON: [svg, alt]."""
    store.write_text("charts", key, ".json", json.dumps([drawn.svg, drawn.alt]))


def chart(kind: str, inputs: Any, draw: Callable[[], DrawnChart]) -> DrawnChart:
    """A chart: from the active cache if it was drawn before, else drawn now."""
    store = _active
    if store is None:
        return draw()
    key = chart_key(kind, inputs)
    text = store.read_text("charts", key, ".json")
    if text is not None:
        try:
            svg, alt = json.loads(text)  # as write_chart keeps it
            return DrawnChart(svg=str(svg), alt=str(alt))
        except (ValueError, TypeError):
            pass
    drawn = draw()
    write_chart(store, key, drawn)
    return drawn
