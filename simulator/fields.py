"""The building blocks of the scenario model: the base record, ids, texts and durations.

:mod:`simulator.model` builds every record of the format from these. They live apart
because much of the code needs only them: a text in the user's language (``text_in``), a
check for control characters, a duration that may be a range (``Span``).
"""

from __future__ import annotations

import random
import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from simulator.durations import DURATION_PATTERN, DurationError, format_minutes, parse_duration

ID_PATTERN = r"^[a-z][a-z0-9-]*$"
Id = Annotated[str, Field(pattern=ID_PATTERN)]
"""An identifier: lower-case letters, digits and ``-``, starting with a letter."""

_X_KEYS: dict[str, Any] = {"patternProperties": {"^x-": {}}}


class Record(BaseModel):
    """Base of every record: immutable, unknown keys rejected, ``x-`` keys allowed in schema."""

    model_config = ConfigDict(frozen=True, extra="forbid", json_schema_extra=_X_KEYS)


# --- text -------------------------------------------------------------------------------

LangCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters other than tab and newline: YAML refuses them written raw, and a
double-quoted escape (``"\\e[2J"``) must not smuggle one into a terminal or a report."""


def control_character(text: str) -> str | None:
    """``U+001B`` for the first control character (bar tab and newline) in ``text``."""
    found = _CONTROL.search(text)
    return None if found is None else f"U+{ord(found.group()):04X}"


def check_plain(value: object) -> object:
    """Refuse a string with a control character (a validator for plain-text fields)."""
    if isinstance(value, str) and (code := control_character(value)) is not None:
        raise PydanticCustomError(
            "text", "control character {code} is not allowed in a text", {"code": code})
    return value


def _check_text(value: object) -> object:
    if isinstance(value, dict) and not value:
        raise PydanticCustomError("text", "expected a text or a map of language codes to texts")
    for text in value.values() if isinstance(value, dict) else (value,):
        check_plain(text)
    return value


Text = Annotated[str | dict[LangCode, str], BeforeValidator(_check_text)]
"""A text: a plain string, or a map of language codes to strings (``{fi: …, en: …}``)."""


def text_in(text: str | dict[str, str] | None, lang: str, default: str = "") -> str:
    """Pick ``lang`` from a text, falling back to English, then to the first language given."""
    if text is None:
        return default
    if isinstance(text, str):
        return text
    for code in (lang, "en"):
        if code in text:
            return text[code]
    return next(iter(text.values()), default)


# --- durations --------------------------------------------------------------------------


def _duration(value: object) -> float:
    try:
        return parse_duration(value)
    except DurationError as exc:
        raise PydanticCustomError("duration", str(exc)) from None


_DURATION_SCHEMA = {"type": "string", "pattern": DURATION_PATTERN}
Duration = Annotated[float, BeforeValidator(_duration), WithJsonSchema(_DURATION_SCHEMA)]
"""A fixed duration in minutes, written ``"90m"``, ``"1.5h"`` or ``"1d12h"``."""

_SPAN_SCHEMA = {
    "anyOf": [
        _DURATION_SCHEMA,
        {
            "type": "object",
            "properties": {"min": _DURATION_SCHEMA, "max": _DURATION_SCHEMA},
            "required": ["min", "max"],
            "additionalProperties": False,
        },
    ]
}


class Span(Record):
    """A duration that may be a uniform range ``{min, max}``; a fixed one has min == max."""

    min: Duration
    max: Duration

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.min > self.max:
            raise PydanticCustomError(
                "range",
                "min ({lo}) is greater than max ({hi})",
                {"lo": format_minutes(self.min), "hi": format_minutes(self.max)},
            )
        return self

    @property
    def fixed(self) -> bool:
        """True when the span is a single value, not a range."""
        return self.min == self.max

    def draw(self, rng: random.Random) -> float:
        """The value for one run: the fixed value, or a uniform draw from ``rng``."""
        return self.min if self.min == self.max else rng.uniform(self.min, self.max)

    @classmethod
    def of(cls, minutes: float) -> Span:
        """A fixed span of ``minutes``."""
        return cls.model_construct(min=minutes, max=minutes)


def _span(value: object) -> object:
    if isinstance(value, (dict, Span)):
        return value
    minutes = _duration(value)
    return Span.model_construct(min=minutes, max=minutes)


SpanField = Annotated[Span, BeforeValidator(_span), WithJsonSchema(_SPAN_SCHEMA)]
"""A duration or a duration range ``{min: 2h, max: 6h}`` (uniform)."""

ZERO = Span.of(0.0)
