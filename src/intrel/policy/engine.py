"""``evaluate``: facts about a subject + a framework + a date -> a decision. Pure."""

from __future__ import annotations

import functools
import string
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from intrel.policy.constants import (
    PURPOSE_ORDER,
    SEVERITY_RANK,
    MemberRole,
    OwnerKind,
    PurposeGroup,
    RelationStatus,
    Sector,
    SubjectType,
    label,
)
from intrel.policy.dates import honoured_end
from intrel.policy.decision import (
    Action,
    AddedValuePillar,
    Decision,
    Finding,
    OwnerDecision,
    Pillars,
    SolidarityPillar,
    trusted,
)
from intrel.policy.framework import (
    HONOURS_AGREEMENTS,
    ActionSpec,
    CompiledRule,
    Framework,
    Reason,
    RouteSpec,
    Texts,
    conditions_for,
)
from intrel.policy.rules import (
    REGISTRY,
    Context,
    Hit,
    L,
    Var,
    day,
    hours,
    join_labels,
    lab,
    money,
    owner_label,
)
from intrel.policy.subjects import BudgetLine, Committee, Relation, Subject

# The enums are ``StrEnum``s: a member hashes and compares as its value, so lookups and sort
# keys use the member itself (``.value`` is a descriptor call, on the hottest path).
_SECTOR_ORDER: dict[str, int] = {s: i for i, s in enumerate(Sector)}
_ROLE_ORDER: dict[str, int] = {r: i for i, r in enumerate(MemberRole)}
_PURPOSE_ORDER = PURPOSE_ORDER.__getitem__
_FAR = date.max


def _ordered(items: list[Any], key: Any) -> list[Any]:
    """``items`` sorted by ``key``; the list itself when it has nothing to sort."""
    return items if len(items) < 2 else sorted(items, key=key)


def _relation_key_involvement(i: Any) -> tuple[Any, ...]:
    return (i.start, i.actor, i.portfolio or "", i.end or _FAR, i.initiative or "")


def _relation_key_agreement(a: Any) -> tuple[Any, ...]:
    return (
        a.signed,
        a.title,
        a.ends or _FAR,
        a.notice_months,
        a.renews_automatically,
        a.renewal_months or 0,
    )


def _party_key(p: Any) -> tuple[Any, ...]:
    return (_SECTOR_ORDER[p.sector], p.name)


def _copy(subject: Relation, update: dict[str, Any]) -> Relation:
    """``subject.model_copy(update=update)`` for the lists :func:`canonical` reorders, without
    pydantic's general copy (the values are the subject's own, reordered)."""
    copy = _new(Relation)
    _set(copy, "__dict__", {**subject.__dict__, **update})
    _set(copy, "__pydantic_fields_set__", subject.__pydantic_fields_set__)
    _set(copy, "__pydantic_extra__", None)
    _set(copy, "__pydantic_private__", None)
    return copy


_new = object.__new__
_set = object.__setattr__


def canonical(subject: Subject) -> Subject:
    """The subject with every list in canonical order (so input order never matters).

    Lists of fewer than two items are left as they are, and a subject whose lists are all
    already in order is returned itself (no copy)."""
    if isinstance(subject, Relation):
        update: dict[str, Any] = {}
        if len(subject.purposes) > 1:
            purposes = sorted(set(subject.purposes), key=_PURPOSE_ORDER)
            if purposes != subject.purposes:
                update["purposes"] = purposes
        for name, items, key in (
            ("parties", subject.parties, _party_key),
            ("involvements", subject.involvements, _relation_key_involvement),
            ("agreements", subject.agreements, _relation_key_agreement),
        ):
            ordered = _ordered(items, key)
            if ordered is not items and any(
                a is not b for a, b in zip(ordered, items, strict=True)
            ):
                update[name] = ordered
        return _copy(subject, update) if update else subject
    if isinstance(subject, Committee):
        members = _ordered(
            subject.members,
            lambda m: (
                _ROLE_ORDER[m.role],
                m.name,
                m.is_council_member,
                m.is_mayor,
                m.elected_by_committee,
            ),
        )
        if members is subject.members or all(
            a is b for a, b in zip(members, subject.members, strict=True)
        ):
            return subject
        return subject.model_copy(update={"members": members})
    return subject


class _Lang:
    """A read-only view of template variables in one language (for ``str.format_map``)."""

    __slots__ = ("index", "variables")

    def __init__(self, variables: dict[str, Var], index: int) -> None:
        self.variables = variables
        self.index = index

    def __getitem__(self, key: str) -> str:
        value = self.variables[key]
        return value[self.index] if isinstance(value, L) else value


def _fmt(texts: Texts, variables: dict[str, Var]) -> tuple[str, str]:
    return texts.nl.format_map(_Lang(variables, 0)), texts.en.format_map(_Lang(variables, 1))


class _Builder:
    def __init__(self, framework: Framework, as_of: date) -> None:
        self.framework = framework
        self.as_of = as_of
        self.findings: list[Finding] = []
        self.actions: list[Action] = []
        self.trace: list[str] = []
        self.phase_out: date | None = None

    def action_date(self, effect: str, subject: Subject) -> date:
        if effect in HONOURS_AGREEMENTS and isinstance(subject, Relation):
            if self.phase_out is None:
                # No written agreement in force: the framework's default notice (IMP-3).
                self.phase_out = honoured_end(
                    subject.agreements, self.as_of, self.framework.spec.default_notice_months
                )
            return self.phase_out
        return self.as_of

    def run_rules(self, ctx: Context, subject_type: SubjectType) -> None:
        status = ctx.subject.status if isinstance(ctx.subject, Relation) else None
        table = _rule_table(self.framework, subject_type, status, ctx.conditions)
        common = ctx.common
        findings, actions_out = self.findings, self.actions
        for compiled, run, actions, message, descriptions in table:
            hits = run(ctx, compiled.params)
            if not hits:
                continue
            spec = compiled.spec
            self.trace.append(spec.id)
            finding = spec.finding
            for hit in hits:
                text, text_en = message.render(hit, common, None)
                findings.append(
                    trusted(
                        Finding,
                        {
                            "code": finding.code,
                            "severity": finding.severity,
                            "clauses": list(finding.clauses),
                            "message": text,
                            "message_en": text_en,
                        },
                    )
                )
                for action, description in zip(actions, descriptions, strict=True):
                    effective = self.action_date(action.effect, ctx.subject)
                    text, text_en = description.render(hit, common, _day(effective))
                    actions_out.append(
                        trusted(
                            Action,
                            {
                                "code": action.code,
                                "effective_from": effective,
                                "clauses": list(action.clauses or finding.clauses),
                                "description": text,
                                "description_en": text_en,
                            },
                        )
                    )

    def sorted_findings(self) -> list[Finding]:
        return sorted(
            self.findings,
            key=lambda f: (SEVERITY_RANK[f.severity], f.code, f.message_en, f.message),
        )

    def sorted_actions(self) -> list[Action]:
        unique: dict[tuple[str, date, str, str], Action] = {}
        for action in self.actions:
            key = (action.code, action.effective_from, action.description_en, action.description)
            unique.setdefault(key, action)
        return [unique[k] for k in sorted(unique)]


def _applies(statuses: list[RelationStatus] | None, status: RelationStatus | None) -> bool:
    """Whether a rule, action or owner move limited to ``statuses`` applies (READING.md 8)."""
    return statuses is None or status is None or status in statuses


# A rule that applies, its logic, its actions that apply (to one status), and its finding's
# and those actions' texts compiled.
_TableRow = tuple[
    CompiledRule,
    Callable[[Context, Any], list[Hit]],
    tuple[ActionSpec, ...],
    "_Template",
    tuple["_Template", ...],
]


def _rule_table(
    framework: Framework,
    subject_type: SubjectType,
    status: RelationStatus | None,
    conditions: dict[str, bool],
) -> tuple[_TableRow, ...]:
    """The framework's rules for one subject type that apply to a subject with this status
    and these conditions (its ``when`` and ``statuses``), in file order, with their logic and
    their actions for the status: computed once per framework and situation, not per rule
    per subject."""
    tables = _framework_cache(framework).rule_tables
    key = (subject_type, status, tuple(conditions.items()))
    table = tables.get(key)
    if table is None:
        rows: list[_TableRow] = []
        for compiled in framework.rules[subject_type]:
            spec = compiled.spec
            if not (conditions.get(spec.when, True) and _applies(spec.statuses, status)):
                continue
            actions = tuple(a for a in spec.actions if _applies(a.statuses, status))
            rows.append(
                (
                    compiled,
                    REGISTRY[spec.logic].run,
                    actions,
                    _template(spec.finding.message),
                    tuple(_template(a.description) for a in actions),
                )
            )
        table = tables[key] = tuple(rows)
    return table


_FORMATTER = string.Formatter()


class _Template:
    """A text's two templates with their named fields made positional: rendering looks each
    field up once (in the hit, else the subject's common variables), splits a two-language
    value, and formats each language with ``str.format``. The same text as
    ``str.format_map`` over the merged variables (a test compares them), without building
    and merging two dicts per hit. A text this cannot rewrite (a positional or nested field)
    keeps ``format_map``."""

    __slots__ = ("en", "fields", "nl", "reads", "texts")

    def __init__(self, texts: Texts) -> None:
        self.texts = texts
        # Every variable either text reads (by its base name).
        self.reads = tuple(
            sorted(
                {
                    name.split(".")[0].split("[")[0]
                    for template in (texts.nl, texts.en)
                    for _, name, _, _ in _FORMATTER.parse(template)
                    if name
                }
            )
        )
        names: list[str] = []
        nl, en = _positional(texts.nl, names), _positional(texts.en, names)
        self.fields: tuple[str, ...] | None = (
            tuple(names) if nl is not None and en is not None else None
        )
        self.nl, self.en = nl or texts.nl, en or texts.en

    def render(self, hit: Hit, common: dict[str, Var], effective_from: L | None) -> tuple[str, str]:
        fields = self.fields
        if fields is None:
            variables = {**common, **hit}
            if effective_from is not None:
                variables["effective_from"] = effective_from
            return _fmt(self.texts, variables)
        nl: list[Any] = []
        en: list[Any] = []
        for name in fields:
            if effective_from is not None and name == "effective_from":
                value: Var = effective_from
            else:
                value = hit[name] if name in hit else common[name]
            if type(value) is L:
                nl.append(value[0])
                en.append(value[1])
            else:
                nl.append(value)
                en.append(value)
        return self.nl.format(*nl), self.en.format(*en)


def _positional(template: str, names: list[str]) -> str | None:
    """``template`` with each named field replaced by its index in ``names`` (appended when
    new), literal braces kept; None when it has a positional or nested field."""
    out: list[str] = []
    for literal, name, spec, conversion in _FORMATTER.parse(template):
        out.append(literal.replace("{", "{{").replace("}", "}}"))
        if name is None:
            continue
        base = name.split(".")[0].split("[")[0]
        if not base or base.isdigit() or (spec and "{" in spec):
            return None
        if base not in names:
            names.append(base)
        field = str(names.index(base)) + name[len(base) :]
        if conversion:
            field += "!" + conversion
        if spec:
            field += ":" + spec
        out.append("{" + field + "}")
    return "".join(out)


# By the texts' identity (a framework's texts live as long as it does; the entry holds them,
# so an id is not reused while its entry stands).
_TEMPLATES: dict[int, _Template] = {}


def _template(texts: Texts) -> _Template:
    found = _TEMPLATES.get(id(texts))
    if found is None or found.texts is not texts:
        if len(_TEMPLATES) >= 10_000:
            _TEMPLATES.clear()
        found = _TEMPLATES[id(texts)] = _Template(texts)
    return found


@functools.lru_cache(maxsize=4096)
def _day(value: date) -> L:
    """:func:`rules.day`, cached: the effective dates of actions repeat (mostly ``as_of``)."""
    return day(value)


def _relation_common(framework: Framework, relation: Relation) -> dict[str, Var]:
    ending = framework.spec.ending
    # IMP-4/AAN-1: who decides an ending is the file's (helmond-2013: the council where the
    # council set the relation up, else the executive board).
    decided_by = ending.by_initiator.get(relation.initiated_by, ending.decided_by)
    return {
        "id": relation.id,
        "name": relation.name,
        "partner": relation.partner.name,
        "country": relation.partner.country,
        "initiated_by": lab(relation.initiated_by),
        "purposes": join_labels(tuple(relation.purposes)),
        "decided_by": lab(decided_by),
    }


def _situation_uncached(
    framework: Framework, relation: Relation, common: dict[str, Var]
) -> _Situation:
    """The pillars and the owner of a relation: what its purposes and ``mutual_value`` say
    (and the template variables the pillar and route texts read).

    Computed once per situation (:func:`_situation`), so this is the cost of a relation
    whose purposes a process has not met yet (a first pass over new relations). Even then it
    is assembled from three parts that relations share far more often than whole
    situations (in the benchmark's 25,000 subjects: 5,025 situations, but 16 solidarity
    pillars, about 700 added-value pillars and about 1,000 owners): each part is cached by
    what it reads (:func:`_solidarity_part`, :func:`_value_part`, :func:`_owner_part`),
    its texts rendered from their compiled templates (:class:`_Template`), and the
    conditions and the route are looked up per combination of the four pillar flags."""
    cache = _framework_cache(framework)
    group_of = framework.group_of
    solidarity: list[str] = []
    economic: list[str] = []
    topical_all: list[str] = []
    for purpose in relation.purposes:
        group = group_of[purpose]
        if group == PurposeGroup.SOLIDARITY:
            solidarity.append(purpose.value)
        elif group == PurposeGroup.ECONOMIC:
            economic.append(purpose.value)
        elif group == PurposeGroup.ADDED_VALUE:
            topical_all.append(purpose.value)
    if relation.mutual_value:
        topical, one_sided = topical_all, []
    else:
        topical, one_sided = [], topical_all
    flags = (bool(solidarity), bool(economic), bool(topical), bool(one_sided))
    routed = cache.routes.get(flags)
    if routed is None:
        conditions = conditions_for(*flags)
        routed = cache.routes[flags] = (
            conditions,
            next(r for r in framework.spec.routing if conditions[r.when]),
        )
    conditions, route = routed
    sol = tuple(solidarity)
    domains = tuple(economic + topical)

    # Each part is keyed by what it reads: its purposes, and the subject's variables its
    # texts read beyond those the part gives them.
    pillars = framework.spec.pillars
    reason = pillars.solidarity.applies if sol else pillars.solidarity.not_applies
    key: tuple[Any, ...] = (sol, _reads(common, _PILLAR_GIVES, reason.because))
    sol_pillar = cache.solidarity_parts.get(key)
    if sol_pillar is None:
        sol_pillar = cache.solidarity_parts[key] = _solidarity_part(framework, sol, common)
    value = pillars.added_value
    texts = [value.economic.because] if economic else []
    if topical:
        texts.append(value.topical.because)
    key = (tuple(economic), tuple(topical), _reads(common, _PILLAR_GIVES, *texts))
    val_pillar = cache.value_parts.get(key)
    if val_pillar is None:
        val_pillar = cache.value_parts[key] = _value_part(framework, economic, topical, common)
    # The owner reads the route, the topics when the route takes its portfolio from them,
    # and the domains its text names.
    key = (
        route.id,
        tuple(topical) if route.owner.from_topic else (),
        domains or sol,
        _reads(common, _OWNER_GIVES, route.because),
    )
    owned = cache.owner_parts.get(key)
    if owned is None:
        owned = cache.owner_parts[key] = _owner_part(
            framework, route, topical, domains or sol, common
        )
    owner, owner_name = owned

    trace: list[str] = []
    if solidarity:
        trace.append("pillars.solidarity")
    if val_pillar.applies:
        trace.append("pillars.added_value")
    trace.append(route.id)
    return _Situation(
        conditions=conditions,
        domains=join_labels(domains),
        one_sided=join_labels(tuple(one_sided)),
        pillars=trusted(Pillars, {"solidarity": sol_pillar, "added_value": val_pillar}),
        owner=owner,
        route=route,
        owner_name=owner_name,
        trace=tuple(trace),
    )


# The variables a pillar's or the owner's texts are given by the part itself (the rest they
# read from the subject's common variables).
_PILLAR_GIVES = frozenset({"domains"})
_OWNER_GIVES = frozenset({"portfolio", "portfolio_name", "domains", "owner"})


def _reads(common: dict[str, Var], gives: frozenset[str], *texts: Texts) -> tuple[Var | None, ...]:
    """The values of the subject's variables that ``texts`` read beyond ``gives``."""
    return tuple([common.get(n) for t in texts for n in _template(t).reads if n not in gives])


def _solidarity_part(
    framework: Framework, solidarity: tuple[str, ...], common: dict[str, Var]
) -> SolidarityPillar:
    """The solidarity pillar of a relation with these solidarity purposes."""
    spec = framework.spec.pillars.solidarity
    reason = spec.applies if solidarity else spec.not_applies
    because = _template(reason.because).render({"domains": join_labels(solidarity)}, common, None)
    return trusted(
        SolidarityPillar,
        {
            "applies": bool(solidarity),
            "clauses": list(reason.clauses),
            "because": because[0],
            "because_en": because[1],
        },
    )


def _value_part(
    framework: Framework, economic: list[str], topical: list[str], common: dict[str, Var]
) -> AddedValuePillar:
    """The added-value pillar of a relation with these economic and (mutual) topical
    purposes."""
    spec = framework.spec.pillars.added_value
    reasons: list[tuple[Reason, list[str]]] = []
    if economic:
        reasons.append((spec.economic, economic))
    if topical:
        reasons.append((spec.topical, topical))
    if reasons:
        clauses = _merge_clauses(r.clauses for r, _ in reasons)
        texts = [
            _template(r.because).render({"domains": join_labels(tuple(ds))}, common, None)
            for r, ds in reasons
        ]
        because = (" ".join(t[0] for t in texts), " ".join(t[1] for t in texts))
    else:
        clauses = list(spec.not_applies.clauses)
        because = _template(spec.not_applies.because).render(
            {"domains": join_labels(())}, common, None
        )
    return trusted(
        AddedValuePillar,
        {
            "applies": bool(reasons),
            "domains": economic + topical,
            "clauses": clauses,
            "because": because[0],
            "because_en": because[1],
        },
    )


def _owner_part(
    framework: Framework,
    route: RouteSpec,
    topical: list[str],
    named: tuple[str, ...],
    common: dict[str, Var],
) -> tuple[OwnerDecision, L]:
    """The owner the first route whose condition holds gives (``named``: the domains its
    text names), and the owner as texts name it."""
    kind, portfolio = _route_owner(framework, route, topical)
    owner_name = owner_label(kind.value, portfolio, framework)
    because = _template(route.because).render(
        {
            "portfolio": portfolio or "-",
            "portfolio_name": framework.portfolio_names.get(portfolio or "", _NO_NAME),
            "domains": join_labels(named),
            "owner": owner_name,
        },
        common,
        None,
    )
    owner = trusted(
        OwnerDecision,
        {
            "kind": kind,
            "portfolio": portfolio,
            "clauses": list(route.clauses),
            "because": because[0],
            "because_en": because[1],
        },
    )
    return owner, owner_name


_NO_NAME = L("-", "-")


@dataclass(frozen=True)
class _Situation:
    conditions: dict[str, bool]
    domains: L  # the labels of the domains the rules' texts name (``domains``)
    one_sided: L  # and of the purposes of one-sided value (``one_sided_purposes``)
    pillars: Pillars
    owner: OwnerDecision
    route: RouteSpec
    owner_name: L  # the owner as texts name it (owner.kind and owner.portfolio)
    trace: tuple[str, ...]


# Variables the situation's texts may read that follow from the purposes and mutual_value
# alone (the rest of a text's variables become part of the cache key).
_SITUATION_VARIABLES = frozenset({"domains", "purposes", "portfolio", "portfolio_name", "owner"})
_SITUATION_CACHE_SIZE = 10_000


class _FrameworkCache:
    """Per framework: the relation variables its pillar and route texts read beyond the
    situation's own, and the situations computed so far (bounded: cleared when full)."""

    def __init__(self, framework: Framework) -> None:
        spec = framework.spec
        sol, val = spec.pillars.solidarity, spec.pillars.added_value
        texts = [sol.applies, sol.not_applies, val.economic, val.topical, val.not_applies]
        templates = [t for r in texts for t in (r.because.nl, r.because.en)]
        templates += [t for r in spec.routing for t in (r.because.nl, r.because.en)]
        fields = {
            name.split(".")[0].split("[")[0]
            for template in templates
            for _, name, _, _ in string.Formatter().parse(template)
            if name is not None
        }
        self.extra = tuple(sorted(fields - _SITUATION_VARIABLES))
        self.situations: dict[tuple[Any, ...], _Situation] = {}
        # The parts a situation is made of (see _situation_uncached), emptied with it.
        self.solidarity_parts: dict[tuple[Any, ...], SolidarityPillar] = {}
        self.value_parts: dict[tuple[Any, ...], AddedValuePillar] = {}
        self.owner_parts: dict[tuple[Any, ...], tuple[OwnerDecision, L]] = {}
        # Per combination of the four pillar flags (16 at most): the conditions and the route.
        self.routes: dict[tuple[bool, ...], tuple[dict[str, bool], RouteSpec]] = {}
        # Few keys: subject type x status x the situation's conditions.
        self.rule_tables: dict[tuple[Any, ...], tuple[_TableRow, ...]] = {}
        # Per action code: the ids of the relation rules it resolves.
        self.resolved_by_move: dict[str, frozenset[str]] = {}


_CACHES: dict[int, tuple[weakref.ref[Framework], _FrameworkCache]] = {}


def _framework_cache(framework: Framework) -> _FrameworkCache:
    entry = _CACHES.get(id(framework))
    if entry is None or entry[0]() is not framework:
        key = id(framework)
        ref = weakref.ref(framework, lambda _ref: _CACHES.pop(key, None))
        entry = _CACHES[key] = (ref, _FrameworkCache(framework))
    return entry[1]


def _situation(framework: Framework, relation: Relation, common: dict[str, Var]) -> _Situation:
    """:func:`_situation_uncached`, cached per framework by (purposes, mutual_value, the
    values of any other variable the texts read): relations share a few hundred
    situations. A cached situation's models are shared by the decisions that have it (they
    are frozen).

    The key must hold everything :func:`_situation_uncached` reads from the relation (a test
    records what it reads): a pillar or routing rule that comes to read another fact (a new
    framework parameter, the status) adds that fact here."""
    cache = _framework_cache(framework)
    extra = cache.extra
    key = (
        (tuple(relation.purposes), relation.mutual_value, tuple([common.get(n) for n in extra]))
        if extra
        else (tuple(relation.purposes), relation.mutual_value)
    )
    found = cache.situations.get(key)
    if found is None:
        found = _situation_uncached(framework, relation, common)
        if len(cache.situations) >= _SITUATION_CACHE_SIZE:
            cache.situations.clear()
            cache.solidarity_parts.clear()
            cache.value_parts.clear()
            cache.owner_parts.clear()
        cache.situations[key] = found
    return found


def _evaluate_relation(framework: Framework, relation: Relation, as_of: date) -> Decision:
    spec = framework.spec
    common = _relation_common(framework, relation)
    situation = _situation(framework, relation, common)
    conditions, domains, one_sided = situation.conditions, situation.domains, situation.one_sided
    pillars, owner, route = situation.pillars, situation.owner, situation.route
    kind, portfolio, owner_name = owner.kind, owner.portfolio, situation.owner_name
    b = _Builder(framework, as_of)
    b.trace.extend(situation.trace)

    if relation.status not in spec.skip_statuses:
        registered = relation.owner
        move_finding: Finding | None = None
        move = spec.owner_move
        if (
            move.enabled
            and _applies(move.statuses, relation.status)
            and kind != OwnerKind.NONE
            and (registered.kind, registered.portfolio) != (kind, portfolio)
        ):
            b.trace.append(move.id)
            move_vars: dict[str, Var] = {
                "owner": owner_name,
                "registered_owner": owner_label(
                    registered.kind.value, registered.portfolio, framework
                ),
                "route": route.id,
            }
            if move.finding is not None:
                message, message_en = _template(move.finding.message).render(
                    move_vars, common, None
                )
                move_finding = trusted(
                    Finding,
                    {
                        "code": move.finding.code,
                        "severity": move.finding.severity,
                        "clauses": list(move.finding.clauses or route.clauses),
                        "message": message,
                        "message_en": message_en,
                    },
                )
            description, description_en = _template(move.description).render(
                move_vars, common, None
            )
            b.actions.append(
                trusted(
                    Action,
                    {
                        "code": move.code,
                        "effective_from": b.action_date(move.effect, relation),
                        "clauses": list(route.clauses),
                        "description": description,
                        "description_en": description_en,
                    },
                )
            )
        ctx = Context(
            framework,
            as_of,
            relation,
            conditions,
            {
                **common,
                "domains": domains,
                "one_sided_purposes": one_sided,
            },
            (kind.value, portfolio),
        )
        b.run_rules(ctx, SubjectType.RELATION)
        if move_finding is not None and not _move_already_found(framework, b.trace, move.code):
            b.findings.append(move_finding)

    return trusted(
        Decision,
        {
            "subject": SubjectType.RELATION,
            "id": relation.id,
            "framework": framework.id,
            "framework_version": framework.version,
            "as_of": as_of,
            "pillars": pillars,
            "owner": owner,
            "findings": b.sorted_findings(),
            "actions": b.sorted_actions(),
            "trace": b.trace,
        },
    )


def _move_already_found(framework: Framework, trace: list[str], move_code: str) -> bool:
    """Whether a rule that fired is itself resolved by the owner move (e.g. a solidarity
    relation owned by the board, BES-9): the mismatch is then already a finding, and the
    owner move's own finding would only repeat it."""
    cache = _framework_cache(framework)
    resolved = cache.resolved_by_move.get(move_code)
    if resolved is None:
        resolved = cache.resolved_by_move[move_code] = frozenset(
            compiled.spec.id
            for compiled in framework.rules[SubjectType.RELATION]
            if move_code in compiled.spec.resolved_by
        )
    return not resolved.isdisjoint(trace)


def _merge_clauses(groups: Any) -> list[str]:
    out: list[str] = []
    for group in groups:
        for clause in group:
            if clause not in out:
                out.append(clause)
    return out


def _route_owner(
    framework: Framework, route: RouteSpec, topical: list[str]
) -> tuple[OwnerKind, str | None]:
    if route.owner.from_topic:
        codes = {framework.topic_of[p] for p in topical}
        best = min(codes, key=lambda c: framework.topic_rank[c])
        return OwnerKind.PORTFOLIO, best
    return route.owner.kind, route.owner.portfolio


def _evaluate_other(framework: Framework, subject: Committee | BudgetLine, as_of: date) -> Decision:
    b = _Builder(framework, as_of)
    common: dict[str, Var]
    if isinstance(subject, Committee):
        common = {
            "id": subject.id,
            "name": subject.name or subject.id,
            "installed_by": lab(subject.installed_by.value),
        }
        subject_type = SubjectType.COMMITTEE
    else:
        common = {
            "id": subject.id,
            "name": subject.name or subject.id,
            "purpose": lab(subject.purpose.value),
            "money": money(subject.money_eur_per_year),
            "hours": hours(subject.staff_hours_per_year),
            "held_by": owner_label(subject.held_by.value, subject.portfolio, framework),
            "portfolio": subject.portfolio or "-",
        }
        subject_type = SubjectType.BUDGET_LINE
    b.run_rules(Context(framework, as_of, subject, {}, common), subject_type)
    return Decision(
        subject=subject_type,
        id=subject.id,
        framework=framework.id,
        framework_version=framework.version,
        as_of=as_of,
        findings=b.sorted_findings(),
        actions=b.sorted_actions(),
        trace=b.trace,
    )


def resolve_as_of(subject: Subject, as_of: date | None) -> date:
    """Explicit argument > the subject's own ``as_of`` > today."""
    if as_of is not None:
        return as_of
    if subject.as_of is not None:
        return subject.as_of
    return date.today()


def evaluate(framework: Framework, subject: Subject, as_of: date | None = None) -> Decision:
    """The decision of ``framework`` on ``subject`` at ``as_of``.

    ``as_of``: this argument, else the subject's own ``as_of``, else today. Deterministic:
    list order in the subject never changes the result.
    """
    when = resolve_as_of(subject, as_of)
    facts = canonical(subject)
    if isinstance(facts, Relation):
        return _evaluate_relation(framework, facts, when)
    return _evaluate_other(framework, facts, when)


__all__ = ["canonical", "evaluate", "label", "resolve_as_of"]
