"""A content project: its book file's logo, checked where it really is."""

from __future__ import annotations

from pathlib import Path

import pytest

from careerbook.content.project import open_project
from careerbook.errors import ContentError


def test_a_logo_named_png_that_links_to_another_file_is_refused(tmp_path: Path) -> None:
    # The book file's name passes the model's check; the file it leads to does not.
    (tmp_path / "notes.txt").write_text("not a picture\n")
    (tmp_path / "logo.png").symlink_to("notes.txt")
    (tmp_path / "careerbook.yaml").write_text("logo: logo.png\n")
    with pytest.raises(ContentError, match=r"'logo\.png' is not an SVG or PNG file"):
        open_project(tmp_path).logo()


def test_a_logo_in_the_project_is_found(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "Logo.SVG").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "careerbook.yaml").write_text("logo: images/Logo.SVG\n")
    assert open_project(tmp_path).logo() == (tmp_path / "images" / "Logo.SVG").resolve()
