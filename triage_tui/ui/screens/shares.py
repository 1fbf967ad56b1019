"""Who an alert is shared with: list for everyone, add / change / revoke for admins.

`SharesScreen(session, alert_id, alert_name, level)` is a ModalScreen[None]. Its requests
go through the Session (`get_shares`, `add_share`, ...), so they wait for the same
rate-limit gate as every other request.
Emails are checked before anything is sent; a refusal from the service shows inline under
the form, and the form keeps what was typed. Revoking asks first (default No), and warns
harder before the last admin goes. Read and write users see the list only, with the
reason; the keys that would change shares are hidden for them.
Keys typed right behind S are held until the screen is up and handed to it in order
(`type_ahead`): those after `a` fill the email field.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from functools import wraps
from typing import TYPE_CHECKING, Concatenate, ParamSpec

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Footer, Input, Select, Static

from triage_tui.api.errors import BadRequestError, MentionError, PermissionDeniedError
from triage_tui.api.shares import Share, SharePermission
from triage_tui.api.timestamps import datetime_ns
from triage_tui.core.sanitize import one_line
from triage_tui.core.share_rules import LAST_ADMIN_WARNING, is_last_admin
from triage_tui.ui.timefmt import day, system_clock
from triage_tui.ui.typed_ahead import HeldKeys
from triage_tui.ui.widgets.ordered_input import OrderedInput

if TYPE_CHECKING:
    from triage_tui.core.session import Session

P = ParamSpec("P")

EMAIL = re.compile(r"^[^@\s\"<>]+@[^@\s\"<>]+\.[^@\s\"<>]{2,}$")
LEVEL_LABEL = {
    SharePermission.READ: "read  (view)",
    SharePermission.WRITE: "write (curate)",
    SharePermission.ADMIN: "admin (manage)",
}


def email_problem(email: str) -> str | None:
    if not email:
        return "An email is required"
    if len(email) > 254 or not EMAIL.match(email):
        return f"“{one_line(email)}” is not a valid email address"
    return None


def _while_open(
    method: Callable[Concatenate[SharesScreen, P], Awaitable[None]],
) -> Callable[Concatenate[SharesScreen, P], Awaitable[None]]:
    """An answer for a screen that was closed meanwhile is dropped.

    Closing cancels the screen's workers only once its widgets are gone, so an answer
    landing in between finds no table to fill. The service has done what was asked;
    there is nothing left to show it on.
    """

    @wraps(method)
    async def guarded(self: SharesScreen, *args: P.args, **kwargs: P.kwargs) -> None:
        try:
            await method(self, *args, **kwargs)
        except NoMatches:
            if self.is_open:
                raise  # the screen is there and its widget is not: a real bug

    return guarded


class SharesScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    SharesScreen { align: center middle; }
    SharesScreen > Vertical {
        width: 96; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    SharesScreen DataTable { height: auto; max-height: 12; }
    SharesScreen #why { color: $text-muted; }
    SharesScreen #form { height: auto; margin-top: 1; }
    SharesScreen #form Input { width: 1fr; }
    SharesScreen #form Select { width: 22; }
    SharesScreen .error { color: $text-error; text-style: bold; }
    SharesScreen #form-error { height: auto; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close", id="shares.close"),
        Binding("a", "focus_add", "Add", id="shares.add"),
        Binding("d,delete", "revoke", "Revoke", id="shares.revoke"),
        Binding("1", "set(1)", "→read", id="shares.set_read"),
        Binding("2", "set(2)", "→write", id="shares.set_write"),
        Binding("3", "set(3)", "→admin", id="shares.set_admin"),
        Binding("j", "cursor(1)", "Down", id="shares.down", show=False),
        Binding("k", "cursor(-1)", "Up", id="shares.up", show=False),
    ]

    def __init__(
        self,
        session: Session,
        alert_id: int,
        alert_name: str,
        level: SharePermission | None,
    ) -> None:
        super().__init__()
        self.session = session
        self.alert_id = alert_id
        self.alert_name = one_line(alert_name)
        self.level = level
        self.shares: list[Share] = []

    @property
    def is_open(self) -> bool:
        """On the app's screen stack (dismissing takes it off before its widgets go)."""
        return self.is_attached and self in self.app.screen_stack

    @property
    def is_admin(self) -> bool:
        # An unknown role: the service decides, and says so if it refuses.
        return self.level is None or self.level.can_manage

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content.styled(f"Shares of “{self.alert_name}”", "bold"))
            yield DataTable(id="table", cursor_type="row", zebra_stripes=True)
            yield Static(Content("Loading…"), id="status")
            if self.is_admin:
                with Horizontal(id="form"):
                    yield OrderedInput(placeholder="email to share with", id="email")
                    yield Select(
                        [(LEVEL_LABEL[p], p.value) for p in SharePermission],
                        value=SharePermission.READ.value,
                        allow_blank=False,
                        id="permission",
                    )
                    yield Button("Add", id="add", variant="primary")
                yield Static(Content(""), id="form-error", classes="error")
                yield Static(
                    Content("Enter in the email field adds · Tab moves between list and form"),
                    id="why",
                )
            else:
                yield Static(
                    Content(
                        f"You have {self.level.value if self.level else 'no'} access: "
                        "only admins can change shares."
                    ),
                    id="why",
                )
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Changing shares is for admins: hidden (not just greyed) for everyone else.
        return self.is_admin or action not in {"focus_add", "revoke", "set"}

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Email", "Permission", "Since")
        table.focus()
        self.load()

    @work(exclusive=True, group="shares-load")
    @_while_open
    async def load(self) -> None:
        try:
            shares = await self.session.shares.get_shares(self.alert_id)
        except MentionError as error:
            self._status(f"Could not load shares: {one_line(str(error))}", error=True)
            return
        self.shares = shares
        self._fill()

    def _fill(self, cursor_on: str | None = None) -> None:
        """Redraw the rows; the cursor stays on its row, or goes to share `cursor_on`."""
        table = self.query_one(DataTable)
        row = table.cursor_row
        if cursor_on is not None:
            row = next((i for i, s in enumerate(self.shares) if s.id == cursor_on), row)
        table.clear()
        now = getattr(self.app, "clock", system_clock)()
        for share in self.shares:
            table.add_row(
                Text(one_line(share.email)),  # Text: cells would parse markup from a str
                Text(
                    (LEVEL_LABEL.get(share.permission) if share.permission else None)
                    or one_line(share.level_text)
                ),
                Text(day(datetime_ns(share.created_at), now) if share.created_at else "—"),
                key=share.id,
            )
        if self.shares:
            table.move_cursor(row=min(max(row, 0), len(self.shares) - 1), animate=False)
        admins = sum(1 for s in self.shares if s.permission is SharePermission.ADMIN)
        self._status(f"{len(self.shares)} shares · {admins} admin" + ("s" if admins != 1 else ""))

    def _status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(Content(("✗ " if error else "") + text))
        status.set_class(error, "error")

    def _form_error(self, text: str) -> None:
        if self.is_admin:
            self.query_one("#form-error", Static).update(Content(("✗ " + text) if text else ""))

    def _selected(self) -> Share | None:
        table = self.query_one(DataTable)
        if not self.shares or table.cursor_row is None:
            return None
        index = table.cursor_row
        return self.shares[index] if 0 <= index < len(self.shares) else None

    def type_ahead(self, keys: HeldKeys) -> None:
        """Keys typed right behind S, held until the screen was up, in order. Handed over
        as keys, all would reach the list before the one that opens the form (`a`) moved
        the focus; so the keys after it are the email field's, as the field takes them."""
        bound = self._bindings.key_to_bindings.items()
        form = {key for key, bs in bound if any(b.action == "focus_add" for b in bs)}
        for n, (key, character) in enumerate(keys):
            if key in form and self.is_admin:
                self._type_into_form(keys[n + 1 :])
                return
            self.app.post_message(Key(key, character))

    def _type_into_form(self, keys: HeldKeys) -> None:
        """Letters and backspace edit the email, Enter adds, Escape closes; from any other
        key on, the keys go to the field as keys (it has the focus by then)."""
        field_ = self.query_one("#email", Input)
        field_.focus()
        for n, (key, character) in enumerate(keys):
            if key == "enter":
                self._add_pressed()
            elif key == "escape":
                self.action_close()
                return
            elif key == "backspace":
                field_.action_delete_left()
            elif character and character.isprintable():
                field_.insert_text_at_cursor(character)
            else:
                for rest in keys[n:]:
                    self.app.post_message(Key(*rest))
                return

    # ---- add ----------------------------------------------------------------------------

    def action_focus_add(self) -> None:
        if self.is_admin:
            self.query_one("#email", Input).focus()

    @on(Input.Submitted, "#email")
    @on(Button.Pressed, "#add")
    def _add_pressed(self) -> None:
        email = self.query_one("#email", Input).value.strip()
        problem = email_problem(email)
        if problem:
            self._form_error(problem)  # nothing sent; the text stays for fixing
            return
        permission = SharePermission(str(self.query_one("#permission", Select).value))
        self._form_error("")
        self.add_share(email, permission)

    # Writes are not exclusive: cancelling one in flight could hide a change the service
    # has already made.
    @work(group="shares-write")
    @_while_open
    async def add_share(self, email: str, permission: SharePermission) -> None:
        try:
            share = await self.session.shares.add_share(self.alert_id, email, permission)
        except MentionError as error:
            self._form_error(_refusal(error))
            return
        self.shares.append(share)
        self.query_one("#email", Input).value = ""
        self._fill(cursor_on=share.id)
        self.query_one(DataTable).focus()  # ready to change or revoke the new share
        self._status(f"Shared with {one_line(email)} ({permission.value})")

    # ---- change and revoke ----------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        """j / k move in the list (in the email field they are letters: the field
        takes them first)."""
        table = self.query_one(DataTable)
        table.move_cursor(row=max(0, table.cursor_row + step), animate=False)

    def action_set(self, choice: int) -> None:
        share = self._selected()
        if not self.is_admin or share is None:
            return
        permission = list(SharePermission)[choice - 1]
        if permission is share.permission:
            self._status(f"{one_line(share.email)} already has {permission.value}")
            return
        self.ask_to_set(share, permission)

    @work(group="shares-write")
    @_while_open
    async def ask_to_set(self, share: Share, permission: SharePermission) -> None:
        from triage_tui.ui.screens.confirm import ConfirmScreen

        # Asked first, naming the person: a digit must not change whoever the cursor is on.
        detail = f"{one_line(share.email)} will have {LEVEL_LABEL[permission]} access."
        if permission is not SharePermission.ADMIN and is_last_admin(share, self.shares):
            detail = LAST_ADMIN_WARNING
        question = (
            f"Change {one_line(share.email)} from {one_line(share.level_text)} to "
            f"{permission.value} on “{self.alert_name}”?"
        )
        if await self.app.push_screen_wait(
            ConfirmScreen(question, detail=detail, yes="Change", no="Keep")
        ):
            self.set_permission(share, permission)

    @work(group="shares-write")
    @_while_open
    async def set_permission(self, share: Share, permission: SharePermission) -> None:
        try:
            updated = await self.session.shares.update_share(self.alert_id, share.id, permission)
        except MentionError as error:
            self._status(_refusal(error), error=True)
            return
        self.shares = [updated if s.id == share.id else s for s in self.shares]
        self._fill()
        self._status(f"{one_line(share.email)} now has {permission.value}")

    def action_revoke(self) -> None:
        share = self._selected()
        if self.is_admin and share is not None:
            self.revoke(share)

    @work(group="shares-write")
    @_while_open
    async def revoke(self, share: Share) -> None:
        from triage_tui.ui.screens.confirm import ConfirmScreen

        detail = "They lose access to this alert."
        if is_last_admin(share, self.shares):
            detail = LAST_ADMIN_WARNING
        question = f"Revoke {one_line(share.email)}'s access to “{self.alert_name}”?"
        if not await self.app.push_screen_wait(
            ConfirmScreen(question, detail=detail, yes="Revoke", no="Keep")
        ):
            return
        try:
            await self.session.shares.delete_share(self.alert_id, share.id)
        except MentionError as error:
            self._status(_refusal(error), error=True)
            return
        self.shares = [s for s in self.shares if s.id != share.id]
        self._fill()
        self._status(f"Revoked {one_line(share.email)}")

    def action_close(self) -> None:
        self.dismiss(None)


def _refusal(error: MentionError) -> str:
    if isinstance(error, BadRequestError) and error.fields:
        return one_line("; ".join(" ".join(v) for v in error.fields.values()))
    if isinstance(error, PermissionDeniedError):
        return one_line(f"The service refused: {error.message}")
    return one_line(str(error))
