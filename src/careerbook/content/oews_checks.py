"""What `careerbook validate` checks of the official pay data's fields (format 1.1): `soc` and
`oews` codes the data knows (a problem, with "did you mean"), a book's `area` (a problem when
unknown or ambiguous), and a typed pay range beside `soc` with no OEWS range (a warning).

careerbook.oews is imported only for a file that uses these fields.
"""

from __future__ import annotations

import difflib

from careerbook.content.models import Book, Career
from careerbook.content.pay_models import PayRange
from careerbook.content.reader import Document
from careerbook.errors import CareerbookError, Problem


def _suggestions(code: str, words: str) -> list[str]:
    """Close detailed occupations: by the title's words, then by a code like the one typed."""
    from careerbook.oews import search_occupations  # here: only a bad code opens the data

    by_title = [m.occupation for m in search_occupations(words, limit=2)] if words else []
    nearby = {m.occupation.code: m.occupation for m in search_occupations(code[:4], limit=2000)}
    by_code = [nearby[c] for c in difflib.get_close_matches(code, list(nearby), n=2, cutoff=0.6)]
    seen: dict[str, str] = {}
    for occupation in by_title + by_code:
        seen.setdefault(occupation.code, f"{occupation.code} ({occupation.title})")
    return list(seen.values())[:3]


def _code_problem(doc: Document, loc: tuple[str | int, ...], code: str, words: str) -> Problem | None:
    from careerbook.oews import find_occupation  # here: a career without codes never loads it

    occupation = find_occupation(code)
    if occupation is not None and not occupation.is_group:
        return None
    if occupation is not None:
        what = f"'{code}' is the occupation group {occupation.title}, not one occupation"
    else:
        what = f"'{code}' is not an occupation in BLS's wage data"
    close = _suggestions(code, words)
    hint = (
        f"; did you mean {' or '.join(close)}?"
        if close
        else "; find the code with `careerbook occupations WORDS`"
    )
    return doc.problem(loc, what + hint)


def code_problems(doc: Document, career: Career) -> list[Problem]:
    """A `soc` or `oews` code that is not a detailed occupation the OEWS data knows."""
    wanted: list[tuple[tuple[str | int, ...], str, str]] = []
    if career.soc:
        wanted.append((("soc",), career.soc, career.title))
    for i, r in enumerate(career.pay.ranges if career.pay else []):
        if not isinstance(r, PayRange):
            wanted.append((("pay", "ranges", i, "oews"), r.oews, r.label or career.title))
    out = []
    for loc, code, words in wanted:
        problem = _code_problem(doc, loc, code, words)
        if problem is not None:
            out.append(problem)
    return out


def pay_warnings(doc: Document, career: Career) -> list[Problem]:
    """A career with `soc` whose pay is typed only: BLS's figures are there to be used."""
    pay = career.pay
    if career.soc and pay is not None and not pay.oews_ranges:
        return [
            doc.problem(
                ("pay", "ranges"),
                f"typed pay figures, while soc gives BLS's "
                f"occupation {career.soc}; add its official wages as a range "
                f'{{oews: "{career.soc}"}} (label optional), beside or instead of '
                "these",
                key=True,
            )
        ]
    return []


def area_problems(doc: Document | None, book: Book) -> list[Problem]:
    """A book `area` that names no OEWS area, or several (the error lists the close ones)."""
    if not book.area or doc is None:
        return []
    from careerbook.oews import find_area  # here: a book without an area never loads it

    try:
        find_area(book.area)
    except CareerbookError as exc:
        return [doc.problem(("area",), str(exc))]
    return []
