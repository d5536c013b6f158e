"""The public portal (issue 16), anonymously, on the demo data: the map, the downloads, what is
never shown, the friendly 404 and the validated query, and the cache."""

import csv
import io
import json
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from intrel.assessments.models import Assessment
from intrel.assessments.services import assessment_confirm, assessment_override
from intrel.governance.models import Meeting
from intrel.initiatives.models import Initiative
from intrel.partners.models import Partner
from intrel.portal import worldmap
from intrel.portal.opendata import RELATION_COLUMNS
from intrel.portal.selectors import CURRENT_STATUSES
from intrel.relations.models import Activity, ContactPerson, LifeStep, Relation

from .conftest import Demo

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
POPOLO_DIR = ROOT.parent / "shared" / "standards" / "popolo"

PUBLIC_PAGES = [
    "portal:home",
    "portal:committee",
    "portal:spending",
    "portal:framework",
    "portal:accessibility",
    "portal:open-data",
]
DOWNLOADS = [
    "portal:initiatives-iati",
    "portal:relations-csv",
    "portal:relations-json",
    "portal:catalogue",
    "governance:popolo",
]


def _anonymous(language: str = "nl") -> Client:
    client = Client()
    client.cookies["django_language"] = language
    return client


def _public_urls() -> list[str]:
    urls = [reverse(name) for name in PUBLIC_PAGES + DOWNLOADS]
    urls += [
        reverse("portal:relation", kwargs={"slug": r.slug})
        for r in Relation.objects.exclude(status="proposed")
    ]
    urls.append(reverse("portal:spending") + "?year=2014")
    return urls


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_root_sends_a_visitor_to_the_portal(demo: Demo) -> None:
    response = _anonymous().get("/")
    assert response.status_code == 302
    assert response.url == reverse("portal:home")


def test_every_public_page_and_download_answers_anonymously(demo: Demo) -> None:
    for language in ("nl", "en"):
        client = _anonymous(language)
        for url in _public_urls():
            response = client.get(url)
            assert response.status_code == 200, (url, language, response.status_code)


def test_the_map_has_a_marker_for_every_current_relation_in_its_country(demo: Demo) -> None:
    html = _anonymous().get(reverse("portal:home")).content.decode()
    current = Relation.objects.filter(status__in=CURRENT_STATUSES).select_related("partner")
    assert current.count() >= 9
    for relation in current:
        link = reverse("portal:relation", kwargs={"slug": relation.slug})
        # One marker in the SVG and one entry in the list beside it.
        assert html.count(f'href="{link}"') == 2, relation.slug
        partner = relation.partner
        west, south, east, north = worldmap.countries()[partner.country].bbox
        assert west <= float(partner.longitude) <= east, relation.slug
        assert south <= float(partner.latitude) <= north, relation.slug
        x, y = worldmap.project(float(partner.longitude), float(partner.latitude))
        assert re.search(rf'href="{re.escape(link)}"[^>]*><circle cx="{x:g}" cy="{y:g}"', html), (
            relation.slug
        )
    # The shapes come from the local file: Belgium is drawn, Antarctica is not.
    assert "BE" in worldmap.countries() and "AQ" not in worldmap.countries()


def test_a_partner_without_coordinates_is_put_in_its_countrys_centre(demo: Demo) -> None:
    partner = Partner.objects.get(name="Mechelen")
    Partner.objects.filter(pk=partner.pk).update(latitude=None, longitude=None)
    html = _anonymous().get(reverse("portal:home")).content.decode()
    lon, lat = worldmap.country_centre("BE")
    x, y = worldmap.project(lon, lat)
    assert f'cx="{x:g}" cy="{y:g}"' in html
    west, south, east, north = worldmap.countries()["BE"].bbox
    assert west <= lon <= east and south <= lat <= north


def test_a_relation_the_map_cannot_place_is_still_in_the_list(demo: Demo) -> None:
    """Malta is too small for the 1:110m shapes: without coordinates its relation has no
    marker, and is listed all the same."""
    partner = Partner.objects.create(name="Valletta", country="MT", kind="city")
    relation = Relation.objects.get(slug="helmond-entp")
    Relation.objects.filter(pk=relation.pk).update(partner=partner)
    html = _anonymous().get(reverse("portal:home")).content.decode()
    link = reverse("portal:relation", kwargs={"slug": relation.slug})
    assert html.count(f'href="{link}"') == 1
    assert "Valletta" in html


def test_pillars_and_owner_are_shown_only_when_confirmed(demo: Demo) -> None:
    url = reverse("portal:relation", kwargs={"slug": "helmond-mechelen"})
    text = _anonymous("en").get(url).content.decode()
    assert "has not yet been established" in text
    assert "Comparable added value" not in text
    assessment = Assessment.objects.get(relation__slug="helmond-mechelen", is_current=True)
    assessment_confirm(assessment=assessment, user=demo.users["beleid"])
    text = _anonymous("en").get(url).content.decode()
    assert "Comparable added value for both partners" in text
    assert "Culture" in text  # the owner: the portfolio holder of the topic


def test_the_csv_header_is_the_documented_one(demo: Demo) -> None:
    response = _anonymous().get(reverse("portal:relations-csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == RELATION_COLUMNS
    # docs/portal.md lists the same columns in the same order.
    documented = re.findall(r"^\| `(\w+)` \|", (ROOT / "docs" / "portal.md").read_text(), re.M)
    assert documented == RELATION_COLUMNS
    assert len(rows) - 1 == Relation.objects.exclude(status="proposed").count()
    mechelen = next(r for r in rows[1:] if r[0] == "helmond-mechelen")
    assert mechelen[RELATION_COLUMNS.index("partner_country")] == "BE"
    assert mechelen[RELATION_COLUMNS.index("start_date")] == "1995-05-12"
    assert mechelen[RELATION_COLUMNS.index("budget_money_eur_per_year")] == "7500.00"
    san_marcos = next(r for r in rows[1:] if r[0] == "helmond-san-marcos")
    assert float(san_marcos[RELATION_COLUMNS.index("longitude")]) < 0  # a number, no quote


def test_the_json_and_the_catalogue_state_licence_and_date(demo: Demo) -> None:
    data = _anonymous().get(reverse("portal:relations-json")).json()
    assert data["licence"].startswith("https://creativecommons.org/")
    assert re.match(r"\d{4}-\d\d-\d\d$", data["issued"])
    assert data["columns"] == RELATION_COLUMNS
    assert all(list(row) == RELATION_COLUMNS for row in data["relations"])
    catalogue = json.loads(_anonymous().get(reverse("portal:catalogue")).content)
    assert catalogue["@type"] == "dcat:Catalog"
    urls = [
        d["dcat:downloadURL"]
        for dataset in catalogue["dcat:dataset"]
        for d in dataset["dcat:distribution"]
    ]
    for url in urls:
        path = url.removeprefix("http://testserver")
        assert _anonymous().get(path).status_code == 200, url


def test_the_popolo_download_validates(demo: Demo) -> None:
    if not POPOLO_DIR.is_dir():
        pytest.skip(f"Popolo schemas not found at {POPOLO_DIR}")
    schemas = {p.stem: json.loads(p.read_text()) for p in POPOLO_DIR.glob("*.json")}
    registry = Registry().with_resources(
        (s["id"], Resource.from_contents(s, default_specification=DRAFT3)) for s in schemas.values()
    )
    data = _anonymous().get(reverse("governance:popolo")).json()
    for key, schema in {
        "persons": "person",
        "organizations": "organization",
        "posts": "post",
        "memberships": "membership",
        "motions": "motion",
        "vote_events": "vote_event",
    }.items():
        assert data[key], key
        validator = Draft3Validator(schemas[schema], registry=registry)
        for item in data[key]:
            errors = list(validator.iter_errors(item))
            assert not errors, (key, item.get("id"), errors[:1])


def test_nothing_personal_or_internal_reaches_a_public_page_or_download(demo: Demo) -> None:
    """The demo's contact persons plus planted personal and internal fields of every kind; none
    appears anywhere on the portal or in its downloads, in either language."""
    mechelen = Relation.objects.get(slug="helmond-mechelen")
    san_marcos = Relation.objects.get(slug="helmond-san-marcos")
    secrets = []
    for person in ContactPerson.objects.all():
        secrets += [person.name] + [v for v in (person.email, person.phone) if v]
    planted = ContactPerson.objects.create(
        relation=mechelen,
        name="Geheime Contactpersoon",
        email="geheim.contact@example.org",
        phone="+32 15 99 88 77",
    )
    secrets += [planted.name, planted.email, planted.phone]
    Partner.objects.filter(pk=mechelen.partner_id).update(notes="INTERNE-NOTITIE-PARTNER")
    secrets.append("INTERNE-NOTITIE-PARTNER")
    Activity.objects.filter(relation=mechelen).update(participants="DEELNEMER-GEHEIM")
    secrets.append("DEELNEMER-GEHEIM")
    LifeStep.objects.filter(relation=mechelen).update(text="LEVENSSTAP-INTERN")
    secrets.append("LEVENSSTAP-INTERN")
    Meeting.objects.update(minutes="NOTULEN-INTERN")
    secrets.append("NOTULEN-INTERN")
    for initiative in Initiative.objects.all():
        Initiative.objects.filter(pk=initiative.pk).update(
            contact_name="Initiatiefnemer Geheim",
            contact_email="initiatief.geheim@example.org",
            contact_phone="06-99887766",
            relation=san_marcos,
            outcome="supported",
        )
    secrets += ["Initiatiefnemer Geheim", "initiatief.geheim@example.org", "06-99887766"]
    # A confirmed assessment with an override: its reason stays inside, and so does the
    # conclusion overridden.
    assessment = Assessment.objects.get(relation=san_marcos, is_current=True)
    assessment_confirm(assessment=assessment, user=demo.users["beleid"])
    reason = "OVERRIDE-REDEN-INTERN: afgesproken met de wethouder in een vertrouwelijk overleg."
    assessment_override(
        assessment=assessment, user=demo.users["beleid"], target="owner", reason=reason
    )
    secrets.append("OVERRIDE-REDEN-INTERN")
    # An unconfirmed assessment's reasoning stays inside too.
    draft = Assessment.objects.get(relation__slug="helmond-brabant-jiangsu", is_current=True)
    secrets.append(draft.decision["owner"]["because"])
    assert Initiative.objects.exists()

    for language in ("nl", "en"):
        client = _anonymous(language)
        for url in _public_urls():
            response = client.get(url)
            assert response.status_code == 200, url
            body = response.content.decode("utf-8")
            for secret in secrets:
                assert secret not in body, f"{secret!r} on {url} ({language})"
    # The supported initiative itself is public: its title, not its initiator.
    page = _anonymous().get(reverse("portal:relation", kwargs={"slug": san_marcos.slug}))
    assert Initiative.objects.first().title in page.content.decode()


@pytest.mark.parametrize(
    ("language", "text"),
    [("nl", "Op dit adres staat geen publieke relatie."), ("en", "There is no public relation")],
)
def test_an_unknown_relation_is_a_friendly_404_in_the_visitors_language(
    demo: Demo, language: str, text: str
) -> None:
    response = _anonymous(language).get("/publiek/relaties/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert text in html
    assert reverse("portal:home") in html


def test_a_proposed_relation_is_not_public(demo: Demo) -> None:
    relation = Relation.objects.get(slug="helmond-entp")
    Relation.objects.filter(pk=relation.pk).update(status="proposed")
    url = reverse("portal:relation", kwargs={"slug": relation.slug})
    assert _anonymous().get(url).status_code == 404
    assert url not in _anonymous().get(reverse("portal:home")).content.decode()


@pytest.mark.parametrize("year", ["abc", "1900", "2014;drop", "9" * 40, "²⁰¹⁴"])
def test_the_year_is_validated(demo: Demo, year: str) -> None:
    response = _anonymous("en").get(reverse("portal:spending"), {"year": year})
    assert response.status_code == 400
    assert "Year: " in response.content.decode()
    assert "is not a year with a budget" in response.content.decode()


def test_the_language_switch_only_redirects_within_the_site(demo: Demo) -> None:
    client = _anonymous()
    response = client.get(reverse("portal:language", args=["en"]), {"next": "/publiek/commissie/"})
    assert response.status_code == 302 and response.url == "/publiek/commissie/"
    assert client.cookies["django_language"].value == "en"
    assert "The committee" in client.get("/publiek/commissie/").content.decode()
    response = client.get(reverse("portal:language", args=["nl"]), {"next": "https://evil.example"})
    assert response.url == reverse("portal:home")
    assert client.get(reverse("portal:language", args=["xx"])).status_code == 404


def test_a_public_page_comes_from_the_cache_until_the_data_changes(demo: Demo) -> None:
    client = _anonymous()
    url = reverse("portal:relation", kwargs={"slug": "helmond-mechelen"})
    first = client.get(url)
    assert "X-Portal-Cache" not in first
    second = client.get(url)
    assert second["X-Portal-Cache"] == "hit"
    assert second.content == first.content
    relation = Relation.objects.get(slug="helmond-mechelen")
    relation.description = "Een nieuwe beschrijving voor het portaal."
    relation.save()
    third = client.get(url)
    assert "X-Portal-Cache" not in third
    assert "Een nieuwe beschrijving voor het portaal." in third.content.decode()
    # A parameter no page reads shares the page's entry; the year is part of the key.
    assert client.get(url, {"utm": "x"})["X-Portal-Cache"] == "hit"
    spending = reverse("portal:spending")
    assert "X-Portal-Cache" not in client.get(spending, {"year": "2014"})
    assert "X-Portal-Cache" not in client.get(spending, {"year": "2013"})
    assert client.get(spending, {"year": "2013"})["X-Portal-Cache"] == "hit"
    # Each language has its own entry.
    english = _anonymous("en").get(url)
    assert "X-Portal-Cache" not in english and '<html lang="en"' in english.content.decode()


def test_the_iati_file_validates_against_the_schema(demo: Demo) -> None:
    from lxml import etree

    xsd = ROOT.parent / "shared" / "standards" / "iati-2.03" / "iati-activities-schema.xsd"
    if not xsd.exists():
        pytest.skip(f"IATI schema not found at {xsd}")
    schema = etree.XMLSchema(etree.parse(str(xsd)))
    supported = Initiative.objects.filter(outcome__in=["supported", "partly"])
    assert supported.exists()
    response = _anonymous().get(reverse("portal:initiatives-iati"))
    assert response["Content-Type"].startswith("application/xml")
    document = etree.fromstring(response.content)
    assert schema.validate(document), schema.error_log
    identifiers = document.xpath("//iati-activity/iati-identifier/text()")
    assert sorted(i.split("-", 3)[-1] for i in identifiers) == sorted(
        i.reference for i in supported
    )
    assert document.get("version") == "2.03"
    for initiative in supported:
        assert initiative.contact_email not in response.content.decode()
