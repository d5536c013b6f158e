"""The register's pages as an officer, a council member and a stranger meet them."""

import html
import io
import zipfile
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from intrel.accounts.constants import Role
from intrel.core.errors import DomainError
from intrel.relations.models import Agreement, ContactPerson, Party, Relation

from .factories import ActivityFactory, AgreementFactory, PartnerFactory, RelationFactory

pytestmark = pytest.mark.django_db


def _valid_post(partner, **overrides):
    data = {
        "name": "Stedenband Helmond – Mechelen",
        "partner": partner.pk,
        "registered_kind": "twinning",
        "status": "active",
        "initiated_by": "municipality",
        "purposes": ["culture", "economy"],
        "mutual_value": "on",
        "owner_kind": "portfolio",
        "owner_portfolio": "ez",
        "budget_money_eur_per_year": "2500.00",
        "budget_staff_hours_per_year": "80",
        "budget_held_by": "portfolio",
        "budget_portfolio": "EZ",
        "start_date": "1990-05-01",
        "end_date": "",
        "end_reason": "",
        "description": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def council_client(client, make_user):
    client.force_login(make_user(Role.COUNCIL_MEMBER))
    return client


# --- access ------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_the_login_page(client):
    relation = RelationFactory()
    for url in (
        reverse("relations:list"),
        reverse("relations:detail", args=[relation.slug]),
        reverse("relations:create"),
        reverse("partners:list"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_council_member_reads_but_may_not_edit(council_client):
    relation = RelationFactory(name="Helmond – Zhangjiagang")
    ContactPerson.objects.create(relation=relation, name="Mevrouw Geheim")

    listing = council_client.get(reverse("relations:list"))
    assert listing.status_code == 200
    assert "Helmond – Zhangjiagang" in listing.text
    assert reverse("relations:create") not in listing.text

    page = council_client.get(relation.get_absolute_url())
    assert page.status_code == 200
    assert "Helmond – Zhangjiagang" in page.text
    assert reverse("relations:edit", args=[relation.slug]) not in page.text
    assert "Mevrouw Geheim" not in page.text  # contact persons are personal data

    edit_url = reverse("relations:edit", args=[relation.slug])
    assert council_client.get(edit_url).status_code == 403
    post = council_client.post(edit_url, _valid_post(relation.partner, name="Hijacked"))
    assert post.status_code == 403
    assert council_client.get(reverse("relations:create")).status_code == 403
    assert (
        council_client.get(reverse("relations:agreement_create", args=[relation.slug])).status_code
        == 403
    )
    relation.refresh_from_db()
    assert relation.name == "Helmond – Zhangjiagang"


def test_missing_relation_is_404(officer_client):
    assert officer_client.get(reverse("relations:detail", args=["nope"])).status_code == 404
    assert officer_client.get(reverse("relations:edit", args=["nope"])).status_code == 404
    relation = RelationFactory()
    url = reverse("relations:agreement_edit", args=[relation.slug, 999])
    assert officer_client.get(url).status_code == 404


# --- list --------------------------------------------------------------------------------------


def test_list_search_and_filters(officer_client):
    mechelen = RelationFactory(
        name="Stedenband Mechelen", partner=PartnerFactory(name="Mechelen", country="BE")
    )
    bethlehem = RelationFactory(
        name="Solidariteit Bethlehem",
        registered_kind="solidarity",
        status="suspended",
        purposes=["development"],
        owner_kind="committee",
        owner_portfolio="",
        partner=PartnerFactory(name="Bethlehem", country="PS"),
        verified=False,
    )
    url = reverse("relations:list")

    def names(**params):
        response = officer_client.get(url, params)
        assert response.status_code == 200
        return {r.name for r in response.context["page"].object_list}

    assert names() == {mechelen.name, bethlehem.name}
    assert names(q="mechel") == {mechelen.name}
    assert names(registered_kind="solidarity") == {bethlehem.name}
    assert names(status="suspended") == {bethlehem.name}
    assert names(country="BE") == {mechelen.name}
    assert names(purpose="development") == {bethlehem.name}
    assert names(owner="committee") == {bethlehem.name}
    assert names(owner="portfolio:CUL") == {mechelen.name}
    assert names(verified="no") == {bethlehem.name}
    assert names(verified="yes") == {mechelen.name}
    # An unknown filter value is ignored rather than failing the page.
    assert names(status="nonsense", q="Bethlehem") == {bethlehem.name}

    page = officer_client.get(url, {"country": "PS"}).text
    assert "Bethlehem" in page and "Mechelen" not in page
    assert "New relation" in page or "Nieuwe relatie" in page


def test_list_is_paginated_by_50(officer_client):
    partner = PartnerFactory()
    for n in range(51):
        RelationFactory(name=f"Relatie {n:03d}", partner=partner)
    first = officer_client.get(reverse("relations:list"))
    assert len(first.context["page"].object_list) == 50
    second = officer_client.get(reverse("relations:list"), {"page": 2})
    assert [r.name for r in second.context["page"].object_list] == ["Relatie 050"]


# --- detail ------------------------------------------------------------------------------------


def test_detail_shows_the_relation_and_its_children(officer_client):
    relation = RelationFactory(name="Helmond – Mechelen", purposes=["culture", "sport"])
    relation.parties.add(Party.objects.create(name="Brainport", sector="business"))
    agreement = AgreementFactory(relation=relation, title="Vriendschapsverdrag")
    agreement.document.save("verdrag.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    ActivityFactory(relation=relation, date=date(2013, 5, 1), title="Bezoek burgemeester")
    ContactPerson.objects.create(relation=relation, name="Jan Contact", email="jan@example.org")

    page = officer_client.get(relation.get_absolute_url())
    text = page.text
    for expected in (
        "Helmond – Mechelen",
        relation.partner.name,
        "Brainport",
        "Vriendschapsverdrag",
        "Bezoek burgemeester",
        "Jan Contact",
        reverse("relations:agreement_document", args=[relation.slug, agreement.pk]),
    ):
        assert expected in text

    download = officer_client.get(
        reverse("relations:agreement_document", args=[relation.slug, agreement.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_unverified_relation_can_be_confirmed(officer_client, make_user):
    relation = RelationFactory(verified=False, status="proposed", source="twin_towns")
    verify_url = reverse("relations:verify", args=[relation.slug])
    page = officer_client.get(relation.get_absolute_url()).text
    assert verify_url in page

    council = Client()
    council.force_login(make_user(Role.COUNCIL_MEMBER))
    assert council.post(verify_url).status_code == 403
    relation.refresh_from_db()
    assert relation.verified is False

    response = officer_client.post(verify_url)
    assert response.status_code == 302
    relation.refresh_from_db()
    assert relation.verified is True and relation.status == "active"
    assert verify_url not in officer_client.get(relation.get_absolute_url()).text


# --- create and edit ---------------------------------------------------------------------------


def test_officer_creates_a_relation(officer_client, officer):
    partner = PartnerFactory(name="Mechelen")
    response = officer_client.post(reverse("relations:create"), _valid_post(partner))
    relation = Relation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == relation.get_absolute_url()
    assert relation.slug == "stedenband-helmond-mechelen"
    assert relation.purposes == ["culture", "economy"]
    assert relation.owner_portfolio == "EZ"  # normalised to upper case
    assert relation.source == "manual"
    assert relation.history.first().history_user == officer


@pytest.mark.parametrize(
    ("overrides", "field_label", "message"),
    [
        ({"purposes": []}, "urposes", "at least one purpose"),
        ({"owner_portfolio": ""}, "owner's portfolio", "Required when the owner is a portfolio"),
        ({"budget_portfolio": ""}, "budget's portfolio", "Required when a portfolio holds"),
        ({"end_date": "2020-01-01"}, "end reason", "reason the relation ended"),
        ({"end_reason": "lapsed"}, "end date", "Give the end date"),
        ({"status": "ended"}, "end date", "An ended relation needs an end date"),
        (
            {"end_date": "1980-01-01", "end_reason": "lapsed"},
            "end date",
            "before the start date",
        ),
        ({"budget_money_eur_per_year": "-5"}, "money per year", "greater than or equal to 0"),
        ({"owner_portfolio": "E Z!"}, "owner's portfolio", "upper case letters"),
        ({"name": ""}, "Name", "required"),
        ({"slug": "new"}, "identifier", "already in use"),
    ],
)
def test_invalid_relation_is_refused_with_the_field_named(
    officer_client, overrides, field_label, message
):
    partner = PartnerFactory()
    with_lang = {"HTTP_ACCEPT_LANGUAGE": "en"}
    officer_client.cookies["django_language"] = "en"
    response = officer_client.post(
        reverse("relations:create"), _valid_post(partner, **overrides), **with_lang
    )
    assert response.status_code == 400
    assert Relation.objects.count() == 0
    summary = html.unescape(response.text.split('id="error-summary"', 1)[1].split("</div>", 1)[0])
    assert field_label.lower() in summary.lower()
    assert message.lower() in summary.lower()


def test_edit_changes_the_name_and_the_history_says_who(officer_client, officer):
    officer.first_name, officer.last_name = "Pieter", "van den Heuvel"
    officer.save()
    relation = RelationFactory(name="Oude naam")
    agreement = AgreementFactory(relation=relation, title="Verdrag 1990")
    form_page = officer_client.get(reverse("relations:edit", args=[relation.slug]))
    assert form_page.status_code == 200
    assert 'value="Oude naam"' in form_page.text

    response = officer_client.post(
        reverse("relations:edit", args=[relation.slug]),
        _valid_post(relation.partner, name="Nieuwe naam", purposes=["culture"]),
    )
    assert response.status_code == 302
    officer_client.post(reverse("relations:agreement_delete", args=[relation.slug, agreement.pk]))

    officer_client.cookies["django_language"] = "en"
    page = officer_client.get(relation.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    history = page.text.split('id="history"', 1)[1]
    assert "Pieter van den Heuvel" in history
    assert "Oude naam" in history and "Nieuwe naam" in history
    assert "Name" in history  # the field's verbose name
    assert "Verdrag 1990" in history and "deleted" in history
    assert not Agreement.objects.filter(pk=agreement.pk).exists()


def test_edit_refusal_saves_nothing(officer_client):
    relation = RelationFactory(name="Blijft zo")
    response = officer_client.post(
        reverse("relations:edit", args=[relation.slug]),
        # An end reason without an end date: refused, and the new name is not saved either.
        _valid_post(relation.partner, name="Anders", end_reason="lapsed"),
    )
    assert response.status_code == 400
    assert "error-summary" in response.text
    relation.refresh_from_db()
    assert relation.name == "Blijft zo" and relation.status == "active"


def test_edit_form_cannot_change_the_status(officer_client):
    """The status changes only through the life steps (issue 14): the form has no status."""
    relation = RelationFactory(name="Blijft actief")
    url = reverse("relations:edit", args=[relation.slug])
    assert 'name="status"' not in officer_client.get(url).text
    response = officer_client.post(url, _valid_post(relation.partner, status="ended"))
    assert response.status_code == 302
    relation.refresh_from_db()
    assert relation.status == "active"


# --- children ----------------------------------------------------------------------------------


def real_pdf() -> bytes:
    from intrel.core.tests.test_uploads import real_pdf as pdf

    return pdf()


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _agreement_post(document=None, **overrides):
    data = {
        "title": "Samenwerkingsovereenkomst",
        "signed": "2012-03-01",
        "ends": "",
        "notice_months": "6",
        "renewal_months": "",
    }
    data.update(overrides)
    if document is not None:
        data["document"] = document
    return data


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("verdrag.pdf", b"this is just text pretending", "not a PDF"),
        ("verdrag.docx", b"PK\x03\x04 broken zip", "not a DOCX"),
        ("verdrag.docx", b"%PDF-1.4 a pdf in disguise", "not a DOCX"),
        ("verdrag.exe", b"%PDF-1.4", "Only PDF and DOCX"),
    ],
)
def test_document_that_is_not_what_it_claims_is_refused(officer_client, name, content, message):
    relation = RelationFactory()
    officer_client.cookies["django_language"] = "en"
    response = officer_client.post(
        reverse("relations:agreement_create", args=[relation.slug]),
        _agreement_post(SimpleUploadedFile(name, content)),
    )
    assert response.status_code == 400
    assert message in response.text
    assert "Signed document" in response.text.split('id="error-summary"', 1)[1]
    assert not Agreement.objects.exists()


def test_document_too_large_is_refused(officer_client, settings):
    settings.INTREL_MAX_UPLOAD_BYTES = 1000
    relation = RelationFactory()
    officer_client.cookies["django_language"] = "en"
    response = officer_client.post(
        reverse("relations:agreement_create", args=[relation.slug]),
        _agreement_post(SimpleUploadedFile("groot.pdf", b"%PDF-1.7 " + b"x" * 2000)),
    )
    assert response.status_code == 400
    assert "at most" in response.text
    assert not Agreement.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"), [("verdrag.pdf", real_pdf()), ("verdrag.docx", _docx_bytes())]
)
def test_genuine_document_is_kept_and_downloadable(officer_client, name, content):
    relation = RelationFactory()
    response = officer_client.post(
        reverse("relations:agreement_create", args=[relation.slug]),
        _agreement_post(SimpleUploadedFile(name, content)),
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert agreement.notice_months == 6
    download = officer_client.get(
        reverse("relations:agreement_document", args=[relation.slug, agreement.pk])
    )
    assert b"".join(download.streaming_content) == content
    # The edit form names the stored file but never links to the file store itself.
    edit = officer_client.get(
        reverse("relations:agreement_edit", args=[relation.slug, agreement.pk])
    ).content.decode()
    assert name.rsplit(".", 1)[0] in edit and "/media/" not in edit
    assert officer_client.get(f"/media/{agreement.document.name}").status_code == 404


def test_agreement_ending_before_signing_is_refused(officer_client):
    relation = RelationFactory()
    officer_client.cookies["django_language"] = "en"
    response = officer_client.post(
        reverse("relations:agreement_create", args=[relation.slug]),
        _agreement_post(ends="2000-01-01"),
    )
    assert response.status_code == 400
    assert "before the date of signing" in response.text
    assert not Agreement.objects.exists()


def test_involvement_activity_and_contact_can_be_added(officer_client):
    relation = RelationFactory()
    officer_client.post(
        reverse("relations:involvement_create", args=[relation.slug]),
        {"actor": "alderman", "portfolio": "ez", "start": "2014-01-01", "end": "2014-12-31"},
    )
    officer_client.post(
        reverse("relations:activity_create", args=[relation.slug]),
        {"kind": "visit", "title": "Handelsmissie", "date": "2014-03-03"},
    )
    officer_client.post(
        reverse("relations:contact_person_create", args=[relation.slug]),
        {"name": "Ana Lopez", "email": "not-an-email"},
    )
    assert relation.involvements.get().portfolio == "EZ"
    assert relation.activities.get().title == "Handelsmissie"
    assert not relation.contact_persons.exists()  # the e-mail address was refused
    officer_client.post(
        reverse("relations:contact_person_create", args=[relation.slug]),
        {"name": "Ana Lopez", "email": "ana@example.org"},
    )
    page = officer_client.get(relation.get_absolute_url()).text
    assert "Handelsmissie" in page and "Ana Lopez" in page


def test_party_is_linked_new_or_existing(officer_client):
    relation = RelationFactory()
    existing = Party.objects.create(name="TU Eindhoven", sector="knowledge")
    url = reverse("relations:party_link", args=[relation.slug])

    refused = officer_client.post(url, {"name": "Brainport Development", "sector": ""})
    assert refused.status_code == 400 and not Party.objects.filter(sector="business").exists()

    officer_client.post(url, {"name": "Brainport Development", "sector": "business"})
    officer_client.post(url, {"party": existing.pk})
    assert set(relation.parties.values_list("name", flat=True)) == {
        "Brainport Development",
        "TU Eindhoven",
    }
    officer_client.post(reverse("relations:party_unlink", args=[relation.slug, existing.pk]))
    assert list(relation.parties.values_list("name", flat=True)) == ["Brainport Development"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"notice_months": "99999999999"}, "600"),
        ({"signed": "9000-01-01"}, "2200-12-31"),
    ],
)
def test_absurd_agreement_terms_are_refused_with_the_reason(officer_client, overrides, message):
    """A notice of a billion months or a signing date in the year 9000 cannot be reasoned
    about (IMP-3 dates would leave the calendar): refused on the form, nothing saved."""
    relation = RelationFactory()
    officer_client.cookies["django_language"] = "en"
    response = officer_client.post(
        reverse("relations:agreement_create", args=[relation.slug]), _agreement_post(**overrides)
    )
    assert response.status_code == 400
    assert message in response.text
    assert not Agreement.objects.exists()


def test_an_unknown_portfolio_code_is_refused_naming_the_known_ones(officer):
    """A code the framework does not know would make the relation nobody's (BES-5, BES-6)."""
    from intrel.relations.services import InvolvementData, involvement_save

    relation = RelationFactory()
    with pytest.raises(DomainError) as refused:
        involvement_save(
            relation=relation,
            user=officer,
            data=InvolvementData(actor="alderman", portfolio="ZZZZ", start=date(2014, 1, 1)),
        )
    assert refused.value.field == "portfolio" and "EZ" in refused.value.message
    assert not relation.involvements.exists()


def test_an_unknown_portfolio_through_the_api_is_a_400_naming_the_path(api_client_for):
    RelationFactory(slug="helmond-x")
    response = api_client_for().patch(
        "/api/v1/relations/helmond-x",
        {"owner": {"kind": "portfolio", "portfolio": "ZZ"}},
        format="json",
    )
    assert response.status_code == 400
    assert "owner.portfolio" in [p["name"] for p in response.json()["invalidParams"]]


def test_without_permission_to_add_parties_only_existing_ones_are_linked(make_user):
    from intrel.relations.services import relation_party_link

    relation = RelationFactory()
    existing = Party.objects.create(name="Stichting Bestaand", sector="civil_society")
    user = make_user(Role.POLICY_OFFICER)
    linked = relation_party_link(
        relation=relation, user=user, name="stichting bestaand", may_create=False
    )
    assert linked == existing
    with pytest.raises(DomainError) as refused:
        relation_party_link(
            relation=relation, user=user, name="Nieuw", sector="business", may_create=False
        )
    assert refused.value.field == "name"
    assert not Party.objects.filter(name="Nieuw").exists()


@pytest.mark.parametrize(
    ("language", "money", "hours", "old_money"),
    [
        ("nl", "€\xa012.500,00", "1.234,5 ambtelijke uren", "€\xa01.000,00"),
        ("en", "€12,500.00", "1,234.5 staff hours", "€1,000.00"),
    ],
)
def test_relation_page_shows_amounts_in_the_language(
    officer_client, language, money, hours, old_money
):
    """Issue 10.4: the budget and its history read "€ 12.500,00" in Dutch, "€12,500.00" in
    English, never "12500.00"."""
    relation = RelationFactory()
    response = officer_client.post(
        reverse("relations:edit", args=[relation.slug]),
        _valid_post(
            relation.partner,
            budget_money_eur_per_year="12500.00",
            budget_staff_hours_per_year="1234.5",
        ),
    )
    assert response.status_code == 302
    officer_client.cookies["django_language"] = language
    page = html.unescape(officer_client.get(relation.get_absolute_url()).text)
    facts = page.split('id="facts-h"', 1)[1].split("</dl>", 1)[0]
    assert money in facts and hours in facts
    history = page.split('id="history"', 1)[1]
    assert f'{old_money}</span> → <span class="diff-new">{money}' in history
    assert "12500" not in page and "1000.00" not in history


def test_the_search_finds_by_each_column_in_either_case(officer_client):
    """``q`` matches the name, the id, the partner's name and the description, in any case;
    a relation matching by two of them is listed once (the search is a union, issue 19)."""
    by_name = RelationFactory(name="Stedenband Zwolle-Xanten", slug="rel-a")
    by_slug = RelationFactory(name="Eerste", slug="helmond-qwerty")
    by_partner = RelationFactory(
        name="Tweede", slug="rel-c", partner=PartnerFactory(name="Qwertyville")
    )
    by_description = RelationFactory(name="Derde", slug="rel-d", description="Over QWERTY en meer.")
    RelationFactory(name="Vierde", slug="rel-e", description="niets")
    url = reverse("relations:list")

    def slugs(q):
        response = officer_client.get(url, {"q": q})
        assert response.status_code == 200
        return [r.slug for r in response.context["page"].object_list]

    assert slugs("xANTEN") == [by_name.slug]
    assert sorted(slugs("qwerty")) == sorted([by_slug.slug, by_partner.slug, by_description.slug])
    both = RelationFactory(
        name="Qwerty twee keer", slug="rel-f", partner=PartnerFactory(name="Qwerty-stad")
    )
    assert slugs("qwerty").count(both.slug) == 1
    assert slugs("geen-treffer") == []


def test_the_search_is_served_by_trigram_indexes_on_postgresql(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("trigram indexes exist on PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE '%%trgm%%'")
        found = dict(cursor.fetchall())
    assert set(found) == {
        "relation_name_trgm_idx",
        "relation_slug_trgm_idx",
        "relation_description_trgm_idx",
        "partner_name_trgm_idx",
    }
    assert all(
        "gin_trgm_ops" in definition and "upper(" in definition for definition in found.values()
    )


def test_the_filter_options_follow_every_write(officer_client):
    """The countries and owners of the list's filters are cached (issue 19) and read afresh after
    any write of a relation or partner, also a bulk one."""
    from django.core.cache import cache

    from intrel.core.signals import bulk_written
    from intrel.partners.models import Partner

    cache.clear()
    url = reverse("relations:list")

    def countries():
        choices = officer_client.get(url).context["filters"].fields["country"].choices
        return {code for code, _name in choices if code}

    RelationFactory(partner=PartnerFactory(country="BE"))
    assert countries() == {"BE"}
    relation = RelationFactory(partner=PartnerFactory(country="NI"))
    assert countries() == {"BE", "NI"}
    relation.partner.country = "PS"
    relation.partner.save()
    assert countries() == {"BE", "PS"}
    relation.delete()
    assert countries() == {"BE"}
    # A write Django does not announce (the import's bulk_create) announces itself.
    Partner.objects.filter(country="BE").update(country="DE")
    assert countries() == {"BE"}
    bulk_written.send(sender=Partner)
    assert countries() == {"DE"}


def _count_queries(queries) -> int:
    return sum("COUNT(*)" in q["sql"].upper() for q in queries.captured_queries)


def test_the_list_count_is_cached_and_follows_every_write(officer_client, api_client_for):
    """The total of the relation list (page and API) is cached per filter (issue 19): the second
    request counts nothing, and any write of a relation or partner, a bulk one too, gives the
    new total at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from intrel.core.signals import bulk_written

    api = api_client_for(Role.APPLICATION_MANAGER)
    url = reverse("relations:list")

    def api_total(query: str = "") -> int:
        return api.get(f"/api/v1/relations{query}").json()["totalItems"]

    def page_total(query: str = "") -> int:
        return officer_client.get(url + query).context["page"].paginator.count

    RelationFactory(partner=PartnerFactory(country="BE"), status="active")
    RelationFactory(partner=PartnerFactory(country="NI"), status="active")
    assert (api_total(), api_total("?country=BE"), page_total(), page_total("?country=NI")) == (
        2,
        1,
        2,
        1,
    )
    with CaptureQueriesContext(connection) as queries:
        assert api_total() == 2
        assert page_total() == 2
    assert _count_queries(queries) == 0
    relation = RelationFactory(partner=PartnerFactory(country="BE"), status="active")
    assert (api_total(), api_total("?country=BE"), page_total("?country=BE")) == (3, 2, 2)
    relation.partner.country = "DE"
    relation.partner.save()
    assert (api_total("?country=BE"), page_total("?country=DE")) == (1, 1)
    relation.delete()
    assert (api_total(), page_total()) == (2, 2)
    # A bulk write announces itself (the import's writes through the cursor).
    Relation.objects.filter(partner__country="NI").update(status="suspended")
    bulk_written.send(sender=Relation)
    assert (api_total("?status=active"), page_total("?status=active")) == (1, 1)
