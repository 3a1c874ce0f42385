"""The build's clock: the instant SOURCE_DATE_EPOCH pins for a reproducible build, else now."""

from __future__ import annotations

import datetime as dt
import os

from careerbook.errors import CareerbookError


def source_date() -> dt.datetime | None:
    """The instant SOURCE_DATE_EPOCH pins (whole seconds since 1970, UTC), if it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return None
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise CareerbookError(
            f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix timestamp (whole seconds since 1970)"
        ) from None


def today() -> dt.date:
    """Today, or the day SOURCE_DATE_EPOCH pins."""
    pinned = source_date()
    return pinned.date() if pinned is not None else dt.date.today()
