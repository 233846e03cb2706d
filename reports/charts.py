"""The report's charts as small, self-contained SVG documents.

Written by hand rather than with a plotting library: the charts are simple (state bands and
a step line), the output must be byte-for-byte reproducible for golden files, and the HTML
report must load nothing from outside. Every text that comes from the scenario is escaped
with ``markupsafe.escape``; the result is :class:`markupsafe.Markup`, safe to inline.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from reports.context import RunContext
from reports.i18n import fmt_sim_time
from reports.i18n import gettext as _

STATE_COLOURS = {"up": "#4c9a2a", "strained": "#e3b505", "degraded": "#e07b00",
                 "down": "#c0392b"}
"""Colours of the service states; also readable in greyscale print (light to dark)."""
LABEL_WIDTH = 230
PLOT_WIDTH = 460
ROW = 18
FONT = "font-family='DejaVu Sans, Arial, sans-serif' font-size='11'"


@dataclass(frozen=True)
class Chart:
    """One chart: a file name for the Markdown report, a caption and the SVG."""

    name: str
    caption: str
    svg: Markup


def _x(t: float, end: float) -> float:
    return LABEL_WIDTH + (PLOT_WIDTH * t / end if end > 0 else 0.0)


def _axis(end: float, top: float, bottom: float) -> list[str]:
    """Hour ticks every 6, 12 or 24 h (so that at most about 12 ticks show)."""
    hours = end / 60.0
    step = next((s for s in (1, 2, 3, 6, 12, 24, 48) if hours / s <= 6), 96)
    parts = []
    tick = 0
    while tick * 60 <= end + 1e-9:
        x = _x(tick * 60.0, end)
        parts.append(f"<line x1='{x:.1f}' y1='{top:.1f}' x2='{x:.1f}' y2='{bottom:.1f}' "
                     "stroke='#bbb' stroke-width='0.5'/>")
        parts.append(f"<text x='{x:.1f}' y='{bottom + 12:.1f}' text-anchor='middle' {FONT}>"
                     f"{escape(fmt_sim_time(tick * 60.0))}</text>")
        tick += step
    return parts


def availability_chart(ctx: RunContext, services: list[str]) -> Chart:
    """One band per service, coloured by its state over the run."""
    end = ctx.end
    height = 30 + ROW * len(services) + 40
    width = LABEL_WIDTH + PLOT_WIDTH + 20
    title = _("Service states over time", ctx.lang)
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
             f"viewBox='0 0 {width} {height}' role='img' aria-label='{escape(title)}'>",
             f"<title>{escape(title)}</title>"]
    top = 20.0
    for row, service in enumerate(services):
        y = top + row * ROW
        label = ctx.name("service", service)
        if len(label) > 34:
            label = label[:33] + "…"
        parts.append(f"<text x='{LABEL_WIDTH - 6}' y='{y + 12:.1f}' text-anchor='end' {FONT}>"
                     f"{escape(label)}</text>")
        parts.append(f"<rect x='{LABEL_WIDTH}' y='{y + 2:.1f}' width='{PLOT_WIDTH}' "
                     f"height='{ROW - 4}' fill='{STATE_COLOURS['up']}'/>")
        for state in ("strained", "degraded", "down"):
            for a, b in ctx.spans.get(service, {}).get(state, ()):
                x0, x1 = _x(a, end), _x(b, end)
                parts.append(f"<rect x='{x0:.2f}' y='{y + 2:.1f}' width='{max(x1 - x0, 0.5):.2f}' "
                             f"height='{ROW - 4}' fill='{STATE_COLOURS[state]}'/>")
    bottom = top + ROW * len(services)
    parts.extend(_axis(end, top, bottom))
    legend_y = bottom + 30
    x = float(LABEL_WIDTH)
    for state, colour in STATE_COLOURS.items():
        parts.append(f"<rect x='{x:.1f}' y='{legend_y - 9:.1f}' width='10' height='10' "
                     f"fill='{colour}'/>")
        parts.append(f"<text x='{x + 14:.1f}' y='{legend_y:.1f}' {FONT}>"
                     f"{escape(ctx.state(state))}</text>")
        x += 100
    parts.append("</svg>")
    return Chart("availability", title, Markup("".join(parts)))


def shared_picture_chart(ctx: RunContext) -> Chart | None:
    """The share of facts that everyone concerned knows, as a step line over the run."""
    series = ctx.score["information_flow"].get("shared_picture", {}).get("series") or []
    if not series:
        return None
    end = ctx.end
    title = _("Common situational picture: share of facts known to all concerned", ctx.lang)
    height, top, plot = 170, 15.0, 110.0
    width = LABEL_WIDTH + PLOT_WIDTH + 20
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
             f"viewBox='0 0 {width} {height}' role='img' aria-label='{escape(title)}'>",
             f"<title>{escape(title)}</title>"]
    for share in (0.0, 0.5, 1.0):
        y = top + plot * (1 - share)
        parts.append(f"<line x1='{LABEL_WIDTH}' y1='{y:.1f}' x2='{LABEL_WIDTH + PLOT_WIDTH}' "
                     f"y2='{y:.1f}' stroke='#ddd' stroke-width='0.5'/>")
        parts.append(f"<text x='{LABEL_WIDTH - 6}' y='{y + 4:.1f}' text-anchor='end' {FONT}>"
                     f"{int(share * 100)} %</text>")
    points = []
    for index, (t, share) in enumerate(series):
        stop = series[index + 1][0] if index + 1 < len(series) else end
        y = top + plot * (1 - share)
        points.append(f"{_x(t, end):.2f},{y:.2f} {_x(stop, end):.2f},{y:.2f}")
    parts.append(f"<polyline points='{' '.join(points)}' fill='none' stroke='#1f5fa8' "
                 "stroke-width='1.5'/>")
    parts.extend(_axis(end, top, top + plot))
    parts.append("</svg>")
    return Chart("shared-picture", title, Markup("".join(parts)))
