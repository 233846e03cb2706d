"""The rows of the services table as lazy models whose cost does not grow with the region.

A national region has 100k services. Building a list of 100k row objects every time the
filter changes (or the table redraws) cost ~120 ms at 100k against ~1 ms at 1k, so the table
never materialises its rows:

- :class:`Grouped` is a list of ``(organisation, services)`` groups with the row index of
  each group's header; row ``i`` is found by bisection over the headers. The unfiltered
  table is one ``Grouped`` built once, so showing everything again costs nothing.
- :class:`Filtered` is the same over the groups that match a filter, scanned only as far
  as the rows asked for (the visible page first; the table completes the rest in small
  slices between frames). A text filter does not depend on the run, so each one is scanned
  at most once and cached.
- :class:`StateIndex` keeps each service's state from the run's facts (every state change
  is a fact, in order), reading only the facts added since it last looked. A ``state:down``
  filter takes its candidates from it, so its cost follows the number of services in that
  state, not the size of the region.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from simulator.pictures import Fact

Group = tuple[str, Sequence[str]]
"""An organisation and the services shown under it, in table order."""


@dataclass(frozen=True, slots=True)
class Row:
    """One line: an organisation header (``service`` None) or a service."""

    org: str
    service: str | None = None


class Grouped:
    """Rows of groups: each group's header, then its services; row lookup by bisection."""

    def __init__(self, groups: Sequence[Group] = ()) -> None:
        self._orgs: list[str] = []
        self._members: list[Sequence[str]] = []
        self._starts: list[int] = []
        self._count = 0
        for org, members in groups:
            self._append(org, members)

    def _append(self, org: str, members: Sequence[str]) -> None:
        self._orgs.append(org)
        self._members.append(members)
        self._starts.append(self._count)
        self._count += 1 + len(members)

    @property
    def done(self) -> bool:
        """True when every row is known (a :class:`Filtered` may not have scanned all)."""
        return True

    def extend(self, rows: int) -> None:
        """Make at least ``rows`` rows known if there are that many (nothing to do here)."""

    def complete(self) -> None:
        """Make every row known."""

    def __len__(self) -> int:
        """The rows known so far (all of them once :attr:`done`)."""
        return self._count

    def __getitem__(self, index: int) -> Row:
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        group = bisect_right(self._starts, index) - 1
        offset = index - self._starts[group]
        org = self._orgs[group]
        return Row(org) if offset == 0 else Row(org, self._members[group][offset - 1])

    def __iter__(self) -> Iterator[Row]:
        self.complete()
        for org, members in zip(self._orgs, self._members, strict=True):
            yield Row(org)
            for service in members:
                yield Row(org, service)

    def services(self) -> list[str]:
        """Every service shown, in order."""
        self.complete()
        return [service for members in self._members for service in members]


class Filtered(Grouped):
    """The groups of ``source`` that keep at least one service, scanned on demand.

    ``keep(org, services)`` returns the services of one group that pass the filter.
    """

    def __init__(self, source: Sequence[Group],
                 keep: Callable[[str, Sequence[str]], Sequence[str]]) -> None:
        super().__init__()
        self._source = source
        self._keep = keep
        self._next = 0
        """The next group of ``source`` to scan."""

    @property
    def done(self) -> bool:
        return self._next >= len(self._source)

    def extend(self, rows: int) -> None:
        self.scan(rows=rows)

    def complete(self) -> None:
        self.scan()

    def scan(self, *, rows: int | None = None, services: int | None = None) -> None:
        """Scan groups until ``rows`` rows are known, about ``services`` services were
        looked at, or the source is exhausted (whichever comes first)."""
        source, keep = self._source, self._keep
        looked = 0
        while self._next < len(source):
            if rows is not None and self._count >= rows:
                return
            if services is not None and looked >= services:
                return
            org, members = source[self._next]
            self._next += 1
            looked += len(members) + 1
            shown = keep(org, members)
            if shown:
                self._append(org, shown)


class StateIndex:
    """Each service's current state, from the run's facts; only non-``up`` ones are held."""

    def __init__(self) -> None:
        self.current: dict[str, str] = {}
        """Service -> its state, for the services that are not ``up``."""
        self.by_state: dict[str, set[str]] = {}
        self.version = 0
        """Bumped whenever some service changed state since the last look."""
        self._seen = 0
        self._last: Fact | None = None

    def state(self, service: str) -> str:
        return self.current.get(service, "up")

    def update(self, facts: Sequence[Fact]) -> None:
        """Read the facts added since the last look (all of them again if the list is not
        the one seen before extended, e.g. a replay that went back in time)."""
        count = len(facts)
        if count < self._seen or (self._seen and facts[self._seen - 1] is not self._last):
            self.current.clear()
            self.by_state.clear()
            self._seen = 0
            self.version += 1
        if count == self._seen:
            return
        current, by_state = self.current, self.by_state
        for index in range(self._seen, count):
            fact = facts[index]
            service, state = fact.service, fact.state
            old = current.get(service, "up")
            if old == state:
                continue
            if old != "up":
                by_state[old].discard(service)
            if state == "up":
                del current[service]
            else:
                current[service] = state
                by_state.setdefault(state, set()).add(service)
        self._seen = count
        self._last = facts[count - 1]
        self.version += 1
