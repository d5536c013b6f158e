"""Bulk writes of relation subjects: the import's path at scale (issue 19).

:func:`relations_store` stores relation subjects that have been checked already (the import's
``entries_check``: the contract through ``subjects_validate``, and the register's own limits) in
batches: partners and parties looked up for a whole batch and the missing ones created with one
``bulk_create``; relations, agreements, involvements and party links created or updated with
``bulk_create`` / ``bulk_update``; their history rows written in bulk too
(``simple_history``'s ``bulk_history_create``, with the door and the user, as a ``save`` records
them); then the batch is assessed at once (``core.assessing.facts_changed_many``).

The semantics are those of ``services.relation_upsert_from_subject`` (which the API and the
relation's page keep using, one relation at a time): a relation is found by its slug; the
partner by name, country and kind; a party by name (its sector becomes the one given last);
agreements are matched on (title, signed) and involvements on (actor, portfolio, start), so a
document kept on an agreement survives; the ones a subject leaves out are deleted (their
history and files as on a delete); a party left out is only unlinked. What differs: one
history row per relation and import (the relation with its parties), not one for the fields
and one for the links, and none for a relation the import leaves as it was.

All of it runs in the caller's transaction: a failure anywhere rolls every batch back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from intrel.accounts.models import User
from intrel.core import assessing, doors
from intrel.core.bounds import HOURS_PLACES, MONEY_PLACES
from intrel.core.rows import history_rows_insert, objects_insert, rows_insert
from intrel.core.signals import bulk_written
from intrel.partners.models import Partner
from intrel.policy import SubjectError

from .constants import ASSUMED_FACT_FIELDS
from .models import Agreement, Involvement, Party, Relation
from .selectors import LAST_ACTIVITY_ATTR
from .services import SubjectProblem, SubjectsInvalid

# Subjects stored per batch: each batch costs a fixed number of queries (about 25), and its
# objects are dropped before the next, so memory does not grow with the file.
BATCH = 1000
# Rows per INSERT / UPDATE statement and values per ``IN (...)`` (SQLite's limit on the
# parameters of one statement is 32,766; an UPDATE of many fields has one CASE per field).
ROWS_PER_STATEMENT = 500
UPDATE_ROWS_PER_STATEMENT = 100

Progress = Callable[[int, int], None]

RELATION_FIELDS = (
    "name",
    "partner_id",
    "registered_kind",
    "status",
    "initiated_by",
    "purposes",
    "mutual_value",
    "owner_kind",
    "owner_portfolio",
    "budget_money_eur_per_year",
    "budget_staff_hours_per_year",
    "budget_held_by",
    "budget_portfolio",
)
AGREEMENT_FIELDS = ("signed", "ends", "notice_months", "renews_automatically", "renewal_months")
INVOLVEMENT_FIELDS = ("portfolio", "start", "end", "initiative_id")


@dataclass
class Stored:
    """What :func:`relations_store` did: relations created and updated (every subject whose id
    was in the register counts as updated, changed or not), and new decisions stored."""

    created: int = 0
    updated: int = 0
    assessed: int = 0


def _chunks(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def _column_decimal(value: Any, places: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places))


def _relation_fields(data: Mapping[str, Any], partner_id: int) -> dict[str, Any]:
    budget = data.get("budget") or {}
    owner = data.get("owner") or {}
    return {
        "name": data["name"],
        "partner_id": partner_id,
        "registered_kind": data["registered_kind"],
        "status": data.get("status", "active"),
        "initiated_by": data["initiated_by"],
        "purposes": sorted(set(data["purposes"])),
        "mutual_value": bool(data.get("mutual_value", False)),
        "owner_kind": owner.get("kind", "none"),
        "owner_portfolio": owner.get("portfolio") or "",
        # As the column gives it back (its decimal places), so that the facts assessed now are
        # those read from the register later.
        "budget_money_eur_per_year": _column_decimal(
            budget.get("money_eur_per_year", "0"), MONEY_PLACES
        ),
        "budget_staff_hours_per_year": _column_decimal(
            budget.get("staff_hours_per_year", "0"), HOURS_PLACES
        ),
        "budget_held_by": budget.get("held_by", "none"),
        "budget_portfolio": budget.get("portfolio") or "",
    }


def _assumed_after(assumed: list[str], changed: set[str]) -> list[str]:
    """``services._assumed_confirmed`` by attribute names: a changed fact is no longer assumed."""
    names = {"partner" if name == "partner_id" else name for name in changed}
    return [f for f in assumed if not names.intersection(ASSUMED_FACT_FIELDS.get(f, ()))]


class _Writer:
    """The state of one store: the user and door of the history rows, and the partners and
    parties already resolved (a name met in batch 1 costs no query in batch 90)."""

    def __init__(self, *, source: str, verified: bool, user: User | None) -> None:
        self.source = source
        self.verified = verified
        self.user = user
        self.door = doors.current()
        self.partners: dict[tuple[str, str, str], Partner] = {}
        self.parties: dict[str, Party] = {}
        self.parties_by_pk: dict[int, Party] = {}
        self.history_m2m = apps.get_model("relations", "HistoricalRelation_parties")
        m2m_fields = {f.attname: f for f in self.history_m2m._meta.concrete_fields}
        self.history_m2m_fields = [
            m2m_fields[name] for name in ("history_id", "id", "relation_id", "party_id")
        ]

    # --- partners and parties ------------------------------------------------------------

    def _history(self, model: type[models.Model], objs: Sequence[Any], *, update: bool) -> None:
        """The history rows of ``bulk_create_with_history`` / ``bulk_update_with_history``
        (the user, the door as the change reason), written through the cursor."""
        history_rows_insert(model, objs, update=update, user=self.user, change_reason=self.door)

    def _create_with_history(self, model: type[models.Model], objs: list[Any]) -> list[Any]:
        created = objects_insert(model, objs)
        self._history(model, created, update=False)
        return created

    def _update_with_history(
        self, model: type[models.Model], objs: list[Any], fields: Sequence[str]
    ) -> None:
        model._default_manager.bulk_update(objs, list(fields), batch_size=UPDATE_ROWS_PER_STATEMENT)
        self._history(model, objs, update=True)

    def partners_resolve(self, subjects: Sequence[Mapping[str, Any]]) -> None:
        wanted = {
            (s["partner"]["name"].strip(), s["partner"]["country"], s["partner"]["kind"])
            for s in subjects
        }
        missing = wanted - self.partners.keys()
        names = sorted({name for name, _c, _k in missing})
        for chunk in _chunks(names, ROWS_PER_STATEMENT):
            for partner in Partner.objects.filter(name__in=chunk):
                self.partners[(partner.name, partner.country, partner.kind)] = partner
        new = [
            Partner(name=name, country=country, kind=kind)
            for name, country, kind in sorted(wanted - self.partners.keys())
        ]
        if new:
            for partner in self._create_with_history(Partner, new):
                self.partners[(partner.name, partner.country, partner.kind)] = partner

    def parties_resolve(self, subjects: Sequence[Mapping[str, Any]]) -> None:
        """Every party named, created or with the sector given last (as ``get_or_create`` and
        a save of a changed sector, one subject after another, would leave it)."""
        sectors: dict[str, str] = {}
        for subject in subjects:
            for party in subject.get("parties") or []:
                sectors[party["name"].strip()] = party["sector"]
        missing = sorted(sectors.keys() - self.parties.keys())
        for chunk in _chunks(missing, ROWS_PER_STATEMENT):
            for party in Party.objects.filter(name__in=chunk):
                self.parties[party.name] = party
        new = [
            Party(name=name, sector=sectors[name])
            for name in sorted(sectors.keys() - self.parties.keys())
        ]
        if new:
            for party in self._create_with_history(Party, new):
                self.parties[party.name] = party
        self.parties_by_pk.update((party.pk, party) for party in self.parties.values())
        changed = []
        for name, sector in sectors.items():
            party = self.parties[name]
            if party.sector != sector:
                party.sector = sector
                changed.append(party)
        if changed:
            self._update_with_history(Party, changed, ["sector"])

    # --- one batch -------------------------------------------------------------------------

    def batch_store(self, subjects: Sequence[Mapping[str, Any]]) -> tuple[list[Relation], int, int]:
        """Store one batch; returns the relations (with what ``relation_to_subject`` reads),
        how many were created and how many updated."""
        self.partners_resolve(subjects)
        self.parties_resolve(subjects)
        now = timezone.now()
        slugs = [s["id"] for s in subjects]
        existing: dict[str, Relation] = {}
        for chunk in _chunks(slugs, ROWS_PER_STATEMENT):
            existing.update((r.slug, r) for r in Relation.objects.filter(slug__in=chunk))
        new: list[Relation] = []
        changed: dict[int, Relation] = {}
        relations: list[Relation] = []
        for data in subjects:
            partner = data["partner"]
            key = (partner["name"].strip(), partner["country"], partner["kind"])
            fields = _relation_fields(data, self.partners[key].pk)
            relation = existing.get(data["id"])
            if relation is None:
                relation = Relation(
                    slug=data["id"], source=self.source, verified=self.verified, **fields
                )
                new.append(relation)
            else:
                diff = {name for name, value in fields.items() if getattr(relation, name) != value}
                if diff:
                    for name in diff:
                        setattr(relation, name, fields[name])
                    if relation.assumed:
                        relation.assumed = _assumed_after(relation.assumed, diff)
                    relation.updated_at = now
                    changed[id(relation)] = relation
            relation.partner = self.partners[key]
            relations.append(relation)
        if new:
            objects_insert(Relation, new)
        old_pks = [r.pk for r in existing.values()]
        links_changed = self._links_store(subjects, relations, set(old_pks))
        agreements = self._agreements_store(subjects, relations, old_pks)
        involvements = self._involvements_store(subjects, relations, old_pks)
        updates = list(changed.values())
        if updates:
            Relation.objects.bulk_update(
                updates,
                [*RELATION_FIELDS, "assumed", "updated_at"],
                batch_size=UPDATE_ROWS_PER_STATEMENT,
            )
        changed.update((id(r), r) for r in relations if r.pk in links_changed)
        self._relation_history(new, "+")
        self._relation_history(list(changed.values()), "~")
        # What ``relation_to_subject`` reads, from the objects just written (as
        # ``selectors.relations_for_subjects`` would read them back): the batch is assessed
        # without reading it again.
        for relation in relations:
            relation._prefetched_objects_cache = {  # type: ignore[attr-defined]
                "parties": [self.parties_by_pk[pk] for pk in self._links[relation.pk]],
                "agreements": agreements[relation.pk],
                "involvements": involvements[relation.pk],
            }
            # The import writes no activity: the day the relation stores (none for a new one).
            setattr(relation, LAST_ACTIVITY_ATTR, relation.last_activity_on)
        return relations, len(new), len(relations) - len(new)

    def _links_store(
        self, subjects: Sequence[Mapping[str, Any]], relations: list[Relation], old: set[int]
    ) -> set[int]:
        """The parties of each relation become what its subject lists (``_links`` keeps them
        for the history rows). Returns the relations already in the register whose parties
        changed."""
        through = Relation.parties.through
        current: dict[int, dict[int, int]] = {}
        for chunk in _chunks(sorted(old), ROWS_PER_STATEMENT):
            for pk, relation_id, party_id in through.objects.filter(
                relation_id__in=chunk
            ).values_list("pk", "relation_id", "party_id"):
                current.setdefault(relation_id, {})[party_id] = pk
        add: list[tuple[int, int]] = []
        remove: list[int] = []
        changed: set[int] = set()
        self._links: dict[int, list[int]] = {}
        for data, relation in zip(subjects, relations, strict=True):
            wanted = list(
                dict.fromkeys(self.parties[p["name"].strip()].pk for p in data.get("parties") or [])
            )
            self._links[relation.pk] = wanted
            have = current.get(relation.pk, {})
            added = [party_id for party_id in wanted if party_id not in have]
            gone = [pk for party_id, pk in have.items() if party_id not in wanted]
            add.extend((relation.pk, party_id) for party_id in added)
            remove.extend(gone)
            if relation.pk in old and (added or gone):
                changed.add(relation.pk)
        for chunk in _chunks(remove, ROWS_PER_STATEMENT):
            through.objects.filter(pk__in=chunk).delete()
        columns = {f.attname: f for f in through._meta.concrete_fields}
        rows_insert(through, [columns["relation_id"], columns["party_id"]], add)
        return changed

    def _children_store(
        self,
        model: type[models.Model],
        subjects: Sequence[Mapping[str, Any]],
        relations: list[Relation],
        old_pks: list[int],
        *,
        key: str,
        build: Callable[[Mapping[str, Any]], dict[str, Any]],
        match: Callable[[Any], tuple[Any, ...]],
        fields: tuple[str, ...],
    ) -> dict[int, list[Any]]:
        """Agreements or involvements: matched on ``match``, updated, created, the rest
        deleted (a queryset delete: history rows and files go as on the page). Returns each
        relation's children as they now stand."""
        current: dict[int, dict[tuple[Any, ...], Any]] = {}
        every: list[Any] = []
        manager = model._default_manager
        # The register's order of children (the model's ordering, then the id).
        ordering = [str(name) for name in model._meta.ordering or []] + ["pk"]
        for chunk in _chunks(old_pks, ROWS_PER_STATEMENT):
            child: Any
            for child in manager.filter(relation_id__in=chunk).order_by(*ordering):
                every.append(child)
                # As ``filter(...).first()``: the first in the model's order holds the key.
                current.setdefault(child.relation_id, {}).setdefault(match(child), child)
        new: list[Any] = []
        changed: dict[int, Any] = {}
        keep: set[int] = set()
        final: dict[int, list[Any]] = {}
        for data, relation in zip(subjects, relations, strict=True):
            mine = current.get(relation.pk, {})
            made: dict[tuple[Any, ...], Any] = {}
            kept = final[relation.pk] = []
            for item in data.get(key) or []:
                values = build(item)
                child = model(relation_id=relation.pk, **values)
                found = mine.get(match(child)) or made.get(match(child))
                if found is None:
                    made[match(child)] = child
                    new.append(child)
                    kept.append(child)
                    continue
                if not any(found is other for other in kept):
                    kept.append(found)
                if found.pk is not None:
                    keep.add(found.pk)
                if any(getattr(found, f) != values[f] for f in fields):
                    for f in fields:
                        setattr(found, f, values[f])
                    if found.pk is not None:
                        changed[found.pk] = found
        gone = [child.pk for child in every if child.pk not in keep]
        for chunk in _chunks(gone, ROWS_PER_STATEMENT):
            manager.filter(pk__in=chunk).delete()
        if new:
            self._create_with_history(model, new)
        if changed:
            self._update_with_history(model, list(changed.values()), fields)
        # In the order the register gives them back.
        for kept in final.values():
            kept.sort(key=lambda child: tuple(getattr(child, name) for name in ordering))
        return final

    def _agreements_store(
        self, subjects: Sequence[Mapping[str, Any]], relations: list[Relation], old_pks: list[int]
    ) -> dict[int, list[Any]]:
        def build(a: Mapping[str, Any]) -> dict[str, Any]:
            return {
                "title": a["title"],
                "signed": date.fromisoformat(a["signed"]),
                "ends": _date(a.get("ends")),
                "notice_months": a.get("notice_months") or 0,
                "renews_automatically": bool(a.get("renews_automatically", False)),
                "renewal_months": a.get("renewal_months"),
            }

        return self._children_store(
            Agreement,
            subjects,
            relations,
            old_pks,
            key="agreements",
            build=build,
            match=lambda a: (a.title, a.signed),
            fields=AGREEMENT_FIELDS,
        )

    def _involvements_store(
        self, subjects: Sequence[Mapping[str, Any]], relations: list[Relation], old_pks: list[int]
    ) -> dict[int, list[Any]]:
        def build(i: Mapping[str, Any]) -> dict[str, Any]:
            return {
                "actor": i["actor"],
                "portfolio": i.get("portfolio") or "",
                "start": date.fromisoformat(i["start"]),
                "end": _date(i.get("end")),
                "initiative_id": i.get("initiative") or None,
            }

        return self._children_store(
            Involvement,
            subjects,
            relations,
            old_pks,
            key="involvements",
            build=build,
            match=lambda i: (i.actor, i.portfolio, i.start),
            fields=INVOLVEMENT_FIELDS,
        )

    def _relation_history(self, relations: list[Relation], kind: str) -> None:
        """A history row per relation, with its parties as the links now stand (what a
        ``save`` and a ``parties.set`` record, in one row)."""
        if not relations:
            return
        history_ids = history_rows_insert(
            Relation,
            relations,
            update=kind == "~",
            user=self.user,
            change_reason=self.door,
            returning=True,
        )
        through = Relation.parties.through
        link_ids: dict[tuple[int, int], int] = {}
        pks = [r.pk for r in relations if self._links.get(r.pk)]
        for chunk in _chunks(pks, ROWS_PER_STATEMENT):
            for pk, relation_id, party_id in through.objects.filter(
                relation_id__in=chunk
            ).values_list("pk", "relation_id", "party_id"):
                link_ids[(relation_id, party_id)] = pk
        m2m = [
            (history_id, link_ids[(relation.pk, party_id)], relation.pk, party_id)
            for relation, history_id in zip(relations, history_ids, strict=True)
            for party_id in self._links.get(relation.pk, [])
        ]
        rows_insert(self.history_m2m, self.history_m2m_fields, m2m)


def relations_store(
    *,
    subjects: Sequence[Mapping[str, Any]],
    source: str,
    verified: bool = True,
    user: User | None = None,
    progress: Progress | None = None,
    batch: int = BATCH,
) -> Stored:
    """Store checked relation subjects in batches and assess each batch; all or nothing.

    The subjects must have passed the checks (the caller's: an invalid one fails here with a
    database error, not a message). ``progress(done, total)`` after each batch.
    """
    stored = Stored()
    with transaction.atomic():
        writer = _Writer(source=source, verified=verified, user=user)
        for start in range(0, len(subjects), batch):
            part = subjects[start : start + batch]
            relations, created, updated = writer.batch_store(part)
            stored.created += created
            stored.updated += updated
            stored.assessed += _assess(relations)
            if progress:
                progress(start + len(part), len(subjects))
    for model in (Partner, Party, Relation, Agreement, Involvement):
        bulk_written.send(sender=model)
    return stored


def _assess(relations: list[Relation]) -> int:
    try:
        return assessing.facts_changed_many(subject_type="relation", instances=relations)
    except SubjectError as exc:
        problems = [SubjectProblem(p.subject_id or "", p.path, p.message) for p in exc.problems]
        raise SubjectsInvalid(problems) from exc
