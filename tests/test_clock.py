"""The build's clock: SOURCE_DATE_EPOCH, read in one place."""

from __future__ import annotations

import datetime as dt

import pytest

from careerbook import clock
from careerbook.content import checks
from careerbook.errors import CareerbookError
from careerbook.pdf import document as pdf
from careerbook.render import templates as render

JUNE_15_2026_NOON = 1781524800


def test_today_and_the_instant_follow_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(JUNE_15_2026_NOON))
    assert clock.source_date() == dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC)
    assert clock.today() == dt.date(2026, 6, 15)


def test_without_source_date_epoch_it_is_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert clock.source_date() is None
    assert clock.today() == dt.date.today()


@pytest.mark.parametrize("value", ["next tuesday", "1.5e9", "", "99999999999999999999"])
def test_a_malformed_source_date_epoch_is_the_users_error(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    for read in (clock.source_date, clock.today):
        with pytest.raises(CareerbookError, match=f"SOURCE_DATE_EPOCH={value!r} is not a Unix"):
            read()


def test_every_stage_reads_the_one_clock() -> None:
    # The footer and cover date, validate's "two years old", the PDF's creation date.
    assert render.build_date is clock.today and checks.today is clock.today
    assert pdf.source_date is clock.source_date
