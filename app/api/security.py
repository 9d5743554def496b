"""Security headers on every response: a Content-Security-Policy that lets a page run only the scripts,
styles and images the API itself serves (the viewer, the API docs, the vendored libraries), connect only
back to the API, and never be framed; no MIME sniffing; no referrer sent to the sites sources link to.

A response that sets its own Content-Security-Policy keeps it (the docs page allows its one inline script
by hash).

A redirect to this same server (the router's `/actors/` -> `/actors`) is sent as a path only: the
absolute URL Starlette builds would repeat whatever Host header the client sent (`Host: evil.example`)."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}


def csp(*, script_hashes: tuple[str, ...] = ()) -> str:
    """The policy, allowing also the inline scripts with these sha256 hashes (base64)."""
    if not script_hashes:
        return CSP
    extra = " ".join(f"'sha256-{h}'" for h in script_hashes)
    return CSP.replace("script-src 'self'", f"script-src 'self' {extra}")


class SecurityHeaders:
    """Pure ASGI middleware (streamed responses pass through untouched)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if "content-security-policy" not in headers:
                    headers["Content-Security-Policy"] = CSP
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                if 300 <= message["status"] < 400 and "location" in headers:
                    headers["Location"] = _same_server_as_path(headers["location"], Headers(scope=scope))
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _same_server_as_path(location: str, request: Headers) -> str:
    """`http://<the request's Host>/path?q` -> `/path?q`; any other location as it is."""
    url = urlsplit(location)
    if not url.netloc or url.netloc != request.get("host"):
        return location
    return url.path + (f"?{url.query}" if url.query else "")
