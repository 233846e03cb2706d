"""The console in Finnish, Swedish and English (snapshots at 160×48 on the fixed snapshot
scenario, frozen clock), and ctrl+l switching the language with everything drawn again.

Regenerate after an intended change: ``.venv/bin/pytest tests/i18n --snapshot-update``.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Tab

from tests.tui.snapshot_apps import make_app
from tui.i18n import set_language
from tui.widgets.clock_bar import ClockBar

SIZE = (160, 48)


@pytest.fixture(autouse=True)
def _english_afterwards() -> Any:
    yield
    set_language("en")


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_console_in_each_language(snap_compare: Any, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    monkeypatch.chdir(tmp_path)  # the run folder is the relative runs/snapshot-drill
    app, _clock = make_app(tmp_path, lang)

    async def run_before(pilot: Any) -> None:
        app.session.advance(90.0, 10_000)
        app.refresh_view()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_ctrl_l_cycles_the_language_and_redraws(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app, _clock = make_app(tmp_path, "fi")

    async def drive() -> list[tuple[str, list[str], str, str]]:
        seen = []
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f3")  # the Timeline tab stays chosen across switches
            for _round in range(3):
                await pilot.pause()
                tabs = [str(tab.label) for tab in app.screen.query(Tab)]
                bar = str(app.screen.query_one(ClockBar).render())
                footer = " ".join(b.description for bs in app._bindings.key_to_bindings.values()
                                  for b in bs if b.action == "toggle_clock")
                seen.append((app.lang, tabs, bar, footer))
                assert app.active_tab == "timeline"
                await pilot.press("ctrl+l")
            await pilot.pause()
            assert app.lang == "fi"
        return seen

    seen = asyncio.run(drive())
    assert [s[0] for s in seen] == ["fi", "sv", "en"]
    assert seen[0][1][:2] == ["Palvelut", "Aikajana"]
    assert seen[1][1][:2] == ["Tjänster", "Tidslinje"]
    assert seen[2][1][:2] == ["Services", "Timeline"]
    assert "pe 16.1.2026 klo 18.00" in seen[0][2] and "tauolla" in seen[0][2]
    assert "fre 16.1.2026 kl. 18.00" in seen[1][2] and "pausad" in seen[1][2]
    assert "Fri 16 Jan 2026 18:00" in seen[2][2] and "paused" in seen[2][2]
    assert [s[3] for s in seen] == ["Käynnistä/tauko", "Starta/pausa", "Start/pause"]
