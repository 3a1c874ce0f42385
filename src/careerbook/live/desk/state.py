"""What every route of the desk shares: the project, the options, the guard, the printer,
the page templates, and reading a form that must carry the token.

In: a request. Out: an HTML page rendered from assets/ (autoescaped; every page gets the
CSRF token and the project's name), or the fields of a form once the token is checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse

from careerbook.errors import CareerbookError
from careerbook.live.desk.guard import TOKEN_FIELD, Guard
from careerbook.live.desk.printing import Printer
from careerbook.live.desk.spec import TEXT_HELP, input_id, join
from careerbook.options import Options

ASSETS = Path(__file__).parent / "assets"
MAX_FORM_BYTES = 2 * 1024 * 1024  # a career form, or a logo of 1 MiB with the brand form


@dataclass
class Desk:
    """The desk's state: one project, served by one process."""

    root: Path
    options: Options
    guard: Guard
    printer: Printer
    env: jinja2.Environment

    @classmethod
    def make(cls, root: Path, options: Options, port: int = 0) -> Desk:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(ASSETS)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.globals.update(join=join, input_id=input_id, TEXT_HELP=TEXT_HELP, TOKEN_FIELD=TOKEN_FIELD)
        return cls(root.resolve(), options, Guard(port), Printer(root.resolve(), options), env)

    def page(self, request: Request, template: str, http_status: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(template).render(
            request=request, token=self.guard.token, project=self.root.name, path=request.url.path, **context
        )
        return HTMLResponse(html, status_code=http_status)

    async def form(self, request: Request) -> FormData:
        """The POSTed form, refused (403) without this process's token, and (413) when too big."""
        length = request.headers.get("content-length")
        if length is None or not length.isdigit() or int(length) > MAX_FORM_BYTES:
            raise HTTPException(413, "The form is too big (a logo may have at most 1 MiB).")
        form = await request.form(max_files=1, max_fields=2000, max_part_size=MAX_FORM_BYTES)
        if not self.guard.token_ok(_text(form.get(TOKEN_FIELD))):
            raise HTTPException(
                403,
                "Refused: the form has no valid token. Reload the page "
                "(the desk may have been restarted) and try again.",
            )
        return form

    def career_path(self, stem: str) -> Path:
        """content/<stem>.yaml of a career the project has (404 for anything else)."""
        from careerbook.content.project import open_project

        try:
            files = open_project(self.root).career_files()
        except CareerbookError as exc:
            raise HTTPException(404, str(exc)) from None
        path = next((p for p in files if p.stem == stem), None)
        if path is None:
            raise HTTPException(404, f"There is no career file content/{stem}.yaml.")
        return path


def _text(value: str | UploadFile | None) -> str:
    return value if isinstance(value, str) else ""


def fields(form: FormData) -> dict[str, str]:
    """The text fields of a form (uploads and the desk's own fields left out)."""
    return {k: v for k, v in form.multi_items() if isinstance(v, str) and not k.startswith("_")}
