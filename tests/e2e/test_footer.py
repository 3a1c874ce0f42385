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
    assert fit_line("x" * 500, 300) == fit_line("y" * 500, 300)
    assert not fit_line("x" * 500, 300).one_line


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_organization_and_contact_fit_one_line(tmp_path: Path, paper: str) -> None:
    assert len(ORGANIZATION) == 60
    (tmp_path / "content").mkdir()
    source = tmp_path / "content" / "filmmaker.yaml"
    source.write_text((ROOT / "content" / "filmmaker.yaml").read_text(encoding="utf-8"),
                      encoding="utf-8")
    (tmp_path / "careerbook.yaml").write_text(yaml.safe_dump(
        {"organization": ORGANIZATION, "contact": CONTACT, "paper": paper}), encoding="utf-8")
    pages = pages_of(handout(source, tmp_path / "out.pdf", Options()))
    wanted = set(ORGANIZATION.split()) | {CONTACT}
    for n, page in enumerate(pages, start=1):
        footer = [w for w in page.words if w.y0 > page.height - 54]
        brand = [w for w in footer if w.text in wanted]
        assert {w.text for w in brand} == wanted, f"page {n}"
        assert max(w.y0 for w in brand) - min(w.y0 for w in brand) < 1, f"page {n}: not one line"
        others = [w for w in footer if w not in brand and w.text != "·"]
        for word in others:  # the title on the left, the page and date on the right
            assert word.x1 < min(w.x0 for w in brand) or word.x0 > max(w.x1 for w in brand)
