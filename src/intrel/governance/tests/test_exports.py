"""The Popolo export validates against the Popolo schemas; the annual report PDF holds the facts."""

import io
import json
from pathlib import Path

import pytest
from django.urls import reverse
from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from intrel.accounts.constants import Role
from intrel.governance.demo import COMMITTEE_SLUG, governance_demo_load
from intrel.governance.popolo import popolo_export

POPOLO_DIR = Path(__file__).resolve().parents[5] / "shared" / "standards" / "popolo"


def _schemas() -> tuple[dict[str, dict], Registry]:
    if not POPOLO_DIR.is_dir():
        pytest.skip(f"Popolo schemas not found at {POPOLO_DIR}")
    schemas = {p.stem: json.loads(p.read_text()) for p in POPOLO_DIR.glob("*.json")}
    registry = Registry().with_resources(
        (s["id"], Resource.from_contents(s, default_specification=DRAFT3)) for s in schemas.values()
    )
    return schemas, registry


@pytest.fixture
def demo(db):
    return governance_demo_load()


def test_popolo_export_validates_against_the_schemas(demo):
    schemas, registry = _schemas()
    data = popolo_export(base_url="https://intrel.example.org/")
    collections = {
        "persons": "person",
        "organizations": "organization",
        "posts": "post",
        "memberships": "membership",
        "motions": "motion",
        "vote_events": "vote_event",
    }
    checked = 0
    for key, schema_name in collections.items():
        validator = Draft3Validator(schemas[schema_name], registry=registry)
        assert data[key], key
        for item in data[key]:
            errors = list(validator.iter_errors(item))
            assert not errors, (key, item, [e.message for e in errors])
            checked += 1
        if key == "vote_events":
            vote_validator = Draft3Validator(schemas["vote"], registry=registry)
            for event in data[key]:
                for vote in event.get("votes", []):
                    assert not list(vote_validator.iter_errors(vote))
    assert checked > 30


def test_popolo_committee_chair_and_votes(demo):
    data = popolo_export()
    committee = next(o for o in data["organizations"] if o["classification"] == "committee")
    assert committee["parent_id"] == "organization/council"
    chair_post = f"post/{COMMITTEE_SLUG}/chair"
    assert any(p["id"] == chair_post for p in data["posts"])
    chairs = [m for m in data["memberships"] if m.get("post_id") == chair_post]
    assert [c["role"] for c in chairs] == ["Chair", "Chair"]
    assert {c.get("end_date") for c in chairs} == {"2014-02-10", None}
    support = next(v for v in data["vote_events"] if v["identifier"] == "IB-2013-001")
    assert {"option": "yes", "value": 6} in support["counts"]
    assert {"option": "abstain", "value": 1} in support["counts"]
    assert support["result"] == "pass"


def test_annual_report_pdf_contains_decisions(client, make_user, demo):
    from pypdf import PdfReader

    client.force_login(make_user(Role.COUNCIL_MEMBER))
    response = client.get(reverse("governance:annual-report-pdf", args=[COMMITTEE_SLUG, 2014]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for expected in [
        "Annual report 2014",
        "IB-2014-001",
        "IB-2014-002",
        "IB-2014-003",
        "Marieke Jansen is elected chair",
        "Steun kadasterproject",
        "No budget line of the committee and no solidarity budget line is recorded for 2014.",
        "Initiatieven van Helmondse organisaties",
    ]:
        assert expected in text, expected
    assert "IB-2013-001" not in text  # another year's decision
    assert "Total: 3 decisions" not in text  # no row adds up votes of different decisions
