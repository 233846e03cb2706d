"""The console in a plain tmux session, driven as a facilitator would: keys in, screen out.

``tmux send-keys`` types, ``tmux capture-pane -p`` reads the screen. The drill runs the real
``tabletop drill`` command in a real terminal (no Textual test driver): start, run the
clock, fire a held-back inject, record an action, add a note, quit with confirmation; then
the journal must hold exactly those inputs. Skipped where tmux is not installed.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

ROOT = Path(__file__).resolve().parents[2]
TABLETOP = Path(sys.executable).parent / "tabletop"


class Tmux:
    """One detached tmux session on a private server socket."""

    def __init__(self, socket: str, session: str) -> None:
        self.socket = socket
        self.session = session

    def run(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], check=True,
                              capture_output=True, text=True, timeout=10).stdout

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", self.session, *keys)

    def type(self, text: str) -> None:
        self.run("send-keys", "-t", self.session, "-l", text)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.session)

    def wait_for(self, check: Callable[[str], bool], what: str, timeout: float = 10.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if check(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; the screen:\n{screen}")
            time.sleep(0.1)


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    server = Tmux(f"tabletop-test-{os.getpid()}", "drill")
    yield server
    subprocess.run(["tmux", "-L", server.socket, "kill-server"], capture_output=True,
                   check=False, timeout=10)


def journal(path: Path) -> list[dict[str, object]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_a_drill_in_tmux(tmux: Tmux, tmp_path: Path) -> None:
    journal_path = tmp_path / "x" / "journal.jsonl"
    command = (f"{shlex.quote(str(TABLETOP))} drill long-power-outage --journal "
               f"{shlex.quote(str(journal_path))}; echo EXITED $?; sleep 60")
    tmux.run("new-session", "-d", "-s", tmux.session, "-x", "160", "-y", "48",
             "-c", str(ROOT), "-e", "TABLETOP_LANG=en", "-e", "TERM=xterm-256color",
             command)
    tmux.wait_for(lambda s: "T+00:00" in s and "paused" in s, "the console")

    # Run the clock at 600x for a moment, then pause it.
    tmux.keys("3")
    tmux.keys("Space")
    tmux.wait_for(lambda s: "running" in s and "T+00:00" not in s, "the clock to run")
    tmux.keys("Space")
    paused = tmux.wait_for(lambda s: "paused" in s, "the clock to pause")
    assert "T+00:00 " not in paused.splitlines()[0]

    # Fire the first held-back inject: f shows it on the timeline, f again fires it.
    tmux.keys("f")
    tmux.wait_for(lambda s: "held back" in s, "the timeline")
    tmux.keys("f")
    tmux.wait_for(lambda s: "hospital-generator-fault" in s and "fired" in s, "the inject")

    # Record an action: on behalf of the first organisation, notify the county by phone.
    tmux.keys("a")
    tmux.wait_for(lambda s: "Record an action" in s, "the action dialog")
    time.sleep(0.3)  # the dialog has focused its first field
    for key in ("Tab", "Tab"):
        tmux.keys(key)
        time.sleep(0.1)
    tmux.type("hyvinvointialue")
    tmux.wait_for(lambda s: "hyvinvointialue" in s, "the 'to' field")
    tmux.keys("Tab")
    time.sleep(0.1)
    tmux.type("phone")
    tmux.wait_for(lambda s: "phone" in s, "the 'via' field")
    tmux.keys("C-s")
    tmux.wait_for(lambda s: "Record an action" not in s, "the action dialog to close")

    # Add a note.
    tmux.keys("o")
    tmux.wait_for(lambda s: "what the evaluators saw" in s, "the note dialog")
    time.sleep(0.3)
    tmux.type("County duty officer unreachable")
    tmux.keys("C-s")
    tmux.wait_for(lambda s: "what the evaluators saw" not in s, "the note dialog to close")

    # Quit asks first: stay, then quit for real.
    tmux.keys("q")
    tmux.wait_for(lambda s: "Quit the drill?" in s, "the quit dialog")
    tmux.keys("Escape")
    tmux.wait_for(lambda s: "Quit the drill?" not in s, "the quit dialog to close")
    tmux.keys("q")
    tmux.wait_for(lambda s: "Quit the drill?" in s, "the quit dialog")
    tmux.keys("y")
    end = tmux.wait_for(lambda s: "EXITED" in s, "the command to end")
    assert "EXITED 0" in end
    assert f"run folder: {journal_path.parent}" in end

    header, *inputs = journal(journal_path)
    assert header["type"] == "header"
    assert [line["type"] for line in inputs] == ["inject", "action", "note"]
    fired, action, note = inputs
    assert fired["id"] == "hospital-generator-fault"
    assert action["do"] == "notify"
    assert action["to"] == ["hyvinvointialue"]
    assert action["via"] == ["phone"]
    assert note["text"] == "County duty officer unreachable"
    assert 0.0 < float(str(fired["t"])) == float(str(action["t"])) == float(str(note["t"]))
    assert (journal_path.parent / "events.jsonl").is_file()
    assert json.loads((journal_path.parent / "score.json").read_text(encoding="utf-8"))[
        "scenario"] == "long-power-outage"
