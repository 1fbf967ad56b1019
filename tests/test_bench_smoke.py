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
        "ingest",
        "store",
        "memory",
        "curation",
    }
    for figure in results.values():
        assert figure["value"] > 0 and figure["baseline"] > 0


def test_only_the_figures_named_are_run(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    assert main(["--quick", "--only", "load", "store", "--json", str(out)]) == 0
    assert {k.split(":")[0] for k in json.loads(out.read_text())} == {"load", "store"}
