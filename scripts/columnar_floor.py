"""What a columnar feed model would hold at 1,000,000 rows (docs/ARCHITECTURE.md, "A
million mentions", the next step): resident memory and time to read it from the feed
snapshot, against the row objects the model holds today, each in a fresh process.

    uv run python scripts/columnar_floor.py [DATABASE]

DATABASE: a state database with a feed snapshot (default: the scale bench's 1,000,000
store under /tmp/mention-triage-bench, built by `python -m triage_tui.bench --only scale`).
It is only read. Variants:
  rows      today's FeedRow objects and id map (decode, then a dict by id)
  columns   ids and both dates as arrays, flags and the coded fields as bytes/arrays,
            the titles as one str per row, an id -> position dict
  joined    the same with the titles kept as each part's joined text (a row's title cut
            out when drawn) and no id map (ids looked up by bisection in a sorted copy)
"""

from __future__ import annotations

import array
import subprocess
import sys
import time
from pathlib import Path


def _rss_mb() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _measure(variant: str, path: str) -> None:
    import gc

    from triage_tui.core.convert import FIELD_SEPARATOR
    from triage_tui.core.feed_snapshot import SnapshotRead, decode

    gc.disable()
    read = SnapshotRead(path)
    if not read.usable:
        raise SystemExit(f"no feed snapshot in {path}")
    base = _rss_mb()
    start = time.perf_counter()
    held: list[object] = []
    if variant == "rows":
        shared: dict[object, object] = {}
        rows = [r for part in read.parts() for r in decode(part, shared)]
        held += [rows, {r.id: r for r in rows}]
        count = len(rows)
    else:
        ids, published, found = array.array("q"), array.array("q"), array.array("q")
        flags, codes = bytearray(), array.array("I")
        titles: list[object] = []
        count = 0
        for part in read.parts():
            ids.frombytes(part.ids)
            published.frombytes(part.published)
            found.frombytes(part.found)
            flags += part.flags
            codes.frombytes(part.codes)  # kept as the part's codes (its values beside)
            joined = part.titles
            titles.append(joined if variant == "joined" else joined.split(FIELD_SEPARATOR))
            count += part.count
        held += [ids, published, found, flags, codes, titles]
        if variant == "columns":
            held.append(dict(zip(ids, range(len(ids)), strict=True)))
        else:
            held.append(array.array("q", sorted(ids)))
    took = time.perf_counter() - start
    read.close()
    print(
        f"{variant:8} {count:>9,} rows  {_rss_mb() - base:7.1f} MB over the imports "
        f"({(_rss_mb() - base) * 1024 * 1024 / max(count, 1):5.0f} bytes a row)  {took:5.2f} s"
    )


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] in ("rows", "columns", "joined"):
        _measure(argv[0], argv[1])
        return 0
    if argv:
        path = argv[0]
    else:
        found = sorted(Path("/tmp/mention-triage-bench").glob("store-1000000-*.db"))
        if not found:
            print("no 1,000,000 store: run `python -m triage_tui.bench --only scale` first")
            return 1
        path = str(found[-1])
    for variant in ("rows", "columns", "joined"):
        subprocess.run([sys.executable, __file__, variant, path], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
