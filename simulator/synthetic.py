"""Generated scenarios of any size, for benchmarks and property tests.

Hand-written scenarios have tens of services; the loader, the engine and the console must
also cope with a national-scale file of ten thousand. This module writes such files with the
shape of a real region scaled up: layers of infrastructure that depend mostly on the layers
below them (power at the bottom, municipal services at the top), a few power <-> telecom
cycles bridged by reserves, channels that need the mobile network, an interface agreement,
a playbook, an MSEL that fails a few per cent of the power grid, and objectives.

The output is plain data in the scenario format (durations as strings), deterministic per
seed: the generator owns its ``random.Random`` and never touches the global one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import yaml

from simulator.durations import format_minutes

Data = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Layer:
    """One layer of the region: its services, who runs them and how much of the region it is."""

    key: str
    share: float
    kind: str
    org: tuple[str, str, str]
    """Organisation name in fi, sv, en (a number is appended)."""
    service: tuple[str, str, str]
    """Service name in fi, sv, en (a number is appended)."""


LAYERS: tuple[Layer, ...] = (
    Layer("power", 0.10, "utility", ("Energiayhtiö", "Energibolag", "Energy company"),
          ("Sähkönjakelu", "Eldistribution", "Power distribution")),
    Layer("telecom", 0.12, "company", ("Teleoperaattori", "Teleoperatör", "Telecom operator"),
          ("Matkaviestinverkko", "Mobilnät", "Mobile network")),
    Layer("water", 0.12, "utility", ("Vesihuoltolaitos", "Vattenverk", "Water utility"),
          ("Talousvedenjakelu", "Dricksvattendistribution", "Drinking water supply")),
    Layer("heat", 0.10, "utility",
          ("Kaukolämpöyhtiö", "Fjärrvärmebolag", "District heating company"),
          ("Kaukolämpö", "Fjärrvärme", "District heating")),
    Layer("health", 0.16, "wellbeing-county",
          ("Hyvinvointialue", "Välfärdsområde", "Wellbeing services county"),
          ("Terveysasema", "Hälsostation", "Health centre")),
    Layer("care", 0.16, "wellbeing-county",
          ("Sosiaalipalvelut", "Socialtjänsten", "Social services"),
          ("Kotihoito", "Hemvård", "Home care")),
    Layer("municipal", 0.24, "municipality", ("Kunta", "Kommun", "Municipality"),
          ("Kunnan palvelu", "Kommunal tjänst", "Municipal service")),
)  # fmt: skip
"""Bottom to top: services depend mostly on the layers below them."""

TOLERANCES = ("0m", "30m", "2h", "6h", "12h", "24h")
START = "2026-01-14T06:00:00+02:00"


def _text(names: tuple[str, str, str], number: int) -> dict[str, str]:
    return {lang: f"{name} {number}" for lang, name in zip(("fi", "sv", "en"), names, strict=True)}


def _split(total: int, weights: list[float]) -> list[int]:
    """``total`` split in proportion to ``weights``, largest remainders first, summing exactly."""
    raw = [total * w / sum(weights) for w in weights]
    counts = [int(r) for r in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: (counts[i] - raw[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


class _Builder:
    """Builds one scenario; holds the generator's random state and the ids made so far."""

    def __init__(self, services: int, seed: int, orgs: int, hours: float) -> None:
        self.rng = random.Random(seed)
        self.hours = hours
        self.layer_orgs: list[list[str]] = [[] for _ in LAYERS]
        self.organisations: list[Data] = []
        for i in range(orgs):
            layer = LAYERS[i % len(LAYERS)]
            number = i // len(LAYERS) + 1
            org_id = f"{layer.key}-org-{number}"
            self.layer_orgs[i % len(LAYERS)].append(org_id)
            self.organisations.append(
                {"id": org_id, "name": _text(layer.org, number), "kind": layer.kind}
            )
        for i, owners in enumerate(self.layer_orgs):
            if not owners:
                owners.append(self.layer_orgs[i % orgs][0])
        counts = _split(services, [layer.share for layer in LAYERS])
        self.layer_services: list[list[str]] = [
            [f"{layer.key}-{n + 1}" for n in range(count)]
            for layer, count in zip(LAYERS, counts, strict=True)
        ]
        self.owner: dict[str, str] = {}
        self.manual: list[tuple[str, str]] = []
        self.critical: list[str] = []
        self.feeds: dict[str, str] = {}
        """Telecom service -> the power service whose grid automation it carries (a cycle)."""

    def duration(self, choices: tuple[str, ...] = TOLERANCES) -> str | Data:
        value = self.rng.choice(choices)
        if value != "0m" and self.rng.random() < 0.1:
            return {"min": "0m", "max": value}
        return value

    def near(self, layer: int, fraction: float) -> str:
        """A service of ``layer`` near the same relative position (the same area)."""
        candidates = self.layer_services[layer]
        centre = int(fraction * len(candidates))
        spread = max(2, len(candidates) // 20)
        index = min(len(candidates) - 1, max(0, centre + self.rng.randint(-spread, spread)))
        return candidates[index]

    def service(self, layer_index: int, position: int) -> Data:
        layer, rng = LAYERS[layer_index], self.rng
        ids = self.layer_services[layer_index]
        owners = self.layer_orgs[layer_index]
        fraction = position / len(ids)
        service_id = ids[position]
        owner = owners[int(fraction * len(owners))]
        self.owner[service_id] = owner
        # Service names in Finnish only, as in many real files; organisations have all three.
        data: Data = {
            "id": service_id,
            "name": f"{layer.service[0]} {position + 1}",
            "owner": owner,
        }
        if layer.key == "care":
            data["vulnerable"] = rng.randrange(10, 400)
        elif layer.key != "telecom":
            data["population"] = rng.randrange(500, 20000, 100)
        if layer.key in ("power", "water", "health") and rng.random() < 0.07:
            data["critical"] = True
            self.critical.append(service_id)
        detect = rng.choice(("0m", "0m", "0m", "0m", "5m", "15m", "30m"))
        restore = self.duration(("0m", "0m", "30m", "1h", "2h", "4h"))
        if detect != "0m":
            data["detect"] = detect
        if restore != "0m":
            data["restore"] = restore
        lower = [i for i in range(layer_index) if self.layer_services[i]]
        depends: list[Data] = []
        if lower:
            wanted = min(len(lower), rng.choice((1, 1, 1, 1, 2, 2, 2, 3)))
            layers = sorted({0, *rng.sample(lower, wanted)} & set(lower))[:wanted]
            for provider_layer in layers:
                provider = self.near(provider_layer, fraction)
                if provider_layer == 0:
                    provider = self.feeds.get(service_id, provider)
                depends.append(self.dependency(service_id, provider))
        telecom = self.layer_services[1]
        if layer.key == "power" and telecom and rng.random() < 0.05:
            # Grid automation needs the mobile network, which needs this grid: a cycle,
            # bridged by reserves on both sides.
            link = self.near(1, fraction)
            if link not in self.feeds:
                self.feeds[link] = service_id
                depends.append({"service": link, "tolerance": rng.choice(("6h", "12h"))})
        if depends:
            data["depends_on"] = depends
        return data

    def dependency(self, dependent: str, provider: str) -> Data:
        rng = self.rng
        dependency: Data = {"service": provider, "tolerance": self.duration()}
        if provider.startswith("power-") and dependent.startswith("telecom-"):
            # Base-station batteries: every telecom service bridges a power cut a while.
            dependency["tolerance"] = rng.choice(("2h", "4h", "6h"))
        if dependency["tolerance"] == "0m":
            del dependency["tolerance"]  # the default, as an author would leave it out
        elif rng.random() < 0.2:
            dependency["refill"] = "manual"
            self.manual.append((dependent, provider))
        if rng.random() < 0.15:
            dependency["effect"] = "degraded"
        return dependency


def generate_scenario(
    services: int,
    *,
    seed: int = 0,
    orgs: int | None = None,
    hours: float = 72,
    failures: int | None = None,
) -> Data:
    """A valid scenario with ``services`` services, as plain data (deterministic per seed).

    ``orgs`` defaults to one organisation per ~40 services (at least one per layer);
    ``failures`` to 3 % of the power services, failed at times spread over the first half
    of the run, most of them restored later.
    """
    if services < 1:
        raise ValueError("a scenario needs at least one service")
    org_count = orgs if orgs is not None else max(len(LAYERS), round(services / 40))
    if org_count < 1:
        raise ValueError("a scenario needs at least one organisation")
    b = _Builder(services, seed, org_count, hours)
    service_list = [
        b.service(layer, position)
        for layer, ids in enumerate(b.layer_services)
        for position in range(len(ids))
    ]
    data: Data = {
        "format": "tabletop/1",
        "id": f"synthetic-{services}-{seed}",
        "title": {
            "fi": f"Synteettinen alue, {services} palvelua",
            "en": f"Synthetic region, {services} services",
        },
        "summary": "Generated for benchmarks and property tests.",
        "clock": {"start": START, "duration": format_minutes(hours * 60)},
        "seed": seed,
        "organisations": b.organisations,
        "services": service_list,
    }
    data["channels"] = _channels(b)
    data["resources"] = _resources(b)
    data["responsibilities"] = _responsibilities(b)
    data["playbook"] = _playbook(b, data["responsibilities"])
    data["injects"] = _injects(b, failures)
    data["objectives"] = _objectives(b, data["responsibilities"])
    return data


def _channels(b: _Builder) -> list[Data]:
    telecom = b.layer_services[1]
    phone: Data = {"id": "phone", "name": {"fi": "Puhelin", "sv": "Telefon", "en": "Phone"}}
    phone["latency"] = "5m"
    if telecom:
        phone["depends_on"] = telecom[: min(3, len(telecom))]
    virve: Data = {"id": "virve", "name": "VIRVE", "latency": "2m"}
    if telecom:
        virve["depends_on"] = [telecom[-1]]
    courier = {"id": "courier", "name": {"fi": "Lähetti", "en": "Courier"}, "latency": "1h"}
    return [phone, virve, courier]


def _resources(b: _Builder) -> list[Data]:
    resources = []
    for org in b.layer_orgs[0]:
        resources.append({"id": f"{org}-fuel-truck", "owner": org, "count": b.rng.randint(1, 3)})
    for org in b.layer_orgs[2]:
        resources.append({"id": f"{org}-tanker", "owner": org, "count": b.rng.randint(1, 4)})
    return resources


def _responsibilities(b: _Builder) -> list[Data]:
    rng = b.rng
    leads = b.layer_orgs[6] + b.layer_orgs[4]
    tasks = []
    for n, service in enumerate(b.critical):
        task: Data = {
            "id": f"task-{n + 1}",
            "task": {"fi": f"Varajärjestely {n + 1}", "en": f"Contingency {n + 1}"},
            "trigger": {"service": service, "state": "down"},
        }
        if rng.random() > 0.05:
            task["lead"] = rng.choice(leads)
        task["support"] = [b.owner[service]]
        task["within"] = rng.choice(("2h", "4h", "6h"))
        task["setup"] = rng.choice(("30m", "1h", "2h"))
        if service.startswith("water-"):
            task["needs"] = {"resource": f"{b.owner[service]}-tanker", "count": 1}
        task["mitigates"] = {"service": service, "share": rng.choice((0.3, 0.5, 0.7))}
        tasks.append(task)
    return tasks


def _playbook(b: _Builder, tasks: list[Data]) -> list[Data]:
    rng = b.rng
    rules: list[Data] = []
    county = b.layer_orgs[4][0]
    for service in b.critical:
        owner = b.owner[service]
        to = sorted({county, rng.choice(b.layer_orgs[6])} - {owner}) or [county]
        rules.append(
            {
                "id": f"notify-{service}",
                "by": owner,
                "when": {"service": service, "state": "down"},
                "after": rng.choice(("15m", "30m")),
                "do": "notify",
                "to": to,
                "via": ["phone", "virve", "courier"],
            }
        )
    for task in tasks:
        if "lead" in task:
            rules.append(
                {
                    "id": f"activate-{task['id']}",
                    "by": task["lead"],
                    "when": task["trigger"],
                    "after": "30m",
                    "do": "activate",
                    "task": task["id"],
                }
            )
    for dependent, provider in b.manual[:: max(1, len(b.manual) // 50)]:
        rule: Data = {
            "id": f"supply-{dependent}-{provider}",
            "by": b.owner[dependent],
            "when": {"service": provider, "state": "down"},
            "after": "1h",
            "do": "supply",
            "target": dependent,
            "dependency": provider,
            "amount": "6h",
            "takes": {"min": "30m", "max": "2h"},
        }
        if provider.startswith("power-"):
            rule["needs"] = {"resource": f"{b.owner[provider]}-fuel-truck"}
        rules.append(rule)
    for service in b.layer_services[0][:: max(1, len(b.layer_services[0]) // 20)]:
        rules.append(
            {
                "id": f"repair-{service}",
                "by": b.owner[service],
                "when": {"service": service, "state": "down"},
                "after": "1h",
                "do": "repair",
                "target": service,
                "needs": {"resource": f"{b.owner[service]}-fuel-truck"},
                "takes": {"min": "4h", "max": "12h"},
            }
        )
    if b.layer_services[0]:
        members = sorted({county, *b.layer_orgs[6][:5], *b.layer_orgs[0][:1]})
        rules.append(
            {
                "id": "convene-centre",
                "by": county,
                "when": {"service": b.layer_services[0][0], "state": "down"},
                "after": "2h",
                "do": "convene",
                "members": members,
                "via": ["virve", "courier"],
            }
        )
    return rules


def _injects(b: _Builder, failures: int | None) -> list[Data]:
    rng, power = b.rng, b.layer_services[0]
    lowest = power or next(ids for ids in b.layer_services if ids)
    count = failures if failures is not None else max(1, round(0.03 * len(lowest)))
    injects: list[Data] = []
    for n, target in enumerate(sorted(rng.sample(lowest, min(count, len(lowest))))):
        at = rng.uniform(0, b.hours * 30)
        injects.append({"id": f"fail-{n + 1}", "at": format_minutes(round(at)), "do": "fail"})
        injects[-1]["target"] = target
        if rng.random() < 0.7:
            back = at + rng.uniform(4, 36) * 60
            if back < b.hours * 60:
                injects.append(
                    {
                        "id": f"restore-{n + 1}",
                        "at": format_minutes(round(back)),
                        "do": "restore",
                        "target": target,
                    }
                )
    injects.append(
        {
            "id": "press-call",
            "at": "6h",
            "do": "message",
            "to": b.layer_orgs[6][0],
            "text": "A journalist asks when the power will be back.",
        }
    )
    injects.append({"id": "extra-fault", "optional": True, "do": "fail", "target": lowest[-1]})
    return sorted(injects, key=lambda inject: inject.get("at") is None)


def _objectives(b: _Builder, tasks: list[Data]) -> list[Data]:
    objectives: list[Data] = []
    county = b.layer_orgs[4][0]
    for service in b.critical[:20]:
        objectives.append(
            {
                "id": f"knows-{service}",
                "expect": {
                    "org": county,
                    "knows": {"service": service, "state": "down"},
                    "within": "1h",
                },
            }
        )
    for task in tasks[:20]:
        objectives.append(
            {"id": f"on-time-{task['id']}", "expect": {"task": task["id"], "within": "6h"}}
        )
    for service in b.layer_services[4][:5]:
        objectives.append(
            {"id": f"never-{service}", "expect": {"service": service, "never": "down"}}
        )
    return objectives


def dump_yaml(data: Data) -> str:
    """The scenario as YAML text (block style, leaf mappings inline), key order kept."""
    dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text: str = yaml.dump(
        data,
        Dumper=dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=None,
        width=100,
    )
    return text
