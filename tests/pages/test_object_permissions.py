"""Object-level permissions on the demo (issue 18; docs/adr/0020-object-level-permissions.md).

The 'wethouder' account is Anja Verhoeven, who holds EZ (and MAR): she changes EZ's relations
and allocates from EZ's budget lines, through the pages and the API alike; another portfolio's
relation or line answers 404, exactly as an id that does not exist. An initiator's private link
reaches their own initiative only. The walk over every role and every object address is in
test_role_matrix.py (``OBJECT_RULES``).
"""

import json
from typing import Any

import pytest
from django.test import Client

from intrel.budgets.models import Allocation, BudgetLine
from intrel.governance.models import PortfolioHolding
from intrel.initiatives.models import Initiative
from intrel.initiatives.services import private_link_issue
from intrel.relations.constants import OwnerKind
from intrel.relations.models import Relation

from .conftest import Demo

pytestmark = pytest.mark.django_db

OWN = "helmond-brabant-jiangsu"  # EZ's
OTHER = "helmond-mechelen"  # made the culture portfolio's below
BOGUS = "bestaat-niet"
OWN_LINE = "ez-internationaal-2014"
OTHER_LINE = "cultuur-stedenband-2014"  # the culture portfolio's (CUL)


@pytest.fixture
def other_portfolio() -> None:
    """The demo's portfolio relations are all EZ's: Mechelen becomes the culture portfolio's
    (rolled back after the test)."""
    Relation.objects.filter(slug=OTHER).update(
        owner_kind=OwnerKind.PORTFOLIO, owner_portfolio="CUL"
    )


def _client(demo: Demo, role: str) -> Client:
    client = Client()
    client.force_login(demo.users[role])
    return client


def _api(client: Client, method: str, path: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(
        f"/api/v1{path}", data=json.dumps(body), content_type="application/json"
    )


def test_the_holder_sees_edit_buttons_on_their_portfolios_relation_only(
    demo: Demo, other_portfolio: None
) -> None:
    client = _client(demo, "wethouder")
    own = client.get(f"/relations/{OWN}/").content.decode()
    other = client.get(f"/relations/{OTHER}/").content.decode()
    assert f"/relations/{OWN}/edit/" in own
    assert f"/relations/{OWN}/activities/new/" in own
    assert f"/relations/{OTHER}/edit/" not in other
    assert f"/relations/{OTHER}/activities/new/" not in other
    # Contact persons stay with the office, on their own relation too.
    assert f"/relations/{OWN}/contacts/new/" not in own


def test_the_holder_edits_their_portfolios_relation_on_the_page(
    demo: Demo, other_portfolio: None
) -> None:
    client = _client(demo, "wethouder")
    assert client.get(f"/relations/{OWN}/edit/").status_code == 200
    Relation.objects.filter(slug=OWN).update(verified=False)
    assert client.post(f"/relations/{OWN}/verify/").status_code == 302
    assert Relation.objects.get(slug=OWN).verified


def test_another_portfolios_relation_answers_as_one_that_does_not_exist(
    demo: Demo, other_portfolio: None
) -> None:
    client = _client(demo, "wethouder")
    Relation.objects.filter(slug=OTHER).update(verified=False)
    for path in ("edit/", "activities/new/", "parties/link/"):
        other = client.get(f"/relations/{OTHER}/{path}")
        bogus = client.get(f"/relations/{BOGUS}/{path}")
        assert other.status_code == bogus.status_code == 404
        assert [t.name for t in other.templates] == [t.name for t in bogus.templates]
    assert client.post(f"/relations/{OTHER}/verify/").status_code == 404
    assert not Relation.objects.get(slug=OTHER).verified  # nothing written
    # A role that changes no relation at all is refused by its role, found or not.
    council = _client(demo, "raad")
    assert council.get(f"/relations/{OWN}/edit/").status_code == 403
    assert council.get(f"/relations/{BOGUS}/edit/").status_code == 403


def test_the_holder_edits_their_portfolios_relation_through_the_api(
    demo: Demo, other_portfolio: None
) -> None:
    client = _client(demo, "wethouder")
    own = _api(client, "patch", f"/relations/{OWN}", {"description": "Door de wethouder."})
    assert own.status_code == 200, own.content
    assert Relation.objects.get(slug=OWN).description == "Door de wethouder."
    other = _api(client, "patch", f"/relations/{OTHER}", {"description": "Niet van mij."})
    bogus = _api(client, "patch", f"/relations/{BOGUS}", {"description": "Niet van mij."})
    assert other.status_code == bogus.status_code == 404
    assert other.json() == bogus.json()
    assert Relation.objects.get(slug=OTHER).description != "Niet van mij."
    # An activity: changed and added on their own relation, not on another's.
    activity = Relation.objects.get(slug=OWN).activities.first()
    changed = _api(client, "patch", f"/activities/{activity.pk}", {"title": "Handelsmissie"})
    assert changed.status_code == 200, changed.content
    foreign = Relation.objects.get(slug=OTHER).activities.first()
    refused = _api(client, "patch", f"/activities/{foreign.pk}", {"title": "Handelsmissie"})
    unknown = _api(client, "patch", "/activities/999999", {"title": "Handelsmissie"})
    assert refused.status_code == unknown.status_code == 404
    body = {"title": "Bezoek", "kind": activity.kind, "date": "2014-05-01"}
    added = _api(client, "post", "/activities", body | {"relation": OTHER})
    unknown = _api(client, "post", "/activities", body | {"relation": BOGUS})
    assert added.status_code == unknown.status_code == 400
    assert added.json()["invalidParams"] == [
        p | {"reason": p["reason"].replace(BOGUS, OTHER)} for p in unknown.json()["invalidParams"]
    ]
    assert _api(client, "post", "/activities", body | {"relation": OWN}).status_code == 201


def test_the_holder_allocates_from_their_portfolios_line_only(demo: Demo) -> None:
    client = _client(demo, "wethouder")
    own_line = client.get(f"/budgets/lines/{OWN_LINE}").content.decode()
    other_line = client.get(f"/budgets/lines/{OTHER_LINE}").content.decode()
    assert f"/budgets/lines/{OWN_LINE}/allocate" in own_line
    assert f"/budgets/lines/{OTHER_LINE}/allocate" not in other_line
    assert client.get(f"/budgets/lines/{OWN_LINE}/allocate").status_code == 200
    other = client.get(f"/budgets/lines/{OTHER_LINE}/allocate")
    bogus = client.get(f"/budgets/lines/{BOGUS}/allocate")
    assert other.status_code == bogus.status_code == 404
    # Through the API: allocated from EZ's line; the culture line as an unknown line.
    body = {"date": "2014-03-01", "money_eur": "10.00", "staff_hours": "0", "relation": OWN}
    before = Allocation.objects.count()
    own = _api(client, "post", f"/budget-lines/{OWN_LINE}/allocations", body)
    assert own.status_code == 201, own.content
    assert Allocation.objects.filter(line__slug=OWN_LINE).count() == 3
    other = _api(client, "post", f"/budget-lines/{OTHER_LINE}/allocations", body)
    bogus = _api(client, "post", f"/budget-lines/{BOGUS}/allocations", body)
    assert other.status_code == bogus.status_code == 404
    assert other.json() == bogus.json()
    assert Allocation.objects.count() == before + 1
    # Realising and releasing stay with the office: refused by the role.
    allocation = Allocation.objects.filter(line__slug=OWN_LINE).first()
    assert client.get(f"/budgets/allocations/{allocation.pk}/realise").status_code == 403


def test_a_holder_no_longer_in_office_allocates_nothing(demo: Demo) -> None:
    """The rule asks who holds the portfolio today: a holding that ended takes the right."""
    PortfolioHolding.objects.filter(person__account=demo.users["wethouder"]).update(
        end="2020-01-01"
    )
    client = _client(demo, "wethouder")
    assert client.get(f"/budgets/lines/{OWN_LINE}/allocate").status_code == 403
    assert client.get(f"/relations/{OWN}/edit/").status_code == 403


def test_the_clerk_books_on_the_committees_line_only(demo: Demo) -> None:
    client = _client(demo, "griffie")
    committee_line = BudgetLine.objects.get(holder_kind="committee", year=2014)
    assert client.get(f"/budgets/lines/{committee_line.slug}/allocate").status_code == 200
    assert client.get(f"/budgets/lines/{OWN_LINE}/allocate").status_code == 404
    # A committee member books nothing alone: the committee decides in its meeting, the clerk
    # records it (BES-11).
    member = _client(demo, "commissie")
    assert member.get(f"/budgets/lines/{committee_line.slug}/allocate").status_code == 403


def test_an_initiators_link_reaches_their_own_initiative_only(demo: Demo) -> None:
    first, second = Initiative.objects.order_by("reference")[:2]
    token = private_link_issue(initiative=first)
    visitor = Client()
    page = visitor.get(f"/initiatives/link/{token}/")
    assert page.status_code == 200
    assert first.title in page.content.decode()
    assert second.title not in page.content.decode()
    data = visitor.get(f"/initiatives/link/{token}/data.json").json()
    assert second.reference not in json.dumps(data)
    # Another initiative by its reference: the staff page, which sends a visitor to sign in,
    # exactly as for a reference that does not exist.
    other = visitor.get(f"/initiatives/{second.reference}/")
    unknown = visitor.get("/initiatives/INI-1999-9999/")
    assert other.status_code == unknown.status_code == 302
    assert other["Location"].split("?")[0] == unknown["Location"].split("?")[0]
    # A link that is not known (a guessed one, or another's mistyped) is 404.
    bogus = visitor.get(f"/initiatives/link/{token[:-4]}abcd/")
    assert bogus.status_code == 404
    assert second.title not in bogus.content.decode()


def test_the_holders_start_page_offers_to_allocate_from_their_lines(demo: Demo) -> None:
    page = _client(demo, "wethouder").get("/").content.decode()
    assert f"/budgets/lines/{OWN_LINE}/allocate" in page
    assert f"/budgets/lines/{OTHER_LINE}/allocate" not in page
