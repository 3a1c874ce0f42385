"""The kinds of PDF careerbook writes. A module of its own: the command line names them
before anything heavy is imported (pdf/document.py brings in the models and the fetcher)."""

from __future__ import annotations

from enum import StrEnum


class PdfVariant(StrEnum):
    """The kinds of PDF careerbook writes: tagged PDF/UA-1 (the default), PDF/A-3b, or plain."""

    ua1 = "pdf/ua-1"
    a3b = "pdf/a-3b"
    plain = "plain"
