"""The book file's form (brand: title, organization, logo, theme, colours …) and adding a
career (from a BLS occupation, or blank from a title).

The brand form saves as the career form does (only without problems, unless "Save anyway";
comments kept; the sha256 guards against a change on disk), with a logo upload stored in
the project's assets/ (brand.store_logo) and each text colour's contrast shown beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from careerbook.confine import logo_refusals
from careerbook.content.checks import check
from careerbook.content.project import BOOK_FILE
from careerbook.errors import CareerbookError, Problem
from careerbook.live.desk import forms, yaml_edit
from careerbook.live.desk.brand import LogoRefused, book_spec, contrasts, store_logo
from careerbook.live.desk.edit_views import ACTION, Checked, state_of
from careerbook.live.desk.spec import Node
from careerbook.live.desk.state import Desk, fields
from careerbook.render.theme import available_themes

MAX_QUERY = 200


def _spec(desk: Desk) -> tuple[Node, ...]:
    return book_spec(sorted(available_themes(desk.root)))


@dataclass(frozen=True)
class BookOnDisk:
    """The book file as it is on disk: empty when there is none."""

    data: bytes  # its bytes, whose sha256 guards a save against a change made meanwhile
    text: str


def _book_on_disk(desk: Desk) -> BookOnDisk:
    path = desk.root / BOOK_FILE
    data = path.read_bytes() if path.is_file() else b""
    return BookOnDisk(data=data, text=data.decode("utf-8-sig", errors="replace"))


def _checked(desk: Desk, text: str) -> Checked:
    """The book text's problems as validate says them, and its logo's as the build would."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="careerbook-desk-") as scratch:
        trial = Path(scratch) / BOOK_FILE
        trial.write_text(text, encoding="utf-8")
        report = check([trial])
    problems = [Problem(desk.root / BOOK_FILE, p.line, p.column, p.field, p.message) for p in report.problems]
    logo = yaml_edit.load(text).get("logo") if text.strip() else None
    if isinstance(logo, str) and logo.strip() and not any(p.field == "logo" for p in problems):
        path = desk.root / logo.strip()
        refused = (
            ["the file does not exist"] if not path.is_file() else logo_refusals(path.resolve(), [desk.root])
        )
        problems += [Problem(path, 1, 1, "logo", r) for r in refused]
    return Checked(problems, report.warnings)


def _render(desk: Desk, request: Request, state: forms.FormState, sha: str, **context: Any) -> Response:
    context.setdefault("notice", "")
    context.setdefault("conflict", False)
    context.setdefault("saved", "")
    colors = {k.split(".", 1)[1]: v for k, v in state.values.items() if k.startswith("colors.")}
    return desk.page(
        request,
        "brand.html",
        spec=_spec(desk),
        state=state,
        sha=sha,
        contrasts={f"colors.{k}": c for k, c in contrasts(colors).items()},
        **context,
    )


async def brand(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    on_disk = _book_on_disk(desk)
    spec = _spec(desk)
    values = forms.values_of(yaml_edit.load(on_disk.text) if on_disk.text.strip() else {}, spec)
    return _render(
        desk,
        request,
        state_of(values, _checked(desk, on_disk.text), spec),
        yaml_edit.sha256(on_disk.data),
        saved=request.query_params.get("saved", ""),
    )


async def brand_save(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    form = await desk.form(request)
    spec = _spec(desk)
    values = fields(form)
    action = str(form.get(ACTION) or "save")
    sha = str(form.get("_sha") or "")
    if action.startswith("add:"):
        return _render(desk, request, forms.FormState(forms.added(values, action[4:])), sha)
    if action.startswith("remove:"):
        return _render(desk, request, forms.FormState(forms.removed(values, action[7:])), sha)
    upload = form.get("logo_file")
    if isinstance(upload, UploadFile) and upload.filename:
        try:
            values["logo"] = store_logo(desk.root, await upload.read())
        except (LogoRefused, CareerbookError) as exc:
            state = forms.FormState(values)
            state.problems["logo"] = [f"The uploaded logo was not used: {exc}"]
            return _render(desk, request, state, sha, notice="Not saved: the logo was refused.")
    on_disk = _book_on_disk(desk)
    if yaml_edit.sha256(on_disk.data) != sha:
        return _render(desk, request, forms.FormState(values), yaml_edit.sha256(on_disk.data), conflict=True)
    new = yaml_edit.updated(on_disk.text, forms.data_of(values, spec), spec)
    checked = _checked(desk, new)
    if checked.problems and action != "save_anyway":
        return _render(
            desk,
            request,
            state_of(values, checked, spec),
            sha,
            notice="Not saved: the book file would have the problems below. Fix them, "
            "or choose “Save anyway”.",
        )
    try:
        yaml_edit.save(desk.root / BOOK_FILE, new, sha)
    except yaml_edit.ChangedOnDisk:
        return _render(
            desk,
            request,
            forms.FormState(values),
            yaml_edit.sha256((desk.root / BOOK_FILE).read_bytes()),
            conflict=True,
        )
    except CareerbookError as exc:
        return _render(desk, request, state_of(values, checked, spec), sha, notice=f"Not saved: {exc}")
    return RedirectResponse(f"/brand?saved={'problems' if checked.problems else 'yes'}", status_code=303)


# ---------------------------------------------------------------- adding a career


async def add(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    query = request.query_params.get("q", "").strip()[:MAX_QUERY]
    asked = request.query_params.get("area", "").strip()[:MAX_QUERY]
    return _add_page(desk, request, query, asked)


def _add_page(
    desk: Desk, request: Request, query: str, asked: str, error: str = "", title: str = "", status: int = 200
) -> Response:
    from careerbook.oews import DataError, find_area, search_occupations

    found, area_error, area = [], "", None
    try:
        area = find_area(asked) if asked else None
    except DataError as exc:
        area_error = str(exc)
    if query and not area_error:
        found = search_occupations(query, area, limit=20)
    return desk.page(
        request,
        "add.html",
        http_status=status,
        q=query,
        area=asked,
        area_error=area_error,
        found=found,
        area_name=area.name if area else "the nation",
        error=error,
        title=title,
    )


async def add_save(request: Request) -> Response:
    from careerbook.scaffold.scaffold import new_career, occupation_for

    desk: Desk = request.app.state.desk
    form = await desk.form(request)
    title = str(form.get("title") or "").strip()
    soc = str(form.get("soc") or "").strip()
    asked = str(form.get("area") or "").strip()[:MAX_QUERY]
    query = str(form.get("q") or "").strip()[:MAX_QUERY]
    try:
        occupation = occupation_for(soc, asked or None) if soc else None
        written = new_career(
            title or (occupation.title if occupation else ""), desk.root, occupation=occupation
        )
    except CareerbookError as exc:
        return _add_page(desk, request, query, asked, error=str(exc), title=title, status=400)
    made = next(p for p in written.made if p.parent.name == "content")
    return RedirectResponse(f"/career/{made.stem}/edit?saved=new", status_code=303)


def routes() -> list[Route]:
    return [
        Route("/brand", brand, methods=["GET"]),
        Route("/brand", brand_save, methods=["POST"]),
        Route("/add", add, methods=["GET"]),
        Route("/add", add_save, methods=["POST"]),
    ]
