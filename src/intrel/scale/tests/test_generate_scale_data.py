"""intrel generate_scale_data: a seeded register written in bulk, whose ledger adds up and whose
relations are assessed as ``intrel assess_all`` would assess them."""

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Max
from django.db.models.functions import Coalesce

from intrel.assessments.models import Assessment
from intrel.assessments.services import relations_assess_all
from intrel.budgets.models import Allocation, BudgetLine, LedgerEntry
from intrel.budgets.selectors import line_balances_from_ledger
from intrel.initiatives.models import Initiative
from intrel.partners.models import Partner
from intrel.relations.models import Activity, Party, Relation
from intrel.scale import services
from intrel.scale.services import City, scale_generate

pytestmark = pytest.mark.django_db

CITIES = [
    City("Mechelen", "BE", Decimal("51.027800"), Decimal("4.477800")),
    City("Lyon", "FR", Decimal("45.764000"), Decimal("4.835700")),
    City("Bengaluru", "IN", None, None),
]


def _register() -> list[tuple[str, str, str, list[str]]]:
    return list(Relation.objects.order_by("slug").values_list("slug", "name", "status", "purposes"))


def _remove_generated() -> None:
    LedgerEntry.objects.all().delete()
    Allocation.objects.all().delete()
    Initiative.objects.all().delete()
    Assessment.objects.all().delete()
    Relation.objects.all().delete()
    BudgetLine.objects.all().delete()
    Party.objects.all().delete()
    Partner.objects.all().delete()


def test_the_same_seed_gives_the_same_register() -> None:
    scale_generate(relations=12, cities=CITIES, batch_size=5, seed=7)
    first = _register()
    activities = list(
        Activity.objects.values_list("relation__slug", "date", "title").order_by(
            "relation__slug", "date", "title"
        )
    )
    assert len(first) == 12 and len(activities) == 120
    _remove_generated()
    scale_generate(relations=12, cities=CITIES, batch_size=4, seed=7)
    assert _register() == first
    again = Activity.objects.values_list("relation__slug", "date", "title")
    assert list(again.order_by("relation__slug", "date", "title")) == activities
    _remove_generated()
    scale_generate(relations=12, cities=CITIES, batch_size=5, seed=8)
    assert _register() != first


def test_the_ledger_adds_up_and_the_relations_are_assessed_as_assess_all_would() -> None:
    report = scale_generate(relations=20, cities=CITIES, batch_size=6)
    assert (report.relations, report.activities, report.initiatives) == (20, 200, 20)
    assert report.allocations == 40 and report.assessments == 20
    for line in BudgetLine.objects.filter(slug__startswith="scale-"):
        balances = line_balances_from_ledger(line=line)
        assert balances.money_committed == line.money_committed
        assert balances.money_spent == line.money_spent
        assert line.money_committed <= line.money_available
    assert Assessment.objects.filter(is_current=True, subject_type="relation").count() == 20
    # Each relation's stored latest activity day is that of its activities (written in bulk,
    # past the activity services).
    latest = (
        Activity.objects.values("relation")
        .annotate(day=Max(Coalesce("end_date", "date")))
        .values_list("relation", "day")
    )
    assert dict(Relation.objects.values_list("pk", "last_activity_on")) == dict(latest)
    # The stored facts are those of the register: re-assessing stores nothing new.
    seen, new = relations_assess_all()
    assert (seen, new) == (20, 0)


def test_the_command_refuses_a_register_that_holds_relations_without_force(tmp_path: Path) -> None:
    scale_generate(relations=1, cities=CITIES, assess=False)
    with pytest.raises(CommandError, match="already holds relations"):
        call_command("generate_scale_data", "--relations", "5", stdout=StringIO())
    with pytest.raises(CommandError, match="already holds generated data"):
        call_command("generate_scale_data", "--relations", "5", "--force", stdout=StringIO())


def test_the_command_reads_the_twin_towns_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "twin_cities.csv"
    source.write_text(
        "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"
        "Helmond,Netherlands,51.48,5.66,Mechelen,Belgium,51.03,4.48\n"
        "Helmond,Netherlands,51.48,5.66,Atlantis,Nowhere,1,1\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(services, "TWIN_CITIES", source)
    assert [(c.name, c.country) for c in services.twin_cities(source)] == [
        ("Helmond", "NL"),
        ("Mechelen", "BE"),
    ]
    out = StringIO()
    call_command("generate_scale_data", "--relations", "4", "--batch-size", "3", stdout=out)
    assert "Generated 4 relations (2 partner cities)" in out.getvalue()
    assert Relation.objects.filter(partner__name__in=["Helmond", "Mechelen"]).count() == 4


def test_a_second_run_adds_to_the_first_and_the_ledger_still_adds_up() -> None:
    scale_generate(relations=5, cities=CITIES, batch_size=3)
    scale_generate(relations=4, cities=CITIES, batch_size=3, seed=3)
    slugs = list(Relation.objects.order_by("slug").values_list("slug", flat=True))
    assert slugs == [f"scale-{n:07d}" for n in range(9)]
    assert BudgetLine.objects.filter(slug__startswith="scale-").count() == 26
    for line in BudgetLine.objects.filter(slug__startswith="scale-"):
        balances = line_balances_from_ledger(line=line)
        assert balances.money_available == line.money_available
        assert balances.money_committed == line.money_committed
        assert balances.hours_spent == line.hours_spent


@pytest.mark.parametrize(
    "args,message",
    [
        (["--relations", "0"], "at least 1"),
        (["--relations", "1000001"], "at most 1,000,000"),
        (["--relations", "10", "--batch-size", "50001"], "at most 50,000"),
    ],
)
def test_the_command_bounds_its_numbers_and_writes_nothing(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("generate_scale_data", *args, stdout=StringIO())
    assert not Relation.objects.exists()
