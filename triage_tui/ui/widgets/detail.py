"""The detail pane: everything about the mention under the cursor, as literal Content.

It takes the focus (Tab from the feed, Tab or Esc back) and scrolls with the feed's
keys then: on a short terminal what is below the fold is keys away, not out of reach.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.style import Style
from textual.widgets import Static

from triage_tui.api.levels import SharePermission
from triage_tui.core.links import link_target
from triage_tui.core.no_text import has_text, posted_by
from triage_tui.core.permissions import Action, why_not
from triage_tui.core.sanitize import one_line
from triage_tui.ui.highlight import field_content
from triage_tui.ui.timefmt import UNKNOWN, absolute, relative

if TYPE_CHECKING:
    from triage_tui.api.models import Mention
    from triage_tui.api.tasks import Task

TONE_LABEL = {1: "▲ positive", 0: "■ neutral", -1: "▼ negative"}
LABEL_STYLE = "bold $text-secondary"
#: What the pane draws of one field. A 2 MB description took over 8 s to lay out; this
#: is pages of reading, and the original is one key away.
SHOWN_CHARS = 20_000
MUTED = "$text-muted"


@dataclass
class DetailContext:
    """What the pane needs besides the mention (names, levels, the clock)."""

    now: float
    folder_names: dict[str, str] = field(default_factory=dict)
    tag_names: dict[int, str] = field(default_factory=dict)
    level: SharePermission | None = SharePermission.READ
    role: str = ""  # the role as the service names it, when it is not a known level
    alert_name: str = ""
    children: list[Mention] | None = None  # loaded on request
    children_key: str = "c"
    open_key: str = "o"
    copy_key: str = "y"
    tasks: list[Task] = field(default_factory=list)  # the mention's, with those made here
    task_type_name: Callable[[str], str] = str  # app data's name for a task type
    people: dict[str, str] = field(default_factory=dict)  # account id -> label
    children_in_full: bool = False  # each child's whole text (the pager), not one line


def _row(label: str, value: Content | str) -> Content:
    text = value if isinstance(value, Content) else Content(value)
    return Content.assemble((f"{label:<10}", LABEL_STYLE), text)


def _when(ts: object, now: float) -> str:
    ns = getattr(ts, "ns", None)
    if ns is None:  # absent, or unreadable (out of range) where it was read
        return UNKNOWN
    shown = absolute(ns, now)
    return shown if shown == UNKNOWN else f"{shown} ({relative(ns, now)})"


def _author(mention: Mention) -> str:
    author = mention.author_influence
    if author is None:
        return "—"
    name = one_line(author.name or author.realname or "—")
    parts = [name]
    if author.realname and author.name and author.realname != author.name:
        parts.append(f"({one_line(author.realname)})")
    if author.score is not None:
        parts.append(f"· influence {author.score:g}/10")
    if author.followers_count is not None:
        parts.append(f"· {author.followers_count:,} followers")
    return " ".join(parts)


#: What the Access line lists, in key order.
_ABILITIES = (
    (Action.READ, "read"),
    (Action.FAVORITE, "favorite"),
    (Action.FOLDER, "folder"),
    (Action.TONE, "tone"),
    (Action.TAGS, "tags"),
)


def _permissions(mention: Mention, ctx: DetailContext) -> str:
    """What the user may do here, from both the alert level and the mention's own
    `permissions` (the same rule the keys follow), each with a mark, not a colour."""
    alert = f" on {one_line(ctx.alert_name)}" if ctx.alert_name else ""
    text = f"you: {ctx.level.value if ctx.level else one_line(ctx.role) or 'unknown role'}{alert}"
    if ctx.level is not None and not ctx.level.can_curate:
        return f"{text} · look only, no curation"
    flags = " ".join(
        f"{'✗' if why_not(action, ctx.level, mention) else '✓'}{name}"
        for action, name in _ABILITIES
    )
    return f"{text} · {flags}"


def _children(mention: Mention, ctx: DetailContext) -> list[Content]:
    total = mention.children_total
    if not total:
        return [_row("Children", "none")]
    if ctx.children is None:
        return [_row("Children", f"{total} — press {ctx.children_key} to load the list")]
    lines = [_row("Children", f"{len(ctx.children)} of {total} loaded")]
    if ctx.children_in_full:
        for child in ctx.children:
            lines += [Content(""), *_child_in_full(child, ctx)]
        return lines
    for child in ctx.children:
        who = child.author_influence.name if child.author_influence else child.source_name
        # A reply to a tweet has no text either: where it is, then.
        text = child.title or child.description or child.displayable_url or "(no text)"
        lines.append(Content(f"  • {one_line(who or '?')}: {one_line(text)[:200]}"))
    return lines


def _child_in_full(child: Mention, ctx: DetailContext) -> list[Content]:
    """One child (a reply, a comment) with all its text, for the pager."""
    who = child.author_influence.name if child.author_influence else child.source_name
    head = f"  • {one_line(who or '?')} · {one_line(child.source_type)}"
    lines = [Content.assemble((head, "bold"), (f" · {_when(child.published_at, ctx.now)}", MUTED))]
    for name in ("title", "description"):
        if child.field_text(name):
            lines.append(_field(child, name, ctx))
    url = child.displayable_url or child.original_url
    if url:
        lines.append(Content.styled(f"    {one_line(url[:SHOWN_CHARS])}", MUTED))
    return lines


def _tasks(ctx: DetailContext) -> list[Content]:
    """The mention's tasks, open ones first; shown only when it has any."""
    if not ctx.tasks:
        return []
    open_count = sum(not t.done for t in ctx.tasks)
    lines = [_row("Tasks", f"{open_count} open of {len(ctx.tasks)}")]
    for task in sorted(ctx.tasks, key=lambda t: t.done):
        mark = "✓ done" if task.done else "○ open"
        who = one_line(ctx.people.get(task.assigned_to_account_id or "") or "")
        who = who or one_line(task.assigned_to_account_id or "nobody")
        text = f"  {mark} · {one_line(ctx.task_type_name(task.type))} → {who}"
        comment = one_line(task.comment)
        lines.append(
            Content.assemble(text, (f" · “{comment[:200]}”", MUTED)) if comment else Content(text)
        )
    return lines


def _field(mention: Mention, name: str, ctx: DetailContext) -> Content:
    """A text field, highlighted, cut to `SHOWN_CHARS` with a line saying what is left."""
    content = field_content(mention, name, limit=SHOWN_CHARS)
    more = len(mention.field_text(name) or "") - SHOWN_CHARS
    if more <= 0:
        return content
    marker = f"… {more:,} more characters: press {ctx.open_key} to open the original"
    return Content("\n").join([content, Content.styled(marker, MUTED)])


def render_detail(mention: Mention, ctx: DetailContext) -> Content:
    """The whole pane as one Content; every network string is literal and sanitized."""
    return Content("\n").join(detail_lines(mention, ctx)[0])


def detail_lines(mention: Mention, ctx: DetailContext) -> tuple[list[Content], int]:
    """The pane's lines, and the index of the first of the Children section."""
    lines: list[Content] = []
    if not has_text(mention):  # tweets: the service sends neither title nor description
        lines.append(Content(posted_by(mention)).stylize("bold"))
        lines.append(
            Content.styled(
                f"The service sends no text for this {one_line(mention.source_type)} mention:"
                f" {ctx.open_key} opens the original.",
                MUTED,
            )
        )
    else:
        title = _field(mention, "title", ctx) if mention.title else Content("(no title)")
        lines.append(title.stylize("bold"))
    full = mention.description or ""
    for name in ("description", "description_medium", "description_short"):
        text = getattr(mention, name)
        if name != "description" and text and full.startswith(text.rstrip("…. ")[:40]):
            continue  # a shorter cut of the same text: nothing new to show
        if text:
            if name != "description":
                lines.append(Content.styled(name.replace("_", " "), MUTED))
            lines.append(_field(mention, name, ctx))
    lines.append(Content(""))
    source = Content.assemble(
        _field(mention, "source_name", ctx) if mention.source_name else Content("—"),
        (f"  [{one_line(mention.source_type)}]", MUTED),
    )
    lines.append(_row("Source", source))
    if mention.source_url:
        lines.append(_row("", _field(mention, "source_url", ctx)))
    lines.append(_row("Author", _author(mention)))
    lines.append(_row("Country", one_line(mention.country or "—")))
    lines.append(_row("Language", one_line(mention.language_code or "—")))
    lines.append(_row("Published", _when(mention.published_at, ctx.now)))
    lines.append(_row("Found", _when(mention.created_at, ctx.now)))
    folder = ctx.folder_names.get(mention.folder, mention.folder)
    state = [one_line(folder)]
    state.append("read" if mention.read else "● unread")
    if mention.favorite:
        state.append("★ favorite")
    if mention.trashed:
        state.append("trashed")
    lines.append(_row("Folder", " · ".join(state)))
    lines.append(_row("Tone", TONE_LABEL.get(mention.tone, str(mention.tone))))
    tags = [one_line(ctx.tag_names.get(tag.id) or tag.name or f"#{tag.id}") for tag in mention.tags]
    lines.append(_row("Tags", ", ".join(tags) if tags else "none"))
    lines.append(_row("Access", _permissions(mention, ctx)))
    lines.extend(_tasks(ctx))
    children_at = len(lines)
    lines.extend(_children(mention, ctx))
    lines.append(Content(""))
    lines.extend(_urls(mention, ctx))
    return lines, children_at


def _linked(content: Content, url: str | None) -> Content:
    """`content` as an OSC 8 hyperlink to `url` when that is a safe http(s) target."""
    target = link_target(url)
    return content.stylize(Style(link=target)) if target else content


def _urls(mention: Mention, ctx: DetailContext) -> list[Content]:
    shown = mention.displayable_url or mention.original_url
    clickable = mention.clickable_url or mention.original_url
    lines: list[Content] = []
    if shown and shown == mention.original_url:
        url = field_content(mention, "url", limit=SHOWN_CHARS)
        lines.append(_row("URL", _linked(url, clickable)))
    else:
        shown_text = one_line((shown or "—")[:SHOWN_CHARS])
        lines.append(_row("URL", _linked(Content(shown_text), clickable)))
        if mention.original_url:
            original = field_content(mention, "url", limit=SHOWN_CHARS)
            lines.append(_row("Original", _linked(original, mention.original_url)))
    keys = f"{ctx.open_key} opens the clickable URL · {ctx.copy_key} copies the original"
    lines.append(Content.styled(keys, MUTED))
    return lines


class DetailPane(VerticalScroll):
    """Scrollable pane; `show(mention, ctx)` or `show(None)` for the empty state.

    Focusable: Tab reaches it, and then j/k, PageDown/PageUp, Space, g/G scroll it (the
    screen's curation keys still act on the mention under the feed's cursor)."""

    DEFAULT_CSS = """
    DetailPane { height: 1fr; }
    DetailPane > Static { width: 1fr; padding: 0 1; }
    DetailPane:focus { background-tint: $foreground 5%; }
    """

    BINDINGS = [
        Binding("j,down", "scroll_down", "Scroll down", id="detail.down", show=False),
        Binding("k,up", "scroll_up", "Scroll up", id="detail.up", show=False),
        Binding("pagedown,space", "page_down", "Page down", id="detail.page_down", show=False),
        Binding("pageup", "page_up", "Page up", id="detail.page_up", show=False),
        Binding("g,home", "scroll_home", "Top", id="detail.top", show=False),
        Binding("G,end", "scroll_end", "End", id="detail.bottom", show=False),
        Binding("escape", "back", "Back to the feed", id="detail.back", show=False),
    ]

    can_focus = True

    #: Told what the pane shows each time it changes (the pager follows it).
    on_shown: Callable[[Mention | None, DetailContext | None], None] | None = None
    shown: tuple[Mention | None, DetailContext | None] = (None, None)  # the last `show`
    _shown_id: str | None = None  # the mention shown (its id as the model keeps it)
    _lines: list[Content] | None = None
    _children_at = 0

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(Content("No mention selected."), id="detail-body")

    def show(self, mention: Mention | None, ctx: DetailContext | None = None) -> None:
        body = self.query_one("#detail-body", Static)
        self.shown = (mention, ctx)
        if self.on_shown is not None:
            self.on_shown(mention, ctx)
        if mention is None or ctx is None:
            self._lines = None
            body.update(Content("No mention selected."))
            return
        if body.has_class("-for") and self._shown_id != mention.id:
            self.scroll_home(animate=False)
        self._shown_id = mention.id
        body.set_class(True, "-for")
        self._lines, self._children_at = detail_lines(mention, ctx)
        body.update(Content("\n").join(self._lines))

    def reveal_children(self) -> None:
        """Scroll so the Children section (just loaded) starts at the pane's top, or as
        near as the end of the text allows."""
        lines = self._lines
        if not lines:
            return
        body = self.query_one("#detail-body", Static)

        def scroll() -> None:
            width = max(1, body.content_region.width)
            above = Content("\n").join(lines[: self._children_at]) if self._children_at else None
            y = len(above.wrap(width)) if above is not None else 0
            self.scroll_to(y=y, animate=False, immediate=True)

        self.call_after_refresh(scroll)

    def action_back(self) -> None:
        """Esc: the focus back to the feed."""
        for feed in self.screen.query("#feed"):
            feed.focus()
