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


def binding_screens() -> list[dict[str, list[Binding]]]:
    """The bindings live together, screen by screen: the main screen (with the app's and
    the feed's), the pager and the message log. A key may mean one thing on each."""
    from triage_tui.ui.bindings import APP_BINDINGS, MESSAGE_LOG_BINDINGS, PAGER_BINDINGS

    return [
        all_binding_groups(),
        {"pager": [*APP_BINDINGS, *PAGER_BINDINGS]},
        {"messages": [*APP_BINDINGS, *MESSAGE_LOG_BINDINGS]},
    ]


def keymap_problems(
    keymap: Mapping[str, str], groups: Mapping[str, list[Binding]] | None = None
) -> list[str]:
    screens = [groups] if groups is not None else binding_screens()
    known = {b.id for each in screens for bindings in each.values() for b in bindings if b.id}
    problems = [f"keymap: no binding has the id '{i}'" for i in keymap if i not in known]
    for each in screens:
        # The feed is focused, so its keys shadow the app's: check both in one pool.
        owner: dict[str, str] = {}
        for bindings in each.values():
            for binding_id, keys in effective_keys(bindings, keymap).items():
                for key in keys:
                    other = owner.get(key)
                    if other and other != binding_id and (binding_id in keymap or other in keymap):
                        problems.append(
                            f"keymap: '{key}' is bound to both {other} and {binding_id}"
                        )
                    owner.setdefault(key, binding_id)
    return list(dict.fromkeys(problems))  # a clash of shared keys is said once
