"""What the help (`?`) and the command palette say about the app's keys.

`DESCRIPTIONS`: one sentence per binding id, for the palette (the binding's own
description is its short name, shown in the footer and the help). `is_textual_internal`
tells the app's keys from those Textual's own classes bring along (a scroll view's
"Scroll Left", the screen's "Copy selected text", the App's ctrl+q), which the help
and the palette leave out: the app has its own key for each of those that matter.
"""

from __future__ import annotations

from functools import cache

from textual.binding import Binding
from textual.dom import DOMNode

DESCRIPTIONS: dict[str, str] = {
    "app.quit": "Leave the app (waiting actions are kept and sent at the next start)",
    "app.help": "Every key of this screen, as remapped",
    "app.filter": "Narrow the view with a query: words, tag:, alert:, source:, is:unread…",
    "app.clear_filter": "Clear the selection if there is one, else the filter",
    "app.focus_next": "Move between the feed and the detail pane (scroll it with j/k)",
    "app.focus_previous": "Move between the feed and the detail pane, the other way",
    "app.toggle_detail": "Hide or show the detail pane",
    "app.messages": "Every message the status line said, with its time, newest first",
    "curate.read": "Mark the mention (or the selection) read, or unread again",
    "curate.favorite": "Add to or remove from the favorites",
    "curate.archive": "Move to the archive folder: out of the inbox",
    "curate.trash": "Move to the trash: out of the inbox",
    "curate.spam": "Mark irrelevant: out of the inbox",
    "curate.inbox": "Move back to the inbox",
    "curate.move": "Move to a folder picked from a list",
    "curate.tone_positive": "Set the tone to positive",
    "curate.tone_neutral": "Set the tone to neutral",
    "curate.tone_negative": "Set the tone to negative",
    "curate.tags": "Add or remove tags, picked by name",
    "curate.undo": "Undo the last change (sent to the service too)",
    "curate.repeat": "Do the last action again, on the mention under the cursor",
    "curate.redo": "Redo the change just undone",
    "curate.mark_seen_read": "Mark read every unread mention you have seen in this view",
    "mention.pager": "The mention full screen: every field and the replies in full",
    "mention.open": "Open the mention's clickable URL in the browser",
    "mention.copy": "Copy the mention's original URL to the clipboard",
    "mention.children": "Load the mention's comments and replies into the detail pane",
    "mention.assign_task": "Assign a task on the mention to someone on the alert",
    "mention.complete_task": "Mark the mention's open task done",
    "feed.down": "Cursor down one mention",
    "feed.up": "Cursor up one mention",
    "feed.top": "Cursor to the newest mention",
    "feed.bottom": "Cursor to the oldest mention",
    "feed.half_down": "Cursor down half a page",
    "feed.half_up": "Cursor up half a page",
    "feed.page_down": "Cursor down a page",
    "feed.page_up": "Cursor up a page",
    "feed.select": "Select the mention (keys then act on the selection) and move on",
    "feed.visual": "Start or end a range selection",
    "feed.clear_selection": "Clear the selection",
    "feed.next_unread": "Cursor to the next unread mention",
    "feed.previous_unread": "Cursor to the previous unread mention",
    "feed.order": "Order the feed by date published or by when Mention found it",
    "alert.shares": "Who the alert under the cursor is shared with, and their permissions",
    "alert.stats": "The alert's figures: tones, sources, what you decided",
    "alert.goto": "Pick an alert by name and show only its mentions (or all alerts again)",
    "pager.close": "Back to the feed",
    "pager.down": "Scroll down a line",
    "pager.up": "Scroll up a line",
    "pager.page_down": "Scroll down a page",
    "pager.page_up": "Scroll up a page",
    "pager.half_down": "Scroll down half a page",
    "pager.half_up": "Scroll up half a page",
    "pager.top": "Scroll to the top",
    "pager.bottom": "Scroll to the end",
    "pager.next": "The next mention of the feed",
    "pager.previous": "The previous mention of the feed",
    "detail.down": "Scroll the detail pane down a line",
    "detail.up": "Scroll the detail pane up a line",
    "detail.page_down": "Scroll the detail pane down a page",
    "detail.page_up": "Scroll the detail pane up a page",
    "detail.top": "Scroll to the top of the detail pane",
    "detail.bottom": "Scroll to the end of the detail pane",
    "detail.back": "Back to the feed",
}


def describe(binding: Binding) -> str:
    """The palette's sentence for `binding`: its own tooltip, else ours, else its name."""
    return binding.tooltip or DESCRIPTIONS.get(binding.id or "", "") or binding.description


@cache
def _textual_actions(cls: type) -> frozenset[str]:
    """The actions of the bindings Textual's own classes in `cls`'s ancestry declare."""
    found: set[str] = set()
    for base in cls.__mro__:
        if not base.__module__.startswith("textual."):
            continue
        for item in base.__dict__.get("BINDINGS", ()):
            if isinstance(item, Binding):
                found.add(item.action)
            elif isinstance(item, tuple) and len(item) >= 2:
                found.add(item[1])
    return frozenset(found)


def is_textual_internal(binding: Binding, node: DOMNode) -> bool:
    """Whether `binding` is one Textual's classes declare, not one of the app's (those
    have an id, or come from the app's own classes and the config's saved views)."""
    if binding.system:
        return True
    return not binding.id and binding.action in _textual_actions(type(node))
