"""A console whose terminal vanishes closes the drill and exits: it neither spins nor loses
anything.

When a tmux pane or an ssh session is killed, the master side of the console's
pseudo-terminal closes. A console for which it is the controlling terminal gets SIGHUP; any
other reads end-of-file for ever and cannot write. Both must end the drill as quitting
does (journal closed, final ``score.json`` written) and exit within a few seconds, with the
journal exactly as it was: every recorded input intact, nothing added, and ``resume``
bringing it all back. SIGTERM ends it the same way. Each console here is ``tabletop`` on a
real pseudo-terminal whose master is really closed (see ``test_crash_safety.Console``).
"""

from __future__ import annotations

import json
import shutil
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.events import NoteEvent
from simulator.journal import read_journal
from tests.robustness.test_crash_safety import SCENARIO, STARTED, Console, screen
from tui.drill_session import EVENTS, SCORE, resume_session

EXIT_WITHIN = 5.0
"""Wall seconds a console may take to close its drill and exit once its terminal is gone."""


@pytest.fixture(autouse=True)
def no_console_left() -> Iterator[None]:
    yield
    while STARTED:
        STARTED.pop().kill()


def record_note(console: Console, journal: Path, text: str) -> None:
    """Type a note and wait for its journal line."""
    size = journal.stat().st_size
    assert console.open_note_dialog(), screen(console)
    console.keys(text + "\r", 0.0)
    deadline = time.monotonic() + 5
    while journal.stat().st_size == size:
        assert time.monotonic() < deadline, screen(console)
        time.sleep(0.01)


def exits(console: Console) -> float:
    """Seconds the console took to exit (it must, with status 0)."""
    start = time.monotonic()
    while console.process.poll() is None:
        assert time.monotonic() - start < EXIT_WITHIN, "the console did not exit"
        time.sleep(0.02)
    assert console.process.returncode == 0, screen(console)
    return time.monotonic() - start


def test_a_vanished_terminal_ends_the_drill_cleanly(tmp_path: Path) -> None:
    shutil.copy(SCENARIO, tmp_path / "scenario.yaml")
    kinds = ("sighup", "eof", "sigterm")
    journals = {k: tmp_path / k / "journal.jsonl" for k in kinds}
    consoles = {k: Console(tmp_path, "drill", "scenario.yaml", "--journal", str(journals[k]),
                           controlling=k == "sighup") for k in kinds}
    for kind, console in consoles.items():
        console.wait_for_screen()
        record_note(console, journals[kind], f"{kind} note")
    consoles["sighup"].keys("2 ", 0.3)  # its clock runs (60×) when the terminal goes
    recorded = {k: journals[k].read_bytes() for k in kinds}
    for kind in ("eof", "sigterm"):  # paused: only closing the drill writes the score
        (journals[kind].parent / SCORE).unlink(missing_ok=True)

    consoles["sighup"].close_terminal()
    consoles["eof"].close_terminal()
    consoles["sigterm"].process.send_signal(signal.SIGTERM)
    for console in consoles.values():
        exits(console)

    # SIGTERM left a working terminal: the console restored it (left the alternate screen)
    assert b"\x1b[?1049l" in consoles["sigterm"].output
    for kind in kinds:
        folder = journals[kind].parent
        assert journals[kind].read_bytes() == recorded[kind], "the journal is untouched"
        assert not read_journal(journals[kind]).warnings
        score = json.loads((folder / SCORE).read_text(encoding="utf-8"))
        events = [json.loads(line) for line in (folder / EVENTS).read_text("utf-8").splitlines()]
        assert score["duration"] >= events[-1]["t"]
        session = resume_session(journals[kind], cwd=tmp_path)
        try:
            assert [e.text for e in session.run.events if isinstance(e, NoteEvent)] \
                == [f"{kind} note"]
        finally:
            session.close()
    # the real ``tabletop resume`` carries on, and its terminal vanishing ends it too
    resumed = Console(tmp_path, "resume", str(journals["eof"]))
    resumed.wait_for_screen()
    record_note(resumed, journals["eof"], "after resume")
    resumed.close_terminal()
    exits(resumed)
    assert [i.text for i in read_journal(journals["eof"]).inputs] \
        == ["eof note", "after resume"]  # type: ignore[union-attr]
