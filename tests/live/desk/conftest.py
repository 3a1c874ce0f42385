"""The desk's fixtures: a project, and the desk served for the browser tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from desking import DeskServer, make_project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "guide")


@pytest.fixture(scope="module")
def desk_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("desk") / "guide")


@pytest.fixture(scope="module")
def desk(desk_project: Path) -> Iterator[DeskServer]:
    server = DeskServer(desk_project).start()
    yield server
    server.close()
