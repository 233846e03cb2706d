"""events.jsonl: the contract's fields on every line, and reading lines back."""

from __future__ import annotations

import json

from simulator.engine import simulate
from simulator.events import event_dict, event_from_dict, event_json
from simulator.library import resolve_scenario
from simulator.loader import load_scenario

CONTRACT = {
    "inject": {"id", "do"},
    "service": {"service", "from", "to", "cause"},
    "knows": {"org", "service", "state", "how"},
    "message": {"from", "to", "channel", "about", "status"},
    "task": {"task", "by", "status"},
    "action": {"by", "do", "status"},
    "note": {"text"},
}


def test_every_event_of_a_builtin_drill_has_the_contract_fields_and_reads_back() -> None:
    scenario = load_scenario(resolve_scenario("long-power-outage")).scenario
    events = simulate(scenario)
    seen = set()
    for event in events:
        obj = json.loads(event_json(event))
        assert isinstance(obj["t"], float)
        required = CONTRACT.get(obj["type"], set())
        assert required <= set(obj), (obj, required - set(obj))
        if obj["type"] == "inject":
            assert "target" in obj or "to" in obj
        if obj["type"] == "message" and obj["status"] == "failed":
            assert obj["channel"] is None
        if obj["type"] == "action":
            assert obj["status"] in ("started", "done")
            assert "fields" not in obj
        assert event_dict(event_from_dict(obj)) == obj
        seen.add(obj["type"])
    assert {"inject", "service", "knows", "message", "task", "action"} <= seen


def test_action_fields_are_top_level_keys() -> None:
    line = {"t": 5.0, "type": "action", "by": "city", "do": "notify", "status": "started",
            "rule": "tell", "to": ["county"], "via": ["phone"]}
    event = event_from_dict(line)
    assert event.fields == {"to": ["county"], "via": ["phone"]}
    assert json.loads(event_json(event)) == line
