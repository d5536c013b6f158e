"""Who may open which address: every address of the product, as every demo role and
anonymously, against a declared matrix (issue 18, "What it must show").

The matrix is the specification: a role named for an address gets the page (200), a file
(200) or, for an address that only takes a POST, anything but a refusal; every other role
gets 403; anonymous visitors are sent to the login page, except on the public addresses (the
portal, the initiative form and its private link, the login itself). A new address missing
from the matrix fails ``test_every_address_is_declared``; a permission that drifts from the
matrix fails the walk. Each request runs in a savepoint that is rolled back, so one role's
POST never changes what the next role finds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from intrel.governance.models import Meeting

from .conftest import Demo
from .test_every_page import DOWNLOADS, NOT_WALKED, PARAMETERS, POST_ONLY, ROLES

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"
ALL = frozenset(ROLES)  # beheer, beleid, wethouder, griffie, commissie, raad
OFFICE = frozenset({"beheer", "beleid"})  # functioneel beheer and the policy officer
BEHEER = frozenset({"beheer"})
GRIFFIE = frozenset({"beheer", "griffie"})  # the clerk (and functioneel beheer)
HANDLERS = frozenset({"beheer", "beleid", "griffie"})  # who handles initiatives


class Public(frozenset[str]):
    """Roles of an address that anonymous visitors may open too."""


PUBLIC = Public(ALL)

# Every address: the roles that may use it.
MATRIX: dict[str, frozenset[str]] = {
    # Public: the portal and its open data, the initiative form and private link, the login,
    # the health check, the API's documentation and the committee's open data (Popolo).
    "portal:home": PUBLIC,
    "portal:relation": PUBLIC,
    "portal:committee": PUBLIC,
    "portal:spending": PUBLIC,
    "portal:framework": PUBLIC,
    "portal:accessibility": PUBLIC,
    "portal:open-data": PUBLIC,
    "portal:relations-csv": PUBLIC,
    "portal:relations-json": PUBLIC,
    "portal:catalogue": PUBLIC,
    "portal:initiatives-iati": PUBLIC,
    "initiatives:submit": PUBLIC,
    "initiatives:submitted": PUBLIC,
    "initiatives:link": PUBLIC,
    "initiatives:link-data": PUBLIC,  # the initiator's own data, through the private link
    "login": PUBLIC,
    "core:healthz": PUBLIC,
    "core:api-docs": PUBLIC,
    "governance:popolo": PUBLIC,
    # Every account: reading the register, governance, budgets, reviews, its own tokens and
    # second factor. (Anonymous visitors of the start page go to the portal.)
    "start:home": ALL,
    "start:search": ALL,
    "tokens:list": ALL,
    "mfa:manage": ALL,
    "mfa:verify": ALL,
    "relations:list": ALL,
    "relations:detail": ALL,
    "relations:in_transition": ALL,
    "partners:list": ALL,
    "partners:detail": ALL,
    "governance:index": ALL,
    "governance:portfolios": ALL,
    "governance:committee": ALL,
    "governance:annual-report": ALL,
    "governance:annual-report-pdf": ALL,
    "governance:meetings": ALL,
    "governance:meeting": ALL,
    "governance:decision": ALL,
    "governance:document": ALL,
    "budgets:overview": ALL,
    "budgets:overview-xlsx": ALL,
    "budgets:line": ALL,
    "budgets:line-xlsx": ALL,
    "initiatives:list": ALL,
    "initiatives:detail": ALL,
    "initiatives:iati": ALL,
    "initiatives:involvements": ALL,
    "assessments:frameworks": ALL,
    "assessments:framework": ALL,
    "assessments:framework-compare": ALL,
    "reviews:impact": ALL,
    "reviews:impact-download": ALL,
    "reviews:rounds": ALL,
    "reviews:round": ALL,
    "reviews:round-compare": ALL,
    "reviews:report": ALL,
    # The council report built in the background: anyone who reads rounds may ask for it
    # (council members read it), follow it and download it.
    "reviews:report-request": ALL,
    "reviews:report-status": ALL,
    "reviews:report-file": ALL,
    "reviews:actions": ALL,
    "reviews:action": ALL,
    "relations:agreement_document": ALL,
    "relations:life_letter": ALL,  # a step's letter to the partner (issue 14)
    # The register's writes: the policy officer and functioneel beheer.
    "relations:create": OFFICE,
    "relations:edit": OFFICE,
    "relations:verify": OFFICE,
    "relations:party_link": OFFICE,
    "relations:party_unlink": OFFICE,
    "relations:agreement_create": OFFICE,
    "relations:agreement_edit": OFFICE,
    "relations:agreement_delete": OFFICE,
    "relations:involvement_create": OFFICE,
    "relations:involvement_edit": OFFICE,
    "relations:involvement_delete": OFFICE,
    "relations:activity_create": OFFICE,
    "relations:activity_edit": OFFICE,
    "relations:activity_delete": OFFICE,
    "relations:contact_person_create": OFFICE,
    "relations:contact_person_edit": OFFICE,
    "relations:life_step_create": OFFICE,
    "partners:create": OFFICE,
    "partners:edit": OFFICE,
    "budgets:line-create": OFFICE,
    "budgets:transfer-create": OFFICE,
    "budgets:allocate": OFFICE,
    "budgets:realise": OFFICE,
    "budgets:release": OFFICE,
    "imports:upload": OFFICE,
    "imports:detail": OFFICE,
    "imports:template": OFFICE,
    "imports:export": OFFICE,
    "imports:commit": OFFICE,
    "assessments:confirm": OFFICE,
    "assessments:override": OFFICE,
    "assessments:reassess": OFFICE,
    "reviews:round-start": OFFICE,
    "reviews:round-assess": OFFICE,
    "reviews:round-step": OFFICE,
    "reviews:item-step": OFFICE,
    # Deleting a contact person (personal data) is functioneel beheer's; so are the persons
    # holding office and the audit log.
    "relations:contact_person_delete": BEHEER,
    "governance:persons": BEHEER,
    "audit:log": BEHEER,
    # The clerk's: meetings, their agenda, attendance, minutes and documents, decisions and the
    # committee's chair election.
    "governance:meeting-create": GRIFFIE,
    "governance:decision-create": GRIFFIE,
    "governance:chair-election": GRIFFIE,
    "governance:meeting-agenda": GRIFFIE,
    "governance:meeting-attendance": GRIFFIE,
    "governance:meeting-minutes": GRIFFIE,
    "governance:meeting-document": GRIFFIE,
    # Initiatives are handled by the clerk and the officer: the steps (the walk screens), the
    # initiator's contact data and attachments, the import.
    "initiatives:step": HANDLERS,
    "initiatives:personal-data": HANDLERS,
    "initiatives:attachment": HANDLERS,
    "initiatives:import": HANDLERS,
    # One's own: signing out, one's recovery codes, revoking one's token (an unknown token is
    # "not found" for everyone: 404, as "not yours" is).
    "logout": PUBLIC,
    "mfa:recovery-codes": ALL,
    "tokens:revoke": ALL,
    "tokens:service-revoke": ALL,
}

# Addresses the walk can call with a better object than the page walk's first one.
OBJECTS: dict[str, Callable[[], list[dict[str, Any]]]] = {
    # The chair election belongs to a committee's meeting (a council meeting has none: 404).
    "governance:chair-election": lambda: [
        {"pk": m.pk} for m in Meeting.objects.filter(committee__isnull=False).order_by("pk")
    ],
}
# Addresses the demo holds no object for (no stored document): declared, not walked.
NO_DEMO_OBJECT = {
    "governance:document",
    "relations:agreement_document",
    "relations:life_letter",  # the demo's steps call for no letter
    "initiatives:attachment",
}


def _addresses() -> list[tuple[str, str, str]]:
    """(name, method, address) of every address, with the demo's first object."""
    found: list[tuple[str, str, str]] = []
    for table, method in ((PARAMETERS, "get"), (DOWNLOADS, "get"), (POST_ONLY, "post")):
        for name, objects in sorted(table.items()):
            kwargs = (OBJECTS.get(name) or objects)()
            if kwargs:
                found.append((name, method, reverse(name, kwargs=kwargs[0])))
    # Signing out ends the walk's session: last.
    return sorted(found, key=lambda address: address[0] == "logout")


class _Rollback(Exception):
    def __init__(self, response: Any) -> None:
        self.response = response


def _call(client: Client, method: str, url: str) -> Any:
    """The response, with whatever the request wrote rolled back."""
    try:
        with transaction.atomic():
            raise _Rollback(getattr(client, method)(url))
    except _Rollback as done:
        return done.response


def test_every_address_is_declared() -> None:
    walked = set(PARAMETERS) | set(DOWNLOADS) | set(POST_ONLY)
    assert walked - set(MATRIX) == set(), "declare who may use these addresses in MATRIX"
    assert set(MATRIX) - walked == set(), "these entries name no address any more"
    assert not set(MATRIX) & NOT_WALKED


def _expected(name: str, method: str, principal: str) -> str:
    allowed = MATRIX[name]
    if principal == ANONYMOUS:
        if isinstance(allowed, Public):
            return "allowed"
        return "to the portal" if name == "start:home" else "to login"
    return "allowed" if principal in allowed else "refused"


def _outcome(name: str, method: str, response: Any) -> str:
    status = response.status_code
    if status == 403:
        return "refused"
    if status == 302 and response["Location"].startswith(reverse("login")):
        return "to login" if name != "logout" else "allowed"
    if status == 302 and response["Location"] == reverse("portal:home"):
        return "to the portal"
    if method == "get":
        return "allowed" if status == 200 else f"answered {status}"
    # A POST without its form: refused only by a 403; a 404 only for "not found or not yours".
    if status >= 500:
        return f"answered {status}"
    return "allowed"


@pytest.mark.parametrize("principal", [ANONYMOUS, *ROLES])
def test_every_address_answers_each_role_as_declared(demo: Demo, principal: str) -> None:
    client = Client()
    if principal != ANONYMOUS:
        client.force_login(demo.users[principal])
    wrong = []
    walked = set()
    for name, method, url in _addresses():
        walked.add(name)
        expected = _expected(name, method, principal)
        got = _outcome(name, method, _call(client, method, url))
        if got != expected:
            wrong.append(f"{method.upper()} {url} ({name}): {got}, declared {expected}")
    assert wrong == []
    assert set(MATRIX) - walked == NO_DEMO_OBJECT
