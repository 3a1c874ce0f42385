"""Editing a career file in a form: open, grow and shrink lists, check, save.

A save writes the file only when it has no problems (what `careerbook validate` reports),
unless the counselor asks "Save anyway": a file the build refuses would stop every booklet
of the project, so that is a choice made knowingly. Whatever happens, the form comes back
with everything typed in it, each problem beside its input. A file changed on disk since
the form was opened (the sha256 in a hidden field) is never overwritten silently.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from careerbook.content.checks import check
from careerbook.errors import CareerbookError, Problem
from careerbook.live.desk import forms, yaml_edit
from careerbook.live.desk.spec import CAREER, Node, input_id
from careerbook.live.desk.state import Desk, fields

ACTION = "_action"


@dataclass(frozen=True)
class Checked:
    """A text's problems and warnings, as `careerbook validate` says them."""

    problems: list[Problem]
    warnings: list[Problem]


def check_text(path: Path, text: str) -> Checked:
    """Check `text` as the career file `path` would be (a copy under its own name elsewhere:
    the slug comes from the name), without writing the project."""
    with tempfile.TemporaryDirectory(prefix="careerbook-desk-") as scratch:
        trial = Path(scratch) / "content" / path.name
        trial.parent.mkdir()
        trial.write_text(text, encoding="utf-8")
        report = check([trial])
    return Checked(report.problems, report.warnings)


def state_of(
    values: dict[str, str], checked: Checked | None, spec: tuple[Node, ...] = CAREER
) -> forms.FormState:
    """The form's values with each problem and warning beside the input it belongs to."""
    state = forms.FormState(values)
    if checked is None:
        return state
    names = forms.names_of(values, spec)
    for problem, into in [(p, state.problems) for p in checked.problems] + [
        (w, state.warnings) for w in checked.warnings
    ]:
        name = forms.place(problem.field, names)
        if name is None:
            if into is state.problems:
                state.unplaced.append(
                    f"{problem.field}: {problem.message}" if problem.field else problem.message
                )
            continue
        into.setdefault(name, []).append(problem.message)
    return state


def render(
    desk: Desk, request: Request, stem: str, state: forms.FormState, sha: str, **context: Any
) -> Response:
    context.setdefault("notice", "")
    context.setdefault("conflict", False)
    context.setdefault("saved", "")
    return desk.page(request, "edit.html", stem=stem, spec=CAREER, state=state, sha=sha, **context)


async def edit(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    stem = request.path_params["stem"]
    path = desk.career_path(stem)
    data = path.read_bytes()
    text = data.decode("utf-8-sig", errors="replace")
    try:
        tree = yaml_edit.load(text)
    except Exception as exc:  # ruamel's own errors: the file is not YAML the form can show
        return desk.page(
            request,
            "error.html",
            http_status=422,
            code=422,
            bug=False,
            detail=f"content/{stem}.yaml is not YAML this form can open; fix it in "
            f"a text editor first ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0] if str(exc) else ''}).",
        )
    values = forms.values_of(tree)
    checked = _check_file(path)
    saved = request.query_params.get("saved", "")
    return render(desk, request, stem, state_of(values, checked), yaml_edit.sha256(data), saved=saved)


def _check_file(path: Path) -> Checked:
    report = check([path])
    return Checked(report.problems, report.warnings)


async def save(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    stem = request.path_params["stem"]
    path = desk.career_path(stem)
    form = await desk.form(request)
    values = fields(form)
    action = str(form.get(ACTION) or "save")
    sha = str(form.get("_sha") or "")
    if action.startswith("add:"):
        values = forms.added(values, action[4:])
        return render(
            desk,
            request,
            stem,
            forms.FormState(values),
            sha,
            notice="Added an empty item; fill it in, then save.",
            focus=action[4:],
        )
    if action.startswith("remove:"):
        values = forms.removed(values, action[7:])
        return render(
            desk,
            request,
            stem,
            forms.FormState(values),
            sha,
            notice="Removed the item; nothing is saved until you save.",
        )
    current = path.read_bytes()
    if yaml_edit.sha256(current) != sha:
        return render(desk, request, stem, forms.FormState(values), yaml_edit.sha256(current), conflict=True)
    text = yaml_edit.updated(current.decode("utf-8-sig"), forms.data_of(values))
    checked = check_text(path, text)
    if checked.problems and action != "save_anyway":
        return render(
            desk,
            request,
            stem,
            state_of(values, checked),
            sha,
            notice="Not saved: the file would have the problems below. Fix them, or choose “Save anyway”.",
        )
    try:
        yaml_edit.save(path, text, sha)
    except yaml_edit.ChangedOnDisk:
        return render(
            desk, request, stem, forms.FormState(values), yaml_edit.sha256(path.read_bytes()), conflict=True
        )
    except CareerbookError as exc:
        return render(desk, request, stem, state_of(values, checked), sha, notice=f"Not saved: {exc}")
    done = "problems" if checked.problems else "yes"
    return RedirectResponse(f"/career/{stem}/edit?saved={done}", status_code=303)


async def check_form(request: Request) -> Response:
    """The problems of the form as typed so far, by input id (the page's script asks, as the
    counselor types)."""
    desk: Desk = request.app.state.desk
    stem = request.path_params["stem"]
    path = desk.career_path(stem)
    form = await desk.form(request)
    values = fields(form)
    text = yaml_edit.updated(path.read_bytes().decode("utf-8-sig"), forms.data_of(values))
    state = state_of(values, check_text(path, text))
    return JSONResponse(
        {
            "problems": {input_id(k): v for k, v in state.problems.items()},
            "unplaced": state.unplaced,
            "count": sum(len(v) for v in state.problems.values()) + len(state.unplaced),
        }
    )


def routes() -> list[Route]:
    return [
        Route("/career/{stem}/edit", edit, methods=["GET"]),
        Route("/career/{stem}/edit", save, methods=["POST"]),
        Route("/check/{stem}", check_form, methods=["POST"]),
    ]
