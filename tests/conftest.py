"""Shared fixtures: where the fixture career files live."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def careers_dir() -> Path:
    """tests/data/careers: valid career files for loader and end-to-end tests."""
    return DATA / "careers"
