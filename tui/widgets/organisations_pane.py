"""The Organisations tab: each organisation's situational picture beside the truth.

The point of a drill is the gap between what has happened and what each organisation
knows: for every service that changed, the picture says whether the organisation knows
the current state, believes an older one (stale, by how long), or does not know yet. The
inbox, the contacts and the joint situation centre explain how it got there.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from simulator.durations import format_minutes
from simulator.events import InjectFired, MessageEvent
from simulator.fields import text_in
from simulator.pictures import Fact
from tui.i18n import _
from tui.session_view import SessionView
from tui.widgets.clock_bar import format_sim_time
from tui.widgets.service_table import STATE_STYLES

MAX_PICTURE = 60
MAX_INBOX = 20


class OrganisationsPane(Widget):
    """A list of organisations and the picture, inbox, contacts and centre of the chosen one."""

    def __init__(self, session: SessionView, lang: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.session = session
        self.lang = lang
        self.org = session.scenario.organisations[0].id if session.scenario.organisations else ""
        self._seen = -1

    def compose(self) -> ComposeResult:
        options = [Option(Text(text_in(o.name, self.lang, o.id)), id=o.id)
                   for o in self.session.scenario.organisations]
        with Horizontal():
            yield OptionList(*options, id="org-list")
            with VerticalScroll(id="org-detail-box"):
                yield Static(id="org-detail")

    def on_mount(self) -> None:
        self.refresh_from()

    @on(OptionList.OptionHighlighted, "#org-list")
    def _chosen(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self.org = event.option.id
            self._seen = -1
            self.refresh_from()

    def refresh_from(self) -> None:
        if self.session.revision == self._seen or not self.org:
            return
        self._seen = self.session.revision
        self.query_one("#org-detail", Static).update(self.describe(self.org))

    def describe(self, org_id: str) -> Text:
        """The whole right-hand side for ``org_id``."""
        run = self.session.run
        org = next(o for o in self.session.scenario.organisations if o.id == org_id)
        text = Text()
        text.append(text_in(org.name, self.lang, org.id), style="bold")
        text.append(f"  ({org.id}, {org.kind}, {org.duty})\n\n")
        text.append(_("Situational picture") + "\n", style="bold underline")
        lines = picture(run.facts, run.known(org_id), run.now)
        if not lines:
            text.append("  " + _("nothing has happened yet") + "\n")
        for kind, fact, believed, learned in lines[:MAX_PICTURE]:
            self._picture_line(text, kind, fact, believed, learned, run.now)
        if len(lines) > MAX_PICTURE:
            text.append("  " + _("and {n} more").format(n=len(lines) - MAX_PICTURE) + "\n")
        text.append("\n" + _("Inbox") + "\n", style="bold underline")
        inbox = self.session.inbox.get(org_id, [])
        if not inbox:
            text.append("  " + _("empty") + "\n")
        for event in reversed(inbox[-MAX_INBOX:]):
            text.append(f"  {format_sim_time(event.t)} ")
            if isinstance(event, MessageEvent):
                about = event.about
                text.append(_("from") + f" {event.from_} " + _("via") + f" {event.channel}: ")
                if about:
                    text.append(f"{about.get('service')} {_(str(about.get('state')))}")
            elif isinstance(event, InjectFired):
                text.append(_("inject") + f" {event.id or _('(facilitator)')}: ")
                text.append(event.text or "")
            text.append("\n")
        text.append("\n" + _("Contacts") + "\n", style="bold underline")
        if not org.contacts:
            text.append("  " + _("none") + "\n")
        for contact in org.contacts:
            text.append("  " + text_in(contact.role, self.lang))
            if contact.name:
                text.append(f", {contact.name}")
            if contact.channels:
                text.append(f" ({', '.join(contact.channels)})")
            text.append("\n")
        centres = [c for c in run.pictures.centres if org_id in c.members]
        if centres:
            text.append("\n" + _("Joint situation centre") + "\n", style="bold underline")
        for centre in centres:
            status = _("working") if centre.working else _("not working")
            text.append(f"  #{centre.id} {status}: {', '.join(centre.members)}"
                        f" ({_('via')} {', '.join(centre.via)})\n")
        return text

    def _picture_line(self, text: Text, kind: str, fact: Fact, believed: Fact | None,
                      learned: float | None, now: float) -> None:
        style = STATE_STYLES[fact.state]
        if kind == "knows":
            text.append("  " + _("knows") + "    ", style="green")
            text.append(f"{fact.service} ")
            text.append(_(fact.state), style=style)
            text.append(f" ({_('since')} {format_sim_time(fact.t)}, {_('learned')} "
                        f"{format_sim_time(learned or 0.0)})\n")
        elif kind == "stale" and believed is not None:
            text.append("  " + _("stale") + "    ", style="yellow")
            text.append(f"{fact.service}: {_('believes')} {_(believed.state)}, {_('truth')} ")
            text.append(_(fact.state), style=style)
            text.append(f" {_('for')} {format_minutes(round(now - fact.t))}\n")
        else:
            text.append("  " + _("not yet") + "  ", style="red")
            text.append(f"{fact.service} ")
            text.append(_(fact.state), style=style)
            text.append(f" {_('for')} {format_minutes(round(now - fact.t))}\n")


def picture(facts: list[Fact], known: dict[int, float],
            now: float) -> list[tuple[str, Fact, Fact | None, float | None]]:
    """``(kind, truth, believed, learned)`` per service that changed or that the
    organisation knows about: kind ``knows``, ``stale`` or ``not yet``; gaps first."""
    latest: dict[str, Fact] = {}
    for fact in facts:
        latest[fact.service] = fact
    believed: dict[str, Fact] = {}
    for fid in known:
        fact = facts[fid]
        held = believed.get(fact.service)
        if held is None or fact.id > held.id:
            believed[fact.service] = fact
    rows: list[tuple[str, Fact, Fact | None, float | None]] = []
    for service, truth in latest.items():
        belief = believed.get(service)
        if belief is truth:
            rows.append(("knows", truth, belief, known[truth.id]))
        elif belief is not None:
            rows.append(("stale", truth, belief, known[belief.id]))
        elif truth.state != "up":
            rows.append(("not yet", truth, None, None))
    order = {"not yet": 0, "stale": 1, "knows": 2}
    rows.sort(key=lambda r: (order[r[0]], r[1].t, r[1].service))
    return rows
