"""Look up occupations, areas and wages in the OEWS release in use (see store.py)."""

from __future__ import annotations

import re

from careerbook.oews.codec import FIGURES, Estimate
from careerbook.oews.errors import DataError
from careerbook.oews.models import (
    Area,
    AreaKind,
    Figure,
    FigureStatus,
    Occupation,
    OccupationMatch,
    PayScale,
    WageLookup,
    Wages,
)
from careerbook.oews.states import POSTAL_TO_FIPS
from careerbook.oews.store import Store, open_store, top_coding, top_coding_codes

NATIONAL = "0000000"
_NATION_NAMES = frozenset({"national", "nation", "us", "usa", "u s", "u s a", "united states", "america"})
_CODE = re.compile(r"(\d{2})-?(\d{0,4})")
_EMPLOYMENT, _MEDIAN = FIGURES.index("01"), FIGURES.index("13")  # annual median


def _fold(text: str) -> str:
    """Lower case without accents: "Mayagüez" -> "mayaguez"."""
    if text.isascii():
        return text.lower()
    import unicodedata  # only for the rare name with accents: every import counts in a cold lookup

    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", _fold(text))


def _six(code: str) -> str | None:
    match = _CODE.fullmatch(code.strip())
    return match.group(1) + match.group(2) if match and len(match.group(2)) == 4 else None


def find_occupation(code: str) -> Occupation | None:
    """The occupation (or group) with this SOC code, "47-2111" or "472111"; None if unknown."""
    store = open_store()
    six = _six(code)
    index = store.index.get(six) if six else None
    return None if index is None else store.occupation(index)


def _occupation_index(store: Store, soc: str | Occupation) -> int:
    """Where the occupation is in the release's list (its rows in the blocks are keyed so)."""
    code = soc.code if isinstance(soc, Occupation) else soc
    six = _six(code)
    if six is None or six not in store.index:
        raise DataError(f"Unknown SOC occupation code {code!r} in OEWS {store.release.name}")
    return store.index[six]


def _estimate(store: Store, area: Area, index: int) -> Estimate | None:
    position = (block := store.block(area.code)).positions.get(index)
    return None if position is None else block.row(position)


def _figure(store: Store, value: int | None, notes: str, hourly: bool = False, count: bool = False) -> Figure:
    codes = notes.split()
    note = " ".join(store.footnotes.get(c, "") for c in codes).strip()
    if value is not None:
        return Figure(value / 100 if hourly else value, FigureStatus.PUBLISHED, None, note)
    if codes and not count and top_coding_codes(store.footnotes).intersection(codes):
        top = top_coding(store.footnotes)
        return Figure(None, FigureStatus.TOP_CODED, top.hourly if hourly else top.annual, note)
    if any("not released" in store.footnotes.get(c, "").lower() for c in codes):
        return Figure(None, FigureStatus.NOT_RELEASED, None, note)
    return Figure(None, FigureStatus.NOT_AVAILABLE, None, note)


def _wages(store: Store, occupation: Occupation, area: Area, estimate: Estimate) -> Wages:
    v, n = estimate.values, estimate.notes
    hourly = [_figure(store, v[i], n[i], hourly=True) for i in range(1, 7)]
    annual = [_figure(store, v[i], n[i]) for i in range(7, 13)]
    return Wages(
        occupation, area, _figure(store, v[0], n[0], count=True), PayScale(*annual), PayScale(*hourly)
    )


def area_wages(soc: str | Occupation, area: Area | str) -> Wages | None:
    """BLS's estimate for an occupation in exactly this area, None when it published none."""
    store = open_store()
    index = _occupation_index(store, soc)
    occupation = store.occupation(index)
    place = _area(store, area)
    estimate = _estimate(store, place, index)
    return None if estimate is None else _wages(store, occupation, place, estimate)


def _fallbacks(store: Store, area: Area) -> list[Area]:
    chain = [area]
    if area.kind in (AreaKind.METRO, AreaKind.NONMETRO) and area.state_fips:
        state = store.area(area.state_fips[0] + "00000")
        if state is not None:
            chain.append(state)
    nation = store.area(NATIONAL)
    if area.kind is not AreaKind.NATIONAL and nation is not None:
        chain.append(nation)
    return chain


def wages(soc: str | Occupation, area: Area | str = "US") -> WageLookup:
    """What an occupation pays in an area: the area's estimate, else its (primary) state's, else
    the nation's, whichever BLS published first; with the nation's figures to compare."""
    store = open_store()
    index = _occupation_index(store, soc)
    occupation = store.occupation(index)
    requested = _area(store, area)
    reasons: list[str] = []
    tried: list[Area] = []
    found: Wages | None = None
    national: Wages | None = None
    for place in _fallbacks(store, requested):
        tried.append(place)
        estimate = _estimate(store, place, index)
        here = None if estimate is None else _wages(store, occupation, place, estimate)
        if place.code == NATIONAL:
            national = here
        if here is not None and here.has_wages:
            found = here
            break
        if here is None:
            reasons.append(f"BLS published no estimate for {occupation.title} in {place.name}")
        else:
            reasons.append(f"BLS published no wages for {occupation.title} in {place.name}")
    nation = store.area(NATIONAL)
    if national is None and requested.code != NATIONAL and nation is not None:
        estimate = _estimate(store, nation, index)
        national = None if estimate is None else _wages(store, occupation, nation, estimate)
    fell_back = found is not None and found.area.code != requested.code
    reason = "; ".join(reasons)
    if fell_back and found is not None:
        whose = "the nation's" if found.area.kind is AreaKind.NATIONAL else f"{found.area.name}'s"
        reason += f"; the figures are {whose}"
    return WageLookup(occupation, requested, None if found is None else found.area, found, national,
                      fell_back, reason, tuple(tried))  # fmt: skip


def _area(store: Store, area: Area | str | None) -> Area:
    if area is None:
        area = NATIONAL
    if isinstance(area, Area):
        return store.area(area.code) or area
    return _find_area(store, area)


def find_area(name_or_code: str) -> Area:
    """An area by BLS code ("0042340", or the 5-digit CBSA "42340"), state postal code ("OR"),
    "US"/"national", or name ("Oregon", "Savannah, GA", "savannah"). Unknown or ambiguous names
    raise DataError listing the closest areas."""
    return _find_area(open_store(), name_or_code)


def _find_area(store: Store, text: str) -> Area:
    query = text.strip()
    folded = " ".join(_words(query))
    nation = store.area(NATIONAL)
    if folded in _NATION_NAMES and nation is not None:
        return nation
    if re.fullmatch(r"\d{5}|\d{7}", query):
        found_by_code = store.area(query.zfill(7))
        if found_by_code is not None:
            return found_by_code
        raise DataError(f"No OEWS area has the code {query} in {store.release.name}")
    if re.fullmatch(r"[A-Za-z]{2}", query) and query.upper() in POSTAL_TO_FIPS:
        state = store.area(POSTAL_TO_FIPS[query.upper()] + "00000")
        if state is not None:
            return state
    areas = store.areas()
    exact = [a for a in areas if " ".join(_words(a.name)) == folded]
    if len(exact) == 1:
        return exact[0]
    words = folded.split()
    found = exact or [a for a in areas if words and _prefixes(words, _words(a.name))]
    if len(found) == 1:
        return found[0]
    if found:
        listed = "; ".join(f"{a.name} ({a.code})" for a in found[:12])
        more = f" and {len(found) - 12} more" if len(found) > 12 else ""
        raise DataError(
            f"{query!r} matches several OEWS areas: {listed}{more}. Give a fuller name or the code."
        )
    from difflib import get_close_matches  # the error path only

    names = {_fold(a.name): a for a in areas}
    close = get_close_matches(_fold(query), list(names), n=5, cutoff=0.6)
    if not close:  # compare with the principal city too: "Savanah" ~ "Savannah, GA"
        cities = {_fold(a.name).split(",")[0].split("-")[0]: _fold(a.name) for a in areas}
        close = [cities[c] for c in get_close_matches(_fold(query), list(cities), n=5, cutoff=0.6)]
    hint = f" Close: {'; '.join(names[c].name for c in close)}." if close else ""
    raise DataError(f"No OEWS area is called {query!r}.{hint}")


def _prefixes(query: list[str], words: list[str]) -> bool:
    """Every query word starts some word of the name or title."""
    return all(any(w.startswith(q) for w in words) for q in query)


def search_occupations(
    query: str, area: Area | str | None = None, limit: int = 20, include_groups: bool = False
) -> list[OccupationMatch]:
    """Occupations whose title has every query word as the start of a word (case and accents
    ignored), or whose SOC code starts with the query ("47-2111", "47-21"). Each comes with its
    employment and annual median in the area (the nation by default). An exact title comes
    first, then the most employed. Groups (major, minor, broad) only if include_groups."""
    store = open_store()
    place = _area(store, area)
    block = store.block(place.code)
    words = _words(query)
    code_match = _CODE.fullmatch(query.strip())
    prefix = code_match.group(1) + code_match.group(2) if code_match else None
    folded = " ".join(words)
    ranked: list[tuple[tuple[int, int, int], OccupationMatch]] = []
    for code, index in store.index.items():
        occupation = store.occupation(index)
        if occupation.is_group and not include_groups:
            continue
        if prefix is not None:
            if not code.startswith(prefix):
                continue
            exact, whole = len(prefix) == 6, 0
        else:
            title = _words(occupation.title)
            if not words or not _prefixes(words, title):
                continue
            exact, whole = " ".join(title) == folded, sum(q in title for q in words)
        position = block.positions.get(index)
        if position is None:
            employment, median, notes = None, None, ("", "")
        else:
            row = block.row(position)
            employment, median = row.values[_EMPLOYMENT], row.values[_MEDIAN]
            notes = (row.notes[_EMPLOYMENT], row.notes[_MEDIAN])
        match = OccupationMatch(
            occupation,
            place,
            _figure(store, employment, notes[0], count=True),
            _figure(store, median, notes[1]),
            exact,
            whole,
        )
        order = -(employment or -1) if prefix is None else index
        # An exact title first, then the most employed: a counselor's "electric" means
        # Electricians (757,220) before Electric Motor Repairers (17,040).
        ranked.append(((0 if exact else 1, order, index), match))
    ranked.sort(key=lambda item: item[0])
    return [match for _, match in ranked[: max(limit, 0)]]
