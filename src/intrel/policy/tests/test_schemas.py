"""The committed JSON Schemas equal the generated ones, and decisions validate against them."""

from __future__ import annotations

import json

import jsonschema  # type: ignore[import-untyped, unused-ignore]
from hypothesis import given, settings

from intrel.policy import Framework, evaluate, parse_subject
from intrel.policy.schemas import SCHEMA_DIR, generate, render
from intrel.policy.tests.conftest import AS_OF, budget_line, committee, relation
from intrel.policy.tests.strategies import relations

SCHEMAS = generate()


def test_committed_schemas_are_current() -> None:
    for name, schema in generate().items():
        path = SCHEMA_DIR / name
        assert path.is_file(), f"{path} missing: run python -m intrel.policy schemas"
        assert path.read_text(encoding="utf-8") == render(schema), f"{name} out of date"


def test_subjects_validate_against_their_schemas() -> None:
    schemas = generate()
    jsonschema.validate(relation(), schemas["relation.schema.json"])
    jsonschema.validate(committee(), schemas["committee.schema.json"])
    jsonschema.validate(budget_line(), schemas["budget_line.schema.json"])
    bad = relation(partner={"name": "X", "country": "XX", "kind": "city"})
    validator = jsonschema.Draft202012Validator(schemas["relation.schema.json"])
    assert list(validator.iter_errors(bad))


@settings(max_examples=50, deadline=None)
@given(data=relations())
def test_decisions_validate_against_decision_schema(fw: Framework, data: dict[str, object]) -> None:
    jsonschema.validate(data, SCHEMAS["relation.schema.json"])
    decision = evaluate(fw, parse_subject(data), AS_OF).to_dict()
    jsonschema.validate(json.loads(json.dumps(decision)), SCHEMAS["decision.schema.json"])


def test_committee_decision_validates(fw: Framework) -> None:
    schema = generate()["decision.schema.json"]
    decision = evaluate(fw, parse_subject(committee(installed_by="mayor")), AS_OF).to_dict()
    jsonschema.validate(decision, schema)
    assert "pillars" not in decision
