"""Rendering the report model to one self-contained HTML file or to Markdown.

Jinja2 templates, never string concatenation: the HTML environment escapes every value
(autoescape on), so a scenario text with ``<script>`` or ``onerror=`` shows as text. The
Markdown environment escapes every value for Markdown instead (HTML specials as entities,
Markdown punctuation with a backslash), through ``finalize``. The HTML also carries a
Content-Security-Policy that allows no scripts and no requests: even an escaping mistake
could not load or run anything. Markdown reports link their charts as SVG files written
beside the report. The templates' labels are gettext calls (``_('Summary')``, the
``jinja2.ext.i18n`` extension), so Babel extracts them into the one ``tabletop`` catalogue;
each language gets its own environment with that catalogue installed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from reports.aar import ReportModel, build_report
from reports.i18n import translation
from reports.runfiles import RunFiles

TEMPLATES = Path(__file__).parent / "templates"
FORMATS = ("html", "md")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


def md_escape(value: Any) -> Any:
    """A value as Markdown text: nothing in it can become markup, a link or HTML."""
    if isinstance(value, Markup) or value is None:
        return "" if value is None else value
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"\s*\n\s*", " ", text)
    return _MD_SPECIAL.sub(r"\\\1", text)


def _environment(fmt: str, lang: str) -> Environment:
    if fmt == "html":
        env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                          undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                          keep_trailing_newline=True, extensions=["jinja2.ext.i18n"])
    else:
        env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=False,
                          finalize=md_escape, undefined=StrictUndefined, trim_blocks=True,
                          lstrip_blocks=True, keep_trailing_newline=True,
                          extensions=["jinja2.ext.i18n"])
    # Old-style gettext: a translation is a plain string, escaped like any other value.
    catalogue = translation(lang)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        lambda msgid: catalogue.gettext(msgid) if msgid else msgid, catalogue.ngettext,
        newstyle=False)
    return env


_ENVIRONMENTS: dict[tuple[str, str], Environment] = {}
"""One environment per (format, language), each with its catalogue installed."""


def render(model: ReportModel, fmt: str = "html", chart_files: dict[str, str] | None = None
           ) -> str:
    """The report text; ``chart_files`` maps chart names to the SVG files (Markdown)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected html or md")
    env = _ENVIRONMENTS.get((fmt, model.lang))
    if env is None:
        env = _ENVIRONMENTS[fmt, model.lang] = _environment(fmt, model.lang)
    template = env.get_template(f"report.{fmt}.j2")
    return template.render(m=model, charts=chart_files or {}, e=escape)


def default_output(run: Path, fmt: str, lang: str) -> Path:
    """``<run folder>/report-<lang>.<fmt>``."""
    folder = run if run.is_dir() else run.parent
    return folder / f"report-{lang}.{fmt}"


def write_report(run: Path, fmt: str = "html", lang: str = "en", out: Path | None = None,
                 *, files: RunFiles | None = None) -> Path:
    """Write the after-action report of a run folder or journal; returns the file written.

    Markdown reports also write their charts beside the file as ``<stem>-<chart>.svg``.
    ``files`` are the run's files when the caller has read them already. Raises
    :class:`reports.runfiles.ReportError` for a run that cannot be read.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected html or md")
    model = build_report(run if files is None else files, lang)
    target = out or default_output(run, fmt, lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    chart_files: dict[str, str] = {}
    if fmt == "md":
        for chart in model.charts:
            name = f"{target.stem}-{chart.name}.svg"
            (target.parent / name).write_text(
                "<?xml version='1.0' encoding='UTF-8'?>\n" + str(chart.svg) + "\n",
                encoding="utf-8")
            chart_files[chart.name] = name
    target.write_text(render(model, fmt, chart_files), encoding="utf-8")
    return target
