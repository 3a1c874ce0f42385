"""A small valid career and a helper that asserts a file is refused, for the loader's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from careerbook.content.validate import load_career
from careerbook.errors import ContentError, Problem

BASE = """\
title: Beekeeper
summary: Bees.
work:
  summary: Outdoors.
  time_split:
    - {activity: Hives, percent: 60}
    - {activity: Sales, percent: 40}
"""


def problems(tmp_path: Path, text: str | bytes) -> list[Problem]:
    """The problems load_career reports for `text`; it must refuse the file."""
    path = tmp_path / "career.yaml"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    with pytest.raises(ContentError) as info:
        load_career(path)
    found = info.value.problems
    assert found, "a refused file must say why"
    assert all(p.path == path for p in found)
    return found
