"""The source documents' examples, made valid JSON the way the seeds README says."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"

_CHILD = {"id": "527849934", "alert_id": 112233, "source_type": "twitter", "children": None}


def seed_json(name: str) -> Any:
    """Fill the `{ ... mention ... }` placeholders and drop trailing commas."""
    text = (FIXTURES / name).read_text()
    text = text.replace("{ ... mention ... }", json.dumps(_CHILD))
    text = re.sub(r",(\s*[\]}])", r"\1", text)
    return json.loads(text)
