"""Where the user was: the view, the `/` filter, the feed's order and the mention under
the cursor, kept in the state database's meta table on exit and put back at the next start.

The view and the filter come back when the session opens (the filter's names need its
alerts and tags); the cursor goes back on its mention once that mention shows, unless
the user has moved it by then or `CURSOR_WAIT` has passed (a mention that arrives a
minute later must not pull the cursor away from what the user is reading).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Protocol

from triage_tui.api.log import get_logger
from triage_tui.core.feed_order import ORDERS

if TYPE_CHECKING:
    from triage_tui.core.store import Store
    from triage_tui.ui.views import View
    from triage_tui.ui.widgets.feed import MentionFeed

log = get_logger("resume")

#: The meta table's key.
META_KEY = "ui.place"
#: How long after the session opens the cursor may still go back to its mention.
CURSOR_WAIT = 15.0


@dataclass(frozen=True)
class Place:
    view: str = "inbox"  # a built-in view's key
    query: str = ""  # the `/` filter's text
    saved_view: str | None = None  # a saved view's name (its query is the config's)
    mention_id: int | None = None  # under the cursor
    order: str = "published"  # the feed's order: "published" or "found"


class PlaceHost(Protocol):
    @property
    def feed(self) -> MentionFeed: ...

    @property
    def view(self) -> View: ...

    @property
    def query_text(self) -> str: ...

    @property
    def saved_view(self) -> str | None: ...

    @property
    def saved_views(self) -> dict[str, str]: ...

    def action_view(self, key: str) -> None: ...

    def action_saved_view(self, index: int) -> None: ...

    def restore_query(self, text: str) -> None: ...

    def set_order(self, order: str) -> None: ...


def load_place(store: Store | None) -> Place | None:
    if store is None:
        return None
    try:
        data = store.meta(META_KEY)
        return Place(**data) if isinstance(data, dict) else None
    except Exception:  # an older or damaged entry: start in the inbox
        log.warning("the place kept at exit could not be read", exc_info=True)
        return None


def save_place(store: Store | None, place: Place) -> None:
    if store is None:
        return
    try:
        store.set_meta(META_KEY, asdict(place))
    except Exception:  # never a reason to fail quitting
        log.warning("the place could not be kept", exc_info=True)


class PlaceKeeper:
    """Reads where the host is (`place`), and puts it back (`restore`, then `tick`)."""

    def __init__(self, host: PlaceHost, clock: Callable[[], float] = time.monotonic) -> None:
        self.host = host
        self.clock = clock
        self._cursor: int | None = None  # the mention to put the cursor on, when shown
        self._until = 0.0

    def place(self) -> Place:
        host = self.host
        row = host.feed.selected_row
        saved = host.saved_view
        return Place(
            view=host.view.key,
            query="" if saved is not None else host.query_text,
            saved_view=saved,
            mention_id=row.id if row is not None else None,
            order=host.feed.order,
        )

    def restore(self, place: Place | None) -> None:
        """The view and the filter now; the cursor once its mention shows."""
        if place is None:
            return
        host = self.host
        if place.order in ORDERS and place.order != host.feed.order:
            host.set_order(place.order)
        names = list(host.saved_views)
        if place.saved_view is not None and place.saved_view in names:
            host.action_saved_view(names.index(place.saved_view))
        else:
            if place.view != host.view.key:
                host.action_view(place.view)
            if place.query:
                host.restore_query(place.query)
        self._cursor = place.mention_id
        self._until = self.clock() + CURSOR_WAIT
        self.tick()

    def tick(self) -> None:
        """The cursor onto its mention once shown (called as rows are shown)."""
        mention_id = self._cursor
        if mention_id is None:
            return
        feed = self.host.feed
        if feed.user_moved or self.clock() > self._until:
            self._cursor = None  # the user chose; or too late to move it unasked
            return
        if feed.shows(mention_id):
            self._cursor = None
            feed.jump_to_id(mention_id)
