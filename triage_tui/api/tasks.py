"""A mention's tasks: a teammate asked to read, share or react to it (`POST
.../mentions/{id}/tasks` with `assigned_to_account_id`, `type`, `comment`, `done`).

Tolerant like the other models: unknown fields are kept, ids arrive as numbers or
strings, the assignee may come as an id or as an `assigned_to` account object.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, field_validator, model_validator

from triage_tui.api.timestamps import MaybeTimestamp
from triage_tui.api.tolerant import TOLERANT, keep_valid


class Task(BaseModel):
    model_config = TOLERANT

    id: str
    type: str = ""
    comment: str = ""
    done: bool = False
    assigned_to_account_id: str | None = None
    created_at: MaybeTimestamp = None
    updated_at: MaybeTimestamp = None

    @model_validator(mode="before")
    @classmethod
    def _assignee(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("assigned_to_account_id") is None:
            other = data.get("assigned_to")
            if isinstance(other, dict) and other.get("id") is not None:
                data = {**data, "assigned_to_account_id": other["id"]}
        return data

    @field_validator("id", "assigned_to_account_id", mode="before")
    @classmethod
    def _id_str(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("type", "comment", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        return "" if value is None else value if isinstance(value, str) else str(value)

    @field_validator("done", mode="before")
    @classmethod
    def _done(cls, value: Any) -> Any:
        return bool(value) if value in (0, 1, None) else value


def read_tasks(items: list[Any]) -> list[Task]:
    """The tasks of a mention that read; one odd entry never costs the others."""
    return keep_valid(Task, items)


class CreateTaskRequest(BaseModel):
    assigned_to_account_id: str
    type: str
    comment: str = ""
    done: bool = False


class UpdateTaskRequest(BaseModel):
    done: bool = True
