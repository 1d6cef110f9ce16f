"""Reading a JSON request body with a size limit, and the errors the API answers with.

The limit is checked twice: against Content-Length before anything is read, and
against the bytes actually received, so a chunked upload (no Content-Length)
cannot get past it. The body is held in memory only; nothing is logged.
"""

from __future__ import annotations

import json
from starlette.requests import Request


class ApiError(Exception):
    """An error answered as `{"error": message}` with HTTP `status`."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _too_large(limit: int) -> ApiError:
    return ApiError(413, f"the request body is larger than the limit of {limit:,} bytes; "
                         "check a shorter text")


async def read_json(request: Request, limit: int) -> dict:
    """The request's JSON object. Raises ApiError: 415 (not JSON), 413 (too large),
    400 (not UTF-8, malformed or too deeply nested JSON), 422 (JSON, but not an object)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise ApiError(415, "send the request body as JSON with Content-Type: application/json")
    raw = await read_bytes(request, limit)
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ApiError(400, "the request body is not valid UTF-8") from None
    except json.JSONDecodeError as exc:
        raise ApiError(400, f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise ApiError(400, "the JSON is nested too deeply") from None
    if not isinstance(data, dict):
        raise ApiError(422, f"expected a JSON object, got {_type_name(data)}")
    return data


async def read_bytes(request: Request, limit: int) -> bytes:
    """The request body, at most `limit` bytes (ApiError 413 beyond, 400 for a bad length)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.strip().isdigit():
            raise ApiError(400, "the Content-Length header is not a number")
        if int(declared) > limit:
            raise _too_large(limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _type_name(value: object) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
            int: "a number", float: "a number", type(None): "null"}.get(type(value), "a value")
