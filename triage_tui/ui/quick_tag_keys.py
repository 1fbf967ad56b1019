"""The config's `[quick_tags]` keys as bindings of the main screen: each key adds or
removes its tag (`CurationActions.quick_tag`), and shows the tag's name in the footer and
help. A key some action already has, after the user's keymap, or a saved view's, is left
to it and said: a quick tag never takes a key from a command.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.binding import Binding, BindingsMap

from triage_tui.core.config_rules import QuickTags
from triage_tui.core.sanitize import one_line
from triage_tui.ui.bindings import SAVED_VIEW_KEYS


def bind_quick_tag_keys(
    quick_tags: QuickTags, bindings: BindingsMap, keymap: Mapping[str, str]
) -> tuple[list[str], list[str]]:
    """Each free `[quick_tags]` key bound to `quick_tag(index)` in `bindings`: returns the
    keys bound, by action index, and one line for each key left to another action."""
    from triage_tui.ui.keymap import all_binding_groups, effective_keys

    taken: dict[str, str] = {}
    for group in all_binding_groups().values():
        for binding_id, keys in effective_keys(group, keymap).items():
            for key in keys:
                taken.setdefault(key, binding_id)
    taken.update(dict.fromkeys(SAVED_VIEW_KEYS, "a saved view"))
    bound: list[str] = []
    problems = []
    for key in quick_tags.all_keys():
        if key in taken:
            problems.append(f"quick_tags: '{key}' is {taken[key]}'s key; not bound to a tag")
            continue
        description = "/".join("#" + one_line(n) for n in quick_tags.names(key))
        index = len(bound)
        bound.append(key)
        bindings.key_to_bindings.setdefault(key, []).append(
            Binding(
                key,
                f"quick_tag({index})",
                description[:24],
                tooltip=f"Add or remove the tag {description}",
                id=f"curate.quick_tag.{key}",
            )
        )
    return bound, problems
