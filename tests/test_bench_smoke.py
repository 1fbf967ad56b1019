"""The benchmark command runs end to end at tiny sizes (no timing is asserted)."""

from __future__ import annotations

import json
from pathlib import Path

from triage_tui.bench.__main__ import main


def test_bench_quick_writes_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    assert main(["--quick", "--json", str(out)]) == 0
    results = json.loads(out.read_text())
    assert {k.split(":")[0] for k in results} == {
        "nav",
        "load",
        "change",
        "ingest",
        "store",
        "memory",
        "curation",
        "scale",
    }
    for figure in results.values():
        assert figure["value"] > 0 and figure["baseline"] > 0


def test_only_the_figures_named_are_run(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    assert main(["--quick", "--only", "load", "store", "--json", str(out)]) == 0
    assert {k.split(":")[0] for k in json.loads(out.read_text())} == {"load", "store"}


def test_the_demo_draws_its_first_frame_before_loading_pydantic_or_httpx(tmp_path) -> None:
    """The start-up figure rests on this: the models and the network stack load after
    the first frame. (A detail-pane helper importing the models cost 0.1 s once.)"""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("MENTION_")}
    env["XDG_CONFIG_HOME"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "triage_tui.bench.first_frame", "demo"],
        check=True,
        capture_output=True,
        env=env,
        text=True,
        timeout=60,
    )
    assert done.stdout.split()[1] == "-"  # the heavy modules already loaded: none
