"""Stream events: one JSON object per line, told apart by `type`.

`mark` is the keep-alive, `mention` carries a mention, `warning` a notice (such as the
1000-per-alert history cap). Any other type comes through as `UnknownEvent`, and a line
that cannot be parsed as `InvalidLine`, so a consumer can count it and go on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from triage_tui.api import jsonsafe
from triage_tui.api.models import Mention, id_of, why_unreadable
from triage_tui.api.summary import MentionSummary


@dataclass(frozen=True, slots=True)
class MarkEvent:
    type: str = "mark"


@dataclass(frozen=True, slots=True)
class MentionEvent:
    mention: Mention
    type: str = "mention"


@dataclass(frozen=True, slots=True)
class MentionLineEvent:
    """A mention from the stream's fast path: its summary, and its own JSON text exactly
    as the service sent it (to store; the full `Mention` is parsed from it on demand)."""

    summary: MentionSummary
    raw: str
    type: str = "mention"


@dataclass(frozen=True, slots=True)
class WarningEvent:
    message: str
    type: str = "warning"

    @property
    def history_capped(self) -> bool:
        return "capped" in self.message.lower()


@dataclass(frozen=True, slots=True)
class UnknownEvent:
    type: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class InvalidLine:
    """A line that was skipped: `reason` says why (never the line itself)."""

    reason: str
    size: int
    type: str = "invalid"
    mention_id: str | None = None  # when the line was a mention with a usable id


StreamEvent = (
    MarkEvent | MentionEvent | MentionLineEvent | WarningEvent | UnknownEvent | InvalidLine
)


class _Envelope(BaseModel):
    """One pass of pydantic's JSON parser over the whole line (the fast path)."""

    model_config = ConfigDict(extra="allow")

    type: str
    mention: Mention | None = None
    message: str | None = None


def parse_event(line: bytes | str) -> StreamEvent:
    """Parse one stream line; never raises."""
    size = len(line)
    try:
        envelope = _Envelope.model_validate_json(line)
    except ValidationError as error:
        return _fallback(line, size, error)
    return _event_of(envelope)


def _event_of(envelope: _Envelope) -> StreamEvent:
    if envelope.type == "mention" and envelope.mention is not None:
        return MentionEvent(envelope.mention)
    if envelope.type == "mark":
        return MarkEvent()
    if envelope.type == "warning":
        return WarningEvent(envelope.message or "")
    return UnknownEvent(envelope.type, envelope.model_dump(exclude_none=True))


def _fallback(line: bytes | str, size: int, error: ValidationError) -> StreamEvent:
    # Tell apart "not JSON" from "JSON of an unexpected shape", and keep unknown types.
    # The tolerant reader takes what pydantic's JSON parser refuses outright (containers
    # nested past its limit, numbers out of range, invalid UTF-8), so one poisoned field
    # costs only that field.
    try:
        data = jsonsafe.loads(line)
    except ValueError:
        return InvalidLine("not valid JSON", size)
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        return InvalidLine("not an event object", size)
    if data["type"] not in ("mention", "mark", "warning"):
        return UnknownEvent(data["type"], data)
    try:
        return _event_of(_Envelope.model_validate(data))
    except ValidationError as invalid:
        reason = f"bad {data['type']} event: {why_unreadable(invalid)}"
        return InvalidLine(reason, size, mention_id=id_of(data.get("mention")))


#: The usual shape of a mention line, `{"type": "mention", "mention": {...}}`, with the
#: mention object last: its text is then group 1. Any other shape takes the full path.
_MENTION_LINE = re.compile(
    rb'\A\s*\{\s*"type"\s*:\s*"mention"\s*,\s*"mention"\s*:\s*(\{.*\})\s*\}\s*\Z', re.S
)


def parse_event_fast(line: bytes) -> StreamEvent:
    """`parse_event`, but a mention line of the usual shape becomes a `MentionLineEvent`
    (summary + raw text). Anything the fast path cannot take goes the full way, so the
    result is never less tolerant or less strict than `parse_event`."""
    match = _MENTION_LINE.match(line)
    if match is not None:
        inner = match.group(1)
        try:
            return MentionLineEvent(MentionSummary.model_validate_json(inner), inner.decode())
        except (ValidationError, UnicodeDecodeError):
            pass
    return parse_event(line)
