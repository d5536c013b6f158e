"""intrel seed_twin_towns: the municipality's twin towns as unverified proposals."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from intrel.imports.constants import ImportFormat
from intrel.imports.models import ImportBatch
from intrel.partners.models import Partner
from intrel.relations.models import Relation

pytestmark = pytest.mark.django_db

REAL_FILE = settings.BASE_DIR.parent / "shared" / "data" / "twin-cities" / "twin_cities.csv"


def seed(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("seed_twin_towns", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.skipif(not REAL_FILE.exists(), reason="the shared twin-towns list is not here")
def test_helmond_gets_its_three_twin_towns_once() -> None:
    out, _ = seed("--file", str(REAL_FILE), "--municipality", "Helmond", "--country", "Netherlands")
    relations = Relation.objects.select_related("partner").order_by("partner__name")
    assert [(r.partner.name, r.partner.country) for r in relations] == [
        ("Mechelen", "BE"),
        ("San Marcos", "NI"),
        ("Zielona Góra", "PL"),
    ]
    for relation in relations:
        assert relation.verified is False
        assert relation.status == "proposed"
        assert relation.source == "twin_towns"
        assert relation.registered_kind == "twinning"
        assert relation.purposes == ["other"]
        assert relation.partner.latitude is not None and relation.partner.longitude is not None
    latitude = Partner.objects.get(name="Mechelen").latitude
    assert latitude is not None and float(latitude) == pytest.approx(51.0278)
    assert "Proposed 3 new relation(s)" in out

    out, _ = seed("--file", str(REAL_FILE))  # defaults: settings.INTREL_MUNICIPALITY, NL
    assert Relation.objects.count() == 3
    assert "Proposed 0 new relation(s); 3 already in the register" in out
    batches = ImportBatch.objects.filter(format=ImportFormat.TWIN_TOWNS)
    assert [b.created_count for b in batches.order_by("pk")] == [3, 0]


def test_existing_partner_is_never_overwritten_and_messy_rows_are_reported(
    tmp_path: Path,
) -> None:
    path = tmp_path / "twins.csv"
    path.write_text(
        "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"
        '"Mechelen",Belgium,51.0278,4.4806,Helmond,Netherlands,51.4833,5.65\n'
        "Helmond,Netherlands,51.4833,5.65,Mechelen,Belgium,51.0278,4.4806\n"  # same pair again
        'Helmond,Netherlands,51.4833,5.65,Bristol,"England, United Kingdom",51.45,-2.58\n'
        "Helmond,Netherlands,51.4833,5.65,Atlantis,Atlantica,10,10\n"
        "Paris,France,48.85,2.35,Rome,Italy,north,12.5\n"
        "Oslo,Grece,59.9,10.7,Turku,Finland,60.45,22.27\n"
        ",Germany,50,8,Eindhoven,Netherlands,51.44,5.47\n",
        encoding="utf-8",
    )
    seed("--file", str(path), "--municipality", "Helmond", "--country", "NL")
    mechelen = Relation.objects.get(partner__name="Mechelen")
    mechelen.name = "Stedenband Helmond – Mechelen (checked)"
    mechelen.verified = True
    mechelen.status = "active"
    mechelen.save()

    out, err = seed("--file", str(path), "--municipality", "helmond", "--country", "NL")
    mechelen.refresh_from_db()
    assert mechelen.verified and mechelen.status == "active"
    assert mechelen.name.endswith("(checked)")
    assert Relation.objects.filter(partner__name="Mechelen").count() == 1
    assert Relation.objects.get(partner__name="Bristol").partner.country == "GB"
    assert "already in the register: Mechelen (BE)" in out
    assert "4 row(s) of the list could not be read" in out
    assert "row 5, column country2: unknown country name 'Atlantica'" in err
    assert "row 6, column lat2: not a coordinate" in err
    assert "row 7, column country1: unknown country name 'Grece'" in err
    assert "row 8, column city1: no town name" in err
    batch = ImportBatch.objects.latest("pk")
    assert batch.problem_count == 4
    assert not Relation.objects.filter(partner__name="Atlantis").exists()
