"""What `validate` finds: every problem of every file, the project's rules, and the warnings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from careerbook.content.checks import check
from careerbook.errors import CareerbookError, Problem

# 2026-06-15, so that "two years ago" is 2024-06-15.
JUNE_15_2026 = str(int(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC).timestamp()))


@pytest.fixture(autouse=True)
def pinned_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", JUNE_15_2026)


def career(title: str, **fields: Any) -> dict[str, Any]:
    """A valid career with sourced figures; keyword arguments replace or (None) drop fields."""
    data: dict[str, Any] = {
        "title": title,
        "summary": f"What a {title.lower()} does.",
        "work": {
            "summary": "Mostly the work itself.",
            "time_split": [{"activity": "The work", "percent": 70}, {"activity": "Paperwork", "percent": 30}],
            "time_split_source": "People who do it.",
        },
        "dated": "2026-03",
    }
    for key, value in fields.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def write(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def project(root: Path, files: dict[str, dict[str, Any]], **book: Any) -> Path:
    write(root / "careerbook.yaml", {"title": "Guide", **book})
    for slug, data in files.items():
        write(root / "content" / f"{slug}.yaml", data)
    return root


def line_of(path: Path, text: str) -> int:
    """The line on which `text` is first written in a file."""
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def lines(found: list[Problem]) -> list[str]:
    return [f"{p.path.name}:{p.line}:{p.field}: {p.message}" for p in found]


PAY = {"ranges": [{"label": "Staff", "low": 30000, "high": 50000}]}


def test_a_clean_career_has_no_problems_and_no_warnings(tmp_path: Path) -> None:
    path = write(tmp_path / "welder.yaml", career("Welder", pay=PAY, sources=["BLS (2026)"]))
    report = check([path])
    assert report.files == [path]
    assert report.problems == report.warnings == []


def test_pay_with_no_sources_is_a_warning_at_pay(tmp_path: Path) -> None:
    path = write(tmp_path / "welder.yaml", career("Welder", pay=PAY | {"note": "Rough figures."}))
    report = check([path])
    assert report.problems == []
    assert lines(report.warnings) == [
        f"welder.yaml:{line_of(path, 'pay:')}:pay: pay figures with no source; "
        "list where they come from under 'sources' "
        "(a pay.note is a caveat, not a source)"
    ]


def test_a_time_split_needs_its_own_source_or_the_careers_sources(tmp_path: Path) -> None:
    work = career("x")["work"]
    del work["time_split_source"]
    alone = write(tmp_path / "alone.yaml", career("Welder", work=work))
    sourced = write(tmp_path / "sourced.yaml", career("Welder", work=work, sources=["A survey"]))
    report = check([alone, sourced])
    assert [(w.path.name, w.line, w.field) for w in report.warnings] == [
        ("alone.yaml", line_of(alone, "time_split:"), "work.time_split")
    ]
    assert "time split has no source" in report.warnings[0].message


@pytest.mark.parametrize(
    ("dated", "stale"),
    [
        ("2024-06-16", False),  # two years less a day
        ("2024-06-15", False),  # exactly two years
        ("2024-06-14", True),
        ("2024-06", False),  # June 2024 runs to the 30th
        ("2024-05", True),
        ("2019-01", True),
    ],
)
def test_a_dated_more_than_two_years_old_is_a_warning(tmp_path: Path, dated: str, stale: bool) -> None:
    path = write(tmp_path / "welder.yaml", career("Welder", dated=dated))
    report = check([path])
    assert [w.field for w in report.warnings] == (["dated"] if stale else [])
    if stale:
        assert report.warnings[0].line == line_of(path, "dated:")
        assert f"{dated} is more than 2 years before 2026-06-15" in report.warnings[0].message


def test_a_related_career_not_in_the_book_is_a_warning_only_for_a_project(tmp_path: Path) -> None:
    root = project(
        tmp_path / "p",
        {
            "welder": career("Welder", related=["Pipefitter", "Boilermaker", "Plumber"]),
            "pipefitter": career("Pipefitter", related=["welder"]),
            "plumber": career("Plumber"),
        },
        careers=["welder", "pipefitter"],
    )
    report = check([root])
    welder = root / "content" / "welder.yaml"
    assert report.problems == []
    assert lines(report.warnings) == [
        "careerbook.yaml:2:careers: 'plumber' (plumber.yaml) is not listed, so the booklet leaves "
        "it out; add it to 'careers' if it belongs in the book",
        f"welder.yaml:{line_of(welder, 'Boilermaker')}:related[1]: 'Boilermaker' is not in this book, "
        "so it prints without a page "
        'number; check the spelling, or add it with `careerbook new "Boilermaker"`',
        # Plumber has a file, but the careers list leaves it out of the book.
        f"welder.yaml:{line_of(welder, '- Plumber')}:related[2]: 'Plumber' is not in this book, "
        "so it prints without a page "
        'number; check the spelling, or add it with `careerbook new "Plumber"`',
    ]
    # The same file alone: no book to compare with, so no related warnings.
    assert check([root / "content" / "welder.yaml"]).warnings == []


def test_without_a_careers_list_every_file_is_in_the_book(tmp_path: Path) -> None:
    root = project(
        tmp_path / "p",
        {"welder": career("Welder", related=["Plumber", "Nobody"]), "plumber": career("Plumber")},
    )
    for where in (root, root / "content"):  # a project's content/ folder means the project
        report = check([where])
        assert report.problems == []
        assert [w.field for w in report.warnings] == ["related[1]"]
        assert sorted(p.name for p in report.files) == ["careerbook.yaml", "plumber.yaml", "welder.yaml"]
    # A plain folder of career files: each file on its own.
    (root / "careerbook.yaml").unlink()
    (root / "content").rename(tmp_path / "loose")
    report = check([tmp_path / "loose"])
    assert (len(report.files), report.problems, report.warnings) == (2, [], [])


def test_every_problem_of_every_file_at_once(tmp_path: Path) -> None:
    root = project(
        tmp_path / "p",
        {
            "welder": career("Welder", titel="typo", summary=None),
            "plumber": career("Plumber", dated="June"),
            "pipefitter": career("Pipefitter", dated="2019-01"),
        },
        paper="A5",
    )
    report = check([root])
    assert [(p.path.name, p.field) for p in report.problems] == [
        ("careerbook.yaml", "paper"),
        ("plumber.yaml", "dated"),
        ("welder.yaml", "summary"),  # missing
        ("welder.yaml", "titel"),
    ]
    assert "did you mean 'title'?" in report.problems[-1].message
    # The valid file is still checked for warnings.
    assert [(w.path.name, w.field) for w in report.warnings] == [("pipefitter.yaml", "dated")]
    assert len(report.files) == 4


def test_the_project_rules_of_the_book(tmp_path: Path) -> None:
    root = project(
        tmp_path / "p",
        {
            "welder": career("Welder"),
            "welder-2": career("Welder Two", slug="welder"),
        },
        careers=["welder", "plumber", "welder"],
        logo="logo.png",
    )
    found = lines(check([root]).problems)
    assert "careerbook.yaml:6:logo: 'logo.png' does not exist" in found
    assert any(f.startswith("careerbook.yaml:4:careers[1]: no career with slug 'plumber'") for f in found)
    assert "careerbook.yaml:5:careers[2]: 'welder' is listed twice" in found
    assert (
        "welder.yaml:1:slug: slug 'welder' (from the file name) is already used by "
        "welder-2.yaml; give each career its own"
    ) in found


def test_the_slug_from_a_file_name_is_the_builds(tmp_path: Path) -> None:
    from careerbook.content.validate import load_career

    root = project(tmp_path / "p", {"técnico": career("Técnico")}, careers=["tecnico"])
    assert check([root]).problems == []
    assert load_career(root / "content" / "técnico.yaml").key == "tecnico"


def test_an_empty_project_and_a_missing_path_are_problems(tmp_path: Path) -> None:
    (tmp_path / "p" / "content").mkdir(parents=True)
    report = check([tmp_path / "p", tmp_path / "nowhere.yaml"])
    assert [p.message for p in report.problems] == [
        "no such file or folder",
        'no career files (*.yaml) here; add one with `careerbook new "Title"`',
    ]


def test_no_paths_means_the_project_around_the_current_folder(tmp_path: Path) -> None:
    root = project(tmp_path / "p", {"welder": career("Welder", related=["Nobody"])})
    (root / "content" / "deeper").mkdir()
    report = check([], cwd=root / "content" / "deeper")
    assert [w.field for w in report.warnings] == ["related[0]"]
    with pytest.raises(CareerbookError, match="no careerbook project"):
        check([], cwd=tmp_path)


def test_a_file_given_twice_is_checked_once(tmp_path: Path) -> None:
    root = project(tmp_path / "p", {"welder": career("Welder", dated="2001-01")})
    report = check([root, root / "content" / "welder.yaml", root / "careerbook.yaml"])
    assert len(report.files) == 2
    assert len(report.warnings) == 1


def test_a_language_without_a_catalog_is_a_warning(tmp_path: Path) -> None:
    from careerbook.content.checks import check

    career = tmp_path / "fr.yaml"
    career.write_text(
        "title: X\nlang: fr\nsummary: s\nwork:\n  summary: w\n  time_split:\n"
        "    - {activity: a, percent: 50}\n    - {activity: b, percent: 50}\n"
        "  time_split_source: me\n"
    )
    report = check([career])
    assert [(w.line, w.field) for w in report.warnings] == [(2, "lang")]
    assert "no catalog for 'fr'" in report.warnings[0].message


def test_a_long_careers_list_of_unknown_slugs_is_checked_in_linear_time(tmp_path: Path) -> None:
    import time

    from careerbook.booklet.book import ordered_careers
    from careerbook.content.project import open_project
    from careerbook.content.selection import HINTED_SLUGS
    from careerbook.errors import ContentError

    unknown = [f"career-number-{i}" for i in range(999)]  # with welder: the cap, 1,000
    root = project(
        tmp_path / "p",
        {"welder": career("Welder"), "plumber": career("Plumber")},
        careers=["welder", *unknown],
    )
    start = time.perf_counter()
    found = check([root]).problems
    with pytest.raises(ContentError) as built:
        ordered_careers(open_project(root))
    assert time.perf_counter() - start < 1.0  # 2.9 s when the book file was read for each
    for problems in (found, built.value.problems):
        assert len(problems) == 999
        hinted = [p for p in problems if "known: plumber, welder" in p.message]
        assert len(hinted) == HINTED_SLUGS
    assert problems[0].message == (
        "no career with slug 'career-number-0' in content/; known: plumber, welder"
    )
    assert problems[-1].message == "no career with slug 'career-number-998' in content/"


def test_an_unknown_slug_close_to_a_known_one_gets_a_hint(tmp_path: Path) -> None:
    root = project(tmp_path / "p", {"welder": career("Welder")}, careers=["welde"])
    assert [p.message for p in check([root]).problems] == [
        "no career with slug 'welde' in content/; did you mean 'welder'?"
    ]
