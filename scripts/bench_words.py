"""Time the `/` filter's bare word (`acme`) under the inbox view at 1,000,000 mentions,
as `python -m triage_tui.bench --only scale` does (best of 3), on the bench's store and
on the same rows with every title made unique (real titles rarely repeat); then the
word as asked for the first time (the feed model keeps the last few words' hits).

    uv run python scripts/bench_words.py [N] [WORD ...]

Reads /tmp/mention-triage-bench/store-N-*.db read-only (build it with the scale bench).
"""

from __future__ import annotations

import dataclasses
import gc
import glob
import resource
import sqlite3
import sys
import time

from triage_tui.bench.scale_store import alert_dicts
from triage_tui.core.convert import unpack_rows
from triage_tui.core.feed_model import FeedModel
from triage_tui.core.query import QueryNames, parse_query
from triage_tui.core.rows import FeedRow
from triage_tui.core.store import NEWEST_FIRST
from triage_tui.ui.views import BUILTIN_VIEWS, combine


def load(n: int) -> list[FeedRow]:
    path = sorted(glob.glob(f"/tmp/mention-triage-bench/store-{n}-*.db"))[0]
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    cursor = db.execute(
        "SELECT id, alert_id, row, NULL FROM mentions INDEXED BY mentions_by_published "
        f"ORDER BY {NEWEST_FIRST}"
    )

    def parts():  # type: ignore[no-untyped-def]
        while part := cursor.fetchmany(10_000):
            yield part

    alerts = {a["id"] for a in alert_dicts()}
    rows = unpack_rows(parts(), alerts, (), lambda *_: None)
    db.close()
    return rows


def model_of(rows: list[FeedRow]) -> FeedModel:
    model = FeedModel(deferred=True)
    model.insert(rows)
    model.show_new()
    return model


def best(work, rounds: int = 3) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times), times[0]


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 1e6


def run(label: str, model: FeedModel, words: list[str]) -> None:
    names = QueryNames(alerts={"bench": 3_000_005})
    inbox = BUILTIN_VIEWS["inbox"].predicate
    for text in words:

        def apply(text: str = text) -> None:
            model.set_view(combine(inbox, parse_query(text, names).matches))

        before = rss_mb()
        fastest, first = best(apply)
        shown = model.visible_count
        print(
            f"{label:>14}  {text!r:>12}  best {fastest * 1000:6.1f} ms"
            f"  first {first * 1000:6.1f} ms"
            f"  rows {shown:>8,}  rss {before:6.0f} -> {rss_mb():6.0f} MB"
        )


def first_time(label: str, model: FeedModel, word: str) -> None:
    """`word` as asked for the first time: the feed model keeps the hits of the last
    KEPT_MASKS words asked, so as many others are applied first (untimed)."""
    from triage_tui.core.columns import KEPT_MASKS

    names = QueryNames(alerts={"bench": 3_000_005})
    inbox = BUILTIN_VIEWS["inbox"].predicate
    took = []
    for _ in range(3):
        for n in range(KEPT_MASKS):
            model.set_view(combine(inbox, parse_query(f"zq{n}", names).matches))
        start = time.perf_counter()
        model.set_view(combine(inbox, parse_query(word, names).matches))
        took.append(time.perf_counter() - start)
    print(f"{label:>14}  {word!r:>12}  first time, best of 3 {min(took) * 1000:6.1f} ms")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    words = sys.argv[2:] or ["acme", "-acme", "zzqx", "is:unread"]
    start = time.perf_counter()
    rows = load(n)
    print(f"loaded {len(rows):,} rows in {time.perf_counter() - start:.1f} s")
    model = model_of(rows)
    gc.collect()
    gc.freeze()
    titles, who = len({r.title for r in rows}), len({r.who for r in rows})
    print(f"distinct titles {titles:,}, who {who:,}")
    run("bench store", model, words)
    first_time("bench store", model, "acme")
    del model
    unique = [dataclasses.replace(r, title=f"{r.title} {i}") for i, r in enumerate(rows)]
    del rows
    gc.collect()
    model = model_of(unique)
    gc.collect()
    gc.freeze()
    run("unique titles", model, words)
    first_time("unique titles", model, "acme")


if __name__ == "__main__":
    main()
