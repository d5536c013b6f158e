"""The decision: what the framework says about one subject on one date (CONTRACT.md)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, TypeVar

import orjson
from pydantic import BaseModel, ConfigDict, Field

from intrel.policy.constants import OwnerKind, Severity, SubjectType


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


M = TypeVar("M", bound=_Model)
_new = object.__new__
_set = object.__setattr__


_FIELDS_SET: dict[type, set[str]] = {}


def trusted(cls: type[M], values: dict[str, Any]) -> M:
    """A decision model from values the engine made itself, already of the field types (a
    framework's codes, severities and clauses were validated when the file was loaded): no
    validation, for the engine's hottest path (a third of the time of ``Finding(...)``).
    ``values`` holds every field, in the model's order. A test validates every decision of
    the benchmark's subjects the slow way and finds them equal."""
    model = _new(cls)
    _set(model, "__dict__", values)
    # Every field is set: one set per class, shared (a frozen model never adds to it, and
    # pydantic copies it on ``model_copy``).
    fields_set = _FIELDS_SET.get(cls)
    if fields_set is None:
        fields_set = _FIELDS_SET[cls] = set(cls.model_fields)
    _set(model, "__pydantic_fields_set__", fields_set)
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model


class SolidarityPillar(_Model):
    applies: bool
    clauses: list[str]
    because: str
    because_en: str


class AddedValuePillar(_Model):
    applies: bool
    domains: list[str]
    clauses: list[str]
    because: str
    because_en: str


class Pillars(_Model):
    solidarity: SolidarityPillar
    added_value: AddedValuePillar


class OwnerDecision(_Model):
    kind: OwnerKind
    portfolio: str | None
    clauses: list[str]
    because: str
    because_en: str


class Finding(_Model):
    code: str = Field(pattern=r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")
    severity: Severity
    clauses: list[str] = Field(min_length=1)
    message: str
    message_en: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "clauses": list(self.clauses),
            "message": self.message,
            "message_en": self.message_en,
        }


class Action(_Model):
    code: str = Field(pattern=r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")
    effective_from: date
    clauses: list[str] = Field(min_length=1)
    description: str
    description_en: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "effective_from": self.effective_from.isoformat(),
            "clauses": list(self.clauses),
            "description": self.description,
            "description_en": self.description_en,
        }


class Decision(_Model):
    """The decision on one subject. ``pillars`` and ``owner`` are set for relations only.

    ``because`` is Dutch, as CONTRACT.md has it; ``because_en`` (our addition beside it, like
    ``message_en``) is the same explanation in English, for the English interface."""

    subject: SubjectType
    id: str
    framework: str
    framework_version: str
    as_of: date
    pillars: Pillars | None = None
    owner: OwnerDecision | None = None
    findings: list[Finding]
    actions: list[Action]
    trace: list[str]

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON shape: dates ISO, keys in contract order, no nulls for
        ``pillars``/``owner`` (absent for committees and budget lines)."""
        out: dict[str, Any] = {
            "subject": self.subject.value,
            "id": self.id,
            "framework": self.framework,
            "framework_version": self.framework_version,
            "as_of": self.as_of.isoformat(),
        }
        if self.pillars is not None:
            sol = self.pillars.solidarity
            val = self.pillars.added_value
            out["pillars"] = {
                "solidarity": {
                    "applies": sol.applies,
                    "clauses": list(sol.clauses),
                    "because": sol.because,
                    "because_en": sol.because_en,
                },
                "added_value": {
                    "applies": val.applies,
                    "domains": list(val.domains),
                    "clauses": list(val.clauses),
                    "because": val.because,
                    "because_en": val.because_en,
                },
            }
        if self.owner is not None:
            out["owner"] = {
                "kind": self.owner.kind.value,
                "portfolio": self.owner.portfolio,
                "clauses": list(self.owner.clauses),
                "because": self.owner.because,
                "because_en": self.owner.because_en,
            }
        out["findings"] = [f.to_dict() for f in self.findings]
        out["actions"] = [a.to_dict() for a in self.actions]
        out["trace"] = list(self.trace)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Decision:
        """Read a decision back from its JSON shape (e.g. one stored with an assessment)."""
        return cls.model_validate(data)


def dumps(value: Any) -> str:
    """The one JSON encoding of decisions: UTF-8 text, two-space indent, trailing newline."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


# ``json.dumps(..., indent=2)`` runs the standard library's pure-Python encoder (its C
# encoder does no indentation before Python 3.13), a generator per value: a third of
# ``intrel assess``'s time on a large file. ``encode_indented`` writes the same bytes for
# the values a decision holds (dicts with text keys, lists, texts, booleans, None, whole
# numbers, floats) with one function call per container; anything else falls back to
# ``json.dumps``. A test holds the two byte for byte.
_encode_text = json.encoder.encode_basestring  # the C function, ensure_ascii=False
_orjson_dumps = orjson.dumps
_ORJSON_INDENT = orjson.OPT_INDENT_2
_INDENTS = ["\n" + "  " * level for level in range(64)]


_KEYS: dict[str, str] = {}


class _Unsupported(Exception):
    pass


def _encode(value: Any, level: int, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(_encode_text(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = _INDENTS[level + 1]
        opening = "{" + inner
        between = "," + inner
        first = True
        for key, item in value.items():
            if not isinstance(key, str):
                raise _Unsupported
            # Keys repeat in every decision: written once each.
            encoded_key = _KEYS.get(key)
            if encoded_key is None:
                encoded_key = _encode_text(key) + ": "
                if len(_KEYS) < 1000:  # a decision has a few dozen keys; other dicts: bounded
                    _KEYS[key] = encoded_key
            out.append(opening if first else between)
            first = False
            out.append(encoded_key)
            if isinstance(item, str):  # most values: no call
                out.append(_encode_text(item))
            else:
                _encode(item, level + 1, out)
        out.append(_INDENTS[level] + "}")
    elif isinstance(value, list | tuple):
        if not value:
            out.append("[]")
            return
        inner = _INDENTS[level + 1]
        if all(isinstance(item, str) for item in value):  # clauses, domains, trace
            out.append("[" + inner + ("," + inner).join(map(_encode_text, value)))
        else:
            first = True
            for item in value:
                out.append("[" + inner if first else "," + inner)
                first = False
                _encode(item, level + 1, out)
        out.append(_INDENTS[level] + "]")
    elif isinstance(value, int | float):
        out.append(json.dumps(value))
    else:
        raise _Unsupported


def encode_indented(value: Any, level: int = 0) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` (without the trailing newline),
    faster; ``level`` indents it as an item nested that deep (a decision inside the list
    ``intrel assess`` writes is at level 1)."""
    out: list[str] = []
    try:
        _encode(value, level, out)
    except (_Unsupported, IndexError):  # IndexError: nested deeper than _INDENTS
        text = json.dumps(value, ensure_ascii=False, indent=2)
        return text.replace("\n", "\n" + "  " * level) if level else text
    return "".join(out)


def encode_decision(decision: dict[str, Any], level: int = 0) -> str:
    """A decision's dict (``Decision.to_dict``) as :func:`encode_indented` writes it, by
    orjson (compiled; a fifth of the time) when it can: a decision holds only texts, booleans,
    None, lists and dicts with text keys, which orjson writes byte for byte as ``json.dumps``
    (tests hold the two equal over the benchmark's decisions and every character class). A
    value orjson refuses (a lone surrogate from an escaped input text) goes the slow way."""
    try:
        text: str = _orjson_dumps(decision, option=_ORJSON_INDENT).decode()
    except (TypeError, ValueError):  # orjson.JSONEncodeError is a TypeError
        return encode_indented(decision, level)
    return text.replace("\n", _INDENTS[level]) if level else text


def decision_to_json(decision: Decision | list[Decision]) -> str:
    """A decision, or a list of them, as the CLI prints it (byte-stable)."""
    if isinstance(decision, list):
        return dumps([d.to_dict() for d in decision])
    return dumps(decision.to_dict())
