"""The one error of the OEWS data layer: data that is missing, malformed or not found."""

from __future__ import annotations

from careerbook.errors import CareerbookError


class DataError(CareerbookError):
    """The pay data cannot answer: a bad flat file (named with its line), a broken data file,
    an unknown or ambiguous occupation or area. The message is meant for the user as is."""
