"""A faster constructor for the frozen, slotted dataclasses the engine makes by the thousand.

A frozen dataclass's generated ``__init__`` sets each field through ``object.__setattr__``
(looked up anew for every field), so that its own ``__setattr__`` can refuse changes. For
the event records and facts that is most of their cost: about 1.1 µs for six fields against
0.24 µs for a plain dataclass. :func:`quick_init` gives such a class an ``__init__`` with the
same signature and defaults that stores each field straight into its slot (through the slot's
descriptor), so the record stays frozen and costs about half.
"""

from __future__ import annotations

from dataclasses import MISSING, fields
from typing import Any, TypeVar

T = TypeVar("T")


def quick_init(cls: type[T]) -> type[T]:
    """Replace the ``__init__`` of a frozen, slotted dataclass (apply above ``@dataclass``)."""
    params: list[str] = []
    body: list[str] = []
    namespace: dict[str, Any] = {}
    for index, field in enumerate(fields(cls)):  # type: ignore[arg-type]
        if field.default_factory is not MISSING:
            raise TypeError(f"{cls.__name__}.{field.name}: default factories are not supported")
        setter = f"_set_{index}"
        namespace[setter] = getattr(cls, field.name).__set__
        if field.default is MISSING:
            params.append(field.name)
        else:
            namespace[f"_default_{index}"] = field.default
            params.append(f"{field.name}=_default_{index}")
        body.append(f"    {setter}(self, {field.name})")
    source = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body or ["    pass"])
    exec(source, namespace)  # built from field names only, as dataclasses does
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = f"Make a {cls.__name__} (fields stored straight into their slots)."
    setattr(cls, "__init__", init)  # noqa: B010 -- mypy refuses assigning a method
    return cls
