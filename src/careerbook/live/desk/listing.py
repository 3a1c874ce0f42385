"""The project's careers for the desk's list: title, cluster, status and a pay summary.

In: a project folder (and the area whose wages to show). Out: `Row`s, one for each career
file, in the book's order of clusters and titles. The status is `content.checks.check`'s, the
validate command's: "has problems" (with how many), else "draft" or "ready".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from careerbook.content.checks import check
from careerbook.content.project import open_project
from careerbook.content.reader import read_yaml
from careerbook.errors import CareerbookError, Problem


@dataclass(frozen=True)
class Row:
    """One career in the list."""

    stem: str  # the file's name without .yaml: the desk's name for it
    slug: str
    title: str
    cluster: str
    status: str  # "ready", "draft" or "problems"
    problems: int
    warnings: int
    pay: str

    @property
    def status_text(self) -> str:
        if self.status == "problems":
            return f"has {self.problems} problem{'s' * (self.problems != 1)}"
        return self.status


def _data(path: Path) -> Mapping[str, Any]:
    try:
        data = read_yaml(path).data
    except CareerbookError:
        return {}
    return data if isinstance(data, Mapping) else {}


def _money(value: Any) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return f"${number:,.0f}"


def pay_summary(data: Mapping[str, Any], area: str | None) -> str:
    """The pay in a few words: an OEWS median for the area, or a typed range's ends."""
    pay = data.get("pay")
    ranges = pay.get("ranges") if isinstance(pay, Mapping) else None
    if not isinstance(ranges, list) or not ranges:
        return "no pay given"
    hourly = isinstance(pay, Mapping) and pay.get("period") == "hour"
    first = ranges[0] if isinstance(ranges[0], Mapping) else {}
    if "oews" in first:
        return _oews_summary(str(first["oews"]), area, hourly)
    low, high = first.get("low"), first.get("high")
    currency = str(pay.get("currency") or "USD") if isinstance(pay, Mapping) else "USD"
    if currency != "USD":
        return f"{low}–{high} {currency}" + (" an hour" if hourly else " a year")
    return f"{_money(low)}–{_money(high)}" + (" an hour" if hourly else " a year") + " (typed)"


def _oews_summary(code: str, area: str | None, hourly: bool) -> str:
    from careerbook.oews import DataError, wages

    try:
        lookup = wages(code, area or "US")
    except DataError:
        return f"BLS {code}: unknown"
    if lookup.wages is None or lookup.answered_by is None:
        return f"BLS {code}: no wages published"
    scale = lookup.wages.hourly if hourly else lookup.wages.annual
    value = scale.median.value
    if value is None:
        return f"BLS {code}: median not published"
    amount = f"${value:,.2f} an hour" if hourly else f"${value:,.0f} a year"
    return f"median {amount} ({lookup.answered_by.name}, BLS)"  # the area that answered


def rows(root: Path, area: str | None = None) -> list[Row]:
    """Every career file of the project, with its status and pay."""
    project = open_project(root)
    report = check([project.root])
    out = []
    for path in project.career_files():
        mine = path.resolve()
        problems = [p for p in report.problems if _is(p, mine)]
        warnings = [p for p in report.warnings if _is(p, mine)]
        data = _data(path)
        draft = str(data.get("draft", "")).lower() == "true"
        status = "problems" if problems else "draft" if draft else "ready"
        out.append(
            Row(
                path.stem,
                str(data.get("slug") or path.stem),
                str(data.get("title") or path.stem),
                str(data.get("cluster") or ""),
                status,
                len(problems),
                len(warnings),
                pay_summary(data, area),
            )
        )
    return sorted(out, key=lambda r: (r.cluster == "", r.cluster.casefold(), r.title.casefold()))


def _is(problem: Problem, path: Path) -> bool:
    try:
        return problem.path.resolve() == path
    except OSError:
        return False


def matching(found: list[Row], words: str, cluster: str) -> list[Row]:
    """The rows whose title has every word (case ignored), in the cluster if one is chosen."""
    wanted = words.casefold().split()
    return [
        r
        for r in found
        if all(w in r.title.casefold() for w in wanted) and (not cluster or r.cluster == cluster)
    ]
