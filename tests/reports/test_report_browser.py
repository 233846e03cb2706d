"""The HTML report in a real headless Chromium: it loads without console errors and without
a single network request, a scenario carrying script payloads executes nothing, and it
prints on A4. A screenshot of the first page and the printed PDF are kept as artefacts.

Needs Debian's ``chromium`` (``apt-get install -y chromium``; CI installs it); without it the
test is skipped, saying so. Artefacts go to ``$TABLETOP_ARTEFACTS`` or
``build/test-artefacts/reports/`` (the folder is printed).
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from reports.render import write_report
from tests.reports.cdp import Browser, find_chromium
from tests.reports.helpers import make_run
from tests.reports.test_report import PAYLOAD_IMG, PAYLOAD_SCRIPT, _hostile

CHROMIUM = find_chromium()
ROOT = Path(__file__).resolve().parents[2]
ARTEFACTS = Path(os.environ.get("TABLETOP_ARTEFACTS",
                                ROOT / "build" / "test-artefacts" / "reports"))

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="headless Chromium not installed (apt-get install -y chromium); the HTML report "
           "was not checked in a browser")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    assert CHROMIUM is not None
    opened = Browser(CHROMIUM, tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield opened
    finally:
        opened.close()


def _load(browser: Browser, page: Path) -> tuple[list[str], list[str]]:
    """Open ``page``; return (requested URLs, console errors) seen while it loaded."""
    browser.events.clear()
    browser.call("Page.navigate", session=True, url=page.as_uri())
    browser.wait_for("Page.loadEventFired")
    browser.settle(0.5)
    urls, errors = [], []
    for event in browser.events:
        method, params = event["method"], event.get("params", {})
        if method == "Network.requestWillBeSent":
            urls.append(params["request"]["url"])
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert",
                                                                              "warning"):
            errors.append(" ".join(str(a.get("value", a.get("description"))) for a in
                                   params.get("args", [])))
        elif method == "Runtime.exceptionThrown":
            errors.append(params["exceptionDetails"].get("text", "exception"))
        elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
            errors.append(params["entry"]["text"])
    return urls, errors


def _evaluate(browser: Browser, expression: str) -> object:
    return browser.call("Runtime.evaluate", session=True, expression=expression,
                        returnByValue=True)["result"].get("value")


def test_report_loads_cleanly_and_prints_on_a4(browser: Browser, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    page = write_report(make_run(tmp_path / "run"), "html", "fi", tmp_path / "report.html")
    urls, errors = _load(browser, page)
    assert urls == [page.as_uri()]  # the page itself, and nothing else
    assert errors == []
    assert _evaluate(browser, "document.querySelectorAll('h2').length") == 9
    assert _evaluate(browser, "document.querySelectorAll('svg').length") == 2
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    shot = browser.call("Page.captureScreenshot", session=True, format="png")
    (ARTEFACTS / "report-first-page.png").write_bytes(base64.b64decode(shot["data"]))
    pdf = base64.b64decode(browser.call("Page.printToPDF", session=True,
                                        preferCSSPageSize=True, printBackground=True)["data"])
    (ARTEFACTS / "report.pdf").write_bytes(pdf)
    boxes = set(re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf))
    assert boxes and all(abs(float(w) - 595.3) < 1 and abs(float(h) - 841.9) < 1
                         for w, h in boxes), boxes  # A4 in points
    assert len(re.findall(rb"/Type /Page\b", pdf)) >= 5  # sections start on new pages
    with capsys.disabled():
        print(f"\nreport artefacts (screenshot, PDF): {ARTEFACTS}")


def test_script_payloads_in_a_scenario_execute_nothing(browser: Browser,
                                                       tmp_path: Path) -> None:
    note = {"t": 30.0, "type": "note", "text": f"{PAYLOAD_SCRIPT} {PAYLOAD_IMG}"}
    run = make_run(tmp_path / "run", _hostile(tmp_path), (note,))
    page = write_report(run, "html", "en", tmp_path / "hostile.html")
    urls, errors = _load(browser, page)
    assert urls == [page.as_uri()]  # the payload's <img src=x> would have requested x
    assert errors == []  # a blocked inline script would have logged a CSP error
    title = _evaluate(browser, "document.title")
    assert title == f"After-action report: Small storm {PAYLOAD_SCRIPT}"
    assert _evaluate(browser, "document.querySelectorAll('script, img, iframe').length") == 0
    body = _evaluate(browser, "document.body.innerText")
    assert isinstance(body, str) and PAYLOAD_IMG.replace("'pwned'", "pwned") in body


def test_the_probe_sees_requests_errors_and_scripts(browser: Browser, tmp_path: Path) -> None:
    """Control: a page that does request, log an error and run a script is caught, so the
    clean results above mean something."""
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><title>x</title><img src='http://example.invalid/a.png'>"
                    "<script>console.error('boom'); document.title = 'ran';</script>",
                    encoding="utf-8")
    urls, errors = _load(browser, page)
    assert "http://example.invalid/a.png" in urls
    assert "boom" in errors
    assert _evaluate(browser, "document.title") == "ran"
