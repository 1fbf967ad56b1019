"""The `mention_triage` loggers (stdlib `logging`): silent unless the CLI adds a file.

A NullHandler on the top logger keeps Python's last-resort handler from printing a
warning to the terminal (under a full-screen app) when no log file is set up.
"""

from __future__ import annotations

import logging
from typing import Any

ROOT = "mention_triage"

logging.getLogger(ROOT).addHandler(logging.NullHandler())


def get_logger(part: str) -> logging.Logger:
    """`mention_triage.<part>`: a child of the logger the log file is attached to."""
    return logging.getLogger(f"{ROOT}.{part}")


def unreadable(error: Any) -> str:
    """A pydantic ValidationError as "fails the model at a.b (type), ..." with no input
    values: those are the network's text, and a log holds none of it."""
    try:
        problems = error.errors(include_input=False, include_url=False)
    except (AttributeError, TypeError):
        return f"unreadable ({type(error).__name__})"
    where = [
        f"{'.'.join(str(part) for part in p.get('loc', ())) or 'the whole'} ({p.get('type')})"
        for p in problems[:3]
    ]
    more = f" and {len(problems) - 3} more" if len(problems) > 3 else ""
    return f"fails the model at {', '.join(where)}{more}"
