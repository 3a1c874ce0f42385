"""validate checks a logo with the build's own rule (confine.vet): what the build refuses, it reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from careerbook.content.checks import check
from logos import LOGOS, logo_project


@pytest.mark.parametrize("name", sorted(LOGOS))
def test_validate_reports_what_the_build_would_refuse(tmp_path: Path, name: str) -> None:
    inside, refused = LOGOS[name]
    report = check([logo_project(tmp_path / "project", inside)])
    said = [p for p in report.problems if p.field == "logo"]
    if refused is None:
        assert said == []
    else:
        assert len(said) == 1 and refused in said[0].message, said
        assert said[0].line == 2  # at the book file's logo line
        assert said[0].message.startswith("the build would refuse this logo: ")
