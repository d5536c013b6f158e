"""No spreadsheet export writes user text as a formula (issue 9.4, OWASP CSV injection).

Class check: every export URL of the project (every route ending in .xlsx or .csv, and the
import templates) is opened after a formula was planted in every free-text field of the demo
data; no cell of any sheet is a formula. And no module writes a workbook or a CSV file other
than through ``intrel.core.exports``.
"""

import csv
import io
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from intrel.budgets.models import BudgetLine
from intrel.core.exports import csv_bytes, csv_field, docx_table, workbook_bytes
from intrel.demo.services import demo_load

PAYLOAD = '=HYPERLINK("http://evil.example","klik")'
SRC = Path(__file__).resolve().parents[2]


def test_csv_field_prefixes_every_trigger() -> None:
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"):
        assert csv_field(text) == "'" + text
    assert csv_field("Helmond – Mechelen") == "Helmond – Mechelen"
    assert csv_field(-5) == -5  # numbers stay numbers
    rows = list(csv.reader(io.StringIO(csv_bytes([[PAYLOAD, "ok"]]).decode("utf-8-sig"))))
    assert rows == [["'" + PAYLOAD, "ok"]]


def test_docx_table_writes_what_python_docx_writes() -> None:
    """The fast table holds each text as filling the cells one by one does: the same XML, and
    the same texts read back (markup characters, tabs, line breaks, outer spaces)."""
    from docx import Document
    from lxml import etree

    header = ["Relatie", "Eigenaar"]
    rows = [["Helmond & <Mechelen>", " met spaties "], ["a\tb", "regel 1\nregel 2"], ["", "“é”"]]
    slow = Document().add_table(rows=1, cols=2)
    slow.style = "Table Grid"
    for cell, text in zip(slow.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(slow.add_row().cells, row, strict=True):
            cell.text = text
    fast = docx_table(Document(), header, rows)
    assert etree.tostring(fast._tbl) == etree.tostring(slow._tbl)
    assert [[c.text for c in r.cells] for r in fast.rows] == [header, *rows]


def test_workbook_bytes_writes_formula_text_as_text() -> None:
    wb = openpyxl.Workbook()
    wb.active.append([PAYLOAD, "-3 leden", 12.5, "gewoon"])
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes(wb))).active
    cells = sheet[1]
    assert [c.data_type for c in cells] == ["s", "s", "n", "s"]
    assert cells[0].value == PAYLOAD  # the text itself is kept, as text
    assert cells[2].value == 12.5


def _free_text_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and not isinstance(f, models.SlugField)
        and not f.choices
        and (f.max_length or 1000) >= 8
    ]


def _plant_formulas() -> int:
    """Write a formula into every free-text field of every register, governance and budgets row
    (as a write through the API could); returns how many values were planted."""
    planted = 0
    for label in ("partners", "relations", "governance", "budgets"):
        for model in apps.get_app_config(label).get_models():
            fields = _free_text_fields(model)
            if not fields:
                continue
            for pk in model._default_manager.values_list("pk", flat=True):
                values = {}
                for f in fields:
                    text = f"={pk}+{PAYLOAD[1:]}"  # the pk first: unique fields stay unique
                    values[f.name] = text[: f.max_length] if f.max_length else text
                model._default_manager.filter(pk=pk).update(**values)
                planted += len(values)
    return planted


def _export_routes() -> list[tuple[str, str]]:
    """(url name, route) of every route whose path ends in .xlsx or .csv."""
    found = []

    def walk(patterns: list[Any], namespace: str, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, ns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                if re.search(r"\.(xlsx|csv)\$?$", route) and p.name:
                    found.append((namespace + p.name, route))

    walk(get_resolver().url_patterns, "", "")
    return found


def _urls_for(name: str, route: str) -> list[str]:
    params = set(re.findall(r"<(?:\w+:)?(\w+)>", route))
    lines = BudgetLine.objects.all()
    if params == {"year"}:
        return [reverse(name, kwargs={"year": y}) for y in sorted({li.year for li in lines})]
    if params == {"slug"} and name.startswith("budgets:"):
        return [reverse(name, kwargs={"slug": li.slug}) for li in lines]
    if not params:
        return [reverse(name)]
    raise AssertionError(f"export {name} ({route}): teach this test which objects to open")


def _assert_no_formula_xlsx(content: bytes, where: str) -> int:
    wb = openpyxl.load_workbook(io.BytesIO(content))
    seen = 0
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{where} {sheet.title}!{cell.coordinate}: formula"
                if isinstance(cell.value, str) and "evil.example" in cell.value:
                    seen += 1
    return seen


@pytest.mark.django_db
def test_every_export_writes_planted_formulas_as_text(admin_client: Client) -> None:
    demo_load()
    assert _plant_formulas() > 50
    routes = _export_routes()
    names = {n for n, _r in routes}
    assert {"budgets:overview-xlsx", "budgets:line-xlsx"} <= names, names
    seen = 0
    for name, route in routes:
        for url in _urls_for(name, route):
            response = admin_client.get(url)
            assert response.status_code == 200, url
            if route.rstrip("$").endswith(".csv"):
                for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))):
                    # A plain negative number (a longitude west of Greenwich) is data, not a
                    # formula: the neutraliser leaves numbers alone.
                    assert not any(
                        f.startswith(("=", "+", "-", "@", "\t", "\r"))
                        and not re.fullmatch(r"-\d+(\.\d+)?", f)
                        for f in row
                    )
            else:
                seen += _assert_no_formula_xlsx(response.getvalue(), url)
    assert seen > 0, "the planted text did not reach any export: the check would prove nothing"
    # The import templates (no user text, but through the same place).
    template = reverse("imports:template")
    _assert_no_formula_xlsx(admin_client.get(template).content, template)
    body = admin_client.get(template + "?format=csv").content.decode("utf-8-sig")
    for row in csv.reader(io.StringIO(body)):
        assert not any(f.startswith(("=", "+", "-", "@", "\t", "\r")) for f in row)


def test_no_module_writes_a_workbook_or_csv_around_the_neutraliser() -> None:
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if "/tests/" in rel or rel == "core/exports.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"csv\.(writer|DictWriter)\(", text):
            offenders.append(f"{rel}: csv writer (use core.exports.csv_writer)")
        if "Workbook(" in text and ("workbook_bytes(" not in text or re.search(r"\.save\(", text)):
            offenders.append(f"{rel}: workbook saved without core.exports.workbook_bytes")
    assert not offenders, offenders


def test_a_streamed_workbook_that_fails_leaves_no_file_behind(tmp_path: Path) -> None:
    """openpyxl writes each write-only sheet to a named temporary file that only ``save``
    removes: a failure while the rows come (a database error at 100,000 relations, say) must
    not leave tens of MB in the temporary directory of a long-running server."""
    import tempfile

    from intrel.core.exports import workbook_stream

    def rows() -> Any:
        yield ["a", 1]
        yield ["b", 2]
        raise RuntimeError("the database went away")

    before = set(Path(tempfile.gettempdir()).glob("openpyxl.*"))
    with pytest.raises(RuntimeError, match="went away"):
        workbook_stream(tmp_path / "out.xlsx", [("Blad", ["naam", "getal"], rows())])
    assert set(Path(tempfile.gettempdir()).glob("openpyxl.*")) == before


def test_a_streamed_header_that_looks_like_a_formula_is_text(tmp_path: Path) -> None:
    from intrel.core.exports import workbook_stream

    path = tmp_path / "out.xlsx"
    workbook_stream(path, [("Blad", ["=1+1", "naam"], [["=2+2", "x"]])])
    sheet = openpyxl.load_workbook(path)["Blad"]
    for cell in (sheet["A1"], sheet["A2"]):
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
