"""Which language the command line and the console speak, and the one warning for a scenario
that lacks it: ``--lang``, else ``TABLETOP_LANG``, else the locale, else English."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from reports.i18n import fmt_datetime, fmt_number, fmt_weekday_datetime, missing_language
from simulator.library import resolve_scenario
from simulator.loader import load_scenario
from tui.cli import main
from tui.i18n import _, language_in_argv, resolve_language, set_language


@pytest.mark.parametrize(("arg", "env", "want"), [
    ("sv", {"TABLETOP_LANG": "fi", "LANG": "en_GB.UTF-8"}, "sv"),
    (None, {"TABLETOP_LANG": "fi", "LC_ALL": "sv_FI.UTF-8"}, "fi"),
    (None, {"LC_ALL": "sv_FI.UTF-8", "LANG": "fi_FI.UTF-8"}, "sv"),
    (None, {"LC_MESSAGES": "fi_FI", "LANG": "sv_FI.UTF-8"}, "fi"),
    (None, {"LANG": "sv_SE.UTF-8"}, "sv"),
    (None, {"LANG": "de_DE.UTF-8"}, "en"),
    (None, {"TABLETOP_LANG": "xx", "LANG": "C.UTF-8"}, "en"),
    (None, {}, "en"),
])
def test_resolution_order(arg: str | None, env: dict[str, str], want: str) -> None:
    assert resolve_language(arg, env) == want


def test_lang_is_found_before_parsing() -> None:
    assert language_in_argv(["run", "x", "--lang", "fi"]) == "fi"
    assert language_in_argv(["report", "--lang=sv", "r"]) == "sv"
    assert language_in_argv(["run", "--", "--lang", "fi"]) is None


def test_help_texts_follow_the_environment(capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TABLETOP_LANG", "fi")
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    out = capsys.readouterr().out
    assert "ajo ilman käyttöliittymää: toimintamalli pelaa organisaatioiden osat" in out
    assert "yhteenvedon kieli" in out
    set_language("en")


def test_run_summary_in_swedish(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["run", "long-power-outage", "--out", str(tmp_path), "--lang", "sv"]) == 0
    out = capsys.readouterr().out
    assert "mål: " in out and "invånartimmar" in out and "skrivet: " in out
    assert "objectives:" not in out
    set_language("en")


def test_a_scenario_missing_the_language_warns_once(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    scenario = load_scenario(resolve_scenario("long-power-outage")).scenario
    warning = missing_language(scenario, "sv")
    assert warning is not None and warning.startswith("varning: long-power-outage: ")
    assert "saknar version på sv" in warning
    assert missing_language(scenario, "de") is not None
    assert main(["graph", "long-power-outage", "--lang", "sv", "-o",
                 str(tmp_path / "g.dot")]) == 0
    err = capsys.readouterr().err
    assert err.count("varning:") == 1 and len(err.splitlines()) == 1
    set_language("en")


def test_dates_and_numbers_per_language() -> None:
    moment = datetime.fromisoformat("2026-11-28T14:30:00+02:00")
    assert fmt_datetime(moment, "fi") == "28.11.2026 klo 14.30"
    assert fmt_datetime(moment, "sv") == "28.11.2026 kl. 14.30"
    assert fmt_datetime(moment, "en") == "28 Nov 2026 14:30"
    assert fmt_weekday_datetime(moment, "fi") == "la 28.11.2026 klo 14.30"
    assert fmt_weekday_datetime(moment, "sv") == "lör 28.11.2026 kl. 14.30"
    assert fmt_number(12345.67, "fi", 1) == "12\u202f345,7"
    assert fmt_number(12345.67, "en", 1) == "12,345.7"


def test_the_console_function_follows_set_language() -> None:
    set_language("fi")
    assert _("Services") == "Palvelut"
    set_language("sv")
    assert _("Services") == "Tjänster"
    set_language("en")
    assert _("Services") == "Services"
