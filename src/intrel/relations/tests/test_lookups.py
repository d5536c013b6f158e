"""``field__any_of=[...]`` (core/lookups.py) finds what ``field__in=[...]`` finds, on SQLite and on
PostgreSQL (one array parameter there), for filter and exclude, with ``None`` and empty lists."""

import pytest

from intrel.relations.models import Agreement

from .factories import AgreementFactory, RelationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def relations() -> list[int]:
    made = [RelationFactory() for _ in range(3)]
    AgreementFactory(relation=made[0])
    AgreementFactory(relation=made[0])
    AgreementFactory(relation=made[2])
    return [r.pk for r in made]


@pytest.mark.parametrize(
    "values",
    [[0], [1], [0, 1, 2], (2,), [], [None], [0, None], [-1]],
    ids=["first", "second", "all", "tuple", "empty", "none", "first-and-none", "unknown"],
)
def test_any_of_finds_what_in_finds(
    relations: list[int], values: list[int | None] | tuple[int, ...]
) -> None:
    def pk(v: int | None) -> int | None:
        return None if v is None else relations[v] if v >= 0 else 10**9

    ids = tuple(map(pk, values)) if isinstance(values, tuple) else [pk(v) for v in values]

    def found(**lookup: object) -> list[int]:
        return sorted(Agreement.objects.filter(**lookup).values_list("pk", flat=True))

    def left(**lookup: object) -> list[int]:
        return sorted(Agreement.objects.exclude(**lookup).values_list("pk", flat=True))

    assert found(relation_id__any_of=ids) == found(relation_id__in=ids)
    assert left(relation_id__any_of=ids) == left(relation_id__in=ids)
    assert found(relation__pk__any_of=ids) == found(relation__pk__in=ids)


def test_any_of_takes_a_list_not_a_query(relations: list[int]) -> None:
    from intrel.relations.models import Relation

    with pytest.raises(TypeError, match="list or tuple"):
        list(Agreement.objects.filter(relation_id__any_of=Relation.objects.values("pk")))
