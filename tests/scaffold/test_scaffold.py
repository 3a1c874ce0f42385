"""`init` and `new`: files with every field, commented, valid, pointed at the schema; then built."""

from __future__ import annotations

import re
import subprocess
import sys
import types
import zipfile
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import pytest
from pydantic import BaseModel

from careerbook.cli.main import main
from careerbook.content.checks import check
from careerbook.content.models import Book, Career
from careerbook.content.reader import read_yaml
from careerbook.content.validate import load_book, load_career
from careerbook.scaffold.scaffold import DATA
from pdftools import read_pdf, squash

MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)\n")


def run(*args: str) -> int:
    with pytest.raises(SystemExit) as done:
        main(list(args))
    return int(done.value.code or 0)


def _models(annotation: Any) -> list[type[BaseModel]]:
    origin = get_origin(annotation)
    if origin in (Annotated, Union, types.UnionType, list):
        return [m for arg in get_args(annotation)[: 1 if origin is Annotated else None] for m in _models(arg)]
    return [annotation] if isinstance(annotation, type) and issubclass(annotation, BaseModel) else []


def field_paths(model: type[BaseModel], prefix: str = "") -> set[str]:
    """Every field of a model and of the models inside it: 'work.time_split.percent' …"""
    out = set()
    for name, info in model.model_fields.items():
        out.add(prefix + name)
        for inner in _models(info.annotation):
            out |= field_paths(inner, f"{prefix}{name}.")
    return out


def data_paths(data: Any, prefix: str = "") -> set[str]:
    """Every key written in a document, list items folded together."""
    out = set()
    if isinstance(data, dict):
        for key, value in data.items():
            out.add(prefix + key)
            out |= data_paths(value, f"{prefix}{key}.")
    elif isinstance(data, list):
        for item in data:
            out |= data_paths(item, prefix)
    return out


def schema_target(path: Path) -> Path:
    match = MODELINE.match(path.read_text(encoding="utf-8"))
    assert match, f"{path} does not start with the schema line"
    return (path.parent / match[1]).resolve()


# ---------------------------------------------------------------- init


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project as a new user makes it: init, new, build."""
    root = tmp_path_factory.mktemp("init") / "guide"
    assert run("-q", "init", str(root)) == 0
    assert run("-q", "new", "Small Engine Mechanic", "--project", str(root)) == 0
    assert run("-q", "build", str(root)) == 0
    return root


def test_init_makes_a_project_with_schemas_readme_and_output(built: Path) -> None:
    files = sorted(str(p.relative_to(built)) for p in built.rglob("*") if p.is_file())
    assert files == [
        ".gitignore",
        "README.md",
        "careerbook.yaml",
        "content/bike-mechanic.yaml",
        "content/small-engine-mechanic.yaml",
        "output/.careerbook-built.json",
        "output/bike-mechanic.pdf",
        "output/booklet.pdf",
        "output/small-engine-mechanic.pdf",
        "schema/career.schema.json",
        "schema/careerbook.schema.json",
    ]
    assert schema_target(built / "careerbook.yaml") == (built / "schema/careerbook.schema.json").resolve()
    for career in (built / "content").glob("*.yaml"):
        assert schema_target(career) == (built / "schema/career.schema.json").resolve()
    readme = (built / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# guide\n")
    for step in ("careerbook new", "careerbook validate", "careerbook build", "--strict"):
        assert step in readme


def test_the_book_file_has_every_key_each_with_a_comment(built: Path) -> None:
    text = (built / "careerbook.yaml").read_text(encoding="utf-8")
    for key in Book.model_fields:
        match = re.search(rf"^(# )?{key}:", text, re.MULTILINE)
        assert match, f"careerbook.yaml lacks {key}"
        # The key's paragraph (the lines up to the blank line above it) starts with a comment.
        paragraph = text[: match.start()].rsplit("\n\n", 1)[-1]
        assert paragraph.startswith("#"), f"no comment above {key}"
    for color in ("ink", "accent", "accent_soft", "muted", "chart"):
        assert re.search(rf"^#\s+{color}: ", text, re.MULTILINE)
    book = load_book(built / "careerbook.yaml")
    assert (book.lang, book.paper, book.theme, book.duplex) == ("en", "letter", "default", True)


def test_the_example_career_is_valid_and_uses_every_field(built: Path) -> None:
    path = built / "content" / "bike-mechanic.yaml"
    career = load_career(path)
    assert career.key == "bike-mechanic"
    assert data_paths(read_yaml(path).data) == field_paths(Career)
    assert career.sources and {bool(s.url) for s in career.sources} == {True, False}
    typed = [r for r in career.pay.ranges if not hasattr(r, "oews")] if career.pay else []
    assert any(r.median for r in typed)
    assert any(r.open_high for r in typed)
    assert career.pay and [r.oews for r in career.pay.oews_ranges] == ["49-3091"]


def test_the_new_project_validates_cleanly_once_the_related_career_exists(built: Path) -> None:
    report = check([built])
    assert len(report.files) == 3
    assert report.problems == []
    # What is left to do is the placeholders: the book's and the new career's, nothing else.
    assert report.warnings and all("still the placeholder" in w.message for w in report.warnings)
    assert {w.path.name for w in report.warnings} == {"careerbook.yaml", "small-engine-mechanic.yaml"}


def test_init_and_new_build_into_handouts_and_a_booklet(built: Path) -> None:
    bike = read_pdf(built / "output" / "bike-mechanic.pdf")
    text = squash(bike.text)
    for words in (
        "Bike Mechanic",
        "Draft",
        "Overhaul One Bike",
        "A typical day in season",
        "$38K",
        "Small Engine Mechanic",
        "Your school or organization",
        "Bicycle Repairers (49-3091)",
    ):
        assert squash(words) in text, words
    new = read_pdf(built / "output" / "small-engine-mechanic.pdf")
    assert squash("Small Engine Mechanic") in squash(new.pages[0])
    assert squash("Replace with a first project to try") in squash(new.text)
    booklet = read_pdf(built / "output" / "booklet.pdf")
    assert squash("Career Guide") in squash(booklet.pages[0])
    titles = [title for _, title, _ in booklet.outline()]
    assert "Bike Mechanic" in titles and "Small Engine Mechanic" in titles


def test_init_refuses_a_folder_that_holds_a_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "careerbook.yaml").write_text("title: Mine\n", encoding="utf-8")
    (tmp_path / "b" / "content").mkdir(parents=True)
    for folder in ("a", "b"):
        assert run("init", str(tmp_path / folder)) == 1
        assert "already holds a careerbook project" in capsys.readouterr().err
    assert (tmp_path / "a" / "careerbook.yaml").read_text(encoding="utf-8") == "title: Mine\n"
    assert not (tmp_path / "b" / "careerbook.yaml").exists()


def test_init_joins_a_folder_with_other_files_and_keeps_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "README.md").write_text("# Our repository\n", encoding="utf-8")
    assert run("init", str(tmp_path)) == 0
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "# Our repository\n"
    err = capsys.readouterr().err
    assert "Kept" in err and "README.md" in err
    assert (tmp_path / "content" / "bike-mechanic.yaml").is_file()
    assert (tmp_path / "output").is_dir()


# ---------------------------------------------------------------- new


@pytest.fixture
def empty_project(tmp_path: Path) -> Path:
    (tmp_path / "careerbook.yaml").write_text("lang: es\n", encoding="utf-8")
    return tmp_path


def test_new_writes_every_field_commented_and_valid(
    empty_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(empty_project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1781000000")  # June 2026
    assert run("-q", "new", "Técnico de Sonido") == 0
    path = empty_project / "content" / "tecnico-de-sonido.yaml"
    career = load_career(path)
    assert (career.title, career.slug, career.lang, career.dated, career.draft) == (
        "Técnico de Sonido",
        "tecnico-de-sonido",
        "es",
        "2026-06",
        True,
    )
    # Without --soc, `soc` and an `oews` range are shown as comments (a real code would be a guess).
    assert data_paths(read_yaml(path).data) == field_paths(Career) - {"soc", "pay.ranges.oews"}
    report = check([path])
    assert report.problems == []
    # The placeholders are to be replaced: each one is a warning (and fails --strict).
    assert report.warnings and all("still the placeholder" in w.message for w in report.warnings)
    # Every key of the first two levels has a comment right above it.
    lines = path.read_text(encoding="utf-8").splitlines()
    keyed = [i for i, line in enumerate(lines) if re.match(r"^( {2})?[a-z_]+:", line)]
    assert len(keyed) >= 40
    for i in keyed:
        assert lines[i - 1].lstrip().startswith("#"), f"no comment above: {lines[i]}"
    assert schema_target(path) == (empty_project / "schema" / "career.schema.json").resolve()
    assert schema_target(path).is_file()


def test_new_refuses_to_overwrite(empty_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("-q", "new", "Nurse Practitioner", "--project", str(empty_project)) == 0
    path = empty_project / "content" / "nurse-practitioner.yaml"
    path.write_text("title: Mine\n", encoding="utf-8")
    assert run("new", "Nurse  Practitioner!", "--project", str(empty_project)) == 1
    assert "nurse-practitioner.yaml already exists" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "title: Mine\n"
    assert run("-q", "new", "Nurse Practitioner", "--slug", "np", "--project", str(empty_project)) == 0
    assert load_career(empty_project / "content" / "np.yaml").title == "Nurse Practitioner"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["日本語"], "cannot make a file name"),
        (["Nurse", "--slug", "Nurse_1"], "is not a slug"),
        (["x" * 81], "the limit is 80"),
        (["  "], "the title is empty"),
    ],
)
def test_new_explains_what_it_cannot_do(
    args: list[str], words: str, empty_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("new", *args, "--project", str(empty_project)) == 1
    assert words in capsys.readouterr().err
    assert not (empty_project / "content").exists()


def test_new_finds_the_project_from_a_subfolder_and_keeps_its_schema(
    empty_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema = empty_project / "schema" / "career.schema.json"
    schema.parent.mkdir()
    schema.write_text("{}", encoding="utf-8")
    (empty_project / "content").mkdir()
    monkeypatch.chdir(empty_project / "content")
    assert run("-q", "new", "Welder") == 0
    assert (empty_project / "content" / "welder.yaml").is_file()
    assert schema.read_text(encoding="utf-8") == "{}"


def test_the_scaffold_files_ship_in_the_wheel(tmp_path: Path) -> None:
    root = Path(__file__).parents[2]
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(root),
        ],
        check=True,
        capture_output=True,
    )
    names = set(zipfile.ZipFile(next(tmp_path.glob("careerbook-*.whl"))).namelist())
    shipped = sorted(p.name for p in DATA.iterdir())
    assert {"career.yaml", "careerbook.yaml", "example-career.yaml", "README.md"} <= set(shipped)
    for name in shipped:
        assert f"careerbook/scaffold/data/{name}" in names
