"""The shapes the service answers with: JSON, Symfony form errors, an HTML 404."""

from __future__ import annotations

from typing import Any

from starlette.responses import HTMLResponse, JSONResponse, Response

NOT_FOUND_PAGE = (
    "<!DOCTYPE html><html><head><title>404 Not Found</title></head>"
    '<body><h1>Oops! An Error Occurred</h1><h2>The server returned a "404 Not Found".</h2>'
    "</body></html>"
)


def ok(body: Any, status: int = 200) -> Response:
    return JSONResponse(body, status_code=status)


def not_found() -> Response:
    return HTMLResponse(NOT_FOUND_PAGE, status_code=404)


def forbidden(message: str) -> Response:
    return JSONResponse({"code": 403, "message": message}, status_code=403)


def form_errors(fields: dict[str, str], fieldnames: list[str]) -> Response:
    """400 as Symfony renders it: every field present, errors only where they apply."""
    children = {name: ({"errors": [fields[name]]} if name in fields else []) for name in fieldnames}
    return JSONResponse(
        {"code": 400, "message": "Validation Failed", "form": {"errors": [], "children": children}},
        status_code=400,
    )


def server_error() -> Response:
    return HTMLResponse("<html><body>Internal Server Error</body></html>", status_code=500)
