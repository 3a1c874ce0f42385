"""What a stop may not cut: a Ctrl-C, SIGTERM or the time limit's alarm held over a block."""

from __future__ import annotations

import os
import signal
import sys
import time

import pytest

from careerbook import limits
from careerbook.errors import RenderError
from careerbook.limits import guard, quiet_stops, signals_held


def test_a_ctrl_c_waits_for_the_block_then_acts() -> None:
    done = []
    before = signal.getsignal(signal.SIGINT)
    with pytest.raises(KeyboardInterrupt), signals_held():
        os.kill(os.getpid(), signal.SIGINT)
        for n in range(100_000):  # Python runs its handler between these steps
            done.append(n)
    assert len(done) == 100_000
    assert signal.getsignal(signal.SIGINT) is before


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGALRM])
def test_each_signal_acts_once_after_the_block(sig: signal.Signals) -> None:
    seen: list[int] = []
    previous = signal.signal(sig, lambda signum, frame: seen.append(signum))
    try:
        with signals_held():
            os.kill(os.getpid(), sig)
            os.kill(os.getpid(), sig)
            sum(range(100_000))
            assert seen == []
        assert seen == [sig]
    finally:
        signal.signal(sig, previous)


def test_nothing_held_none_raised() -> None:
    with signals_held():
        pass
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_ctrl_c_python_would_ignore_is_raised_again_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Seen on CI: a Ctrl-C landing in a weakref callback of the import system printed
    # "Exception ignored … KeyboardInterrupt" and the build went on.
    monkeypatch.setattr(sys, "unraisablehook", sys.unraisablehook)
    quiet_stops()

    class Dropped:
        def __del__(self) -> None:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        Dropped()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:  # Python raises it between these steps
            pass
    assert "Exception ignored" not in capsys.readouterr().err


def test_other_ignored_exceptions_are_still_said(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    said: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", said.append)
    quiet_stops()

    class Dropped:
        def __del__(self) -> None:
            raise ValueError("a bug")

    Dropped()
    assert [type(u.exc_value) for u in said] == [ValueError]  # type: ignore[attr-defined]


def test_a_ctrl_c_held_with_the_alarm_stops_the_command_not_the_clock() -> None:
    def out_of_time(signum: int, frame: object) -> None:
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, out_of_time)
    try:
        with pytest.raises(KeyboardInterrupt), signals_held():
            os.kill(os.getpid(), signal.SIGALRM)
            os.kill(os.getpid(), signal.SIGINT)
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_an_alarm_python_would_ignore_still_ends_the_render(monkeypatch: pytest.MonkeyPatch) -> None:
    # The alarm fires once: one that lands in a __del__ would otherwise leave no time limit.
    monkeypatch.setattr(sys, "unraisablehook", sys.unraisablehook)

    class Dropped:
        def __del__(self) -> None:
            raise limits._TimeUp

    begun = time.monotonic()
    with pytest.raises(RenderError, match="time limit"), guard(60):
        Dropped()
        while time.monotonic() - begun < 5:
            pass
    assert time.monotonic() - begun < 2
