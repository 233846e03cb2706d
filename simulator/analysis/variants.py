"""The what-ifs of a criticality analysis: the scenario with one thing changed.

A :class:`Variant` names one change; :func:`apply_variant` makes it, from the validated
scenario, without parsing anything again (``model_copy``):

- ``fail``: the service fails at ``t = 0`` (a facilitator ``fail`` input at 0, so it stays
  down until an inject or a ``repair`` brings it back, exactly as in a drill);
- ``halve``: every reserve the service holds (the ``tolerance`` of each of its
  ``depends_on``, both ends of a range) is halved;
- ``rule``: the playbook rule is left out;
- ``responsibility``: the agreement is missing: the task keeps its trigger (so it is still
  triggered, and scored as unassigned), but has no lead, and every playbook rule that
  activates it is left out. Its supporters stay listed (they are still concerned by the
  trigger), but nobody acts on it unless a facilitator input does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from simulator.fields import Span
from simulator.inputs import AdHocInject, Input
from simulator.model import Scenario, Service

VariantKind = Literal["base", "fail", "halve", "rule", "responsibility"]


@dataclass(frozen=True, slots=True)
class Variant:
    """One change to the scenario; ``base`` is the scenario as written."""

    kind: VariantKind
    target: str = ""


BASE = Variant("base")


def apply_variant(scenario: Scenario, variant: Variant) -> tuple[Scenario, tuple[Input, ...]]:
    """The scenario with ``variant`` made, and the inputs it adds (before any others)."""
    kind, target = variant.kind, variant.target
    if kind == "base":
        return scenario, ()
    if kind == "fail":
        return scenario, (AdHocInject(0.0, "fail", target=target),)
    if kind == "halve":
        services = tuple(_halved(s) if s.id == target else s for s in scenario.services)
        return scenario.model_copy(update={"services": services}), ()
    if kind == "rule":
        playbook = tuple(r for r in scenario.playbook if r.id != target)
        return scenario.model_copy(update={"playbook": playbook}), ()
    responsibilities = tuple(
        r.model_copy(update={"lead": None}) if r.id == target else r
        for r in scenario.responsibilities
    )
    playbook = tuple(
        r for r in scenario.playbook if not (r.do == "activate" and r.task == target)
    )
    update = {"responsibilities": responsibilities, "playbook": playbook}
    return scenario.model_copy(update=update), ()


def _halved(service: Service) -> Service:
    deps = tuple(
        d.model_copy(update={"tolerance": Span.model_construct(
            min=d.tolerance.min / 2, max=d.tolerance.max / 2)})
        for d in service.depends_on
    )
    return service.model_copy(update={"depends_on": deps})


def service_variants(scenario: Scenario, cap: int) -> tuple[list[Variant], list[Variant]]:
    """The ``fail`` and ``halve`` variants of the services analysed.

    Every service when there are at most ``cap``; otherwise the critical ones first, then
    those with the most population and vulnerable clients, up to ``cap``. A service that
    holds no reserve (no dependency with a tolerance above 0) has no ``halve`` variant.
    """
    ranked = sorted(scenario.services,
                    key=lambda s: (not s.critical, -(s.population + s.vulnerable)))
    chosen = {s.id for s in ranked[:cap]}
    services = [s for s in scenario.services if s.id in chosen]
    failed = [Variant("fail", s.id) for s in services]
    halved = [Variant("halve", s.id) for s in services
              if any(d.tolerance.max > 0 for d in s.depends_on)]
    return failed, halved


def agreement_variants(scenario: Scenario) -> list[Variant]:
    """A ``rule`` variant per playbook rule, then a ``responsibility`` one per agreement."""
    rules = [Variant("rule", r.id) for r in scenario.playbook]
    return rules + [Variant("responsibility", r.id) for r in scenario.responsibilities]


def all_variants(scenario: Scenario, cap: int) -> Iterable[Variant]:
    failed, halved = service_variants(scenario, cap)
    yield from failed
    yield from halved
    yield from agreement_variants(scenario)


__all__ = [
    "BASE",
    "Variant",
    "VariantKind",
    "agreement_variants",
    "all_variants",
    "apply_variant",
    "service_variants",
]
