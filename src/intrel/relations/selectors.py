"""Reads of the register, and the facts of a relation as the policy contract's subject."""

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection, models
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Collate
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _g

from intrel.core import formatting, versions
from intrel.partners.countries import country_name
from intrel.partners.models import Partner
from intrel.policy import load_framework
from intrel.policy.dates import add_months, honoured_end
from intrel.policy.subjects import Agreement as AgreementFacts

from .models import Activity, Agreement, Involvement, LifeStep, Party, Relation, portfolio_name


def relation_list(
    *,
    q: str = "",
    registered_kind: str = "",
    status: str = "",
    country: str = "",
    purpose: str = "",
    owner: str = "",
    verified: bool | None = None,
    ending_within: int | None = None,
    sort: str = "name",
) -> QuerySet[Relation]:
    """Relations matching the list page's search and filters, with what the list shows, in the
    order ``sort`` names (a key of :data:`RELATION_SORTS`; an unknown one sorts by name)."""
    qs = Relation.objects.select_related("partner")
    if q:
        qs = relations_matching(qs, q)
    if registered_kind:
        qs = qs.filter(registered_kind=registered_kind)
    if status:
        qs = qs.filter(status=status)
    if country:
        qs = relations_in_country(qs, country)
    if purpose:
        qs = relations_with_purpose(qs, purpose)
    if owner:
        qs = relations_owned_by(qs, owner)
    if verified is not None:
        qs = qs.filter(verified=verified)
    if ending_within is not None:
        qs = relations_ending_within(qs, ending_within)
    return qs.order_by(*RELATION_SORTS.get(sort, RELATION_SORTS["name"]))


# The relation list's orders (the page's ``sort``): each ends on a unique key so pages are stable.
RELATION_SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name", "pk"),
    "-updated": ("-updated_at", "pk"),
    "start": ("start_date", "name", "pk"),
    "status": ("status", "name", "pk"),
}


def relations_ending_within(
    qs: QuerySet[Relation], days: int, *, today: date | None = None
) -> QuerySet[Relation]:
    """Those with something ending in the next ``days`` days: an agreement or an
    involvement whose end falls in that time, or the relation itself being ended (status
    ``ending``). The work list's "ending soon" (issue 17)."""
    start = today or timezone.localdate()
    until = start + timedelta(days=days)
    agreements = Agreement.objects.filter(relation=OuterRef("pk"), ends__gte=start, ends__lte=until)
    involvements = Involvement.objects.filter(
        relation=OuterRef("pk"), end__gte=start, end__lte=until
    )
    return qs.filter(Q(status="ending") | Exists(agreements) | Exists(involvements))


def relations_matching(qs: QuerySet[Relation], q: str) -> QuerySet[Relation]:
    """Those with ``q`` in the name, id, partner's name or description.

    Asked as the union of the relations matching by their own columns and those whose partner
    matches, each part a condition on one table, so that PostgreSQL answers each from its
    trigram indexes (migrations relations 0013, partners 0004) instead of reading every
    relation with its partner (issue 19: 583 ms for a page of 100,000 relations, 20 ms now)."""
    own = (
        Relation.objects.filter(
            Q(name__icontains=q) | Q(slug__icontains=q) | Q(description__icontains=q)
        )
        .order_by()
        .values("pk")
    )
    partners = Partner.objects.filter(name__icontains=q).order_by().values("pk")
    via_partner = Relation.objects.filter(partner__in=partners).order_by().values("pk")
    return qs.filter(pk__in=own.union(via_partner))


def relations_in_country(qs: QuerySet[Relation], country: str) -> QuerySet[Relation]:
    """Those whose partner lies in ``country`` (ISO 3166-1 alpha-2, either case)."""
    return qs.filter(partner__country=country.upper())


def relations_with_purpose(qs: QuerySet[Relation], purpose: str) -> QuerySet[Relation]:
    # JSON text match on the quoted code: works alike on SQLite and PostgreSQL.
    return qs.filter(purposes__icontains=f'"{purpose}"')


def relations_owned_by(qs: QuerySet[Relation], owner: str) -> QuerySet[Relation]:
    """Those owned by ``owner``: a kind (``committee``), or ``portfolio:EZ`` for one portfolio."""
    kind, _, portfolio = owner.partition(":")
    qs = qs.filter(owner_kind=kind)
    return qs.filter(owner_portfolio=portfolio) if portfolio else qs


def relation_get(*, slug: str) -> Relation:
    """The relation, or 404 (the same answer whether it is missing or not to be seen)."""
    return get_object_or_404(
        Relation.objects.select_related("partner").prefetch_related(
            "parties", "agreements", "involvements", "activities", "contact_persons"
        ),
        slug=slug,
    )


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _decimal(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)


# The annotation ``with_last_activity`` adds: the list API and the batches of the import and
# ``assess_all`` read one date per relation instead of loading every activity (issue 19: 500
# activities for a page of 50 relations).
LAST_ACTIVITY = "last_activity_day"
LAST_ACTIVITY_ATTR = LAST_ACTIVITY
_NOT_ANNOTATED = object()


def with_last_activity(qs: QuerySet[Relation]) -> QuerySet[Relation]:
    """``qs`` with each relation's latest activity day (its end date where it has one) as
    ``LAST_ACTIVITY``, the value ``relation_to_subject`` gives as ``last_activity``: the day the
    relation stores (``Relation.last_activity_on``, kept by the writes of activities), so no
    activity is read."""
    return qs.annotate(**{LAST_ACTIVITY: F("last_activity_on")})


def relations_for_subjects(relations: QuerySet[Relation] | None = None) -> QuerySet[Relation]:
    """Relations with what :func:`relation_to_subject` reads, in a fixed number of queries
    whatever their number (the import's and ``assess_all``'s batches, issue 19): the partner
    joined, parties, involvements and agreements prefetched, and the latest activity's date
    annotated rather than every activity loaded."""
    qs = Relation.objects.all() if relations is None else relations
    return with_last_activity(
        qs.select_related("partner").prefetch_related("parties", "involvements", "agreements")
    )


def _last_activity(relation: Relation) -> date | None:
    """The date of the relation's latest activity (its end date where it has one)."""
    annotated = getattr(relation, LAST_ACTIVITY, _NOT_ANNOTATED)
    if annotated is not _NOT_ANNOTATED:
        return annotated  # type: ignore[return-value]
    latest: date | None = None
    for activity in relation.activities.all():
        day = activity.end_date or activity.date
        if latest is None or day > latest:
            latest = day
    return latest


def relation_to_subject(relation: Relation, *, as_of: date | None = None) -> dict[str, Any]:
    """The relation's facts as a ``relation`` subject of shared/policy/CONTRACT.md."""
    return _subject(
        relation,
        parties=[{"name": p.name, "sector": p.sector} for p in relation.parties.all()],
        involvements=[
            _involvement(i.actor, i.portfolio, i.start, i.end, i.initiative_id)
            for i in relation.involvements.all()
        ],
        agreements=[
            _agreement(
                a.title, a.signed, a.ends, a.notice_months, a.renews_automatically, a.renewal_months
            )
            for a in relation.agreements.all()
        ],
        as_of=as_of,
    )


# An agreement's columns as ``_agreement`` takes them.
_AGREEMENT_COLUMNS = (
    "title",
    "signed",
    "ends",
    "notice_months",
    "renews_automatically",
    "renewal_months",
)


def relation_rows(relations: QuerySet[Relation]) -> QuerySet[Relation, Any]:
    """``relations`` as plain rows of :data:`API_COLUMNS` (named tuples): a page of the list
    API, with no model instance per relation and partner (issue 19)."""
    return relations.values_list(*API_COLUMNS, named=True)


def relation_subjects_of_rows(
    rows: list[Any], *, as_of: date | None = None
) -> list[dict[str, Any]]:
    """The subjects of rows of :func:`relation_rows`, equal to :func:`relation_to_subject` of
    each relation, their parties, involvements and agreements read in three queries."""
    parties, involvements, agreements = _children([r.pk for r in rows])
    width = len(_SUBJECT_COLUMNS)
    return [
        _subject_of_row(
            tuple(row)[:width],
            parties=parties[row.pk],
            involvements=involvements[row.pk],
            agreements=agreements[row.pk],
            as_of=as_of,
        )
        for row in rows
    ]


Children = dict[int, list[dict[str, Any]]]


def _children(ids: list[int]) -> tuple[Children, Children, Children]:
    """The parties, involvements and agreements of the relations ``ids`` as plain rows, in
    three queries (a page of the list API: Django's prefetch built a model instance per child,
    most of the page's time; issue 19), each with the ids as one parameter (``any_of``)."""
    parties: Children = {pk: [] for pk in ids}
    involvements: Children = {pk: [] for pk in ids}
    agreements: Children = {pk: [] for pk in ids}
    if ids:
        through = Relation.parties.through.objects.filter(relation_id__any_of=ids)
        for pk, name, sector in through.values_list(
            "relation_id", "party__name", "party__sector"
        ).order_by("party__name"):
            parties[pk].append({"name": name, "sector": sector})
        for pk, *fields in (
            Involvement.objects.filter(relation_id__any_of=ids)
            .order_by("start", "actor", "pk")  # the model's ordering, as the prefetch read it
            .values_list("relation_id", "actor", "portfolio", "start", "end", "initiative_id")
        ):
            involvements[pk].append(_involvement(*fields))
        for pk, *fields in (
            Agreement.objects.filter(relation_id__any_of=ids)
            .order_by("signed", "title", "pk")  # likewise
            .values_list("relation_id", *_AGREEMENT_COLUMNS)
        ):
            agreements[pk].append(_agreement(*fields))
    return parties, involvements, agreements


def _involvement(
    actor: str, portfolio: str, start: date | None, end: date | None, initiative: str | None
) -> dict[str, Any]:
    return {
        "actor": actor,
        "portfolio": portfolio or None,
        "start": _iso(start),
        "end": _iso(end),
        "initiative": initiative or None,
    }


def _agreement(
    title: str,
    signed: date | None,
    ends: date | None,
    notice_months: int | None,
    renews_automatically: bool,
    renewal_months: int | None,
) -> dict[str, Any]:
    return {
        "title": title,
        "signed": _iso(signed),
        "ends": _iso(ends),
        "notice_months": notice_months,
        "renews_automatically": renews_automatically,
        "renewal_months": renewal_months,
    }


def _subject(
    relation: Relation,
    *,
    parties: list[dict[str, Any]],
    involvements: list[dict[str, Any]],
    agreements: list[dict[str, Any]],
    as_of: date | None = None,
) -> dict[str, Any]:
    return _subject_of_row(
        (
            relation.slug,
            relation.name,
            relation.partner.name,
            relation.partner.country,
            relation.partner.kind,
            relation.registered_kind,
            relation.status,
            relation.initiated_by,
            relation.purposes,
            relation.mutual_value,
            relation.budget_money_eur_per_year,
            relation.budget_staff_hours_per_year,
            relation.budget_held_by,
            relation.budget_portfolio,
            relation.owner_kind,
            relation.owner_portfolio,
            _last_activity(relation),
        ),
        parties=parties,
        involvements=involvements,
        agreements=agreements,
        as_of=as_of,
    )


# The columns ``_subject_of_row`` reads, in its order (``values_list`` of a relation).
_SUBJECT_COLUMNS = (
    "slug",
    "name",
    "partner__name",
    "partner__country",
    "partner__kind",
    "registered_kind",
    "status",
    "initiated_by",
    "purposes",
    "mutual_value",
    "budget_money_eur_per_year",
    "budget_staff_hours_per_year",
    "budget_held_by",
    "budget_portfolio",
    "owner_kind",
    "owner_portfolio",
    "last_activity_on",
)


# A relation as the list API reads it: the columns of its subject, its id, and the register's
# own fields the API sends (``relation_rows``).
API_COLUMNS = (
    *_SUBJECT_COLUMNS,
    "pk",
    "start_date",
    "end_date",
    "end_reason",
    "description",
    "verified",
    "source",
    "created_at",
    "updated_at",
)


def _subject_of_row(
    row: tuple[Any, ...],
    *,
    parties: list[dict[str, Any]],
    involvements: list[dict[str, Any]],
    agreements: list[dict[str, Any]],
    as_of: date | None = None,
) -> dict[str, Any]:
    (
        slug,
        name,
        partner_name,
        partner_country,
        partner_kind,
        registered_kind,
        status,
        initiated_by,
        purposes,
        mutual_value,
        money,
        hours,
        held_by,
        budget_portfolio,
        owner_kind,
        owner_portfolio,
        last_activity,
    ) = row
    subject: dict[str, Any] = {
        "subject": "relation",
        "id": slug,
        "name": name,
        "partner": {"name": partner_name, "country": partner_country, "kind": partner_kind},
        "registered_kind": registered_kind,
        "status": status,
        "initiated_by": initiated_by,
        "purposes": sorted(purposes),
        "mutual_value": mutual_value,
        "parties": sorted(parties, key=lambda p: p["name"]),
        "involvements": involvements,
        "agreements": agreements,
        "budget": {
            "money_eur_per_year": _decimal(money),
            "staff_hours_per_year": _decimal(hours),
            "held_by": held_by,
            "portfolio": budget_portfolio or None,
        },
        "owner": {"kind": owner_kind, "portfolio": owner_portfolio or None},
        "last_activity": _iso(last_activity),
    }
    if as_of is not None:
        subject["as_of"] = as_of.isoformat()
    return subject


# Rows read per round trip by the streamed reads below.
STREAM_CHUNK = 2000


def slug_in_code_points(field: str) -> Collate:
    """``field`` (a slug) ordered by code point, as Python sorts text, whatever the database's
    collation (PostgreSQL's "C"; SQLite's BINARY compares UTF-8 bytes, the same order)."""
    return Collate(F(field), "C" if connection.vendor == "postgresql" else "BINARY")


def _grouped(
    rows: Iterable[tuple[Any, ...]],
) -> Iterator[tuple[tuple[str, int], list[tuple[Any, ...]]]]:
    """Rows ``(slug, relation id, *fields)`` sorted by slug, grouped per relation."""
    key: tuple[str, int] | None = None
    group: list[tuple[Any, ...]] = []
    for slug, pk, *fields in rows:
        if (slug, pk) != key:
            if key is not None:
                yield key, group
            key, group = (slug, pk), []
        group.append(tuple(fields))
    if key is not None:
        yield key, group


class _Children:
    """One child table's rows of the relations, read alongside them in the same order."""

    def __init__(self, rows: Iterable[tuple[Any, ...]]) -> None:
        self._groups = _grouped(rows)
        self._next = next(self._groups, None)

    def of(self, key: tuple[str, int]) -> list[tuple[Any, ...]]:
        # Rows of a relation not in the relations' read (changed in between) are passed over.
        while self._next is not None and self._next[0] < key:
            self._next = next(self._groups, None)
        if self._next is not None and self._next[0] == key:
            found = self._next[1]
            self._next = next(self._groups, None)
            return found
        return []


def relation_subjects_by_slug(
    relations: QuerySet[Relation], *, as_of: date | None = None
) -> Iterator[dict[str, Any]]:
    """:func:`relation_to_subject` of each of ``relations`` (on ``as_of``), equal to it, in
    order of their slugs as Python sorts them, streamed: the relations, their parties, their
    involvements and their agreements are four queries of plain rows read side by side in that
    order, ``STREAM_CHUNK`` rows at a time (the review's impact over the whole register, issue
    19: memory stays a few chunks, and no model instance is made). The latest activity's day
    is the one the relation stores."""
    order = slug_in_code_points("slug")
    rows = (
        relations.order_by(order, "pk")
        .values_list("slug", "pk", *_SUBJECT_COLUMNS)
        .iterator(chunk_size=STREAM_CHUNK)
    )
    child_order = slug_in_code_points("relation__slug")
    parties = _Children(
        Relation.parties.through.objects.filter(relation__in=relations.values("pk"))
        .order_by(child_order, "relation_id", "party__name", "party_id")
        .values_list("relation__slug", "relation_id", "party__name", "party__sector")
        .iterator(chunk_size=STREAM_CHUNK)
    )
    involvements = _Children(
        Involvement.objects.filter(relation__in=relations.values("pk"))
        .order_by(child_order, "relation_id", "start", "actor", "pk")  # the model's ordering
        .values_list(
            "relation__slug", "relation_id", "actor", "portfolio", "start", "end", "initiative_id"
        )
        .iterator(chunk_size=STREAM_CHUNK)
    )
    agreements = _Children(
        Agreement.objects.filter(relation__in=relations.values("pk"))
        .order_by(child_order, "relation_id", "signed", "title", "pk")  # likewise
        .values_list("relation__slug", "relation_id", *_AGREEMENT_COLUMNS)
        .iterator(chunk_size=STREAM_CHUNK)
    )
    for slug, pk, *row in rows:
        key = (slug, pk)
        yield _subject_of_row(
            tuple(row),
            parties=[{"name": name, "sector": sector} for name, sector in parties.of(key)],
            involvements=[_involvement(*fields) for fields in involvements.of(key)],
            agreements=[_agreement(*fields) for fields in agreements.of(key)],
            as_of=as_of,
        )


# --- Reads for the officers' web pages ---------------------------------------------------------


# The version (``core.versions``) of the filter options' cache entries: bumped by any write of a
# relation or partner (``RelationsConfig.ready``); an entry lives at most FILTER_OPTIONS_SECONDS.
FILTER_OPTIONS_VERSION = "relation-filter-options"
FILTER_OPTIONS_SECONDS = 300


def relation_filter_options() -> dict[str, list[tuple[str, str]]]:
    """The countries and owners that occur in the register, for the list page's filters.

    Reading them takes two ``DISTINCT`` passes over every relation (290 ms at 100,000 on a busy
    machine: more than the rest of the page), so they are cached per language until a relation
    or partner is written (issue 19)."""
    key = f"{FILTER_OPTIONS_VERSION}:{versions.version(FILTER_OPTIONS_VERSION)}:{get_language()}"
    options = cache.get(key)
    if options is None:
        options = _filter_options()
        cache.set(key, options, FILTER_OPTIONS_SECONDS)
    return options


# How long a cached count of the list may be served at most, whatever happens (seconds).
COUNT_SECONDS = 300


def relation_count(relations: QuerySet[Relation]) -> int:
    """The number of ``relations`` (a list's filtered query), cached per query until a relation
    or partner is written (the filter options' version, which every such write bumps, bulk
    writes included).

    Counting is the dearest part of a page of the list: PostgreSQL reads every matching index
    entry, 12 ms of its CPU for 100,000 relations on each request, more than the rest of the
    list API's queries together (issue 19). The key is the count's own SQL with its
    parameters, so every filter (and a filter that reads today's date, on another day) has its
    own entry."""
    query = relations.order_by().query
    try:
        sql, params = query.get_compiler(using=relations.db).as_sql()
    except (EmptyResultSet, FullResultSet):  # e.g. an empty IN (): counted as asked
        return relations.count()
    digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
    key = f"relation-count:{versions.version(FILTER_OPTIONS_VERSION)}:{digest}"
    found = cache.get(key)
    if found is None:
        found = relations.count()
        cache.set(key, found, COUNT_SECONDS)
    return int(found)


def filter_options_changed(sender: Any, **kwargs: Any) -> None:
    """Signal receiver: a relation or partner was written; the options are read afresh."""
    if sender in (Relation, Partner):
        versions.bump(FILTER_OPTIONS_VERSION)


def _filter_options() -> dict[str, list[tuple[str, str]]]:
    from django.utils.translation import gettext as _

    from .constants import OwnerKind

    countries = sorted(
        {
            (c, country_name(c))
            for c in Relation.objects.order_by()
            .values_list("partner__country", flat=True)
            .distinct()
        },
        key=lambda c: c[1],
    )
    owners: list[tuple[str, str]] = []
    pairs = Relation.objects.order_by().values_list("owner_kind", "owner_portfolio").distinct()
    for kind, portfolio in sorted(set(pairs)):
        label = str(OwnerKind(kind).label) if kind in OwnerKind.values else kind
        if portfolio:
            owners.append(
                (
                    f"{kind}:{portfolio}",
                    _("%(kind)s %(code)s") % {"kind": label, "code": portfolio_name(portfolio)},
                )
            )
        else:
            owners.append((kind, label))
    return {"countries": countries, "owners": owners}


# Fields that change on every save, or that are shown elsewhere: left out of the diffs.
_HISTORY_SKIP = {"id", "relation", "created_at", "updated_at"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    what: str  # "relation", "agreement", ...
    label: str  # the object's name at that moment
    action: str  # "created" | "changed" | "deleted"
    changes: list[FieldChange] = field(default_factory=list)


# Amounts in the history read as on the page: "€ 10.000,00", "40 uur" (not "10000.00").
_HISTORY_MONEY = {"budget_money_eur_per_year"}
_HISTORY_HOURS = {"budget_staff_hours_per_year"}


def _history_field(model: type[models.Model], name: str) -> models.Field:
    """The field ``name`` of ``model`` as history records it: always a field of the model itself
    (a column or a many-to-many), never the other side of a relation."""
    model_field = model._meta.get_field(name)
    assert isinstance(model_field, models.Field), name
    return model_field


def _display(model: type[models.Model], name: str, value: Any) -> str:
    from django.utils.translation import gettext as _

    from .constants import purpose_labels
    from .models import Party

    if value is None or value == "":
        return "—"
    if name == "purposes" and isinstance(value, list):
        return ", ".join(sorted(purpose_labels(value))) or "—"
    if name == "parties" and isinstance(value, list):
        ids = [row.get("party") for row in value]
        names = dict(Party.objects.filter(pk__in=ids).values_list("pk", "name"))
        return ", ".join(sorted(names.get(i, f"#{i}") for i in ids)) or "—"
    model_field = _history_field(model, name)
    if name == "partner":
        partner = Partner.objects.filter(pk=value).first()
        return str(partner) if partner else f"#{value}"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return formatting.day(value)
    if name in _HISTORY_MONEY:
        return formatting.eur(value)
    if name in _HISTORY_HOURS:
        return formatting.hours(value)
    if isinstance(model_field, models.FileField):
        return str(value).rsplit("/", 1)[-1]
    return str(value)


def _who(record: Any) -> str:
    from django.utils.translation import gettext as _

    user = record.history_user
    if user is None:
        return _("system")
    return user.get_full_name() or user.get_username()


def relation_history(*, relation: Relation, limit: int = 200) -> list[HistoryEntry]:
    """Who changed what and when, for the relation and its agreements, involvements, activities.

    Newest first; a change lists each field with its old and new value as the user reads them.
    """
    from django.utils.translation import gettext as _

    from .models import Activity, Agreement, Involvement

    sources: list[tuple[type[models.Model], Any, str]] = [
        (Relation, Relation.history.filter(id=relation.pk), _("relation")),
        (Agreement, Agreement.history.filter(relation_id=relation.pk), _("agreement")),
        (Involvement, Involvement.history.filter(relation_id=relation.pk), _("involvement")),
        (Activity, Activity.history.filter(relation_id=relation.pk), _("activity")),
    ]
    actions = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
    entries: list[HistoryEntry] = []
    for model, records, what in sources:
        previous: dict[int, Any] = {}
        for record in records.select_related("history_user").order_by("history_date", "history_id"):
            old = previous.get(record.id)
            changes: list[FieldChange] = []
            if old is not None and record.history_type == "~":
                delta = record.diff_against(old)
                for change in delta.changes:
                    if change.field in _HISTORY_SKIP:
                        continue
                    before = _display(model, change.field, change.old)
                    after = _display(model, change.field, change.new)
                    if before == after:  # e.g. the same purposes in another order
                        continue
                    changes.append(
                        FieldChange(
                            field=str(_history_field(model, change.field).verbose_name),
                            old=before,
                            new=after,
                        )
                    )
                if not changes:
                    previous[record.id] = record
                    continue
            previous[record.id] = record
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=_who(record),
                    what=what,
                    label=str(record.instance),
                    action=actions.get(record.history_type, record.history_type),
                    changes=changes,
                )
            )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


# --- references named in other apps' requests (None when there is none) ----------------------


def relation_by_slug(*, slug: str) -> Relation | None:
    return Relation.objects.filter(slug=slug).first()


def relation_exists(*, slug: str) -> bool:
    return Relation.objects.filter(slug=slug).exists()


def activity_by_number(*, pk: int) -> Activity | None:
    return Activity.objects.filter(pk=pk).first()


# --- the parts of relations, as the API lists them --------------------------------------------


def party_list() -> QuerySet[Party]:
    return Party.objects.order_by("name", "pk")


def agreement_list() -> QuerySet[Agreement]:
    return Agreement.objects.select_related("relation").order_by("signed", "title", "pk")


def involvement_list() -> QuerySet[Involvement]:
    return Involvement.objects.select_related("relation").order_by("start", "actor", "pk")


def activity_list() -> QuerySet[Activity]:
    """Activities with their relation (sorted by the caller: the API's ``ordering``)."""
    return Activity.objects.select_related("relation")


# --- The life of a relation (issue 14) ---------------------------------------------------------


def life_steps(*, relation: Relation) -> QuerySet[LifeStep]:
    """The steps of a relation's life, oldest first (the timeline)."""
    return relation.life_steps.select_related("decision", "created_by").order_by(
        "date", "created_at", "id"
    )


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the relation's timeline: a life step, or an agreement signed, an activity,
    the start of the relation (issue 14); ``step`` is set for a life step only."""

    day: date
    order: int
    step: LifeStep | None = None
    text: str = ""
    anchor: str = ""


def life_timeline(*, relation: Relation) -> list[TimelineEntry]:
    """The relation's life in order of date: its start, the agreements signed, the activities
    and every step of its life (status changes, consultations, decisions, letters)."""
    entries: list[TimelineEntry] = []
    if relation.start_date:
        entries.append(TimelineEntry(relation.start_date, 0, text=_g("The relation began")))
    for agreement in relation.agreements.all():
        entries.append(
            TimelineEntry(
                agreement.signed,
                1,
                text=_g("Agreement “%(title)s” signed") % {"title": agreement.title},
                anchor="agreements",
            )
        )
    for activity in relation.activities.all():
        entries.append(
            TimelineEntry(
                activity.date,
                2,
                text=_g("Activity: %(title)s") % {"title": activity.title},
                anchor="activities",
            )
        )
    for step in life_steps(relation=relation):
        entries.append(TimelineEntry(step.date, 3, step=step))
    return sorted(entries, key=lambda e: (e.day, e.order))


@dataclass
class InTransition:
    """A relation that is suspended, dormant or being ended, with the step that comes next and
    its date (``next_date``: when the ending takes effect, the earliest end notice given today
    would have, or the day the relation became dormant)."""

    relation: Relation
    step: LifeStep | None
    effective_date: date | None
    situation: str = ""  # "ending", "suspended", "dormant"
    next_step: str = ""  # a life.StepKind value, or "" when the choice is open
    next_text: str = ""
    next_date: date | None = None
    last_activity: date | None = None

    @property
    def next_step_label(self) -> str:
        from .life import StepKind

        return str(StepKind(self.next_step).label) if self.next_step else ""


def _ending_under_way(steps: list[LifeStep]) -> list[str]:
    """The kinds of the steps of an ending by us recorded since the status last changed."""
    for index in range(len(steps) - 1, -1, -1):
        if steps[index].status_before != steps[index].status_after:
            steps = steps[index + 1 :]
            break
    return [s.kind for s in steps]


def relations_in_transition(today: date | None = None) -> list[InTransition]:
    """Relations suspended, dormant or being ended (a proposal to end recorded, or notice
    given), by name, each with its latest step, its next step and the date that matters.

    Dormant is shown, not a state (issue 14): a live relation whose last recorded activity lies
    more than the framework's ``dormant_after_months`` back (a relation with no activity at all
    is not judged, as the engine does not).
    """
    from django.utils.translation import gettext as _

    from .life import ENDING_STEPS, IN_TRANSITION, StepKind

    today = today or timezone.localdate()
    months = load_framework(settings.INTREL_DEFAULT_FRAMEWORK).spec.dormant_after_months
    live = Relation.objects.exclude(status__in=("proposed", "ended")).select_related("partner")
    live = live.annotate(last_activity=F("last_activity_on")).prefetch_related(
        "life_steps__decision", "agreements"
    )
    result = []
    for relation in live.order_by("name"):
        steps = sorted(relation.life_steps.all(), key=lambda s: (s.date, s.created_at, s.pk))
        under_way = _ending_under_way(steps)
        last = relation.last_activity
        dormant_since = add_months(last, months) if months and last else None
        dormant = dormant_since is not None and dormant_since < today
        ending = relation.status == "ending" or "proposal" in under_way
        if not (ending or dormant or relation.status in IN_TRANSITION):
            continue
        row = InTransition(
            relation=relation,
            step=steps[-1] if steps else None,
            effective_date=None,
            last_activity=last,
        )
        if relation.status == "ending":
            pending = next(
                (
                    s
                    for s in reversed(steps)
                    if s.kind in ("notice", "ended_by_partner") and s.effective_date
                ),
                None,
            )
            row.situation = "ending"
            row.next_step = StepKind.ENDED
            row.effective_date = row.next_date = pending.effective_date if pending else None
            row.next_text = _("ends on the effective date")
        elif ending:
            row.situation = "ending"
            row.next_step = next(k for k in ENDING_STEPS if k not in under_way)
            row.next_date = notice_effective_from(relation, today)
            row.next_text = _("the earliest end if notice is given today (IMP-3)")
        elif relation.status == "suspended":
            row.situation = "suspended"
            row.next_text = _("reactivation (with a decision) or a proposal to end")
        else:
            row.situation = "dormant"
            row.next_step = StepKind.PROPOSAL
            row.next_date = dormant_since
            row.next_text = _("dormant since: no activity recorded for %(n)d months") % {
                "n": months
            }
        result.append(row)
    return result


@dataclass(frozen=True)
class LifeChange:
    """A change of a relation's status, for the reports: when, what, by which decision, and
    whether it deviated from the framework (a council's end against IMP-3/IMP-4)."""

    step: LifeStep
    relation_name: str
    text: str  # in words: "ended", "suspended", ...; a deviation says so
    deviation: bool
    decision: str  # the decision's reference, or ""
    reasons: str


def life_changes(*, start: date | None = None, end: date | None = None) -> list[LifeChange]:
    """Every change of status recorded between ``start`` and ``end`` (both included; either
    open), oldest first; the deviations from the framework marked as such."""
    from django.utils.translation import gettext as _

    steps = LifeStep.objects.exclude(status_before=models.F("status_after")).select_related(
        "relation", "decision"
    )
    if start is not None:
        steps = steps.filter(date__gte=start)
    if end is not None:
        steps = steps.filter(date__lte=end)
    changes = []
    for step in steps.order_by("date", "created_at", "id"):
        text = str(step.get_kind_display())
        if step.deviation:
            text = _("ended at once by the council, deviating from the framework (IMP-3, IMP-4)")
        changes.append(
            LifeChange(
                step=step,
                relation_name=step.relation.name,
                text=text,
                deviation=step.deviation,
                decision=step.decision.identifier if step.decision else "",
                reasons=step.text,
            )
        )
    return changes


def life_deviations(*, end: date | None = None) -> list[LifeChange]:
    """The council's deviations from the framework recorded up to ``end``, oldest first."""
    return [c for c in life_changes(end=end) if c.deviation]


def pending_end(relation: Relation) -> LifeStep | None:
    """The step that set an ending under way and the date it takes effect on: the latest notice
    by us or ending by the partner with an effective date, while the relation is being ended.
    None when the relation is not being ended (or no such step is recorded)."""
    if relation.status != "ending":
        return None
    return (
        life_steps(relation=relation)
        .filter(kind__in=("notice", "ended_by_partner"), effective_date__isnull=False)
        .last()
    )


def notice_effective_from(relation: Relation, given_on: date) -> date:
    """The first date notice given on ``given_on`` can end the relation (IMP-3): the engine's
    own date (the agreements in force, else the framework's default notice)."""
    facts = [
        AgreementFacts(
            title=a.title,
            signed=a.signed,
            ends=a.ends,
            notice_months=a.notice_months,
            renews_automatically=a.renews_automatically,
            renewal_months=a.renewal_months,
        )
        for a in relation.agreements.all()
    ]
    framework = load_framework(settings.INTREL_DEFAULT_FRAMEWORK)
    return honoured_end(facts, given_on, framework.spec.default_notice_months)


@dataclass(frozen=True)
class Deadline:
    """A date on the relation's calendar, in words, with the section of the page it belongs to."""

    day: date
    text: str
    anchor: str


def relation_deadlines(relation: Relation, today: date) -> list[Deadline]:
    """What is coming for the relation, soonest first: the last day notice still ends it at the
    earliest moment (and that moment), agreements' and involvements' ends."""
    found: list[Deadline] = []
    pending = pending_end(relation)
    if pending is not None and pending.effective_date is not None:
        # Being ended: the day it ends, not a new notice's dates (issue 14).
        found.append(Deadline(pending.effective_date, _g("The relation ends"), "life"))
    elif relation.status not in ("ended", "ending", "proposed") and relation.agreements.exists():
        earliest = notice_effective_from(relation, today)
        # The last day notice can still be given for that same end: the engine's date only moves
        # later as the day of notice does, so search the days in between.
        low, high = today, earliest
        while low < high:
            middle = low + timedelta(days=(high - low).days // 2 + 1)
            if notice_effective_from(relation, middle) == earliest:
                low = middle
            else:
                high = middle - timedelta(days=1)
        if low > today:
            # A fixed term: notice given up to ``low`` still ends it at ``earliest``.
            found.append(
                Deadline(
                    low,
                    _g("Last day to give notice for it to take effect on %(day)s")
                    % {"day": formatting.day(earliest)},
                    "life",
                )
            )
        found.append(Deadline(earliest, _g("Earliest end, for notice given today"), "life"))
    for agreement in relation.agreements.filter(ends__gte=today):
        assert agreement.ends is not None
        found.append(
            Deadline(
                agreement.ends,
                _g("Agreement “%(title)s” ends") % {"title": agreement.title},
                "agreements",
            )
        )
    for involvement in relation.involvements.filter(end__gte=today):
        assert involvement.end is not None
        found.append(
            Deadline(
                involvement.end,
                _g("Involvement of %(actor)s ends")
                % {"actor": involvement.person or involvement.get_actor_display()},
                "involvements",
            )
        )
    return sorted(found, key=lambda d: (d.day, d.text))
