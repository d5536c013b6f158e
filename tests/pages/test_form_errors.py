"""Every form of every page, posted invalid: one convention for the answer (issue 10, item 8).

* an invalid POST answers 400 (docs/adr/0006-form-errors.md), never 200 or 5xx;
* each error is one sentence beside its field: it starts with a capital, ends with a full stop,
  and does not repeat the field's label ("Kenmerk: kenmerk: er bestaat al ...");
* the error summary names the field once.

The forms are found on the pages themselves (every ``<form method="post">`` with fields, of every
page ``test_every_page`` walks), so a new form is posted as soon as a page shows it. Each is
posted empty and with a wrong value in every field; ``REFUSALS`` adds inputs that pass the form
and are refused by the service, whose messages name their field in front (for the API).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import lxml.html
import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from intrel.budgets.models import BudgetLine
from intrel.partners.models import Partner

from .conftest import Demo
from .test_every_page import FULL_ROLE, PARAMETERS

pytestmark = pytest.mark.django_db

LANGUAGES = ("nl", "en")
# Forms that no input can make invalid (the minutes are free text, may be empty).
ALWAYS_VALID = {"governance:meeting-minutes"}
# A wrong value per kind of input.
JUNK = {
    "number": "abc",
    "date": "2020-13-45",
    "email": "no-e-mail",
    "url": "not a web address",
    "select": "bogus",
    "checkbox": "bogus",
    "radio": "bogus",
}
NOT_FIELDS = {"csrfmiddlewaretoken", "next", "language"}


@dataclass
class Form:
    name: str  # the url name it posts to
    action: str
    values: dict[str, Any]  # what the page fills in
    kinds: dict[str, str]  # field name -> input type


def _forms(html: str, page: str) -> list[Form]:
    root = lxml.html.document_fromstring(html)
    forms = []
    for element in root.iter("form"):
        if (element.get("method") or "").lower() != "post":
            continue
        action = element.get("action") or page
        try:
            name = resolve(action.split("?")[0]).view_name
        except Resolver404:
            continue
        values: dict[str, Any] = {}
        kinds: dict[str, str] = {}
        for field in element.iter("input", "select", "textarea"):
            field_name = field.get("name")
            kind = field.get("type", "text") if field.tag == "input" else field.tag
            if not field_name or field_name in NOT_FIELDS or kind in ("hidden", "submit"):
                continue
            kinds[field_name] = kind
            if field.tag == "select":
                chosen = [
                    o.get("value", o.text or "")
                    for o in field.iter("option")
                    if o.get("selected") is not None
                ]
                values[field_name] = chosen[0] if chosen else ""
            elif field.tag == "textarea":
                values[field_name] = field.text or ""
            elif kind in ("checkbox", "radio"):
                if field.get("checked") is not None:
                    values.setdefault(field_name, []).append(field.get("value", "on"))
            elif kind != "file":
                values[field_name] = field.get("value", "")
        if kinds:
            forms.append(Form(name, action, values, kinds))
    return forms


def _every_form(client: Client) -> dict[str, Form]:
    """The first form found for every address a form posts to, over every demo object (a form
    may show on some objects only: the attendance on a committee's meeting)."""
    found: dict[str, Form] = {}
    for name, parameters in PARAMETERS.items():
        for kwargs in parameters():
            url = reverse(name, kwargs=kwargs)
            response = client.get(url)
            if response.status_code == 200 and "text/html" in response["Content-Type"]:
                for form in _forms(response.content.decode(), url):
                    found.setdefault(form.name, form)
    return found


def _junk(form: Form, junk: dict[str, str]) -> dict[str, Any]:
    data = dict(form.values)
    for name, kind in form.kinds.items():
        if kind in junk:
            data[name] = junk[kind]
    return {k: v for k, v in data.items() if form.kinds.get(k) != "file"}


def _variants(form: Form) -> list[tuple[str, dict[str, Any]]]:
    variants = [("empty", {}), ("wrong values", _junk(form, JUNK))]
    if "number" in form.kinds.values():
        variants.append(("negative numbers", _junk(form, {"number": "-1"})))
    return variants


# --- what an answer must look like --------------------------------------------------------------


def _label(container: Any) -> str:
    for label in container.iter("label", "legend"):
        text = " ".join(label.text_content().split()).rstrip("*: ").strip()
        if text:
            return text
    return ""


def error_problems(html: str) -> tuple[list[str], int]:
    """What breaks the convention on an answered form page, and how many errors it shows."""
    root = lxml.html.document_fromstring(html)
    problems: list[str] = []
    count = 0
    for errorlist in root.find_class("errorlist"):
        container = next(
            (
                a
                for a in errorlist.iterancestors()
                if "field" in (a.get("class") or "").split() or a.tag == "fieldset"
            ),
            None,
        )
        label = _label(container) if container is not None else ""
        messages = [" ".join(li.text_content().split()) for li in errorlist.iter("li")]
        if len(messages) != len(set(messages)):
            problems.append(f"{label}: a message shown twice: {messages}")
        for message in messages:
            count += 1
            problems += _sentence_problems(message, label)
    for summary in root.find_class("error-summary"):
        if not list(summary.iter("li")):  # one refusal of the whole form (the login page)
            count += 1
            problems += _sentence_problems(" ".join(summary.text_content().split()), "")
        for item in summary.iter("li"):
            text = " ".join(item.text_content().split())
            link = item.find("a")
            if link is None:  # a refusal about the whole form
                count += 1
                problems += _sentence_problems(text, "")
            elif re.match(r"^([^:]+): \1:", text, re.IGNORECASE):
                problems.append(f"the summary repeats the field: {text!r}")
    return problems, count


def placement_problems(response: Any) -> list[str]:
    """Every field error of the form the page was given is shown beside that field: in an error
    list inside the field's container (``.field`` or ``fieldset``)."""
    context = response.context
    form = context.get("form") if context is not None else None
    if form is None or not hasattr(form, "errors"):
        return []
    root = lxml.html.document_fromstring(response.content.decode())
    problems = []
    for name, errors in form.errors.items():
        if name == "__all__":
            continue
        inputs = root.xpath(f'//*[@name="{form.add_prefix(name)}"]')
        containers = [
            next(
                (
                    a
                    for a in element.iterancestors()
                    if "field" in (a.get("class") or "").split() or a.tag == "fieldset"
                ),
                None,
            )
            for element in inputs
        ]
        shown = " ".join(
            " ".join(e.text_content().split())
            for c in containers
            if c is not None
            for e in c.find_class("errorlist")
        )
        for error in errors:
            if " ".join(str(error).split()) not in shown:
                problems.append(f"{name}: {error!r} is not shown beside its field")
    return problems


def _sentence_problems(message: str, label: str) -> list[str]:
    problems = []
    if not message:
        return ["an empty message"]
    if label and message.lower().startswith(label.lower()):
        problems.append(f"{label}: the message repeats the label: {message!r}")
    if re.match(r"^[a-z_]+: ", message):
        problems.append(f"{label}: the message starts with a field name: {message!r}")
    first = next((c for c in message if c.isalpha()), "A")
    if message[0].isalpha() and not first.isupper():
        problems.append(f"{label}: no capital: {message!r}")
    if not message.endswith("."):
        problems.append(f"{label}: no full stop: {message!r}")
    return problems


# --- refusals of the services, which the forms let through --------------------------------------


def _line() -> BudgetLine:
    return BudgetLine.objects.order_by("pk").first()  # type: ignore[return-value]


@dataclass(frozen=True)
class Refusal:
    name: str  # the url name of the form
    kwargs: Callable[[], dict[str, Any]]
    data: Callable[[], dict[str, Any]]  # over the values the page fills in
    field: str  # where the refusal must be shown ("" for above the form)


REFUSALS = [
    # "Kenmerk: kenmerk: er bestaat al een begrotingspost met dit kenmerk."
    Refusal(
        "budgets:line-create",
        dict,
        lambda: {
            "slug": _line().slug,
            "year": str(_line().year),
            "name": "Dubbel",
            "purpose": "general",
            "holder_kind": "executive_board",
            "money": "0",
            "hours": "0",
        },
        "slug",
    ),
    # "Geld (EUR): geld: geef een bedrag in geld, in uren, of beide."
    Refusal(
        "budgets:allocate",
        lambda: {"slug": _line().slug},
        lambda: {"date": f"{_line().year}-06-01", "money": "0", "hours": "0"},
        "money",
    ),
    Refusal(
        "governance:meeting-create",
        dict,
        lambda: {"body": "committee", "committee": "", "date": "2015-03-01", "title": "Overleg"},
        "committee",
    ),
    # A partner registered twice: a refusal of the whole form.
    Refusal(
        "partners:create",
        dict,
        lambda: {
            k: getattr(Partner.objects.order_by("pk").first(), k)
            for k in ("name", "country", "kind")
        },
        "",
    ),
]


# --- the tests ----------------------------------------------------------------------------------


@pytest.fixture(scope="package")
def every_form(demo: Demo, django_db_blocker: Any) -> dict[str, Form]:
    """Found once: the pages are the same in both languages."""
    client = Client()
    client.force_login(demo.users[FULL_ROLE])
    with django_db_blocker.unblock():
        return _every_form(client)


@pytest.fixture
def client_for(demo: Demo) -> Callable[[str], Client]:
    def make(language: str) -> Client:
        client = Client()
        client.force_login(demo.users[FULL_ROLE])
        client.cookies["django_language"] = language
        return client

    return make


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_invalid_form_answers_400_with_its_errors_beside_the_fields(
    client_for: Callable[[str], Client], every_form: dict[str, Form], language: str
) -> None:
    client = client_for(language)
    forms = every_form
    assert {"governance:chair-election", "governance:meeting-attendance"} <= set(forms)
    failures: list[str] = []
    for name, form in sorted(forms.items()):
        answers = []
        for variant, data in _variants(form):
            # A browser always sends the CSRF token, so even an empty form posts something.
            response = client.post(form.action, {**data, "csrfmiddlewaretoken": "x"})
            answers.append(response.status_code)
            if response.status_code in (301, 302, 303):  # accepted: valid after all
                continue
            if response.status_code != 400:
                failures.append(f"{name} ({variant}): {response.status_code}, not 400")
                continue
            problems, count = error_problems(response.content.decode())
            problems += placement_problems(response)
            if not count:
                failures.append(f"{name} ({variant}): 400 without an error shown")
            failures += [f"{name} ({variant}): {p}" for p in problems]
        if 400 not in answers and name not in ALWAYS_VALID:
            failures.append(f"{name}: no invalid input found ({answers})")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("refusal", REFUSALS, ids=lambda r: r.name)
def test_a_service_refusal_is_shown_once_beside_its_field(
    client_for: Callable[[str], Client], language: str, refusal: Refusal
) -> None:
    client = client_for(language)
    url = reverse(refusal.name, kwargs=refusal.kwargs())
    form = next(f for f in _forms(client.get(url).content.decode(), url) if f.name == refusal.name)
    data = {k: v for k, v in {**form.values, **refusal.data()}.items() if v is not None}
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    problems, count = error_problems(html)
    problems += placement_problems(response)
    assert count and not problems, problems
    root = lxml.html.document_fromstring(html)
    if refusal.field:
        beside = root.get_element_by_id(f"{'id_' + refusal.field}_error", None)
        assert beside is not None, f"no error beside {refusal.field}"
    else:
        assert root.find_class("error-summary"), "no refusal above the form"


def test_the_convention_check_finds_what_it_should() -> None:
    page = (
        '<html><body><div class="error-summary"><ul><li><a href="#x">Kenmerk: kenmerk: bestaat.'
        "</a></li><li>zonder hoofdletter</li></ul></div>"
        '<div class="field"><label>Geld (EUR) *</label><ul class="errorlist"><li>geld: geef een'
        " bedrag</li><li>Geld (EUR): te veel.</li></ul></div></body></html>"
    )
    problems = "\n".join(error_problems(page)[0])
    assert "the summary repeats the field" in problems
    assert "no capital: 'zonder hoofdletter'" in problems
    assert "starts with a field name: 'geld: geef een bedrag'" in problems
    assert "no full stop: 'geld: geef een bedrag'" in problems
    assert "repeats the label: 'Geld (EUR): te veel.'" in problems
