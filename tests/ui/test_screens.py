"""The modal screens on their own: a tiny host App pushes each one, Pilot drives it.

The shares screen runs against the real simulator over loopback; assertions are on what
the simulator holds afterwards, as well as on the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.screen import Screen
from textual.widgets import Button, OptionList

from triage_tui.api.models import Folder, Tag
from triage_tui.ui.screens.confirm import ConfirmScreen
from triage_tui.ui.screens.folder_picker import FolderPicker
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


async def test_confirm_enter_on_arrival_answers_no() -> None:
    assert await run(lambda: ConfirmScreen("Delete everything?"), "enter") is False


async def test_confirm_keys() -> None:
    assert await run(lambda: ConfirmScreen("Sure?"), "y") is True
    assert await run(lambda: ConfirmScreen("Sure?"), "n") is False
    assert await run(lambda: ConfirmScreen("Sure?"), "escape") is False


async def test_confirm_enter_activates_the_focused_button() -> None:
    # Focus starts on No; shift+tab moves it to Yes, and Enter presses that.
    assert await run(lambda: ConfirmScreen("Sure?"), "shift+tab", "enter") is True


async def test_confirm_texts_are_literal_not_markup() -> None:
    app = Host(lambda: ConfirmScreen("[/] [bold]x", detail="[red]d[/]", yes="[b]Go"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert str(screen.query_one("#question").render()) == "[/] [bold]x"
        assert str(screen.query_one("#detail").render()) == "[red]d[/]"
        assert str(screen.query_one("#yes", Button).label) == "[b]Go (y)"
        assert screen.focused is screen.query_one("#no")


# ---- folder picker ----------------------------------------------------------------------


async def test_folder_picker_lists_visible_folders_and_marks_the_current() -> None:
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


async def test_folder_picker_number_key_picks() -> None:
    assert await run(lambda: FolderPicker(FOLDERS, "inbox"), "3") == "spam"


async def test_folder_picker_j_k_enter() -> None:
    assert await run(lambda: FolderPicker(FOLDERS, "inbox"), "j", "j", "j", "k", "enter") == (
        "spam"
    )


async def test_folder_picker_escape_and_out_of_range_digit() -> None:
    assert await run(lambda: FolderPicker(FOLDERS, "inbox"), "escape") is None
    # 5 is past the four visible folders (the hidden one is not counted): nothing happens.
    assert await run(lambda: FolderPicker(FOLDERS, "inbox"), "5") is NO_RESULT


# ---- tag picker -------------------------------------------------------------------------


async def test_tag_picker_shows_boxes_literally_and_sorted() -> None:
    app = Host(lambda: TagPicker(TAGS, {12}))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert option_texts(app.screen) == [
            "[ ] [/] bold?",
            "[x] press",
            "[ ] product",
            "[ ] urgent",
        ]


async def test_tag_picker_toggles_and_returns_the_full_set() -> None:
    # Sorted: "[/] bold?"(13), press(12), product(14), urgent(11); 12 is applied.
    result = await run(lambda: TagPicker(TAGS, {12}), "space", "j", "space", "j", "space", "enter")
    assert result == TagPickResult({13, 14}, None)


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
        await pilot.press(*"brand-new")
        assert option_texts(app.screen) == []
    result = await run(lambda: TagPicker(TAGS, {11}, can_create=True), *"brand-new", "enter")
    assert result == TagPickResult({11}, "brand-new")


async def test_tag_picker_escape_cancels() -> None:
    assert await run(lambda: TagPicker(TAGS, {11}), "space", "escape") is None
