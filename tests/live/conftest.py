"""The preview's fixtures: a small project of two careers, its server, a headless Chromium."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from previewing import Browser

from careerbook.live.server import PreviewServer
from careerbook.options import Options

CAREERS = Path(__file__).parents[1] / "data" / "careers"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("preview")
    (root / "content").mkdir()
    shutil.copy(CAREERS / "minimal.yaml", root / "content" / "beekeeper.yaml")
    shutil.copy(CAREERS / "full.yaml", root / "content" / "wildlife.yaml")
    (root / "careerbook.yaml").write_text(
        "title: Careers Outdoors\ncareers:\n  - beekeeper\n  - wildlife-biologist\n"
    )
    return root


@pytest.fixture(scope="module")
def server(project: Path) -> Iterator[PreviewServer]:
    preview = PreviewServer(project, Options(), port=0).start()
    assert preview.wait_ready(), "the file watcher did not start"
    yield preview
    preview.close()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    b = Browser(tmp_path / "chromium-profile")
    yield b
    b.close()
