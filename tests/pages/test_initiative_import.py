"""Import of initiatives from a spreadsheet (CSV) through the griffie's page (issue 13): all rows
or none, each problem named by row and column; what is typed is stored as text and shown
escaped."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from intrel.initiatives.constants import Step
from intrel.initiatives.models import Initiative

from .conftest import Demo

pytestmark = pytest.mark.django_db

HEADER = (
    "reference;title;description;country;place;purposes;support_asked;money_asked;start;end;"
    "organisation;contact_name;contact_email;step;outcome;money_granted"
)
GOOD = [
    "INI-2013-0007;Bibliotheek Kisoro;Boeken <script>x</script>;UG;Kisoro;education;money|letter;"
    "2000;2013-03-01;2013-12-31;Stichting Boek;Piet Boek;piet@example.org;closed;supported;2000",
    ";Sportdag Accra;Een sportdag.;GH;Accra;sport;reception;;2026-05-01;;Club Accra;An Club;"
    "an@example.org;;;",
]


def _post(demo: Demo, rows: list[str], role: str = "griffie") -> tuple[int, str]:
    client = Client()
    client.force_login(demo.users[role])
    client.cookies["django_language"] = "nl"
    content = "\n".join([HEADER, *rows]).encode("utf-8")
    response = client.post(
        "/initiatives/import/", {"file": SimpleUploadedFile("oud.csv", content, "text/csv")}
    )
    return response.status_code, response.content.decode()


def test_a_good_file_imports_every_row(demo: Demo) -> None:
    before = Initiative.objects.count()
    status, _html = _post(demo, GOOD)
    assert status == 302
    assert Initiative.objects.count() == before + 2
    library = Initiative.objects.get(reference="INI-2013-0007")
    assert library.step == Step.CLOSED and library.outcome == "supported"
    assert library.support_asked == ["money", "letter"]
    sport = Initiative.objects.get(title="Sportdag Accra")
    assert sport.step == Step.SUBMITTED and sport.reference.startswith("INI-")
    client = Client()
    client.force_login(demo.users["griffie"])
    page = client.get("/initiatives/INI-2013-0007/").content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x</script>" not in page


def test_one_bad_row_saves_nothing_and_names_row_and_column(demo: Demo) -> None:
    before = Initiative.objects.count()
    bad = (
        GOOD[1]
        .replace("an@example.org", "geen-adres")
        .replace("2026-05-01;", "2026-05-01;2026-01-01")
    )
    over = GOOD[0].replace("supported;2000", "supported;999999").replace("0007", "0008")
    status, html = _post(demo, [GOOD[0], bad, over])
    assert status == 400
    assert Initiative.objects.count() == before
    assert "niets geïmporteerd" in html
    assert '<td class="num">3</td><td><code>contact_email</code>' in html
    assert '<td class="num">3</td><td><code>end</code>' in html
    assert '<td class="num">4</td><td><code>money_granted</code>' in html and "ACH-2" in html


def test_a_file_that_is_not_csv_is_refused_by_name(demo: Demo) -> None:
    client = Client()
    client.force_login(demo.users["griffie"])
    client.cookies["django_language"] = "nl"
    response = client.post(
        "/initiatives/import/",
        {"file": SimpleUploadedFile("x.csv", b"\xff\xfe\x00binary", "text/csv")},
    )
    assert response.status_code == 400
    assert "CSV" in response.content.decode()


def test_readers_cannot_import(demo: Demo) -> None:
    status, _html = _post(demo, GOOD, role="raad")
    assert status == 403


def test_a_row_with_more_values_than_columns_is_refused_by_row(demo: Demo) -> None:
    """csv puts surplus values under no column name: refused naming the row, not a 500."""
    before = Initiative.objects.count()
    status, page = _post(demo, [GOOD[1], GOOD[1] + ";te;veel"])
    assert status == 400
    assert "Rij 3 heeft meer waarden dan de kopregel kolommen heeft." in page
    assert Initiative.objects.count() == before


def test_more_rows_than_the_limit_are_refused_without_reading_on(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from intrel.initiatives import csv_import

    monkeypatch.setattr(csv_import, "MAX_ROWS", 2)
    before = Initiative.objects.count()
    status, page = _post(demo, [GOOD[1]] * 3)
    assert status == 400
    assert "Hoogstens 2 initiatieven tegelijk." in page
    assert Initiative.objects.count() == before
