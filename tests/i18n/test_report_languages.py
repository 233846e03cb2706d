"""The Finnish and Swedish reports of a built-in scenario contain no English UI text: every
text node of the rendered HTML that is an English message id (with a different translation)
would be an untranslated label. Scenario-provided text is left out of the comparison."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from reports.i18n import LOCALE_DIR, translation
from reports.render import write_report
from tui.cli import main


class _TextNodes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.nodes: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.nodes.append(data.strip())


def _english_ui_texts(lang: str) -> set[str]:
    """English msgids that read differently in ``lang`` (``24/7`` and ``#`` do not)."""
    with (LOCALE_DIR / "en" / "LC_MESSAGES" / "tabletop.po").open("rb") as stream:
        catalog = read_po(stream)
    texts: set[str] = set()
    for message in catalog:
        for msgid in (message.id if isinstance(message.id, list | tuple) else (message.id,)):
            if msgid and "{" not in msgid and translation(lang).gettext(msgid) != msgid:
                texts.add(msgid)
    return texts


def _scenario_texts(path: Path) -> set[str]:
    from simulator.loader import load_scenario

    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.add(value)
        elif hasattr(type(value), "model_fields"):
            for name in type(value).model_fields:  # type: ignore[attr-defined]
                walk(getattr(value, name))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(key)
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    walk(load_scenario(path).scenario)
    return found


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("i18n") / "run"
    assert main(["run", "long-power-outage", "--out", str(out), "--lang", "en"]) == 0
    return out


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_report_has_no_english_ui_text(run_dir: Path, tmp_path: Path, lang: str) -> None:
    from simulator.library import resolve_scenario

    html = write_report(run_dir, "html", lang, tmp_path / f"r-{lang}.html")
    parser = _TextNodes()
    parser.feed(html.read_text(encoding="utf-8"))
    scenario = _scenario_texts(resolve_scenario("long-power-outage"))
    english = _english_ui_texts(lang) - scenario
    leaks = []
    for node in parser.nodes:
        for piece in {node, node.rstrip(":"), *node.split(": ")}:
            if piece.strip() in english:
                leaks.append(piece)
    assert leaks == []
    assert len(parser.nodes) > 200  # the comparison saw the whole report
    assert f'<html lang="{lang}">' in html.read_text(encoding="utf-8")
