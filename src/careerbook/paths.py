"""Paths as a user reads them in messages: short, relative to where they are working."""

from __future__ import annotations

from pathlib import Path


def shown(path: Path, base: Path | None = None) -> Path:
    """`path` relative to `base` (default: the current folder) when it is inside it
    (`.` for the folder itself), else as it was given."""
    base = base or Path.cwd()
    for inside, folder in ((path, base), (path.resolve(), base.resolve())):
        if inside.is_absolute() == folder.is_absolute() and inside.is_relative_to(folder):
            return inside.relative_to(folder)
    return path
