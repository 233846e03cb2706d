"""quick_init: records built straight into their slots stay frozen dataclasses."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pytest

from simulator.events import ActionEvent, EndEvent, InjectFired, Knows, event_json
from simulator.pictures import Fact
from simulator.records import quick_init


def test_a_record_keeps_positional_keyword_and_default_arguments() -> None:
    fired = InjectFired(12.5, "cut", "fail", target="grid")
    assert (fired.t, fired.id, fired.do, fired.target, fired.to, fired.text) == (
        12.5, "cut", "fail", "grid", None, None)
    assert fired == InjectFired(t=12.5, id="cut", do="fail", target="grid")
    assert EndEvent(3.0).t == 3.0


def test_a_record_is_still_frozen_hashable_and_replaceable() -> None:
    knows = Knows(5.0, "city", "water", "down", "detected", 0.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        knows.org = "county"  # type: ignore[misc]
    assert hash(knows) == hash(Knows(5.0, "city", "water", "down", "detected", 0.0))
    later = dataclasses.replace(knows, t=9.0)
    assert (later.t, later.org, knows.t) == (9.0, "city", 5.0)
    assert event_json(later) == ('{"t": 9.0, "type": "knows", "org": "city", "service": '
                                 '"water", "state": "down", "how": "detected", "occurred": 0.0}')


def test_a_missing_or_unknown_argument_is_refused_like_a_dataclass() -> None:
    with pytest.raises(TypeError):
        ActionEvent(1.0, "city", "notify")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Fact(0, "water", "down", 1.0, colour="red")  # type: ignore[call-arg]


def test_default_factories_are_refused_at_class_creation() -> None:
    with pytest.raises(TypeError, match="default factories"):
        @quick_init
        @dataclass(frozen=True, slots=True)
        class Bad:
            items: list[int] = dataclasses.field(default_factory=list)
