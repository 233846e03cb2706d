"""``tabletop region``: a region file for a real county, to start a scenario from.

Facilitators want their own municipalities under their real names, with real populations,
rather than a made-up region: this writes the organisations and services of a county (or
of the whole country, ``--county all``) from a template of per-municipality and per-county
services. The result is a region file (``format: tabletop/1``, no clock) to include from a
scenario.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from tui.i18n import N_, _

HELP = N_("write a region file (organisations and services) for a real county")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--county", required=True, metavar="NAME|CODE",
        help=_("county code (01-21; 90 Helsinki, 91 Åland), its name in fi/sv/en, "
        "or 'all' for the whole country"),
    )  # fmt: skip
    parser.add_argument(
        "--services", metavar="TEMPLATE", default="default",
        help=_("template of per-municipality and per-county services: a file, or a built-in "
        "template name ('default', 'detailed'); default: default"),
    )  # fmt: skip
    parser.add_argument("--id", metavar="ID",
                        help=_("the region file's id (default: the county's)"))
    parser.add_argument("-o", "--output", metavar="FILE", help=_("write to FILE instead of stdout"))


def main(args: argparse.Namespace) -> int:
    from simulator.diagnostics import ScenarioError
    from simulator.fields import ID_PATTERN
    from simulator.regions.data import NATIONAL, UnknownCounty, counties, find_county
    from simulator.regions.region import RegionError, build_region, region_yaml
    from simulator.regions.template import load_template
    from tui.commands.common import fail, write_output

    try:
        chosen = (
            counties()
            if args.county.strip().casefold() == NATIONAL
            else (find_county(args.county),)
        )
    except UnknownCounty as error:
        return fail(f"tabletop region: {error}")
    if args.id is not None and not re.fullmatch(ID_PATTERN, args.id):
        return fail(
            f"tabletop region: --id '{args.id}' is not an identifier (lower-case letters, "
            "digits and '-', starting with a letter)"
        )
    try:
        template = load_template(args.services)
        data = build_region(chosen, template, template_name=args.services, ident=args.id)
    except ScenarioError as error:
        return fail("\n".join(str(d) for d in error.diagnostics))
    except RegionError as error:
        return fail(f"{args.services}: {error}")
    name = Path(args.output).name if args.output else "region.yaml"
    text = region_yaml(data, name)
    write_output(text, args.output)
    if args.output is None:
        return 0
    services = len(data.get("services", []))
    organisations = len(data.get("organisations", []))
    print(
        _("wrote {file}: {organisations} organisations, {services} services").format(
            file=args.output, organisations=organisations, services=services), file=sys.stderr
    )
    return 0
