"""Import problems for people (issues 9.5 and 10.7): characters text cannot hold are named with
their field or row and column, never a 500; every problem is in the interface language, with no
``None`` and no raw library message."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from intrel.core.tests.zips import with_member_edited
from intrel.imports.constants import ImportState
from intrel.imports.models import ImportBatch
from intrel.relations.models import Relation

from .test_import_command import GOOD_ROW, HEADER, SUBJECT, xlsx
from .test_views import upload

pytestmark = pytest.mark.django_db


def preview_html(client, response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    return str(client.get(response["Location"]).content.decode())


# --- NUL, lone surrogates, control characters ------------------------------------------------


def test_json_with_nul_and_lone_surrogate_names_each_field(officer_client) -> None:
    subject = json.loads(json.dumps(SUBJECT))
    subject["name"] = "Helmond\u0000"
    subject["partner"]["name"] = "San \ud800Marcos"
    # json.dumps writes both as \u escapes, as an attacker's file would.
    content = json.dumps([subject]).encode()
    assert b"\\u0000" in content and b"\\ud800" in content
    html = preview_html(officer_client, upload(officer_client, "nul.json", content))
    assert "<td><code>name</code></td><td>contains a NUL character (\\u0000)" in html
    assert "<td><code>partner.name</code></td><td>contains a lone surrogate (\\ud800)" in html
    batch = ImportBatch.objects.get()
    assert batch.state == ImportState.INVALID
    assert {(p["column"], p["subject_id"]) for p in batch.problems} >= {
        ("name", "helmond-san-marcos"),
        ("partner.name", "helmond-san-marcos"),
    }
    assert batch.rows[0]["subject"]["name"] == "Helmond"  # stored cleaned, shown safely


def test_the_command_names_nul_and_surrogate_fields(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(b'[{"subject": "relation", "id": "x\\u0000y", "name": "\\ud800"}]')
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import", str(path), stdout=io.StringIO(), stderr=err)
    assert exc.value.returncode == 2
    assert 'relation "xy": id: contains a NUL character' in err.getvalue()
    assert 'relation "xy": name: contains a lone surrogate' in err.getvalue()
    assert Relation.objects.count() == 0


def test_csv_and_xlsx_cells_with_control_characters_name_row_and_column(
    officer_client, tmp_path: Path
) -> None:
    row = [GOOD_ROW[0], "Helmond\x07Mechelen", *GOOD_ROW[2:]]
    content = (",".join(HEADER) + "\n" + ",".join(f'"{v}"' for v in row) + "\n").encode()
    html = preview_html(officer_client, upload(officer_client, "bell.csv", content, "text/csv"))
    assert "<td><code>name</code></td><td>contains the control character \\u0007" in html
    assert ImportBatch.objects.get().state == ImportState.INVALID

    # XML cannot hold a control character: a workbook with one is damaged, and refused so.
    path = xlsx(tmp_path, {"relations": [HEADER, [GOOD_ROW[0], "Helmond Bell", *GOOD_ROW[2:]]]})
    path.write_bytes(
        with_member_edited(
            path.read_bytes(),
            "xl/worksheets/sheet1.xml",
            lambda xml: xml.replace(b"Helmond Bell", b"Helmond&#7;Bell"),
        )
    )
    with pytest.raises(CommandError, match="The workbook cannot be read: it is damaged") as exc:
        call_command("import", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert exc.value.returncode == 2


# --- every problem in the interface language -------------------------------------------------

NEW_WITHOUT_NAME = (
    "id,name,partner_name,partner_country,partner_kind,registered_kind,initiated_by,purposes\n"
    "helmond-new,,,BE,city,twinning,residents,culture\n"
)


@pytest.fixture
def dutch(officer_client):
    officer_client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "nl"
    with translation.override("nl"):
        yield officer_client


def test_problems_in_dutch(dutch) -> None:
    response = upload(dutch, "kapot.json", b'[{"id": ')
    assert response.status_code == 400
    html = response.content.decode()
    assert "De JSON kan niet gelezen worden op regel 1, kolom 9: er werd een waarde" in html
    assert "Expecting" not in html and "char 8" not in html

    html = preview_html(dutch, upload(dutch, "nieuw.csv", NEW_WITHOUT_NAME.encode(), "text/csv"))
    assert "<td><code>name</code></td><td>verplicht, maar ontbreekt of is leeg</td>" in html
    assert "<td><code>partner_name</code></td><td>verplicht, maar ontbreekt of is leeg</td>" in html
    assert "<td>rij 2</td>" in html
    assert "required" not in html and "None" not in html
    assert "kolom ontbreekt" not in html  # every required column is there

    response = upload(dutch, "leeg.csv", b"\xef\xbb\xbf", "text/csv")
    assert "leeg.csv is leeg." in response.content.decode()

    response = upload(dutch, "latin.json", '[{"id": "é"}]'.encode("latin-1"))
    assert "is geen UTF-8-tekst: regel 1" in response.content.decode()

    batch_html = preview_html(
        dutch, upload(dutch, "vorm.json", json.dumps([{"subject": "relation", "id": 5}]).encode())
    )
    assert "<td>#1</td><td><code>id</code></td><td>geen tekst</td>" in batch_html
    assert (
        "<td>#1</td><td><code>name</code></td><td>verplicht, maar ontbreekt of is leeg</td>"
        in batch_html
    )
    assert "(subject)" not in batch_html and "None" not in batch_html

    html = preview_html(dutch, upload(dutch, "kolom.csv", b"id,name\nhelmond-x,X\n", "text/csv"))
    assert "<td><code>partner_name</code></td><td>kolom ontbreekt</td>" in html


def test_problems_in_english(officer_client) -> None:
    officer_client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    response = upload(officer_client, "broken.json", b'[{"id": ')
    html = response.content.decode()
    assert "The JSON cannot be read at line 1, column 9: a value was expected" in html
    assert "Expecting" not in html

    html = preview_html(
        officer_client,
        upload(officer_client, "new.csv", NEW_WITHOUT_NAME.encode(), "text/csv"),
    )
    assert "<td><code>name</code></td><td>required, but missing or empty</td>" in html
    # The partner column shows only what the file gives.
    assert "(None)" not in html and "None" not in html
    assert reverse("imports:commit", args=[ImportBatch.objects.get().pk]) not in html


def test_a_limit_is_named_in_dutch_with_dutch_numbers(dutch) -> None:
    page = dutch.get(reverse("imports:upload")).content.decode()
    assert "Hoogstens 10.000 rijen (relaties) per bestand." in page
    rows = "id,name\n" + "".join(f"helmond-{n},N\n" for n in range(10_001))
    response = upload(dutch, "groot.csv", rows.encode(), "text/csv")
    assert response.status_code == 400
    assert (
        "Het bestand heeft meer dan 10.000 rijen (grens: INTREL_IMPORT_MAX_ROWS)"
        in response.content.decode()
    )
    assert ImportBatch.objects.count() == 0


def test_a_nul_deep_in_a_csv_names_row_and_column(officer_client) -> None:
    """A NUL in the first 4 KB makes the file "not text"; one further on is a cell's problem."""
    lines = [",".join(HEADER)]
    lines += [",".join(f'"{v}"' for v in [f"helmond-{n}", *GOOD_ROW[1:]]) for n in range(40)]
    lines.append(",".join(f'"{v}"' for v in ["helmond-nul", "Hel\x00mond", *GOOD_ROW[2:]]))
    content = ("\n".join(lines) + "\n").encode()
    assert content.index(b"\x00") > 4096
    html = preview_html(officer_client, upload(officer_client, "nul.csv", content, "text/csv"))
    assert (
        '<td class="num">42</td><td>helmond-nul</td><td><code>name</code></td><td>contains a NUL'
        in html
    )
    batch = ImportBatch.objects.get()
    assert batch.state == ImportState.INVALID
    assert batch.rows[-1]["subject"]["name"] == "Helmond"


def test_an_xlsx_cell_with_a_control_character_xml_allows_names_row_and_column(
    tmp_path: Path,
) -> None:
    """XML 1.0 holds DEL and the C1 controls (U+007F-U+009F); they reach the cell's check."""
    row = [GOOD_ROW[0], "Helmond\x7fMechelen", *GOOD_ROW[2:]]
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command(
            "import",
            str(xlsx(tmp_path, {"relations": [HEADER, row]})),
            stdout=io.StringIO(),
            stderr=err,
        )
    assert exc.value.returncode == 2
    assert "row 2, column name: contains the control character \\u007f" in err.getvalue()


def test_the_engines_upper_bound_is_translated() -> None:
    """The engine says ``must be 600 or less`` (not pydantic's "Input should be less than or
    equal to 600") since it words every problem itself; the import page says it in Dutch."""
    from intrel.imports.messages import engine_reason
    from intrel.policy import SubjectError, parse_subject
    from intrel.policy.tests.conftest import relation

    with pytest.raises(SubjectError) as info:
        parse_subject(
            relation(agreements=[{"title": "A", "signed": "2010-01-01", "notice_months": 601}])
        )
    (problem,) = info.value.problems
    assert (problem.path, problem.message) == ("agreements[0].notice_months", "must be 600 or less")
    with translation.override("nl"):
        assert engine_reason(problem.message) == "moet 600 of minder zijn"


@pytest.mark.parametrize(
    ("message", "dutch"),
    [
        ("must be one of: city, region", "moet een van deze zijn: city, region"),
        ("at most 200 characters", "hoogstens 200 tekens"),
        ("needs at least 1 items", "heeft ten minste 1 elementen nodig"),
        ("must be 0 or more", "moet 0 of meer zijn"),
        ("Input should be greater than or equal to 1", "moet 1 of meer zijn"),
        ("Input should be less than or equal to 9", "moet 9 of minder zijn"),
        ("Input should be less than 3", "moet kleiner zijn dan 3"),
        (
            "a date between 1900-01-01 and 2100-12-31 is required",
            "een datum tussen 1900-01-01 en 2100-12-31 is verplicht",
        ),
        ("a message the import does not know", "a message the import does not know"),
    ],
)
def test_each_engine_message_with_a_value_is_translated_with_it(message: str, dutch: str) -> None:
    from intrel.imports.messages import engine_reason

    with translation.override("nl"):
        assert engine_reason(message) == dutch


def test_each_problem_is_one_line_on_stderr_whatever_the_file_names(tmp_path: Path) -> None:
    """An id, a key or a column name from the file with a line break in it cannot add a line of
    its own to the command's output (a forged "row 9: ..." problem)."""
    path = tmp_path / "breaks.json"
    forged = dict(SUBJECT, id="x\nrow 9, column name: forged")
    path.write_text(json.dumps([forged, dict(SUBJECT, id="helmond-b", **{"na\rme": "x"})]))
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import", str(path), stdout=io.StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert len(lines) == len(ImportBatch.objects.get().problems), lines
    assert not any(line.startswith("row 9") for line in lines), lines
    assert 'relation "x\\nrow 9, column name: forged": id: not a slug' in err.getvalue()
    assert 'relation "helmond-b": na\\rme: unknown field' in err.getvalue()
    assert exc.value.returncode == 2


def test_a_cell_beyond_the_header_is_named_by_its_column_letter(tmp_path: Path) -> None:
    path = tmp_path / "extra.csv"
    row = [*GOOD_ROW, "", "", "Hel\x07mond"]  # the 20th cell; the header has 17 names
    path.write_text(",".join(HEADER) + "\n" + ",".join(f'"{v}"' for v in row) + "\n")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", str(path), stdout=io.StringIO(), stderr=err)
    assert "row 2, column T: contains the control character \\u0007" in err.getvalue()
