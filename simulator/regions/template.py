"""Region templates: the services every municipality and county has, and how they depend.

A region file for a real county is the same few dozen services repeated for each of its
municipalities (power distribution, water supply, home care, …) plus the county's own
(hospital, rescue services). A template says that once: organisation *roles* and services,
each at a level (``municipality``, ``county``, or once for the whole ``region`` file), with
dependencies named by template key. :mod:`simulator.regions.region` repeats it over the
real data. Facilitators edit their own copy (``tabletop region --services FILE``), so a bad
template is reported like a bad scenario: every problem, as ``file:line:col: message``.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from yaml.nodes import MappingNode, Node, SequenceNode

from simulator.diagnostics import Diagnostic, ScenarioError, did_you_mean
from simulator.fields import Id, SpanField, Text
from simulator.model import OrgKind

TEMPLATE_FORMAT = "tabletop-region-template/1"
Level = Literal["municipality", "county", "region"]
RANK: dict[str, int] = {"municipality": 0, "county": 1, "region": 2}
"""A record may refer to roles and services of its own level or a wider one (and a
county-level record to the municipality level: the county seat's)."""

Share = Annotated[float, Field(ge=0.0, le=1.0)]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RoleTemplate(_Record):
    """An organisation that exists once per municipality, per county or per region file."""

    role: Id
    per: Level
    kind: OrgKind = "other"
    duty: Literal["24/7", "office-hours"] = "24/7"
    name: Text


class DependencyTemplate(_Record):
    service: Id
    """A template service key."""
    tolerance: SpanField | None = None
    refill: Literal["auto", "manual"] = "auto"
    effect: Literal["down", "degraded"] = "down"


class ServiceTemplate(_Record):
    key: Id
    per: Level
    owner: Id
    """A role."""
    name: Text
    population: Share = 0.0
    """Share of the residents of the place (municipality, county, region) served."""
    vulnerable: Share = 0.0
    """Vulnerable clients served, as a share of the residents of the place."""
    critical: bool = False
    detect: SpanField | None = None
    restore: SpanField | None = None
    depends_on: tuple[DependencyTemplate, ...] = ()


class ChannelTemplate(_Record):
    key: Id
    name: Text
    latency: SpanField | None = None
    depends_on: tuple[Id, ...] = ()
    """Region-level service keys."""


class ResourceTemplate(_Record):
    key: Id
    per: Level
    owner: Id
    name: Text
    count: int = Field(default=1, ge=0)


class Template(_Record):
    """A whole template file."""

    format: Literal["tabletop-region-template/1"]
    description: Text | None = None
    organisations: tuple[RoleTemplate, ...]
    services: tuple[ServiceTemplate, ...]
    channels: tuple[ChannelTemplate, ...] = ()
    resources: tuple[ResourceTemplate, ...] = ()


def builtin_templates() -> list[str]:
    """Names of the templates shipped in ``simulator/regions/templates/``."""
    folder = importlib.resources.files(__package__).joinpath("templates")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def template_text(arg: str) -> tuple[str, str]:
    """The name to show and the text of template ``arg``: a file path or a built-in name."""
    path = Path(arg)
    if path.is_file():
        try:
            return arg, path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ScenarioError(Diagnostic(arg, 1, 1, "", f"cannot read: {exc}")) from None
    names = builtin_templates()
    if arg not in names:
        message = (
            f"no such file or built-in template '{arg}'{did_you_mean(arg, names)}; "
            f"built-in templates: {', '.join(names)}"
        )
        raise ScenarioError(Diagnostic(arg, 1, 1, "", message))
    folder = importlib.resources.files(__package__).joinpath("templates")
    return arg, folder.joinpath(f"{arg}.yaml").read_text("utf-8")


def load_template(arg: str = "default") -> Template:
    """Parse and check a template; raises :class:`ScenarioError` with every problem."""
    name, text = template_text(arg)
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader)
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = getattr(exc, "problem", None) or str(exc)
        raise ScenarioError(Diagnostic(name, line, col, "", f"not valid YAML: {problem}")) from None
    if not isinstance(data, dict) or not isinstance(root, MappingNode):
        raise ScenarioError(Diagnostic(name, 1, 1, "", "expected a mapping (a template file)"))
    try:
        template = Template.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(
            _at(name, root, tuple(e["loc"]), e["msg"]) for e in exc.errors()
        ) from None
    problems = [_at(name, root, loc, message) for loc, message in check_template(template)]
    if problems:
        raise ScenarioError(problems)
    return template


def check_template(template: Template) -> list[tuple[tuple[str | int, ...], str]]:
    """Cross-references of a template: unique roles and keys, reachable owners and services."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    roles: dict[str, str] = {}
    for i, org in enumerate(template.organisations):
        if org.role in roles:
            problems.append((("organisations", i, "role"), f"role '{org.role}' given twice"))
        roles.setdefault(org.role, org.per)
    keys: dict[str, str] = {}
    for i, service in enumerate(template.services):
        if service.key in keys:
            problems.append((("services", i, "key"), f"service key '{service.key}' given twice"))
        keys.setdefault(service.key, service.per)

    def reach(loc: tuple[str | int, ...], kind: str, name: str, known: dict[str, str],
              per: str) -> None:  # fmt: skip
        if name not in known:
            problems.append((loc, f"unknown {kind} '{name}'{did_you_mean(name, known)}"))
        elif RANK[known[name]] < RANK[per] and not (per == "county" and kind == "service"):
            problems.append(
                (loc, f"a {per}-level record cannot use the {known[name]}-level {kind} '{name}'")
            )

    for i, service in enumerate(template.services):
        reach(("services", i, "owner"), "role", service.owner, roles, service.per)
        for j, dep in enumerate(service.depends_on):
            reach(("services", i, "depends_on", j, "service"), "service", dep.service, keys,
                  service.per)  # fmt: skip
    for i, channel in enumerate(template.channels):
        for j, key in enumerate(channel.depends_on):
            reach(("channels", i, "depends_on", j), "service", key, keys, "region")
    for i, resource in enumerate(template.resources):
        reach(("resources", i, "owner"), "role", resource.owner, roles, resource.per)
    return problems


def _at(name: str, root: Node, loc: tuple[str | int, ...], message: str) -> Diagnostic:
    node, path = root, ""
    for step in loc:
        if isinstance(step, int) and isinstance(node, SequenceNode):
            if step < len(node.value):
                node = node.value[step]
            path += f"[{step}]"
        elif isinstance(step, str) and isinstance(node, MappingNode):
            path = f"{path}.{step}" if path else step
            for key, value in node.value:
                if key.value == step:
                    node = value
                    break
        else:
            break
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    return Diagnostic(name, line, col, path, message)
