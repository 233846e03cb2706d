"""Hostile text in a scenario, a note or a journal is shown literally, never interpreted.

Scenario files and journals come from anywhere, and notes are typed by people. HTML and
JavaScript must not run in a report, Rich markup must not style or link anything in the
console, and terminal escape sequences must never reach a terminal: the format refuses
control characters in texts (YAML already refuses them written raw; double-quoted escapes
are refused by the model, journal texts by the journal reader), and every message that
quotes a value shows control characters as escapes.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from textual.widgets import Input

from simulator.inputs import Note
from simulator.loader import load_scenario
from tui.app import TabletopApp
from tui.cli import main
from tui.dialogs.note import NoteDialog
from tui.drill_session import DrillSession

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
MARKUP = "[bold red]red[/bold red]"
LINK = "[link=https://x]x[/link]"
PAYLOAD = f"{SCRIPT} {MARKUP} {LINK} {IMG}"
SCENARIO = f"""\
format: tabletop/1
id: hostile
title: "{PAYLOAD}"
summary: "![x](https://evil.example/p.png) [click](javascript:alert(1)) {IMG}"
clock: {{start: 2026-01-14T06:00:00+02:00, duration: 6h}}
organisations:
  - {{id: city, name: "{SCRIPT}"}}
services:
  - {{id: power, owner: city, name: "{MARKUP}"}}
injects:
  - {{id: storm, at: 0m, do: fail, target: power, text: "{LINK} {IMG} | a | *em*"}}
objectives:
  - {{id: ok, text: "<iframe src=https://evil.example></iframe>",
      expect: {{service: power, never: down}}}}
"""
NOTE = f"{SCRIPT} {LINK} {MARKUP}"


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    return path


def screen_lines(app: TabletopApp) -> tuple[list[str], set[str]]:
    """The text of every line the screen shows now, and every link a segment carries."""
    strips = app.screen._compositor.render_strips()
    lines = ["".join(segment.text for segment in strip) for strip in strips]
    links = {seg.style.link for strip in strips for seg in strip if seg.style and seg.style.link}
    return lines, links


def test_console_shows_hostile_text_literally(scenario_file: Path, tmp_path: Path) -> None:
    loaded = load_scenario(scenario_file)
    session = DrillSession.start(loaded.scenario, str(scenario_file), loaded.sha256,
                                 tmp_path / "run" / "journal.jsonl", seed=0, created="-")

    async def drive() -> dict[str, list[str]]:
        app = TabletopApp(session, clock=lambda: 0.0)
        seen: dict[str, list[str]] = {}
        async with app.run_test(size=(200, 50)) as pilot:
            await pilot.press("s")
            await pilot.press("o")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, NoteDialog)
            field = dialog.query_one("#note-text", Input)
            field.focus()
            field.value = NOTE
            await pilot.press("enter")
            await pilot.pause()
            for tab in ("services", "timeline", "organisations", "observations"):
                app.action_show_tab(tab)
                await pilot.pause()
                lines, links = screen_lines(app)
                assert links == set(), tab
                assert not any(re.search("[\x00-\x08\x0b-\x1f\x7f]", ln) for ln in lines)
                seen[tab] = lines
        return seen

    seen = asyncio.run(drive())
    session.close()
    assert session.notes[-1].text == NOTE
    everything = "\n".join(line for lines in seen.values() for line in lines)
    assert f"{SCRIPT} {MARKUP}" in everything  # the title, in the clock bar
    assert f"power {MARKUP}" in everything  # the service name, in the services table
    assert f"{LINK} {IMG}" in everything  # the inject text, on the timeline
    assert NOTE in "\n".join(seen["observations"])  # the note as typed


def test_escape_sequences_never_reach_the_terminal(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """A value quoted in a message shows its control characters as escapes, on one line."""
    path = tmp_path / "ids.yaml"
    path.write_text(SCENARIO.replace("id: hostile", 'id: "\\e]0;pwned\\a\\nfake.yaml:1:1: ok"')
                    .replace('title: "', 'title: "\\e[2J'), encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert err.splitlines() == [
        f"{path}:2:5: id: expected an id (lower-case letters, digits and '-', starting with a "
        "letter), got '\\x1b]0;pwned\\x07\\nfake.yaml:1:1: ok'",
        f"{path}:3:8: title: control character U+001B is not allowed in a text",
    ]


def test_a_typed_note_with_control_characters_is_refused(scenario_file: Path,
                                                         tmp_path: Path) -> None:
    """What the journal reader would refuse, the console never writes."""
    from simulator.inputs import InputError, input_from_dict

    with pytest.raises(InputError, match="control character U\\+001B"):
        input_from_dict({"t": 0.0, "type": "note", "text": "\x1b[2J"})
    with pytest.raises(InputError, match="control character U\\+0007"):
        input_from_dict({"t": 0.0, "type": "inject", "do": "fail", "target": "power",
                         "text": "\x07"})
    assert input_from_dict({"t": 0.0, "type": "note", "text": "two\nlines\tand a tab"})


@pytest.fixture
def run_folder(scenario_file: Path, tmp_path: Path) -> Path:
    journal = tmp_path / "inputs.jsonl"
    session_free = Note(30.0, NOTE, "ok", "M")
    from simulator.journal import make_header, write_journal

    write_journal(journal, make_header(str(scenario_file), "0" * 64, 0, "-"), (session_free,))
    folder = tmp_path / "run"
    assert main(["run", str(scenario_file), "--inputs", str(journal), "--out", str(folder)]) == 0
    return folder


def test_html_report_escapes_and_fetches_nothing(run_folder: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.html"
    assert main(["report", str(run_folder), "--format", "html", "-o", str(out)]) == 0
    capsys.readouterr()
    html = out.read_text("utf-8")
    for raw in ("<script", "<img", "<iframe", "<a ", 'href="javascript'):
        assert raw not in html, raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [bold red]red[/bold red]" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "[link=https://x]x[/link]" in html
    assert re.search(r'http-equiv="Content-Security-Policy" content="default-src \'none\';', html)
    assert not re.search(r'(src|href)="(https?:)?//', html), "a report makes no requests"


def test_markdown_report_escapes_html_and_links(run_folder: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.md"
    assert main(["report", str(run_folder), "--format", "md", "-o", str(out)]) == 0
    capsys.readouterr()
    md = out.read_text("utf-8")
    assert "<script" not in md and "<img" not in md and "<iframe" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert not re.search(r"(?<!\\)\]\((https?|javascript):", md), "no live image or link"
    assert "!\\[x\\](https://evil.example/p.png)" in md
    assert "\\[link=https://x\\]x\\[/link\\]" in md
