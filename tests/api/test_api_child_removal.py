"""Leaving a child out of a relation's body deletes it: only for a caller who may delete it.

A ``write:relations`` service token may create and change relations, not delete agreements or
involvements; a PUT or PATCH that would delete one is a 403 naming the child and the missing
permission, and nothing is written. A caller who may delete it does, and the agreement's signed
document is removed from storage once the transaction commits.
"""

import logging
from pathlib import Path
from typing import Any

import pytest
from api_helpers import SERVICE_WRITE, relation_body
from django.core.files.base import ContentFile

from intrel.accounts.constants import Role
from intrel.relations.models import Agreement, Involvement, Relation

URL = "/api/v1/relations/helmond-mechelen"


@pytest.fixture
def signed(register: dict[str, Any], settings: Any, tmp_path: Path) -> Path:
    """The register's agreement with its signed PDF on disk; the file's path."""
    settings.MEDIA_ROOT = str(tmp_path)
    agreement = Agreement.objects.get(pk=register["agreement"])
    agreement.document.save("verdrag.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    return Path(agreement.document.path)


def _unchanged(register: dict[str, Any], signed: Path) -> None:
    relation = Relation.objects.get(slug=register["relation"])
    assert relation.description == ""  # the body's other change was not written either
    assert Agreement.objects.filter(pk=register["agreement"]).exists()
    assert Involvement.objects.filter(pk=register["involvement"]).exists()
    assert signed.exists()


def _refused(response: Any, child: str, permission: str) -> None:
    assert response.status_code == 403, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 403
    assert child in problem["detail"] and permission in problem["detail"]
    assert [p["name"] for p in problem["invalidParams"]] == [child]


@pytest.mark.parametrize("method", ["put", "patch"])
def test_a_narrow_token_cannot_delete_an_agreement_by_leaving_it_out(
    method: str,
    register: dict[str, Any],
    signed: Path,
    client_as: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    body = relation_body(agreements=[], description="Zonder verdrag.")
    if method == "patch":
        body = {"agreements": [], "description": "Zonder verdrag."}
    with django_capture_on_commit_callbacks(execute=True):
        response = getattr(client_as(SERVICE_WRITE), method)(URL, body, format="json")
    _refused(response, "agreements", "relations.delete_agreement")
    _unchanged(register, signed)


def test_a_narrow_token_cannot_delete_an_involvement_by_leaving_it_out(
    register: dict[str, Any], signed: Path, client_as: Any
) -> None:
    body = relation_body(involvements=[], description="Zonder betrokkenheid.")
    response = client_as(SERVICE_WRITE).put(URL, body, format="json")
    _refused(response, "involvements", "relations.delete_involvement")
    _unchanged(register, signed)


def test_a_narrow_token_still_changes_a_relation_that_keeps_its_children(
    register: dict[str, Any], signed: Path, client_as: Any
) -> None:
    response = client_as(SERVICE_WRITE).put(
        URL, relation_body(description="Vervangen."), format="json"
    )
    assert response.status_code == 200, response.content
    assert Relation.objects.get(slug=register["relation"]).description == "Vervangen."
    assert Agreement.objects.filter(pk=register["agreement"]).exists() and signed.exists()


@pytest.mark.parametrize("role", [Role.APPLICATION_MANAGER, Role.POLICY_OFFICER])
def test_who_may_delete_agreements_deletes_one_with_its_document(
    role: str,
    register: dict[str, Any],
    signed: Path,
    client_as: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    body = relation_body(agreements=[], involvements=[])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client_as(role).put(URL, body, format="json")
        assert signed.exists()  # not before the commit
    assert response.status_code == 200, response.content
    assert not Agreement.objects.filter(pk=register["agreement"]).exists()
    assert not Involvement.objects.filter(pk=register["involvement"]).exists()
    assert callbacks and not signed.exists()


def test_the_refusal_is_one_line_on_the_access_log(
    register: dict[str, Any], signed: Path, client_as: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """Like every other 403 (core/failures.py): who, what, and the permission lacking."""
    with caplog.at_level(logging.INFO):
        response = client_as(SERVICE_WRITE).put(URL, relation_body(agreements=[]), format="json")

    assert response.status_code == 403
    records = [r for r in caplog.records if URL in r.getMessage()]
    assert [(r.name, r.getMessage()) for r in records] == [
        (
            "intrel.access",
            f"forbidden: user=svc-service-write:relations method=PUT path={URL} "
            "permission=relations.delete_agreement",
        )
    ]
