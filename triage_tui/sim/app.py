"""The simulator's Starlette application: the routes of the reference's endpoint table."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from triage_tui.sim import responses, routes_account, routes_mentions, routes_tasks, stream
from triage_tui.sim.middleware import SimMiddleware
from triage_tui.sim.state import SimState

ALERT = "/api/accounts/{account_id}/alerts/{alert_id}"
MENTION = ALERT + "/mentions/{mention_id:int}"


def _bind(state: SimState, handler: Callable[..., Any]) -> Callable[[Request], Any]:
    return partial(handler, state)


class _Curate:
    """PUT needs the raw ASGI send, to be able to hang up mid-answer (the reset fault)."""

    def __init__(self, state: SimState) -> None:
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        if request.method == "GET":
            await routes_mentions.get_mention(self.state, request)(scope, receive, send)
            return
        await routes_mentions.curate(self.state, request, scope, receive, send)


def build_app(state: SimState, mark_interval: float = 30.0) -> Any:
    s = state

    async def not_found(request: Request, exc: Exception) -> Response:
        return responses.not_found()

    routes = [
        Route("/api/accounts/me", _bind(s, routes_account.me)),
        Route("/api/app/data", _bind(s, routes_account.app_data)),
        Route("/api/accounts/{account_id}/alerts", _bind(s, routes_account.alerts)),
        Route(ALERT, _bind(s, routes_account.alert)),
        Route(ALERT + "/mentions", _bind(s, routes_mentions.list_mentions)),
        Route(
            ALERT + "/mentions/markallread",
            _bind(s, routes_mentions.mark_all_read),
            methods=["POST"],
        ),
        Route(MENTION, _Curate(s), methods=["GET", "PUT"]),
        Route(MENTION + "/children", _bind(s, routes_mentions.children)),
        Route(MENTION + "/tasks", _bind(s, routes_tasks.create_task), methods=["POST"]),
        Route(MENTION + "/tasks/{task_id}", _bind(s, routes_tasks.update_task), methods=["PUT"]),
        Route(ALERT + "/tags", _bind(s, routes_account.tags), methods=["GET"]),
        Route(ALERT + "/tags", _bind(s, routes_account.create_tag), methods=["POST"]),
        Route(ALERT + "/shares", _bind(s, routes_account.shares), methods=["GET"]),
        Route(ALERT + "/shares", _bind(s, routes_account.create_share), methods=["POST"]),
        Route(ALERT + "/shares/{share_id}", _bind(s, routes_account.share), methods=["GET"]),
        Route(ALERT + "/shares/{share_id}", _bind(s, routes_account.update_share), methods=["PUT"]),
        Route(
            ALERT + "/shares/{share_id}", _bind(s, routes_account.delete_share), methods=["DELETE"]
        ),
        Route(
            "/stream/api/accounts/{account_id}/mentions",
            partial(stream.open_stream, s, mark_interval=mark_interval),
        ),
    ]
    app = Starlette(routes=routes, exception_handlers={404: not_found})
    return SimMiddleware(app, state)
