"""Supported initiatives as IATI 2.03 activities (issue 13): valid against the standard's XSD,
from the page and the command alike, with no person's name."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from lxml import etree

from intrel.initiatives.models import Initiative

from .conftest import Demo

pytestmark = pytest.mark.django_db

XSD = Path(__file__).resolve().parents[3] / "shared/standards/iati-2.03/iati-activities-schema.xsd"


def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def _download(demo: Demo, role: str = "beleid") -> bytes:
    client = Client()
    client.force_login(demo.users[role])
    response = client.get("/initiatives/iati.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return response.content


def test_the_demo_export_validates_and_holds_the_supported_initiative(demo: Demo) -> None:
    document = etree.fromstring(_download(demo))
    _schema().assertValid(document)
    activities = {a.findtext("iati-identifier"): a for a in document.findall("iati-activity")}
    # Of the demo's initiatives the San Marcos foundation's is supported (partly), and the closed
    # Global Goals school pack of 2014 (supported).
    assert set(activities) == {"NL-GEM-HELMOND-INI-2026-0004", "NL-GEM-HELMOND-INI-2014-0001"}
    school = activities["NL-GEM-HELMOND-INI-2014-0001"]
    assert school.find("activity-status").get("code") == "4"
    assert school.find("budget/value").text == "4000.00"
    activity = activities["NL-GEM-HELMOND-INI-2026-0004"]
    assert activity.find("reporting-org").get("type") == "11"
    assert activity.find("recipient-country").get("code") == "NI"
    assert activity.find("activity-status").get("code") == "2"
    assert activity.find("budget/value").text == "3000.00"
    roles = [p.get("role") for p in activity.findall("participating-org")]
    assert roles == ["1", "4"]


def test_no_person_is_named(demo: Demo) -> None:
    text = _download(demo).decode()
    for initiative in Initiative.objects.all():
        assert initiative.contact_name not in text
        assert initiative.contact_email not in text
        if initiative.contact_phone:
            assert initiative.contact_phone not in text


def test_several_purposes_share_a_hundred_percent_and_still_validate(demo: Demo) -> None:
    initiative = Initiative.objects.get(reference="INI-2026-0003")
    initiative.outcome, initiative.step = "supported", "decided"
    initiative.purposes = ["development", "humanitarian", "education"]
    initiative.save()
    document = etree.fromstring(_download(demo))
    _schema().assertValid(document)
    activity = next(
        a
        for a in document.findall("iati-activity")
        if a.findtext("iati-identifier").endswith("0003")
    )
    shares = [float(s.get("percentage")) for s in activity.findall("sector")]
    assert len(shares) == 3 and sum(shares) == pytest.approx(100)
    assert activity.find("activity-status").get("code") == "1"
    assert activity.find("budget") is None  # nothing granted, no budget


def test_the_command_writes_the_same_activities(demo: Demo) -> None:
    out = StringIO()
    call_command("iati", stdout=out)
    document = etree.fromstring(out.getvalue().encode())
    _schema().assertValid(document)
    assert len(document.findall("iati-activity")) == 2


def test_only_who_may_see_initiatives_downloads(demo: Demo) -> None:
    assert Client().get("/initiatives/iati.xml").status_code == 302  # to the login
