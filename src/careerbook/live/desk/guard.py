"""What keeps other web pages out of the desk: the host and port, the origin, a CSRF token.

In: each request. Out: a 400/403 answer for a request that is not the desk's own page (a
foreign Host: a web page rebinding its DNS name to 127.0.0.1; a foreign Origin or
Sec-Fetch-Site on a POST; a POST without this process's token), and the Content Security
Policy on every answer. The token is a per-process secret: a desk started again makes
the pages of the old one unable to write.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

TOKEN_FIELD = "_csrf"
# Pages load their own stylesheet, script and pictures; forms post back to the desk only.
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'self'"
)
LOCAL_NAMES = ("127.0.0.1", "localhost")


@dataclass
class Guard:
    """The secret of this process, and the port the desk is served on (0: any, for tests)."""

    port: int = 0
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    def token_ok(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(str(given), self.token)

    def host_ok(self, host: str) -> bool:
        name, _, port = host.rpartition(":") if host.count(":") == 1 else (host, "", "")
        if name not in LOCAL_NAMES:
            return False
        return not self.port or port == str(self.port)

    def origin_ok(self, request: Request) -> bool:
        """A write comes from the desk's own page: same origin, or a browser that says none."""
        if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            return False
        origin = request.headers.get("origin")
        if origin is None:
            return True  # the token still has to be right
        return origin == f"http://{request.headers.get('host', '')}"


def middleware(
    guard: Guard,
) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    """A Starlette HTTP middleware: the port (TrustedHostMiddleware checks the name), the
    origin of a POST, and the security headers."""

    async def check(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if guard.port and not guard.host_ok(request.headers.get("host", "")):
            return PlainTextResponse("Invalid host header", status_code=400)
        if request.method not in ("GET", "HEAD") and not guard.origin_ok(request):
            return PlainTextResponse(
                "Refused: this request did not come from the desk's own page (another origin).",
                status_code=403,
            )
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        response.headers["X-Content-Type-Options"] = "nosniff"
        # same-origin, not no-referrer: under no-referrer a browser says "Origin: null" for
        # the desk's own forms, which would be refused.
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    return check
