"""Resident memory per mention held, against the size of its JSON (in a fresh process)."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import tempfile

from triage_tui.api.models import Mention
from triage_tui.bench.result import Result, result
from triage_tui.core.convert import to_row
from triage_tui.core.rows import FeedRow


def memory(n: int) -> dict[str, Result]:
    """In a fresh process: RSS growth per mention held, against their JSON size."""
    code = (
        f"import sys; from triage_tui.bench.memory import _memory_child; print(_memory_child({n}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    per_mention, json_size = float(out[0]), float(out[1])
    return {
        f"memory: bytes per mention at {n:,} vs JSON bytes": result(per_mention, json_size, "≤ 2")
    }


def _rss() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _memory_child(n: int) -> str:
    from triage_tui.core.store import Store
    from triage_tui.sim.data import ALERTS, MentionFactory

    factory = MentionFactory(1, count=n)
    raw = [json.dumps(factory.make(ALERTS[i % 3])) for i in range(n)]
    json_bytes = sum(len(r.encode()) for r in raw) / n
    gc.collect()
    with tempfile.TemporaryDirectory() as d:
        store = Store(os.path.join(d, "m.db"))
        before = _rss()
        rows: dict[int, FeedRow] = {}
        batch = []
        for line in raw:
            mention = Mention.model_validate_json(line)
            row = to_row(mention)
            rows[row.id] = row
            batch.append((row.id, row.alert_id, line))
            if len(batch) == 1000:
                store.put_mentions(batch)
                batch = []
        store.put_mentions(batch)
        feed_rows = sorted(rows.values(), key=lambda r: r.published_ns, reverse=True)
        del raw
        gc.collect()
        grown = _rss() - before
        assert feed_rows
        store.close()
    return f"{grown / n} {json_bytes}"
