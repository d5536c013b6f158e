"""The demo data's real ids, per path of the OpenAPI document (smoke test and schemathesis).

Every path with a parameter must be listed in ``PATH_IDS`` (a test checks it), so a new
endpoint is called with real objects from its first day. The ids are read from the database
after the demo loader ran: whatever the demo holds, never a hard-coded list.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from api_helpers import SERVICE_READ, SERVICE_WRITE
from django.db import transaction
from django.test import override_settings

from intrel.accounts.services import DEMO_ACCOUNTS, demo_accounts_create
from intrel.api.constants import Scope
from intrel.api.services import person_token_create, service_token_create


def _values(model_path: str, field_name: str = "pk") -> Callable[[], list[str]]:
    def read() -> list[str]:
        from django.apps import apps

        model = apps.get_model(model_path)
        return [str(v) for v in model.objects.order_by("pk").values_list(field_name, flat=True)]

    return read


def _frameworks() -> list[str]:
    from intrel.policy import known_frameworks

    return sorted(known_frameworks())


def _schema_names() -> list[str]:
    from intrel.assessments.api import SCHEMA_NAMES

    return sorted(SCHEMA_NAMES)


_RELATIONS = _values("relations.Relation", "slug")
_LINES = _values("budgets.BudgetLine", "slug")
_ALLOCATIONS = _values("budgets.Allocation")
_ASSESSMENTS = _values("assessments.Assessment")

# Path template -> the ids of the demo's objects it can be called with.
PATH_IDS: dict[str, Callable[[], list[str]]] = {
    "/relations/{id}": _RELATIONS,
    "/relations/{id}/assessment": _RELATIONS,
    "/relations/{id}/life-steps": _RELATIONS,
    "/partners/{id}": _values("partners.Partner"),
    "/parties/{id}": _values("relations.Party"),
    "/agreements/{id}": _values("relations.Agreement"),
    "/involvements/{id}": _values("relations.Involvement"),
    "/activities/{id}": _values("relations.Activity"),
    "/assessments/{id}": _ASSESSMENTS,
    "/assessments/{id}/confirmation": _ASSESSMENTS,
    "/assessments/{id}/overrides": _ASSESSMENTS,
    "/frameworks/{id}": _frameworks,
    "/frameworks/{id}/evaluations": _frameworks,
    "/schemas/{name}": _schema_names,
    "/persons/{id}": _values("governance.Person"),
    "/committees/{id}": _values("governance.Committee", "slug"),
    "/committee-memberships/{id}": _values("governance.CommitteeMembership"),
    "/meetings/{id}": _values("governance.Meeting"),
    "/decisions/{id}": _values("governance.Decision", "identifier"),
    "/council-memberships/{id}": _values("governance.CouncilMembership"),
    "/portfolios/{id}": _values("governance.Portfolio", "code"),
    "/budget-lines/{id}": _LINES,
    "/budget-lines/{id}/allocations": _LINES,
    "/budget-lines/{id}/entries": _LINES,
    "/budget-allocations/{id}": _ALLOCATIONS,
    "/budget-allocations/{id}/realisations": _ALLOCATIONS,
    "/budget-allocations/{id}/releases": _ALLOCATIONS,
    "/budget-transfers/{id}": _values("budgets.BudgetTransfer"),
    "/initiatives/{id}": _values("initiatives.Initiative", "reference"),
    "/initiatives/{id}/steps": _values("initiatives.Initiative", "reference"),
    "/review-rounds/{id}": _values("reviews.ReviewRound"),
    "/review-rounds/{id}/steps": _values("reviews.ReviewRound"),
    "/review-actions/{id}": _values("reviews.ReviewAction"),
    "/review-actions/{id}/close": _values("reviews.ReviewAction"),
}


def review_round_decided() -> None:
    """Beside the demo's open review (2014, every relation but Brainport's, which started in
    2018): a round over Brainport the council decided in 2019, so that the actions' operations
    are called with a real action."""
    from datetime import date

    from intrel.relations.models import Relation
    from intrel.reviews import services

    brainport = [Relation.objects.get(slug="helmond-brainport-acquisitie")]
    decided = services.review_round_start(
        title="Herijking Brainport 2019",
        framework_id="helmond-2013",
        reference_date=date(2019, 1, 1),
        relations=brainport,
    )
    services.review_round_assess(review_round=decided)
    services.review_advice_record(review_round=decided, text="Advies", on=date(2019, 2, 1))
    services.review_proposal_record(review_round=decided, text="Voorstel", on=date(2019, 3, 1))
    services.review_decision_record(review_round=decided, text="Besluit", on=date(2019, 4, 1))


@dataclass
class Demo:
    """The loaded demo: ids per path template, and a bearer key per caller."""

    ids: dict[str, list[str]]
    tokens: dict[str, str] = field(default_factory=dict)

    def headers(self, principal: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[principal]}"}


def demo_load_for_module(django_db_blocker: Any) -> Iterator[Demo]:
    """Load the demo once (``intrel demo_load``'s loader), the six demo accounts with a token
    each, and the two service tokens; roll it all back when the module is done."""
    from intrel.demo.services import demo_load

    with django_db_blocker.unblock(), transaction.atomic():
        demo_load()
        review_round_decided()
        with override_settings(DEBUG=True):
            users = demo_accounts_create(password="demo-for-tests-only")
        role_of = {a.username: str(a.role) for a in DEMO_ACCOUNTS}
        tokens = {role_of[u.username]: person_token_create(user=u, name="tests")[1] for u in users}
        for principal, scopes in (
            (SERVICE_READ, [Scope.READ]),
            (SERVICE_WRITE, [Scope.WRITE_RELATIONS]),
        ):
            _, tokens[principal] = service_token_create(
                name=principal.replace(" ", "-").replace(":", "-"), scopes=scopes
            )
        demo = Demo(ids={path: read() for path, read in PATH_IDS.items()}, tokens=tokens)
        yield demo
        transaction.set_rollback(True)
