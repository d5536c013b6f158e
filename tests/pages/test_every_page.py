"""Every page, as every demo role, in Dutch and in English, over the demo data.

Two tests in one walk (issue 10, item 7, and the pages' part of the smoke test):

* **smoke**: no page answers 5xx; a page answers 200, or 403 where the role may not see it,
  405 for the addresses that only take a POST, 404 for a missing one;
* **language**: the visible text (no tags, attributes, ``<code>``/``<pre>``, nothing marked
  ``translate="no"`` or ``lang`` of another language) of a Dutch page holds no English word of
  ``ENGLISH_WORDS`` and no English msgid of the catalogue, that of an English page no Dutch word
  and no Dutch msgstr; neither shows a raw code (``urban_planning``, ``MOVE_OWNERSHIP``,
  ``route.none``), an enum value instead of its label, a Python value (``None``) or an amount in
  another format than the language's ("€ 10.000,00" / "€10,000.00").

The addresses come from the URL configuration itself, so a new page is walked as soon as it
exists; a new pattern without an entry in ``PARAMETERS`` fails ``test_every_pattern_is_walked``.
What other engineers' items fix is listed in ``KNOWN``, each entry naming its item.
"""

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import lxml.html
import pytest
from django.db import connection, models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import translation

from intrel.accounts.services import DEMO_ACCOUNTS
from intrel.assessments.models import Assessment
from intrel.budgets.models import Allocation, BudgetLine
from intrel.governance.models import Committee, Decision, Meeting, MeetingDocument
from intrel.imports.models import ImportBatch
from intrel.initiatives.models import Initiative, InitiativeAttachment
from intrel.initiatives.services import private_link_issue
from intrel.partners.models import Partner
from intrel.policy import known_frameworks
from intrel.relations.models import (
    Activity,
    Agreement,
    ContactPerson,
    Involvement,
    LifeStep,
    Relation,
)
from intrel.reviews.models import ReviewAction, ReviewItem, ReviewReport, ReviewRound

from .conftest import Demo
from .object_rules import OBJECT_RULES

pytestmark = pytest.mark.django_db

LANGUAGES = ("nl", "en")
ROLES = [a.username for a in DEMO_ACCOUNTS]
# The role that sees the most: every object of the demo is walked as this role; the other roles
# walk one object per address (permissions differ per address, not per object).
FULL_ROLE = "beheer"

# --- what a page must not show ------------------------------------------------------------------

# Words of the interface (menus, buttons, labels, roles, enum labels) in English that have no
# business on a Dutch page, and the other way round; whole words, case-sensitive. Words common
# to both languages ("Status", "Start", "of") and words of the demo's own texts are left out:
# what a user typed is shown as typed.
ENGLISH_WORDS = {
    "Relations", "Relation", "Partners abroad", "Save", "Cancel", "Search", "Edit", "Delete",
    "required", "Budgets", "Governance", "Meetings", "Decisions", "Portfolios", "Committee",
    "Council", "Owner", "Purposes", "Yes", "yes", "Log out", "Members", "mayor", "alderman",
    "policy officer", "clerk", "council member", "committee member", "application manager",
    "portfolio holder", "violation", "warning", "adopted", "rejected", "twinning", "active",
    "ended", "proposed", "city", "region", "organisation", "executive board", "civil society",
    "development", "heritage", "culture", "art", "economy", "trade", "environment", "education",
    "youth", "urban planning", "city marketing", "human rights", "local governance",
    "humanitarian aid", "Add", "Back", "Nothing", "available", "per year", "hours",
    # Dates: "1 december 2026" in Dutch, never Django's title-cased "1 Dec 2026" ("Jan" is a
    # Dutch name too).
    "January", "February", "March", "June", "July", "August", "October",
    "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
}  # fmt: skip
DUTCH_WORDS = {
    "Relaties", "Opslaan", "Annuleren", "Zoeken", "Bewerken", "Verwijderen", "verplicht",
    "wethouder", "beleidsmedewerker", "griffie", "raadslid", "commissielid", "functioneel beheer",
    "portefeuillehouder", "Begrotingen", "Vergaderingen", "Besluiten", "Portefeuilles",
    "Gemeenteraad", "Eigenaar", "Doelen", "ja", "nee", "Uitloggen", "Nieuwe", "overtreding",
    "waarschuwing", "aangenomen", "verworpen", "beëindigd", "erfgoed", "kunst", "economie",
    "handel", "milieu", "onderwijs", "mensenrechten", "uren", "per jaar", "Opgeslagen",
}  # fmt: skip
# snake_case and UPPER_SNAKE tokens are codes, not words (``urban_planning``, ``MOVE_OWNERSHIP``).
RAW_CODE = re.compile(r"\b(?:[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\b")
# Dotted identifiers of the engine's trace (``route.none``, ``pillars.added_value``); file names
# and web addresses end in one of DOTTED_ALLOWED.
DOTTED_CODE = re.compile(r"(?<![\w.@/-])[a-z][a-z_]*\.([a-z][a-z_-]*)(?![\w.-])")
DOTTED_ALLOWED = {"json", "csv", "xlsx", "pdf", "docx", "org", "nl", "com", "eu", "be", "de"}
# A value shown instead of its label stands alone or in a list: "art, culture, heritage".
PIECES = re.compile(r"[,;·()/→]")
# An amount in euros as the language writes it (issue 10.4): "€ 10.000,00" (a no-break space)
# in Dutch, "€10,000.00" in English; anything else after a euro sign is a program's format.
AMOUNT = re.compile(r"€\s*[\d.,]*\d")
AMOUNT_FORMAT = {
    "nl": re.compile(r"^€\u00a0\d{1,3}(?:\.\d{3})*(?:,\d{2})?$"),
    "en": re.compile(r"^€\d{1,3}(?:,\d{3})*(?:\.\d{2})?$"),
}
# Python's values where a word belongs: "None", "(None)", "kind: True" (not "None available").
PYTHON_LEAKS = re.compile(
    r"(?:^|[(:=,]\s*)(?:None|True|False)\s*(?:$|[),.;])|<[a-z.]+ object at 0x"
)


@dataclass(frozen=True)
class Known:
    """A finding that another engineer's item fixes; remove the entry after that merge."""

    owner: str  # the item that fixes it, e.g. "engine 10.7"
    url: str  # a regular expression matched against the address
    text: str  # the finding as the test reports it (a regular expression)


# Findings that belong to other engineers' items (see the report of 10.7, pages part). Each names
# the item that removes it; delete the entry once that item is merged.
ASSESSED = r"^/(relations/[\w-]+/|budgets/lines/[\w-]+|governance/committees/[\w-]+)$"
KNOWN: list[Known] = []
# Not defects: the role groups are named in Dutch by design (accounts/constants.py) and the
# admin's user list filters by those names; demo user names are Dutch words ("wethouder").
ALLOWED_ON: list[tuple[str, str]] = [
    (r"^/admin/accounts/user/$", r"^(other language|enum value) '[\w ]+' in '[\w ]+'$"),
    (r"^/admin/accounts/user/$", r"^untranslated '[\w ]+'$"),
    # Texts a service writes into the data in the writer's language (the demo loads in Dutch):
    # the title of a chair election's decision, the ledger's "opening amount" and "released".
    (r"", r"^untranslated '(Verkiezing van de voorzitter|Beginbedrag|Niet besteed: vrijgegeven)'$"),
    # The framework pages show the memo's clauses in the memo's own words ("in de portefeuille EZ").
    (
        r"^/(assessments/frameworks/[\w-]+|publiek/beleidskader)/$",
        r"^portfolio named by its code 'portefeuille EZ' in ",
    ),
]

# Words of the other language that are right on a page: names, the language menu, proper nouns.
ALLOWED_WORDS: dict[str, set[str]] = {"nl": set(), "en": set()}


# --- the addresses and their parameters ---------------------------------------------------------


def _all(model: type[models.Model], **filters: Any) -> list[Any]:
    return list(model._default_manager.filter(**filters).order_by("pk"))


def _children(model: type[models.Model]) -> list[dict[str, Any]]:
    return [{"slug": o.relation.slug, "pk": o.pk} for o in _all(model)]


def _years() -> list[dict[str, Any]]:
    return [
        {"slug": slug, "year": year}
        for slug, year in sorted(
            {(m.committee.slug, m.date.year) for m in _all(Meeting, committee__isnull=False)}
        )
    ]


# Every named page of the project: the keyword arguments to walk it with, from the demo data.
PARAMETERS: dict[str, Callable[[], list[dict[str, Any]]]] = {
    "start:home": lambda: [{}],
    "core:api-docs": lambda: [{}],
    "login": lambda: [{}],
    "tokens:list": lambda: [{}],
    "mfa:manage": lambda: [{}],
    "mfa:verify": lambda: [{}],
    "audit:log": lambda: [{}],
    "relations:list": lambda: [{}],
    "relations:create": lambda: [{}],
    "relations:detail": lambda: [{"slug": r.slug} for r in _all(Relation)],
    "relations:edit": lambda: [{"slug": r.slug} for r in _all(Relation)],
    "relations:party_link": lambda: [{"slug": r.slug} for r in _all(Relation)],
    "relations:agreement_create": lambda: [{"slug": r.slug} for r in _all(Relation)],
    "relations:involvement_create": lambda: [{"slug": r.slug} for r in _all(Relation)],
    "relations:activity_create": lambda: [{"slug": r.slug} for r in _all(Relation)],
    "relations:contact_person_create": lambda: [{"slug": r.slug} for r in _all(Relation)],
    "relations:in_transition": lambda: [{}],
    # The next step of every relation's life (an ended relation has none: 404).
    "relations:life_step_create": lambda: [
        {"slug": r.slug} for r in _all(Relation) if r.status != "ended"
    ],
    "relations:agreement_edit": lambda: _children(Agreement),
    "relations:agreement_delete": lambda: _children(Agreement),
    "relations:involvement_edit": lambda: _children(Involvement),
    "relations:involvement_delete": lambda: _children(Involvement),
    "relations:activity_edit": lambda: _children(Activity),
    "relations:activity_delete": lambda: _children(Activity),
    "relations:contact_person_edit": lambda: _children(ContactPerson),
    "relations:contact_person_delete": lambda: _children(ContactPerson),
    "partners:list": lambda: [{}],
    "partners:create": lambda: [{}],
    "partners:detail": lambda: [{"pk": p.pk} for p in _all(Partner)],
    "partners:edit": lambda: [{"pk": p.pk} for p in _all(Partner)],
    "governance:index": lambda: [{}],
    "governance:portfolios": lambda: [{}],
    "governance:persons": lambda: [{}],
    "start:search": lambda: [{}],
    "governance:committee": lambda: [{"slug": c.slug} for c in _all(Committee)],
    "governance:annual-report": _years,
    "governance:meetings": lambda: [{}],
    "governance:meeting-create": lambda: [{}],
    "governance:meeting": lambda: [{"pk": m.pk} for m in _all(Meeting)],
    "governance:decision-create": lambda: [{"pk": m.pk} for m in _all(Meeting)],
    "governance:chair-election": lambda: [{"pk": m.pk} for m in _all(Meeting)],
    "governance:decision": lambda: [{"pk": d.pk} for d in _all(Decision)],
    "budgets:overview": lambda: [{}],
    "budgets:line-create": lambda: [{}],
    "budgets:transfer-create": lambda: [{}],
    "budgets:line": lambda: [{"slug": b.slug} for b in _all(BudgetLine)],
    "budgets:allocate": lambda: [{"slug": b.slug} for b in _all(BudgetLine)],
    "budgets:realise": lambda: [{"pk": a.pk} for a in _all(Allocation)],
    "budgets:release": lambda: [{"pk": a.pk} for a in _all(Allocation)],
    "initiatives:submit": lambda: [{}],
    "initiatives:list": lambda: [{}],
    "initiatives:involvements": lambda: [{}],
    "initiatives:import": lambda: [{}],
    "initiatives:detail": lambda: [{"reference": i.reference} for i in _all(Initiative)],
    "initiatives:submitted": lambda: [{}],
    "initiatives:link": lambda: [
        {"token": private_link_issue(initiative=i)} for i in _all(Initiative)
    ],
    "imports:upload": lambda: [{}],
    "imports:detail": lambda: [{"pk": b.pk} for b in _all(ImportBatch)],
    "assessments:frameworks": lambda: [{}],
    "assessments:framework-compare": lambda: [{}],
    "reviews:impact": lambda: [{}],
    "reviews:rounds": lambda: [{}],
    "reviews:round-start": lambda: [{}],
    "reviews:round": lambda: [{"pk": r.pk} for r in _all(ReviewRound)],
    "reviews:round-compare": lambda: [
        {"pk": r.pk} for r in _all(ReviewRound, previous__isnull=False)
    ],
    "reviews:actions": lambda: [{}],
    "reviews:action": lambda: [{"pk": a.pk} for a in _all(ReviewAction)],
    "reviews:report-status": lambda: [
        {"pk": r.round_id, "report": r.pk} for r in _all(ReviewReport)
    ],
    "assessments:framework": lambda: [{"framework_id": f} for f in known_frameworks()],
    # The public portal (issue 16): the same pages with or without an account.
    "portal:home": lambda: [{}],
    "portal:relation": lambda: [{"slug": r.slug} for r in _all(Relation) if r.status != "proposed"],
    "portal:committee": lambda: [{}],
    "portal:spending": lambda: [{}],
    "portal:framework": lambda: [{}],
    "portal:accessibility": lambda: [{}],
    "portal:open-data": lambda: [{}],
}
# Files, not pages: walked for the smoke test with one object each, not read for language.
DOWNLOADS: dict[str, Callable[[], list[dict[str, Any]]]] = {
    "core:healthz": lambda: [{}],
    "governance:popolo": lambda: [{}],
    "governance:annual-report-pdf": lambda: _years()[-1:],
    "governance:document": lambda: [{"pk": d.pk} for d in _all(MeetingDocument)][:1],
    "relations:agreement_document": lambda: [
        {"slug": a.relation.slug, "pk": a.pk} for a in _all(Agreement) if a.document
    ][:1],
    # A step's letter to the partner (notice, acknowledgement), in both languages and formats;
    # the demo's steps call for none, so the walk meets those a test recorded (if any).
    "relations:life_letter": lambda: [
        {"slug": s.relation.slug, "pk": s.pk, "language": language, "fmt": fmt}
        for s in _all(LifeStep)
        if s.has_letter
        for language in ("nl", "en")
        for fmt in ("docx", "pdf")
    ][:4],
    "budgets:overview-xlsx": lambda: [{"year": b.year} for b in _all(BudgetLine)][:1],
    "budgets:line-xlsx": lambda: [{"slug": b.slug} for b in _all(BudgetLine)][:1],
    "imports:template": lambda: [{}],
    "imports:export": lambda: [{}],
    "initiatives:iati": lambda: [{}],
    "initiatives:personal-data": lambda: [{"reference": i.reference} for i in _all(Initiative)][:1],
    "initiatives:link-data": lambda: [
        {"token": private_link_issue(initiative=i)} for i in _all(Initiative)
    ][:1],
    "initiatives:attachment": lambda: [
        {"reference": a.initiative.reference, "pk": a.pk} for a in _all(InitiativeAttachment)
    ][:1],
    "reviews:impact-download": lambda: [{"fmt": f} for f in ("xlsx", "pdf", "docx")],
    "reviews:report": lambda: [
        {"pk": r.pk, "fmt": f} for r in _all(ReviewRound)[:1] for f in ("xlsx", "pdf", "docx")
    ],
    "reviews:report-file": lambda: [
        {"pk": r.round_id, "report": r.pk, "fmt": f}
        for r in _all(ReviewReport)[:1]
        for f in ("xlsx", "pdf", "docx")
    ],
    "portal:relations-csv": lambda: [{}],
    "portal:relations-json": lambda: [{}],
    "portal:catalogue": lambda: [{}],
    "portal:initiatives-iati": lambda: [{}],
}
# Addresses that only take a POST: a GET answers 405.
POST_ONLY: dict[str, Callable[[], list[dict[str, Any]]]] = {
    "logout": lambda: [{}],
    "tokens:revoke": lambda: [{"pk": 1}],
    "tokens:service-revoke": lambda: [{"pk": 1}],
    "mfa:recovery-codes": lambda: [{}],
    "relations:verify": lambda: [{"slug": r.slug} for r in _all(Relation)][:1],
    "relations:party_unlink": lambda: [
        {"slug": r.slug, "pk": p.pk} for r in _all(Relation) for p in r.parties.all()
    ][:1],
    "governance:meeting-attendance": lambda: [{"pk": m.pk} for m in _all(Meeting)][:1],
    "governance:meeting-agenda": lambda: [{"pk": m.pk} for m in _all(Meeting)][:1],
    "governance:meeting-minutes": lambda: [{"pk": m.pk} for m in _all(Meeting)][:1],
    "governance:meeting-document": lambda: [{"pk": m.pk} for m in _all(Meeting)][:1],
    "initiatives:step": lambda: [
        {"reference": i.reference, "action": "screen"} for i in _all(Initiative)
    ][:1],
    "imports:commit": lambda: [{"pk": b.pk} for b in _all(ImportBatch)][:1],
    "assessments:confirm": lambda: [{"pk": a.pk} for a in _all(Assessment)][:1],
    "assessments:override": lambda: [{"pk": a.pk} for a in _all(Assessment)][:1],
    "reviews:round-assess": lambda: [{"pk": r.pk} for r in _all(ReviewRound)][:1],
    "reviews:report-request": lambda: [{"pk": r.pk} for r in _all(ReviewRound)][:1],
    "reviews:round-step": lambda: [{"pk": r.pk, "step": "advice"} for r in _all(ReviewRound)][:1],
    "reviews:item-step": lambda: [
        {"pk": i.round_id, "item": i.pk, "action": "confirm"} for i in _all(ReviewItem)
    ][:1],
    "assessments:reassess": lambda: [
        {"subject_type": a.subject_type, "key": a.subject_key} for a in _all(Assessment)
    ][:1],
}
# Not pages of this project: the language switch (a redirect), the API (tests/api walks it) and
# Django's admin (walked below through its index and change lists).
# The language switches answer with a redirect back to the page they were asked from.
NOT_WALKED = {"set_language", "portal:language"}


def _patterns(resolvers: list[Any], namespace: str = "", prefix: str = "") -> Iterator[str]:
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            route = prefix + str(entry.pattern)
            if route.startswith(("api/", "admin/")):
                continue
            yield from _patterns(entry.url_patterns, entry.namespace or namespace, route)
        elif isinstance(entry, URLPattern) and entry.name:
            if (prefix + str(entry.pattern)).startswith("api"):
                continue
            yield f"{namespace}:{entry.name}" if namespace else entry.name


def test_every_pattern_is_walked() -> None:
    """A page added to the URL configuration must be added to this test's table."""
    routes = set(_patterns(get_resolver().url_patterns))
    known = set(PARAMETERS) | set(DOWNLOADS) | set(POST_ONLY) | NOT_WALKED
    assert routes - known == set(), "add these pages to PARAMETERS, DOWNLOADS or POST_ONLY"
    assert known - routes == set(), "these entries name no page any more"


# --- visible text -------------------------------------------------------------------------------

SKIPPED_TAGS = {"script", "style", "code", "pre", "template", "noscript", "svg", "kbd", "samp"}


def visible_text(html: str, language: str) -> list[str]:
    """The text a reader sees, one string per text node: no tags, no attributes, no comments,
    nothing inside ``<code>``/``<pre>``, nothing marked ``translate="no"`` (names, codes) and
    nothing whose ``lang`` says it is in another language (the language menu's own names)."""
    root = lxml.html.document_fromstring(html)
    texts: list[str] = []

    def walk(element: Any) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        lang = (element.get("lang") or language) if tag else language
        skip = (
            not tag  # a comment or processing instruction
            or tag in SKIPPED_TAGS
            or element.get("translate") == "no"
            or not lang.startswith(language)
            or element.get("hidden") is not None
        )
        if not skip:
            if element.text and element.text.strip():
                texts.append(element.text.strip())
            for child in element:
                walk(child)
        if element.tail and element.tail.strip():
            texts.append(element.tail.strip())

    body = root.find("body")
    walk(body if body is not None else root)
    return texts


def _word_pattern(words: set[str]) -> re.Pattern[str]:
    ordered = sorted(words, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in ordered) + r")(?![\w-])")


OTHER_LANGUAGE = {"nl": _word_pattern(ENGLISH_WORDS), "en": _word_pattern(DUTCH_WORDS)}


@functools.cache
def _enum_codes(language: str) -> dict[str, str]:
    """Every enum value of the project whose label in ``language`` is another word: the value
    shown on a page means a label was forgotten (``heritage`` on a Dutch page)."""
    from django.apps import apps

    codes: dict[str, str] = {}
    labels: set[str] = set()
    with translation.override(language):
        for app in apps.get_app_configs():
            if not app.name.startswith("intrel."):
                continue
            try:
                module = __import__(f"{app.name}.constants", fromlist=["*"])
            except ModuleNotFoundError:
                continue
            for value in vars(module).values():
                if isinstance(value, type) and issubclass(value, models.Choices):
                    for code, label in value.choices:
                        labels.add(str(label).lower())
                        if isinstance(code, str):
                            codes[code] = str(label)
    # A value that is also a label somewhere ("council") is a word, not a forgotten label.
    return {code: label for code, label in codes.items() if code.lower() not in labels}


@functools.cache
def _catalogue(language: str) -> frozenset[str]:
    """The other language's side of the catalogue: every English msgid whose Dutch differs (for
    a Dutch page), every Dutch msgstr whose English differs (for an English page). A text node
    that is exactly one of these was left untranslated, or translated the wrong way."""
    from babel.messages.pofile import read_po
    from django.conf import settings

    path = settings.LOCALE_PATHS[0] / "nl" / "LC_MESSAGES" / "django.po"
    with open(path, "rb") as handle:
        catalogue = read_po(handle)
    strings = set()
    for message in catalogue:
        pairs = (
            zip(message.id, message.string, strict=False)
            if isinstance(message.id, tuple)
            else [(message.id, message.string)]
        )
        for english, dutch in pairs:
            if not english or not dutch or english == dutch or "%" in english + dutch:
                continue
            text = " ".join((english if language == "nl" else dutch).split())
            if len(text) >= 4:
                strings.add(text)
    return frozenset(strings)


# Single-word codes of the engine that are Dutch words too ("sport", "partner", "info"): on a
# Dutch page they may be what the page means.
DUTCH_TOO = {"sport", "partner", "info"}


@functools.cache
def engine_codes() -> tuple[frozenset[str], frozenset[str]]:
    """Every code the framework files and the engine use (issue 17: "no engine code appears in
    the visible text of any page ... with a list of codes taken from the framework and the
    engine"): rule ids, finding and action codes, route ids, purposes and the engine's enums.

    Returns (compound codes, which never belong in visible text in either language:
    ``MOVE_OWNERSHIP``, ``route.none``, ``relation.no-pillar``, ``executive_board``;
    single-word codes, which on a Dutch page are an English word left where a label belongs:
    ``suspended``, ``heritage``, ``committee``)."""
    import inspect
    from enum import StrEnum

    from intrel.policy import constants as engine_constants
    from intrel.policy import load_framework

    codes: set[str] = set()
    for framework_id in known_frameworks():
        spec = load_framework(framework_id).spec
        for rule in spec.rules:
            codes |= {rule.id, rule.finding.code} | {a.code for a in rule.actions}
        codes |= {route.id for route in spec.routing}
        codes |= {spec.owner_move.id, spec.owner_move.code}
        if spec.owner_move.finding is not None:
            codes.add(spec.owner_move.finding.code)
        groups = spec.purpose_groups
        codes |= set(groups.solidarity + groups.economic + groups.added_value + groups.other)
    for value in vars(engine_constants).values():
        if inspect.isclass(value) and issubclass(value, StrEnum) and value is not StrEnum:
            codes |= {member.value for member in value}
    codes = {str(code) for code in codes}
    single = {c for c in codes if c.isalpha() and c.islower()}
    return frozenset(codes - single), frozenset(single - DUTCH_TOO)


@functools.cache
def portfolio_codes() -> frozenset[str]:
    """The framework files' portfolio codes ("CUL", "EZ"). A code may stand in a management
    table's code column or beside the name ("CUL Cultuur"), but a portfolio is never *named* by
    it: "portfolio CUL" where "portefeuille Cultuur" belongs."""
    from intrel.policy import load_framework

    codes: set[str] = set()
    for framework_id in known_frameworks():
        spec = load_framework(framework_id).spec
        codes |= {spec.economic_portfolio.code} | {p.code for p in spec.topical_portfolios}
        codes |= {p.code for p in spec.portfolios}
    return frozenset(codes)


@functools.cache
def _portfolio_by_code() -> re.Pattern[str]:
    codes = "|".join(sorted(portfolio_codes(), key=len, reverse=True))
    return re.compile(rf"\b(?:[Pp]ortfolio|[Pp]ortefeuille) (?:{codes})\b")


@functools.cache
def _code_pattern(kind: str) -> re.Pattern[str]:
    compound, single = engine_codes()
    return _word_pattern(set(compound if kind == "compound" else single))


def language_problems(text: list[str], language: str) -> list[str]:
    problems = []
    catalogue = _catalogue(language)
    allowed = ALLOWED_WORDS[language]
    codes = _enum_codes(language)
    kinds = ("compound", "single") if language == "nl" else ("compound",)
    for line in text:
        if " ".join(line.split()) in catalogue:
            problems.append(f"untranslated {line!r}")
        for match in OTHER_LANGUAGE[language].finditer(line):
            if match.group(0) not in allowed:
                problems.append(f"other language {match.group(0)!r} in {line!r}")
        for match in RAW_CODE.finditer(line):
            problems.append(f"raw code {match.group(0)!r} in {line!r}")
        for match in AMOUNT.finditer(line):
            if not AMOUNT_FORMAT[language].match(match.group(0)):
                problems.append(f"amount {match.group(0)!r} in {line!r}")
        for match in PYTHON_LEAKS.finditer(line):
            problems.append(f"Python value {match.group(0)!r} in {line!r}")
        for piece in PIECES.split(line):
            if piece.strip() in codes and piece.strip() not in allowed:
                problems.append(f"enum value {piece.strip()!r} in {line!r}")
        for match in DOTTED_CODE.finditer(line):
            if match.group(1) not in DOTTED_ALLOWED:
                problems.append(f"raw code {match.group(0)!r} in {line!r}")
        for kind in kinds:
            for match in _code_pattern(kind).finditer(line):
                if match.group(0) not in allowed:
                    problems.append(f"engine code {match.group(0)!r} in {line!r}")
        # A quotation of the memo keeps the memo's words ("in de portefeuille EZ").
        quoted = line.startswith(("“", '"'))
        for match in () if quoted else _portfolio_by_code().finditer(line):
            problems.append(f"portfolio named by its code {match.group(0)!r} in {line!r}")
    return sorted(set(problems))


# --- the walk -----------------------------------------------------------------------------------


# Rendered by WeasyPrint (seconds each): walked once, as the full role in Dutch.
SLOW = {"governance:annual-report-pdf"}


def _addresses(role: str, language: str) -> Iterator[tuple[str, str, str]]:
    """(kind, url name, address): every object for the full role, the first for the others."""
    for kind, table in (("page", PARAMETERS), ("download", DOWNLOADS), ("post", POST_ONLY)):
        for name, parameters in table.items():
            if name in SLOW and (role, language) != (FULL_ROLE, LANGUAGES[0]):
                continue
            kwargs_list = parameters()
            if name.startswith("imports:") and kwargs_list and "pk" in kwargs_list[0]:
                # An import's problems are in the language of its upload (see conftest).
                mine = {b.pk for b in _all(ImportBatch, filename=f"demo-{language}.csv")}
                kwargs_list = [k for k in kwargs_list if k["pk"] in mine]
            if role != FULL_ROLE:
                kwargs_list = kwargs_list[:1]
            for kwargs in kwargs_list:
                yield kind, name, reverse(name, kwargs=kwargs)


def _admin_addresses() -> Iterator[str]:
    from django.contrib import admin

    yield reverse("admin:index")
    for model in admin.site._registry:
        meta = model._meta
        yield reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")


def _record_writes(writes: list[str], execute: Callable[..., Any], sql: str, *args: Any) -> Any:
    """A database wrapper noting every write but the session's (the middleware saves the
    session after the view)."""
    if re.match(r"\s*(INSERT|UPDATE|DELETE)\b", sql, re.I) and "django_session" not in sql:
        writes.append(sql[:80])
    return execute(sql, *args)


def _is_known(url: str, finding: str) -> bool:
    return any(re.search(k.url, url) and re.search(k.text, finding) for k in KNOWN) or any(
        re.search(u, url) and re.search(t, finding) for u, t in ALLOWED_ON
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_every_page_in_each_language(demo: Demo, role: str, language: str) -> None:
    client = Client()
    client.force_login(demo.users[role])
    client.cookies["django_language"] = language
    failures: list[str] = []
    walked = 0
    addresses = list(_addresses(role, language))
    if demo.users[role].is_staff:
        addresses += [("page", "admin", url) for url in _admin_addresses()]
    # The page for an address that does not exist is read too.
    addresses.append(("missing", "404", "/relations/bestaat-niet/"))
    for kind, name, url in addresses:
        writes: list[str] = []
        with connection.execute_wrapper(functools.partial(_record_writes, writes)):
            response = client.get(url)
        walked += 1
        if writes and not getattr(resolve(url).func, "intrel_writes_when_read", False):
            # On SQLite a GET reads in a DEFERRED transaction (ADR 0022).
            failures.append(f"{url} ({name}): a GET wrote ({writes[0]}): mark it writes_when_read")
        expected = {"post": {405}, "download": {200, 403, 404}, "missing": {404, 403}}.get(
            kind, {200, 403}
        )
        if kind == "page" and role in OBJECT_RULES.get(name, {}):
            # Allowed on some objects only: another's answers 404, as a missing one (ADR 0020).
            expected = {200, 404}
        if response.status_code not in expected:
            failures.append(f"{url} ({name}): {response.status_code}, expected {expected}")
            continue
        if kind not in ("page", "missing"):
            continue
        assert response["Content-Type"].startswith("text/html"), url
        # Content-Security-Policy on every page, never allowing inline script (issue 18).
        assert "script-src 'self'" in response["Content-Security-Policy"], url
        assert "unsafe-inline" not in response["Content-Security-Policy"], url
        html = response.content.decode()
        assert re.search(f'<html lang="{language}"[ >]', html), f"{url} is not in {language}"
        for problem in language_problems(visible_text(html, language), language):
            if not _is_known(url, problem):
                failures.append(f"{url}: {problem}")
    assert walked > 0
    assert not failures, f"{len(failures)} problems as {role} in {language}:\n" + "\n".join(
        failures
    )


def test_the_language_check_finds_what_it_should() -> None:
    """The checks themselves: a raw code, the other language and a Python leak are found; a
    name marked ``translate="no"`` and code in ``<code>`` are not read."""
    page = (
        '<html lang="nl"><body><p>Doelen: art, culture, urban_planning</p><p>None</p>'
        '<p>Save</p><code>MOVE_OWNERSHIP</code><span translate="no">The Hague</span>'
        '<option lang="en">English</option><p title="required">Verplicht</p>'
        "<p>€ 10000.00 per jaar; €\u00a010.000,00 kan wel.</p><button>Save changes</button>"
        "</body></html>"
    )
    problems = language_problems(visible_text(page, "nl"), "nl")
    text = "\n".join(problems)
    assert "urban_planning" in text and "'art'" in text and "'culture'" in text
    assert "'None'" in text and "'Save'" in text
    assert "MOVE_OWNERSHIP" not in text and "Hague" not in text and "English" not in text
    assert "required" not in text
    assert "untranslated 'Save changes'" in text  # a msgid of the catalogue, left in English
    assert [p.split(" in ")[0] for p in problems if p.startswith("amount")] == [
        "amount '€ 10000.00'"
    ]
    # The framework's and the engine's own codes, by name (issue 17).
    compound, single = engine_codes()
    assert {"MOVE_OWNERSHIP", "route.none", "relation.no-pillar", "executive_board"} <= compound
    assert {"CUL", "EZ"} <= portfolio_codes()
    assert {"suspended", "heritage", "committee"} <= single
    page = (
        '<html lang="nl"><body><p>Volgende stap: CONSULT_PARTNER</p><p>Status: suspended</p>'
        "<p>Regel relation.one-sided geraakt</p><p>Sport en cultuur</p></body></html>"
    )
    found = "\n".join(language_problems(visible_text(page, "nl"), "nl"))
    assert "engine code 'CONSULT_PARTNER'" in found and "engine code 'suspended'" in found
    assert "engine code 'relation.one-sided'" in found and "Sport" not in found
    page = '<html lang="nl"><body><p>Eigenaar: portefeuille CUL</p><p>CUL Cultuur</p></body></html>'
    found = "\n".join(language_problems(visible_text(page, "nl"), "nl"))
    assert (
        "portfolio named by its code 'portefeuille CUL'" in found and "'CUL Cultuur'" not in found
    )
    page = "<html><body><p>Owner: executive_board</p><p>Status: suspended</p></body></html>"
    found = "\n".join(language_problems(visible_text(page, "en"), "en"))
    assert "engine code 'executive_board'" in found and "suspended" not in found
    page = "<html><body><p>Opslaan</p></body></html>"
    english = language_problems(visible_text(page, "en"), "en")
    assert english and "Opslaan" in english[0]
