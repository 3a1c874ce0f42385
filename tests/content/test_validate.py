"""Every rule of FORMAT.md's field table, broken once, reported at the author's line.

Each case is a small career file. BASE is a valid file of seven lines, so text
appended to it starts on line 8. A case names the one problem it must produce:
line, column, dotted field and a key part of the message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from careerbook.content.validate import load_career, slug_from_stem, slugify
from careerbook.errors import ContentError
from refusals import BASE, problems


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Nurse Practitioner", "nurse-practitioner"),
        ("Técnico de Sonido", "tecnico-de-sonido"),
        ("  Heating, Ventilation & A/C  ", "heating-ventilation-a-c"),
        ("Straße-Bäcker (Ærø)", "strasse-backer-aero"),
        ("C++ Developer", "c-developer"),
        ("日本語", ""),
    ],
)
def test_slugify_folds_accents_and_keeps_letters_and_digits(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_the_default_slug_is_the_file_name_folded_as_new_folds_a_title(tmp_path: Path) -> None:
    from careerbook.scaffold.scaffold import new_career

    path = tmp_path / "técnico.yaml"
    path.write_text(BASE, encoding="utf-8")
    assert load_career(path).key == "tecnico"  # was 't-cnico'
    made = new_career("Técnico", tmp_path).made[-1]
    assert made.stem == "tecnico" and load_career(made).key == "tecnico"
    assert slug_from_stem("日本語") == "career"  # nothing left: still a slug


def valid(tmp_path: Path, text: str) -> None:
    path = tmp_path / "career.yaml"
    path.write_text(text, encoding="utf-8")
    load_career(path)


def split(*percents: object, activities: list[str] | None = None) -> str:
    """A valid file whose time split has the given percents (lines 6, 7, …)."""
    names = activities or [f"Slice {i}" for i in range(len(percents))]
    items = "".join(f"    - {{activity: {n}, percent: {p}}}\n" for n, p in zip(names, percents, strict=True))
    return "title: T\nsummary: S\nwork:\n  summary: W\n  time_split:\n" + items


def steps(n: int) -> str:
    return (
        BASE
        + "typical_day:\n  steps:\n"
        + "".join(f"    - {{time: '{i}:00', title: Step {i}, text: Do it.}}\n" for i in range(n))
    )


def ranges(n: int) -> str:
    return (
        BASE
        + "pay:\n  ranges:\n"
        + "".join(f"    - {{label: Range {i}, low: 1, high: 2}}\n" for i in range(n))
    )


LONG_TITLE = "T" * 81

# (id, text, line, column, field, part of the message)
CASES = [
    # title: string, required, 1–80 characters
    ("title-missing", BASE.replace("title: Beekeeper\n", ""), 1, 1, "title", "is required"),
    ("title-empty", BASE.replace("Beekeeper", "''"), 1, 8, "title", "must not be empty"),
    ("title-blank", BASE.replace("Beekeeper", "'   '"), 1, 8, "title", "must not be empty"),
    ("title-null", BASE.replace(" Beekeeper", ""), 1, 7, "title", "expected text, got nothing"),
    ("title-list", BASE.replace("Beekeeper", "[a, b]"), 1, 8, "title", "expected text, got a list"),
    ("title-81", BASE.replace("Beekeeper", LONG_TITLE), 1, 8, "title", "is 81 characters; the limit is 80"),
    # slug
    ("slug-underscore", BASE + "slug: Music_Producer\n", 8, 7, "slug", "'Music_Producer' is not a slug"),
    ("slug-double-hyphen", BASE + "slug: music--producer\n", 8, 7, "slug", "is not a slug"),
    ("slug-leading-hyphen", BASE + "slug: -music\n", 8, 7, "slug", "is not a slug"),
    ("slug-space", BASE + "slug: music producer\n", 8, 7, "slug", "is not a slug"),
    # lang: BCP 47
    ("lang-word", BASE + "lang: english\n", 8, 7, "lang", "'english' is not a BCP 47 language tag"),
    ("lang-underscore", BASE + "lang: en_US\n", 8, 7, "lang", "is not a BCP 47"),
    ("lang-one-letter", BASE + "lang: e\n", 8, 7, "lang", "is not a BCP 47"),
    # cluster
    ("cluster-mapping", BASE + "cluster: {a: b}\n", 8, 10, "cluster", "expected text, got a mapping"),
    # summary: required text
    ("summary-missing", BASE.replace("summary: Bees.\n", ""), 1, 1, "summary", "is required"),
    ("summary-empty", BASE.replace("Bees.", '""'), 2, 10, "summary", "must not be empty"),
    # related: list of strings
    ("related-string", BASE + "related: Filmmaker\n", 8, 10, "related", "expected a list, got text"),
    (
        "related-item-mapping",
        BASE + "related: [Filmmaker, {a: b}]\n",
        8,
        22,
        "related[1]",
        "expected text, got a mapping",
    ),
    # fit
    ("fit-string", BASE + "fit: yes please\n", 8, 6, "fit", "expected a mapping of fields, got text"),
    ("fit-empty-text", BASE + "fit:\n  worth_it_if: ''\n", 9, 16, "fit.worth_it_if", "must not be empty"),
    # work: required, work.summary required
    ("work-missing", "title: T\nsummary: S\n", 1, 1, "work", "is required"),
    ("work-string", "title: T\nsummary: S\nwork: lots\n", 3, 7, "work", "expected a mapping of fields"),
    ("work-summary-missing", BASE.replace("  summary: Outdoors.\n", ""), 3, 1, "work.summary", "is required"),
    (
        "work-time-split-missing",
        "title: T\nsummary: S\nwork:\n  summary: W\n",
        3,
        1,
        "work.time_split",
        "is required",
    ),
    ("work-note-empty", BASE + "  time_split_note: ''\n", 8, 20, "work.time_split_note", "must not be empty"),
    (
        "work-source-list",
        BASE + "  time_split_source: [a]\n",
        8,
        22,
        "work.time_split_source",
        "expected text, got a list",
    ),
    # work.time_split: 2–12 items, percent > 0, sum 100 ± 0.5, unique activities
    ("split-one-item", split(100), 6, 5, "work.time_split", "needs at least 2 item(s), has 1"),
    ("split-13-items", split(*[100 / 13] * 13), 6, 5, "work.time_split", "allows at most 12 items, has 13"),
    (
        "split-empty-list",
        "title: T\nsummary: S\nwork:\n  summary: W\n  time_split: []\n",
        5,
        15,
        "work.time_split",
        "needs at least 2 item(s), has 0",
    ),
    ("percent-zero", split(50, 50, 0), 8, 36, "work.time_split[2].percent", "must be greater than 0"),
    ("percent-negative", split(50, 60, -10), 8, 36, "work.time_split[2].percent", "must be greater than 0"),
    (
        "percent-text",
        split(50, 25, "'25%'"),
        8,
        36,
        "work.time_split[2].percent",
        "expected a number, got '25%'",
    ),
    ("percent-over-100", split(150, 50), 6, 36, "work.time_split[0].percent", "must be 100 or less"),
    ("percent-missing", BASE.replace(", percent: 40", ""), 7, 7, "work.time_split[1].percent", "is required"),
    (
        "activity-missing",
        BASE.replace("activity: Sales, ", ""),
        7,
        7,
        "work.time_split[1].activity",
        "is required",
    ),
    ("sum-100.6", split(50, 50.6), 6, 5, "work.time_split", "the percents add up to 100.6, not 100"),
    ("sum-99.4", split(50, 49.4), 6, 5, "work.time_split", "add up to 99.4, not 100"),
    ("sum-90", split(30, 30, 30), 6, 5, "work.time_split", "add up to 90, not 100"),
    (
        "activity-duplicate",
        split(30, 30, 40, activities=["Mixing", "Tracking", "Mixing"]),
        8,
        18,
        "work.time_split[2].activity",
        "activity 'Mixing' is listed twice (items 1 and 3)",
    ),
    (
        "activity-duplicate-case",
        split(50, 50, activities=["Mixing", "mixing"]),
        7,
        18,
        "work.time_split[1].activity",
        "listed twice",
    ),
    # typical_day: steps required, 1–12, each time/title/text
    ("steps-missing", BASE + "typical_day:\n  title: A day\n", 8, 1, "typical_day.steps", "is required"),
    (
        "steps-empty",
        BASE + "typical_day:\n  steps: []\n",
        9,
        10,
        "typical_day.steps",
        "needs at least 1 item(s), has 0",
    ),
    ("steps-13", steps(13), 10, 5, "typical_day.steps", "allows at most 12 items, has 13"),
    (
        "step-time-missing",
        BASE + "typical_day:\n  steps:\n    - title: Mix\n      text: Mix it.\n",
        10,
        7,
        "typical_day.steps[0].time",
        "is required",
    ),
    (
        "step-title-missing",
        BASE + "typical_day:\n  steps:\n    - time: 3:00\n      text: Mix it.\n",
        10,
        7,
        "typical_day.steps[0].title",
        "is required",
    ),
    (
        "step-text-missing",
        BASE + "typical_day:\n  steps:\n    - time: 3:00\n      title: Mix\n",
        10,
        7,
        "typical_day.steps[0].text",
        "is required",
    ),
    (
        "step-time-words",
        BASE + "typical_day:\n  steps:\n    - {time: noon, title: Mix, text: Mix.}\n",
        10,
        14,
        "typical_day.steps[0].time",
        "'noon' is not a clock time",
    ),
    (
        "step-time-empty",
        BASE + "typical_day:\n  steps:\n    - {time: '', title: Mix, text: Mix.}\n",
        10,
        14,
        "typical_day.steps[0].time",
        "must not be empty",
    ),
    (
        "step-title-empty",
        BASE + "typical_day:\n  steps:\n    - {time: 1:00, title: '', text: x}\n",
        10,
        27,
        "typical_day.steps[0].title",
        "must not be empty",
    ),
    (
        "day-note-empty",
        BASE + "typical_day:\n  steps:\n    - {time: 1:00, title: a, text: b}\n  note: ''\n",
        11,
        9,
        "typical_day.note",
        "must not be empty",
    ),
    # signals
    (
        "signals-fits-string",
        BASE + "signals:\n  fits: an ear\n",
        9,
        9,
        "signals.fits",
        "expected a list, got text",
    ),
    (
        "signals-misfits-empty-item",
        BASE + "signals:\n  misfits:\n    - ok\n    - ''\n",
        11,
        7,
        "signals.misfits[1]",
        "must not be empty",
    ),
    # start_here: title and text required
    (
        "start-title-missing",
        BASE + "start_here:\n  text: Make a track.\n",
        8,
        1,
        "start_here.title",
        "is required",
    ),
    ("start-text-missing", BASE + "start_here:\n  title: A track\n", 8, 1, "start_here.text", "is required"),
    # pay: ranges required, 1–8, numbers ≥ 0, low ≤ median ≤ high, open_high boolean
    ("pay-ranges-missing", BASE + "pay:\n  headline: Money\n", 8, 1, "pay.ranges", "is required"),
    (
        "pay-ranges-empty",
        BASE + "pay:\n  ranges: []\n",
        9,
        11,
        "pay.ranges",
        "needs at least 1 item(s), has 0",
    ),
    ("pay-ranges-9", ranges(9), 10, 5, "pay.ranges", "allows at most 8 items, has 9"),
    (
        "pay-low-negative",
        BASE + "pay:\n  ranges:\n    - {label: L, low: -1, high: 5}\n",
        10,
        23,
        "pay.ranges[0].low",
        "must be 0 or more",
    ),
    (
        "pay-high-negative",
        BASE + "pay:\n  ranges:\n    - {label: L, low: 0, high: -5}\n",
        10,
        32,
        "pay.ranges[0].high",
        "must be 0 or more",
    ),
    (
        "pay-median-negative",
        BASE + "pay:\n  ranges:\n    - {label: L, low: 0, median: -1, high: 5}\n",
        10,
        34,
        "pay.ranges[0].median",
        "must be 0 or more",
    ),
    (
        "pay-low-comma",
        BASE + "pay:\n  ranges:\n    - {label: L, low: '34,000', high: 5}\n",
        10,
        23,
        "pay.ranges[0].low",
        "expected a number, got '34,000'",
    ),
    (
        "pay-median-below-low",
        BASE + "pay:\n  ranges:\n    - {label: L, low: 5, median: 3, high: 9}\n",
        10,
        34,
        "pay.ranges[0].median",
        "median 3 must lie between low 5 and high 9",
    ),
    (
        "pay-median-above-high",
        BASE + "pay:\n  ranges:\n    - {label: L, low: 5, median: 10, high: 9}\n",
        10,
        34,
        "pay.ranges[0].median",
        "median 10 must lie between low 5 and high 9",
    ),
    (
        "pay-low-above-high",
        BASE + "pay:\n  ranges:\n    - {label: L, low: 9, high: 5}\n",
        10,
        23,
        "pay.ranges[0].low",
        "low 9 is above high 5",
    ),
    (
        "pay-label-missing",
        BASE + "pay:\n  ranges:\n    - {low: 1, high: 5}\n",
        10,
        7,
        "pay.ranges[0].label",
        "is required",
    ),
    (
        "pay-high-missing",
        BASE + "pay:\n  ranges:\n    - {label: L, low: 1}\n",
        10,
        7,
        "pay.ranges[0].high",
        "is required",
    ),
    (
        "pay-open-high-yes",
        BASE + "pay:\n  ranges:\n    - {label: L, low: 1, high: 5, open_high: yes}\n",
        10,
        46,
        "pay.ranges[0].open_high",
        "expected true or false, got 'yes'",
    ),
    (
        "pay-open-high-1",
        BASE + "pay:\n  ranges:\n    - {label: L, low: 1, high: 5, open_high: 1}\n",
        10,
        46,
        "pay.ranges[0].open_high",
        "expected true or false, got '1'",
    ),
    (
        "pay-currency-lower",
        BASE + "pay:\n  currency: usd\n  ranges:\n    - {label: L, low: 1, high: 5}\n",
        9,
        13,
        "pay.currency",
        "'usd' is not an ISO 4217 currency code",
    ),
    (
        "pay-currency-symbol",
        BASE + "pay:\n  currency: $\n  ranges:\n    - {label: L, low: 1, high: 5}\n",
        9,
        13,
        "pay.currency",
        "is not an ISO 4217",
    ),
    (
        "pay-currency-made-up",
        BASE + "pay:\n  currency: ABC\n  ranges:\n    - {label: L, low: 1, high: 5}\n",
        9,
        13,
        "pay.currency",
        "is not an ISO 4217",
    ),
    (
        "pay-period-month",
        BASE + "pay:\n  period: month\n  ranges:\n    - {label: L, low: 1, high: 5}\n",
        9,
        11,
        "pay.period",
        "must be one of 'year' or 'hour'",
    ),
    (
        "pay-growth-reversed",
        BASE + "pay:\n  ranges:\n    - {label: L, low: 1, high: 5}\n  growth: {low: 17, high: 11}\n",
        11,
        17,
        "pay.growth.low",
        "low 17 is above high 11",
    ),
    (
        "pay-growth-high-missing",
        BASE + "pay:\n  ranges:\n    - {label: L, low: 1, high: 5}\n  growth: {low: 11}\n",
        11,
        3,
        "pay.growth.high",
        "is required",
    ),
    (
        "pay-growth-text",
        BASE + "pay:\n  ranges:\n    - {label: L, low: 1, high: 5}\n  growth: {low: lots, high: 11}\n",
        11,
        17,
        "pay.growth.low",
        "expected a number, got 'lots'",
    ),
    # outlook
    (
        "outlook-list",
        BASE + "outlook:\n  right_now: [a]\n",
        9,
        14,
        "outlook.right_now",
        "expected text, got a list",
    ),
    # sources: string or {text, url?}
    ("sources-string", BASE + "sources: BLS\n", 8, 10, "sources", "expected a list, got text"),
    (
        "source-url-bare",
        BASE + "sources:\n  - {text: BLS, url: bls.gov}\n",
        9,
        22,
        "sources[0].url",
        "'bls.gov' is not a web address",
    ),
    (
        "source-url-ftp",
        BASE + "sources:\n  - {text: BLS, url: 'ftp://bls.gov'}\n",
        9,
        22,
        "sources[0].url",
        "is not a web address",
    ),
    (
        "source-url-space",
        BASE + "sources:\n  - {text: BLS, url: 'https://bls.gov/a b'}\n",
        9,
        22,
        "sources[0].url",
        "is not a web address",
    ),
    (
        "source-text-missing",
        BASE + "sources:\n  - url: https://bls.gov\n",
        9,
        5,
        "sources[0].text",
        "is required",
    ),
    (
        "source-empty-string",
        BASE + "sources:\n  - ok\n  - ''\n",
        10,
        5,
        "sources[1].text",
        "must not be empty",
    ),
    (
        "source-list-item",
        BASE + "sources:\n  - [a, b]\n",
        9,
        5,
        "sources[0]",
        "expected a mapping of fields, got a list",
    ),
    # dated: YYYY-MM or YYYY-MM-DD, a real date
    ("dated-month-13", BASE + "dated: 2026-13\n", 8, 8, "dated", "'2026-13' is not a date"),
    ("dated-feb-30", BASE + "dated: 2026-02-30\n", 8, 8, "dated", "'2026-02-30' is not a date"),
    ("dated-one-digit-month", BASE + "dated: 2026-6\n", 8, 8, "dated", "write YYYY-MM or YYYY-MM-DD"),
    ("dated-words", BASE + "dated: June 2026\n", 8, 8, "dated", "is not a date"),
    ("dated-year-only", BASE + "dated: 2026\n", 8, 8, "dated", "is not a date"),
    ("dated-month-00", BASE + "dated: 2026-00\n", 8, 8, "dated", "is not a date"),
    ("dated-non-ascii-digits", BASE + "dated: ٢٠٢٦-٠٦\n", 8, 8, "dated", "is not a date"),
    # closing
    ("closing-empty", BASE + "closing: ''\n", 8, 10, "closing", "must not be empty"),
    # draft: only true or false
    ("draft-yes", BASE + "draft: yes\n", 8, 8, "draft", "expected true or false, got 'yes'"),
    ("draft-on", BASE + "draft: on\n", 8, 8, "draft", "expected true or false, got 'on'"),
    ("draft-no", BASE + "draft: no\n", 8, 8, "draft", "expected true or false, got 'no'"),
    ("draft-off", BASE + "draft: off\n", 8, 8, "draft", "got 'off'"),
    ("draft-1", BASE + "draft: 1\n", 8, 8, "draft", "got '1'"),
    ("draft-y", BASE + "draft: y\n", 8, 8, "draft", "got 'y'"),
    # unknown fields, at any depth, with "did you mean"
    (
        "unknown-top",
        BASE + "titel: Beekeeper\n",
        8,
        1,
        "titel",
        "unknown field 'titel'; did you mean 'title'?",
    ),
    (
        "unknown-top-far",
        BASE + "favourite_food: red\n",
        8,
        1,
        "favourite_food",
        "unknown field 'favourite_food'; allowed here: title, slug, lang",
    ),
    ("unknown-fit", BASE + "fit:\n  worth_it: x\n", 9, 3, "fit.worth_it", "did you mean 'worth_it_if'?"),
    (
        "unknown-work",
        BASE + "  time_split_notes: x\n",
        8,
        3,
        "work.time_split_notes",
        "did you mean 'time_split_note'?",
    ),
    (
        "unknown-slice",
        split(50, 50).replace("percent: 50}\n", "percent: 50, note: x}\n", 1),
        6,
        40,
        "work.time_split[0].note",
        "unknown field 'note'",
    ),
    (
        "unknown-slice-typo",
        BASE.replace("Sales, ", "Sales, share: 5, "),
        7,
        25,
        "work.time_split[1].share",
        "allowed here: activity, percent",
    ),
    (
        "unknown-step",
        BASE + "typical_day:\n  steps:\n    - {time: 1:00, title: a, text: b, txt: c}\n",
        10,
        39,
        "typical_day.steps[0].txt",
        "did you mean 'text'?",
    ),
    (
        "unknown-day",
        BASE + "typical_day:\n  steps:\n    - {time: 1:00, title: a, text: b}\n  notes: x\n",
        11,
        3,
        "typical_day.notes",
        "did you mean 'note'?",
    ),
    ("unknown-signals", BASE + "signals:\n  fit: [a]\n", 9, 3, "signals.fit", "did you mean 'fits'?"),
    (
        "unknown-start",
        BASE + "start_here:\n  title: a\n  text: b\n  txt: c\n",
        11,
        3,
        "start_here.txt",
        "did you mean 'text'?",
    ),
    (
        "unknown-pay",
        BASE + "pay:\n  ranges:\n    - {label: L, low: 1, high: 5}\n  curency: EUR\n",
        11,
        3,
        "pay.curency",
        "did you mean 'currency'?",
    ),
    (
        "unknown-range",
        BASE + "pay:\n  ranges:\n    - {label: L, low: 1, meidan: 2, high: 5}\n",
        10,
        26,
        "pay.ranges[0].meidan",
        "did you mean 'median'?",
    ),
    (
        "unknown-growth",
        BASE + "pay:\n  ranges:\n    - {label: L, low: 1, high: 5}\n  growth: {low: 1, high: 2, lable: x}\n",
        11,
        29,
        "pay.growth.lable",
        "did you mean 'label'?",
    ),
    (
        "unknown-outlook",
        BASE + "outlook:\n  right_nwo: x\n",
        9,
        3,
        "outlook.right_nwo",
        "did you mean 'right_now'?",
    ),
    (
        "unknown-source",
        BASE + "sources:\n  - {text: a, link: 'https://a.org'}\n",
        9,
        15,
        "sources[0].link",
        "unknown field 'link'; allowed here: text, url",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "column", "field", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_each_rule_reports_one_problem_at_its_place(
    tmp_path: Path, text: str, line: int, column: int, field: str, message: str
) -> None:
    found = problems(tmp_path, text)
    assert [(p.line, p.column, p.field) for p in found] == [(line, column, field)], found
    assert message in found[0].message


def test_base_is_valid(tmp_path: Path) -> None:
    valid(tmp_path, BASE)


@pytest.mark.parametrize(
    "text",
    [
        BASE.replace("Beekeeper", "T" * 80),
        BASE.replace("Beekeeper", "T"),
        BASE + "slug: a-1b-c2\n",
        *(BASE + f"lang: {tag}\n" for tag in ("en", "es", "fr-CA", "zh-Hant-TW", "es-419", "de-CH-1996")),
        split(50, 50.4),
        split(50, 49.6),
        split(*[100 / 12] * 12),
        split(2, 3, 95),
        split(33.3, 33.3, 33.4),
        steps(1),
        steps(12),
        ranges(1),
        ranges(8),
        BASE + "pay:\n  ranges:\n    - {label: L, low: 0, median: 0, high: 0}\n",
        BASE + "pay:\n  ranges:\n    - {label: L, low: 5, median: 5, high: 5, open_high: true}\n",
        BASE + "pay:\n  period: hour\n  currency: EUR\n  ranges:\n    - {label: L, low: 15.5, high: 40}\n",
        BASE + "pay:\n  ranges:\n    - {label: L, low: 1, high: 5}\n  growth: {low: -3, high: -3}\n",
        BASE + "sources:\n  - plain text\n  - {text: a}\n  - {text: b, url: 'https://a.org/x?y=1#z'}\n",
        BASE + "dated: 2026-06\n",
        BASE + "dated: 2024-02-29\n",
        BASE + "draft: true\n",
        BASE + "draft: false\n",
        BASE + "typical_day:\n  steps:\n    - {time: 6:45 pm, title: a, text: b}\n",
        BASE + "typical_day:\n\nsignals:\nfit:\n",
    ],
    ids=lambda text: text[len(BASE) :].strip().splitlines()[0] if text.startswith(BASE) else None,
)
def test_edges_that_pass(tmp_path: Path, text: str) -> None:
    valid(tmp_path, text)


def test_every_problem_at_once_sorted_by_line(tmp_path: Path) -> None:
    text = """\
title: Beekeeper
summary: Bees.
lang: english
work:
  summary: Outdoors.
  time_split:
    - {activity: Hives, percent: 60}
    - {activity: Sales, percent: 50}
  summary: Again.
dated: 2026-13
draft: yes
fits: [a]
"""
    found = problems(tmp_path, text)
    assert [(p.line, p.column, p.field) for p in found] == [
        (3, 7, "lang"),
        (7, 5, "work.time_split"),
        (9, 3, "work.summary"),
        (10, 8, "dated"),
        (11, 8, "draft"),
        (12, 1, "fits"),
    ]
    messages = [p.message for p in found]
    assert "BCP 47" in messages[0]
    assert "add up to 110" in messages[1]
    assert "duplicate key 'summary' (first written on line 5)" in messages[2]
    assert "not a date" in messages[3]
    assert "true or false" in messages[4]
    assert "unknown field 'fits'" in messages[5]


def test_five_problems_from_a_hand_written_file(tmp_path: Path) -> None:
    text = """\
title: ''
summary: Bees.
work:
  summary: Outdoors.
  time_split:
    - {activity: Hives, percent: 0}
    - {activity: Sales, percent: 100}
pay:
  currency: dollars
  ranges:
    - {label: L, low: 9, high: 5}
sources:
  - {text: a, url: nowhere}
"""
    found = problems(tmp_path, text)
    assert [(p.line, p.field) for p in found] == [
        (1, "title"),
        (6, "work.time_split[0].percent"),
        (9, "pay.currency"),
        (11, "pay.ranges[0].low"),
        (13, "sources[0].url"),
    ]


def test_a_typo_of_a_required_field_reports_the_typo_and_the_missing_field(tmp_path: Path) -> None:
    found = problems(tmp_path, BASE.replace("percent: 40", "percnt: 40"))
    assert [(p.line, p.column, p.field, p.message) for p in found] == [
        (7, 7, "work.time_split[1].percent", "is required"),
        (7, 25, "work.time_split[1].percnt", "unknown field 'percnt'; did you mean 'percent'?"),
    ]


def test_problem_prints_as_path_line_column_field_message(tmp_path: Path) -> None:
    (found,) = problems(tmp_path, BASE + "draft: yes\n")
    path = tmp_path / "career.yaml"
    assert str(found) == f"{path}:8:8: draft: expected true or false, got 'yes'"


def test_content_error_message_lists_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "career.yaml"
    path.write_text(BASE + "draft: yes\ndated: 2026-13\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_career(path)
    lines = str(info.value).splitlines()
    assert lines == [str(p) for p in info.value.problems]
    assert len(lines) == 2


def test_a_flood_of_unknown_fields_is_cut_short(tmp_path: Path) -> None:
    from careerbook.limits import MAX_PROBLEMS

    body = "title: X\nsummary: s\nwork:\n  summary: w\n  time_split:\n"
    body += "    - {activity: a, percent: 50}\n    - {activity: b, percent: 50}\n"
    body += "".join(f"extra_{i}: v\n" for i in range(MAX_PROBLEMS + 50))
    path = tmp_path / "flood.yaml"
    path.write_text(body)
    with pytest.raises(ContentError) as caught:
        load_career(path)
    problems = caught.value.problems
    assert len(problems) == MAX_PROBLEMS + 1
    assert any("and 50 more problems" in p.message for p in problems)


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (6.6e6, "6,600,000"),
        (1e12, "1,000,000,000,000"),
        (34000, "34,000"),
        (12.5, "12.5"),
        (0.0001, "0.0001"),
        (-5, "-5"),
        (0, "0"),
        (99.99, "99.99"),
    ],
)
def test_numbers_in_messages_are_written_as_people_write_them(number: float, text: str) -> None:
    from careerbook.content.kinds import number_text

    assert number_text(number) == text


@pytest.mark.parametrize(
    ("ranges", "message"),
    [
        (
            "{label: L, low: 5e6, median: 6.6e6, high: 6e6}",
            "median 6,600,000 must lie between low 5,000,000 and high 6,000,000",
        ),
        ("{label: L, low: 2e12, high: 3e12}", "must be 1,000,000,000,000 or less"),
    ],
)
def test_pay_messages_never_print_exponents(tmp_path: Path, ranges: str, message: str) -> None:
    found = problems(tmp_path, BASE + f"pay:\n  ranges:\n    - {ranges}\n")
    assert any(p.message == message for p in found), found
    assert not any("e+" in p.message for p in found)


@pytest.mark.parametrize("name", ["booklet", "class-set", "booklet-imposed"])
def test_a_career_may_not_take_the_name_of_a_file_build_writes(tmp_path: Path, name: str) -> None:
    # output/booklet.pdf would overwrite the handout of a career called booklet.
    source = (Path(__file__).parents[1] / "data" / "careers" / "minimal.yaml").read_text()
    path = tmp_path / f"{name}.yaml"
    path.write_text(source, encoding="utf-8")
    with pytest.raises(ContentError, match=f"'{name}' is the name of a file careerbook writes"):
        load_career(path)
    path.write_text(source + f"slug: my-{name}\n", encoding="utf-8")
    assert load_career(path).key == f"my-{name}"
