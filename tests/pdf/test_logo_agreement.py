"""`validate` and the build agree on a logo: the build refuses exactly what validate reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from careerbook.build import Options, handout
from careerbook.content.checks import check
from careerbook.errors import RenderError
from logos import LOGOS, logo_project


@pytest.mark.parametrize(
    "name",
    ["plain", "inside", "http", "https", "file", "dotdot", "import", "font", "paint", "nested", "detailed"],
)
def test_validate_and_handout_agree_on_a_logo(tmp_path: Path, name: str) -> None:
    root = logo_project(tmp_path / "project", LOGOS[name][0])
    reported = any(p.field == "logo" for p in check([root]).problems)
    try:
        handout(root / "content" / "bee.yaml", root / "output" / "bee.pdf", Options())
        refused = False
    except RenderError:
        refused = True
    assert reported == refused == (LOGOS[name][1] is not None)
