"""Warnings from how a file was written: a ' #' that cuts a text, placeholders left in."""

from __future__ import annotations

from pathlib import Path

import pytest

from careerbook.content.checks import check
from careerbook.content.lint import placeholders
from careerbook.errors import Problem
from careerbook.resources import scaffold_dir
from careerbook.scaffold.scaffold import init_project, new_career

DATA = Path(__file__).parents[1] / "data" / "careers"
SOURCED = "sources: [Interviews with beekeepers.]\ndated: 2026-03\n"
BEEKEEPER = (DATA / "minimal.yaml").read_text(encoding="utf-8") + SOURCED
PAY = """\
pay:
  ranges:
    - label: Licensed electrician #1 in demand
      low: 30000  # a real comment after a number
      high: 60000
      open_high: false # and after a boolean
"""


@pytest.fixture(autouse=True)
def pinned_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1781524800")  # 2026-06-15


def warnings(tmp_path: Path, text: str) -> list[Problem]:
    path = tmp_path / "beekeeper.yaml"
    path.write_text(text, encoding="utf-8")
    report = check([path])
    assert not report.problems, report.problems
    return report.warnings


def cut(found: list[Problem]) -> list[tuple[int, str, str]]:
    return [(w.line, w.field, w.message) for w in found if "a ' #' starts a comment" in w.message]


def test_a_comment_that_cuts_a_text_is_a_warning(tmp_path: Path) -> None:
    found = cut(warnings(tmp_path, BEEKEEPER + PAY))
    assert found == [
        (
            15,
            "pay.ranges[0].label",
            "the text stops before '#1 in demand': a ' #' starts a comment in YAML; put the text in quotes",
        )
    ]


@pytest.mark.parametrize(
    ("written", "line", "field"),
    [
        ("cluster: Trades #1\n", 13, "cluster"),
        ("related:\n  - Farmer #2 on the list\n", 14, "related[0]"),
        ("closing: Go # for it\n", 13, "closing"),
        (
            "typical_day:\n  steps:\n    - time: 9:00\n      title: Smoke #1\n      text: Calm bees.\n",
            16,
            "typical_day.steps[0].title",
        ),
    ],
)
def test_every_kind_of_text_field_is_checked(tmp_path: Path, written: str, line: int, field: str) -> None:
    assert [(w[0], w[1]) for w in cut(warnings(tmp_path, BEEKEEPER + written))] == [(line, field)]


@pytest.mark.parametrize(
    "written",
    [
        'cluster: "Trades #1"\n',  # quoted: the '#' is text
        "cluster: 'Trades' # a real comment\n",  # a comment after a quoted text
        "cluster: Trades#1\n",  # no space: YAML keeps it in the text
        "# a comment line\ncluster: Trades\n",
        "cluster: >-\n  Trades # all of it is text\n",  # block text keeps its '#'
        "typical_day:\n  steps:\n    - time: 9:00 # morning\n      title: Smoke\n      text: Calm.\n",
        "draft: false # not yet\n",
    ],
)
def test_real_comments_and_quoted_texts_are_fine(tmp_path: Path, written: str) -> None:
    assert cut(warnings(tmp_path, BEEKEEPER + written)) == []


def test_a_book_text_cut_by_a_comment_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "beekeeper.yaml").write_text(BEEKEEPER, encoding="utf-8")
    (tmp_path / "careerbook.yaml").write_text("organization: Riverside High #1 school\n", encoding="utf-8")
    report = check([tmp_path])
    assert [(w.line, w.field) for w in report.warnings] == [(1, "organization")]


# ---------------------------------------------------------------- placeholders


def test_placeholders_come_from_the_scaffold_files() -> None:
    known = placeholders()
    assert "your school or organization" in known
    assert "replace with the main activity" in known
    scaffold = (scaffold_dir() / "career.yaml").read_text(encoding="utf-8")
    replaced = scaffold.lower().count("replace with")
    assert replaced >= 20 and len(known) >= replaced - 2  # a few are written twice
    # The sensible defaults of the scaffold are not placeholders.
    assert (
        not {"a typical early-career day", "the only way to know is to try it.", "usd", "career guide"}
        & known
    )


def test_a_new_career_warns_at_every_placeholder_and_fails_strict(tmp_path: Path) -> None:
    init_project(tmp_path)
    new_career("Nurse Practitioner", tmp_path)
    report = check([tmp_path / "content" / "nurse-practitioner.yaml"])
    assert not report.problems
    left = {w.field for w in report.warnings if "still the placeholder" in w.message}
    assert {
        "cluster",
        "summary",
        "work.summary",
        "work.time_split[0].activity",
        "sources[0]",
        "sources[1].text",
        "pay.ranges[0].label",
        "pay.note",
        "signals.fits[0]",
        "how_to_get_there.education",
        "how_to_get_there.steps[0]",
    } <= left
    assert len(left) == 33


def test_the_book_file_of_init_warns_about_its_placeholders(tmp_path: Path) -> None:
    init_project(tmp_path)
    report = check([tmp_path / "careerbook.yaml"])
    assert [(w.line, w.field) for w in report.warnings] == [(12, "organization"), (13, "contact")]


def test_a_placeholder_with_text_added_is_still_one(tmp_path: Path) -> None:
    found = warnings(
        tmp_path, BEEKEEPER + "cluster: Replace with the career cluster, e.g. Health Science Agriculture\n"
    )
    assert [w.field for w in found if "placeholder" in w.message] == ["cluster"]


def test_a_written_career_has_no_placeholder(tmp_path: Path) -> None:
    for name in ("full.yaml", "spanish.yaml", "twelve-slices.yaml"):
        report = check([DATA / name])
        assert not [w for w in report.warnings if "placeholder" in w.message], name
