"""The handout's footer: a school name of 60 characters and its contact on one line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from careerbook.build import handout
from careerbook.options import Options
from careerbook.render.footer import SIZES, fit_line, text_width
from pdftools import pages_of

ROOT = Path(__file__).parents[2]
ORGANIZATION = "Riverside Unified School District Career Counseling Office B"  # 60 characters
CONTACT = "counseling@riverside.example"


def test_a_longer_text_is_set_smaller_and_a_too_long_one_at_the_smallest() -> None:
    assert text_width("ab", 10) > text_width("a", 10) > 0
    assert fit_line("Riverside High", 200).size == SIZES[0]
    assert fit_line(ORGANIZATION + " · " + CONTACT, 300).size < SIZES[0]
    assert fit_line("x" * 500, 300).size == fit_line("y" * 500, 300).size == SIZES[-1]
    assert not fit_line("x" * 500, 300).one_line  # no name to shorten: it wraps
    # The last resort: the name shortened with "…", the contact whole.
    last = fit_line("Riverside " * 20 + "· " + CONTACT, 200)
    assert last.one_line and last.size == SIZES[-1]
    assert last.text.endswith("… · " + CONTACT) and text_width(last.text, SIZES[-1]) < 200


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("career", ["minimal", "filmmaker"])
def test_organization_and_contact_fit_one_line(tmp_path: Path, paper: str, career: str) -> None:
    """A 60-character name and the contact on one line, clear of the title and the page and
    date; shortened with "…" only when nothing else fits (a draft's long date, "Page 1 of 5
    · Dated December 2026", leaves less room), and then the contact whole."""
    assert len(ORGANIZATION) == 60
    (tmp_path / "content").mkdir()
    source = tmp_path / "content" / f"{career}.yaml"
    origin = (
        ROOT / "content" / "filmmaker.yaml"
        if career == "filmmaker"
        else (ROOT / "tests" / "data" / "careers" / "minimal.yaml")
    )
    source.write_text(origin.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "careerbook.yaml").write_text(
        yaml.safe_dump({"organization": ORGANIZATION, "contact": CONTACT, "paper": paper}), encoding="utf-8"
    )
    pages = pages_of(handout(source, tmp_path / "out.pdf", Options()))
    names = ORGANIZATION.split()
    for n, page in enumerate(pages, start=1):
        footer = [w for w in page.words if w.y0 > page.height - 54]
        contact = [w for w in footer if w.text == CONTACT]
        assert len(contact) == 1, f"page {n}: the contact is whole"
        line = [
            w
            for w in footer
            if (abs(w.y0 - contact[0].y0) < 1 and w.x1 <= contact[0].x1 and w.text in [*names, "·"])
            or w.text.endswith("…")
        ]
        said = [w.text for w in line if w.text != "·"]
        whole = said == names
        shortened = said[-1].endswith("…") and said[:-1] == names[: len(said) - 1]
        assert whole or shortened, f"page {n}: {said}"
        if career == "minimal" and paper == "letter":
            assert whole, "a short date leaves room for the whole name"
        brand = [*line, *contact]
        others = [w for w in footer if w not in brand]
        for word in others:  # the title on the left, the page and date on the right
            assert word.x1 < min(w.x0 for w in brand) or word.x0 > max(w.x1 for w in brand)
