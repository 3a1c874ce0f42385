"""Shared fixtures: where the fixture career files live."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True, scope="session")
def _session_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """careerbook's cache (charts, booklet parts) in a folder of this test session, never
    in the user's ~/.cache; it starts empty."""
    os.environ["CAREERBOOK_CACHE_DIR"] = str(tmp_path_factory.mktemp("careerbook-cache"))
    yield


@pytest.fixture
def careers_dir() -> Path:
    """tests/data/careers: valid career files for loader and end-to-end tests."""
    return DATA / "careers"
