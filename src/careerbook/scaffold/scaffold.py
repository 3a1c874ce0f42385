"""New files for authors: a whole content project (`init`) or one career file (`new`).

The files come from templates in data/, with every field written out
and commented, and a first line that points the YAML language server at the
project's JSON Schema, so an editor completes and checks fields as the author
types. Nothing that exists is ever overwritten.
"""

from __future__ import annotations

import json
import os
import string
from dataclasses import dataclass, field
from pathlib import Path

from careerbook.clock import today
from careerbook.content.kinds import SLUG_RE
from careerbook.content.project import BOOK_FILE
from careerbook.content.schema import BOOK_SCHEMA_FILE, CAREER_SCHEMA_FILE, book_schema, career_schema, dumps
from careerbook.content.validate import load_book, slugify
from careerbook.errors import CareerbookError, shown
from careerbook.resources import scaffold_dir

DATA = scaffold_dir()
SCHEMA_DIR = "schema"
EXAMPLE_SLUG = "bike-mechanic"
MAX_TITLE = 80


@dataclass
class Written:
    """What a scaffold command did: files it made and files it left alone."""

    made: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)


def _template(name: str, **values: str) -> str:
    return string.Template((DATA / name).read_text(encoding="utf-8")).substitute(values)


def _write_new(path: Path, text: str, written: Written) -> None:
    """Write `path` unless it exists (then it is kept, as the author left it)."""
    if path.exists():
        written.kept.append(path)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as out:
        out.write(text)
    written.made.append(path)


def _schema_ref(schema_file: Path, yaml_file: Path) -> str:
    """The schema's path as the YAML language server reads it: relative to the YAML file."""
    return Path(os.path.relpath(schema_file, yaml_file.parent)).as_posix()


def write_schemas(root: Path, *, book: bool = True) -> Written:
    """The project's schema/ folder: the career file's schema, and the book file's."""
    written = Written()
    folder = root / SCHEMA_DIR
    _write_new(folder / CAREER_SCHEMA_FILE, dumps(career_schema()), written)
    if book:
        _write_new(folder / BOOK_SCHEMA_FILE, dumps(book_schema()), written)
    return written


def _this_month() -> str:
    return today().strftime("%Y-%m")


def init_project(root: Path) -> Written:
    """A new content project in `root`: book file, one example career, README, schemas."""
    if root.exists() and not root.is_dir():
        raise CareerbookError(f"{root} is a file; give a folder for the new project")
    taken = [name for name in (BOOK_FILE, "content") if (root / name).exists()]
    if taken:
        raise CareerbookError(
            f"{root} already holds a careerbook project ({' and '.join(taken)}); "
            'choose a new or empty folder, or add careers to it with `careerbook new "Title"`'
        )
    root.mkdir(parents=True, exist_ok=True)
    written = write_schemas(root)
    book_file = root / BOOK_FILE
    example = root / "content" / f"{EXAMPLE_SLUG}.yaml"
    _write_new(
        book_file,
        _template(BOOK_FILE, book_schema=_schema_ref(root / SCHEMA_DIR / BOOK_SCHEMA_FILE, book_file)),
        written,
    )
    _write_new(
        example,
        _template(
            "example-career.yaml",
            dated=_this_month(),
            schema=_schema_ref(root / SCHEMA_DIR / CAREER_SCHEMA_FILE, example),
        ),
        written,
    )
    _write_new(root / "README.md", _template("README.md", title=root.resolve().name), written)
    _write_new(root / ".gitignore", _template("gitignore"), written)
    (root / "output").mkdir(exist_ok=True)
    return written


@dataclass(frozen=True)
class Occupation:
    """What `new --soc` fills in: the BLS occupation, and the area for its source's words."""

    code: str
    title: str
    source: str  # the BLS source's text
    url: str


def occupation_for(soc: str, area: str | None) -> Occupation:
    """The BLS occupation of an SOC code (DataError when unknown, with close titles)."""
    # Here: only `new --soc` opens the BLS data; `new` and `init` stay light.
    from careerbook.content.pay import bls_source_text, bls_url
    from careerbook.oews import DataError, current_release, find_area, find_occupation

    occupation = find_occupation(soc)
    if occupation is None or occupation.is_group:
        what = "an occupation group" if occupation else "not an SOC code BLS knows"
        raise DataError(
            f"{soc!r} is {what}; find a detailed occupation's code with `careerbook occupations WORDS`"
        )
    where = find_area(area).name if area else "National"
    return Occupation(
        occupation.code,
        occupation.title,
        bls_source_text(current_release().name, occupation.title, occupation.code, where),
        bls_url(occupation.code),
    )


def _soc_parts(occupation: Occupation | None) -> dict[str, str]:
    if occupation is None:
        return {
            "soc_block": "# The nearest BLS occupation, an SOC code in quotes, for its official wages;\n"
            "# find it with `careerbook occupations WORDS`, e.g.\n"
            '# soc: "29-1171"\n',
            "oews_range": "",
            "bls_source": "",
        }
    code, title = json.dumps(occupation.code), json.dumps(occupation.title, ensure_ascii=False)
    return {
        "soc_block": f"# The nearest BLS occupation: {occupation.title} (see `careerbook "
        f"occupations`).\nsoc: {code}\n",
        "oews_range": f"    # BLS's wages for {occupation.title}, looked up when you build.\n"
        f"    - label: {title}\n      oews: {code}\n",
        # Not written: the build adds BLS's source itself, naming the release and the area
        # it prints (one typed here would name the area of today's `--area` for ever).
        "bls_source": f"  # BLS's source for {occupation.title} ({occupation.url}) is added when "
        "you build, for the area printed.\n",
    }


def new_career(
    title: str,
    project: Path,
    *,
    slug: str | None = None,
    lang: str | None = None,
    occupation: Occupation | None = None,
) -> Written:
    """content/<slug>.yaml in `project`, every field present, commented and valid; with an
    occupation, its `soc`, an OEWS pay range and the BLS source filled in."""
    title = title.strip()
    if not title:
        raise CareerbookError('the title is empty; give one, like careerbook new "Nurse Practitioner"')
    if len(title) > MAX_TITLE:
        raise CareerbookError(f"the title is {len(title)} characters; the limit is {MAX_TITLE}")
    slug = slug if slug is not None else slugify(title)
    if not slug:
        raise CareerbookError(
            f"cannot make a file name from '{title}'; give one with --slug, like --slug nurse-practitioner"
        )
    if not SLUG_RE.match(slug):
        raise CareerbookError(
            f"'{slug}' is not a slug: use lowercase letters, digits and single "
            "hyphens, like nurse-practitioner"
        )
    target = project / "content" / f"{slug}.yaml"
    if target.exists():
        raise CareerbookError(f"{target} already exists; edit it, or choose another title or --slug")
    written = write_schemas(project, book=False)
    text = _template(
        "career.yaml",
        title=json.dumps(title, ensure_ascii=False),
        slug=slug,
        lang=lang or _book_lang(project),
        dated=_this_month(),
        path=shown(target).as_posix(),
        schema=_schema_ref(project / SCHEMA_DIR / CAREER_SCHEMA_FILE, target),
        **_soc_parts(occupation),
    )
    _write_new(target, text, written)
    return written


def _book_lang(project: Path) -> str:
    """The book's language, so a new career starts in it; en when the book says nothing."""
    try:
        return load_book(project / BOOK_FILE).lang
    except CareerbookError:
        return "en"  # a broken book file is `validate`'s to report, not a reason to refuse
