"""Keys typed right behind a key that opens a modal are the modal's (issue 20: a key acts
only on what the user sees).

A modal opened from a worker is up only some turns of the event loop after its key, and
keys already typed (fast, or arriving together over SSH) would meanwhile reach the screen
under it as commands: `t u r g` would undo, mark read and jump before the tag picker saw
"urg". `TypedAhead` holds them from the key that opens the modal, and hands them to the
modal once it is up, or back to the app, in order, if none opens. One of them, owned by
the main screen, serves every screen whose keys open its modals (the main screen, the
pager): their `on_key` asks it first.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from textual.events import Key
from textual.screen import Screen

T = TypeVar("T")

#: The actions whose key opens a modal that is up some turns of the loop later (pushed
#: from a worker; S's screen, mounted only then): keys typed right behind one are held
#: for the modal, at most HOLD_AT_MOST seconds.
MODAL_ACTIONS = frozenset(
    {"tags", "move", "assign_task", "complete_task", "mark_seen_read", "goto_alert", "shares"}
)
HOLD_AT_MOST = 2.0

HeldKeys = list[tuple[str, str | None]]


class TypedAhead:
    """The keys held while a modal is being opened, and where they go once it is."""

    def __init__(self, owner: Screen[Any]) -> None:
        self.owner = owner  # runs the flows and the timer: it stays mounted under modals
        self._held: HeldKeys | None = None  # None: not holding
        self._flows = 0  # modal flows running

    def on_key(self, event: Key) -> bool:
        """A key reaching the screen (before the bindings run): True when it is held for
        a modal being opened. A key that opens one starts the holding (the keys queued
        behind it are already on their way)."""
        if self._held is not None:
            self._held.append((event.key, event.character))
            event.prevent_default()
            event.stop()
            return True
        active = self.owner.app.active_bindings.get(event.key)
        if active is not None and active.enabled and active.binding.action in MODAL_ACTIONS:
            self._held = []
            self.owner.set_timer(HOLD_AT_MOST, self._unless_flow)  # its action may not run
        return False

    def run(self, flow: Callable[[], Awaitable[None]], *, group: str) -> None:
        """Run a key's flow that opens a modal from a worker (a picker, a question); the
        keys are held from now until the modal is up, or the flow ends without one."""
        if self._held is None:  # else held since its key was seen (on_key)
            self._held = []

        async def run() -> None:
            self._flows += 1
            try:
                await flow()
            finally:
                self._flows -= 1
                self.hand_back()

        self.owner.run_worker(run(), group=group)

    async def push_screen_wait(self, screen: Screen[T]) -> T:
        """Push `screen` (from a flow) and wait for its answer; the held keys are its."""
        answer: asyncio.Future[T] = asyncio.get_running_loop().create_future()

        def answered(result: T | None) -> None:
            if not answer.done():
                answer.set_result(result)  # type: ignore[arg-type]

        await self.owner.app.push_screen(screen, callback=answered)
        self.hand_back(screen)
        return await answer

    async def push_screen(self, screen: Screen[Any]) -> None:
        """Push `screen` (from a flow) without waiting for its answer. It is the app's
        screen at once, but the keys already queued were sent to the screen under it;
        they are held until it is mounted, then handed to it."""
        await self.owner.app.push_screen(screen)
        self.hand_back(screen)

    def _unless_flow(self) -> None:
        """The key that started holding did not start its flow (refused, remapped):
        the keys go back to the app."""
        if not self._flows:
            self.hand_back()

    def hand_back(self, modal: Screen[Any] | None = None) -> None:
        """The held keys to the modal now up (a picker takes them in order itself:
        posted again, a priority key such as its Enter would run before the letters
        typed ahead of it), or to the app as keys (to the modal's focus, if one is up)."""
        held, self._held = self._held, None
        if not held:
            return
        type_ahead = getattr(modal, "type_ahead", None)
        if callable(type_ahead):
            type_ahead(held)
            return
        for key, character in held:
            self.owner.app.post_message(Key(key, character))
