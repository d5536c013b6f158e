"""JSON Schemas of the subjects and of the decision, generated from the models.

The committed copies live in ``docs/schemas/``; a test fails when they drift.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from intrel.policy.decision import Decision
from intrel.policy.subjects import BudgetLine, Committee, Relation

SCHEMA_DIR = Path(__file__).resolve().parents[3] / "docs" / "schemas"
_BASE = "https://intrel.example/schemas/"


def _schema(model: Any, name: str, title: str) -> dict[str, Any]:
    schema: dict[str, Any] = model.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{_BASE}{name}.schema.json",
        **{k: v for k, v in schema.items() if k != "title"},
        "title": title,
    }


def _decision_schema() -> dict[str, Any]:
    schema = _schema(Decision, "decision", "Decision")
    props = schema["properties"]
    # Absent (never null) for committees and budget lines.
    props["pillars"] = {"$ref": "#/$defs/Pillars"}
    props["owner"] = {"$ref": "#/$defs/OwnerDecision"}
    props["as_of"] = {"type": "string", "format": "date"}
    schema["$defs"]["Action"]["properties"]["effective_from"] = {"type": "string", "format": "date"}
    return schema


def generate() -> dict[str, dict[str, Any]]:
    """File name -> schema."""
    return {
        "relation.schema.json": _schema(Relation, "relation", "Relation"),
        "committee.schema.json": _schema(Committee, "committee", "Committee"),
        "budget_line.schema.json": _schema(BudgetLine, "budget_line", "Budget line"),
        "decision.schema.json": _decision_schema(),
    }


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
