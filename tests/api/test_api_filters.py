"""The documented filters of the budgets and assessments lists, on the demo's real objects.

Each filter must narrow the list to exactly the objects the database holds for that value (and
to fewer than the whole list, so a filter that is ignored fails), and each refuses a bad value
with a 400 problem naming the parameter, as docs/api.md and docs/api/openapi.yaml say.
"""

from collections.abc import Callable
from typing import Any

import pytest
from demo_ids import Demo
from rest_framework.test import APIClient

from intrel.accounts.constants import Role
from intrel.assessments.models import Assessment
from intrel.budgets.models import BudgetLine, BudgetTransfer

ALL = {"pageSize": 500}


@pytest.fixture
def get(demo: Demo, db: None) -> Callable[..., Any]:
    """GET a list of the API as the application manager (who may read everything)."""
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=demo.headers(str(Role.APPLICATION_MANAGER))["Authorization"]
    )

    def call(path: str, **query: Any) -> Any:
        return client.get(f"/api/v1{path}", {**ALL, **query})

    return call


def _results(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["totalItems"] == len(body["results"])  # one page holds them all
    return body["results"]


def _refused(response: Any, parameter: str) -> None:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    names = [p["name"] for p in response.json()["invalidParams"]]
    assert names == [parameter]


def _most_common(values: list[Any]) -> Any:
    """A value that some but not all objects have (so filtering by it must narrow the list)."""
    distinct = sorted(set(values), key=lambda v: (-values.count(v), str(v)))
    assert len(distinct) > 1, f"the demo has only {distinct}: nothing to filter"
    return distinct[0]


# --- budget lines -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parameter", "field", "column"),
    [
        ("year", "year", "year"),
        ("heldBy", "held_by", "holder_kind"),
        ("purpose", "purpose", "purpose"),
    ],
)
def test_budget_lines_filter(
    get: Callable[..., Any], parameter: str, field: str, column: str
) -> None:
    everything = _results(get("/budget-lines"))
    value = _most_common([line[field] for line in everything])
    filtered = _results(get("/budget-lines", **{parameter: value}))
    expected = set(BudgetLine.objects.filter(**{column: value}).values_list("slug", flat=True))
    assert {line["id"] for line in filtered} == expected
    assert 0 < len(filtered) < len(everything)
    assert {line[field] for line in filtered} == {value}


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("year", "abc"),
        ("year", "1999"),  # before the first budget year (2000)
        ("year", "2101"),
        ("heldBy", "mayor"),
        ("purpose", "bogus"),
    ],
)
def test_budget_lines_refuse_a_bad_filter(
    get: Callable[..., Any], parameter: str, value: str
) -> None:
    _refused(get("/budget-lines", **{parameter: value}), parameter)


def test_budget_transfers_filter_by_year(get: Callable[..., Any]) -> None:
    everything = _results(get("/budget-transfers"))
    years = dict(BudgetTransfer.objects.values_list("pk", "source__year"))
    assert everything, "the demo has no transfer"
    for year in sorted(set(years.values())):
        filtered = _results(get("/budget-transfers", year=year))
        assert {t["id"] for t in filtered} == {pk for pk, y in years.items() if y == year}
    # A year with budget lines but without transfers lists none.
    quiet = sorted(set(BudgetLine.objects.values_list("year", flat=True)) - set(years.values()))
    assert quiet, "every budget year of the demo has transfers"
    assert _results(get("/budget-transfers", year=quiet[0])) == []


@pytest.mark.parametrize("value", ["abc", "1999", "2101", "20 14"])
def test_budget_transfers_refuse_a_bad_year(get: Callable[..., Any], value: str) -> None:
    _refused(get("/budget-transfers", year=value), "year")


# --- assessments --------------------------------------------------------------------------------


def test_assessments_are_current_ones_by_default(get: Callable[..., Any]) -> None:
    current = _results(get("/assessments"))
    assert {a["id"] for a in current} == set(
        Assessment.objects.filter(is_current=True).values_list("pk", flat=True)
    )
    assert all(a["is_current"] for a in current)


def test_assessments_current_false_shows_the_superseded_ones_too(get: Callable[..., Any]) -> None:
    every = _results(get("/assessments", current="false"))
    assert {a["id"] for a in every} == set(Assessment.objects.values_list("pk", flat=True))
    assert any(not a["is_current"] for a in every), "the demo has no superseded assessment"


@pytest.mark.parametrize(
    ("parameter", "field", "column"),
    [
        ("subjectType", "subject_type", "subject_type"),
        ("subjectId", "subject_id", "subject_key"),
    ],
)
def test_assessments_filter_by_subject(
    get: Callable[..., Any], parameter: str, field: str, column: str
) -> None:
    everything = _results(get("/assessments"))
    value = _most_common([a[field] for a in everything])
    filtered = _results(get("/assessments", **{parameter: value}))
    expected = Assessment.objects.filter(is_current=True, **{column: value})
    assert {a["id"] for a in filtered} == set(expected.values_list("pk", flat=True))
    assert 0 < len(filtered) < len(everything)


def test_assessments_filter_by_framework(get: Callable[..., Any]) -> None:
    every = _results(get("/assessments", current="false"))
    framework = every[0]["framework"]
    filtered = _results(get("/assessments", current="false", framework=framework))
    assert {a["id"] for a in filtered} == set(
        Assessment.objects.filter(framework=framework).values_list("pk", flat=True)
    )
    assert {a["framework"] for a in filtered} == {framework}


@pytest.mark.parametrize("value", ["true", "false"])
def test_assessments_filter_by_violations(get: Callable[..., Any], value: str) -> None:
    everything = _results(get("/assessments"))
    filtered = _results(get("/assessments", violations=value))
    with_violations = value == "true"
    assert filtered, f"the demo has no current assessment with violations={value}"
    assert all((a["violations"] > 0) is with_violations for a in filtered)
    assert len(filtered) == sum((a["violations"] > 0) is with_violations for a in everything)
    assert len(filtered) < len(everything)


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("subjectType", "partner"),
        ("framework", "../policies/helmond-2013"),
        ("framework", "nosuch-2099"),
        ("current", "maybe"),
        ("violations", "some"),
    ],
)
def test_assessments_refuse_a_bad_filter(
    get: Callable[..., Any], parameter: str, value: str
) -> None:
    _refused(get("/assessments", **{parameter: value}), parameter)


def test_an_unknown_parameter_is_ignored(get: Callable[..., Any]) -> None:
    assert _results(get("/budget-lines", colour="blue")) == _results(get("/budget-lines"))


@pytest.mark.parametrize("path", ["/activities", "/relations", "/assessments"])
def test_a_format_parameter_does_not_turn_a_list_into_not_found(
    get: Callable[..., Any], path: str
) -> None:
    # DRF's ?format= override answered 404 for an unknown format (schemathesis found it).
    response = get(path, format="-6.5e-90")
    assert response.status_code in (200, 400), response.content
    assert response.status_code != 404
