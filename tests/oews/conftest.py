"""Fixtures of the OEWS tests: a data folder of each test's own, and the fixture release."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from careerbook.oews import Release, update_from_flat_files

FLAT = Path(__file__).parent / "data" / "flat"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes more than about a second")


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """CAREERBOOK_DATA_DIR in the test's folder: no test reads or writes the user's data."""
    folder = tmp_path / "careerbook-data"
    monkeypatch.setenv("CAREERBOOK_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def flat(tmp_path: Path) -> Path:
    """A copy of the fixture flat files that a test may break."""
    return Path(shutil.copytree(FLAT, tmp_path / "flat"))


@pytest.fixture
def fixture_release() -> Release:
    """The fixture flat files installed as the user's release (lookups answer from them)."""
    return update_from_flat_files(FLAT)
