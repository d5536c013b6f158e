"""The register through the API: a relation reads and writes as the contract's subject."""

from typing import Any

from api_helpers import RELATION_BODY, relation_body

from intrel.accounts.constants import Role
from intrel.policy import parse_subject
from intrel.relations.models import Activity, Relation

URL = "/api/v1/relations"
REGISTER_FIELDS = ("start_date", "end_date", "end_reason", "description")
READ_ONLY = ("verified", "source", "created_at", "updated_at", "_links", "last_activity")


def test_created_relation_reads_back_as_the_contract_subject(db: None, client_as: Any) -> None:
    client = client_as(Role.POLICY_OFFICER)
    body = relation_body(start_date="2010-05-01", description="Sinds 2010.")
    response = client.post(URL, body, format="json")
    assert response.status_code == 201, response.content
    assert response["Location"].endswith("/api/v1/relations/helmond-mechelen")

    read = client.get(f"{URL}/helmond-mechelen").json()
    subject = {k: v for k, v in read.items() if k not in REGISTER_FIELDS + READ_ONLY}
    assert subject == RELATION_BODY
    assert parse_subject(subject).id == "helmond-mechelen"  # a GET feeds the policy engine
    assert read["start_date"] == "2010-05-01"
    assert read["description"] == "Sinds 2010."
    assert read["source"] == "manual"
    assert read["_links"]["self"]["href"].endswith("/api/v1/relations/helmond-mechelen")


def test_contract_problems_are_400_and_nothing_is_saved(db: None, client_as: Any) -> None:
    body = relation_body(id="helmond-nowhere")
    body["agreements"][0]["ends"] = "2000-01-01"  # before it was signed
    response = client_as(Role.POLICY_OFFICER).post(URL, body, format="json")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert any(p["name"].startswith("agreements[0]") for p in response.json()["invalidParams"])
    assert not Relation.objects.filter(slug="helmond-nowhere").exists()


def test_register_rule_failure_rolls_back_the_subject(register: dict, client_as: Any) -> None:
    # An end date without a reason breaks the register's rule after the subject was valid.
    body = relation_body(name="Nieuwe naam", end_date="2020-01-01")
    response = client_as(Role.POLICY_OFFICER).put(f"{URL}/helmond-mechelen", body, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["invalidParams"][0]["name"] == "end_reason"
    assert Relation.objects.get(slug="helmond-mechelen").name == RELATION_BODY["name"]


def test_put_replaces_the_lists(register: dict, client_as: Any) -> None:
    body = relation_body(agreements=[], parties=[], purposes=["sport"])
    body.pop("id")  # the URL names it
    response = client_as(Role.POLICY_OFFICER).put(f"{URL}/helmond-mechelen", body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["agreements"] == []
    assert response.json()["purposes"] == ["sport"]
    assert Relation.objects.get().agreements.count() == 0


def test_patch_changes_only_what_it_sends(register: dict, client_as: Any) -> None:
    client = client_as(Role.POLICY_OFFICER)
    response = client.patch(
        f"{URL}/helmond-mechelen",
        {"description": "Bijgewerkt.", "mutual_value": False},
        format="json",
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["status"], data["description"], data["mutual_value"]) == (
        "active",
        "Bijgewerkt.",
        False,
    )
    assert data["agreements"] == RELATION_BODY["agreements"]
    assert data["name"] == RELATION_BODY["name"]


def test_the_status_changes_only_through_the_life_steps(register: dict, client_as: Any) -> None:
    """Issue 14: ending by PATCH (no consultation, no decision) is refused, naming the field."""
    response = client_as(Role.POLICY_OFFICER).patch(
        f"{URL}/helmond-mechelen",
        {"status": "ended", "end_date": "2020-12-31", "end_reason": "mutual_consent"},
        format="json",
    )
    assert response.status_code == 409
    assert "status" in response.json()["detail"] and "IMP-4" in str(response.json())
    assert Relation.objects.get(slug="helmond-mechelen").status == "active"


def test_the_id_cannot_change(register: dict, client_as: Any) -> None:
    response = client_as(Role.POLICY_OFFICER).patch(
        f"{URL}/helmond-mechelen", {"id": "other"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "id"
    assert Relation.objects.filter(slug="helmond-mechelen").exists()


def test_a_relation_cannot_be_registered_ended(db: None, client_as: Any) -> None:
    body = relation_body(status="ended", end_date="2020-12-31", end_reason="mutual_consent")
    response = client_as(Role.POLICY_OFFICER).post(URL, body, format="json")
    assert response.status_code == 400, response.content
    assert [p["name"] for p in response.json()["invalidParams"]] == ["status"]
    assert not Relation.objects.exists()


def test_filters_sorting_and_pagination(db: None, client_as: Any) -> None:
    client = client_as(Role.POLICY_OFFICER)
    for slug, kind, country, purposes in [
        ("a-twin", "twinning", "BE", ["culture"]),
        ("b-eco", "economic", "DE", ["economy"]),
        ("c-sol", "solidarity", "NI", ["development"]),
    ]:
        body = relation_body(id=slug, name=slug, registered_kind=kind, purposes=purposes)
        body["partner"] = {"name": slug, "country": country, "kind": "city"}
        body["agreements"] = body["involvements"] = []
        assert client.post(URL, body, format="json").status_code == 201
    ids = lambda q: [r["id"] for r in client.get(f"{URL}{q}").json()["results"]]  # noqa: E731
    assert ids("?registeredKind=economic") == ["b-eco"]
    assert ids("?country=ni") == ["c-sol"]
    assert ids("?purpose=culture") == ["a-twin"]
    assert ids("?ordering=-name") == ["c-sol", "b-eco", "a-twin"]
    page = client.get(f"{URL}?pageSize=2&ordering=name").json()
    assert page["totalItems"] == 3 and [r["id"] for r in page["results"]] == ["a-twin", "b-eco"]
    assert "page=2" in page["_links"]["next"]["href"]
    assert [r["id"] for r in client.get(page["_links"]["next"]["href"]).json()["results"]] == [
        "c-sol"
    ]


def test_activities_are_written_and_filtered_by_relation(register: dict, client_as: Any) -> None:
    client = client_as(Role.POLICY_OFFICER)
    new = {"relation": "helmond-mechelen", "kind": "event", "date": "2025-03-01", "title": "Markt"}
    response = client.post("/api/v1/activities", new, format="json")
    assert response.status_code == 201, response.content
    listed = client.get("/api/v1/activities?relation=helmond-mechelen&ordering=date").json()
    assert [a["title"] for a in listed["results"]] == ["Werkbezoek", "Markt"]
    assert client.get("/api/v1/activities?relation=other").json()["totalItems"] == 0
    bad = client.patch(
        f"/api/v1/activities/{response.json()['id']}", {"end_date": "2020-01-01"}, format="json"
    )
    assert bad.status_code == 400 and bad.json()["invalidParams"][0]["name"] == "end_date"
    deleted = client.delete(f"/api/v1/activities/{response.json()['id']}")
    assert deleted.status_code == 204
    assert Activity.objects.count() == 1


def test_parts_of_a_relation_are_listed_by_relation(register: dict, client_as: Any) -> None:
    client = client_as(Role.COUNCIL_MEMBER)
    agreements = client.get("/api/v1/agreements?relation=helmond-mechelen").json()["results"]
    assert [(a["title"], a["signed"]) for a in agreements] == [
        ("Vriendschapsverdrag", "2010-05-01")
    ]
    involvements = client.get("/api/v1/involvements?relation=helmond-mechelen").json()
    assert involvements["results"][0]["actor"] == "mayor"
    partners = client.get("/api/v1/partners?country=BE").json()["results"]
    assert [p["name"] for p in partners] == ["Mechelen"]
    parties = client.get("/api/v1/parties?relation=helmond-mechelen").json()["results"]
    assert [p["sector"] for p in parties] == ["business"]


def test_subject_may_be_left_out_of_a_write(db: None, client_as: Any) -> None:
    body = relation_body()
    body.pop("subject")
    response = client_as(Role.POLICY_OFFICER).post(URL, body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["subject"] == "relation"
