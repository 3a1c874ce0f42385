"""Paths in messages: relative to where the user works, when they are inside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from careerbook.errors import shown


def test_inside_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert shown(tmp_path / "content" / "welder.yaml") == Path("content/welder.yaml")
    assert shown(Path("content/../content/welder.yaml")) == Path("content/welder.yaml")
    assert shown(tmp_path) == Path(".")
    outside = tmp_path.parent / "elsewhere.yaml"
    assert shown(outside) == outside


def test_inside_another_folder(tmp_path: Path) -> None:
    root = tmp_path / "project"
    assert shown(root / "styles" / "theme.css", root) == Path("styles/theme.css")
    assert shown(tmp_path / "other.yaml", root) == tmp_path / "other.yaml"


def test_a_link_inside_the_folder_is_shown_where_it_is(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    (tmp_path / "shared.yaml").write_text("title: X\n")
    link = root / "content" / "shared.yaml"
    link.symlink_to(tmp_path / "shared.yaml")
    assert shown(link, root) == Path("content/shared.yaml")
