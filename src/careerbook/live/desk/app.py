"""The desk's web app: routes for finding and printing careers; edit, brand and add are in
their own modules. `make_app` builds the Starlette app, `serve` runs it with uvicorn.

Routes:
  GET  /                              the careers: search, cluster filter, status, pay; a booklet form
  GET  /career/{stem}                 a career's pages as they will print (area chosen on the page)
  GET  /career/{stem}/page/{n}.png    one page's picture
  GET  /career/{stem}/handout.pdf     the handout, for the area asked
  POST /booklet                       a booklet of the selected careers for a named student,
                                      or (_action=class_set) their handouts in one file
  GET|POST /career/{stem}/edit, POST /check/{stem}     edit_views.py
  GET|POST /brand, GET|POST /add                       brand_views.py
  GET  /static/desk.css, /static/desk.js
"""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ParamSpec, TypeVar

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from careerbook.errors import CareerbookError
from careerbook.live.builder import Failed
from careerbook.live.desk import brand_views, edit_views
from careerbook.live.desk.guard import LOCAL_NAMES, middleware
from careerbook.live.desk.listing import matching, rows
from careerbook.live.desk.printing import Selection
from careerbook.live.desk.state import ASSETS, Desk
from careerbook.options import Options

P = ParamSpec("P")
T = TypeVar("T")
HOST = "127.0.0.1"
STATIC = {"desk.css": "text/css", "desk.js": "text/javascript"}
MAX_NAME = 200  # characters of a student's line or a booklet's title


@dataclass(frozen=True)
class AskedArea:
    """The area asked on the page, by BLS's name; or why it is not one BLS knows."""

    name: str | None = None  # None: none asked (the options' or the book's), or not known
    error: str | None = None  # the message when BLS knows no such area


def area_of(desk: Desk, asked: str | None) -> AskedArea:
    """The area asked on the page (else the options' or the book's), and a message if it is
    not one BLS knows."""
    from careerbook.oews import DataError, find_area

    asked = (asked or "").strip()
    if not asked:
        return AskedArea()
    try:
        return AskedArea(name=find_area(asked).name)
    except DataError as exc:
        return AskedArea(error=str(exc))


async def home(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    words = request.query_params.get("q", "")[:MAX_NAME]
    cluster = request.query_params.get("cluster", "")[:MAX_NAME]
    asked_area = area_of(desk, request.query_params.get("area"))
    found = rows(desk.root, asked_area.name or desk.options.area)
    clusters = sorted({r.cluster for r in found if r.cluster})
    return desk.page(
        request,
        "list.html",
        rows=matching(found, words, cluster),
        total=len(found),
        clusters=clusters,
        q=words,
        cluster=cluster,
        area=request.query_params.get("area", ""),
        area_error=asked_area.error,
        message=request.query_params.get("message", ""),
    )


async def career(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    stem = request.path_params["stem"]
    desk.career_path(stem)
    asked = request.query_params.get("area", "")
    asked_area = area_of(desk, asked)
    made = await _in_thread(desk.printer.handout, stem, asked_area.name)
    return desk.page(
        request,
        "career.html",
        stem=stem,
        made=made,
        failed=isinstance(made, Failed),
        area=asked,
        area_name=asked_area.name,
        area_error=asked_area.error,
        http_status=200 if not asked_area.error else 400,
    )


async def page_png(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    stem = request.path_params["stem"]
    desk.career_path(stem)
    asked_area = area_of(desk, request.query_params.get("area"))
    png = await _in_thread(desk.printer.page, stem, request.path_params["n"] - 1, asked_area.name)
    if png is None:
        raise HTTPException(404, "No such page.")
    return Response(png, media_type="image/png")


async def handout_pdf(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    stem = request.path_params["stem"]
    desk.career_path(stem)
    asked_area = area_of(desk, request.query_params.get("area"))
    if asked_area.error:
        return await career(request)
    made = await _in_thread(desk.printer.handout_pdf, stem, asked_area.name)
    if isinstance(made, Failed):
        return desk.page(request, "failed.html", http_status=422, failed=made, what="the handout")
    return _pdf(made.data, made.filename)


async def booklet(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    form = await desk.form(request)
    chosen = [v for v in form.getlist("career") if isinstance(v, str)]
    title = str(form.get("title") or "").strip()[:MAX_NAME] or "Careers to explore"
    student = str(form.get("student") or "").strip()[:MAX_NAME]
    asked_area = area_of(desk, str(form.get("area") or ""))
    found = {r.stem: r for r in rows(desk.root, asked_area.name)}
    slugs = tuple(found[s].slug for s in chosen if s in found)
    problems = [
        f"{found[s].title} {found[s].status_text}"
        for s in chosen
        if s in found and found[s].status == "problems"
    ]
    error = (
        "Choose at least one career for the booklet."
        if not slugs
        else asked_area.error
        or (f"Fix these first (the build refuses them): {'; '.join(problems)}." if problems else None)
    )
    if error:
        return desk.page(
            request,
            "list.html",
            http_status=400,
            rows=list(found.values()),
            total=len(found),
            clusters=sorted({r.cluster for r in found.values() if r.cluster}),
            q="",
            cluster="",
            area=str(form.get("area") or ""),
            area_error=None,
            message="",
            booklet_error=error,
            chosen=chosen,
            title=title,
            student=student,
        )
    if form.get("_action") == "class_set":
        made = await _in_thread(desk.printer.class_set, slugs, asked_area.name)
        if isinstance(made, Failed):
            return desk.page(request, "failed.html", http_status=422, failed=made, what="the class set")
        return _pdf(made.data, made.filename)
    line = f"Prepared for {student}" if student else ""
    made = await _in_thread(desk.printer.booklet, Selection(slugs, title, line), asked_area.name)
    if isinstance(made, Failed):
        return desk.page(request, "failed.html", http_status=422, failed=made, what="the booklet")
    return _pdf(made.data, made.filename)


def _pdf(data: bytes, filename: str) -> Response:
    return Response(
        data, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="{filename}"'}
    )


async def static(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in STATIC:
        raise HTTPException(404, "No such file.")
    return FileResponse(ASSETS / name, media_type=STATIC[name], headers={"Cache-Control": "no-cache"})


async def _in_thread(function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """A build or a drawing, off the event loop (the worker does one at a time)."""
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(function, *args, **kwargs)


async def http_error(request: Request, exc: Exception) -> Response:
    desk: Desk = request.app.state.desk
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) else str(exc)
    return desk.page(request, "error.html", http_status=status, code=status, detail=detail, bug=False)


async def server_error(request: Request, exc: Exception) -> Response:
    """Anything unexpected: said plainly as careerbook's bug, never a traceback page."""
    desk: Desk = request.app.state.desk
    if isinstance(exc, CareerbookError):  # the user's to fix, not a bug
        return desk.page(request, "error.html", http_status=422, code=422, detail=str(exc), bug=False)
    traceback.print_exception(exc)
    return desk.page(
        request, "error.html", http_status=500, code=500, bug=True, detail=f"{type(exc).__name__}: {exc}"
    )


def make_app(root: Path, options: Options, port: int = 0, warm: bool = True) -> Starlette:
    """The desk for the project in `root`; `port` is checked in the Host header (0: any).
    `warm`: start the worker that builds at once (else at the first build)."""
    desk = Desk.make(root, options, port)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if warm:
            desk.printer.start()
        try:
            yield
        finally:
            desk.printer.close()

    routes = [
        Route("/", home),
        Route("/career/{stem}", career),
        Route("/career/{stem}/page/{n:int}.png", page_png),
        Route("/career/{stem}/handout.pdf", handout_pdf),
        Route("/booklet", booklet, methods=["POST"]),
        *edit_views.routes(),
        *brand_views.routes(),
        Route("/static/{name}", static),
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[
            Middleware(TrustedHostMiddleware, allowed_hosts=list(LOCAL_NAMES)),
            Middleware(BaseHTTPMiddleware, dispatch=middleware(desk.guard)),
        ],
        exception_handlers={HTTPException: http_error, Exception: server_error},
    )
    app.state.desk = desk
    return app


def serve(root: Path, options: Options, port: int, on_ready: Callable[[str], None]) -> None:
    """Serve the desk on 127.0.0.1:`port` until Ctrl-C (0 picks a free port)."""
    import socket

    import uvicorn

    from careerbook.content.project import open_project

    project = open_project(root)  # not a project: said before anything starts
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, port))
    port = sock.getsockname()[1]
    app = make_app(project.root, options, port)
    config = uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False)
    server = uvicorn.Server(config)
    url = f"http://{HOST}:{port}/"

    original = server.startup

    async def startup(sockets: list[socket.socket] | None = None) -> None:
        await original(sockets=sockets)
        on_ready(url)

    server.startup = startup  # type: ignore[method-assign]
    server.run(sockets=[sock])
