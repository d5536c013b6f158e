"""Partner pages: list, page, new and edit, with the country and coordinates checked."""

import pytest
from django.urls import reverse

from intrel.accounts.constants import Role
from intrel.partners.models import Partner
from intrel.relations.tests.factories import PartnerFactory, RelationFactory

pytestmark = pytest.mark.django_db


def _post(**overrides):
    data = {
        "name": "Mechelen",
        "country": "BE",
        "kind": "city",
        "latitude": "51.0259",
        "longitude": "4.4776",
        "website": "",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_list_and_page_show_the_partner_and_its_relations(officer_client):
    partner = PartnerFactory(name="Zhangjiagang", country="CN")
    RelationFactory(partner=partner, name="Helmond – Zhangjiagang")
    listing = officer_client.get(reverse("partners:list"), {"q": "zhang"})
    assert "Zhangjiagang" in listing.text
    assert [p.name for p in listing.context["page"].object_list] == ["Zhangjiagang"]
    page = officer_client.get(reverse("partners:detail", args=[partner.pk]))
    assert "Helmond – Zhangjiagang" in page.text
    assert officer_client.get(reverse("partners:detail", args=[9999])).status_code == 404


def test_officer_registers_a_partner(officer_client, officer):
    response = officer_client.post(reverse("partners:create"), _post())
    partner = Partner.objects.get()
    assert response["Location"] == reverse("partners:detail", args=[partner.pk])
    assert (partner.country, partner.kind) == ("BE", "city")
    assert partner.history.first().history_user == officer


def test_new_partner_returns_to_the_relation_form(officer_client):
    response = officer_client.post(
        reverse("partners:create") + "?next=/relations/new/", _post(name="Bethlehem", country="PS")
    )
    partner = Partner.objects.get()
    assert response["Location"] == f"/relations/new/?partner={partner.pk}"
    form = officer_client.get(response["Location"])
    assert form.context["form"]["partner"].value() == partner.pk


def test_foreign_next_url_is_ignored(officer_client):
    response = officer_client.post(
        reverse("partners:create") + "?next=https://evil.example/", _post()
    )
    assert response["Location"] == reverse("partners:detail", args=[Partner.objects.get().pk])


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"country": "QQ"}, "Country", "Select a valid choice"),
        ({"country": ""}, "Country", "required"),
        ({"latitude": "91"}, "Latitude", "less than or equal to 90"),
        ({"longitude": "-181"}, "Longitude", "greater than or equal to -180"),
        ({"longitude": ""}, "Longitude", "both latitude and longitude"),
        ({"name": ""}, "Name", "required"),
    ],
)
def test_invalid_partner_is_refused_with_the_field_named(officer_client, overrides, field, message):
    officer_client.cookies["django_language"] = "en"
    response = officer_client.post(reverse("partners:create"), _post(**overrides))
    assert response.status_code == 400
    summary = response.text.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert field in summary and message in summary
    assert not Partner.objects.exists()


def test_edit_changes_the_partner(officer_client):
    partner = PartnerFactory(name="Mechelen", country="BE")
    response = officer_client.post(
        reverse("partners:edit", args=[partner.pk]), _post(name="Stad Mechelen")
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.name == "Stad Mechelen"


def test_council_member_reads_but_may_not_change(client, make_user):
    client.force_login(make_user(Role.COUNCIL_MEMBER))
    partner = PartnerFactory(name="Mechelen")
    assert client.get(reverse("partners:list")).status_code == 200
    page = client.get(reverse("partners:detail", args=[partner.pk]))
    assert page.status_code == 200
    assert reverse("partners:edit", args=[partner.pk]) not in page.text
    assert client.get(reverse("partners:create")).status_code == 403
    response = client.post(reverse("partners:edit", args=[partner.pk]), _post(name="X"))
    assert response.status_code == 403
    partner.refresh_from_db()
    assert partner.name == "Mechelen"


def test_anonymous_is_sent_to_login(client):
    partner = PartnerFactory()
    response = client.get(reverse("partners:detail", args=[partner.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
