"""The book file's form (brand): its spec, the colours' contrast, the logo upload.

In: a colour as typed, or an uploaded file's bytes. Out: the contrast of a colour with white
(WCAG 2.1: text colours need 4.5:1 for AA), and a logo stored inside the project (in
assets/, written atomically) once it is a real SVG or PNG (its first bytes, not its name)
that the build would accept (confine.logo_refusals); or a `LogoRefused` that says why.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from careerbook.confine import logo_refusals
from careerbook.content.kinds import COLOR_RE
from careerbook.files import write_atomic
from careerbook.live.desk.spec import Group, Input, Many, Node

MAX_LOGO_BYTES = 1024 * 1024  # a logo of more than a megabyte is not what a handout needs
LOGO_FOLDER = "assets"
TEXT_COLORS = ("ink", "accent", "muted")  # printed as text on white: 4.5:1 at least
AA_TEXT = 4.5
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def book_spec(themes: list[str]) -> tuple[Node, ...]:
    """The book file's inputs (the themes there are, for the theme's choice); `start` once
    the book file has it."""
    from careerbook.content.models import Book

    spec: tuple[Node, ...] = (
        Input("title", "Booklet title", hint="On the cover; default “Career Guide”."),
        Input("subtitle", "Subtitle", hint="A line under the title on the cover."),
        Input("organization", "Organization", hint="Who hands it out; printed in every footer."),
        Input("contact", "Contact", hint="How to reach you; printed with the organization."),
        Input("logo", "Logo file", hint="A path inside the project, or upload one below."),
        Input("lang", "Language", hint="A language tag such as en or es."),
        Input("theme", "Theme", "choice", choices=("", *themes)),
        Group(
            "colors",
            "Colours",
            (
                Input("ink", "Text (ink)", "color", hint="#rgb or #rrggbb; needs 4.5:1 on white."),
                Input("accent", "Accent", "color", hint="Headings and the cover; needs 4.5:1 on white."),
                Input("accent_soft", "Soft accent", "color", hint="The soft background of boxes."),
                Input("muted", "Secondary text", "color", hint="Needs 4.5:1 on white."),
                Many("chart", "Chart colours", Input("", "Chart colour", "color"), "a chart colour"),
            ),
            hint="Leave a colour empty to keep the theme's.",
        ),
        Input("area", "Area for BLS wages", hint="A state or metro area, like Oregon or Savannah, GA."),
        Input("paper", "Paper", "choice", choices=("", "letter", "a4")),
        Input("start", "Where careers start (duplex)", "choice", choices=("", "auto", "right", "any")),
        Input("duplex", "Printed on both sides", "yesno", choices=("", "true", "false")),
    )
    return tuple(n for n in spec if n.key in Book.model_fields)


# ---------------------------------------------------------------- colours


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def contrast_with_white(color: str) -> float | None:
    """WCAG's contrast ratio of `color` (#rgb or #rrggbb) with white; None if not a colour."""
    text = color.strip()
    if not COLOR_RE.fullmatch(text):
        return None
    digits = text[1:]
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    r, g, b = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    luminance = 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)
    return 1.05 / (luminance + 0.05)


@dataclass(frozen=True)
class Contrast:
    """What the page says beside a colour."""

    ratio: float
    ok: bool

    @property
    def words(self) -> str:
        verdict = "passes" if self.ok else "fails"
        return f"Contrast with white {self.ratio:.1f}:1 — {verdict} WCAG AA for text (4.5:1)"


def contrasts(colors: dict[str, str]) -> dict[str, Contrast]:
    """The contrast of each text colour given (ink, accent, muted)."""
    out = {}
    for key in TEXT_COLORS:
        ratio = contrast_with_white(colors.get(key, "") or "")
        if ratio is not None:
            out[key] = Contrast(ratio, ratio >= AA_TEXT)
    return out


# ---------------------------------------------------------------- the logo


class LogoRefused(Exception):
    """An upload that is not stored, and why (a sentence for the page)."""


def logo_kind(data: bytes) -> str | None:
    """ ".png" or ".svg" from the file's first bytes; None for anything else."""
    if data.startswith(PNG_MAGIC):
        return ".png"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if b"\0" in data:
        return None
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!DOCTYPE svg")) and b"<svg" in data[:65536]:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return ".svg"
    return None


def store_logo(root: Path, data: bytes) -> str:
    """Store an uploaded logo as assets/logo.svg or .png in the project; its path, for the
    book file. LogoRefused when it is too big, not an SVG or PNG, or one the build refuses."""
    if not data:
        raise LogoRefused("the file is empty; choose an SVG or PNG file")
    if len(data) > MAX_LOGO_BYTES:
        raise LogoRefused(
            f"the file is {len(data):,} bytes; a logo may have at most {MAX_LOGO_BYTES:,} (1 MiB)"
        )
    kind = logo_kind(data)
    if kind is None:
        raise LogoRefused("the file is not an SVG or PNG image (judged by its content, not its name)")
    root = root.resolve()
    folder = root / LOGO_FOLDER
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise LogoRefused(f"{LOGO_FOLDER}/ in the project is not a plain folder")
    folder.mkdir(exist_ok=True)
    # Vetted where it will lie, so that what an SVG refers to resolves as it will.
    fd, name = tempfile.mkstemp(prefix=".upload-", suffix=kind, dir=folder)
    trial = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        refusals = logo_refusals(trial, [root])
        if refusals:
            raise LogoRefused("; ".join(r.replace(str(trial), "the uploaded file") for r in refusals))
    finally:
        with contextlib.suppress(OSError):
            trial.unlink()
    target = folder / f"logo{kind}"

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    write_atomic(target, write)
    return f"{LOGO_FOLDER}/logo{kind}"
