"""The Starlette app behind `inclusivelint serve`: the page and its JSON API.

    POST /api/lint   {text, format?, profile?}
                     -> {version, findings, total, truncated, analysis, sources}
    POST /api/fix    {text, format?, profile?, findings?, unsafe?, replacement?}
                     -> {version, text, applied, findings, total, truncated, analysis, sources}
    POST /api/extract?name=FILE  (the file's bytes) -> {text, format}
    POST /api/cancel/{id}                        -> {cancelled: true} (404: no such check running)
    GET  /api/rules                              -> {version, rules}
    GET  /api/rules/{id}                         -> one rule (404 for an unknown id)

Checks run concurrently, at most `workers` at once (see `jobs`); at most
`checker.MAX_FINDINGS` findings are rendered (`truncated` says there were more).
A check sent with an `X-Check-Id` header can be cancelled by that id.

Errors are JSON `{"error": message}`: 400 malformed JSON, 413 a body over
`max_body`, 415 not JSON, 422 a wrong field or a file with no text to read, 409 a replacement
for a finding the text no longer has, or a cancelled check, 503 every worker busy. Request
bodies are held in memory only and never logged.
"""

from __future__ import annotations

import logging
import socket
import threading
import traceback
import webbrowser
from pathlib import Path
from typing import Awaitable, Callable, Sequence

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from inclusivelint.config import LintOptions
from inclusivelint.lint.engine import Linter
from inclusivelint.web.body import ApiError, read_bytes, read_json
from inclusivelint.web.checker import Checker
from inclusivelint.web.jobs import CHECK_ID_HEADER, Jobs
from inclusivelint.web.payload import fix_request, lint_request
from inclusivelint.web.security import LOCAL_HOSTS, SecurityHeaders
from inclusivelint.web.upload import extract

STATIC = Path(__file__).resolve().parent / "static"
MAX_BODY = 1_000_000
WORKERS = 4  # checks at once; more are answered 503 rather than queued

log = logging.getLogger(__name__)


def create_app(linter: Linter | None = None, max_body: int = MAX_BODY, *,
               hosts: Sequence[str] = LOCAL_HOSTS, options: LintOptions | None = None,
               workers: int = WORKERS) -> Starlette:
    """The app. It lints with `options` (a configuration's lint options; default: the
    bundled rules with default settings), taking the linter from the engine's cache on
    each request, unless a `linter` is given.

    It answers only to the host names in `hosts` (a test client must use
    ``base_url="http://127.0.0.1"``).
    """
    checker = Checker(options, linter)
    jobs = Jobs(workers)

    async def index(request: Request) -> Response:
        return FileResponse(STATIC / "index.html", headers={"cache-control": "no-cache"})

    async def lint(request: Request) -> Response:
        req = lint_request(await read_json(request, max_body))
        with jobs.slot(Jobs.check_id(request.headers.get(CHECK_ID_HEADER))) as checkpoint:
            return JSONResponse(await run_in_threadpool(checker.lint, req, checkpoint))

    async def fix(request: Request) -> Response:
        req = fix_request(await read_json(request, max_body))
        with jobs.slot(Jobs.check_id(request.headers.get(CHECK_ID_HEADER))) as checkpoint:
            return JSONResponse(await run_in_threadpool(checker.fix, req, checkpoint))

    async def cancel(request: Request) -> Response:
        check_id = Jobs.check_id(request.path_params["check_id"])
        if not jobs.cancel(check_id):
            raise ApiError(404, f"no check with id {check_id!r} is running")
        return JSONResponse({"cancelled": True})

    async def extract_text(request: Request) -> Response:
        name = request.query_params.get("name", "file")
        data = await read_bytes(request, max_body)
        return JSONResponse(await run_in_threadpool(extract, name, data))

    async def rules(request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(checker.rules))

    async def rule(request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(checker.rule, request.path_params["rule_id"]))

    return Starlette(
        routes=[
            Route("/", index),
            Route("/api/lint", _guarded(lint), methods=["POST"]),
            Route("/api/fix", _guarded(fix), methods=["POST"]),
            Route("/api/extract", _guarded(extract_text), methods=["POST"]),
            Route("/api/cancel/{check_id}", _guarded(cancel), methods=["POST"]),
            Route("/api/rules", _guarded(rules)),
            Route("/api/rules/{rule_id}", _guarded(rule)),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ],
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(TrustedHostMiddleware, allowed_hosts=list(hosts)),
        ],
        exception_handlers={HTTPException: _http_error},
    )


def _guarded(handler: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
    """Answer ApiError with its status, and anything unexpected with a 500, both as JSON."""

    async def run(request: Request) -> Response:
        try:
            return await handler(request)
        except ApiError as exc:
            return JSONResponse({"error": exc.message}, status_code=exc.status)
        except Exception as exc:  # noqa: BLE001 - the page needs JSON, not a dropped connection
            return _internal_error(request, exc)

    return run


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return JSONResponse({"error": exc.detail}, status_code=exc.status_code, headers=exc.headers)


def _internal_error(request: Request, exc: Exception) -> Response:
    # The frames say where it failed; the exception's message could quote the text, so it is left out.
    log.error("internal error in %s %s: %s\n%s", request.method, request.url.path, type(exc).__name__,
              "".join(traceback.format_tb(exc.__traceback__)))
    return JSONResponse({"error": f"internal error ({type(exc).__name__}); the terminal running "
                                  "inclusivelint serve shows where"}, status_code=500)


def listen(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (port 0: any free port). Raises OSError naming both."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host, port), family=family)
    except OSError as exc:
        reason = (exc.strerror or str(exc)).split(" (while attempting")[0]  # create_server adds the address
        error = OSError(f"cannot listen on {host}:{port}: {reason}")
        error.errno = exc.errno
        raise error from None


def serve(host: str = "127.0.0.1", port: int = 8000, open_browser: bool = False, *,
          options: LintOptions | None = None, announce: Callable[[str], None] = print) -> None:
    """Run the page with uvicorn until interrupted; `announce` is given the URL line.

    `options` are the configuration's lint options (the CLI passes those of the
    working directory's config). The rules are loaded before the port is opened, so
    a broken rule file is reported at once. Raises OSError (naming host and port)
    when the port cannot be used.
    """
    import uvicorn

    options = options or LintOptions()
    options.linter()
    app = create_app(options=options, hosts=tuple(dict.fromkeys([*LOCAL_HOSTS, host])))
    sock = listen(host, port)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{sock.getsockname()[1]}/"
    announce(f"inclusivelint: open {url} to check a text (press Ctrl+C to stop)")
    if open_browser:
        threading.Timer(0.5, webbrowser.open, (url,)).start()
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                            server_header=False)
    uvicorn.Server(config).run(sockets=[sock])
