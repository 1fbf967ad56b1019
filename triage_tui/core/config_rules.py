"""The config's triage rules (`[[rules]]`) and quick-tag keys (`[quick_tags]`): what they
hold and how the file's tables are checked. Applied by core/rules.py (rules) and
ui/curation.py (quick tags)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from triage_tui.core.config_values import Invalid, whole_number

#: A rule's `tone`, by the names the filter language takes (core/query.py's TONES).
RULE_TONES = {"positive": 1, "pos": 1, "neutral": 0, "neu": 0, "negative": -1, "neg": -1}
#: A rule's `folder`, by the app's names ("irrelevant" is the spam folder).
RULE_FOLDERS = {
    "inbox": "inbox",
    "archive": "archive",
    "spam": "spam",
    "irrelevant": "spam",
    "trash": "trash",
}
RULE_ACTIONS = ("tag", "tone", "folder", "read", "favorite")
#: A quick-tag key: one character, or a key's name as Textual spells it ("f5", "ctrl+t").
_QUICK_KEY = re.compile(r"[^\s,]|[a-z0-9_]+(\+[a-z0-9_]+)*")
RULE_KEYS = ("name", "query", "alert", *RULE_ACTIONS, "on_arrival")


@dataclass(frozen=True, slots=True)
class Rule:
    """A triage rule from the config's `[[rules]]`: the mentions its filter `query` (the
    `/` language) matches, on `alert` (an id or a name; None: every alert), get what it
    sets. Checked when the file is read; applied by core/rules.py."""

    query: str
    name: str = ""
    alert: int | str | None = None
    tag: str | None = None  # a tag name of the mention's alert, added to its tags
    tone: int | None = None  # -1, 0, 1
    folder: str | None = None  # inbox, archive, spam, trash (the service's names)
    read: bool | None = None
    favorite: bool | None = None
    #: Also acts on live arrivals in the app (core/arrival_rules.py); else only when run
    #: by `mention-triage rules apply`.
    on_arrival: bool = False

    @property
    def label(self) -> str:
        """How the rule is named in messages: its name, else its query."""
        return self.name or self.query


@dataclass(frozen=True, slots=True)
class QuickTags:
    """The config's `[quick_tags]`: one key adds a tag, by its name, to the mention under
    the cursor (or the selection); pressed again on a mention that has it, removes it.
    `keys`: key -> tag name, for every alert; `by_alert`: an alert's own table (the alert
    by id or name), whose keys win for that alert's mentions."""

    keys: dict[str, str] = field(default_factory=dict)
    by_alert: dict[int | str, dict[str, str]] = field(default_factory=dict)

    def all_keys(self) -> list[str]:
        """Every key, in the file's order (the top level's first)."""
        keys = dict.fromkeys(self.keys)
        for table in self.by_alert.values():
            keys.update(dict.fromkeys(table))
        return list(keys)

    def tag_for(self, key: str, alert_id: int, alert_name: str = "") -> str | None:
        """The tag name `key` stands for on this alert's mentions (None: nothing)."""
        name = alert_name.casefold()
        for alert, table in self.by_alert.items():
            ours = alert == alert_id or (isinstance(alert, str) and alert.casefold() == name)
            if ours and key in table:
                return table[key]
        return self.keys.get(key)

    def names(self, key: str) -> list[str]:
        """Every tag name the key stands for, on any alert (for the footer and help)."""
        names = [self.keys[key]] if key in self.keys else []
        names += [t[key] for t in self.by_alert.values() if key in t and t[key] not in names]
        return names


def _rule(value: Any, where: str) -> Rule:
    """One `[[rules]]` table, every key checked (unknown keys included)."""
    from triage_tui.core.query import QueryError, parse_query  # light: no pydantic

    if not isinstance(value, dict):
        raise Invalid(where, "must be a table ([[rules]])")
    for key in value:
        if key not in RULE_KEYS:
            raise Invalid(f"{where}.{key}", "unknown key (use " + ", ".join(RULE_KEYS) + ")")
    query = value.get("query")
    if not isinstance(query, str) or not query.strip():
        raise Invalid(f"{where}.query", "missing: a filter query, as typed after /")
    try:
        parse_query(query)  # the syntax; tag and alert names are checked against the service
    except QueryError as error:
        raise Invalid(f"{where}.query", str(error)) from None
    if not any(key in value for key in RULE_ACTIONS):
        raise Invalid(where, "does nothing: set one of " + ", ".join(RULE_ACTIONS))
    checked: dict[str, Any] = {"query": query}
    for key in ("name", "tag"):
        if key in value:
            if not isinstance(value[key], str) or not value[key].strip():
                raise Invalid(f"{where}.{key}", "must be a non-empty string")
            checked[key] = value[key].strip()
    if "alert" in value:
        alert = value["alert"]
        if isinstance(alert, str) and alert.strip() and not alert.strip().isdigit():
            checked["alert"] = alert.strip()  # a name, looked up when the rules run
        elif isinstance(alert, int | str) and not isinstance(alert, bool) and str(alert).strip():
            checked["alert"] = whole_number(alert, f"{where}.alert")
        else:
            raise Invalid(f"{where}.alert", "must be an alert id or name")
    if "tone" in value:
        if not isinstance(value["tone"], str) or value["tone"].lower() not in RULE_TONES:
            raise Invalid(f"{where}.tone", "must be one of positive, neutral, negative")
        checked["tone"] = RULE_TONES[value["tone"].lower()]
    if "folder" in value:
        if not isinstance(value["folder"], str) or value["folder"].lower() not in RULE_FOLDERS:
            raise Invalid(f"{where}.folder", "must be one of " + ", ".join(RULE_FOLDERS))
        checked["folder"] = RULE_FOLDERS[value["folder"].lower()]
    for key in ("read", "favorite", "on_arrival"):
        if key in value:
            if not isinstance(value[key], bool):
                raise Invalid(f"{where}.{key}", "must be true or false")
            checked[key] = value[key]
    if checked.get("favorite") is True and checked.get("read") is False:
        raise Invalid(where, "favorite = true marks it read on the service: drop read = false")
    return Rule(**checked)


def parse_rules(value: Any) -> list[Rule]:
    if not isinstance(value, list):
        raise Invalid("rules", "must be a list of tables ([[rules]])")
    # Numbered from 1, as the rules are counted in `mention-triage rules` output.
    return [_rule(item, f"rules.{i}") for i, item in enumerate(value, 1)]


def _quick_keys(value: Any, where: str) -> dict[str, str]:
    """One table of key = tag name."""
    table: dict[str, str] = {}
    for key, name in value.items():
        if not _QUICK_KEY.fullmatch(key):
            raise Invalid(f"{where}.{key}", "not a key: one character, or a name like f5")
        if not isinstance(name, str) or not name.strip():
            raise Invalid(f"{where}.{key}", "must be a tag name")
        table[key] = name.strip()
    return table


def parse_quick_tags(value: Any) -> QuickTags:
    """`[quick_tags]`: key = tag name for every alert, and `[quick_tags."ALERT"]` tables
    (an alert id or name) for one alert's own."""
    if isinstance(value, QuickTags):
        return value  # a `with_changes` copy of a loaded config
    if not isinstance(value, dict):
        raise Invalid("quick_tags", "must be a table of key = tag name")
    keys = _quick_keys({k: v for k, v in value.items() if not isinstance(v, dict)}, "quick_tags")
    by_alert: dict[int | str, dict[str, str]] = {}
    for alert, table in value.items():
        if isinstance(table, dict):
            where = f"quick_tags.{alert}"
            by_alert[int(alert) if alert.isdigit() else alert] = _quick_keys(table, where)
    return QuickTags(keys, by_alert)


def checked_rules(value: Any) -> bool:
    """Already checked (a `with_changes` copy of a loaded config)."""
    return isinstance(value, list) and all(isinstance(item, Rule) for item in value)
