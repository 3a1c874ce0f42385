"""Safe writes: a file replaced whole or not at all, never through a link, never onto a device.

And safe reads of a project's files, which may come from anyone (careerbook often runs
as root on a project others share): only a regular file, opened without blocking,
checked on the opened descriptor, never read past a cap, and, when asked, only if
it really lies inside the given folders.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from careerbook.errors import OutputError, shown
from careerbook.limits import check_not_stopped


def _existing_kind(path: Path) -> str | None:
    """Why `path` may not be replaced by a written file, if it exists and may not."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        return None  # reported when its folder is made
    if stat.S_ISLNK(info.st_mode):
        return (
            "is a symbolic link; careerbook never writes through a link nor replaces one: "
            "remove it or choose another name"
        )
    if stat.S_ISDIR(info.st_mode):
        return "is a folder; give the name of a file to write, inside it or elsewhere"
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file (a device, a pipe or a socket); careerbook only replaces regular files"
    return None


def _make_folder(folder: Path, target: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise OutputError(
            f"cannot write {shown(target)}: {shown(folder)} is not a folder "
            "(a file of that name is in the way)"
        ) from None
    except OSError as exc:
        raise _cannot_write(target, exc) from None


def _cannot_write(target: Path, exc: OSError) -> OutputError:
    if exc.errno == errno.ENOSPC:
        reason = "the disk is full"
    elif exc.errno == errno.EROFS:
        reason = "the file system is read-only"
    else:
        reason = (exc.strerror or str(exc)).lower()
    return OutputError(f"cannot write {shown(target)}: {reason}; nothing was written")


def write_atomic(target: Path, write: Callable[[Path], None]) -> None:
    """Call `write(tmp_path)` on a temporary file beside `target`, then move it into place.

    Refused, before any work, with an OutputError: a `target` that exists and is not a
    regular file (a folder, a device such as /dev/null, a pipe), and a `target` that is a
    symbolic link (not followed, not replaced: a link in a shared output folder must not
    send a PDF over some other file, and replacing it would quietly undo what its owner
    set up). An OSError while writing (a full disk, a read-only folder) becomes an
    OutputError naming the file. On any failure or interruption the temporary file is
    removed and `target` keeps its previous bytes.
    """
    if problem := _existing_kind(target):
        raise OutputError(f"cannot write {shown(target)}: it {problem}")
    _make_folder(target.parent, target)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    tmp = Path(tmp_name)
    try:
        os.close(fd)
        write(tmp)
        with tmp.open("rb+") as written:
            os.fsync(written.fileno())
        os.chmod(tmp, 0o644)
        check_not_stopped()
        if problem := _existing_kind(target):  # made meanwhile: still not ours to replace
            raise OutputError(f"cannot write {shown(target)}: it {problem}")
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _cannot_write(target, exc) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def output_folder(folder: Path) -> Path:
    """A project's output folder, refused when it is a symbolic link: a project shared by
    others must not send every PDF somewhere else (as root, anywhere)."""
    if folder.is_symlink():
        raise OutputError(
            f"{shown(folder)} is a symbolic link; careerbook writes a project's "
            "files only into its own output folder: make it a real folder, or "
            "give --output"
        )
    return folder


# How old a scratch folder of a process that is gone must be before another run removes it:
# a process of another container sharing /tmp can look gone, but its folder keeps changing.
LEFT_BEHIND_AFTER = 6 * 3600


@contextmanager
def scratch_folder(prefix: str) -> Iterator[Path]:
    """A new private folder in the temporary folder, removed however the block ends. It is
    named before it is made, so that a Ctrl-C landing between the two (which `mkdtemp`
    followed by a `try` would leave) still finds it to remove. Its name holds this process's
    id, so that what a process ended by SIGKILL left is removed by a later run."""
    _remove_left_behind(prefix)
    folder = Path(tempfile.gettempdir()) / f"{prefix}{os.getpid()}-{secrets.token_hex(8)}"
    ours = True
    try:
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            ours = False  # another's, however unlikely the name: never removed by us
            raise
        yield folder
    finally:
        if ours:
            shutil.rmtree(folder, ignore_errors=True)


def _remove_left_behind(prefix: str) -> None:
    """Remove this user's scratch folders of `prefix` whose process is gone, long untouched."""
    for folder in Path(tempfile.gettempdir()).glob(f"{prefix}*-*"):
        pid = folder.name[len(prefix) :].split("-", 1)[0]
        try:
            info = folder.lstat()
            if (
                not pid.isdigit()
                or not stat.S_ISDIR(info.st_mode)
                or info.st_uid != os.getuid()
                or time.time() - info.st_mtime < LEFT_BEHIND_AFTER
            ):
                continue
            os.kill(int(pid), 0)  # raises when no such process is left
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except (OSError, ValueError, OverflowError):
            continue  # gone meanwhile, or a process of another user: not ours to remove


class NotReadable(Exception):
    """A project file careerbook will not read, with why in an author's words."""


class TooBig(NotReadable):
    def __init__(self, size: int | None, limit: int) -> None:
        said = f"{size:,} bytes" if size is not None else f"more than {limit:,} bytes"
        super().__init__(f"file is {said}; the limit is {limit:,}")
        self.size = size


OUTSIDE = (
    "leads outside the project (a symbolic link?); careerbook reads no file from outside it: copy the file in"
)
NOT_REGULAR = "not a regular file; careerbook reads only plain text files (not a pipe, a device or a folder)"


def _real_path(fd: int, path: Path) -> Path:
    """Where the opened file really is: what Linux says of the descriptor, else `path` resolved."""
    try:
        return Path(os.readlink(f"/proc/self/fd/{fd}"))
    except OSError:
        return path.resolve()


def read_capped(path: Path, limit: int, inside: Sequence[Path] = ()) -> bytes:
    """The bytes of `path`, a regular file of at most `limit` bytes (and, with `inside`, in
    one of those folders once every link is followed).

    The file is looked at before it is opened (opening some devices does something) and
    again once open, on the descriptor, so that a file swapped meanwhile is caught; it is
    opened without blocking (a pipe would hang the build) and read up to `limit` + 1 bytes
    (a file that grows while it is read). Raises NotReadable, or OSError from the system.
    """
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise NotReadable(NOT_REGULAR)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotReadable(NOT_REGULAR)
        if inside:
            real = _real_path(fd, path)
            if not any(real.is_relative_to(folder.resolve()) for folder in inside):
                raise NotReadable(OUTSIDE)
        if info.st_size > limit:
            raise TooBig(info.st_size, limit)
        chunks, left = [], limit + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > limit:
        raise TooBig(None, limit)
    return raw
