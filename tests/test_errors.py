"""The two kinds of error: the user's (a message, exit 1) and ours (a bug, said as such);
and paths in messages, relative to where the user works when they are inside it."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from careerbook.cli.main import main
from careerbook.errors import ContentError, Problem, shown
from careerbook.pdf import tagging

CAREERS = Path(__file__).parent / "data" / "careers"


def test_a_content_error_crosses_a_process_whole() -> None:
    # A booklet's worker raises it; the main process prints every problem.
    problems = [
        Problem(Path("a.yaml"), 3, 1, "title", "expected text"),
        Problem(Path("b.yaml"), 7, 5, "work.summary", "missing"),
    ]
    again = pickle.loads(pickle.dumps(ContentError(problems)))
    assert isinstance(again, ContentError) and again.problems == sorted(problems)


def _broken(self: object) -> None:
    raise ValueError("a mistake of ours")


def test_a_bug_of_ours_inside_weasyprint_says_it_is_a_bug(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # careerbook's PDF/UA finisher runs inside WeasyPrint: its failure is not the page's.
    shutil.copy(CAREERS / "minimal.yaml", tmp_path / "bee.yaml")
    monkeypatch.setattr(tagging._Tree, "margin_boxes_as_artifacts", _broken)
    with pytest.raises(SystemExit) as done:
        main(["-q", "handout", str(tmp_path / "bee.yaml"), "-o", str(tmp_path / "bee.pdf")])
    err = capsys.readouterr().err
    assert done.value.code == 2
    assert "this is a bug in careerbook" in err and "a mistake of ours" in err
    assert "check the project's templates" not in err and "Traceback" not in err
    assert not (tmp_path / "bee.pdf").exists()
    with pytest.raises(Exception, match="a mistake of ours"):  # --debug: the bug itself
        main(["--debug", "-q", "handout", str(tmp_path / "bee.yaml"), "-o", str(tmp_path / "b.pdf")])


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
