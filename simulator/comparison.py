"""Two runs or drills of one scenario side by side: figures, decisions, first divergence.

Works on what the runs wrote (journal entries, ``events.jsonl`` lines, ``score.json``), so a
comparison never re-simulates and the same two folders always compare the same way.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

FIGURES: tuple[tuple[str, ...], ...] = (
    ("information_flow", "score"),
    ("information_flow", "relevant"),
    ("information_flow", "known"),
    ("information_flow", "median_delay"),
    ("information_flow", "p90_delay"),
    ("coordination", "score"),
    ("impact", "vulnerable_hours"),
)
"""The score figures compared (dotted paths into ``score.json``)."""


@dataclass(frozen=True)
class RunRecord:
    """What one run left behind, already read from its folder."""

    label: str
    scenario: str
    inputs: tuple[dict[str, Any], ...]
    """Journal entries after the header, as written."""
    event_lines: tuple[str, ...]
    score: dict[str, Any]


def compare_runs(a: RunRecord, b: RunRecord) -> dict[str, Any]:
    """The comparison as a JSON-ready dict (the ``--format json`` output)."""
    return {
        "scenario": a.scenario,
        "a": a.label,
        "b": b.label,
        "objectives": _objectives(a.score, b.score),
        "figures": {".".join(path): [_get(a.score, path), _get(b.score, path)]
                    for path in FIGURES},
        "population_hours": [_population_hours(a.score), _population_hours(b.score)],
        "decisions": _decisions(a.inputs, b.inputs),
        "first_divergence": first_divergence(a.event_lines, b.event_lines),
    }


def first_divergence(a: tuple[str, ...], b: tuple[str, ...]) -> dict[str, Any] | None:
    """The first line where two event logs differ (1-based), with its time; None if equal."""
    for number, (line_a, line_b) in enumerate(zip(a, b, strict=False), start=1):
        if line_a != line_b:
            times = [t for t in (_time(line_a), _time(line_b)) if t is not None]
            return {"line": number, "t": min(times) if times else None,
                    "a": line_a, "b": line_b}
    if len(a) == len(b):
        return None
    longer = a if len(a) > len(b) else b
    number = min(len(a), len(b)) + 1
    extra = longer[number - 1]
    return {"line": number, "t": _time(extra),
            "a": extra if longer is a else None, "b": extra if longer is b else None}


def _decisions(a: tuple[dict[str, Any], ...], b: tuple[dict[str, Any], ...]) -> dict[str, Any]:
    """Inputs only one run had; those that differ only in time are listed as moved."""
    key = _canonical
    only_a = Counter(key(i) for i in a) - Counter(key(i) for i in b)
    only_b = Counter(key(i) for i in b) - Counter(key(i) for i in a)
    left = [i for i in a if _take(only_a, key(i))]
    right = [i for i in b if _take(only_b, key(i))]
    moved = []
    for item in list(left):
        twin = next((r for r in right if _untimed(r) == _untimed(item)), None)
        if twin is not None:
            moved.append({"a_t": item.get("t"), "b_t": twin.get("t"), "input": _untimed(item)})
            left.remove(item)
            right.remove(twin)
    return {"only_a": left, "only_b": right, "moved": moved}


def _objectives(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for oid in sorted(set(a.get("objectives", {})) | set(b.get("objectives", {}))):
        pair = [_objective(a, oid), _objective(b, oid)]
        out[oid] = {"a": pair[0], "b": pair[1], "same": pair[0] == pair[1]}
    return out


def _objective(score: dict[str, Any], oid: str) -> dict[str, Any] | None:
    found = score.get("objectives", {}).get(oid)
    if found is None:
        return None
    return {key: found.get(key) for key in ("met", "at", "rating")}


def _population_hours(score: dict[str, Any]) -> float:
    values = score.get("impact", {}).get("population_hours", {}).values()
    return round(sum(float(v) for v in values), 1)


def _get(score: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = score
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def _time(line: str) -> float | None:
    try:
        value = json.loads(line).get("t")
    except (ValueError, AttributeError):
        return None
    return float(value) if isinstance(value, (int, float)) else None


def _canonical(item: dict[str, Any]) -> str:
    return json.dumps(item, sort_keys=True, ensure_ascii=False)


def _untimed(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k != "t"}


def _take(counter: Counter[str], key: str) -> bool:
    if counter[key] > 0:
        counter[key] -= 1
        return True
    return False
