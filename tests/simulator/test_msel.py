"""MSEL spreadsheets: injects to CSV rows and back, and every bad row reported."""

from __future__ import annotations

import csv
import io

import pytest

from simulator.loader import load_scenario_text
from simulator.model import Scenario
from simulator.msel import MselError, export_msel, read_msel

SCENARIO = """\
format: tabletop/1
id: small
clock: {start: 2026-01-14T06:00:00+02:00, duration: 2d}
organisations:
  - {id: city, name: {fi: Kaupunki, en: City}}
  - {id: county, name: {fi: Hyvinvointialue, en: County}}
services:
  - {id: power, name: {fi: Sähkö, en: Power}, owner: city}
  - {id: water, name: {fi: Vesi, en: Water}, owner: city, depends_on: [{service: power}]}
playbook:
  - {id: tell, by: city, when: {service: power, state: down}, do: notify, to: county, via: []}
objectives:
  - id: county-knows
    expect: {org: county, knows: {service: power, state: down}, within: 1h}
injects:
  - {id: storm, at: 90m, do: fail, target: power, text: {fi: Myrsky, en: Storm}}
  - {id: back, at: {min: 26h, max: 30.5h}, do: restore, target: power}
  - {id: call, at: 2h, do: message, to: [city, county], about: {service: water, state: down},
     text: A journalist calls.}
  - {id: spare, optional: true, do: degrade, target: water}
"""
HEADER = "id,time,event synopsis,from,to,method,do,target,about,message,notes,optional"


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    text = SCENARIO.replace("via: []", "via: [courier]").replace(
        "services:", "channels: [{id: courier}]\nservices:"
    )
    return load_scenario_text(text).scenario


def test_export_writes_hseep_columns_and_the_round_trip_columns(scenario: Scenario) -> None:
    text = export_msel(scenario, [{}] * 4, ["", "", "press\ncall", ""])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "id", "time", "event synopsis", "from", "to", "method", "do", "target", "about",
        "message", "message (fi)", "message (en)", "expected action", "objective", "notes",
        "optional",
    ]  # fmt: skip
    assert rows[1] == ["storm", "1h30m", "Fails: Power", "", "city", "", "fail", "power", "",
                       "", "Myrsky", "Storm", "tell", "county-knows", "", ""]  # fmt: skip
    assert rows[2][:2] == ["back", "26h-30h30m"]
    assert rows[3][:10] == ["call", "2h", "Message to City, County", "", "city, county", "",
                            "message", "", "water:down", "A journalist calls."]  # fmt: skip
    assert rows[3][14] == "press\ncall"
    assert rows[4][:2] == ["spare", ""] and rows[4][-1] == "yes"


def test_import_reads_back_exactly_what_export_wrote(scenario: Scenario) -> None:
    text = export_msel(scenario, [{}] * 4, ["", "", "press", ""], lang="fi")
    rows = read_msel(text, scenario)
    assert [row.data for row in rows] == [
        {"id": "storm", "at": "1h30m", "do": "fail", "target": "power",
         "text": {"fi": "Myrsky", "en": "Storm"}},
        {"id": "back", "at": {"min": "26h", "max": "30h30m"}, "do": "restore", "target": "power"},
        {"id": "call", "at": "2h", "do": "message", "to": ["city", "county"],
         "about": {"service": "water", "state": "down"}, "text": "A journalist calls."},
        {"id": "spare", "optional": True, "do": "degrade", "target": "water"},
    ]  # fmt: skip
    assert [row.notes for row in rows] == ["", "", "press", ""]


def test_edited_planning_columns_are_kept_as_x_keys(scenario: Scenario) -> None:
    text = (
        "ID,Time,Event synopsis,From,Method,Do,Target,Expected action,X-Owner\n"
        "storm,0m,Storm front arrives,SimCell,radio,fail,power,tell,Maija\n"
    )
    [row] = read_msel(text, scenario)
    assert row.data == {
        "id": "storm", "at": "0m", "do": "fail", "target": "power",
        "x-synopsis": "Storm front arrives", "x-from": "SimCell", "x-method": "radio",
        "X-Owner": "Maija",
    }  # fmt: skip


def test_every_bad_row_is_reported_with_its_row_and_column(scenario: Scenario) -> None:
    text = "\n".join([
        HEADER,
        "storm,90 minutes,,,,,fail,power,,,,",
        "flood,1h,,,,,flood,power,,,,",
        "cut,1h,,,,,fail,pwoer,,,,",
        "call,1h,,,citty,,message,,water:down,hi,,",
        "short,1h,,,,,fail,power",
        "long,1h,,,,,fail,power,,,,,extra",
        "storm,2h,,,county,,fail,water,,,,maybe",
        ",,,,,,,,,,,",
        "ask,3h,,,,,message,,wter:sideways,,,",
    ])  # fmt: skip
    with pytest.raises(MselError) as caught:
        read_msel(text, scenario)
    assert [e.format("msel.csv") for e in caught.value.errors] == [
        "msel.csv:2:2: time: '90 minutes' is not a duration; expected number+unit parts with "
        "units s, m, h, d (e.g. '90m', '1.5h', '1d12h')",
        "msel.csv:3:7: do: expected one of: fail, degrade, restore, message; got 'flood'",
        "msel.csv:4:8: target: unknown service 'pwoer' (did you mean 'power'?)",
        "msel.csv:5:5: to: unknown organisation 'citty' (did you mean 'city'?)",
        "msel.csv:6:9: the row has 8 cells, the header has 12",
        "msel.csv:7:13: the row has 13 cells, the header has 12",
        "msel.csv:8:1: id: id 'storm' is already used at row 2",
        "msel.csv:8:5: to: a 'fail' inject reaches the owner of its target, 'city'; got "
        "'county' (leave it empty or write 'city')",
        "msel.csv:8:12: optional: expected 'yes' or nothing, got 'maybe'",
        "msel.csv:10:5: to: a 'message' inject needs 'to': organisation ids, comma-separated",
        "msel.csv:10:9: about: unknown service 'wter' (did you mean 'water'?)",
    ]


def test_a_bad_header_is_reported_before_any_row(scenario: Scenario) -> None:
    text = "id,tiem,event synopsis,do,do\nstorm,0m,,fail,fail\n"
    with pytest.raises(MselError) as caught:
        read_msel(text, scenario)
    assert [e.format("m.csv") for e in caught.value.errors] == [
        "m.csv:1:2: tiem: unknown column 'tiem' (did you mean 'time'?); columns: id, time, "
        "event synopsis, from, to, method, do, target, about, message, expected action, "
        "objective, notes, optional, 'message (LANG)' and 'x-…'",
        "m.csv:1:5: do: column 'do' given twice",
        "m.csv:1:6: missing column 'time'",
    ]
    with pytest.raises(MselError) as caught:
        read_msel("", scenario)
    assert [e.format("m.csv") for e in caught.value.errors] == [
        "m.csv:1:1: expected a header row naming the columns"
    ]


def test_a_row_without_time_must_be_held_back(scenario: Scenario) -> None:
    with pytest.raises(MselError) as caught:
        read_msel("id,time,do,target\nlate,,fail,power\n", scenario)
    assert [e.format("m.csv") for e in caught.value.errors] == [
        "m.csv:2:2: time: an inject needs 'at' unless it is held back with 'optional: true'"
    ]
