"""Triage rules on arrivals, through a Session on the simulator: what the service ends
up holding, what was said, and undo kept apart from the user's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.integration.conftest import Recorder, open_session, until
from triage_tui.core.config_rules import Rule
from triage_tui.core.events import Connection, MentionsArrived, Notice, SessionEvent
from triage_tui.core.rules import untouched
from triage_tui.core.session import Session
from triage_tui.core.store import Store
from triage_tui.sim import SimServer

#: A fresh mention as rules see it untouched: unread, inbox, no tag, not favorite.
FRESH: dict[str, Any] = {
    "read": False,
    "favorite": False,
    "folder": "inbox",
    "tags": [],
    "tone": 0,
    "permissions": {"favorite": True, "change_folder": True, "edit": True},
}


@pytest.fixture
def sim() -> Iterator[SimServer]:
    with SimServer(seed=11, mentions_per_alert=10, mark_interval=0.2) as server:
        yield server


def _tag(sim: SimServer, alert_id: int, n: int = 0) -> tuple[int, str]:
    tag = sim.state.tags(alert_id)[n]
    return int(tag["id"]), str(tag["name"])


def _held(sim: SimServer, alert_id: int, mention_id: int) -> dict[str, Any]:
    mention = sim.state.mention(alert_id, mention_id)
    assert mention is not None
    return mention


def _tag_ids(sim: SimServer, alert_id: int, mention_id: int) -> list[int]:
    return [int(t["id"]) for t in _held(sim, alert_id, mention_id).get("tags") or []]


def _notices(recorder: Recorder) -> list[str]:
    return [e.text for e in recorder.events if isinstance(e, Notice)]


async def _live(sim: SimServer, session: Session) -> None:
    await until(lambda: sim.state.open_streams == 1)
    await until(lambda: session.connection is Connection.LIVE)


async def _arrive(sim: SimServer, session: Session, alert_id: int, **fields: Any) -> int:
    mention_id = int(sim.state.add_mention(alert_id, **{**FRESH, **fields})["id"])
    await until(lambda: session.row(mention_id) is not None)
    return mention_id


class Snapshots(Recorder):
    """Also what each row handed over looked like at that moment (its tags)."""

    def __init__(self) -> None:
        super().__init__()
        self.handed: dict[int, tuple[int, ...]] = {}

    def __call__(self, event: SessionEvent) -> None:
        super().__call__(event)
        if isinstance(event, MentionsArrived):
            self.handed.update((r.id, r.tag_ids) for r in event.rows)


async def test_a_rule_on_arrival_tags_a_live_mention_on_the_service(sim: SimServer) -> None:
    recorder = Snapshots()
    admin = sim.alert_ids[0]
    tag_id, tag = _tag(sim, admin)
    session, client = await open_session(sim, Store(), recorder)
    session.use_rules(
        [
            Rule(query="zebra", name="Zebras", tag=tag, on_arrival=True),
            Rule(query="zebra", read=True),  # without on_arrival: does nothing here
        ]
    )
    await _live(sim, session)
    a = await _arrive(sim, session, admin, title="Zebra sighting one")
    b = await _arrive(sim, session, admin, title="Zebra sighting two")
    other = await _arrive(sim, session, admin, title="Nothing to see")
    await until(lambda: {a, b, other} <= set(recorder.handed))
    # Handed to the screen already changed: nothing changes under the user's cursor.
    assert recorder.handed[a] == (tag_id,) and recorder.handed[b] == (tag_id,)
    assert recorder.handed[other] == ()
    await until(lambda: session.store.outbox_count() == 0)
    assert _tag_ids(sim, admin, a) == [tag_id] and _tag_ids(sim, admin, b) == [tag_id]
    assert _held(sim, admin, a)["read"] is False  # the rule without on_arrival: nothing
    assert _tag_ids(sim, admin, other) == []
    said = [t for t in _notices(recorder) if t.startswith("Rule")]
    assert len(said) == 2
    assert said[0] == f"Rule ‹Zebras› tagged {tag} 1 mention (“Zebra sighting one”)"
    # The user's undo stack is untouched: `u` has nothing of the rules' to undo.
    assert session.undo() is None
    await session.stop()
    await client.aclose()


async def test_a_curated_mention_is_left_alone(sim: SimServer) -> None:
    recorder = Recorder()
    admin = sim.alert_ids[0]
    tag_id, tag = _tag(sim, admin)
    store = Store()
    # Curated here before it arrives: in an undo step a run before this one left.
    curated = 900_000_001
    store.journal_push("undo", [[curated, {"tone": 0}, {"tone": 1}]])
    session, client = await open_session(sim, store, recorder)
    session.use_rules([Rule(query="zebra", tag=tag, on_arrival=True)])
    await _live(sim, session)
    await _arrive(sim, session, admin, id=str(curated), title="Zebra curated")
    fresh = await _arrive(sim, session, admin, title="Zebra fresh")
    await until(lambda: session.store.outbox_count() == 0)
    assert _tag_ids(sim, admin, curated) == [] and session.row(curated).tag_ids == ()  # type: ignore[union-attr]
    assert _tag_ids(sim, admin, fresh) == [tag_id]
    # Curated in this session (a key), though its state still looks untouched.
    session.use_rules([Rule(query="is:unread", tag=tag, on_arrival=True)])
    keyed, other = [
        r for r in session.rows() if untouched(r) and r.alert_id == admin and r.id != curated
    ][:2]
    session.curate([keyed.id], {"tone": 1})
    assert session.arrival_rules.arrived([session.row(keyed.id)]) is None  # type: ignore[list-item]
    done = session.arrival_rules.arrived([other])
    assert done is not None and done.changed == (other.id,)
    await until(lambda: session.store.outbox_count() == 0)
    assert _tag_ids(sim, admin, keyed.id) == [] and _tag_ids(sim, admin, other.id) == [tag_id]
    await session.stop()
    await client.aclose()


async def test_rules_never_loop_pause_works_and_undo_puts_the_service_back(
    sim: SimServer,
) -> None:
    recorder = Recorder()
    admin = sim.alert_ids[0]
    first_id, first = _tag(sim, admin, 0)
    second_id, second = _tag(sim, admin, 1)
    session, client = await open_session(sim, Store(), recorder)
    # The first rule's tag would match the second rule's query: tested on the mention as
    # it came, the second never sees it.
    session.use_rules(
        [
            Rule(query="zebra", tag=first, on_arrival=True),
            Rule(query=f'tag:"{first}"', tag=second, on_arrival=True),
        ]
    )
    await _live(sim, session)
    a = await _arrive(sim, session, admin, title="Zebra crossing")
    await until(lambda: session.store.outbox_count() == 0)
    assert _tag_ids(sim, admin, a) == [first_id]
    assert second_id not in session.row(a).tag_ids  # type: ignore[union-attr]

    session.pause_rules(True)
    b = await _arrive(sim, session, admin, title="Zebra paused")
    await until(lambda: session.store.outbox_count() == 0)
    assert _tag_ids(sim, admin, b) == [] and session.row(b).tag_ids == ()  # type: ignore[union-attr]
    session.pause_rules(False)

    # The user acts meanwhile; then the rule's change is undone on request, and the
    # user's `u` still undoes the user's own action, not the rule's.
    user = next(r.id for r in session.rows() if r.alert_id == admin and r.id not in (a, b))
    session.curate([user], {"tone": 1})
    undone = session.undo_rules()
    assert undone is not None and undone.changed == (a,)
    await until(lambda: session.store.outbox_count() == 0)
    assert _tag_ids(sim, admin, a) == []
    assert session.undo_rules() is None  # nothing more of the rules'
    # `u` now undoes the rule undo (the user's last own action), then the user's tone.
    assert session.undo().changed == (a,)  # type: ignore[union-attr]
    assert session.undo().changed == (user,)  # type: ignore[union-attr]
    await until(lambda: session.store.outbox_count() == 0)
    assert _tag_ids(sim, admin, a) == [first_id]
    await session.stop()
    await client.aclose()


async def test_undo_of_a_rule_change_keeps_what_the_user_changed_since(sim: SimServer) -> None:
    recorder = Recorder()
    admin = sim.alert_ids[0]
    first_id, first = _tag(sim, admin, 0)
    mine, _ = _tag(sim, admin, 2)
    session, client = await open_session(sim, Store(), recorder)
    session.use_rules([Rule(query="zebra", tag=first, read=True, on_arrival=True)])
    await _live(sim, session)
    a = await _arrive(sim, session, admin, title="Zebra herd")
    await until(lambda: session.store.outbox_count() == 0)
    assert _held(sim, admin, a)["read"] is True and _tag_ids(sim, admin, a) == [first_id]
    session.curate([a], {"tags": [first_id, mine], "read": False})  # the user's own
    assert session.undo_rules() is not None
    await until(lambda: session.store.outbox_count() == 0)
    # Only the rule's tag comes off; read stays as the user set it.
    assert _tag_ids(sim, admin, a) == [mine] and _held(sim, admin, a)["read"] is False
    await session.stop()
    await client.aclose()


async def test_a_rule_naming_a_tag_the_account_lacks_is_said_and_off(sim: SimServer) -> None:
    recorder = Recorder()
    session, client = await open_session(sim, Store(), recorder)
    session.use_rules(
        [
            Rule(query="zebra", tag="no-such-tag-anywhere", on_arrival=True),
            Rule(query="zebra", read=True, on_arrival=True),
        ]
    )
    assert [c.number for c in session.arrival_rules.rules] == [2]  # the other one still acts
    assert "rules.1.tag: no alert has a tag named 'no-such-tag-anywhere'" in _notices(recorder)[-1]
    session.use_rules([Rule(query='alert:"Nope"', read=True, on_arrival=True)])
    assert not session.arrival_rules.active
    assert _notices(recorder)[-1].startswith("rules on arrivals are off: rules.1.query")
    await session.stop()
    await client.aclose()


async def test_what_a_rule_could_not_do_is_said_once(sim: SimServer) -> None:
    """A rule on arrivals meets a read-only alert: the refusal is said (once per rule
    and reason, saying so), and nothing is sent for it."""
    recorder = Recorder()
    session, client = await open_session(sim, Store(), recorder)
    read_only = next(a for a in sim.alert_ids if session.alerts[a].permission == "read")
    admin = sim.alert_ids[0]
    session.use_rules([Rule(query="zebra", name="Zebras read", read=True, on_arrival=True)])
    await _live(sim, session)
    first = await _arrive(sim, session, read_only, title="Zebra one")
    second = await _arrive(sim, session, read_only, title="Zebra two")
    mine = await _arrive(sim, session, admin, title="Zebra three")
    await until(lambda: _held(sim, admin, mine)["read"] is True)
    assert _held(sim, read_only, first)["read"] is False
    assert _held(sim, read_only, second)["read"] is False
    refused = [t for t in _notices(recorder) if "could not change" in t]
    assert len(refused) == 1, refused
    assert refused[0].startswith("Rule ‹Zebras read› could not change 1 mention: ")
    assert refused[0].endswith("(not said again this session)")
    assert any(t.startswith("Rule ‹Zebras read› marked read 1 mention") for t in _notices(recorder))
    await session.stop()
    await client.aclose()
