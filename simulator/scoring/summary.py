"""The short text a facilitator reads first: headline scores and the three best and three
worst interfaces, in the drill's language.

The console and the reports both show it, so it is built here from ``score.json`` alone
(no printing: callers decide where the lines go).
"""

from __future__ import annotations

from typing import Any

from simulator.fields import text_in
from simulator.model import Scenario
from simulator.scoring.interfaces import ranked

_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "objectives": "Objectives: {met}/{total} met (P {P}, S {S}, M {M}, U {U})",
        "information": (
            "Information flow: {known}/{relevant} relevant facts known, median delay "
            "{median} min, p90 {p90} min, score {score}"
        ),
        "coordination": (
            "Coordination: score {score}; late: {late}; unassigned: {unassigned}; "
            "wrong organisation: {wrong}"
        ),
        "best": "Best interfaces:",
        "worst": "Worst interfaces:",
        "none": "No interfaces: no fact had to cross between organisations.",
        "interface": (
            "  {sender} → {receiver}: {facts} facts, {told} told by message, {missed} never "
            "known, median lag {lag} min, score {score}"
        ),
    },
    "fi": {
        "objectives": "Tavoitteet: {met}/{total} saavutettu (P {P}, S {S}, M {M}, U {U})",
        "information": (
            "Tiedonkulku: {known}/{relevant} olennaista tietoa tiedossa, mediaaniviive "
            "{median} min, p90 {p90} min, pisteet {score}"
        ),
        "coordination": (
            "Koordinaatio: pisteet {score}; myöhässä: {late}; ilman vastuutahoa: "
            "{unassigned}; väärä organisaatio: {wrong}"
        ),
        "best": "Parhaat yhdyspinnat:",
        "worst": "Heikoimmat yhdyspinnat:",
        "none": "Ei yhdyspintoja: mikään tieto ei joutunut kulkemaan organisaatiolta toiselle.",
        "interface": (
            "  {sender} → {receiver}: {facts} tietoa, {told} viestillä, {missed} ei koskaan "
            "tiedossa, mediaaniviive {lag} min, pisteet {score}"
        ),
    },
    "sv": {
        "objectives": "Mål: {met}/{total} uppnådda (P {P}, S {S}, M {M}, U {U})",
        "information": (
            "Informationsflöde: {known}/{relevant} relevanta fakta kända, medianfördröjning "
            "{median} min, p90 {p90} min, poäng {score}"
        ),
        "coordination": (
            "Samordning: poäng {score}; försenade: {late}; utan ansvarig: {unassigned}; "
            "fel organisation: {wrong}"
        ),
        "best": "Bästa gränsytorna:",
        "worst": "Svagaste gränsytorna:",
        "none": "Inga gränsytor: inget faktum behövde gå mellan organisationer.",
        "interface": (
            "  {sender} → {receiver}: {facts} fakta, {told} via meddelande, {missed} aldrig "
            "kända, medianfördröjning {lag} min, poäng {score}"
        ),
    },
}


def score_summary(score: dict[str, Any], scenario: Scenario, lang: str = "en") -> list[str]:
    """Headline lines for objectives, information flow and coordination, then the three
    best and three worst interfaces with their figures (see ``docs/scoring.md``)."""
    texts = _TEXTS.get(lang, _TEXTS["en"])
    names = {org.id: text_in(org.name, lang, org.id) for org in scenario.organisations}
    summary = score.get("objectives_summary", {})
    ratings = summary.get("ratings", {})
    flow = score["information_flow"]
    work = score["coordination"]
    lines = [
        texts["objectives"].format(
            met=summary.get("met", 0),
            total=summary.get("total", 0),
            **{key: ratings.get(key, 0) for key in ("P", "S", "M", "U")},
        ),
        texts["information"].format(
            known=flow["known"],
            relevant=flow["relevant"],
            median=_figure(flow["median_delay"]),
            p90=_figure(flow["p90_delay"]),
            score=_figure(flow["score"]),
        ),
        texts["coordination"].format(
            score=_figure(work["score"]),
            late=_names(work["late"]),
            unassigned=_names(work["unassigned"]),
            wrong=_names(work.get("wrong_org", [])),
        ),
    ]
    found: dict[str, dict[str, Any]] = flow.get("interfaces", {})
    if not found:
        lines.append(texts["none"])
        return lines
    best, worst = ranked(found)
    for title, keys in (("best", best), ("worst", worst)):
        if not keys:
            continue
        lines.append(texts[title])
        for key in keys:
            item = found[key]
            lines.append(
                texts["interface"].format(
                    sender=names.get(item["from"], item["from"]),
                    receiver=names.get(item["to"], item["to"]),
                    facts=item["facts"],
                    told=item["told"],
                    missed=item["missed"],
                    lag=_figure(item["median_lag"]),
                    score=_figure(item["score"]),
                )
            )
    return lines


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _names(ids: list[str]) -> str:
    return ", ".join(ids) if ids else "–"
