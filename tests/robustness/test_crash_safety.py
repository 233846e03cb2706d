"""A drill killed with SIGKILL at random moments loses nothing that was recorded.

``tabletop drill`` runs in a subprocess on a real pseudo-terminal (80×24, ``TERM`` set) and
is fed keys as a facilitator would type them: notes (``o``, the text, enter), a held-back
inject (``f`` twice) and steps of the clock (``s``). At 20 moments drawn from a seeded
generator, while inputs are being recorded, the whole process group gets
SIGKILL. After each kill the journal must read back (at most its last line cut short, with a
warning), hold every input that had reached the disk before the kill, in order and intact,
and resume with all of them applied; once, the real ``tabletop resume`` is started on a
killed drill's journal, records one more note and is killed in turn.
"""

from __future__ import annotations

import fcntl
import json
import os
import random
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.events import InjectFired, NoteEvent
from simulator.inputs import input_to_dict
from simulator.journal import read_journal
from tui.drill_session import resume_session

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = Path(__file__).parent / "data" / "journals" / "scenario.yaml"
KILLS = 20
STARTED: list[Console] = []
"""Every console a test started, so that a failing test leaves no process behind."""


@pytest.fixture(autouse=True)
def no_console_left() -> Iterator[None]:
    yield
    while STARTED:
        STARTED.pop().kill()


class Console:
    """``tabletop ARGS`` on a pseudo-terminal, its output drained so that it never blocks."""

    def __init__(self, folder: Path, *args: str, controlling: bool = False) -> None:
        """``controlling``: the terminal is the console's controlling terminal (as in a
        tmux pane or an ssh session), so that closing it sends the console SIGHUP."""
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "TABLETOP_LANG": "en",
               "PYTHONPATH": str(ROOT)}
        command = ["-m", "tui.cli"] if not controlling else [
            "-c", "import fcntl, runpy, termios; fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
                  "runpy.run_module('tui.cli', run_name='__main__')"]
        self.process = subprocess.Popen(
            [sys.executable, *command, *args], cwd=folder, env=env,
            stdin=slave, stdout=slave, stderr=slave, start_new_session=True)
        os.close(slave)
        self.master = master
        self.output = bytearray()
        STARTED.append(self)
        self._stop = threading.Event()
        self._drainer = threading.Thread(target=self._drain, daemon=True)
        self._drainer.start()

    def _drain(self) -> None:
        # Never blocked in read(): a read in progress would keep the master open after
        # close_terminal closed it.
        while not self._stop.is_set():
            if not select.select([self.master], [], [], 0.05)[0]:
                continue
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.output.extend(data)

    def close_terminal(self) -> None:
        """Close the terminal's master side, as tmux does when its pane is killed."""
        self._stop.set()
        self._drainer.join()
        os.close(self.master)
        self.master = -1

    def wait_for_screen(self, timeout: float = 20.0) -> None:
        """Until the console has drawn its tabs (the app is up and reading keys)."""
        deadline = time.monotonic() + timeout
        while b"Timeline" not in self.output:
            assert self.process.poll() is None, self.output.decode("utf-8", "replace")[-2000:]
            assert time.monotonic() < deadline, "the console did not start"
            time.sleep(0.02)
        time.sleep(0.25)  # the first frame is drawn before the app reads keys

    def open_note_dialog(self) -> bool:
        """Press ``o`` and wait to see the note dialog (its placeholder) drawn."""
        start = len(self.output)
        self.keys("o", 0.0)
        deadline = time.monotonic() + 3
        while b"evaluators saw" not in self.output[start:]:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def keys(self, data: str, pause: float = 0.08) -> None:
        os.write(self.master, data.encode("utf-8"))
        time.sleep(pause)

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        if self.master >= 0:
            self.close_terminal()


def screen(console: Console) -> str:
    """The end of what the console drew, escape sequences removed (for failure messages)."""
    text = console.output.decode("utf-8", "replace")
    return re.sub(r"\x1b(\[[0-9;?<>=$]*[a-zA-Z~]|\][^\x07]*\x07)", "", text)[-3000:]


def complete_lines(path: Path) -> list[dict[str, object]]:
    """The journal lines that were whole on disk: what a crash must never lose."""
    data = path.read_bytes()
    return [json.loads(line) for line in data[: data.rfind(b"\n") + 1].splitlines()]


def type_inputs(console: Console, journal: Path, tag: str, stop: threading.Event) -> None:
    """Record notes, a held-back inject and clock steps until ``stop``.

    Like a person, it waits to see each input take effect (its journal line) before typing
    the next, so that keys meant for the console do not end up in a dialog's text field.
    """

    def landed(size: int) -> None:
        deadline = time.monotonic() + 2
        while journal.stat().st_size == size and time.monotonic() < deadline:
            time.sleep(0.01)
        if journal.stat().st_size == size:
            console.keys("\x1b", 0.3)  # the input did not go through: close any dialog

    k = 0
    try:
        while not stop.is_set():
            size = journal.stat().st_size
            if k == 2:
                console.keys("f", 0.15)
                console.keys("f", 0.0)
                landed(size)
                size = journal.stat().st_size
            elif k % 3 == 1:
                console.keys("s", 0.05)
            if console.open_note_dialog():
                console.keys(f"{tag} note {k} <b>[bold]ä", 0.02)
                console.keys("\r", 0.0)
                landed(size)
            k += 1
    except OSError:
        return


def test_sigkill_while_recording_loses_nothing(tmp_path: Path) -> None:
    rng = random.Random(20261128)
    shutil.copy(SCENARIO, tmp_path / "scenario.yaml")

    def drill(kill: int) -> Console:
        journal = tmp_path / f"drill-{kill}" / "journal.jsonl"
        return Console(tmp_path, "drill", "scenario.yaml", "--journal", str(journal))

    upcoming = drill(0)
    for kill in range(KILLS):
        journal = tmp_path / f"drill-{kill}" / "journal.jsonl"
        console = upcoming
        console.wait_for_screen()
        if kill + 1 < KILLS:  # the next console starts while this one is typed into
            upcoming = drill(kill + 1)
        stop = threading.Event()
        typist = threading.Thread(target=type_inputs, args=(console, journal, f"k{kill}", stop))
        typist.start()
        deadline = time.monotonic() + 10
        while len(complete_lines(journal)) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 0.5))
        landed = journal.read_bytes()
        console.kill()
        stop.set()
        typist.join()

        recorded = complete_lines(journal)
        assert len(recorded) >= 2, (f"kill {kill}: nothing was recorded", screen(console))
        assert journal.read_bytes().startswith(landed[: landed.rfind(b"\n") + 1])
        read = read_journal(journal)
        assert all("last line cut short" in w for w in read.warnings) and len(read.warnings) <= 1
        assert [input_to_dict(item) for item in read.inputs] == recorded[1:]
        notes = [str(line["text"]) for line in recorded[1:] if line["type"] == "note"]
        typed = re.compile(rf"k{kill} note (\d+) <b>\[bold\]ä")
        assert all(typed.fullmatch(n) for n in notes), notes
        numbers = [int(n.split()[2]) for n in notes]
        assert numbers == sorted(set(numbers)), "every note intact, in the order typed"
        assert [r.get("type") for r in recorded[1:]].count("inject") <= 1

        session = resume_session(journal, cwd=tmp_path)
        try:
            assert [e.text for e in session.run.events if isinstance(e, NoteEvent)] == notes
            assert session.run.now == recorded[-1]["t"]
            fired = [e for e in session.run.events
                     if isinstance(e, InjectFired) and e.id == "generator-fault"]
            assert len(fired) == [r.get("type") for r in recorded[1:]].count("inject")
        finally:
            session.close()
        assert read_journal(journal).inputs == read.inputs  # resume only dropped a cut line

    first = tmp_path / "drill-0" / "journal.jsonl"
    before = read_journal(first).inputs
    console = Console(tmp_path, "resume", str(first))
    console.wait_for_screen()
    assert console.open_note_dialog()
    console.keys("after resume\r", 0.05)
    deadline = time.monotonic() + 10
    while len(read_journal(first).inputs) == len(before) and time.monotonic() < deadline:
        time.sleep(0.02)
    console.kill()
    after = read_journal(first)
    assert after.inputs[: len(before)] == before
    assert [i.text for i in after.inputs[len(before):]] == ["after resume"]  # type: ignore[union-attr]

