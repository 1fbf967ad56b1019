"""Which mentions the feed shows: the view (Inbox, Archive, ... or a saved view), the `/`
filter, going to an alert, and each view's cursor to return to. A plain object the main
screen holds (`main.views`); the screen's view and filter keys call it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from triage_tui.core.rows import FeedRow
from triage_tui.core.sanitize import one_line
from triage_tui.ui.views import (
    BUILTIN_VIEWS,
    CursorMemory,
    View,
    alert_in_query,
    combine,
    with_alert,
)

if TYPE_CHECKING:
    from triage_tui.core.query import QueryNames
    from triage_tui.core.session import Session
    from triage_tui.ui.widgets.feed import MentionFeed
    from triage_tui.ui.widgets.status import StatusLine


class ViewHost(Protocol):
    """What the views need of the main screen."""

    session: Session | None

    @property
    def feed(self) -> MentionFeed: ...

    @property
    def status(self) -> StatusLine: ...

    def counts_changed(self) -> None: ...

    def view_changed(self) -> None: ...


class ViewFilter:
    def __init__(self, host: ViewHost, saved_views: dict[str, str]) -> None:
        self.host = host
        self.saved_views = saved_views  # name -> query, from the config
        self.view: View = BUILTIN_VIEWS["inbox"]
        self.query_text = ""
        self._predicate: Callable[[FeedRow], bool] | None = None
        self.saved_view: str | None = None  # the saved view's name while one is shown
        self.cursors = CursorMemory()  # each view's mention, to return to

    # ---- views ---------------------------------------------------------------------------

    def show_view(self, key: str) -> None:
        view = BUILTIN_VIEWS.get(key)
        if view is None:
            return
        self._leave()
        if self.saved_view is not None:  # its query was the view: it goes with it
            self.saved_view, self.query_text, self._predicate = None, "", None
        self.view = view
        self.host.status.view = view.title
        self.apply()
        self._return()
        self.host.view_changed()

    def show_saved(self, index: int) -> None:
        from triage_tui.core.query import QueryError, parse_query

        name, text = list(self.saved_views.items())[index]
        try:
            query = parse_query(text, self.query_names())
        except QueryError as error:
            self.host.status.say(f"View {name}: {error}", error=True)
            return
        self._leave()
        self.view = BUILTIN_VIEWS["all"]
        self.saved_view = name
        self.query_text = text
        self._predicate = query.matches
        self.apply()
        self.host.status.view = one_line(name)
        self._return()

    def _key(self) -> str:
        return f"saved:{self.saved_view}" if self.saved_view is not None else self.view.key

    def _leave(self) -> None:
        row = self.host.feed.selected_row
        self.cursors.leave(self._key(), row.id if row else None)

    def _return(self) -> None:
        """Back on the mention this view had the cursor on, if it still shows."""
        mention_id = self.cursors.recall(self._key())
        feed = self.host.feed
        if mention_id is not None and feed.shows(mention_id):
            feed.jump_to_id(mention_id)

    def apply(self) -> None:
        """The view and the filter onto the feed."""
        self.host.feed.set_filter(combine(self.view.predicate, self._predicate))
        self.host.status.filter_text = self.query_text
        self.host.counts_changed()

    # ---- the `/` filter ------------------------------------------------------------------

    def submit(self, text: str, predicate: Callable[[FeedRow], bool] | None) -> None:
        self.query_text, self._predicate = text, predicate
        self.apply()

    def restore_query(self, text: str) -> None:
        """A `/` filter kept from the last exit, if it still reads."""
        from triage_tui.core.query import QueryError, parse_query

        try:
            predicate = parse_query(text, self.query_names()).matches
        except QueryError:
            return
        self.submit(text, predicate)

    def clear_query(self) -> None:
        if self.query_text:
            self.query_text, self._predicate = "", None
            if self.saved_view is not None:  # what is left is the All view
                self.saved_view, self.host.status.view = None, self.view.title
            self.apply()

    def query_names(self) -> QueryNames:
        """The tag and alert names the `/` filter and saved views may use."""
        from triage_tui.core.query import QueryNames

        tags: dict[str, set[int]] = {}
        alerts: dict[str, int] = {}
        sources: frozenset[str] = frozenset()
        session = self.host.session
        if session is not None:
            sources = frozenset(session.source_types)
            for alert_tags in session.tags.values():
                for tag in alert_tags:
                    tags.setdefault(tag.name.casefold(), set()).add(tag.id)
            alerts = {one_line(a.name).casefold(): a.id for a in session.alerts.values()}
        # `text:` searches the store's full-text index (core/store.py search_text).
        search = session.store.search_text if session is not None else None
        return QueryNames(tags=tags, alerts=alerts, sources=sources, search=search)

    # ---- going to an alert ---------------------------------------------------------------

    def alert_names(self) -> dict[int, str]:
        session = self.host.session
        return {a.id: one_line(a.name) for a in session.alerts.values()} if session else {}

    def alert_shown(self) -> int | None:
        """The alert the `/` filter narrows to (`alert:ID`), if one."""
        return alert_in_query(self.query_text)

    def go_to_alert(self, alert_id: int) -> None:
        """The feed narrowed to one alert (its `alert:ID` term in place of any other in
        the `/` filter); 0: every alert again."""
        from triage_tui.core.query import QueryError, parse_query

        text = with_alert(self.query_text, alert_id or None)
        try:
            predicate = parse_query(text, self.query_names()).matches if text else None
        except QueryError as error:
            self.host.status.say(f"Go to alert: {error}", error=True)
            return
        self.submit(text, predicate)
