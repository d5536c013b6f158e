"""Limits on import files (issue 9.2): refused before the part that would be too large is read.

The bombs here are cheap: a ZIP directory that *claims* a huge member, a small compressible
sheet, or limit + 1 rows with the limit lowered. Where it matters, the test checks that the
parser is never reached, so the refusal is by structure, not by timing.
"""

import csv
import io
import json
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from intrel.core.tests.zips import with_claimed_size, with_member_edited
from intrel.imports.constants import ImportState
from intrel.imports.limits import FileRefused, LimitExceeded
from intrel.imports.models import ImportBatch
from intrel.imports.parsers import _SheetRows, read_file
from intrel.relations.models import Relation

from .test_import_command import GOOD_ROW, HEADER, SUBJECT
from .test_views import upload

pytestmark = pytest.mark.django_db

SHEET = "xl/worksheets/sheet1.xml"


def workbook_bytes(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "relations"
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def with_padding(content: bytes, member: str, padding: int) -> bytes:
    """The same workbook with ``padding`` spaces of XML comment in ``member`` (packs tiny)."""
    return with_member_edited(content, member, lambda xml: xml + b"<!--" + b" " * padding + b"-->")


@pytest.fixture
def parser_not_reached(monkeypatch):
    """Fail the test if openpyxl or the JSON parser is asked to read the file."""

    def refuse(*args, **kwargs):
        raise AssertionError("the parser was reached")

    monkeypatch.setattr("openpyxl.load_workbook", refuse)
    # Only the import's json (sessions keep theirs).
    stub = SimpleNamespace(loads=refuse, JSONDecodeError=json.JSONDecodeError)
    monkeypatch.setattr("intrel.imports.parsers.json", stub)


# --- XLSX ----------------------------------------------------------------------------------


def test_a_workbook_whose_directory_claims_gigabytes_is_refused_unread(
    officer_client, parser_not_reached
) -> None:
    bomb = with_claimed_size(workbook_bytes([HEADER, GOOD_ROW]), SHEET, 3_000_000_000)
    response = upload(officer_client, "bomb.xlsx", bomb)
    assert response.status_code == 400
    html = response.content.decode()
    assert "INTREL_IMPORT_MAX_MEMBER_BYTES" in html
    assert "xl/worksheets/sheet1.xml unpacks to 2,862 MB; at most 40 MB" in html
    assert ImportBatch.objects.count() == 0


def test_a_small_compressible_sheet_over_the_unpacked_limit_is_refused(
    settings, parser_not_reached
) -> None:
    settings.INTREL_IMPORT_MAX_UNPACKED_BYTES = 200_000
    content = with_padding(workbook_bytes([HEADER, GOOD_ROW]), SHEET, 300_000)
    assert len(content) < 20_000  # it packs small; it unpacks over the lowered limit
    with pytest.raises(LimitExceeded, match="INTREL_IMPORT_MAX_UNPACKED_BYTES"):
        read_file("small.xlsx", content)


def test_a_sheet_packed_more_than_the_ratio_is_refused(parser_not_reached) -> None:
    content = with_padding(workbook_bytes([HEADER, GOOD_ROW]), SHEET, 2 * 1024 * 1024)
    with pytest.raises(LimitExceeded, match="INTREL_IMPORT_MAX_COMPRESSION_RATIO"):
        read_file("ratio.xlsx", content)


def test_a_workbook_of_too_many_parts_is_refused(settings, parser_not_reached) -> None:
    settings.INTREL_IMPORT_MAX_MEMBERS = 5
    with pytest.raises(LimitExceeded, match="INTREL_IMPORT_MAX_MEMBERS"):
        read_file("parts.xlsx", workbook_bytes([HEADER, GOOD_ROW]))


def test_xlsx_rows_columns_and_cells_within_the_limits(settings) -> None:
    settings.INTREL_IMPORT_MAX_ROWS = 3
    rows = [HEADER] + [[f"helmond-{i}", *GOOD_ROW[1:]] for i in range(3)]
    assert len(read_file("ok.xlsx", workbook_bytes(rows)).entries) == 3
    rows.append(["helmond-4", *GOOD_ROW[1:]])
    with pytest.raises(LimitExceeded, match="more than 3 rows \\(limit: INTREL_IMPORT_MAX_ROWS\\)"):
        read_file("rows.xlsx", workbook_bytes(rows))

    # One cell far to the right makes the row that wide.
    settings.INTREL_IMPORT_MAX_COLUMNS = 20
    wide: list[list[Any]] = [HEADER, [*GOOD_ROW, *[None] * 10, "x"]]
    with pytest.raises(LimitExceeded, match="Row 2 has 28 columns; at most 20"):
        read_file("wide.xlsx", workbook_bytes(wide))

    settings.INTREL_IMPORT_MAX_CELL_CHARS = 50
    long_name = [HEADER, [GOOD_ROW[0], "x" * 51, *GOOD_ROW[2:]]]
    # Found in the sheet's XML (openpyxl writes inline strings) before openpyxl reads it.
    with pytest.raises(LimitExceeded, match="Cell B2 of sheet relations holds more than 50"):
        read_file("long.xlsx", workbook_bytes(long_name))


def test_styles_over_their_own_limit_are_refused_unread(settings, parser_not_reached) -> None:
    """openpyxl builds objects for every style (about 30 bytes of memory per byte of XML)."""
    settings.INTREL_IMPORT_MAX_OTHER_MEMBER_BYTES = 1024 * 1024
    content = with_member_edited(
        workbook_bytes([HEADER, GOOD_ROW]),
        "xl/styles.xml",
        lambda xml: xml.replace(b"<fonts", b"<!--" + b" " * (1024 * 1024) + b"--><fonts", 1),
    )
    with pytest.raises(LimitExceeded, match="INTREL_IMPORT_MAX_OTHER_MEMBER_BYTES"):
        read_file("styles.xlsx", content)


@pytest.fixture
def rows_not_built(monkeypatch):
    """Fail the test if openpyxl builds a row of the sheet (it holds every cell of a row)."""
    from openpyxl.worksheet._reader import WorkSheetParser

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl built a row")

    monkeypatch.setattr(WorkSheetParser, "parse_row", refuse)


def test_a_row_of_more_cells_than_a_spreadsheet_has_is_refused_unbuilt(rows_not_built) -> None:
    content = with_member_edited(
        workbook_bytes([HEADER, GOOD_ROW]),
        SHEET,
        lambda xml: xml.replace(b"</row>", b"<c/>" * 16_385 + b"</row>", 1),
    )
    with pytest.raises(LimitExceeded, match="more rows or cells than a spreadsheet can hold"):
        read_file("cells.xlsx", content)


def test_rows_over_the_limit_are_refused_before_openpyxl_reads_them(
    settings, rows_not_built
) -> None:
    settings.INTREL_IMPORT_MAX_ROWS = 2
    rows = [HEADER] + [[f"helmond-{i}", *GOOD_ROW[1:]] for i in range(3)]
    with pytest.raises(LimitExceeded, match="The sheet relations has more than 2 rows"):
        read_file("rows.xlsx", workbook_bytes(rows))


def test_a_sheet_with_a_document_type_declaration_is_refused(rows_not_built) -> None:
    bomb = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
    content = with_member_edited(
        workbook_bytes([HEADER, GOOD_ROW]),
        SHEET,
        lambda xml: bomb + xml,
    )
    with pytest.raises(LimitExceeded, match="document type declaration"):
        read_file("dtd.xlsx", content)


def test_a_sheet_claiming_a_huge_dimension_is_read_by_its_cells(monkeypatch) -> None:
    """openpyxl pads every row to the width the sheet claims (XFD: 16,384 cells a row)."""
    widths: list[int] = []
    original = _SheetRows.add

    def add(self, number_, values):
        values = list(values)
        widths.append(len(values))
        return original(self, number_, values)

    monkeypatch.setattr(_SheetRows, "add", add)
    content = workbook_bytes([HEADER, GOOD_ROW])
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read(SHEET)
    assert b'<dimension ref="A1:Q2"/>' in xml
    claims = with_member_edited(content, SHEET, lambda x: x.replace(b"A1:Q2", b"A1:XFD1048576"))
    result = read_file("claims.xlsx", claims)
    assert [e.row for e in result.entries] == [2]
    assert not result.problems
    assert widths == [17, 17]  # as wide as the cells, not as the claim


# --- CSV -----------------------------------------------------------------------------------


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def test_csv_of_limit_plus_one_rows_is_refused_on_the_page(officer_client, settings) -> None:
    settings.INTREL_IMPORT_MAX_ROWS = 5
    rows = [HEADER] + [[f"helmond-{i}", *GOOD_ROW[1:]] for i in range(6)]
    response = upload(officer_client, "many.csv", csv_bytes(rows), "text/csv")
    assert response.status_code == 400
    assert "more than 5 rows (limit: INTREL_IMPORT_MAX_ROWS)" in response.content.decode()
    assert ImportBatch.objects.count() == 0
    # Blank lines do not count; exactly the limit is read.
    response = upload(officer_client, "five.csv", csv_bytes(rows[:6] + [[""]] * 3), "text/csv")
    assert response.status_code == 302


def test_csv_columns_and_cells_over_the_limits(settings) -> None:
    settings.INTREL_IMPORT_MAX_COLUMNS = 17
    with pytest.raises(LimitExceeded, match="Row 1 has 18 columns; at most 17"):
        read_file("wide.csv", csv_bytes([[*HEADER, "extra"]]))
    settings.INTREL_IMPORT_MAX_CELL_CHARS = 100
    long_row = [GOOD_ROW[0], "y" * 101, *GOOD_ROW[2:]]
    with pytest.raises(LimitExceeded, match="Row 2, column name holds 101 characters"):
        read_file("long.csv", csv_bytes([HEADER, long_row]))
    # A field longer than the csv module reads at all is refused, not a traceback.
    with pytest.raises(FileRefused, match="Row 2 cannot be read as CSV"):
        read_file("huge.csv", b'id,name\nx,"' + b"z" * 200_000 + b'"\n')


# --- JSON ----------------------------------------------------------------------------------


def test_json_nested_ten_thousand_deep_is_refused_before_parsing(
    officer_client, parser_not_reached
) -> None:
    deep = b"[" * 10_000 + b"]" * 10_000
    response = upload(officer_client, "deep.json", deep, "application/json")
    assert response.status_code == 400
    html = response.content.decode()
    assert "nested more than 20 levels deep" in html
    assert "INTREL_IMPORT_MAX_JSON_DEPTH" in html
    assert ImportBatch.objects.count() == 0


def test_json_nesting_inside_strings_does_not_count(settings) -> None:
    settings.INTREL_IMPORT_MAX_JSON_DEPTH = 4
    subject = dict(SUBJECT, name='[[[[[{{{{ "quoted" \\ ]')
    result = read_file("ok.json", json.dumps([subject]).encode())
    assert result.entries[0].subject["name"] == subject["name"]


def test_json_with_more_items_than_rows_is_refused_before_parsing(
    settings, parser_not_reached
) -> None:
    settings.INTREL_IMPORT_MAX_ROWS = 3
    with pytest.raises(LimitExceeded, match="holds 4 items; at most 3 relations"):
        read_file("many.json", b"[1, 2, 3, 4]")


def test_one_relation_cannot_hold_millions_of_values(settings, parser_not_reached) -> None:
    settings.INTREL_IMPORT_MAX_ROWS = 2  # so at most 200 values
    subject = dict(SUBJECT, purposes=["culture"] * 250)
    with pytest.raises(LimitExceeded, match="more than 200 values"):
        read_file("values.json", json.dumps([subject]).encode())


def test_the_command_refuses_with_the_limit_and_exit_2(tmp_path: Path, settings) -> None:
    deep = tmp_path / "deep.json"
    deep.write_bytes(b"[" * 10_000 + b"]" * 10_000)
    with pytest.raises(CommandError, match="INTREL_IMPORT_MAX_JSON_DEPTH") as exc:
        call_command("import", str(deep), stdout=io.StringIO(), stderr=io.StringIO())
    assert exc.value.returncode == 2

    settings.INTREL_IMPORT_MAX_ROWS = 1
    sheet = tmp_path / "two.csv"
    sheet.write_bytes(csv_bytes([HEADER, GOOD_ROW, ["helmond-b", *GOOD_ROW[1:]]]))
    with pytest.raises(CommandError, match="INTREL_IMPORT_MAX_ROWS") as exc:
        call_command("import", str(sheet), stdout=io.StringIO(), stderr=io.StringIO())
    assert exc.value.returncode == 2

    settings.INTREL_MAX_UPLOAD_BYTES = 10
    with pytest.raises(CommandError, match="at most 10") as exc:
        call_command("import", str(sheet), stdout=io.StringIO(), stderr=io.StringIO())
    assert exc.value.returncode == 2
    assert Relation.objects.count() == 0 and ImportBatch.objects.count() == 0


# --- the preview page ----------------------------------------------------------------------


def test_the_preview_shows_fifty_rows_a_page_with_totals(officer_client) -> None:
    rows = [
        {"label": f"row {n}", "row": n, "subject": dict(SUBJECT, id=f"helmond-r{n:03d}")}
        for n in range(2, 122)  # 120 rows
    ]
    problems = [
        {"sheet": "relations", "row": n, "column": "name", "subject_id": None, "reason": "bad"}
        for n in (5, 6, 7)
    ]
    batch = ImportBatch.objects.create(
        filename="big.csv",
        format="csv",
        state=ImportState.INVALID,
        rows=rows,
        row_count=len(rows),
        problems=problems,
        problem_count=len(problems),
    )
    from django.urls import reverse

    url = reverse("imports:detail", args=[batch.pk])
    html = officer_client.get(url).content.decode()
    assert "helmond-r002" in html and "helmond-r051" in html
    assert "helmond-r052" not in html and "helmond-r121" not in html
    assert "Without problems: 117 · with problems: 3" in html
    assert "page 1 of 3" in html and "?page=2&amp;problems=1" in html
    last = officer_client.get(url + "?page=3").content.decode()
    assert "helmond-r101" not in last and "helmond-r102" in last and "helmond-r121" in last
    # A page number out of range shows the last page, not an error.
    assert "helmond-r121" in officer_client.get(url + "?page=99").content.decode()


def test_a_problem_on_the_agreements_sheet_marks_its_relation_not_the_same_row_number(
    officer_client, tmp_path: Path
) -> None:
    from .test_import_command import AGREEMENT_HEADER, xlsx

    path = xlsx(
        tmp_path,
        {
            "relations": [HEADER, GOOD_ROW, ["helmond-b", *GOOD_ROW[1:]]],
            "agreements": [
                AGREEMENT_HEADER,
                ["helmond-mechelen", "Jumelage", "1995-05-01", None, 0, "nee", None],
                ["helmond-mechelen", "Broken", "1995-05-01", "1990-01-01", 0, "nee", None],
            ],
        },
    )
    response = upload(officer_client, "sheets.xlsx", path.read_bytes())
    html = officer_client.get(response["Location"]).content.decode()
    assert '<td>agreements</td><td class="num">3</td><td>helmond-mechelen</td>' in html
    assert "Without problems: 1 · with problems: 1" in html
    rows = html[html.index('id="rows-h"') :]
    mechelen = rows[rows.index("<td>helmond-mechelen</td>") :]
    assert mechelen.index("has problems") < mechelen.index("<td>helmond-b</td>")
    assert "would be created" in rows[rows.index("<td>helmond-b</td>") :]


# --- what to do next -----------------------------------------------------------------------


def test_each_refusal_over_a_limit_says_what_to_do_next(settings, tmp_path: Path) -> None:
    settings.INTREL_IMPORT_MAX_COLUMNS = 17
    with pytest.raises(LimitExceeded, match="Remove the columns the import template does not"):
        read_file("wide.csv", csv_bytes([[*HEADER, "extra"]]))

    settings.INTREL_IMPORT_MAX_CELL_CHARS = 50
    long_row = [GOOD_ROW[0], "x" * 51, *GOOD_ROW[2:]]
    for name, content in (
        ("long.csv", csv_bytes([HEADER, long_row])),
        ("long.xlsx", workbook_bytes([HEADER, long_row])),
    ):
        with pytest.raises(LimitExceeded, match="Shorten the text of that cell"):
            read_file(name, content)

    settings.INTREL_IMPORT_MAX_MEMBERS = 5
    with pytest.raises(LimitExceeded, match="Copy the relations into the import template"):
        read_file("parts.xlsx", workbook_bytes([HEADER, GOOD_ROW]))
    settings.INTREL_IMPORT_MAX_MEMBERS = 200

    cells = with_member_edited(
        workbook_bytes([HEADER, GOOD_ROW]),
        SHEET,
        lambda xml: xml.replace(b"</row>", b"<c/>" * 16_385 + b"</row>", 1),
    )
    with pytest.raises(LimitExceeded, match=r"save it again as \.xlsx"):
        read_file("cells.xlsx", cells)

    settings.INTREL_MAX_UPLOAD_BYTES = 10
    sheet = tmp_path / "two.csv"
    sheet.write_bytes(csv_bytes([HEADER, GOOD_ROW]))
    with pytest.raises(CommandError, match="Split the file, or ask the application manager"):
        call_command("import", str(sheet), stdout=io.StringIO(), stderr=io.StringIO())


def test_the_next_step_is_in_dutch(settings) -> None:
    from django.utils import translation

    settings.INTREL_IMPORT_MAX_COLUMNS = 17
    with translation.override("nl"), pytest.raises(LimitExceeded) as exc:
        read_file("breed.csv", csv_bytes([[*HEADER, "extra"]]))
    assert exc.value.message.endswith(
        "Verwijder de kolommen die het importsjabloon niet heeft, en upload het bestand opnieuw."
    )


def test_the_preview_shows_a_hundred_problems_a_page(officer_client) -> None:
    from django.urls import reverse

    rows = [
        {"label": f"row {n}", "row": n, "subject": dict(SUBJECT, id=f"helmond-p{n:03d}")}
        for n in range(2, 132)  # 130 rows, each with one problem
    ]
    problems = [
        {"sheet": "relations", "row": n, "column": "name", "subject_id": None, "reason": f"bad{n}"}
        for n in range(2, 132)
    ]
    batch = ImportBatch.objects.create(
        filename="broken.csv",
        format="csv",
        state=ImportState.INVALID,
        rows=rows,
        row_count=len(rows),
        problems=problems,
        problem_count=len(problems),
    )
    url = reverse("imports:detail", args=[batch.pk])
    first = officer_client.get(url).content.decode()
    assert "<td>bad101</td>" in first and "<td>bad102</td>" not in first
    assert "?page=1&amp;problems=2#problems-h" in first
    assert "Without problems: 0 · with problems: 130" in first
    second = officer_client.get(url + "?problems=2").content.decode()
    assert "<td>bad101</td>" not in second and "<td>bad131</td>" in second
    assert "?page=1&amp;problems=1#problems-h" in second


def test_a_batch_keeps_the_first_thousand_problems_and_counts_them_all(
    officer_client, tmp_path: Path
) -> None:
    """A cheap file can hold a problem in every cell; the batch (read again on every view) does
    not store them all."""
    from django.urls import reverse

    from intrel.imports.services import import_batch_preview

    row = [*GOOD_ROW[:1], *(f"x\x07{n}" for n in range(16))]
    rows = [HEADER] + [[f"helmond-{i}", *row[1:]] for i in range(100)]
    batch = import_batch_preview(filename="bells.csv", content=csv_bytes(rows))
    assert batch.problem_count > 1_600  # 16 cells of 100 rows, and what the engine says of them
    assert len(batch.problems) == 1_001
    more = batch.problem_count - 1_000
    assert batch.problems[-1]["reason"] == (
        f"{more:,} more problems are not listed. Correct the ones above and upload the file again."
    )
    url = reverse("imports:detail", args=[batch.pk])
    last = officer_client.get(url + "?problems=11").content.decode()
    assert f"{more:,} more problems are not listed" in last
    assert "Without problems:" not in last  # rows past the list would count as without

    sheet = tmp_path / "bells.csv"
    sheet.write_bytes(csv_bytes(rows))
    err = io.StringIO()
    with pytest.raises(CommandError, match=f"^{batch.problem_count} problem"):
        call_command("import", str(sheet), stdout=io.StringIO(), stderr=err)
    assert len(err.getvalue().splitlines()) == 1_001
