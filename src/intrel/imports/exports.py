"""The whole register as an XLSX in the import's own format (issue 19): the sheets relations,
agreements and involvements with the template's columns, so the file can be edited and
imported again (an unchanged file changes nothing).

Written in openpyxl's write-only mode from querysets read in chunks
(``core.exports.workbook_stream``): memory stays flat whatever the size of the register, and
text that looks like a formula is written as text, as in every export.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from intrel.core.exports import workbook_stream
from intrel.relations.models import Agreement, Involvement, Relation

from .parsers import AGREEMENTS_SHEET, INVOLVEMENTS_SHEET, RELATIONS_SHEET, SHEET_COLUMNS

# Rows fetched from the database at a time.
CHUNK = 2000


def _yes_no(value: bool) -> str:
    return "ja" if value else "nee"


def _number(value: Decimal) -> int | Decimal:
    return int(value) if value == value.to_integral_value() else value


def _relation_rows() -> Iterator[list[Any]]:
    relations = (
        Relation.objects.select_related("partner")
        .prefetch_related("parties")
        .order_by("slug")
        .iterator(chunk_size=CHUNK)
    )
    for r in relations:
        parties = sorted(r.parties.all(), key=lambda p: p.name)
        yield [
            r.slug,
            r.name,
            r.partner.name,
            r.partner.country,
            r.partner.kind,
            r.registered_kind,
            r.status,
            r.initiated_by,
            ";".join(sorted(r.purposes)),
            _yes_no(r.mutual_value),
            "; ".join(f"{p.name}:{p.sector}" for p in parties),
            r.owner_kind,
            r.owner_portfolio,
            _number(r.budget_money_eur_per_year),
            _number(r.budget_staff_hours_per_year),
            r.budget_held_by,
            r.budget_portfolio,
        ]


def _iso(value: Any) -> str:
    return value.isoformat() if value else ""


def _agreement_rows() -> Iterator[list[Any]]:
    rows = (
        Agreement.objects.order_by("relation__slug", "signed", "title", "pk")
        .values_list(
            "relation__slug",
            "title",
            "signed",
            "ends",
            "notice_months",
            "renews_automatically",
            "renewal_months",
        )
        .iterator(chunk_size=CHUNK)
    )
    for slug, title, signed, ends, notice, renews, renewal in rows:
        yield [slug, title, _iso(signed), _iso(ends), notice, _yes_no(renews), renewal]


def _involvement_rows() -> Iterator[list[Any]]:
    rows = (
        Involvement.objects.order_by("relation__slug", "start", "actor", "pk")
        .values_list("relation__slug", "actor", "portfolio", "start", "end", "initiative_id")
        .iterator(chunk_size=CHUNK)
    )
    for slug, actor, portfolio, start, end, initiative in rows:
        yield [slug, actor, portfolio, _iso(start), _iso(end), initiative or ""]


def register_xlsx(out: Any) -> None:
    """Write the whole register to ``out`` (a path or a binary file) as an import workbook."""
    columns = {name: [c[0] for c in SHEET_COLUMNS[name]] for name in SHEET_COLUMNS}
    workbook_stream(
        out,
        [
            (RELATIONS_SHEET, columns[RELATIONS_SHEET], _relation_rows()),
            (AGREEMENTS_SHEET, columns[AGREEMENTS_SHEET], _agreement_rows()),
            (INVOLVEMENTS_SHEET, columns[INVOLVEMENTS_SHEET], _involvement_rows()),
        ],
    )
