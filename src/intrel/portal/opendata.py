"""The open data downloads (issue 16): the relations as CSV and JSON, and a DCAT catalogue.

The columns are documented in docs/portal.md ("Open data"); a test holds the CSV header to
that list. Codes, not labels, in the files (a program reads them); ISO dates; amounts in euros
with a decimal point. Licence: CC0 1.0 (public sector information, no personal data).
"""

from datetime import date
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from intrel.core.exports import csv_bytes

from . import selectors

LICENCE = "https://creativecommons.org/publicdomain/zero/1.0/"
LICENCE_NAME = "CC0 1.0"

# The columns of the relations file, in order, with what each holds (the open-data page shows
# this list, docs/portal.md repeats it).
RELATION_COLUMN_DOCS: list[tuple[str, Any, str]] = [
    ("slug", _("the relation's identifier in the address of its public page"), ""),
    ("name", _("the relation's name"), ""),
    ("status", _("the state"), "active suspended friendship ending ended"),
    (
        "registered_kind",
        _("the kind as registered"),
        "twinning solidarity economic friendship other",
    ),
    ("partner_name", _("the partner abroad"), ""),
    ("partner_country", _("the partner's country, ISO 3166-1 alpha-2"), ""),
    ("partner_kind", _("the kind of partner"), "city region country organisation"),
    ("latitude", _("the partner's latitude in decimal degrees, WGS 84"), ""),
    ("longitude", _("the partner's longitude in decimal degrees, WGS 84"), ""),
    ("start_date", _("since when, YYYY-MM-DD (empty when not known)"), ""),
    ("end_date", _("until when, YYYY-MM-DD (empty while it lasts)"), ""),
    ("purposes", _("the aims, as codes separated by spaces"), ""),
    (
        "pillar",
        _("the pillar the relation rests on; pending while not established"),
        "solidarity added_value both neither pending",
    ),
    (
        "owner_kind",
        _("who is responsible"),
        "executive_board portfolio committee civil_society none",
    ),
    ("owner_portfolio", _("the portfolio's code when a portfolio holder is responsible"), ""),
    ("budget_money_eur_per_year", _("budget per year in euros"), ""),
    ("budget_staff_hours_per_year", _("budget per year in staff hours"), ""),
    ("agreements", _("the titles of the written agreements, separated by a vertical bar"), ""),
    ("url", _("the relation's public page"), ""),
]
RELATION_COLUMNS = [name for name, _meaning, _values in RELATION_COLUMN_DOCS]


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def relation_rows(*, base_url: str) -> list[dict[str, Any]]:
    """One row per public relation, the columns of ``RELATION_COLUMNS`` in that order."""
    rows = []
    for relation in selectors.relations_public_list():
        partner = relation.partner
        rows.append(
            {
                "slug": relation.slug,
                "name": relation.name,
                "status": relation.status,
                "registered_kind": relation.registered_kind,
                "partner_name": partner.name if partner else "",
                "partner_country": partner.country if partner else "",
                "partner_kind": partner.kind if partner else "",
                # Numbers stay numbers: the CSV neutraliser leaves them alone (a longitude
                # west of Greenwich starts with "-").
                "latitude": float(partner.latitude)
                if partner and partner.latitude is not None
                else None,
                "longitude": float(partner.longitude)
                if partner and partner.longitude is not None
                else None,
                "start_date": _iso(relation.start_date),
                "end_date": _iso(relation.end_date),
                "purposes": " ".join(relation.purposes or []),
                "pillar": selectors.relation_established(relation).pillar,
                "owner_kind": relation.owner_kind,
                "owner_portfolio": relation.owner_portfolio or "",
                "budget_money_eur_per_year": relation.budget_money_eur_per_year,
                "budget_staff_hours_per_year": relation.budget_staff_hours_per_year,
                "agreements": " | ".join(
                    a.title for a in relation.agreements.order_by("signed", "pk")
                ),
                "url": base_url.rstrip("/")
                + reverse("portal:relation", kwargs={"slug": relation.slug}),
            }
        )
    return rows


def relations_csv(*, base_url: str) -> bytes:
    """UTF-8 with a byte order mark (a spreadsheet opens it right), comma-separated."""
    rows = relation_rows(base_url=base_url)
    return csv_bytes([RELATION_COLUMNS] + [[row[c] for c in RELATION_COLUMNS] for row in rows])


def relations_json(*, base_url: str, today: date) -> dict[str, Any]:
    return {
        "title": f"Internationale relaties van de gemeente {settings.INTREL_MUNICIPALITY}",
        "licence": LICENCE,
        "issued": today.isoformat(),
        "columns": RELATION_COLUMNS,
        "relations": relation_rows(base_url=base_url),
    }


def catalogue(*, base_url: str, today: date) -> dict[str, Any]:
    """A DCAT-AP style catalogue (JSON-LD) of the downloads."""
    base = base_url.rstrip("/")
    municipality = settings.INTREL_MUNICIPALITY
    publisher = {"@type": "foaf:Organization", "foaf:name": f"Gemeente {municipality}"}

    def dataset(slug: str, title: str, description: str, files: list[tuple[str, str]]) -> dict:
        return {
            "@id": f"{base}{reverse('portal:open-data')}#{slug}",
            "@type": "dcat:Dataset",
            "dct:title": title,
            "dct:description": description,
            "dct:publisher": publisher,
            "dct:license": LICENCE,
            "dct:modified": today.isoformat(),
            "dcat:distribution": [
                {
                    "@type": "dcat:Distribution",
                    "dcat:downloadURL": f"{base}{url}",
                    "dcat:mediaType": media,
                    "dct:license": LICENCE,
                }
                for url, media in files
            ],
        }

    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
        },
        "@type": "dcat:Catalog",
        "dct:title": f"Open data internationale relaties, gemeente {municipality}",
        "dct:publisher": publisher,
        "dct:license": LICENCE,
        "dct:modified": today.isoformat(),
        "dcat:dataset": [
            dataset(
                "relations",
                "Internationale relaties",
                "De relaties van de gemeente met partners in het buitenland: partner, land, "
                "doelen, pijler, eigenaar, budget per jaar en overeenkomsten.",
                [
                    (reverse("portal:relations-csv"), "text/csv"),
                    (reverse("portal:relations-json"), "application/json"),
                ],
            ),
            dataset(
                "governance",
                "Gemeenteraad en commissie Internationale Betrekkingen (Popolo)",
                "Organen, zetels, lidmaatschappen, personen onder de naam waaronder zij hun "
                "ambt bekleden, besluiten en stemmingen, in het Popolo-formaat.",
                [(reverse("governance:popolo"), "application/json")],
            ),
            dataset(
                "initiatives",
                "Gesteunde initiatieven (IATI 2.03)",
                "De initiatieven van inwoners en organisaties die de commissie steunde, als "
                "IATI-activiteiten: organisatie, plaats, land, looptijd en stand.",
                [(reverse("portal:initiatives-iati"), "application/xml")],
            ),
        ],
    }
