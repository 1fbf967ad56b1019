"""`MentionClient`: the Mention API over httpx.Client, for scripts and the shares example."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from types import TracebackType
from typing import Any, TypeVar, Unpack

import httpx

from triage_tui.api import calls, http_log
from triage_tui.api.async_client import _STREAM_CALL, _event
from triage_tui.api.events import StreamEvent
from triage_tui.api.filters import ChildrenFilters, MentionFilters
from triage_tui.api.links import Link
from triage_tui.api.models import (
    Account,
    Alert,
    AppData,
    ChildrenList,
    CurateRequest,
    Mention,
    MentionList,
    Tag,
)
from triage_tui.api.shares import CreateShareRequest, Share, SharesResponse, UpdateShareRequest
from triage_tui.api.tasks import CreateTaskRequest, Task, UpdateTaskRequest
from triage_tui.api.transport import (
    DEFAULT_API_VERSION,
    LineSplitter,
    headers_for,
    make_endpoint,
    read_response,
    transport_error,
)

T = TypeVar("T")


class MentionClient:
    """Blocking client; use as `with MentionClient(access_token=...) as client:`."""

    def __init__(
        self,
        access_token: str,
        base_url: str | None = None,
        stream_url: str | None = None,
        *,
        api_version: str = DEFAULT_API_VERSION,
        timeout: float = 30.0,
        stream_read_timeout: float | None = None,
        insecure: bool = False,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.endpoint = make_endpoint(
            base_url, stream_url, api_version, timeout, stream_read_timeout, insecure
        )
        self._http = httpx.Client(
            headers=headers_for(access_token, api_version),
            timeout=timeout,
            transport=transport,
            follow_redirects=False,
            event_hooks=http_log.sync_hooks(),
        )

    def __repr__(self) -> str:
        return f"MentionClient(base_url={self.endpoint.base_url!r})"

    def __enter__(self) -> MentionClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def _run(self, call: calls.Call[T]) -> T:
        try:
            response = self._http.request(
                call.method,
                self.endpoint.url_for(call),
                params=tuple(call.params) or None,
                json=call.json,
            )
        except (httpx.HTTPError, httpx.InvalidURL) as error:  # no request URL is trusted
            raise transport_error(error) from None
        return read_response(call, response.status_code, response.headers, response.content)

    # Account, vocabularies, alerts, tags
    def get_me(self) -> Account:
        return self._run(calls.get_me())

    def get_app_data(self) -> AppData:
        return self._run(calls.get_app_data())

    def list_alerts(self, account_id: str) -> list[Alert]:
        return self._run(calls.list_alerts(account_id))

    def get_alert(self, account_id: str, alert_id: str | int) -> Alert:
        return self._run(calls.get_alert(account_id, alert_id))

    def list_tags(self, account_id: str, alert_id: str | int) -> list[Tag]:
        return self._run(calls.list_tags(account_id, alert_id))

    def create_tag(self, account_id: str, alert_id: str | int, name: str) -> Tag:
        return self._run(calls.create_tag(account_id, alert_id, name))

    # Mentions
    def list_mentions(
        self, account_id: str, alert_id: str | int, **filters: Unpack[MentionFilters]
    ) -> MentionList:
        return self._run(calls.list_mentions(account_id, alert_id, filters))

    def follow(self, link: Link) -> MentionList:
        """The page a `_links.more` or `_links.pull` link points to."""
        return self._run(calls.follow(link, MentionList.model_validate))

    def iter_mentions(
        self,
        account_id: str,
        alert_id: str | int,
        *,
        max_pages: int | None = None,
        **filters: Unpack[MentionFilters],
    ) -> Iterator[Mention]:
        """Every mention matching `filters`, following `_links.more` page by page."""
        page = self.list_mentions(account_id, alert_id, **filters)
        pages = 1
        while True:
            yield from page.mentions
            link = page.links.more
            if not page.mentions or link is None or (max_pages and pages >= max_pages):
                return
            page = self.follow(link)
            pages += 1

    def get_mention(self, account_id: str, alert_id: str | int, mention_id: str | int) -> Mention:
        return self._run(calls.get_mention(account_id, alert_id, mention_id))

    def curate_mention(
        self, account_id: str, alert_id: str | int, mention_id: str | int, request: CurateRequest
    ) -> Mention:
        return self._run(calls.curate_mention(account_id, alert_id, mention_id, request))

    def get_children(
        self,
        account_id: str,
        alert_id: str | int,
        mention_id: str | int,
        **filters: Unpack[ChildrenFilters],
    ) -> ChildrenList:
        return self._run(calls.get_children(account_id, alert_id, mention_id, filters))

    def mark_all_read(self, account_id: str, alert_id: str | int) -> bool:
        return self._run(calls.mark_all_read(account_id, alert_id))

    # Shares (names, parameters and return types of the shares document)
    def get_shares(self, account_id: str, alert_id: str) -> SharesResponse:
        return self._run(calls.get_shares(account_id, alert_id))

    def get_share(self, account_id: str, alert_id: str, share_id: str) -> Share:
        return self._run(calls.get_share(account_id, alert_id, share_id))

    def create_share(self, account_id: str, alert_id: str, request: CreateShareRequest) -> Share:
        return self._run(calls.create_share(account_id, alert_id, request))

    def update_share(
        self, account_id: str, alert_id: str, share_id: str, request: UpdateShareRequest
    ) -> Share:
        return self._run(calls.update_share(account_id, alert_id, share_id, request))

    def delete_share(self, account_id: str, alert_id: str, share_id: str) -> bool:
        return self._run(calls.delete_share(account_id, alert_id, share_id))

    # Tasks (a mention assigned to a teammate)
    def create_task(
        self,
        account_id: str,
        alert_id: str | int,
        mention_id: str | int,
        type: str,
        comment: str,
        assigned_to_account_id: str,
    ) -> Task:
        request = CreateTaskRequest(
            assigned_to_account_id=assigned_to_account_id, type=type, comment=comment
        )
        return self._run(calls.create_task(account_id, alert_id, mention_id, request))

    def update_task(
        self,
        account_id: str,
        alert_id: str | int,
        mention_id: str | int,
        task_id: str | int,
        *,
        done: bool = True,
    ) -> Task:
        request = UpdateTaskRequest(done=done)
        call = calls.update_task(account_id, alert_id, mention_id, task_id, request)
        return self._run(call)

    # The stream
    def stream_mentions(
        self,
        account_id: str,
        alert_ids: Iterable[str | int],
        since_ids: Mapping[Any, Any] | None = None,
    ) -> Iterator[StreamEvent]:
        """Events of the stream, each as soon as its line arrives (see the async client)."""
        timeout = httpx.Timeout(self.endpoint.timeout, read=self.endpoint.stream_read_timeout)
        splitter = LineSplitter()
        try:
            with self._http.stream(
                "GET",
                self.endpoint.stream_path(account_id),
                params=tuple(calls.stream_params(alert_ids, since_ids)),
                headers={"Accept": "application/x-ndjson, application/json"},
                timeout=timeout,
            ) as response:
                if response.status_code >= 400:
                    read_response(
                        _STREAM_CALL, response.status_code, response.headers, response.read()
                    )
                for chunk in response.iter_bytes():
                    for line in splitter.feed(chunk):
                        yield _event(line)
                for line in splitter.flush():
                    yield _event(line)
        except httpx.HTTPError as error:
            raise transport_error(error) from None
