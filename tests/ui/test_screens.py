"""The modal screens on their own: a tiny host App pushes each one, Pilot drives it.
The shares screen has its own file (test_shares_screen.py); the last test here opens
each screen from the real app."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Button, OptionList, Static

from tests.ui.harness import FIXED_EPOCH, cursor_to_alert, make_app, ready, wait_for
from triage_tui.api.models import Folder, Tag
from triage_tui.sim import SimServer
from triage_tui.ui.screens.confirm import ConfirmScreen
from triage_tui.ui.screens.folder_picker import FolderPicker
from triage_tui.ui.screens.help import HelpScreen, binding_rows
from triage_tui.ui.screens.shares import SharesScreen
from triage_tui.ui.screens.tag_picker import TagPicker, TagPickResult

NO_RESULT = object()

FOLDERS = [
    Folder(code="inbox", name="Inbox"),
    Folder(code="archive", name="Archive"),
    Folder(code="spam", name="Irrelevant"),
    Folder(code="trash", name="Trash"),
    Folder(code="secret", name="Hidden one", hidden=True),
]
TAGS = [
    Tag(id=11, name="urgent"),
    Tag(id=12, name="press"),
    Tag(id=13, name="[/] bold?"),
    Tag(id=14, name="product"),
]


class Host(App[None]):
    """Pushes one screen on mount and keeps what it was dismissed with."""

    def __init__(self, make: Callable[[], Screen[Any]]) -> None:
        super().__init__()
        self.make = make
        self.result: object = NO_RESULT

    def on_mount(self) -> None:
        self.push_screen(self.make(), self._done)

    def _done(self, value: object) -> None:
        self.result = value


async def run(make: Callable[[], Screen[Any]], *keys: str, size=(80, 24)) -> object:
    app = Host(make)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
    return app.result


def option_texts(screen: Screen[Any]) -> list[str]:
    options = screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


# ---- confirm ----------------------------------------------------------------------------


async def test_confirm_keys() -> None:
    assert await run(lambda: ConfirmScreen("Sure?"), "y") is True
    assert await run(lambda: ConfirmScreen("Sure?"), "n") is False
    assert await run(lambda: ConfirmScreen("Sure?"), "escape") is False


async def test_confirm_enter_activates_the_focused_button() -> None:
    # Focus starts on No; shift+tab moves it to Yes, and Enter presses that.
    assert await run(lambda: ConfirmScreen("Sure?"), "shift+tab", "enter") is True


async def test_confirm_shows_texts_literally_and_enter_on_arrival_answers_no() -> None:
    app = Host(lambda: ConfirmScreen("[/] [bold]x", detail="[red]d[/]", yes="[b]Go"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert str(screen.query_one("#question").render()) == "[/] [bold]x"
        assert str(screen.query_one("#detail").render()) == "[red]d[/]"
        assert str(screen.query_one("#yes", Button).label) == "[b]Go (y)"
        assert screen.focused is screen.query_one("#no")
        await pilot.press("enter")
        await pilot.pause()
    assert app.result is False


# ---- folder picker ----------------------------------------------------------------------


async def test_folder_picker_lists_marks_the_current_and_number_keys_pick() -> None:
    app = Host(lambda: FolderPicker(FOLDERS, "archive"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert option_texts(app.screen) == [
            "1   Inbox",
            "2 ● Archive",
            "3   Irrelevant",
            "4   Trash",
        ]
        assert app.screen.query_one(OptionList).highlighted == 1  # starts on the current
        await pilot.press("3")
        await pilot.pause()
    assert app.result == "spam"


async def test_folder_picker_j_k_enter() -> None:
    assert await run(lambda: FolderPicker(FOLDERS, "inbox"), "j", "j", "j", "k", "enter") == (
        "spam"
    )


async def test_folder_picker_escape_and_out_of_range_digit() -> None:
    assert await run(lambda: FolderPicker(FOLDERS, "inbox"), "escape") is None
    # 5 is past the four visible folders (the hidden one is not counted): nothing happens.
    assert await run(lambda: FolderPicker(FOLDERS, "inbox"), "5") is NO_RESULT


# ---- tag picker -------------------------------------------------------------------------


async def test_tag_picker_shows_boxes_literally_toggles_and_returns_the_set() -> None:
    app = Host(lambda: TagPicker(TAGS, {12}))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert option_texts(app.screen) == [
            "[ ] [/] bold?",
            "[x] press",
            "[ ] product",
            "[ ] urgent",
        ]
        # Sorted: "[/] bold?"(13), press(12), product(14), urgent(11); 12 was applied.
        await pilot.press("space", "j", "space", "j", "space", "enter")
        await pilot.pause()
    assert app.result == TagPickResult({13, 14}, None)  # the full new set


async def test_tag_picker_typing_filters_then_down_and_space_toggle() -> None:
    result = await run(lambda: TagPicker(TAGS, set()), *"urg", "down", "space", "enter")
    assert result == TagPickResult({11}, None)


async def test_tag_picker_slash_filters() -> None:
    app = Host(lambda: TagPicker(TAGS, set()))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"pr")
        assert option_texts(app.screen) == ["[ ] press", "[ ] product"]
        await pilot.press("down", "j", "space", "enter")
    assert app.result == TagPickResult({14}, None)


async def test_tag_picker_create_offered_only_when_allowed() -> None:
    app = Host(lambda: TagPicker(TAGS, {11}))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*"zed")
        assert option_texts(app.screen) == []
    result = await run(lambda: TagPicker(TAGS, {11}, can_create=True), *"zed", "enter")
    assert result == TagPickResult({11}, "zed")


async def test_tag_picker_escape_cancels() -> None:
    assert await run(lambda: TagPicker(TAGS, {11}), "space", "escape") is None


# ---- help -------------------------------------------------------------------------------


class Pane(Static, can_focus=True):
    BINDINGS = [
        Binding("j,down", "noop", "Down", id="feed.down"),
        Binding("s", "noop", "Pane's s", id="feed.s"),
    ]

    def action_noop(self) -> None:
        pass


class KeysApp(App[None]):
    BINDINGS = [
        Binding("s", "noop", "Shadowed by the pane", id="app.shadowed"),
        Binding("x", "noop", "Hidden [b]x", id="app.hidden_key", show=False),
        Binding("o", "later", "Not now", id="app.later"),
        Binding("h", "gone", "Gone", id="app.gone"),
        Binding("question_mark", "help", "Help", id="app.help"),
    ]

    def compose(self) -> ComposeResult:
        yield Pane("pane")

    def on_mount(self) -> None:
        self.query_one(Pane).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return {"later": None, "gone": False}.get(action, True)

    def action_noop(self) -> None:
        pass

    def action_help(self) -> None:
        self.push_screen(HelpScreen())


async def test_help_rows_are_the_live_bindings() -> None:
    app = KeysApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.set_keymap({"app.hidden_key": "ctrl+x"})  # the user's keymap wins
        await pilot.pause()
        rows = {r[1]: r for r in binding_rows(app) if r[1]}
        assert rows["feed.down"] == ("Moving and selecting", "feed.down", "j, ↓", "Down")
        assert rows["feed.s"][2] == "s"
        assert "app.shadowed" not in rows  # s works in the pane, not in the app
        assert rows["app.hidden_key"] == ("General", "app.hidden_key", "^x", "Hidden [b]x")
        assert rows["app.later"][2] == "o"
        assert "app.gone" not in rows  # check_action False: the app hides it
        groups = [r[0] for r in binding_rows(app)]
        assert "Screen" not in groups  # Textual's own shift+tab and ctrl+c: not the app's


async def test_help_screen_shows_and_closes() -> None:
    app = KeysApp()
    async with app.run_test(size=(80, 24)) as pilot:
        for close in ("escape", "q", "question_mark"):
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            text = "\n".join(str(w.render()) for w in app.screen.query(Static))
            assert "Hidden [b]x" in text  # literal, not markup
            assert "Not now (not now)" in text
            assert "Gone" not in text
            await pilot.press(close)
            await pilot.pause()
            assert not isinstance(app.screen, HelpScreen)


# ---- snapshots at 80x24 (look at the SVGs before updating them) ---------------------------


def test_snapshot_folder_picker(snap_compare) -> None:
    assert snap_compare(Host(lambda: FolderPicker(FOLDERS, "archive")), terminal_size=(80, 24))


def test_snapshot_tag_picker(snap_compare) -> None:
    app = Host(lambda: TagPicker(TAGS, {12}, can_create=True))
    assert snap_compare(app, terminal_size=(80, 24), press=["j", "space", *"pr"])


def test_snapshot_help(snap_compare) -> None:
    assert snap_compare(KeysApp(), terminal_size=(80, 24), press=["question_mark"])


# ---- wired into the real app (one app start for all four keys) ----------------------------


@pytest.fixture
def busy_sim() -> Iterator[SimServer]:
    """Enough mentions that the inbox surely has unread ones for R."""
    with SimServer(seed=5, mentions_per_alert=6, mark_interval=0.2, epoch=FIXED_EPOCH) as s:
        yield s


async def test_the_app_opens_each_screen_with_its_key(busy_sim: SimServer) -> None:
    sim = busy_sim
    admin, read_only = sim.alert_ids[0], sim.alert_ids[2]
    app = make_app(sim)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot, app)
        # R asks first, and Enter on arrival answers No: nothing is sent.
        sim.state.clear_log()
        await pilot.pause(1.1)  # R acts on what has been on screen for a moment
        await pilot.press("R")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert [r for r in sim.state.request_log if r.method == "PUT"] == []
        await cursor_to_alert(pilot, app, admin)
        # m: the folder picker; 4 is Irrelevant (spam) in the real app data's order.
        row = app.feed.selected_row
        assert row is not None
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, FolderPicker))
        assert "4   Irrelevant" in option_texts(app.screen)
        await pilot.press("4")
        await wait_for(pilot, lambda: sim.state.mention(admin, row.id)["folder"] == "spam")
        # t: the tag picker; space toggles the first tag by name, Enter sends the set.
        await wait_for(pilot, lambda: app.feed.selected_row is not None)
        row = app.feed.selected_row
        assert row is not None and row.alert_id == admin
        first = min(sim.state.tags(admin), key=lambda t: t["name"].casefold())["id"]
        expected = sorted(set(row.tag_ids) ^ {first})
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TagPicker))
        await pilot.press("space", "enter")
        await wait_for(
            pilot,
            lambda: sorted(t["id"] for t in sim.state.mention(admin, row.id)["tags"]) == expected,
        )
        # S on a read-only alert: the list, no form.
        await pilot.press("slash", "ctrl+u", *f"alert:{read_only}", "enter")
        await wait_for(
            pilot,
            lambda: (
                app.feed.selected_row is not None and app.feed.selected_row.alert_id == read_only
            ),
        )
        await pilot.press("S")
        await wait_for(
            pilot, lambda: isinstance(app.screen, SharesScreen) and bool(app.screen.shares)
        )
        assert not app.screen.query("#email")
        assert "read access" in str(app.screen.query_one("#why").render())


async def test_tag_picker_typed_name_and_enter_adds_that_tag() -> None:
    """The fast path: `t`, a tag's name, Enter (issue 20, item 3)."""
    assert await run(lambda: TagPicker(TAGS, set()), *"urg", "enter") == TagPickResult({11})
    assert await run(lambda: TagPicker(TAGS, {12}), *"prod", "enter") == TagPickResult({12, 14})
    # Nothing matches and no tag may be created: Enter applies nothing and says so.
    assert await run(lambda: TagPicker(TAGS, set()), *"zzz", "enter") is NO_RESULT


async def test_tag_picker_hint_says_what_space_does_where_the_focus_is() -> None:
    app = Host(lambda: TagPicker(TAGS, set()))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        hint = app.screen.query_one("#hint", Static)
        assert "Space toggle" in str(hint.render())
        await pilot.press(*"pr")
        await pilot.pause()
        assert "Space" not in str(hint.render())
        assert "Enter add highlighted" in str(hint.render())
