"""plan.lay_out: where each part of a booklet begins, for each `start`, and the padding."""

from __future__ import annotations

import random

import pytest

from careerbook.booklet.plan import Part, lay_out

# A front of two pages (cover, contents), four careers of three pages, an index of one.
BOOK = [Part("front", 2), *(Part(f"c{n}", 3) for n in range(4)), Part("back", 1)]


def test_right_starts_every_part_on_a_right_hand_page() -> None:
    layout = lay_out(BOOK, duplex=True, pad_to=4, start="right")
    assert all(page % 2 == 1 for page in layout.starts.values())
    assert layout.count % 4 == 0
    assert layout.count == 20 and layout.blanks == 5  # a blank before each career, 1 to pad


def test_any_starts_every_part_on_the_next_page() -> None:
    layout = lay_out(BOOK, duplex=True, pad_to=4, start="any")
    assert layout.starts == {"front": 1, "c0": 3, "c1": 6, "c2": 9, "c3": 12, "back": 15}
    assert layout.count == 16 and layout.blanks == 1  # the padding


def test_auto_moves_a_part_to_the_right_only_where_no_sheet_is_added() -> None:
    layout = lay_out(BOOK, duplex=True, pad_to=4, start="auto")
    # c1 would begin on page 6: the one spare page of padding puts it on 7 instead.
    assert layout.starts == {"front": 1, "c0": 3, "c1": 7, "c2": 10, "c3": 13, "back": 16}
    assert layout.after_blank("c1") and not layout.after_blank("c2")
    assert layout.count == lay_out(BOOK, duplex=True, pad_to=4, start="any").count
    assert layout.side("c1") == "right" and layout.side("c2") == "left"


def test_auto_never_costs_a_sheet_and_right_starts_where_it_can() -> None:
    rng = random.Random(4)
    for _ in range(200):
        book = [Part("front", rng.randint(1, 3))]
        book += [Part(f"c{n}", rng.randint(1, 6)) for n in range(rng.randint(1, 12))]
        book.append(Part("back", rng.randint(1, 2)))
        auto = lay_out(book, duplex=True, pad_to=4, start="auto")
        free = lay_out(book, duplex=True, pad_to=4, start="any")
        right = lay_out(book, duplex=True, pad_to=4, start="right")
        assert auto.count == free.count <= right.count
        assert auto.count % 4 == 0
        # Every blank page of "auto" is one "any" would have added as padding.
        assert auto.blanks == free.blanks
        for part in book:
            assert free.starts[part.name] <= auto.starts[part.name] <= right.starts[part.name]


def test_single_sided_ignores_start_and_pads_only_when_asked() -> None:
    for start in ("right", "any", "auto"):
        layout = lay_out(BOOK, duplex=False, pad_to=1, start=start)
        assert layout.count == 15 and layout.blanks == 0


def test_an_unknown_start_is_refused() -> None:
    with pytest.raises(ValueError, match="start"):
        lay_out(BOOK, duplex=True, pad_to=4, start="left")
