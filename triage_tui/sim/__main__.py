"""`python -m triage_tui.sim [--port N]`: serve the demo account until Ctrl+C."""

from __future__ import annotations

import argparse
import time

from triage_tui.sim.server import DEMO_HISTORY, SimServer


def run_sim(port: int = 8765, seed: int = 7, rate: float = 0.2) -> int:
    with SimServer(seed=seed, port=port, new_mention_rate=rate, history=DEMO_HISTORY) as sim:
        print(f"Mention API simulator\n  api:    {sim.api_url}\n  stream: {sim.stream_url}")
        print(f"  token:  {sim.token}  (a demo token, not a secret)\nCtrl+C stops it.")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m triage_tui.sim", description=__doc__)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rate", type=float, default=0.2, help="new mentions per second")
    args = parser.parse_args(argv)
    return run_sim(args.port, args.seed, args.rate)


if __name__ == "__main__":
    raise SystemExit(main())
