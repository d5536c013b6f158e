"""The council report of a review round (issue 15): PDF and DOCX open (their text extracted),
hold the impact table's totals, the committee's advice and the clauses cited; the XLSX totals
equal the JSON's; the same data gives the same content. A long name wraps inside its column;
the map's partners are all listed, however many (issue 19)."""

import io
import os
import random
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from intrel.relations.models import Relation
from intrel.reviews.charts import Text, partner_map
from intrel.reviews.demo import TITLE
from intrel.reviews.models import ReviewRound
from intrel.reviews.reports import report_data, report_html, round_report
from intrel.reviews.selectors import round_impact

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_round(demo_module: None) -> ReviewRound:
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


def _cells_and_their_text(box: Any) -> list[tuple[Any, list[Any]]]:
    """Every table cell of a laid-out page with the text boxes inside it."""
    from weasyprint.formatting_structure import boxes

    def texts(b: Any) -> list[Any]:
        if isinstance(b, boxes.TextBox):
            return [b]
        return [t for child in getattr(b, "children", []) for t in texts(child)]

    if isinstance(box, boxes.TableCellBox):
        return [(box, texts(box))]
    return [c for child in getattr(box, "children", []) for c in _cells_and_their_text(child)]


def test_a_long_name_wraps_inside_its_column(demo_round: ReviewRound) -> None:
    from weasyprint import HTML

    long_name = "Stedenbandcomitéhelmondzielonagóra" * 3 + " 2014"
    item = demo_round.items.select_related("relation").first()
    assert item is not None
    Relation.objects.filter(pk=item.relation.pk).update(name=long_name)
    document = HTML(string=report_html(report_data(demo_round))).render()
    checked = 0
    for page in document.pages:
        html = page._page_box.children[0]
        page_right = html.content_box_x() + html.width
        for cell, texts in _cells_and_their_text(page._page_box):
            # The cell stays on the page, its text in the cell.
            assert cell.position_x + cell.margin_width() <= page_right + 0.5
            right = cell.content_box_x() + cell.width
            for text in texts:
                assert text.position_x + text.width <= right + 0.5, text.text
                checked += 1
    assert checked > 100
    # The name is in the PDF whole (broken over lines), in both tables.
    flat = re.sub(r"\s", "", pdf_text(document.write_pdf()))
    assert flat.count(long_name.replace(" ", "")) == 2


def test_every_partner_on_the_map_is_listed_and_no_number_hides_another() -> None:
    rnd = random.Random(19)
    partners = [(f"Partner {i}", rnd.gauss(50, 4), rnd.gauss(8, 6)) for i in range(600)]
    few = partner_map(title="Map", home=("Helmond", 51.48, 5.66), partners=partners[:5])
    chart = partner_map(title="Map", home=("Helmond", 51.48, 5.66), partners=partners)
    # The legend holds every name, numbered in the map's order; the drawing does not grow.
    assert sorted(chart.legend) == sorted(p[0] for p in partners)
    assert chart.height == few.height
    numbers = [s for s in chart.shapes if isinstance(s, Text) and s.text.isdigit()]
    # Every number the drawing shows is inside it (so on the page); uncrowded, every one.
    assert numbers and all(0 < s.y <= chart.height for s in numbers)
    assert {s.text for s in few.shapes if isinstance(s, Text)} >= {"1", "2", "3", "4", "5"}
    for i, a in enumerate(numbers):
        for b in numbers[i + 1 :]:
            assert abs(a.x - b.x) >= 16 or abs(a.y - b.y) >= 10, (a.text, b.text)


def test_the_pdf_lists_the_partners_under_the_map_in_full(demo_round: ReviewRound) -> None:
    text = pdf_text(round_report(review_round=demo_round, fmt="pdf"))
    legend = text.split("De partners in het buitenland")[-1]
    # Before, names were cut to 48 characters inside the drawing.
    assert "European New Towns & Pilot Cities Platform (ENTP)" in legend
    assert "Nr. Partner" in legend
