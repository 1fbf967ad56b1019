"""Checks on the user's `[keymap]`: unknown binding ids and keys bound twice.

Textual applies the keymap (`App.set_keymap`) and the user's keys replace the defaults;
what it does not do is tell the user when two actions now share a key in the same place,
or when an id is misspelt. Both are reported once at start.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.binding import Binding


def _keys(spec: str) -> list[str]:
    return [k.strip() for k in spec.split(",") if k.strip()]


def all_binding_groups() -> dict[str, list[Binding]]:
    """Every place that defines bindings that are live together on the main screen."""
    from triage_tui.ui.bindings import APP_BINDINGS, SCREEN_BINDINGS
    from triage_tui.ui.widgets.feed import MentionFeed

    # The App's keys and the main screen's are live together (one group): a key bound in
    # both would reach only the screen's.
    return {
        "app": [*APP_BINDINGS, *SCREEN_BINDINGS],
        "feed": [b for b in MentionFeed.BINDINGS if isinstance(b, Binding)],
    }


def effective_keys(bindings: Iterable[Binding], keymap: Mapping[str, str]) -> dict[str, list[str]]:
    """binding id -> the keys it answers to once the keymap is applied."""
    result: dict[str, list[str]] = {}
    for binding in bindings:
        if binding.id is None:
            continue
        spec = keymap.get(binding.id, binding.key)
        result.setdefault(binding.id, []).extend(_keys(spec))
    return result


def keymap_problems(
    keymap: Mapping[str, str], groups: Mapping[str, list[Binding]] | None = None
) -> list[str]:
    groups = groups if groups is not None else all_binding_groups()
    known = {b.id for bindings in groups.values() for b in bindings if b.id}
    problems = [f"keymap: no binding has the id '{i}'" for i in keymap if i not in known]
    # The feed is focused, so its keys shadow the app's: check both in one pool.
    owner: dict[str, str] = {}
    for bindings in groups.values():
        for binding_id, keys in effective_keys(bindings, keymap).items():
            for key in keys:
                other = owner.get(key)
                if other and other != binding_id and (binding_id in keymap or other in keymap):
                    problems.append(f"keymap: '{key}' is bound to both {other} and {binding_id}")
                owner.setdefault(key, binding_id)
    return problems
