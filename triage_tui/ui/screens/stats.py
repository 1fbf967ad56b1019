"""`s`: a picture of the alert of the mention under the cursor (core/alert_stats.py).

Mentions per hour over the last 24 hours and per day over the last 30 as column charts,
the tone split, the top networks, sites and authors, unread and inbox counts now and
over time (core/count_history.py: sparklines, `·` where no sample was taken); when what
is held does not reach back 30 days, the older mentions from the list endpoint
(core/alert_history.py: "loading older mentions…", then drawn again); `[`/`]`
(or ←/→) switch alert. Shapes, glyphs and labels carry the meaning (a window before the
oldest mention held is `·` under the axis, not an empty column; tones are ▲ · ▼ ?), so
it reads the same in 16 colours and with NO_COLOR. Network strings reach the screen only
as literal `Content`, after `one_line`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from triage_tui.core.alert_history import Past, PastStatus
from triage_tui.core.alert_stats import DAY_NS, DAYS, AlertStats, alert_stats, mention_origin
from triage_tui.core.count_history import INTERVAL, CountPoint, series
from triage_tui.core.sanitize import one_line
from triage_tui.ui.timefmt import relative

if TYPE_CHECKING:
    from triage_tui.core.session import Session
    from triage_tui.ui.screens.main import MainScreen

#: Eighths of a cell, for column heights.
BLOCKS = " ▁▂▃▄▅▆▇█"
#: Left eighths of a cell, for bar widths.
LEFT_BLOCKS = " ▏▎▍▌▋▊▉█"
CHART_HEIGHT = 4
GUTTER = 6  # the y axis: a label of up to 4 characters and its tick
NOT_HELD = "·"
AXIS = "─"
BAR_WIDTH = 10  # the tone bars
NAME_WIDTH = 20  # names in the top lists

#: Sparkline levels, lowest (0) to highest.
SPARKS = "▁▂▃▄▅▆▇█"
NO_SAMPLE = "·"
SERIES = (("●", "unread"), ("▣", "inbox"))

TONE_ROWS = (("▲", "positive"), ("·", "neutral"), ("▼", "negative"), ("?", "unknown"))


def column_chart(
    values: Sequence[int | None], *, step: int, height: int = CHART_HEIGHT
) -> list[str]:
    """Rows of a column chart, top first, then the axis: one column per value, `step`
    cells apart. The top label is the largest value; a value of None (not held) draws
    nothing and marks the axis with `·`."""
    most = max((v for v in values if v), default=0)
    units = [0 if not v else max(1, round(v * height * 8 / most)) for v in values]
    lines: list[str] = []
    for level in range(height - 1, -1, -1):
        label = f"{compact(most):>4} ┤" if level == height - 1 else "     │"
        cells = "".join(BLOCKS[min(8, max(0, u - level * 8))].ljust(step) for u in units).rstrip()
        lines.append(f"{label}{cells}")
    axis = "".join((NOT_HELD if v is None else AXIS) * step for v in values)
    lines.append(f"   0 └{axis}")
    return lines


def compact(count: int) -> str:
    """At most 4 characters: 999, 1.2k, 12k, 999k, 1.2M."""
    if count < 1000:
        return str(count)
    if count < 10_000:
        return f"{count / 1000:.1f}k"
    if count < 1_000_000:
        return f"{count // 1000}k"
    return f"{count / 1_000_000:.1f}M" if count < 10_000_000 else f"{count // 1_000_000}M"


def _axis_labels(left: str, middle: str, right: str, width: int) -> str:
    """Labels under an axis `width` cells wide: at its start, middle and end."""
    line = [" "] * (GUTTER + width)  # the axis starts after the gutter
    for text, at in ((left, GUTTER), (middle, GUTTER + (width - len(middle)) // 2)):
        line[at : at + len(text)] = text
    end = GUTTER + width
    line[end - len(right) : end] = right
    return "".join(line).rstrip()


def _clip(name: str, width: int = NAME_WIDTH) -> str:
    name = one_line(name)
    return name if len(name) <= width else name[: width - 1] + "…"


def _bar(part: int, total: int, width: int = BAR_WIDTH) -> str:
    """A horizontal bar in eighths: part of total over `width` cells."""
    if not total or not part:
        return ""
    eighths = max(1, round(part * width * 8 / total))
    full, rest = divmod(eighths, 8)
    return "█" * full + (LEFT_BLOCKS[rest] if rest else "")


def _percent(part: int, total: int) -> str:
    return f"{round(100 * part / total)}%" if total else ""


def _mentions(count: int) -> str:
    return "1 mention" if count == 1 else f"{count} mentions"


def _title(text: str) -> Content:
    return Content.styled(text, "bold $text-accent")


def header(stats: AlertStats, name: str, position: str) -> Content:
    since = (
        f"since {relative(stats.held_since_ns, stats.now)}"
        if stats.held_since_ns is not None
        else "none dated"
    )
    held = _mentions(stats.held)
    first = Content.assemble(
        Content.styled(one_line(name), "bold"),
        Content.styled(f"  alert {position}", "$text-muted"),
    )
    second = Content.assemble(
        f"{held} held ({since}) · ",
        Content.styled(f"● {stats.unread} unread", "bold"),
        " · ",
        Content.styled(f"▣ {stats.inbox} in inbox", "bold"),
    )
    return Content("\n").join([first, second])


def hourly_chart(stats: AlertStats) -> Content:
    width = 2 * len(stats.hourly)
    lines = [
        _title(f"Last 24 hours · {_mentions(stats.last_24h)} · per hour"),
        *map(Content, column_chart(stats.hourly, step=2)),
        Content.styled(_axis_labels("24h ago", "12h ago", "now", width), "$text-muted"),
    ]
    return Content("\n").join(lines)


def daily_chart(stats: AlertStats) -> Content:
    width = 2 * len(stats.daily)
    lines = [
        _title(f"Last 30 days · {_mentions(stats.last_30d)} · per day"),
        *map(Content, column_chart(stats.daily, step=2)),
        Content.styled(_axis_labels("30d ago", "15d ago", "today", width), "$text-muted"),
    ]
    return Content("\n").join(lines)


def tone_panel(stats: AlertStats) -> list[Content]:
    split = stats.tones
    total = split.total
    lines = [_title(f"Tone · {total}")]
    for glyph, name in TONE_ROWS:
        count = getattr(split, name)
        lines.append(
            Content.assemble(
                f"{glyph} {name:<8} {compact(count):>4} ",
                Content.styled(f"{_bar(count, total):<{BAR_WIDTH}}", "$accent"),
                f" {_percent(count, total):>4}",
            )
        )
    return lines


def top_panel(title: str, entries: Sequence[tuple[str, int]], empty: str) -> list[Content]:
    lines = [_title(title)]
    if not entries:
        lines.append(Content.styled(empty, "$text-muted"))
    for name, count in entries:
        lines.append(Content(f"{compact(count):>4}  {_clip(name)}"))
    return lines


def arrange(panels: Sequence[list[Content]], width: int, gap: int = 3) -> Content:
    """Panels side by side, as many to a row as fit in `width` cells (at least one),
    each as wide as its widest line; rows of panels one under the other."""
    widths = [max((line.cell_length for line in panel), default=0) for panel in panels]
    rows: list[list[int]] = [[]]
    used = 0
    for index, panel_width in enumerate(widths):
        if rows[-1] and used + gap + panel_width > width:
            rows.append([])
            used = 0
        used += (gap if rows[-1] else 0) + panel_width
        rows[-1].append(index)
    lines: list[Content] = []
    for row in rows:
        if lines:
            lines.append(Content(""))
        for i in range(max(len(panels[p]) for p in row)):
            cells = []
            for position, p in enumerate(row):
                line = panels[p][i] if i < len(panels[p]) else Content("")
                if position < len(row) - 1:
                    line = line.pad_right(widths[p] + gap - line.cell_length)
                cells.append(line)
            lines.append(Content.assemble(*cells).rstrip())
    return Content("\n").join(lines)


def legend(stats: AlertStats) -> Content:
    read = stats.origins_read
    return Content.styled(
        f"{NOT_HELD} under the axis: before the oldest mention held, not counted; "
        f"{NO_SAMPLE} in a line: no sample (the app was not running). "
        f"From the mentions held here and those fetched for this screen; sites and "
        f"authors of the newest {read}.",
        "$text-muted",
    )


def sparkline(values: Sequence[int | None], high: int) -> str:
    """One cell per value, its height in eighths of `high` (0 is the lowest bar, so an
    empty inbox still shows); `·` where there is no value."""
    top = len(SPARKS) - 1
    return "".join(
        NO_SAMPLE if v is None else SPARKS[round(v * top / high) if high else 0] for v in values
    )


def counts_chart(points: Sequence[CountPoint], stats: AlertStats) -> Content:
    """Unread and inbox counts over the last 24 hours (per hour) and 30 days (per day):
    the last sample of each window, the counts held now as the newest, and the now,
    lowest and highest as numbers."""
    every = f"one every {INTERVAL / 60:.0f} min while the app runs"
    now = stats.now
    title = _title("Unread and inbox over time")
    if points:
        since = relative(int(points[0].at * 1e9), now)
        count = "1 sample" if len(points) == 1 else f"{len(points)} samples"
        about = f"{count} since {since}, {every}; the newest is what is held now"
    else:
        about = f"no samples yet, {every}; the newest is what is held now"
    shown = [*points, CountPoint(now, stats.unread, stats.inbox)]
    kept = [p for p in shown if p.at > now - 30 * 86_400.0]
    pad = " " * 10
    width = 31
    lines = [title, Content.styled(about, "$text-muted")]
    for heading, windows, left, right in (
        ("last 24 hours, per hour", series(shown, now, 3600.0, 24), "24h ago", "now"),
        ("last 30 days, per day", series(shown, now, 86_400.0, 30), "30d ago", "today"),
    ):
        numbers_heading = f"{'now':>5} {'low':>5} {'high':>5}"
        lines.append(Content.styled(f"{pad}{heading:<{width}}{numbers_heading}", "$text-muted"))
        for glyph, name in SERIES:
            values = [None if w is None else getattr(w, name) for w in windows]
            numbers = [getattr(p, name) for p in kept]
            low, high = min(numbers), max(numbers)
            lines.append(
                Content.assemble(
                    f"{glyph} {name:<8}",
                    Content.styled(f"{sparkline(values, high):<{width}}", "$accent"),
                    f"{compact(numbers[-1]):>5} {compact(low):>5} {compact(high):>5}",
                )
            )
        gap = len(windows) - len(left) - len(right)
        lines.append(Content.styled(f"{pad}{left}{' ' * gap}{right}", "$text-muted"))
    return Content("\n").join(lines)


def past_line(status: PastStatus) -> Content:
    """What the list endpoint brought for the 30 days, or why not: one line (the
    detail was sanitized by `one_line`)."""
    state, loaded = status.state, _mentions(status.loaded)
    if state is Past.LOADING:
        return Content.styled("◌ loading older mentions…", "$text-muted")
    if state is Past.DONE:
        return Content.styled(f"✓ {loaded} of the last 30 days fetched", "$text-muted")
    if state is Past.PARTIAL:
        return Content.styled(
            f"✓ {loaded} of the last 30 days fetched; older ones not counted", "$text-muted"
        )
    if state in (Past.FAILED, Past.LIMITED):
        glyph = "✗" if state is Past.FAILED else "⚠"
        return Content.assemble(
            Content.styled(f"{glyph} older mentions not loaded: ", "bold"),
            one_line(status.detail),
        )
    return Content("")


class StatsScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    StatsScreen { align: center middle; }
    StatsScreen > VerticalScroll {
        width: 100%; height: 1fr; border: thick $primary; background: $surface;
        padding: 0 1;
    }
    StatsScreen Static { width: 1fr; height: auto; margin-bottom: 1; }
    StatsScreen #stats-legend { margin-bottom: 0; }
    StatsScreen #stats-past { margin-bottom: 0; }
    """
    BINDINGS = [
        Binding("escape,q,s", "close", "Close", id="stats.close"),
        Binding("left_square_bracket,left", "switch(-1)", "Prev alert", id="stats.previous"),
        Binding("right_square_bracket,right", "switch(1)", "Next alert", id="stats.next"),
        Binding("j", "scroll(1)", "Down", id="stats.down", show=False),
        Binding("k", "scroll(-1)", "Up", id="stats.up", show=False),
    ]

    def __init__(self, session: Session, alert_id: int, clock: Callable[[], float]) -> None:
        super().__init__()
        self.session = session
        self.clock = clock
        self.alert_ids = list(session.alerts) or [alert_id]
        self.alert_id = alert_id if alert_id in self.alert_ids else self.alert_ids[0]
        self.stats: AlertStats | None = None
        self._panels: list[list[Content]] = []
        self._asked: set[int] = set()  # alerts whose older mentions this screen asked for

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            for part in ("header", "past", "hourly", "daily", "counts", "panels", "legend"):
                yield Static(id=f"stats-{part}")
        yield Footer()

    def on_mount(self) -> None:
        self.show_alert()
        self.query_one(VerticalScroll).focus()

    def on_resize(self, event: Resize) -> None:
        self._arrange(event.size.width)

    def _arrange(self, screen_width: int) -> None:
        # Inside the border, the padding and a scrollbar.
        self.query_one("#stats-panels", Static).update(
            arrange(self._panels, max(20, screen_width - 6))
        )

    def compute(self) -> AlertStats:
        session = self.session
        return alert_stats(
            session.rows(self.alert_id),
            self.alert_id,
            self.clock(),
            origin_of=lambda row: mention_origin(session.mention(row.id)),
        )

    def show_alert(self) -> None:
        stats = self.stats = self.compute()
        alert = self.session.alerts.get(self.alert_id)
        name = alert.name if alert is not None and alert.name else str(self.alert_id)
        position = f"{self.alert_ids.index(self.alert_id) + 1} of {len(self.alert_ids)}"
        parts = {
            "header": header(stats, name, position),
            "hourly": hourly_chart(stats),
            "daily": daily_chart(stats),
            "counts": counts_chart(self.session.counts.points(self.alert_id), stats),
            "legend": legend(stats),
        }
        for key, content in parts.items():
            self.query_one(f"#stats-{key}", Static).update(content)
        self._panels = [
            tone_panel(stats),
            top_panel("Networks", stats.networks, "none held"),
            top_panel("Sites", stats.sites, "none known"),
            top_panel("Authors", stats.authors, "none known"),
        ]
        self._arrange(self.app.size.width)
        self._ask_past(stats)
        self._show_past()

    def _ask_past(self, stats: AlertStats) -> None:
        """When what is held does not reach back 30 days: the older mentions from the
        list endpoint (once per alert per opening), then the picture again."""
        alert_id, status = self.alert_id, self.session.past.status(self.alert_id)
        now_ns = int(stats.now * 1_000_000_000)
        since_ns = now_ns - DAYS * DAY_NS
        held_since = stats.held_since_ns
        if (held_since is not None and held_since <= since_ns) or alert_id in self._asked:
            return
        if status.settled or status.state is Past.LOADING:
            return
        self._asked.add(alert_id)
        self.run_worker(self._load_past(alert_id, now_ns, since_ns), group="past")

    async def _load_past(self, alert_id: int, now_ns: int, since_ns: int) -> None:
        # Up to a day ahead counts (alert_stats' horizon): ask that far.
        await self.session.past.load(alert_id, before_ns=now_ns + DAY_NS, since_ns=since_ns)
        if alert_id == self.alert_id and self.is_attached:
            self.show_alert()

    def _show_past(self) -> None:
        line = past_line(self.session.past.status(self.alert_id))
        widget = self.query_one("#stats-past", Static)
        widget.update(line)
        widget.display = bool(line.plain)

    def action_switch(self, step: int) -> None:
        index = self.alert_ids.index(self.alert_id)
        self.alert_id = self.alert_ids[(index + step) % len(self.alert_ids)]
        self.show_alert()

    def action_scroll(self, lines: int) -> None:
        self.query_one(VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)


def open_stats(main: MainScreen) -> None:
    """The stats of the alert of the mention under the cursor (else the first alert)."""
    session = main.session
    if session is None:
        main.status.say("Not connected yet", error=True)
        return
    row = main.feed.selected_row
    alert_id = row.alert_id if row is not None else next(iter(session.alerts), None)
    if alert_id is None:
        main.status.say("No alert to show", error=True)
        return
    main.app.push_screen(StatsScreen(session, alert_id, main.clock))
