"""The app's key bindings: one id each, so a `[keymap]` in the config can remap any of them.

Defaults follow what users bring from mutt, aerc, gh-dash and lazygit (see README), and
avoid the keys tmux takes by default (ctrl+b and friends).
"""

from __future__ import annotations

from textual.binding import Binding

from triage_tui.core.permissions import Action
from triage_tui.ui.views import BUILTIN_VIEWS

#: The App's own keys: they work on every screen.
APP_BINDINGS: list[Binding] = [
    Binding("ctrl+p", "command_palette", "Commands", id="app.palette", show=False),
]

#: The main screen's keys (ui/screens/main.py): they act on the feed and its mentions.
#: Quit and help come first: at 80 columns the footer has room for a few keys only.
SCREEN_BINDINGS: list[Binding] = [
    Binding("q", "app.quit", "Quit", id="app.quit"),
    Binding("question_mark", "app.help", "Help", id="app.help"),
    # priority: `/` opens the prompt before the keys typed after it are handed out, so
    # they are the query's (otherwise they reach the feed, as commands, first).
    Binding("slash", "filter", "Filter", id="app.filter", priority=True),
    Binding(
        "escape", "clear_filter", "Clear selection, else filter", id="app.clear_filter", show=False
    ),
    Binding("tab", "app.focus_next", "Next pane", id="app.focus_next", show=False),
    Binding(
        "shift+tab", "app.focus_previous", "Previous pane", id="app.focus_previous", show=False
    ),
    Binding("z", "toggle_detail", "Detail", id="app.toggle_detail", show=False),
    Binding("L", "message_log", "Messages", id="app.messages", show=False),
    # Curation: one key each.
    Binding("r", "toggle_read", "Read", id="curate.read"),
    Binding("f", "toggle_favorite", "Fav", id="curate.favorite"),
    Binding("e", "archive", "Archive", id="curate.archive"),
    Binding("d", "trash", "Trash", id="curate.trash"),
    Binding("exclamation_mark", "spam", "Irrelevant", id="curate.spam", show=False),
    Binding("i", "inbox", "To inbox", id="curate.inbox", show=False),
    Binding("m", "move", "Move", id="curate.move", show=False),
    Binding("plus", "tone(1)", "Tone +", id="curate.tone_positive", show=False),
    Binding("equals_sign", "tone(0)", "Tone =", id="curate.tone_neutral", show=False),
    Binding("minus", "tone(-1)", "Tone -", id="curate.tone_negative", show=False),
    Binding("t", "tags", "Tags", id="curate.tags"),
    Binding("u", "undo", "Undo", id="curate.undo"),
    Binding("full_stop", "repeat", "Repeat last", id="curate.repeat", show=False),
    Binding("ctrl+r", "redo", "Redo", id="curate.redo", show=False),
    Binding("R", "mark_seen_read", "Seen→read", id="curate.mark_seen_read", show=False),
    # Mention under the cursor.
    Binding("enter", "open_pager", "Read full screen", id="mention.pager", show=False),
    Binding("o", "open_url", "Open", id="mention.open", show=False),
    Binding("y", "copy_url", "Copy URL", id="mention.copy", show=False),
    Binding("c", "load_children", "Children", id="mention.children", show=False),
    Binding("a", "assign_task", "Assign", id="mention.assign_task", show=False),
    Binding("A", "complete_task", "Task done", id="mention.complete_task", show=False),
    Binding("n", "next_unread", "Next unread", id="feed.next_unread", show=False),
    Binding("N", "previous_unread", "Prev unread", id="feed.previous_unread", show=False),
    # Shift+o: `o` (mutt's sort key) opens the URL here; O is its neighbour, and free.
    Binding("O", "toggle_order", "Order", id="feed.order", show=False),
    # Alert and views.
    Binding("S", "shares", "Shares", id="alert.shares"),
    Binding("s", "alert_stats", "Alert stats", id="alert.stats", show=False),
    Binding("l", "goto_alert", "Go to alert", id="alert.goto", show=False),
    # The built-in views on 1-7, in their order; named like their tabs (a tooltip tells
    # the palette's "Archive (4)" from the action "Archive (e)").
    *(
        Binding(
            str(number),
            f"view('{view.key}')",
            view.title,
            tooltip=f"Show the {view.title} view",
            id=f"view.{view.key}",
            show=False,
        )
        for number, view in enumerate(BUILTIN_VIEWS.values(), start=1)
    ),
]

#: The feed's own keys (ui/widgets/feed.py): moving its cursor and selecting mentions.
FEED_BINDINGS: list[Binding] = [
    Binding("j,down", "cursor_down", "Down", id="feed.down", show=False),
    Binding("k,up", "cursor_up", "Up", id="feed.up", show=False),
    Binding("g,home", "top", "Top", id="feed.top", show=False),
    Binding("G,end", "bottom", "Bottom", id="feed.bottom", show=False),
    Binding("ctrl+d", "half_down", "Half page down", id="feed.half_down", show=False),
    Binding("ctrl+u", "half_up", "Half page up", id="feed.half_up", show=False),
    Binding("pagedown", "page_down", "Page down", id="feed.page_down", show=False),
    Binding("pageup", "page_up", "Page up", id="feed.page_up", show=False),
    Binding("space", "toggle_select", "Select", id="feed.select"),
    Binding("v", "visual", "Visual range", id="feed.visual", show=False),
    Binding("escape", "clear_selection", "Clear selection", id="feed.clear_selection", show=False),
]

#: Scrolling a full screen of text: the pager (Enter) and the message log (L) share them.
READER_BINDINGS: list[Binding] = [
    Binding("q,escape", "close", "Back", id="pager.close"),
    Binding("j,down", "scroll(1)", "Scroll down", id="pager.down", show=False),
    Binding("k,up", "scroll(-1)", "Scroll up", id="pager.up", show=False),
    Binding("space,pagedown", "page(1)", "Page down", id="pager.page_down", show=False),
    Binding("b,pageup", "page(-1)", "Page up", id="pager.page_up", show=False),
    Binding("ctrl+d", "half_page(1)", "Half page down", id="pager.half_down", show=False),
    Binding("ctrl+u", "half_page(-1)", "Half page up", id="pager.half_up", show=False),
    Binding("g,home", "top", "Top", id="pager.top", show=False),
    Binding("G,end", "bottom", "Bottom", id="pager.bottom", show=False),
]

#: The main screen's keys that work in the pager too, the same bindings (remapped with
#: them): they run the main screen's actions on the mention the pager shows.
PAGER_SHARED_IDS = (
    "app.help",
    "curate.repeat",
    "app.messages",
    "curate.read",
    "curate.favorite",
    "curate.archive",
    "curate.trash",
    "curate.spam",
    "curate.inbox",
    "curate.move",
    "curate.tone_positive",
    "curate.tone_neutral",
    "curate.tone_negative",
    "curate.tags",
    "curate.undo",
    "curate.redo",
    "mention.open",
    "mention.copy",
    "mention.children",
    "mention.assign_task",
    "mention.complete_task",
    "feed.next_unread",
    "feed.previous_unread",
)

#: The pager's keys (ui/screens/pager.py).
PAGER_BINDINGS: list[Binding] = [
    *READER_BINDINGS,
    Binding("J", "next_mention", "Next mention", id="pager.next", show=False),
    Binding("K", "previous_mention", "Previous mention", id="pager.previous", show=False),
    *(b for b in SCREEN_BINDINGS if b.id in PAGER_SHARED_IDS),
]

#: The message log's keys (ui/screens/message_log.py).
MESSAGE_LOG_BINDINGS: list[Binding] = [
    *READER_BINDINGS,
    *(b for b in SCREEN_BINDINGS if b.id == "app.help"),
]

#: Which permission rule gates each curation action (for disabling keys with a reason).
ACTION_RULE: dict[str, Action] = {
    "toggle_read": Action.READ,
    "toggle_favorite": Action.FAVORITE,
    "archive": Action.FOLDER,
    "trash": Action.TRASH,
    "spam": Action.FOLDER,
    "inbox": Action.FOLDER,
    "move": Action.FOLDER,
    "tone": Action.TONE,
    "tags": Action.TAGS,
    "quick_tag": Action.TAGS,  # the config's [quick_tags] keys
    "assign_task": Action.CREATE_TASK,
    "complete_task": Action.CREATE_TASK,
    # mark_seen_read is not here: it acts on the whole view, not the row under the cursor,
    # and leaves out (and counts) the mentions it may not change.
}

#: Keys for saved views from the config, in order.
SAVED_VIEW_KEYS = ["8", "9", "0"]
