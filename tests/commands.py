"""The CLI driven in this process, as the end-to-end tests run it."""

from __future__ import annotations

import pytest

from careerbook.cli.main import main


def run(*args: str) -> None:
    """`careerbook -q ARGS…`, which must succeed."""
    with pytest.raises(SystemExit) as done:
        main(["-q", *args])
    assert done.value.code == 0


def status(*args: str) -> int:
    """`careerbook -q ARGS…`'s exit status."""
    with pytest.raises(SystemExit) as done:
        main(["-q", *args])
    return int(done.value.code or 0)
