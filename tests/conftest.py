"""Shared fixtures (where the fixture career files live) and the fast loop's markers.

`pytest -m "not slow"` is the loop to run while working (under a minute on 2 cores): it
leaves out the modules below, which lay out whole documents (booklets, many handouts) or
drive a browser, and tests marked `slow` in their own file. `scripts/test` runs everything.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
TESTS = Path(__file__).parent

# Whole modules that take seconds: end-to-end builds, the fast booklet against the one-document
# booklet, merging, watch, the chart drawings compared in pixels, packaging a wheel.
SLOW_MODULES = (
    "e2e/",
    "booklet/test_fast_booklet.py",
    "booklet/test_merge.py",
    "booklet/test_book.py",
    "live/",
    "render/test_theme.py",
    "pdf/test_fetcher.py",
    "pdf/test_tagging.py",
    "pdf/test_html_export.py",
    "test_files.py",
    "speed/test_cache.py",
    "cli/test_pay_commands.py",
    "scaffold/test_scaffold.py",
    "charts/test_svg_tidy.py",
    "charts/test_measure.py",
    "test_packaging.py",
)
# Tests that drive a real browser (Debian's chromium).
BROWSER_MODULES = ("live/test_server.py", "live/desk/")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes seconds; left out of the fast loop")
    config.addinivalue_line("markers", "browser: drives a real browser (Debian's chromium)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        where = item.path.relative_to(TESTS).as_posix()
        if where.startswith(SLOW_MODULES):
            item.add_marker(pytest.mark.slow)
        if where.startswith(BROWSER_MODULES):
            item.add_marker(pytest.mark.browser)


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
