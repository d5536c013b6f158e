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

from intrel.budgets.models import Allocation, BudgetLine
from intrel.governance.models import Meeting
from intrel.initiatives.models import Initiative
from intrel.initiatives.services import private_link_issue
from intrel.relations.constants import OwnerKind
from intrel.relations.models import Activity, Agreement, ContactPerson, Involvement, Relation

from .conftest import Demo
from .object_rules import COMMITTEE, KINDS, OBJECT_ROUTES, OBJECT_RULES, OTHER, OWN
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
        if principal in OBJECT_RULES.get(name, {}):
            continue  # allowed on some objects only: walked by the object rules below
        expected = _expected(name, method, principal)
        got = _outcome(name, method, _call(client, method, url))
        if got != expected:
            wrong.append(f"{method.upper()} {url} ({name}): {got}, declared {expected}")
    assert wrong == []
    assert set(MATRIX) - walked == NO_DEMO_OBJECT


# --- object-level rules (issue 18; docs/adr/0020-object-level-permissions.md) -----------------
#
# The addresses that write on one relation (or its agreements, involvements, activities, contact
# persons, parties, life) or on one budget line (or its allocations), walked with three objects:
# one of the portfolio the 'wethouder' account holds (EZ), one of another portfolio (culture),
# and one the committee owns or holds. A role in MATRIX acts on every object; a role named in
# OBJECT_RULES acts on the objects named there only, and on any other gets 404, the same answer
# as an id that does not exist ("not found" and "not yours" answer the same); any other role is
# refused by its role (403), before the object is looked up.
# The tables are in object_rules.py (test_every_page.py reads them too).
BOGUS = {"slug": "bestaat-niet", "pk": 999999}


def test_every_object_address_is_declared() -> None:
    """A new address that writes on a relation or a budget line must say its object rule."""
    walked = set(PARAMETERS) | set(POST_ONLY)
    on_objects = {
        name
        for name in walked
        if name.split(":")[0] in ("relations", "budgets")
        and MATRIX[name] not in (ALL, PUBLIC)
        and any(k for k in (PARAMETERS.get(name) or POST_ONLY[name])()[:1][0])
    }
    assert on_objects - set(OBJECT_ROUTES) == set(), "declare these in OBJECT_ROUTES"
    assert set(OBJECT_RULES) <= set(OBJECT_ROUTES)
    for name, roles in OBJECT_RULES.items():
        assert not set(roles) & MATRIX[name], f"{name}: a role in MATRIX acts on every object"


def _objects() -> dict[str, Relation]:
    """The relation of each kind. The demo's portfolio relations are all EZ's, so Mechelen
    (the board's) is made the culture portfolio's here (rolled back after the test)."""
    Relation.objects.filter(slug="helmond-mechelen").update(
        owner_kind=OwnerKind.PORTFOLIO, owner_portfolio="CUL"
    )
    return {
        OWN: Relation.objects.get(slug="helmond-brabant-jiangsu"),
        OTHER: Relation.objects.get(slug="helmond-mechelen"),
        COMMITTEE: Relation.objects.get(slug="helmond-mov-stiphout"),
    }


def _child(model: Any, relation: Relation) -> Any:
    """A child of ``relation`` (a copy of another relation's when it has none)."""
    child = model.objects.filter(relation=relation).first()
    if child is None:
        child = model.objects.exclude(relation=relation).first()
        child.pk = None
        child.relation = relation
        child.save()
    return child


LINES = {OWN: "ez-internationaal-2014", OTHER: "cultuur-stedenband-2014"}
CHILD_MODELS = {
    "agreement": Agreement,
    "involvement": Involvement,
    "activity": Activity,
    "contact_person": ContactPerson,
}


def _kwargs(target: str, kind: str, relations: dict[str, Relation]) -> dict[str, Any]:
    relation = relations[kind]
    if target == "relation":
        return {"slug": relation.slug}
    if target in CHILD_MODELS:
        return {"slug": relation.slug, "pk": _child(CHILD_MODELS[target], relation).pk}
    if target == "party":
        party = (
            relation.parties.first()
            or Relation.objects.get(slug="helmond-brabant-jiangsu").parties.first()
        )
        relation.parties.add(party)
        return {"slug": relation.slug, "pk": party.pk}
    if kind == COMMITTEE:
        line = BudgetLine.objects.filter(holder_kind="committee", year=2014).get()
    else:
        line = BudgetLine.objects.get(slug=LINES[kind])
    if target == "line":
        return {"slug": line.slug}
    return {"pk": Allocation.objects.filter(line=line).order_by("pk").first().pk}


def _object_outcome(response: Any) -> str:
    status = response.status_code
    if status == 403:
        return "refused"
    if status == 404:
        return "not found"
    if status == 302 and response["Location"].startswith(reverse("login")):
        return "to login"
    return f"answered {status}" if status >= 500 else "allowed"


def _object_expected(name: str, principal: str, kind: str) -> str:
    if principal == ANONYMOUS:
        return "to login"
    if principal in MATRIX[name]:
        return "allowed"
    partial = OBJECT_RULES.get(name, {}).get(principal)
    if partial is None:
        return "refused"  # by the role, before the object is looked up
    return "allowed" if kind in partial else "not found"


@pytest.mark.parametrize("principal", [ANONYMOUS, *ROLES])
def test_object_rules_answer_each_role_as_declared(demo: Demo, principal: str) -> None:
    client = Client()
    if principal != ANONYMOUS:
        client.force_login(demo.users[principal])
    relations = _objects()
    wrong = []
    for name, target in sorted(OBJECT_ROUTES.items()):
        method = "post" if name in POST_ONLY else "get"
        answers = {}
        for kind in KINDS:
            url = reverse(name, kwargs=_kwargs(target, kind, relations))
            answers[kind] = got = _object_outcome(_call(client, method, url))
            expected = _object_expected(name, principal, kind)
            if got != expected:
                wrong.append(f"{method.upper()} {url} ({name}, {kind}): {got}, declared {expected}")
        # Not yours answers as not found: an id that does not exist, for a role that may not
        # act on another portfolio's object.
        kwargs = _kwargs(target, OTHER, relations)
        bogus = reverse(name, kwargs={k: BOGUS[k] for k in kwargs})
        if _object_expected(name, principal, OTHER) != "allowed":
            got = _object_outcome(_call(client, method, bogus))
            if got != answers[OTHER]:
                wrong.append(
                    f"{method.upper()} {bogus} ({name}): {got}, another's {answers[OTHER]}"
                )
    assert wrong == []


# The initiator has no account: their private link is their key, and it names one initiative.
# Every address that takes a link's token, walked with the links of two initiatives and a guessed
# one: each link shows its own initiative and not the other; a guessed link answers 404.
LINK_ROUTES = {"initiatives:link", "initiatives:link-data"}


def test_every_private_link_address_is_declared() -> None:
    with_token = {
        name
        for table in (PARAMETERS, DOWNLOADS, POST_ONLY)
        for name, objects in table.items()
        if name.startswith("initiatives:link")
    }
    assert with_token == LINK_ROUTES


def test_a_private_link_reaches_its_own_initiative_only(demo: Demo) -> None:
    first, second = Initiative.objects.order_by("reference")[:2]
    tokens = {
        first: private_link_issue(initiative=first),
        second: private_link_issue(initiative=second),
    }
    visitor = Client()
    for name in sorted(LINK_ROUTES):
        for initiative, token in tokens.items():
            other = second if initiative == first else first
            response = visitor.get(reverse(name, kwargs={"token": token}))
            assert response.status_code == 200, name
            body = response.content.decode()
            assert initiative.reference in body and other.reference not in body, name
        guessed = visitor.get(reverse(name, kwargs={"token": "geraden-" + "x" * 35}))
        assert guessed.status_code == 404, name
