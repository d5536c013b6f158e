"""The supported initiatives as IATI 2.03 activities (issue 16; standards/iati-2.03).

One ``iati-activity`` per initiative the committee supported (whole or part). Only public fields:
the reference, title, organisation, place and country, the dates and the state; never the
initiator's contact details nor the initiative's own text (a generated description says what
it is). The reporting organisation's identifier is ``INTREL_IATI_ORGANISATION_ID``.
"""

from datetime import datetime

from django.conf import settings
from lxml import etree

from intrel.initiatives.constants import Step
from intrel.initiatives.selectors import initiatives_supported_all

# IATI ActivityStatus codes.
STATUS: dict[str, str] = {
    Step.DECIDED.value: "2",
    Step.IN_PROGRESS.value: "2",
    Step.REPORTED.value: "3",
}
CLOSED = "4"
LOCAL_GOVERNMENT = "10"  # OrganisationType: Government (local government is not separate)
IMPLEMENTING, FUNDING = "4", "1"  # OrganisationRole
SOLIDARITY_AID_TYPE = "C01"  # project-type interventions


def organisation_id() -> str:
    return str(
        getattr(settings, "INTREL_IATI_ORGANISATION_ID", "")
        or f"NL-GEM-{settings.INTREL_MUNICIPALITY.upper()}"
    )


def _narrative(parent: etree._Element, tag: str, text: str, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, **attrs)
    etree.SubElement(element, "narrative").text = text
    return element


def initiatives_iati(*, generated: datetime) -> bytes:
    municipality = settings.INTREL_MUNICIPALITY
    org = organisation_id()
    root = etree.Element(
        "iati-activities", version="2.03", **{"generated-datetime": generated.isoformat()}
    )
    for initiative in initiatives_supported_all():
        activity = etree.SubElement(
            root,
            "iati-activity",
            **{"default-currency": "EUR", "{http://www.w3.org/XML/1998/namespace}lang": "nl"},
        )
        etree.SubElement(activity, "iati-identifier").text = f"{org}-{initiative.reference}"
        _narrative(activity, "reporting-org", f"Gemeente {municipality}", ref=org, type="10")
        _narrative(activity, "title", initiative.title)
        _narrative(
            activity,
            "description",
            f"Steun van de gemeente {municipality} aan een initiatief van "
            f"{initiative.organisation} in {initiative.place} ({initiative.country}).",
            type="1",
        )
        _narrative(activity, "participating-org", f"Gemeente {municipality}", ref=org, role=FUNDING)
        _narrative(activity, "participating-org", initiative.organisation, role=IMPLEMENTING)
        status = CLOSED if initiative.step == Step.CLOSED else STATUS.get(str(initiative.step), "2")
        etree.SubElement(activity, "activity-status", code=status)
        etree.SubElement(activity, "activity-date", type="1", **{"iso-date": str(initiative.start)})
        if initiative.end:
            etree.SubElement(
                activity, "activity-date", type="3", **{"iso-date": str(initiative.end)}
            )
        etree.SubElement(activity, "recipient-country", code=initiative.country, percentage="100")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
