"""The models against the fixture careers, and the book file (careerbook.yaml)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from careerbook.content.models import Book, Career, TimeSlice
from careerbook.content.pay_models import Pay, PayRange
from careerbook.content.reader import read_yaml
from careerbook.content.validate import _model_at, load_book, load_career
from careerbook.errors import ContentError, Problem

# Every field of FORMAT.md's table, and the fields of its list items and mappings.
FORMAT_FIELDS = [
    "title",
    "slug",
    "lang",
    "cluster",
    "soc",
    "summary",
    "related",
    "fit.worth_it_if",
    "fit.maybe_not_if",
    "work.summary",
    "work.time_split",
    "work.time_split_note",
    "work.time_split_source",
    "typical_day.title",
    "typical_day.steps",
    "typical_day.note",
    "signals.intro",
    "signals.fits",
    "signals.misfits",
    "start_here.title",
    "start_here.text",
    "how_to_get_there.title",
    "how_to_get_there.education",
    "how_to_get_there.training",
    "how_to_get_there.credentials",
    "how_to_get_there.steps",
    "pay.headline",
    "pay.summary",
    "pay.currency",
    "pay.period",
    "pay.ranges",
    "pay.growth",
    "pay.note",
    "outlook.where_its_going",
    "outlook.right_now",
    "sources",
    "dated",
    "closing",
    "draft",
]
ITEM_FIELDS = {
    "work.time_split": ["activity", "percent"],
    "typical_day.steps": ["time", "title", "text"],
    "pay.ranges": ["label", "low", "median", "high", "open_high"],
    "pay.growth": ["low", "high", "label"],
    "sources": ["text", "url"],
}
FIXTURES = ["minimal", "full", "spanish", "twelve-slices"]


def all_paths(value: Any, prefix: str = "") -> set[str]:
    """Dotted paths of every key in plain data, list items folded into their list."""
    out: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            out |= {path} | all_paths(item, path)
    elif isinstance(value, list):
        for item in value:
            out |= all_paths(item, prefix)
    return out


def nones(model: BaseModel, prefix: str = "") -> list[str]:
    """Fields of a model (and of its sub-models) that are left unset."""
    out = []
    for name in type(model).model_fields:
        value = getattr(model, name)
        path = f"{prefix}.{name}" if prefix else name
        if value is None:
            out.append(path)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, BaseModel) and not (path == "pay.ranges" or path == "sources"):
                out += nones(item, path)
    return out


# --- the models carry the whole format ---------------------------------------------------


@pytest.mark.parametrize("field", FORMAT_FIELDS)
def test_every_format_field_is_in_the_model(field: str) -> None:
    *parents, name = field.split(".")
    model = _model_at(Career, tuple(parents))
    assert model is not None
    assert name in model.model_fields


@pytest.mark.parametrize(("field", "names"), ITEM_FIELDS.items())
def test_every_item_field_is_in_the_model(field: str, names: list[str]) -> None:
    model = _model_at(Career, tuple(field.split(".")))
    assert model is not None
    assert list(model.model_fields) == names


# --- fixture careers ----------------------------------------------------------------------


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_careers_are_valid(careers_dir: Path, name: str) -> None:
    career = load_career(careers_dir / f"{name}.yaml")
    assert career.key == (career.slug or "")
    assert career.key == name if name != "full" else career.key == "wildlife-biologist"


def test_minimal_has_only_the_required_fields(careers_dir: Path) -> None:
    path = careers_dir / "minimal.yaml"
    assert sorted(all_paths(read_yaml(path).data)) == [
        "summary",
        "title",
        "work",
        "work.summary",
        "work.time_split",
        "work.time_split.activity",
        "work.time_split.percent",
    ]
    career = load_career(path)
    assert career.slug == "minimal"  # from the file's stem
    assert career.lang is None  # the book's lang, else en, is decided when printing
    assert career.draft is False
    for optional in (
        "cluster",
        "related",
        "fit",
        "typical_day",
        "signals",
        "start_here",
        "pay",
        "outlook",
        "sources",
        "dated",
        "closing",
    ):
        assert getattr(career, optional) is None, optional
    assert career.dated_on is None


def test_full_has_every_field(careers_dir: Path) -> None:
    path = careers_dir / "full.yaml"
    written = all_paths(read_yaml(path).data)
    expected = set(FORMAT_FIELDS)
    for parent, names in ITEM_FIELDS.items():
        expected |= {f"{parent}.{n}" for n in names}
    expected.add("pay.ranges.oews")  # the other kind of range (new in 1.1)
    expected |= {field.split(".")[0] for field in expected}
    assert expected - written == set()
    assert written - expected == set()
    career = load_career(path)
    assert nones(career) == []


def test_full_content(careers_dir: Path) -> None:
    career = load_career(careers_dir / "full.yaml")
    assert career.typical_day is not None
    times = [s.time for s in career.typical_day.steps]
    assert times == ["4:30 am", "9:00", "12:15", "6:45 pm"]
    assert career.sources is not None
    assert career.sources[0].url is None
    assert career.sources[1].url is not None
    assert career.sources[1].url.startswith("https://www.bls.gov/")
    assert career.sources[2].url == "https://example.org/interviews?year=2025"
    assert "**honest**" in career.summary
    assert "- cleaning data from trail cameras" in career.work.summary
    assert "\n\n" in career.work.summary
    assert career.start_here is not None
    assert "<b>raw html</b>" in career.start_here.text
    assert career.pay is not None
    typed = [r for r in career.pay.ranges if isinstance(r, PayRange)]
    assert [r.open_high for r in typed] == [False, False, True]
    assert typed[2].median is None
    assert [r.oews for r in career.pay.oews_ranges] == ["19-1023"]
    assert career.soc == "19-1023"
    assert career.how_to_get_there and career.how_to_get_there.steps
    assert len(career.how_to_get_there.steps) == 3
    assert career.pay.growth is not None
    assert (career.pay.growth.low, career.pay.growth.high) == (2, 5)
    assert sum(s.percent for s in career.work.time_split) == 100
    assert career.dated_on == dt.date(2026, 6, 15)
    assert career.draft is False


def test_spanish(careers_dir: Path) -> None:
    career = load_career(careers_dir / "spanish.yaml")
    assert career.lang == "es"
    assert career.pay is not None
    assert career.pay.currency == "EUR"
    assert "ñ" in career.closing + career.summary or "í" in career.summary
    assert career.dated_on == dt.date(2026, 3, 1)


def test_twelve_slices_stresses_every_limit(careers_dir: Path) -> None:
    career = load_career(careers_dir / "twelve-slices.yaml")
    percents = [s.percent for s in career.work.time_split]
    assert len(percents) == 12
    assert {2, 3} <= set(percents)
    assert sum(percents) == 100
    assert max(len(s.activity) for s in career.work.time_split) > 60
    assert career.typical_day is not None
    assert len(career.typical_day.steps) == 12
    assert career.pay is not None
    assert len(career.pay.ranges) == 8
    assert min(len(r.label) for r in career.pay.ranges) > 60
    for text in (career.summary, career.work.summary):
        assert text.count("\n\n") >= 2  # several paragraphs
        assert text.count("\n- ") >= 3  # and a bullet list
    assert career.pay.summary is not None
    assert "\n- " in career.pay.summary


# --- model behaviour ----------------------------------------------------------------------


def test_pay_defaults() -> None:
    pay = Pay.model_validate({"ranges": [{"label": "L", "low": "1", "high": "2"}]})
    assert (pay.currency, pay.period) == ("USD", "year")
    assert pay.ranges[0].open_high is False
    assert pay.ranges[0].median is None


def test_models_forbid_unknown_fields_and_are_frozen() -> None:
    with pytest.raises(ValidationError):
        TimeSlice.model_validate({"activity": "A", "percent": "5", "extra": "x"})
    piece = TimeSlice.model_validate({"activity": "A", "percent": "5"})
    with pytest.raises(ValidationError):
        piece.percent = 6  # type: ignore[misc]


def test_numbers_must_be_finite() -> None:
    with pytest.raises(ValidationError):
        PayRange.model_validate({"label": "L", "low": ".inf", "high": "1"})
    with pytest.raises(ValidationError):
        TimeSlice.model_validate({"activity": "A", "percent": "nan"})


def test_booleans_accept_true_and_false_only() -> None:
    base = {"label": "L", "low": "1", "high": "2"}
    assert PayRange.model_validate({**base, "open_high": "true"}).open_high is True
    assert PayRange.model_validate({**base, "open_high": "false"}).open_high is False
    for word in ("yes", "no", "on", "off", "1", "0", "y", None):
        with pytest.raises(ValidationError):
            PayRange.model_validate({**base, "open_high": word})


# --- the book file ------------------------------------------------------------------------


def book_problems(tmp_path: Path, text: str) -> list[Problem]:
    path = tmp_path / "careerbook.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_book(path)
    return info.value.problems


def write_book(tmp_path: Path, text: str) -> Book:
    path = tmp_path / "careerbook.yaml"
    path.write_text(text, encoding="utf-8")
    return load_book(path)


DEFAULTS = {
    "title": "Career Guide",
    "subtitle": None,
    "organization": None,
    "contact": None,
    "logo": None,
    "lang": "en",
    "paper": "letter",
    "theme": None,
    "careers": None,
    "duplex": True,
}


def test_book_defaults_when_absent(tmp_path: Path) -> None:
    book = load_book(tmp_path / "careerbook.yaml")
    assert {k: getattr(book, k) for k in DEFAULTS} == DEFAULTS


@pytest.mark.parametrize("text", ["", "# nothing yet\n", "\n"])
def test_book_defaults_when_empty(tmp_path: Path, text: str) -> None:
    book = write_book(tmp_path, text)
    assert {k: getattr(book, k) for k in DEFAULTS} == DEFAULTS


def test_book_every_key(tmp_path: Path) -> None:
    book = write_book(
        tmp_path,
        """\
title: Careers in Sound & Screen
subtitle: Four careers to try
organization: Lincoln High School
contact: counselor@example.org
logo: logo.svg
lang: es
paper: a4
theme: plain
careers: [music-producer, filmmaker]
duplex: false
""",
    )
    assert book.title == "Careers in Sound & Screen"
    assert book.subtitle == "Four careers to try"
    assert book.organization == "Lincoln High School"
    assert book.contact == "counselor@example.org"
    assert book.logo == "logo.svg"
    assert book.lang == "es"
    assert book.paper == "a4"
    assert book.theme == "plain"
    assert book.careers == ["music-producer", "filmmaker"]
    assert book.duplex is False


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_book_paper_sizes(tmp_path: Path, paper: str) -> None:
    assert write_book(tmp_path, f"paper: {paper}\n").paper == paper


@pytest.mark.parametrize(
    ("text", "line", "column", "field", "message"),
    [
        ("paper: A4\n", 1, 8, "paper", "must be one of 'letter' or 'a4'"),
        ("paper: legal\n", 1, 8, "paper", "must be one of 'letter' or 'a4'"),
        ("title: Guide\npapr: a4\n", 2, 1, "papr", "unknown field 'papr'; did you mean 'paper'?"),
        ("careres: [a]\n", 1, 1, "careres", "did you mean 'careers'?"),
        ("colors:\n  accnt: red\n", 2, 3, "colors.accnt", "did you mean 'accent'?"),
        ("duplex: yes\n", 1, 9, "duplex", "expected true or false, got 'yes'"),
        ("duplex: on\n", 1, 9, "duplex", "expected true or false, got 'on'"),
        ("duplex: off\n", 1, 9, "duplex", "got 'off'"),
        ("lang: Spanish\n", 1, 7, "lang", "is not a BCP 47 language tag"),
        ("careers:\n  - music-producer\n  - Film Maker\n", 3, 5, "careers[1]", "is not a slug"),
        ("careers: music-producer\n", 1, 10, "careers", "expected a list"),
        ("title: ''\n", 1, 8, "title", "must not be empty"),
        ("paper: a4\npaper: letter\n", 2, 1, "paper", "duplicate key 'paper' (first written on line 1)"),
        ("- title: Guide\n", 1, 1, "", "the file is a list"),
        ("!!null\n", 1, 1, "", "tags (!!null) are not part"),
        ("&a\n", 1, 1, "", "anchors (&a) are not part"),
        ("title: !!str Guide\n", 1, 8, "title", "tags (!!str)"),
    ],
)
def test_book_problems(tmp_path: Path, text: str, line: int, column: int, field: str, message: str) -> None:
    found = book_problems(tmp_path, text)
    assert [(p.line, p.column, p.field) for p in found] == [(line, column, field)]
    assert message in found[0].message
    assert found[0].path == tmp_path / "careerbook.yaml"


@pytest.mark.parametrize(("written", "duplex"), [("true", True), ("false", False)])
def test_book_duplex(tmp_path: Path, written: str, duplex: bool) -> None:
    assert write_book(tmp_path, f"duplex: {written}\n").duplex is duplex


def test_book_values_stay_text(tmp_path: Path) -> None:
    book = write_book(tmp_path, "title: No\nsubtitle: 1.10\ncontact: 012345\n")
    assert (book.title, book.subtitle, book.contact) == ("No", "1.10", "012345")


def test_a_book_chart_palette_needs_a_colour() -> None:
    from pydantic import ValidationError

    from careerbook.content.models import Book

    with pytest.raises(ValidationError):
        Book.model_validate({"colors": {"chart": []}})
    assert Book.model_validate({"colors": {"chart": ["#000000"]}}).colors is not None


# --- a source's address must fit in a QR code ---------------------------------------------------

MINIMAL_CAREER = """\
title: Translator
summary: Turns one language into another.
work:
  summary: Reading and writing.
  time_split:
    - {activity: Translating, percent: 80}
    - {activity: Email, percent: 20}
sources:
  - text: Источник
    url: "https://example.org/{path}"
"""


def test_a_long_non_latin_address_is_refused_by_its_bytes(tmp_path: Path) -> None:
    path = tmp_path / "translator.yaml"
    # 1,200 Cyrillic letters: 1,220 characters, 2,420 bytes in UTF-8; no QR code holds them.
    path.write_text(MINIMAL_CAREER.replace("{path}", "ж" * 1200), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_career(path)
    [problem] = caught.value.problems
    assert (problem.line, problem.field) == (10, "sources[0].url")
    assert problem.message == (
        "the address is 2,420 bytes long in UTF-8 (1,220 characters); the "
        "limit is 2,000 bytes, so that it fits in a QR code: shorten it"
    )


def test_an_address_at_the_limit_is_accepted_and_fits_a_qr_code(tmp_path: Path) -> None:
    from careerbook.content.kinds import MAX_URL_BYTES
    from careerbook.render.templates import qr_codes

    path = tmp_path / "translator.yaml"
    letters = (MAX_URL_BYTES - len("https://example.org/")) // 2
    path.write_text(MINIMAL_CAREER.replace("{path}", "ж" * letters), encoding="utf-8")
    career = load_career(path)
    assert career.sources and career.sources[0].url
    assert len(career.sources[0].url.encode()) == MAX_URL_BYTES
    assert set(qr_codes(career)) == {0}


@pytest.mark.parametrize(
    ("dated", "first", "last"),
    [
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),  # a leap year's February
        ("2026-12", dt.date(2026, 12, 1), dt.date(2026, 12, 31)),
        ("2026-06-15", dt.date(2026, 6, 15), dt.date(2026, 6, 15)),
        (None, None, None),
    ],
)
def test_dated_means_a_span_of_days(dated: str | None, first: dt.date | None, last: dt.date | None) -> None:
    career = Career.model_validate(
        {
            "title": "Beekeeper",
            "summary": "Bees.",
            "dated": dated,
            "work": {
                "summary": "Outdoors.",
                "time_split": [{"activity": "Hives", "percent": 60}, {"activity": "Sales", "percent": 40}],
            },
        }
    )
    assert (career.dated_on, career.dated_end) == (first, last)


MINIMAL_FILE = Path(__file__).parents[1] / "data" / "careers" / "minimal.yaml"


@pytest.mark.parametrize(
    ("extra", "where", "cap"),
    [
        ("sources:\n" + "  - A source\n" * 31, "sources", 30),
        ("related:\n" + "  - Welder\n" * 13, "related", 12),
        ("signals:\n  fits:\n" + "    - A fit\n" * 13, "signals.fits", 12),
        ("signals:\n  misfits:\n" + "    - A misfit\n" * 13, "signals.misfits", 12),
    ],
)
def test_absurdly_long_lists_are_refused_naming_the_field_and_the_cap(
    tmp_path: Path, extra: str, where: str, cap: int
) -> None:
    path = tmp_path / "long.yaml"
    path.write_text(MINIMAL_FILE.read_text() + extra)
    with pytest.raises(ContentError) as info:
        load_career(path)
    [problem] = info.value.problems
    assert (problem.field, problem.message) == (where, f"allows at most {cap} items, has {cap + 1}")
    path.write_text(MINIMAL_FILE.read_text() + extra.replace("  - ", "  - x", 1).rsplit("\n", 2)[0] + "\n")
    load_career(path)  # the cap itself is allowed


def test_ten_thousand_sources_stop_at_validation(tmp_path: Path) -> None:
    path = tmp_path / "long.yaml"
    path.write_text(MINIMAL_FILE.read_text() + "sources:\n" + "  - A source\n" * 10_000)
    with pytest.raises(ContentError, match="allows at most 30 items, has 10000"):
        load_career(path)


def test_a_book_lists_at_most_a_thousand_careers(tmp_path: Path) -> None:
    slugs = "".join(f"  - career-{i}\n" for i in range(1001))
    [problem] = book_problems(tmp_path, "careers:\n" + slugs)
    assert (problem.field, problem.message) == ("careers", "allows at most 1000 items, has 1001")
    write_book(tmp_path, "careers:\n" + slugs.rsplit("  - ", 1)[0])
