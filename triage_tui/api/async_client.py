"""`AsyncMentionClient`: the Mention API over httpx.AsyncClient."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterable, Mapping
from contextlib import aclosing
from types import TracebackType
from typing import Any, TypeVar, Unpack

import httpx

from triage_tui.api import calls, http_log
from triage_tui.api.events import InvalidLine, StreamEvent, parse_event, parse_event_fast
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


class AsyncMentionClient:
    """Async client; use as `async with AsyncMentionClient(access_token=...) as client:`."""

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
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.endpoint = make_endpoint(
            base_url, stream_url, api_version, timeout, stream_read_timeout, insecure
        )
        self._http = httpx.AsyncClient(
            headers=headers_for(access_token, api_version),
            timeout=timeout,
            transport=transport,
            follow_redirects=False,
            event_hooks=http_log.async_hooks(),
        )
        #: Called after each 2xx answer (the stream's opening too): the service is up,
        #: so whoever waits out a retry backoff can try again now.
        self.on_answer: Callable[[], None] = _nothing

    def __repr__(self) -> str:
        return f"AsyncMentionClient(base_url={self.endpoint.base_url!r})"

    async def __aenter__(self) -> AsyncMentionClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _run(self, call: calls.Call[T]) -> T:
        try:
            response = await self._http.request(
                call.method,
                self.endpoint.url_for(call),
                params=tuple(call.params) or None,
                json=call.json,
            )
        except (httpx.HTTPError, httpx.InvalidURL) as error:  # no request URL is trusted
            raise transport_error(error) from None
        if response.status_code < 300:
            self.on_answer()
        return read_response(call, response.status_code, response.headers, response.content)

    # Account, vocabularies, alerts, tags
    async def get_me(self) -> Account:
        return await self._run(calls.get_me())

    async def get_app_data(self) -> AppData:
        return await self._run(calls.get_app_data())

    async def list_alerts(self, account_id: str) -> list[Alert]:
        return await self._run(calls.list_alerts(account_id))

    async def get_alert(self, account_id: str, alert_id: str | int) -> Alert:
        return await self._run(calls.get_alert(account_id, alert_id))

    async def list_tags(self, account_id: str, alert_id: str | int) -> list[Tag]:
        return await self._run(calls.list_tags(account_id, alert_id))

    async def create_tag(self, account_id: str, alert_id: str | int, name: str) -> Tag:
        return await self._run(calls.create_tag(account_id, alert_id, name))

    # Mentions
    async def list_mentions(
        self, account_id: str, alert_id: str | int, **filters: Unpack[MentionFilters]
    ) -> MentionList:
        return await self._run(calls.list_mentions(account_id, alert_id, filters))

    async def follow(self, link: Link) -> MentionList:
        """The page a `_links.more` or `_links.pull` link points to."""
        return await self._run(calls.follow(link, MentionList.model_validate))

    async def iter_mentions(
        self,
        account_id: str,
        alert_id: str | int,
        *,
        max_pages: int | None = None,
        **filters: Unpack[MentionFilters],
    ) -> AsyncIterator[Mention]:
        """Every mention matching `filters`, following `_links.more` page by page."""
        page = await self.list_mentions(account_id, alert_id, **filters)
        pages = 1
        while True:
            for mention in page.mentions:
                yield mention
            link = page.links.more
            if not page.mentions or link is None or (max_pages and pages >= max_pages):
                return
            page = await self.follow(link)
            pages += 1

    async def get_mention(
        self, account_id: str, alert_id: str | int, mention_id: str | int
    ) -> Mention:
        return await self._run(calls.get_mention(account_id, alert_id, mention_id))

    async def curate_mention(
        self, account_id: str, alert_id: str | int, mention_id: str | int, request: CurateRequest
    ) -> Mention:
        return await self._run(calls.curate_mention(account_id, alert_id, mention_id, request))

    async def get_children(
        self,
        account_id: str,
        alert_id: str | int,
        mention_id: str | int,
        **filters: Unpack[ChildrenFilters],
    ) -> ChildrenList:
        return await self._run(calls.get_children(account_id, alert_id, mention_id, filters))

    async def mark_all_read(self, account_id: str, alert_id: str | int) -> bool:
        return await self._run(calls.mark_all_read(account_id, alert_id))

    # Shares (names, parameters and return types of the shares document)
    async def get_shares(self, account_id: str, alert_id: str) -> SharesResponse:
        return await self._run(calls.get_shares(account_id, alert_id))

    async def get_share(self, account_id: str, alert_id: str, share_id: str) -> Share:
        return await self._run(calls.get_share(account_id, alert_id, share_id))

    async def create_share(
        self, account_id: str, alert_id: str, request: CreateShareRequest
    ) -> Share:
        return await self._run(calls.create_share(account_id, alert_id, request))

    async def update_share(
        self, account_id: str, alert_id: str, share_id: str, request: UpdateShareRequest
    ) -> Share:
        return await self._run(calls.update_share(account_id, alert_id, share_id, request))

    async def delete_share(self, account_id: str, alert_id: str, share_id: str) -> bool:
        return await self._run(calls.delete_share(account_id, alert_id, share_id))

    # Tasks (a mention assigned to a teammate)
    async def create_task(
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
        return await self._run(calls.create_task(account_id, alert_id, mention_id, request))

    async def update_task(
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
        return await self._run(call)

    # The stream
    async def stream_mentions(
        self,
        account_id: str,
        alert_ids: Iterable[str | int],
        since_ids: Mapping[Any, Any] | None = None,
    ) -> AsyncIterator[StreamEvent]:
        """Events of `GET {stream_url}/accounts/{id}/mentions`, each as soon as its line arrives.

        Ends when the server closes the stream; raises `TransportError` when the
        connection dies, or the typed API error when the stream is refused.
        """
        # aclosing: a consumer that stops early closes the HTTP response now, not when the
        # inner generator is collected (the service allows one stream per account).
        async with aclosing(self.stream_batches(account_id, alert_ids, since_ids)) as batches:
            async for batch in batches:
                for event in batch:
                    yield event

    async def stream_batches(
        self,
        account_id: str,
        alert_ids: Iterable[str | int],
        since_ids: Mapping[Any, Any] | None = None,
        *,
        fast: bool = False,
    ) -> AsyncGenerator[list[StreamEvent], None]:
        """The stream's events, a list per chunk received (a replay pours in thousands a
        second: one await per chunk, not per line). With `fast`, mention lines of the
        usual shape come as `MentionLineEvent` (summary + raw JSON) instead of `Mention`.
        """
        parse = parse_event_fast if fast else parse_event
        timeout = httpx.Timeout(self.endpoint.timeout, read=self.endpoint.stream_read_timeout)
        splitter = LineSplitter()
        request = self._http.build_request(
            "GET",
            self.endpoint.stream_path(account_id),
            params=tuple(calls.stream_params(alert_ids, since_ids)),
            headers={"Accept": "application/x-ndjson, application/json"},
            timeout=timeout,
        )
        try:
            response = await self._http.send(request, stream=True)
            try:
                if response.status_code >= 400:
                    body = await response.aread()
                    read_response(_STREAM_CALL, response.status_code, response.headers, body)
                self.on_answer()
                async for chunk in response.aiter_bytes():
                    batch = [_event(line, parse) for line in splitter.feed(chunk)]
                    if batch:
                        yield batch
                rest = [_event(line, parse) for line in splitter.flush()]
                if rest:
                    yield rest
            finally:
                await response.aclose()
        except httpx.HTTPError as error:
            raise transport_error(error) from None


_STREAM_CALL: calls.Call[None] = calls.Call("GET", "", lambda d: None)


def _nothing() -> None:
    return None


def _event(line: bytes | None, parse: Callable[[bytes], StreamEvent] = parse_event) -> StreamEvent:
    return InvalidLine("line too long", 0) if line is None else parse(line)
