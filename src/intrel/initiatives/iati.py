"""Supported initiatives as IATI 2.03 activities (issue 13, open data).

One ``iati-activity`` per initiative the municipality supports (outcome supported or partly, from
the decision on): the municipality reports (``reporting-org/@type`` 11, local government) and
funds (``participating-org/@role`` 1), the initiator's organisation implements (role 4, type 24);
status, planned dates, the recipient country, DAC sectors from the purposes, and the money granted
as a budget of at most a year (IATI's rule). No person's name, e-mail or telephone is written:
only organisations. Valid against ``shared/standards/iati-2.03/iati-activities-schema.xsd`` (a
test validates it), which checks the structure and the order of the elements, not the codes. The
staff's download and the public portal's open data give this same document.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from lxml import etree

from intrel.partners.countries import country_name

from .constants import Outcome, Step
from .models import Initiative
from .selectors import initiatives_supported_all

# activity-status codes: 1 pipeline, 2 implementation, 3 finalisation, 4 closed.
STATUS = {
    Step.DECIDED: "1",
    Step.IN_PROGRESS: "2",
    Step.REPORTED: "3",
    Step.CLOSED: "4",
}
# 5-digit DAC purpose codes for the contract's purposes (vocabulary 1); others: not specified.
DAC_SECTOR = {
    "local_governance": "15112",  # decentralisation and support to subnational government
    "democracy": "15150",  # democratic participation and civil society
    "education": "11110",  # education policy and administrative management
    "health": "12110",  # health policy and administrative management
    "humanitarian": "72010",  # material relief assistance and services
    "development": "43010",  # multisector aid
    "culture": "16061",  # culture and recreation
    "environment": "41010",  # environmental policy and administrative management
    "urban_development": "43030",  # urban development and management
}
NOT_SPECIFIED = "99810"


def organisation_id() -> str:
    """``INTREL_IATI_ORGANISATION_ID``, or the placeholder ``NL-GEM-<MUNICIPALITY>`` until the
    municipality sets the identifier it registered (org-id.guide: NL-KVK-..., NL-OIN-...)."""
    return str(
        settings.INTREL_IATI_ORGANISATION_ID or f"NL-GEM-{settings.INTREL_MUNICIPALITY.upper()}"
    )


def supported(initiatives: Iterable[Initiative] | None = None) -> list[Initiative]:
    """The initiatives the municipality supports, from the decision on, by reference."""
    if initiatives is None:
        initiatives = initiatives_supported_all().filter(step__in=list(STATUS))
    return sorted(
        (i for i in initiatives if i.outcome in (Outcome.SUPPORTED, Outcome.PARTLY)),
        key=lambda i: i.reference,
    )


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def _narrative(parent: etree._Element, tag: str, text: str, **attrs: str) -> etree._Element:
    element = _sub(parent, tag, **attrs)
    _sub(element, "narrative", text)
    return element


def _budget_period(initiative: Initiative) -> tuple[date, date]:
    start = initiative.start
    a_year = date(start.year + 1, start.month, 1) + timedelta(days=start.day - 2)
    end = initiative.end or a_year
    return start, min(end, a_year)


def activities_xml(
    initiatives: Iterable[Initiative] | None = None, *, now: datetime | None = None
) -> bytes:
    """The IATI 2.03 ``iati-activities`` document of the supported initiatives, as UTF-8 bytes."""
    now = now or timezone.now()
    org_ref = organisation_id()
    municipality = settings.INTREL_MUNICIPALITY
    root = etree.Element(
        "iati-activities",
        {"version": "2.03", "generated-datetime": now.isoformat(timespec="seconds")},
    )
    for initiative in supported(initiatives):
        activity = _sub(
            root,
            "iati-activity",
            default_currency="EUR",
            last_updated_datetime=now.isoformat(timespec="seconds"),
            **{"{http://www.w3.org/XML/1998/namespace}lang": "nl"},
        )
        _sub(activity, "iati-identifier", f"{org_ref}-{initiative.reference}")
        _narrative(activity, "reporting-org", f"Gemeente {municipality}", ref=org_ref, type="11")
        _narrative(activity, "title", initiative.title)
        # A description of our own: the initiator's text may name people (only organisations
        # are published).
        _narrative(
            activity,
            "description",
            f"Steun van de gemeente {municipality} aan een initiatief van "
            f"{initiative.organisation} in {initiative.place} "
            f"({country_name(initiative.country)}).",
            type="1",
        )
        _narrative(
            activity,
            "participating-org",
            f"Gemeente {municipality}",
            ref=org_ref,
            role="1",
            type="11",
        )
        implementer = {"role": "4", "type": "24"}
        if initiative.kvk_number:
            implementer["ref"] = f"NL-KVK-{initiative.kvk_number}"
        _narrative(activity, "participating-org", initiative.organisation, **implementer)
        _sub(activity, "activity-status", code=STATUS.get(Step(initiative.step), "2"))
        _sub(activity, "activity-date", type="1", iso_date=initiative.start.isoformat())
        if initiative.end:
            _sub(activity, "activity-date", type="3", iso_date=initiative.end.isoformat())
        _sub(activity, "recipient-country", code=initiative.country, percentage="100")
        codes = sorted({DAC_SECTOR.get(p, NOT_SPECIFIED) for p in initiative.purposes or []}) or [
            NOT_SPECIFIED
        ]
        shares = _shares(len(codes))
        for code, share in zip(codes, shares, strict=True):
            _sub(activity, "sector", vocabulary="1", code=code, percentage=share)
        if initiative.money_granted:
            start, end = _budget_period(initiative)
            budget = _sub(activity, "budget", type="1", status="2")
            _sub(budget, "period-start", iso_date=start.isoformat())
            _sub(budget, "period-end", iso_date=end.isoformat())
            decided = initiative.meeting.date if initiative.meeting else start
            _sub(
                budget,
                "value",
                f"{Decimal(initiative.money_granted):.2f}",
                currency="EUR",
                value_date=decided.isoformat(),
            )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _shares(count: int) -> list[str]:
    """Percentages that add up to exactly 100 (IATI's rule for sectors)."""
    base = Decimal(100) / count
    shares = [base.quantize(Decimal("0.01")) for _ in range(count)]
    shares[-1] += Decimal(100) - sum(shares)
    return [f"{s.normalize():f}" for s in shares]
