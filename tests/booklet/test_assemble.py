"""The fast booklet's pieces: the page plan, the parts' descriptions, the one font program."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from careerbook.booklet.book import ordered_careers
from careerbook.booklet.font_subset import subset
from careerbook.booklet.parts import Anchor, Bookmark, FontUse, PartInfo, Stamp, Xref
from careerbook.booklet.plan import Estimate, Part, Placed, lay_out
from careerbook.content.project import open_project
from careerbook.resources import fonts_dir


def test_duplex_parts_start_on_right_hand_pages_with_blank_versos_between() -> None:
    layout = lay_out(
        [Part("front", 3), Part("a", 3), Part("b", 2), Part("c", 1), Part("back", 2)], True, 4, "right"
    )
    assert layout.starts == {"front": 1, "a": 5, "b": 9, "c": 11, "back": 13}
    assert all(start % 2 == 1 for start in layout.starts.values())
    assert layout.pages[3] is None and layout.pages[7] is None  # blank versos
    assert layout.pages[4] == Placed("a", 0) and layout.pages[12] == Placed("back", 0)
    assert layout.count == 16 and layout.pages[14:] == [None, None]  # padded to a multiple of 4


def test_simplex_parts_follow_each_other() -> None:
    layout = lay_out([Part("front", 3), Part("a", 3), Part("b", 2), Part("back", 1)], False, 1)
    assert layout.starts == {"front": 1, "a": 4, "b": 7, "back": 9}
    assert None not in layout.pages and layout.count == 9


def test_the_riskiest_guesses_are_those_near_a_change_in_digits() -> None:
    estimate = Estimate({"a": 98, "b": 300, "c": 5, "d": 40, "e": 102}, {"a", "b", "c", "e"}, {})
    assert estimate.risk(["d"]) == 0 and estimate.risk([]) == 0  # sure, or nothing to show
    risks = {t: estimate.risk([t]) for t in "abce"}
    assert all(0 < r <= 1 for r in risks.values())  # unsure is never taken for sure
    assert min(risks["a"], risks["e"]) > max(risks["b"], risks["c"])  # 98 and 102: near 100
    assert estimate.risk(["b", "a"]) == risks["a"]  # the riskiest target decides
    assert estimate.digits() == {"a": 2, "b": 3, "c": 1, "d": 2, "e": 3}


def test_a_part_description_survives_the_cache() -> None:
    info = PartInfo(
        "k" * 64,
        2,
        (816.0, 1056.0),
        [None, Stamp(10.0, 20.0, 30.0, "right", "", "css")],
        {"welder": Anchor(0, 72.0, 700.5)},
        [Bookmark(0, 1, "Welder", 72.0, 700.5, "open")],
        [Xref(1, "plumber", 100.5, 200.25, ", p.\u00a0", "font-size: 11px")],
        {"ABCDEF+Inter": FontUse("f" * 64, [1, 5, 9])},
    )
    assert PartInfo.from_json(info.to_json()) == info


def test_one_subset_keeps_the_glyph_numbers_of_all_the_parts() -> None:
    whole = (fonts_dir() / "Inter-Regular.otf").read_bytes()
    cut = subset(whole, [36, 37, 1200])
    assert cut is not None and cut[:4] == b"OTTO"
    assert len(cut) < len(whole) / 4
    font = TTFont(io.BytesIO(cut))
    glyphs = font.getGlyphSet()
    order = font.getGlyphOrder()
    assert len(order) == 1201  # numbers kept up to the highest glyph used
    kept = [g for i, g in enumerate(order) if i in (36, 37, 1200)]
    original = TTFont(io.BytesIO(whole))
    for name in kept:
        assert glyphs[name].width == original.getGlyphSet()[name].width


def test_the_benchmark_writes_careers_of_the_format(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).parents[2]))  # benchmarks/ is not part of the package
    from benchmarks.generate import write_project

    root = write_project(tmp_path / "bench", 3)
    careers = ordered_careers(open_project(root))
    assert len(careers) == 3
    for career in careers:
        assert 5 <= len(career.work.time_split) <= 8
        assert career.typical_day is not None and len(career.typical_day.steps) == 6
        assert career.sources is not None and len(career.sources) == 4


def test_a_setting_is_pickled_once_and_unpickled_once_in_each_worker(tmp_path: Path) -> None:
    import dataclasses
    import pickle

    from careerbook.booklet.parts import Setting
    from careerbook.content.validate import load_career
    from careerbook.render.templates import PageSetup
    from careerbook.render.theme import load_theme

    folder = Path(__file__).parents[1] / "data" / "careers"
    careers = [load_career(p) for p in sorted(folder.glob("*.yaml"))]
    setting = Setting(
        careers=careers,
        theme=load_theme(None),
        page=PageSetup(),
        roots=[tmp_path],
        print_css="",
        variant="pdf/ua-1",
        cache_root=tmp_path,
        cache=False,
        scratch=tmp_path,
        time_limit=None,
        base_key="k",
    )
    first = pickle.dumps(setting)
    pickled = setting._pickled
    assert pickled is not None
    assert pickle.dumps(setting) == first and setting._pickled is pickled  # not pickled again
    one, two = pickle.loads(first), pickle.loads(pickle.dumps(setting))
    assert one is two  # the same bytes give a worker the setting it has already
    assert one == setting and [c.key for c in one.careers] == [c.key for c in careers]
    other = dataclasses.replace(setting, base_key="other")
    assert pickle.loads(pickle.dumps(other)).base_key == "other"


def test_every_page_of_stamps_comes_from_one_page_laid_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stamps of a part are laid out on one sheet, and each page of them is cut from it."""
    from weasyprint.layout import page as weasyprint_page

    from careerbook.booklet.parts import Setting, part_file
    from careerbook.booklet.stamps import stamps_html
    from careerbook.booklet.workers import render_part
    from careerbook.render.templates import PageSetup
    from careerbook.render.theme import load_theme
    from careerbook.resources import styles_dir
    from pdftools import pdftotext

    made: list[int] = []
    make_page = weasyprint_page.make_page
    monkeypatch.setattr(
        weasyprint_page, "make_page", lambda *args, **kwargs: made.append(1) or make_page(*args, **kwargs)
    )
    setting = Setting(
        careers=[],
        theme=load_theme(None),
        page=PageSetup(),
        roots=[styles_dir()],
        print_css="",
        variant="plain",
        cache_root=tmp_path,
        cache=False,
        scratch=tmp_path,
        time_limit=None,
        base_key="k",
    )
    look = 'font-family: "Inter"; font-size: 12px; color: #000'
    pages = [
        [Stamp(100.0, 100.0, None, "left", "p.\u00a07", look)],
        [],
        [Stamp(200.0, 50.0, 80.0, "right", "12", look), Stamp(300.0, 60.0, None, "left", "iv", look)],
    ]
    info = render_part(setting, "stamps", "sheet", stamps_html(setting, pages))
    assert made == [1]
    assert info.pages == 3
    texts = [" ".join(t.split()) for t in pdftotext(part_file(setting, "sheet"))]
    assert texts == ["p. 7", "", "12 iv"]
