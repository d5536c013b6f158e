"""The review's impact page shows the numbers ``intrel impact`` prints (issue 15), to every role
that reads assessments, and offers the same analysis as XLSX, PDF and DOCX."""

import io
import json
import re
from datetime import date
from typing import Any

import lxml.html
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from intrel.reviews.present import TOTALS, show

from .conftest import Demo

pytestmark = pytest.mark.django_db

QUERY = {"framework": "helmond-2013", "as_of": "2014-01-01"}


def _client(demo: Demo, username: str, language: str = "nl") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(demo.users[username])
    client.cookies["django_language"] = language
    return client


def _command(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("impact", "--framework", "helmond-2013", "--as-of", "2014-01-01", *args,
                 stdout=out)  # fmt: skip
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


def _page_totals(html: str) -> dict[str, str]:
    tree = lxml.html.fromstring(html)
    return {
        row.get("data-total"): " ".join(row.xpath("./td[2]")[0].text_content().split())
        for row in tree.xpath("//tr[@data-total]")
    }


@pytest.mark.parametrize("username", ["beleid", "griffie", "raad"])
def test_page_shows_the_commands_totals(demo: Demo, username: str) -> None:
    totals = _command()["totals"]
    response = _client(demo, username).get(reverse("reviews:impact"), QUERY)
    assert response.status_code == 200
    html = response.content.decode()
    shown = _page_totals(html)
    with translation.override("nl"):
        expected = {key: " ".join(show(totals[key], kind).split()) for key, _, kind in TOTALS}
    assert shown == expected
    assert shown["money_eur_moved_to_committee"] == "€ 10.000,00"
    assert shown["relations_assessed"] == "9"
    text = " ".join(lxml.html.fromstring(html).text_content().split())
    # Zielona Góra: strict 1 January 2014, honouring its jumelage 31 May 2018, side by side.
    assert "Stedenband Helmond – Zielona Góra" in text
    assert "31 mei 2018" in text and "1 januari 2014" in text
    # Plain Dutch, no codes in sentences.
    assert not re.search(r"\b[A-Z]+_[A-Z_]+\b", text)
    assert "Draag het budget van" in text


def test_page_per_relation_matches_the_command(demo: Demo) -> None:
    result = _command()
    html = _client(demo, "beleid").get(reverse("reviews:impact"), QUERY).content.decode()
    tree = lxml.html.fromstring(html)
    rows = tree.xpath("//tr[@data-relation]")
    assert [r.get("data-relation") for r in rows] == [r["id"] for r in result["relations"]]


def test_page_in_english(demo: Demo) -> None:
    html = _client(demo, "raad", "en").get(reverse("reviews:impact"), QUERY).content.decode()
    assert _page_totals(html)["money_eur_moved_to_committee"] == "€10,000.00"
    assert "31 May 2018" in html


def test_compare_to_another_framework(demo: Demo) -> None:
    result = _command("--compare-to", "voorbeeld-2026")
    response = _client(demo, "beleid").get(
        reverse("reviews:impact"), {**QUERY, "compare_to": "voorbeeld-2026"}
    )
    assert response.status_code == 200
    tree = lxml.html.fromstring(response.content.decode())
    section = tree.xpath("//section[@id='compare']")
    assert section, "the comparison is shown"
    rows = section[0].xpath(".//table[2]/tbody/tr") if result["differences"] else []
    assert len(rows) == len(result["differences"])


def test_a_large_register_is_shown_a_page_at_a_time(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 100,000 relations the page listed every relation (and looked each phase-out's name
    up in the whole list): now a page of relations, page links that keep the choice, and the
    first of the long lists with the number left out; the downloads still hold every one. A
    page of 4 here, over the demo's 9 relations."""
    monkeypatch.setattr("intrel.reviews.views.IMPACT_PAGE_SIZE", 4)
    result = _command("--compare-to", "voorbeeld-2026")
    client = _client(demo, "beleid")
    query = {**QUERY, "compare_to": "voorbeeld-2026"}
    seen: list[str] = []
    address: str | None = (
        reverse("reviews:impact") + "?" + "&".join(f"{k}={v}" for k, v in query.items())
    )
    pages = 0
    while address:
        response = client.get(address)
        assert response.status_code == 200
        tree = lxml.html.fromstring(response.content.decode())
        rows = [r.get("data-relation") for r in tree.xpath("//tr[@data-relation]")]
        assert 1 <= len(rows) <= 4
        seen += rows
        pages += 1
        # Every page shows the totals of the whole register.
        assert _page_totals(response.content.decode())["relations_assessed"] == "9"
        text = " ".join(tree.text_content().split())
        first, last = len(seen) - len(rows) + 1, len(seen)
        assert f"Relaties {first} tot en met {last} van 9." in text
        assert f"pagina {pages} van 3" in text
        link = tree.xpath("//nav[@class='pagination']//a[@rel='next']/@href")
        address = reverse("reviews:impact") + link[0] if link else None
        if address:
            assert "compare_to=voorbeeld-2026" in address and "as_of=2014-01-01" in address
    assert pages == 3
    assert seen == [r["id"] for r in result["relations"]]
    phase_outs = result["totals"]["phase_outs"]
    differences = result["differences"]
    tree = lxml.html.fromstring(client.get(reverse("reviews:impact"), query).content.decode())
    text = " ".join(tree.text_content().split())
    assert f"En nog {len(differences) - 4} relaties die anders worden beoordeeld" in text
    assert len(tree.xpath("//section[@id='compare']//table[2]/tbody/tr")) == 4
    assert len(differences) > 4, "the demo shows a long list cut"
    # The demo has one phase-out: cut to none, the page says what is left out.
    from django.template.loader import render_to_string

    from intrel.policy import load_framework
    from intrel.reviews.present import impact_present

    with translation.override("nl"):
        view = impact_present(result, load_framework("helmond-2013"), list_limit=0)
        html = render_to_string("reviews/_impact_body.html", {"impact": view})
    assert len(phase_outs) == 1
    assert "En nog 1 af te bouwen relatie: de XLSX noemt ze allemaal." in html
    # Counts as a reader expects them, in either language.
    for language, shown in (
        ("nl", "En nog 10.074 af te bouwen relaties"),
        ("en", "And 10,074 more"),
    ):
        with translation.override(language):
            many = render_to_string(
                "reviews/_impact_body.html", {"impact": {**view, "phase_outs_more": 10074}}
            )
        assert shown in many


def test_bad_choice_is_named(demo: Demo) -> None:
    response = _client(demo, "beleid").get(
        reverse("reviews:impact"), {"framework": "nope", "as_of": "2014-99-01"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "error-summary" in html and "nope" in html


def test_downloads_hold_the_same_totals(demo: Demo) -> None:
    totals = _command()["totals"]
    client = _client(demo, "griffie")
    xlsx = client.get(reverse("reviews:impact-download", args=["xlsx"]), QUERY)
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content))["Totalen"]
    assert {r[2]: r[1] for r in sheet.iter_rows(min_row=2, values_only=True)} == {
        key: totals[key] for key, _, _ in TOTALS
    }
    pdf = client.get(reverse("reviews:impact-download", args=["pdf"]), QUERY)
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "€ 10.000,00" in text.replace("\xa0", " ")
    docx = client.get(reverse("reviews:impact-download", args=["docx"]), QUERY)
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert client.get(reverse("reviews:impact-download", args=["csv"]), QUERY).status_code == 404


def test_login_required() -> None:
    response = Client().get(reverse("reviews:impact"), QUERY)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- the same through the API (GET /api/v1/impact) ----------------------------------------------


def _streamed_json(response: Any) -> Any:
    """The document of an answer sent as it is read from a file (issue 19: not held whole)."""
    assert response.streaming and response["Content-Type"] == "application/json"
    return json.loads(b"".join(response.streaming_content))


@pytest.mark.parametrize("username", ["beleid", "griffie", "raad", "commissie"])
def test_api_gives_the_commands_json(demo: Demo, username: str) -> None:
    client = _client(demo, username)
    response = client.get("/api/v1/impact", {"framework": "helmond-2013", "asOf": "2014-01-01"})
    assert response.status_code == 200
    assert response["API-Version"]
    assert _streamed_json(response) == _command()


def test_api_compare_to_and_bad_parameters(demo: Demo) -> None:
    client = _client(demo, "beleid")
    body = _streamed_json(
        client.get(
            "/api/v1/impact",
            {"framework": "helmond-2013", "asOf": "2014-01-01", "compareTo": "helmond-2013"},
        )
    )
    assert body["differences"] == [] and body["compare_to"]["totals"] == body["totals"]
    bad = client.get("/api/v1/impact", {"framework": "nope", "asOf": "2014-02-30"})
    assert bad.status_code == 400
    assert bad["Content-Type"].startswith("application/problem+json")
    names = {p["name"] for p in bad.json()["invalidParams"]}
    assert names == {"framework", "asOf"}


def test_api_needs_a_login() -> None:
    assert Client().get("/api/v1/impact").status_code in (401, 403)


def test_later_pages_do_not_analyse_the_whole_register_again(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 100,000 relations the analysis takes seconds: the page keeps what every page shows
    (totals, committees, the long lists' first entries) until the facts change, and assesses
    only the relations of the page asked. The rows are the command's, page after page."""
    from intrel.reviews import selectors

    monkeypatch.setattr("intrel.reviews.views.IMPACT_PAGE_SIZE", 4)
    result = _command("--compare-to", "voorbeeld-2026")
    name_of = {r["id"]: r["name"] for r in result["relations"]}
    names = [name_of[d["id"]] for d in result["differences"]]
    client = _client(demo, "beleid")
    query = {**QUERY, "compare_to": "voorbeeld-2026"}
    first = client.get(reverse("reviews:impact"), query).content.decode()

    def whole_register(*args: Any) -> None:
        raise AssertionError("the whole register analysed again")

    monkeypatch.setattr(selectors, "_impact_summary", whole_register)
    seen: list[str] = []
    for page in (1, 2, 3):
        html = client.get(reverse("reviews:impact"), {**query, "page": page}).content.decode()
        assert _page_totals(html) == _page_totals(first)
        seen += [
            r.get("data-relation") for r in lxml.html.fromstring(html).xpath("//tr[@data-relation]")
        ]
        assert "En nog" in html  # the differences cut at 4, with the number left out
        # ... each named as the register names it.
        compare = lxml.html.fromstring(html).xpath(
            "//section[@id='compare']//table[2]/tbody//th/text()"
        )
        assert compare == names[:4]
    assert seen == [r["id"] for r in result["relations"]]
    # In English the same analysis is labelled afresh.
    english = _client(demo, "beleid", "en").get(reverse("reviews:impact"), query)
    assert "€10,000.00" in _page_totals(english.content.decode()).values()


def test_a_change_of_the_facts_shows_at_once(demo: Demo) -> None:
    from intrel.relations.constants import Status
    from intrel.relations.models import Relation

    client = _client(demo, "beleid")
    before = _page_totals(client.get(reverse("reviews:impact"), QUERY).content.decode())
    assert before["relations_assessed"] == "9"
    relation = Relation.objects.get(slug="helmond-san-marcos")
    relation.status, relation.end_date = Status.ENDED, date(2013, 12, 31)
    relation.save()
    html = client.get(reverse("reviews:impact"), QUERY).content.decode()
    assert _page_totals(html)["relations_assessed"] == "8"
    rows = [
        r.get("data-relation") for r in lxml.html.fromstring(html).xpath("//tr[@data-relation]")
    ]
    assert "helmond-san-marcos" not in rows and len(rows) == 8


def test_an_unknown_page_is_named_and_the_nearest_shown(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("intrel.reviews.views.IMPACT_PAGE_SIZE", 4)
    client = _client(demo, "beleid")
    for asked, shown in (("abc", 1), ("99", 3)):
        response = client.get(reverse("reviews:impact"), {**QUERY, "page": asked})
        assert response.status_code == 200
        text = " ".join(lxml.html.fromstring(response.content.decode()).text_content().split())
        assert f"pagina {shown} van 3" in text
        assert f"'{asked}'" in text and f"pagina {shown}." in text


def test_every_write_of_the_facts_makes_the_analysis_afresh(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save, an activity through its service (which stores the relation's last activity with
    an UPDATE), a bulk write (the import's): each makes the next page analyse the register
    again; a page shown again, or a write elsewhere, does not."""
    from intrel.core.signals import bulk_written
    from intrel.relations.models import Relation
    from intrel.relations.services import ActivityData, activity_save
    from intrel.reviews import selectors

    made = []
    summary = selectors._impact_summary

    def counted(*args: Any) -> Any:
        made.append(args)
        return summary(*args)

    monkeypatch.setattr(selectors, "_impact_summary", counted)
    client = _client(demo, "beleid")

    def shown() -> int:
        assert client.get(reverse("reviews:impact"), QUERY).status_code == 200
        return len(made)

    assert shown() == 1
    assert shown() == 1
    relation = Relation.objects.get(slug="helmond-san-marcos")
    activity_save(
        relation=relation,
        user=demo.users["beleid"],
        data=ActivityData(kind="visit", title="Werkbezoek", date=date(2013, 6, 1)),
    )
    assert shown() == 2
    bulk_written.send(sender=Relation)
    assert shown() == 3
    demo.users["griffie"].save()  # an account: not a fact of the analysis
    assert shown() == 3
    # Another date is another analysis; at most IMPACT_KEPT are kept per process.
    for day in range(1, selectors.IMPACT_KEPT + 2):
        client.get(reverse("reviews:impact"), {**QUERY, "as_of": f"2014-01-{day:02d}"})
    assert len(selectors._kept) == selectors.IMPACT_KEPT


def test_a_large_register_in_the_downloads(demo: Demo, monkeypatch: pytest.MonkeyPatch) -> None:
    """The XLSX holds every relation, written one at a time, money and dates as formatted
    cells and a name that looks like a formula as text, the phase-outs' dates in columns of their
    own; the PDF and the DOCX list the first relations (250; 4 here) with the whole register's
    totals and say how many more the XLSX holds (a register of 84,883
    relations made a PDF of thousands of pages, in one request)."""
    import docx

    from intrel.relations.models import Relation

    monkeypatch.setattr("intrel.reviews.exports.DOCUMENT_RELATIONS", 4)
    Relation.objects.filter(slug="helmond-san-marcos").update(name='=HYPERLINK("x")')
    result = _command()
    client = _client(demo, "beleid")
    xlsx = client.get(reverse("reviews:impact-download", args=["xlsx"]), QUERY)
    sheet = load_workbook(io.BytesIO(xlsx.content))["Relaties"]
    rows = list(sheet.iter_rows(min_row=2))
    assert [r[0].value for r in rows] == [r["name"] for r in result["relations"]]
    formula = next(r[0] for r in rows if r[0].value.startswith("="))
    assert formula.data_type == "s" and formula.quotePrefix
    moving = next(r for r in rows if r[5].value)
    assert moving[5].number_format == "#,##0.00" and moving[8].number_format == "yyyy-mm-dd"
    phase_out = next(p for p in result["totals"]["phase_outs"])
    row = next(
        r for r, e in zip(rows, result["relations"], strict=True) if e["id"] == phase_out["id"]
    )
    assert [c.value.date().isoformat() for c in row[10:12]] == [
        phase_out["from_strict"],
        phase_out["from_honouring"],
    ]
    assert all(r[10].value is None for r in rows if r is not row)

    pdf = client.get(reverse("reviews:impact-download", args=["pdf"]), QUERY)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    text = " ".join(text.split())
    assert "En nog 5 relaties: de XLSX noemt ze allemaal." in text
    assert "Getoetste relaties 9" in text  # the totals of the whole register
    shown = [r["name"] for r in result["relations"]]
    # The first four listed (Brabant–Jiangsu's long name is broken over two lines), not the rest.
    assert all(name in text for name in (shown[0], shown[2], shown[3]))
    assert shown[4] not in text and shown[5] not in text
    document = docx.Document(
        io.BytesIO(client.get(reverse("reviews:impact-download", args=["docx"]), QUERY).content)
    )
    paragraphs = [p.text for p in document.paragraphs]
    assert "En nog 5 relaties: de XLSX noemt ze allemaal." in paragraphs
    assert sum(p in shown for p in paragraphs) == 4
    # A long list of phase-outs, cut, says so in the DOCX too.
    from intrel.policy import load_framework
    from intrel.reviews.exports import impact_docx
    from intrel.reviews.present import impact_present

    with translation.override("nl"):
        view = impact_present(result, load_framework("helmond-2013"), list_limit=0)
        cut = docx.Document(io.BytesIO(impact_docx(view)))
    assert "En nog 1 af te bouwen relatie: de XLSX noemt ze allemaal." in [
        p.text for p in cut.paragraphs
    ]
