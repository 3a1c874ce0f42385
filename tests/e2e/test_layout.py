"""Layout under hostile-but-valid content: every field at its longest, words in one piece.

Each PDF is read back word by word with its position (poppler's `pdftotext -bbox`): every
word must lie on the page and between the side margins, the top and bottom margins hold
only the running heads and footers, no two words overlap, and every field's text is there.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import yaml
from PIL import Image

from commands import run
from pdftools import Page, Word, pages_of, read_pdf, squash

ROOT = Path(__file__).parents[2]
INCH = 72.0
TOLERANCE = 1.0  # points: glyph boxes may poke out by a hair (italic overhang, rounding)

_rnd = random.Random(20260601)


def word(n: int) -> str:
    """A word of n letters, in one piece (no break opportunity in it)."""
    return "".join(_rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(n))


def words(n: int) -> str:
    """About n characters of ordinary words."""
    out: list[str] = []
    while sum(len(w) + 1 for w in out) < n:
        out.append(word(_rnd.randint(3, 11)))
    return " ".join(out)[:n].strip()


def line(n: int, i: int) -> str:
    """A 200-character field: every other one a single word, the rest ordinary words."""
    return word(n) if i % 2 else words(n)


# --- the hostile files -----------------------------------------------------------------------

TITLE = "T" + word(79)  # 80 characters, one word
OTHER = "Z" + word(79)
TIMES = [
    "10:30 am to 12:00 pm",
    "10:30 am–12:00 pm",
    "12:00–12:30",
    "1:00 pm–2:45 pm",
    "3:00",
    "9:30 pm",
    "11:00",
    "4:15 pm to 5:45 pm",
    "6:00 pm–7:30 pm",
    "7:45 pm",
    "8:00 pm to 10:00 pm",
    "12:00 am to 12:30 am",
]
BULLETS = [word(120), words(80)]
CAREER = {
    "title": TITLE,
    "cluster": word(200),
    "summary": f"{words(300)} {word(150)} {words(200)}",
    "related": [word(200), words(200), OTHER],
    "fit": {
        "worth_it_if": f"You have an ear {words(100)}.\n\n- {BULLETS[0]}\n- {BULLETS[1]}",
        "maybe_not_if": f"{word(150)} {words(200)}",
    },
    "work": {
        "summary": f"{words(400)} {word(180)}",
        "time_split": [
            {"activity": line(200, i), "percent": p}
            for i, p in enumerate([9, 9, 9, 9, 9, 9, 8, 8, 8, 8, 7, 7])
        ],
        "time_split_note": f"{word(160)} {words(100)}",
        "time_split_source": f"https://example.org/{word(200)}",
    },
    "typical_day": {
        "title": word(200),
        # Most steps are one short line: a time of two lines must push the next down.
        "steps": [
            {"time": t, "title": line(200, i), "text": f"{words(120)} {word(90)}" if i % 4 == 0 else "Go."}
            for i, t in enumerate(TIMES)
        ],
        "note": word(150),
    },
    "signals": {"intro": word(150), "fits": [word(150), words(150)], "misfits": [word(140), words(100)]},
    "start_here": {"title": word(200), "text": f"{word(200)} {words(100)}"},
    "pay": {
        "headline": word(200),
        "summary": word(120),
        "ranges": [
            {
                "label": line(200, i),
                "low": 20000 + 5000 * i,
                "median": 40000 + 6000 * i,
                "high": 90000 + 20000 * i,
                "open_high": i == 7,
            }
            for i in range(8)
        ],
        "growth": {"low": -999.5, "high": 999.5, "label": word(200)},
        "note": word(200),
    },
    "outlook": {"where_its_going": f"{word(200)} {words(100)}", "right_now": f"{words(100)} {word(200)}"},
    "sources": [
        {"text": word(200), "url": f"https://example.org/{word(1900)}"},
        {"text": f"{words(200)} {word(100)}", "url": "https://example.org/" + "a/" * 400},
        word(250),
        {"text": "short", "url": "https://example.org/x?" + "&".join(f"k{i}=v{i}" for i in range(120))},
    ],
    "dated": "2026-06",
    "closing": f"{word(200)} {words(50)}",
}
BOOK = {
    "title": word(200),
    "subtitle": word(200),
    "organization": word(200),
    "contact": words(200),
    "logo": "logo.png",
}
# A booklet on A4 of two short careers with the longest titles, cluster and related titles,
# and a cover with the longest title, subtitle, school name and contact, all single words.
BOOKLET = {**BOOK, "contact": word(200), "paper": "a4", "start": "right"}  # a blank back cover
BOOKLET_CLUSTER = word(200)
BOOKLET_CAREERS = {
    "one": {
        "title": TITLE,
        "cluster": BOOKLET_CLUSTER,
        "summary": words(120),
        "related": [OTHER],
        "work": {
            "summary": words(200),
            "time_split": [{"activity": word(200), "percent": 50}, {"activity": words(200), "percent": 50}],
        },
        "draft": True,
    },
    "two": {
        "title": OTHER,
        "cluster": BOOKLET_CLUSTER,
        "summary": word(100),
        "related": [TITLE],
        "work": {
            "summary": words(100),
            "time_split": [{"activity": "A", "percent": 50}, {"activity": "B", "percent": 50}],
        },
    },
}


def texts(career: dict) -> list[str]:
    """Every text of a career file as it should read in the PDF (Markdown markers dropped)."""
    out: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key not in ("percent", "low", "median", "high", "open_high", "dated"):
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            out.extend(part.removeprefix("- ") for part in value.split("\n") if part.strip())

    walk(career)
    return out


def make_project(root: Path, careers: dict[str, dict], book: dict) -> Path:
    (root / "content").mkdir(parents=True)
    for slug, data in careers.items():
        (root / "content" / f"{slug}.yaml").write_text(
            yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100_000), encoding="utf-8"
        )
    (root / "careerbook.yaml").write_text(yaml.safe_dump(book, sort_keys=False, width=100_000))
    Image.new("RGB", (240, 80), (122, 31, 92)).save(root / "logo.png")
    return root


# --- reading words and their boxes -----------------------------------------------------------


def outside(page: Page, left: float, right: float) -> list[Word]:
    """Words off the page, or beyond the side margins (left/right in points)."""
    return [
        w
        for w in page.words
        if w.x0 < left - TOLERANCE
        or w.x1 > page.width - right + TOLERANCE
        or w.y0 < -TOLERANCE
        or w.y1 > page.height + TOLERANCE
    ]


def overlaps(page: Page) -> list[tuple[str, str]]:
    """Pairs of words drawn over each other (more than a third of the lower one's height:
    lines set tight may touch by their ascenders and descenders)."""
    found = []
    ordered = sorted(page.words, key=lambda w: w.y0)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.y0 >= a.y1:
                break
            across = min(a.x1, b.x1) - max(a.x0, b.x0)
            down = min(a.y1, b.y1) - max(a.y0, b.y0)
            if across > TOLERANCE and down > min(a.y1 - a.y0, b.y1 - b.y0) / 3:
                found.append((a.text[:30], b.text[:30]))
    return found


def footer_top(page: Page, number: int) -> float:
    """Where the bottom margin starts, measured: its boxes are centred in it, so twice the
    distance from the page's foot to the centre of the page number's box is its height."""
    labels = [w for w in page.words if w.text == "Page"]  # a handout: "Page n of m · Dated …"
    if labels:
        first = max(labels, key=lambda w: w.y0)
        box = [w for w in page.words if w.y0 >= first.y0 - 1 and w.x0 >= first.x0 - 1]
    else:  # a booklet: the number alone
        box = [max((w for w in page.words if w.text == str(number)), key=lambda w: w.y0)]
    centre = (min(w.y0 for w in box) + max(w.y1 for w in box)) / 2
    return page.height - 2 * (page.height - centre)


def split_margins(page: Page, number: int, top: float) -> tuple[list[Word], list[Word]]:
    """(the page's body words, the words of its top and bottom margins); no word may sit
    across a margin's edge, where the body would run into a running head or footer."""
    bottom = footer_top(page, number)
    body, margins = [], []
    for w in page.words:
        if w.y1 <= top + TOLERANCE or w.y0 >= bottom - TOLERANCE:
            margins.append(w)
        else:
            assert w.y0 >= top - TOLERANCE and w.y1 <= bottom + TOLERANCE, (
                f"page {number}: {w.text[:30]!r} runs into a margin"
            )
            body.append(w)
    return body, margins


def not_running(words: list[Word], running: list[str]) -> list[str]:
    """The words that are no part of the running heads and footers."""
    known = squash(" ".join(running))
    return [w.text[:30] for w in words if squash(w.text) not in known]


# --- the builds ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def handout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile career's handout, on Letter, with a long school name and contact."""
    root = make_project(tmp_path_factory.mktemp("hostile"), {"hostile": CAREER}, BOOK)
    out = root / "hostile.pdf"
    run("handout", str(root / "content" / "hostile.yaml"), "-o", str(out))
    return out


@pytest.fixture(scope="module")
def booklet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile booklet (BOOKLET_CAREERS), on A4."""
    root = make_project(tmp_path_factory.mktemp("hostile-book"), BOOKLET_CAREERS, BOOKLET)
    out = root / "booklet.pdf"
    run("booklet", str(root), "-o", str(out))
    return out


# --- the handout ----------------------------------------------------------------------------


def handout_running(pages: int) -> list[str]:
    return [
        TITLE,
        BOOK["organization"],
        BOOK["contact"],
        f"Page of {pages} Dated June 2026",
        "0123456789 ·",
        " ".join(str(n) for n in range(1, pages + 1)),
    ]


def test_handout_words_stay_inside_the_page_and_its_margins(handout: Path) -> None:
    pages = pages_of(handout)
    body_text = ""
    for n, page in enumerate(pages, 1):
        assert page.words, f"page {n} is empty"
        assert not outside(page, 0.7 * INCH, 0.7 * INCH), f"page {n}"
        body, margins = split_margins(page, n, 0.65 * INCH)
        assert not not_running(margins, handout_running(len(pages))), f"page {n}"
        body_text += "".join(squash(w.text) for w in body)
    # Every field is printed in the body (a field broken by a page break, too).
    missing = [t[:40] for t in texts(CAREER) if squash(t) not in body_text]
    assert not missing


def test_no_two_words_of_the_handout_overlap(handout: Path) -> None:
    for n, page in enumerate(pages_of(handout), 1):
        assert not overlaps(page), f"page {n}"


def test_footer_parts_share_the_width(handout: Path) -> None:
    pdf = read_pdf(handout)
    pages = pages_of(handout)
    for n, (page, text) in enumerate(zip(pages, pdf.pages, strict=True), 1):
        assert f"Page {n} of {len(pages)}" in " ".join(text.split())
        assert "Dated June 2026" in text
        # Title on the left, school in the middle, page and date on the right: side by side.
        footer = [w for w in page.words if w.y0 > footer_top(page, n) - TOLERANCE]
        label = max((w for w in footer if w.text == "Page"), key=lambda w: w.y0)
        corner = [w for w in footer if w.x0 >= label.x0 - TOLERANCE]
        assert " ".join(w.text for w in corner) == f"Page {n} of {len(pages)} · Dated June 2026"
        assert {round(w.y0) for w in corner} == {round(label.y0)}, "on one line"
        title = [w for w in footer if w.x1 < label.x0 and squash(w.text) in squash(TITLE)]
        assert squash("".join(w.text for w in title)) == squash(TITLE)
        middle = [w for w in footer if max(t.x1 for t in title) < w.x0 and w.x1 < label.x0]
        assert squash("".join(w.text for w in middle)) == squash(
            f"{BOOK['organization']} · {BOOK['contact']}"
        )


def test_a_long_time_wraps_beside_its_step_and_pushes_the_next_down(handout: Path) -> None:
    text = read_pdf(handout).text
    for time in TIMES:  # exactly as written, wherever it wraps
        assert squash(time) in squash(text)
    assert "10:30 am to" in text and "10:30 am–" in text  # wrapped between its clock times
    assert not re.search(r"\b(am|pm)\s*\n\s*(am|pm)\b", text)  # never before "am"/"pm"
    # The first step's title starts level with its time.
    pages = pages_of(handout)
    first = CAREER["typical_day"]["steps"][0]["title"].split()[0]
    for page in pages:
        title = [w for w in page.words if w.text == first]
        if title:
            time = next(w for w in page.words if w.text == "10:30" and abs(w.y0 - title[0].y0) < 2)
            assert time.x1 < title[0].x0
            break
    else:
        pytest.fail("the first step's title is missing")


def test_fit_keeps_its_label_and_its_bullets(handout: Path) -> None:
    text = read_pdf(handout).text
    assert squash("Worth a look if You have an ear") in squash(text)
    for bullet in BULLETS:
        assert squash(bullet) in squash(text)
        # A list, not a run-on sentence: md_inline printed "… - first - second".
        assert not re.search(r"-\s*" + re.escape(bullet[:10]), text)


# --- the booklet ----------------------------------------------------------------------------


def test_the_cover_is_one_page_with_everything_on_it(booklet: Path) -> None:
    pages = pages_of(booklet)
    cover = pages[0]
    text = " ".join(w.text for w in cover.words)
    for field in ("title", "subtitle", "organization", "contact"):
        assert squash(BOOKLET[field]) in squash(text), field
    assert re.search(r"\b20\d\d\b", text), "the cover's date"
    assert not outside(cover, 0.9 * INCH, 0.9 * INCH)  # the cover's own side margins
    assert not overlaps(cover)
    assert not pages[1].words, "the back of the cover is blank"


def test_booklet_words_stay_inside_the_page_and_its_margins(booklet: Path) -> None:
    pages = pages_of(booklet)
    running = [
        TITLE,
        OTHER,
        BOOKLET["organization"],
        BOOKLET["contact"],
        "Contents",
        "Index of careers Draft 0123456789 ·",
    ]
    body_text = ""
    for n, page in enumerate(pages[1:], 2):
        inner, outer = 0.85 * INCH, 0.6 * INCH  # duplex: right-hand pages are odd
        left, right = (inner, outer) if n % 2 else (outer, inner)
        assert not outside(page, left, right), f"page {n}"
        assert not overlaps(page), f"page {n}"
        if page.words:  # the back of the cover is blank
            body, margins = split_margins(page, n, 0.65 * INCH)
            assert not not_running(margins, running), f"page {n}"
            body_text += "".join(squash(w.text) for w in body)
    for value in (TITLE, OTHER, BOOKLET_CLUSTER, *texts(BOOKLET_CAREERS)):
        assert squash(value) in body_text, value[:40]


# --- the bundled handout --------------------------------------------------------------------


def test_the_bundled_handout_is_unchanged_in_shape(tmp_path: Path) -> None:
    out = tmp_path / "mp.pdf"
    run("handout", str(ROOT / "content" / "music-producer.yaml"), "-o", str(out))
    pages = pages_of(out)
    assert len(pages) == 4  # with its "How to get there" section (format 1.1)
    assert (round(pages[0].width), round(pages[0].height)) == (612, 792)
    for n, page in enumerate(pages, 1):
        assert not outside(page, 0.7 * INCH, 0.7 * INCH), f"page {n}"
        assert not overlaps(page), f"page {n}"
