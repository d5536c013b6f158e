"""The council report of a review round (issue 15): PDF and DOCX open (their text extracted),
hold the impact table's totals, the committee's advice and the clauses cited; the XLSX totals
equal the JSON's; the same data gives the same content."""

import io
import os
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from intrel.reviews.demo import TITLE
from intrel.reviews.models import ReviewRound
from intrel.reviews.reports import round_report
from intrel.reviews.selectors import round_impact

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_round() -> ReviewRound:
    call_command("demo_load", "--if-empty")
    return ReviewRound.objects.get(title=TITLE)


def _squash(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def pdf_text(content: bytes) -> str:
    return _squash("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages))


def docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return _squash("\n".join(parts))


def test_the_pdf_holds_the_impact_totals_and_the_advice(demo_round: ReviewRound) -> None:
    content = round_report(review_round=demo_round, fmt="pdf")
    assert content.startswith(b"%PDF-")
    text = pdf_text(content)
    if os.environ.get("INTREL_REPORT_OUT"):
        Path(os.environ["INTREL_REPORT_OUT"]).write_bytes(content)
    assert "Raadsvoorstel" in text
    # The impact table: San Marcos' € 10.000,00 and 120 hours to the committee, Mechelen's and
    # ENTP's € 9.000,00 and 240 hours to topical portfolios, nothing to EZ.
    assert "Geld dat naar de commissie gaat € 10.000,00" in text
    assert "Uren die naar de commissie gaan 120 uur" in text or "120 uur" in text
    assert "€ 9.000,00" in text and "240 uur" in text
    assert "Relaties die van eigenaar wisselen 3" in text
    # The framework's clauses cited, the scenarios, the committee's advice, a proposed decision.
    assert "HER-1" in text and "IMP-3" in text
    assert "31 mei 2018" in text  # Zielona Góra's phase-out honouring its jumelage
    assert "De commissie Internationale Betrekkingen adviseert" in text
    assert "De raad besluit" in text
    # The charts are in the PDF as drawings with their labels.
    assert "Relaties per pijler" in text and "Zielona Góra" in text


def test_the_docx_holds_the_same_totals_with_charts_as_images(demo_round: ReviewRound) -> None:
    content = round_report(review_round=demo_round, fmt="docx")
    text = docx_text(content)
    assert "€ 10.000,00" in text and "€ 9.000,00" in text and "240 uur" in text
    assert "HER-1" in text and "31 mei 2018" in text
    assert "De commissie Internationale Betrekkingen adviseert" in text
    images = [n for n in zipfile.ZipFile(io.BytesIO(content)).namelist() if n.endswith(".png")]
    assert len(images) == 4  # money, hours, pillars, the partners' map


def test_english_on_request(demo_round: ReviewRound) -> None:
    text = pdf_text(round_report(review_round=demo_round, fmt="pdf", language="en"))
    assert "Council proposal" in text and "€10,000.00" in text


def test_the_xlsx_totals_equal_the_json(demo_round: ReviewRound) -> None:
    content = round_report(review_round=demo_round, fmt="xlsx")
    totals = round_impact(demo_round)["totals"]
    sheet = load_workbook(io.BytesIO(content)).worksheets[1]
    rows = {r[2]: r[1] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["money_eur_moved_to_committee"] == totals["money_eur_moved_to_committee"] == 10000
    for key, value in rows.items():
        assert value == totals[key], key


def test_the_same_data_gives_the_same_content(demo_round: ReviewRound) -> None:
    a = docx_text(round_report(review_round=demo_round, fmt="docx"))
    b = docx_text(round_report(review_round=demo_round, fmt="docx"))
    assert a == b
