"""A figure: a value, the baseline measured beside it in the same run, and their ratio."""

from __future__ import annotations

Result = dict[str, float | str]


def result(value: float, baseline: float, target: str = "") -> Result:
    return {
        "value": value,
        "baseline": baseline,
        "ratio": value / baseline if baseline else float("inf"),
        "target": target,
    }
