"""Switching profile from the palette: the app exits, and the launcher starts a new app
in the same process on the other profile's account, its own state database, nothing
waiting lost. Two simulators, two accounts, two tokens; the real launcher, headless."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from triage_tui.core.config import load_config
from triage_tui.core.permissions import Action
from triage_tui.core.store import Store
from triage_tui.sim import SimServer
from triage_tui.ui.app import TriageApp
from triage_tui.ui.launch import run_app
from triage_tui.ui.messages import SessionReady
from triage_tui.ui.screens.main import MainScreen

TOKEN_A = "tok-AAAA-switch-never-shown"
TOKEN_B = "tok-BBBB-switch-never-shown"
OTHER = {"id": "67890_other", "name": "Other Brand", "email": "o@other.example"}


@pytest.fixture
def two_sims() -> Iterator[tuple[SimServer, SimServer]]:
    first = SimServer(seed=11, mentions_per_alert=8, mark_interval=0.2, token=TOKEN_A)
    second = SimServer(
        seed=12, mentions_per_alert=8, mark_interval=0.2, token=TOKEN_B, alert_count=2
    )
    second.state.account = dict(OTHER)
    with first, second:
        yield first, second


@pytest.fixture
def config_path(
    two_sims: tuple[SimServer, SimServer], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    for name in list(os.environ):
        if name.startswith("MENTION_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("MENTION_TRIAGE_STATE_DIR", str(tmp_path / "state"))
    a, b = two_sims
    path = tmp_path / "config.toml"
    path.write_text(  # neither names its account: the profiles' own state files then
        f'token = "{a.token}"\napi_url = "{a.api_url}"\nstream_url = "{a.stream_url}"\n'
        f'[profiles.other]\ntoken = "{b.token}"\n'
        f'api_url = "{b.api_url}"\nstream_url = "{b.stream_url}"\n'
    )
    os.chmod(path, 0o600)
    return path


class Switcher(TriageApp):
    """Headless. The first app marks a mention read, then runs the palette's "Switch
    profile: other" command; the app after it records where it is and quits."""

    opened: ClassVar[list[dict[str, Any]]] = []
    #: Called with the first session just before its action (a test breaks the service).
    before_action: ClassVar[Callable[[], None] | None] = None

    def run(self, **kwargs: Any) -> Any:
        return super().run(headless=True, size=(100, 30))

    def on_session_ready(self, message: SessionReady) -> None:
        self.run_worker(self._then())

    async def _then(self) -> None:
        session = self.session
        assert session is not None
        record: dict[str, Any] = {"account": session.account_id, "store": self.store.path}
        type(self).opened.append(record)
        if len(type(self).opened) > 1:
            self.exit()
            return
        deadline = time.monotonic() + 30
        while not session.rows() and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        row = next(
            r for r in session.rows() if not r.read and session.why_not(Action.READ, r.id) is None
        )
        record["marked"] = (row.alert_id, row.id)
        if type(self).before_action is not None:
            type(self).before_action()
        session.curate([row.id], {"read": True})
        record["pending"] = session.pending
        titles = {c.title: c for c in self.get_system_commands(self.screen)}
        record["titles"] = sorted(t for t in titles if t.startswith("Switch profile"))
        titles["Switch profile: other"].callback()


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    Switcher.opened.clear()
    yield
    Switcher.before_action = None


def test_the_switch_starts_the_other_profile_and_sends_what_waits(
    two_sims: tuple[SimServer, SimServer], config_path: Path, tmp_path: Path
) -> None:
    first, _ = two_sims
    config = load_config(config_path, os.environ)
    assert config.profiles == ("default", "other")
    assert run_app(config, app_class=Switcher) == 0
    before, after = Switcher.opened
    assert before["account"] == first.account_id and after["account"] == OTHER["id"]
    assert before["titles"] == ["Switch profile: other"]  # not the profile it is on
    state = tmp_path / "state"
    assert before["store"] == str(state / "state-default.db")
    assert after["store"] == str(state / "state-@other.db")  # never the first's state
    # The action made just before switching was sent before the app left, not lost.
    assert before["pending"] == 1
    alert_id, mention_id = before["marked"]
    held = {int(m["id"]): m for m in first.state.mentions(alert_id)}
    assert held[mention_id]["read"] is True
    store = Store(before["store"])
    try:
        assert store.outbox_count() == 0
    finally:
        store.close()
    for path in state.iterdir():
        data = path.read_bytes()
        assert TOKEN_A.encode() not in data and TOKEN_B.encode() not in data


def test_what_cannot_be_sent_stays_in_the_outbox(
    two_sims: tuple[SimServer, SimServer],
    config_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first service refuses the token once the session is open: the switch waits,
    asks, and the action is still in the first profile's outbox on disk afterwards."""
    first, _ = two_sims
    monkeypatch.setattr("triage_tui.ui.profiles.FLUSH_WAIT", 0.3)
    asked: list[str] = []

    async def yes(self: MainScreen, question: str, detail: str = "") -> bool:
        asked.append(question)
        return True

    monkeypatch.setattr(MainScreen, "confirm", yes)

    def rotate() -> None:
        first.state.token = "rotated"  # every request of this profile now refused (401)

    Switcher.before_action = staticmethod(rotate)  # type: ignore[assignment]
    assert run_app(load_config(config_path, os.environ), app_class=Switcher) == 0
    before, after = Switcher.opened
    assert after["account"] == OTHER["id"]
    assert asked == ["Switch to other with 1 action not sent yet?"]
    alert_id, mention_id = before["marked"]
    assert {int(m["id"]): m for m in first.state.mentions(alert_id)}[mention_id]["read"] is False
    store = Store(before["store"])
    try:
        assert [m for m, _ in store.outbox_all()] == [mention_id]  # kept, to send later
    finally:
        store.close()
