"""What `build` wrote into output/, remembered (output/.careerbook-built.json), so that the
next build removes the files of a career that is gone (its file deleted or renamed), and
only those.

A file is removed only when all of these hold: the last builds' list names it, with the
career it was made for; that career is no longer in the project; it is a regular file
directly in output/ (no link, no folder, no path); and its bytes are still those `build`
wrote (a file the user has since replaced or edited is theirs). Anything else in output/,
the user's own files among them, is never touched. A list that cannot be read is taken as
empty: nothing is removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from careerbook.files import NotReadable, read_capped, write_atomic
from careerbook.limits import MAX_FILE_BYTES

MANIFEST = ".careerbook-built.json"


@dataclass(frozen=True)
class Built:
    """A file `build` wrote in output/: its name, the career it is of (None: the booklet's),
    and the SHA-256 of its bytes."""

    name: str
    career: str | None
    sha256: str


def _digest(path: Path) -> str | None:
    """The SHA-256 of a regular file (not through a link), or None."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        sha = hashlib.sha256()
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                sha.update(block)
        return sha.hexdigest()
    except OSError:
        return None


def built(path: Path, career: str | None) -> Built | None:
    """The record of a file just written (None if it is not there after all)."""
    digest = _digest(path)
    return Built(path.name, career, digest) if digest else None


def read_manifest(folder: Path) -> list[Built]:
    try:
        # A regular file of a sane size only: the output folder may hold anything.
        data = json.loads(read_capped(folder / MANIFEST, MAX_FILE_BYTES).decode("utf-8"))
        entries = data["files"]
        return [
            Built(str(e["name"]), None if e["career"] is None else str(e["career"]), str(e["sha256"]))
            for e in entries
        ]
    except (OSError, NotReadable, ValueError, KeyError, TypeError):
        return []


def _plain_name(name: str) -> bool:
    return bool(name) and name not in (".", "..", MANIFEST) and "/" not in name and "\\" not in name


def remove_stale(folder: Path, careers: Iterable[str], written: Iterable[Built]) -> list[Path]:
    """Remove what the previous builds wrote for careers no longer in `careers` (the project's
    every career, chosen or not), then remember what is now build's: `written` (this build's
    files) and the earlier entries still in place. Returns the files removed."""
    alive = set(careers)
    now = {b.name: b for b in written}
    removed = []
    kept: dict[str, Built] = {}
    for entry in read_manifest(folder):
        if entry.name in now or not _plain_name(entry.name):
            continue
        path = folder / entry.name
        if _digest(path) != entry.sha256:
            continue  # gone already, or no longer what build wrote: the user's
        if entry.career is not None and entry.career not in alive:
            try:
                path.unlink()
            except OSError:  # kept, and listed again: the next build tries again
                kept[entry.name] = entry
                continue
            removed.append(path)
        else:
            kept[entry.name] = entry
    files = sorted([*kept.values(), *now.values()], key=lambda b: b.name)

    def write(tmp: Path) -> None:
        tmp.write_text(json.dumps({"files": [asdict(b) for b in files]}, indent=1) + "\n", encoding="utf-8")

    write_atomic(folder / MANIFEST, write)
    return removed
