"""A simulator in its own process for the ingest figure: the real service does not share
the app's interpreter (or its GIL), so the benchmark's server should not either.

    python -m triage_tui.bench.sim_child PER_ALERT ALERTS LINES_FILE

Prints one JSON line (token, URLs, alert ids) once serving; writes the mentions' JSON
lines to LINES_FILE for the bare-parse baseline; serves until killed.
"""

from __future__ import annotations

import json
import sys
import time

from triage_tui.sim import SimServer


def main() -> int:
    per_alert, alerts, lines_file = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    with SimServer(seed=1, mentions_per_alert=per_alert, alert_count=alerts) as sim:
        lines = [json.dumps(m) for a in sim.alert_ids for m in sim.state.mentions(a)]
        with open(lines_file, "w", encoding="utf-8") as out:
            json.dump(lines, out)
        info = {
            "token": sim.token,
            "api_url": sim.api_url,
            "stream_url": sim.stream_url,
            "alert_ids": sim.alert_ids,
        }
        print(json.dumps(info), flush=True)
        while True:
            time.sleep(3600)


if __name__ == "__main__":
    sys.exit(main())
