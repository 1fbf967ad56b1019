"""The `[quick_tags]` keys as bindings: a free key is bound to its tag, a key an action
(or a saved view) has is left to it and said."""

from __future__ import annotations

from textual.binding import BindingsMap

from triage_tui.core.config_rules import QuickTags
from triage_tui.ui.quick_tag_keys import bind_quick_tag_keys


def test_free_keys_are_bound_and_taken_ones_are_said() -> None:
    bindings = BindingsMap()
    quick = QuickTags({"x": "urgent", "j": "press", "w": "follow-up"})
    bound, problems = bind_quick_tag_keys(quick, bindings, {})
    assert bound == ["x", "w"]
    assert problems == ["quick_tags: 'j' is feed.down's key; not bound to a tag"]
    (x,) = bindings.key_to_bindings["x"]
    assert (x.action, x.description, x.id) == ("quick_tag(0)", "#urgent", "curate.quick_tag.x")
    assert bindings.key_to_bindings["w"][0].action == "quick_tag(1)"
    assert "j" not in bindings.key_to_bindings


def test_the_users_keymap_decides_what_is_taken() -> None:
    """`j` moved off the feed's down key by the keymap is free for a quick tag."""
    bindings = BindingsMap()
    bound, problems = bind_quick_tag_keys(
        QuickTags({"j": "press"}), bindings, {"feed.down": "down"}
    )
    assert bound == ["j"] and problems == []
