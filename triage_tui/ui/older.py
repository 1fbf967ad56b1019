"""Older mentions for the folder views, as the user scrolls: a plain object the main
screen holds (`screen.older`).

Archive, Irrelevant, Trash and Favorites load pages from the list endpoint
(`Session.older`, core/folder_pages.py): the first when the view is opened, the next
whenever the feed says its cursor or view came within a screen of the end
(`MentionFeed.NearEnd`). The rows join the Session's model and reach the feed like any
back-fill (`MentionsArrived`, shown at once). After a page, if the view still ends within
a screen (the page was short, or held rows the view hides), the next page follows, at
most `CHAIN` pages before the user scrolls again. The status line says that older
mentions are loading, all loaded, or failed (one line; the reason sanitized); a failure
leaves the view as it is, and the next scroll tries again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, Protocol

from triage_tui.core.sanitize import one_line

if TYPE_CHECKING:
    from textual.worker import Worker

    from triage_tui.core.folder_pages import OlderStatus
    from triage_tui.core.session import Session
    from triage_tui.ui.views import View
    from triage_tui.ui.widgets.feed import MentionFeed
    from triage_tui.ui.widgets.status import StatusLine

#: Pages loaded one after another without the user scrolling (a short or filtered view).
CHAIN = 5
#: After a failure, the next scroll asks again only this long after (seconds).
RETRY_AFTER = 5.0


class OlderHost(Protocol):
    """What the loader needs of the main screen."""

    @property
    def session(self) -> Session | None: ...

    @property
    def feed(self) -> MentionFeed: ...

    @property
    def status(self) -> StatusLine: ...

    @property
    def view(self) -> View: ...

    def run_worker(
        self, work: Coroutine[Any, Any, None], *, group: str = ..., exclusive: bool = ...
    ) -> Worker[None]: ...

    def call_later(self, callback: Callable[..., Any], *args: Any) -> bool: ...


class OlderLoader:
    def __init__(self, host: OlderHost) -> None:
        self._host = host
        self._loading: str | None = None  # the view whose page is being asked
        self._said = ""  # the "loading" message, cleared when it is over
        self._failed_at = -RETRY_AFTER  # time.monotonic() of the last failure

    def view_changed(self) -> None:
        """A view was opened: one that loads from the list asks for its first page (or
        the next, when it was left short of the end)."""
        self.near_end(chain=CHAIN)

    def near_end(self, chain: int = CHAIN) -> None:
        """The feed came within a screen of its end: the view's next page, if it has one."""
        host, view = self._host, self._host.view.key
        session = host.session
        if session is None or self._loading is not None:
            return
        # Here, not above: the empty feed is "near its end" right after the first frame,
        # and this import (pydantic's models) took ~0.1 s of the event loop there.
        from triage_tui.core.folder_pages import FolderPages, Older

        if not FolderPages.loads(view):
            return
        state = session.older.status(view).state
        if state is Older.DONE or chain <= 0:
            return
        if state is not Older.IDLE and not host.feed.near_end():
            return  # a view opened again, its end not in reach: the next scroll asks
        if state is Older.FAILED and time.monotonic() - self._failed_at < RETRY_AFTER:
            return  # every key near the end would ask again: not while it keeps failing
        self._loading = view
        said = f"{host.view.title}: loading older mentions…"
        if host.status.message != said:  # once for pages in a row (the log keeps each)
            self._said = said
            host.status.say(said, keep=True)
        host.run_worker(self._load(session, view, chain), group="older", exclusive=False)

    async def _load(self, session: Session, view: str, chain: int) -> None:
        try:
            status = await session.older.more(view)
        finally:
            self._loading = None
        # The rows are posted to the screen (MentionsArrived) already: look again once
        # they are shown, after that message.
        self._host.call_later(self._loaded, view, status, chain - 1)

    def _loaded(self, view: str, status: OlderStatus, chain: int) -> None:
        from triage_tui.core.folder_pages import Older

        host = self._host
        if host.view.key != view:  # the user left the view meanwhile
            if host.status.message == self._said:
                host.status.say("")
            self.view_changed()  # the view now open may load too
            return
        title = host.view.title
        state = status.state
        if state is Older.FAILED:
            self._failed_at = time.monotonic()
            why = one_line(status.detail)
            host.status.say(f"{title}: older mentions failed: {why}; scroll to retry", error=True)
        elif state is Older.LIMITED:
            host.status.say(f"{title}: older mentions wait: {one_line(status.detail)}", error=True)
        elif state is Older.DONE:
            host.status.say(
                f"{title}: all older mentions loaded ({status.loaded} from the service)"
            )
        elif host.feed.near_end() and chain > 0:
            self.near_end(chain)  # the end still in reach: the next page, still "loading"
        else:
            host.status.say(f"{title}: {status.loaded} older mentions loaded, more as you scroll")
