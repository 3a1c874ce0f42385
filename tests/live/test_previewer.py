"""The preview's documents: built once per version, forgotten on a change, nothing forked."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

from careerbook.live.builder import BuildJob, Failed, Output, Worker
from careerbook.live.previewer import Built, Previewer
from careerbook.options import Options

CAREERS = Path(__file__).parents[1] / "data" / "careers"


def test_print_html_waits_for_a_build_and_nothing_is_forked(project: Path) -> None:
    """Builds run in the server's threads: no forked process, and one drawing at a time."""
    previewer = Previewer(project, Options())
    assert previewer.options.fork is False
    previewer.print_html("handout", "beekeeper")  # imports and charts ready: the next is quick
    done = threading.Event()
    thread = threading.Thread(
        target=lambda: (previewer.print_html("handout", "beekeeper"), done.set()), daemon=True
    )
    with previewer._build_lock:  # a build is running
        thread.start()
        assert not done.wait(1), "print.html drew its page while a build was running"
    thread.join(30)
    assert done.is_set()


def test_a_result_is_kept_until_a_change(project: Path) -> None:
    previewer = Previewer(project, Options())
    first = previewer.result("handout", "beekeeper")
    assert isinstance(first, Built) and first.title == "Beekeeper"
    assert previewer.result("handout", "beekeeper") is first
    version = previewer.version
    previewer.changed()
    assert previewer.version != version
    again = previewer.result("handout", "beekeeper")
    assert isinstance(again, Built) and again is not first


def test_a_missing_career_is_a_failure_not_an_exception(project: Path) -> None:
    result = Previewer(project, Options()).result("handout", "nobody")
    assert isinstance(result, Failed) and not result.bug
    assert result.lines == ["content/nobody.yaml: no such career file (any more)"]


def test_a_build_stuck_past_the_limit_is_killed_and_the_next_one_runs(tmp_path: Path) -> None:
    """The guard's alarm cannot reach a child stuck in C code: the worker is killed then."""
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    (root / "careerbook.yaml").write_text("title: Stuck\n")  # a project: its templates are used
    shutil.copy(CAREERS / "full.yaml", root / "content" / "wildlife.yaml")
    (root / "templates" / "sections").mkdir(parents=True)
    (root / "templates" / "sections" / "closing.html").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    )
    worker = Worker()
    try:
        started = time.monotonic()
        # No limit in the child (as if the alarm were never seen), 1 s in the parent.
        answer = worker.run(BuildJob(root, "handout", "wildlife", Options(time_limit=None)), wait=1)
        assert time.monotonic() - started < 30  # the worker starts (imports WeasyPrint) first
        assert isinstance(answer, Failed)
        assert "took longer than the time limit of 1 s" in answer.lines[0]
        (root / "templates" / "sections" / "closing.html").write_text("<p>The end</p>\n")
        again = worker.run(BuildJob(root, "handout", "wildlife", Options(fork=False)), wait=60)
        assert isinstance(again, Output) and again.data.startswith(b"%PDF")
    finally:
        worker.close()
