"""`uv run python -m triage_tui.bench [--quick] [--only NAME ...] [--json FILE]`: the figures.

Every figure is a ratio against a baseline measured in the same run, so it holds on a
noisy shared machine. Nothing here asserts: the test suite only runs `--quick` so the
script never rots.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from triage_tui.bench import figures


def _table(results: dict[str, dict[str, float | str]]) -> str:
    lines = [f"{'measure':<44} {'value':>14} {'baseline':>14} {'ratio':>9}  target"]
    for name, r in results.items():
        lines.append(
            f"{name:<44} {r['value']:>14.4g} {r['baseline']:>14.4g} {r['ratio']:>9.3g}  "
            f"{r.get('target', '')}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m triage_tui.bench")
    parser.add_argument("--quick", action="store_true", help="tiny sizes (a smoke run)")
    parser.add_argument("--json", type=Path, default=Path("bench-results.json"))
    parser.add_argument(
        "--only",
        nargs="+",
        choices=figures.NAMES,
        default=(),
        metavar="NAME",
        help=f"run only these figures: {', '.join(figures.NAMES)}",
    )
    args = parser.parse_args(argv)
    results = asyncio.run(figures.run_all(quick=args.quick, only=args.only))
    print(_table(results))
    args.json.write_text(json.dumps(results, indent=2))
    print(f"\nwritten to {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
