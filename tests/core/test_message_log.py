"""The message log: capped, repeats counted, sanitized, listeners told."""

from __future__ import annotations

from triage_tui.core.message_log import MessageLog, short_title


def test_entries_keep_time_order_and_the_cap_drops_the_oldest() -> None:
    log = MessageLog(cap=3)
    for n in range(5):
        log.add(f"message {n}", at=float(n))
    assert [e.text for e in log.entries()] == ["message 2", "message 3", "message 4"]
    assert [e.text for e in log.newest_first()] == ["message 4", "message 3", "message 2"]
    assert log.dropped == 2 and len(log) == 3


def test_a_message_said_again_in_a_row_is_counted_not_repeated() -> None:
    log = MessageLog()
    log.add("reconnecting", at=1.0, error=True)
    log.add("reconnecting", at=2.0, error=True)
    log.add("live", at=3.0)
    log.add("reconnecting", at=4.0, error=True)
    assert [(e.text, e.repeats, e.at) for e in log.entries()] == [
        ("reconnecting", 2, 2.0),
        ("live", 1, 3.0),
        ("reconnecting", 1, 4.0),
    ]


def test_empty_messages_are_not_recorded_and_network_text_is_sanitized() -> None:
    log = MessageLog()
    assert log.add("", at=1.0) is None
    assert log.add("   ", at=1.0) is None
    entry = log.add("bad\x1b[31m\nthing", at=2.0, mention_id=7, title="A\x07 title\n")
    assert entry is not None
    assert entry.text == "bad␛[31m thing"
    assert entry.title == "A␇ title"
    assert entry.mention_id == 7


def test_listeners_hear_each_entry_until_they_stop() -> None:
    log = MessageLog()
    heard: list[str] = []
    stop = log.listen(lambda e: heard.append(f"{e.text}x{e.repeats}"))
    log.add("one", at=1.0)
    log.add("one", at=2.0)
    stop()
    log.add("two", at=3.0)
    assert heard == ["onex1", "onex2"]
    assert log.latest is not None and log.latest.text == "two"


def test_short_title_is_quoted_and_cut() -> None:
    assert short_title("Acme launches") == "“Acme launches”"
    assert short_title("x" * 100, limit=10) == "“xxxxxxxxx…”"
    assert short_title("") == "“(no title)”"
