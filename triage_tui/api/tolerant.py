"""What the models share to read the service tolerantly: unknown fields kept, empty
objects that arrive as [] or null, and lists whose odd entries are left out."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

TOLERANT = ConfigDict(extra="allow", populate_by_name=True)


def empty_to_dict(value: Any) -> Any:
    return {} if value is None or value == [] else value


def keep_valid(model: type[BaseModel], items: list[Any]) -> list[Any]:
    """The entries of a vocabulary that read; one odd entry never costs the rest."""
    kept = []
    for item in items:
        try:
            kept.append(model.model_validate(item))
        except ValidationError:
            continue
    return kept
