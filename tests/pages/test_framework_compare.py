"""The framework comparison page over the Helmond demo: two registered frameworks (by id), what
would change per relation and a summary, in Dutch and in English; who may see it; bad input."""

import os
import shutil
from pathlib import Path
from typing import Any

import lxml.html
import pytest
import yaml
from django.test import Client
from django.urls import reverse

from intrel.accounts.models import User
from intrel.policy.framework import DEFAULT_PATH, ENV_VAR
from intrel.relations.models import Relation

from .conftest import Demo
from .test_every_page import language_problems, visible_text

pytestmark = pytest.mark.django_db

URL = reverse("assessments:framework-compare")
HELMOND_TWICE = {"framework_a": "helmond-2013", "framework_b": "helmond-2013"}
TEST_FRAMEWORKS = Path(__file__).resolve().parents[2] / "src/intrel/policy/tests/frameworks"


def _helmond() -> dict[str, Any]:
    data = yaml.safe_load((DEFAULT_PATH / "helmond-2013.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _other(data: dict[str, Any]) -> dict[str, Any]:
    """City marketing first in the priority order (Mechelen moves from CUL to MAR); the WVH-1
    warning made a violation with an action; BES-5 (an administrator's topical involvement
    without an end) not checked."""
    data["id"] = "helmond-2013-anders"
    ports = data["topical_portfolios"]
    data["topical_portfolios"] = [p for p in ports if p["code"] == "MAR"] + [
        p for p in ports if p["code"] != "MAR"
    ]
    for rule in data["rules"]:
        if rule["finding"]["code"] == "ONE_SIDED_VALUE":
            rule["finding"]["severity"] = "violation"
            rule["actions"] = [
                {
                    "code": "ASK_WHAT_THE_PARTNER_GAINS",
                    "effect": "review",
                    "description": {
                        "nl": "Leg vast wat de partner aan de relatie heeft.",
                        "en": "Record what the partner gains from the relation.",
                    },
                }
            ]
        if rule["finding"]["code"] == "TOPICAL_INVOLVEMENT_WITHOUT_END":
            rule["enabled"] = False
    return data


def _reworded(data: dict[str, Any]) -> dict[str, Any]:
    """Only the wording of every finding and action changed."""
    data["id"] = "helmond-2013-herschreven"
    for rule in data["rules"]:
        rule["finding"]["message"]["nl"] = "Anders gezegd: " + rule["finding"]["message"]["nl"]
        rule["finding"]["message"]["en"] = "Put otherwise: " + rule["finding"]["message"]["en"]
        for action in rule.get("actions", []):
            action["description"]["nl"] = "Anders gezegd: " + action["description"]["nl"]
            action["description"]["en"] = "Put otherwise: " + action["description"]["en"]
    return data


@pytest.fixture
def frameworks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """helmond-2013, the test variant, and two variants written for this test, registered."""
    for make in (_other, _reworded):
        data = make(_helmond())
        (tmp_path / f"{data['id']}.yaml").write_text(
            yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
        )
    shutil.copy(TEST_FRAMEWORKS / "helmond-2013-council-initiates.yaml", tmp_path)
    monkeypatch.setenv(ENV_VAR, os.pathsep.join([str(DEFAULT_PATH), str(tmp_path)]))
    return tmp_path


def _client(user: User, language: str = "nl") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def _get(client: Client, **params: str) -> tuple[int, Any, str]:
    response = client.get(URL, params)
    html = response.content.decode()
    return response.status_code, lxml.html.document_fromstring(html), html


def _text(root: Any, xpath: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in root.xpath(xpath)]


def _has_class(name: str) -> str:
    return f"contains(concat(' ', @class, ' '), ' {name} ')"


SECTIONS = "//section[starts-with(@id, 'relation-')]"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_page_shows_per_relation_what_would_change_and_a_summary(
    demo: Demo, frameworks: Path, language: str
) -> None:
    client = _client(demo.users["raad"], language)
    status, root, html = _get(
        client, framework_a="helmond-2013", framework_b="helmond-2013-anders", as_of="2014-01-01"
    )
    assert status == 200
    changed = {e.get("id") for e in root.xpath(SECTIONS)}
    # Mechelen: another owner; Zielona Góra: one-sided, now a violation with an action.
    assert {"relation-helmond-mechelen", "relation-helmond-zielona-gora"} <= changed
    total = Relation.objects.count()
    summary = " ".join(
        _text(root, "//*[@id='summary-changed']") + _text(root, "//*[@id='summary-unchanged']")
    )
    word = {"nl": "relaties", "en": "relations"}[language]
    assert f"{len(changed)} {word}" in summary
    assert f"{total - len(changed)} " in _text(root, "//*[@id='summary-unchanged']")[0]

    mechelen = "//*[@id='relation-helmond-mechelen']"
    owner = _text(root, f"{mechelen}//table[{_has_class('owner-change')}]/tbody//td")
    # Owners read by the portfolio's name, not its code.
    culture, marketing = {
        "nl": ("portefeuille Cultuur", "portefeuille Citymarketing"),
        "en": ("the Culture portfolio", "the City marketing portfolio"),
    }[language]
    assert owner[0].startswith(culture) and owner[1].startswith(marketing)
    zielona = "//*[@id='relation-helmond-zielona-gora']"
    assert _text(root, f"{zielona}//ul[{_has_class('severity-changed')}]/li")  # now a violation
    added = _text(root, f"{zielona}//tr[{_has_class('action-added')}]/td")
    assert {
        "nl": "Leg vast wat de partner aan de relatie heeft.",
        "en": "Record what the partner gains from the relation.",
    }[language] in added
    assert {"nl": "1 januari 2014", "en": "1 January 2014"}[language] in added
    # In the interface language, with no codes in its sentences.
    assert "ONE_SIDED_VALUE" not in html and "ASK_WHAT_THE_PARTNER_GAINS" not in html
    assert language_problems(visible_text(html, language), language) == []


def test_a_framework_compared_with_itself_changes_nothing(demo: Demo, frameworks: Path) -> None:
    client = _client(demo.users["beleid"])
    status, root, _ = _get(client, framework_a="helmond-2013", framework_b="helmond-2013")
    assert status == 200
    assert root.xpath(SECTIONS) == []
    assert _text(root, "//*[@id='summary-changed']") == ["0 relaties zouden veranderen"]
    assert _text(root, "//*[@id='summary-unchanged']") == [
        f"{Relation.objects.count()} relaties blijven zoals ze zijn"
    ]


def test_a_framework_that_only_rewords_its_messages_changes_nothing(
    demo: Demo, frameworks: Path
) -> None:
    """The old comparison matched on the English wording: every relation with a finding changed."""
    client = _client(demo.users["beleid"], "en")
    status, root, _ = _get(
        client, framework_a="helmond-2013", framework_b="helmond-2013-herschreven"
    )
    assert status == 200
    assert root.xpath(SECTIONS) == []
    assert _text(root, "//*[@id='summary-changed']") == ["0 relations would change"]


def test_without_a_choice_the_form_offers_the_registered_frameworks(
    demo: Demo, frameworks: Path
) -> None:
    status, root, _ = _get(_client(demo.users["beleid"]))
    assert status == 200
    offered = root.xpath("//select[@id='id_framework_b']/option/@value")
    assert {"helmond-2013", "helmond-2013-anders", "helmond-2013-council-initiates"} <= set(offered)
    assert root.xpath("//*[@id='summary']") == []


def test_a_signed_in_user_without_a_role_may_not_see_it(demo: Demo, frameworks: Path) -> None:
    nobody = User.objects.create_user(username="zonder-rol", password="pw-for-tests-only")
    response = _client(nobody).get(URL, HELMOND_TWICE)
    assert response.status_code == 403
    assert b"helmond-mechelen" not in response.content


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"framework_a": "helmond-2013", "framework_b": "bestaat-niet"}, "framework_b"),
        ({"framework_a": "/etc/passwd", "framework_b": "helmond-2013"}, "framework_a"),
        ({"framework_a": "helmond-2013", "framework_b": "helmond-2013.yaml"}, "framework_b"),
        ({"framework_a": "helmond-2013", "framework_b": "../policies/x"}, "framework_b"),
        ({**HELMOND_TWICE, "as_of": "rommel"}, "as_of"),
        ({**HELMOND_TWICE, "as_of": "0001-01-01"}, "as_of"),
        ({"framework_b": "helmond-2013"}, "framework_a"),
    ],
)  # fmt: skip
def test_bad_input_is_a_form_error_naming_the_field(
    demo: Demo, frameworks: Path, params: dict[str, str], field: str
) -> None:
    status, root, _ = _get(_client(demo.users["beleid"]), **params)
    assert status == 400
    assert _text(root, f"//*[@id='field-{field}' and {_has_class('has-error')}]//li")
    label = root.xpath(f"//label[@for='id_{field}']")[0].text_content().split("*")[0].strip()
    summary = _text(root, "//*[@id='error-summary']//li")
    assert any(item.startswith(f"{label}: ") for item in summary), summary
    assert root.xpath("//*[@id='summary']") == []


def test_an_invalid_registered_file_is_a_form_error_not_a_500(demo: Demo, frameworks: Path) -> None:
    (frameworks / "kapot.yaml").write_text("id: kapot\nversion: 1\n", encoding="utf-8")
    status, root, _ = _get(
        _client(demo.users["beleid"]), framework_a="helmond-2013", framework_b="kapot"
    )
    assert status == 400
    assert _text(root, "//*[@id='field-framework_b']//li") == [
        "Dit beleidskader kan niet worden gebruikt: het bestand is ongeldig. "
        "Vraag het aan functioneel beheer."
    ]


def test_a_relation_whose_facts_break_the_contract_is_counted_apart(
    demo: Demo, frameworks: Path
) -> None:
    Relation.objects.filter(slug="helmond-mechelen").update(purposes=[])
    status, root, _ = _get(_client(demo.users["beleid"], "en"), **HELMOND_TWICE)
    assert status == 200
    unassessable = _text(root, "//*[@id='summary-unassessable']")
    assert unassessable == [
        "1 relation cannot be judged: its facts are incomplete (Stedenband Helmond – Mechelen)"
    ]
    assert _text(root, "//*[@id='summary-unchanged']") == [
        f"{Relation.objects.count() - 1} relations stay as they are"
    ]


def test_an_unknown_framework_is_repeated_only_in_part(demo: Demo, frameworks: Path) -> None:
    """The refusal names the value, not all of it: no more than a page's filter notice does."""
    status, root, _ = _get(
        _client(demo.users["beleid"]), framework_a="helmond-2013", framework_b="x" * 5000
    )
    assert status == 400
    errors = _text(root, "//*[@id='field-framework_b']//li") + _text(
        root, "//*[@id='error-summary']//li"
    )
    assert len(errors) == 2
    assert all("“" + "x" * 39 + "…”" in error and "x" * 41 not in error for error in errors)


def test_without_a_choice_the_form_starts_from_todays_framework_and_date(
    demo: Demo, frameworks: Path
) -> None:
    from django.conf import settings
    from django.utils import timezone

    status, root, _ = _get(_client(demo.users["beleid"]))
    assert status == 200
    chosen = root.xpath("//select[@id='id_framework_a']/option[@selected]/@value")
    assert chosen == [settings.INTREL_DEFAULT_FRAMEWORK]
    assert root.xpath("//input[@id='id_as_of']/@value") == [timezone.localdate().isoformat()]
    assert root.xpath("//*[@id='error-summary']") == []  # nothing asked yet: nothing refused
