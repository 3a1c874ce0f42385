"""The preview's documents: built once per version, forgotten on a change, nothing forked."""

from __future__ import annotations

import threading
from pathlib import Path

from careerbook.build import Options
from careerbook.live.previewer import Built, Failed, Previewer


def test_print_html_waits_for_a_build_and_nothing_is_forked(project: Path) -> None:
    """Builds run in the server's threads: no forked process, and one drawing at a time."""
    previewer = Previewer(project, Options())
    assert previewer.options.fork is False
    previewer.print_html("handout", "beekeeper")  # imports and charts ready: the next is quick
    done = threading.Event()
    thread = threading.Thread(
        target=lambda: (previewer.print_html("handout", "beekeeper"), done.set()), daemon=True)
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
