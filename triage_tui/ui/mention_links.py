"""What the mention under the cursor links to: its replies (`c`), the original in a
browser (`o`), its URL on the clipboard (`y`). A plain object the main screen holds."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from triage_tui.core.links import open_in_browser, remote_session
from triage_tui.core.sanitize import one_line
from triage_tui.core.urls import NOT_PLAIN, plain_web_url

if TYPE_CHECKING:
    from triage_tui.core.rows import FeedRow
    from triage_tui.core.session import Session
    from triage_tui.ui.widgets.feed import MentionFeed
    from triage_tui.ui.widgets.status import StatusLine


class LinksHost(Protocol):
    """What the links need of the main screen."""

    session: Session | None

    @property
    def feed(self) -> MentionFeed: ...

    @property
    def status(self) -> StatusLine: ...

    def show_detail(self, row: FeedRow | None) -> None: ...

    def copy_to_clipboard(self, text: str) -> None: ...


class MentionLinks:
    def __init__(self, host: LinksHost) -> None:
        self.host = host
        self._children: dict[int, list[Any]] = {}  # replies loaded, by mention id

    def children(self, mention_id: int) -> list[Any] | None:
        return self._children.get(mention_id)

    async def load_children(self) -> None:
        host = self.host
        row = host.feed.selected_row
        if row is None or host.session is None:
            return
        if not row.children_count:  # the service said so: nothing to ask for
            host.status.say("No comments or replies on this mention")
            return
        try:
            self._children[row.id] = await host.session.load_children(row.id)
        except Exception as error:
            host.status.say(f"Children: {one_line(str(error))}", error=True)
            return
        current = host.feed.selected_row
        if current is not None and current.id == row.id:
            host.show_detail(current)

    def open_url(self) -> None:
        status = self.host.status
        mention = self._current_mention()
        if mention is None:
            return
        url = mention.clickable_url or mention.original_url
        if not url:
            status.say("This mention has no http(s) link to open", error=True)
            return
        plain = plain_web_url(url)
        if plain is None:
            status.say(f"not opened: {NOT_PLAIN}", error=True)
            return
        if remote_session() or not open_in_browser(plain):
            # Over SSH there is no local browser: hand the link to the user's clipboard.
            self.host.copy_to_clipboard(plain)
            status.say(f"No local browser: copied {one_line(plain)}")
        else:
            status.say("Opened in the browser")

    def copy_url(self) -> None:
        status = self.host.status
        mention = self._current_mention()
        url = mention.original_url if mention else None
        if not url:
            status.say("This mention has no URL", error=True)
            return
        plain = plain_web_url(url)
        if plain is None:  # a newline in it would run a second command when pasted
            status.say(f"not copied: {NOT_PLAIN}", error=True)
            return
        self.host.copy_to_clipboard(plain)  # OSC 52: reaches the clipboard over SSH and tmux
        status.say(f"Copied {one_line(plain)}")

    def _current_mention(self) -> Any:
        row = self.host.feed.selected_row
        session = self.host.session
        if row is None or session is None:
            return None
        return session.mention(row.id)
