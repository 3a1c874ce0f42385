"""Which careers a build takes: those named (`--careers`, or the `handouts` command's
arguments) and those of one cluster (`--cluster`), always in the book's own order. A slug or
cluster that is not in the book is an error that lists the close ones. And what is wrong
with the book file's own `careers` list (`careers_list_messages`)."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from careerbook.errors import CareerbookError

if TYPE_CHECKING:  # the command line splits its slugs before any model is imported
    from careerbook.content.models import Career

SHOWN = 12  # known names listed when nothing is close


def split_slugs(values: Sequence[str]) -> tuple[str, ...]:
    """`--careers a,b --careers c` -> ("a", "b", "c"), each once, in the order given."""
    slugs = [s.strip() for value in values for s in value.split(",")]
    return tuple(dict.fromkeys(s for s in slugs if s))


def chosen(careers: Sequence[Career], slugs: Sequence[str] = (), cluster: str | None = None) -> list[Career]:
    """The careers named in `slugs` (all when none is) that are in `cluster` (any when None),
    in the order of `careers`. Unknown names are a CareerbookError naming the close ones; a
    choice that leaves nothing is one too."""
    known = {c.key: c for c in careers}
    unknown = [s for s in slugs if s not in known]
    if unknown:
        raise CareerbookError("; ".join(_unknown(s, list(known), "career", "slug") for s in unknown))
    picked = [c for c in careers if not slugs or c.key in set(slugs)]
    if cluster is not None:
        names = list(dict.fromkeys(c.cluster for c in careers if c.cluster))
        wanted = cluster.strip().casefold()
        if wanted not in {n.casefold() for n in names}:
            raise CareerbookError(_unknown(cluster, names, "cluster", "name"))
        picked = [c for c in picked if (c.cluster or "").casefold() == wanted]
        if not picked:
            raise CareerbookError(f"none of the careers named is in the cluster '{cluster}'")
    return picked


def _unknown(name: str, known: list[str], what: str, key: str) -> str:
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
    if not close:  # a different case, or a part of the name
        close = [k for k in known if name.casefold() in k.casefold()][:3]
    message = f"no {what} with the {key} '{name}' in this book"
    if close:
        return message + "; did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    more = " …" if len(known) > SHOWN else ""
    return message + f"; the book has: {', '.join(repr(k) for k in known[:SHOWN]) or 'none'}{more}"


# Unknown slugs in the `careers` list that get a "did you mean": a hint costs a search of
# every known slug, and a list of thousands of unknown ones (pasted from elsewhere) would
# take minutes; the first few are what an author reads anyway.
HINTED_SLUGS = 20


@dataclass(frozen=True)
class ListedSlugProblem:
    """What is wrong with one entry of the book's `careers` list, and which one it is."""

    index: int  # its place in the list, from 0
    message: str


def careers_list_messages(listed: Sequence[str], known: Collection[str]) -> list[ListedSlugProblem]:
    """What is wrong with the book's `careers` list, entry by entry, in linear time."""
    names = sorted(known)
    seen: set[str] = set()
    out: list[ListedSlugProblem] = []
    hinted = 0
    for i, slug in enumerate(listed):
        if slug not in known:
            message = f"no career with slug '{slug}' in content/"
            if hinted < HINTED_SLUGS:
                hinted += 1
                close = difflib.get_close_matches(slug, names, n=1)
                message += (
                    f"; did you mean '{close[0]}'?"
                    if close
                    else f"; known: {', '.join(names[:HINTED_SLUGS]) or 'none'}"
                    + (" …" if len(names) > HINTED_SLUGS else "")
                )
            out.append(ListedSlugProblem(index=i, message=message))
        elif slug in seen:
            out.append(ListedSlugProblem(index=i, message=f"'{slug}' is listed twice"))
        seen.add(slug)
    return out
