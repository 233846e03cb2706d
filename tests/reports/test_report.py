"""The after-action report: golden files of a small run, its structure, languages,
escaping of scenario text, and reading runs back without simulating.

Regenerate the golden files after an intended change with::

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/reports -q

and review the diff of ``tests/reports/golden/`` before committing it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reports.i18n import fmt_datetime, fmt_number
from reports.render import write_report
from reports.runfiles import read_events
from simulator.events import event_dict, event_from_dict
from tests.reports.helpers import GOLDEN, SMALL, make_run
from tui.cli import main

UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
PAYLOAD_SCRIPT = "<script>document.title='pwned'</script>"
PAYLOAD_IMG = "<img src=x onerror=\"document.title='pwned'\">"


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_run(tmp_path_factory.mktemp("report") / "run")


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"no golden file {path}; run with UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs from its golden file; if intended: UPDATE_GOLDEN=1 pytest tests/reports")


@pytest.mark.parametrize(("fmt", "lang"), [("html", "en"), ("md", "fi"), ("md", "sv"),
                                           ("html", "fi")])
def test_report_matches_golden_file(run_dir: Path, tmp_path: Path, fmt: str, lang: str) -> None:
    out = write_report(run_dir, fmt, lang, tmp_path / f"small-{lang}.{fmt}")
    _golden(out.name, out.read_text(encoding="utf-8"))
    if fmt == "md":
        for chart in ("availability", "shared-picture"):
            svg = tmp_path / f"small-{lang}-{chart}.svg"
            assert f"]({svg.name})" in out.read_text(encoding="utf-8")
            _golden(svg.name, svg.read_text(encoding="utf-8"))


def test_html_has_the_nine_sections_in_order_and_prints_on_a4(run_dir: Path,
                                                              tmp_path: Path) -> None:
    html = write_report(run_dir, "html", "en", tmp_path / "r.html").read_text(encoding="utf-8")
    headings = re.findall(r"<h2>(\d)\. ([^<]+)</h2>", html)
    assert headings == [
        ("1", "Exercise overview"), ("2", "Summary"), ("3", "Objectives"), ("4", "Analysis"),
        ("5", "Timeline of key events"), ("6", "Information flow"), ("7", "Services"),
        ("8", "Improvement plan"), ("9", "Appendix")]
    assert "@page { size: A4;" in html and "break-before: page" in html
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in html and "<link" not in html and "<script" not in html


def test_findings_are_derived_from_the_run(run_dir: Path, tmp_path: Path) -> None:
    md = write_report(run_dir, "md", "en", tmp_path / "r.md").read_text(encoding="utf-8")
    # The emergency water task came 70 min after its agreed 2 h, for lack of a decision.
    assert ("Emergency water was triggered at T+1:00 (16 Jan 2026 15:00) by Water down; City "
            "activated it at T+4:10 (16 Jan 2026 18:10), 3 h 10 min after the trigger "
            "(agreed: 2 h).") in md
    assert "5,417 population-hours of mitigation were not given while the task was late." in md
    # No organisation leads the door-to-door checks.
    assert "Agree a lead for Door\\-to\\-door checks" not in md  # escaped hyphens are not
    assert "Agree a lead for Door-to-door checks in the responsibility matrix" in md
    # One tanker, two tasks that need it.
    assert "tasks and actions asked for 2 units of Water tanker; there are 1." in md
    # The county's phone message to the agency found no channel once the phones died.
    assert "silenced by Phone network being down" in md
    assert "Add a channel that does not depend on Phone network to the notification, e.g. " \
           "Courier" in md
    # The facilitator's note, verbatim, in the appendix and in its objective's section.
    assert "| T+1:30 (16 Jan 2026 15:30) | The county knows of the power cut within 30 " \
           "minutes. | S | County could not reach the city by phone. |" in md
    plan = md.split("## 8. Improvement plan")[1].split("## 9.")[0]
    rows = [line for line in plan.splitlines() if re.match(r"\| \d+ \|", line)]
    assert rows[0].startswith("| 1 | Late task: Emergency water | ")
    assert all(row.endswith("|  |  |") for row in rows)  # start and completion left blank


def test_languages_format_dates_and_numbers_their_way() -> None:
    from datetime import datetime

    moment = datetime.fromisoformat("2026-11-28T14:30:00+02:00")
    assert fmt_datetime(moment, "fi") == "28.11.2026 klo 14.30"
    assert fmt_datetime(moment, "sv") == "28.11.2026 kl. 14.30"
    assert fmt_datetime(moment, "en") == "28 Nov 2026 14:30"
    assert fmt_number(25760518.6, "en") == "25,760,519"
    assert fmt_number(51.74, "fi", 1) == "51,7"
    assert fmt_number(1234.5, "sv", 1) == "1\u202f234,5"


def _hostile(tmp_path: Path) -> Path:
    text = SMALL.read_text(encoding="utf-8")
    text = text.replace("en: Small storm}", f"en: \"Small storm {PAYLOAD_SCRIPT}\"}}")
    text = text.replace("en: City}", f"en: 'City {PAYLOAD_IMG}'}}".replace("'pwned'", "pwned"))
    text = text.replace("en: A storm cuts power for ten hours.",
                        f"en: \"A storm {PAYLOAD_SCRIPT}\"")
    text = text.replace("  - \"Made up for the tests.\"", f"  - '{PAYLOAD_IMG}'".replace(
        "'pwned'", "pwned"))
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.handlers: list[tuple[str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.handlers += [(tag, name) for name, _v in attrs if name.startswith("on")]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_script_and_event_handler_payloads_render_as_text(tmp_path: Path) -> None:
    note = {"t": 30.0, "type": "note", "text": f"Note {PAYLOAD_SCRIPT} {PAYLOAD_IMG}"}
    run = make_run(tmp_path / "run", _hostile(tmp_path), (note,))
    html = write_report(run, "html", "en", tmp_path / "r.html").read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(html)
    assert "script" not in parser.tags and "img" not in parser.tags
    assert parser.handlers == []
    text = "".join(parser.text)
    assert PAYLOAD_SCRIPT in text and PAYLOAD_IMG in text  # shown, as text
    assert "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" in html
    md = write_report(run, "md", "en", tmp_path / "r.md").read_text(encoding="utf-8")
    assert "<script" not in md and "<img" not in md
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in md


def test_events_read_back_into_the_same_records(run_dir: Path) -> None:
    lines = (run_dir / "events.jsonl").read_text(encoding="utf-8").splitlines()
    events = read_events(run_dir / "events.jsonl")
    assert [event_dict(e) for e in events] == [json.loads(line) for line in lines]
    assert event_from_dict({"t": 1.0, "type": "task", "task": "x", "status": "triggered"}).by \
        is None


def test_without_score_json_the_scores_come_from_the_events(run_dir: Path,
                                                            tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(run_dir, copy)
    (copy / "score.json").unlink()
    with_score = write_report(run_dir, "html", "sv", tmp_path / "a.html").read_text("utf-8")
    without = write_report(copy, "html", "sv", tmp_path / "b.html").read_text("utf-8")
    assert without == with_score


def test_cli_takes_a_run_folder_or_its_journal(run_dir: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    assert main(["report", str(run_dir), "-o", str(a)]) == 0
    assert main(["report", str(run_dir / "journal.jsonl"), "--lang", "en", "-o", str(b)]) == 0
    assert "written:" in capsys.readouterr().out
    assert a.read_bytes() == b.read_bytes()


def test_cli_reports_bad_runs_with_file_and_line(run_dir: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(tmp_path / "nowhere")]) == 2
    expected = f"{tmp_path / 'nowhere'}: no such run folder or journal"
    assert capsys.readouterr().err.strip() == expected
    broken = tmp_path / "broken"
    shutil.copytree(run_dir, broken)
    lines = (broken / "events.jsonl").read_text(encoding="utf-8").splitlines()
    lines[2] = '{"t": 0.0, "type": "teleport"}'
    (broken / "events.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["report", str(broken)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"{broken / 'events.jsonl'}:3: unknown event type 'teleport'"
    (broken / "events.jsonl").unlink()
    assert main(["report", str(broken)]) == 2
    assert "no event log" in capsys.readouterr().err
