"""The config's value checks, shared by its parts: a bad value is an `Invalid` saying
where it is (`alerts.1`) and what is wrong, never the value itself (it may be a token)."""

from __future__ import annotations

from typing import Any


class Invalid(Exception):
    """A bad value: where it is (`alerts.1`) and what is wrong, never the value itself."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.problem = problem


def whole_number(value: Any, where: str) -> int:
    if isinstance(value, bool):
        raise Invalid(where, "must be a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    raise Invalid(where, "must be a whole number")


def text_table(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise Invalid(where, "must be a table of strings")
    for key, item in value.items():
        if not isinstance(item, str):
            raise Invalid(f"{where}.{key}", "must be a string")
    return dict(value)
