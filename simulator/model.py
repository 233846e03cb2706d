"""The scenario model: frozen, typed records for everything in scenario format v1.

One pydantic model serves three purposes: it validates what the loader read (unknown keys
are errors, ``x-`` keys having been set aside by the loader), it is the typed value the
engine compiles, and it generates the JSON Schema that editors use (``tabletop schema``).
Durations are parsed to minutes here, so nothing downstream handles duration strings.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Discriminator, Field, Tag, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from simulator.fields import ZERO, Id, Record, Span, SpanField, Text, check_plain

FORMAT = "tabletop/1"

State = Literal["up", "strained", "degraded", "down"]
"""A service state; the order of :data:`SEVERITY` is 'worst applies'."""
SEVERITY: dict[str, int] = {"up": 0, "strained": 1, "degraded": 2, "down": 3}
TriggerState = Literal["down", "degraded", "strained"]
OrgKind = Literal[
    "municipality",
    "wellbeing-county",
    "rescue-services",
    "police",
    "utility",
    "company",
    "state-agency",
    "ngo",
    "other",
]


# --- organisations, services, channels, resources ----------------------------------------


class Contact(Record):
    """A contact person or role of an organisation, shown in the console and the report."""

    role: Text
    name: Annotated[str, BeforeValidator(check_plain)] | None = None
    channels: tuple[Id, ...] = ()
    """Channel ids this contact is reached by (informational)."""


class Organisation(Record):
    """A municipality, wellbeing services county, utility or other party to the exercise."""

    id: Id
    name: Text | None = None
    kind: OrgKind = "other"
    duty: Literal["24/7", "office-hours"] = "24/7"
    """``office-hours``: messages are delivered Mon–Fri 08:00–16:00 local time only."""
    contacts: tuple[Contact, ...] = ()


class Dependency(Record):
    """A service's need for another service, with the reserve that bridges its loss."""

    service: Id
    tolerance: SpanField = ZERO
    """How long the dependent copes without the provider (the reserve)."""
    refill: Literal["auto", "manual"] = "auto"
    effect: Literal["down", "degraded"] = "down"


class Service(Record):
    """A service run by one organisation; its state follows its dependencies and injects."""

    id: Id
    name: Text | None = None
    owner: Id
    population: int = Field(default=0, ge=0)
    vulnerable: int = Field(default=0, ge=0)
    critical: bool = False
    detect: SpanField = ZERO
    restore: SpanField = ZERO
    depends_on: tuple[Dependency, ...] = ()


class Channel(Record):
    """A way to send messages; it works while none of the services it depends on is down."""

    id: Id
    name: Text | None = None
    latency: SpanField = ZERO
    depends_on: tuple[Id, ...] = ()


class Resource(Record):
    """A pool of ``count`` units (tankers, generators, staff teams) that actions hold."""

    id: Id
    name: Text | None = None
    owner: Id | None = None
    count: int = Field(default=1, ge=0)


# --- facts, responsibilities ------------------------------------------------------------


class Fact(Record):
    """A service entering a state: the subject of knowledge, messages and triggers."""

    service: Id
    state: State


class Trigger(Record):
    """The fact that triggers a task; ``up`` is not a trigger."""

    service: Id
    state: TriggerState


class Need(Record):
    """Units of a resource that an action or task holds."""

    resource: Id
    count: int = Field(default=1, ge=1)


class Mitigation(Record):
    """The share of a service's population impact a task removes while in effect."""

    service: Id
    share: float = Field(ge=0.0, le=1.0)


def _as_tuple(value: object) -> object:
    return [value] if isinstance(value, (dict, str)) else value


class Responsibility(Record):
    """One row of the interface agreement: a task, who leads, who supports, who pays."""

    id: Id
    task: Text
    trigger: Trigger
    lead: Id | None = None
    """Organisation id; leaving it out marks an unassigned task."""
    support: tuple[Id, ...] = ()
    cost: Id | None = None
    """Organisation id or ``shared``."""
    within: SpanField | None = None
    setup: SpanField = ZERO
    needs: Need | None = None
    mitigates: Annotated[tuple[Mitigation, ...], BeforeValidator(_as_tuple)] = ()
    """One mitigation or a list of them."""


# --- playbook ---------------------------------------------------------------------------


class RuleBase(Record):
    """Fields every playbook rule has: who, on which fact, after what reaction time."""

    id: Id
    by: Id
    when: Fact
    after: SpanField = ZERO
    text: Text | None = None


class NotifyRule(RuleBase):
    do: Literal["notify"]
    to: Annotated[tuple[Id, ...], BeforeValidator(_as_tuple), Field(min_length=1)]
    via: Annotated[tuple[Id, ...], BeforeValidator(_as_tuple), Field(min_length=1)]
    retry: SpanField = Span.of(30.0)


class ActivateRule(RuleBase):
    do: Literal["activate"]
    task: Id


class SupplyRule(RuleBase):
    do: Literal["supply"]
    target: Id
    dependency: Id
    amount: SpanField
    needs: Need | None = None
    takes: SpanField = ZERO


class RepairRule(RuleBase):
    do: Literal["repair"]
    target: Id
    needs: Need | None = None
    takes: SpanField = ZERO


class ConveneRule(RuleBase):
    do: Literal["convene"]
    members: Annotated[tuple[Id, ...], Field(min_length=1)]
    via: Annotated[tuple[Id, ...], BeforeValidator(_as_tuple), Field(min_length=1)]


Rule = Annotated[
    NotifyRule | ActivateRule | SupplyRule | RepairRule | ConveneRule,
    Field(discriminator="do"),
]


# --- injects ----------------------------------------------------------------------------


class InjectBase(Record):
    id: Id
    at: SpanField | None = None
    optional: bool = False
    """Held back: fired only when the facilitator fires it."""
    text: Text | None = None

    @model_validator(mode="after")
    def _scheduled(self) -> InjectBase:
        if self.at is None and not self.optional:
            raise PydanticCustomError(
                "missing_at", "an inject needs 'at' unless it is held back with 'optional: true'"
            )
        return self


class ServiceInject(InjectBase):
    do: Literal["fail", "degrade", "restore"]
    target: Id


class MessageInject(InjectBase):
    do: Literal["message"]
    to: Annotated[tuple[Id, ...], BeforeValidator(_as_tuple), Field(min_length=1)]
    about: Fact | None = None


def _inject_kind(value: Any) -> str | None:
    do = value.get("do") if isinstance(value, dict) else getattr(value, "do", None)
    if do in ("fail", "degrade", "restore"):
        return "service"
    return "message" if do == "message" else None


Inject = Annotated[
    Annotated[ServiceInject, Tag("service")] | Annotated[MessageInject, Tag("message")],
    Discriminator(
        _inject_kind,
        custom_error_type="inject_do",
        custom_error_message="'do' must be one of fail, degrade, restore, message",
    ),
]


# --- objectives -------------------------------------------------------------------------


class KnowsExpect(Record):
    """An organisation knows the first occurrence of a fact within a time."""

    org: Id
    knows: Fact
    within: SpanField | None = None


class ActiveExpect(Record):
    """A task is activated within a time of its first trigger."""

    task: Id
    active: bool = True
    within: SpanField | None = None


class NeverExpect(Record):
    """A service is never in a state during the whole run."""

    service: Id
    never: State


def _expect_kind(value: Any) -> str | None:
    keys = set(value) if isinstance(value, dict) else set(getattr(type(value), "model_fields", ()))
    for key in ("knows", "active", "never"):
        if key in keys:
            return key
    if isinstance(value, dict) and "task" in value:
        return "active"
    return None


Expect = Annotated[
    Annotated[KnowsExpect, Tag("knows")]
    | Annotated[ActiveExpect, Tag("active")]
    | Annotated[NeverExpect, Tag("never")],
    Discriminator(
        _expect_kind,
        custom_error_type="expect_kind",
        custom_error_message=(
            "expected exactly one of {org, knows, within}, {task, active, within} "
            "or {service, never}"
        ),
    ),
]


class Objective(Record):
    id: Id
    text: Text | None = None
    expect: Expect


# --- the scenario -----------------------------------------------------------------------


class Clock(Record):
    start: datetime
    """Wall-clock label of t = 0 (ISO 8601 with offset)."""
    duration: SpanField

    @field_validator("start")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise PydanticCustomError(
                "naive_time", "give the time with its UTC offset, e.g. 2026-01-14T06:00:00+02:00"
            )
        return value


class Scenario(Record):
    """A whole scenario, its included lists already prepended."""

    format: Literal["tabletop/1"]
    id: Id
    title: Text | None = None
    summary: Text | None = None
    include: tuple[str, ...] = ()
    clock: Clock
    seed: int = 0
    organisations: tuple[Organisation, ...]
    services: tuple[Service, ...]
    channels: tuple[Channel, ...] = ()
    resources: tuple[Resource, ...] = ()
    responsibilities: tuple[Responsibility, ...] = ()
    playbook: tuple[Rule, ...] = ()
    injects: tuple[Inject, ...] = ()
    objectives: tuple[Objective, ...] = ()
    extensions: SkipJsonSchema[dict[str, Any]] = Field(default_factory=dict, exclude=True)
    """The top-level ``x-`` keys (e.g. ``x-sources``), kept for reports, ignored otherwise."""


class RegionFile(Record):
    """An included file: shared lists of organisations, services and agreements, no clock."""

    format: Literal["tabletop/1"]
    id: Id | None = None
    title: Text | None = None
    include: tuple[str, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    services: tuple[Service, ...] = ()
    channels: tuple[Channel, ...] = ()
    resources: tuple[Resource, ...] = ()
    responsibilities: tuple[Responsibility, ...] = ()
    playbook: tuple[Rule, ...] = ()


LISTS = ("organisations", "services", "channels", "resources", "responsibilities", "playbook")
"""The lists an included file contributes (prepended to the including file's lists)."""
