"""Process start to first frame of `--demo`, against a one-label Textual app."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

from triage_tui.bench.result import Result, result


def startup(rounds: int = 5) -> dict[str, Result]:
    """Process start to first frame, best of `rounds`; the two apps alternate so a busy
    spell on the machine hits both.

    Measured twice. Warm: with compiled bytecode cached, as on any machine after the
    first run (the cache goes to a temporary directory, never into the project). Cold:
    every module compiled from source, as on the first run after an install, or always
    where PYTHONDONTWRITEBYTECODE is set (it is on these CI machines).
    """
    # The user's own config must not change the figure: an empty config directory.
    base = {k: v for k, v in os.environ.items() if not k.startswith("MENTION_")}
    base.pop("PYTHONDONTWRITEBYTECODE", None)
    base["XDG_CONFIG_HOME"] = tempfile.mkdtemp()
    warm = base | {"PYTHONPYCACHEPREFIX": tempfile.mkdtemp(prefix="bench-pyc-")}
    cold = base | {
        "PYTHONPYCACHEPREFIX": tempfile.mkdtemp(prefix="bench-nopyc-"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }

    def once(which: str, env: dict[str, str]) -> float:
        start = time.time()  # wall clock: the child reports its first frame the same way
        done = subprocess.run(
            [sys.executable, "-m", "triage_tui.bench.first_frame", which],
            check=True,
            capture_output=True,
            env=env,
            text=True,
        )
        return float(done.stdout.split()[0]) - start

    def best_of(env: dict[str, str]) -> dict[str, float]:
        best = {"demo": float("inf"), "minimal": float("inf")}
        for _ in range(rounds):
            for which in best:
                best[which] = min(best[which], once(which, env))
        return best

    for which in ("demo", "minimal"):
        once(which, warm)  # fills the bytecode cache
    hot, first = best_of(warm), best_of(cold)
    return {
        "startup: --demo to first frame vs one-label app (s)": result(
            hot["demo"], hot["minimal"], "≤ 1.3"
        ),
        "startup, no bytecode cache: the same (s)": result(first["demo"], first["minimal"]),
    }
