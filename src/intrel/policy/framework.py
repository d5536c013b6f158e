"""Framework files: their schema, loading, and validation.

A framework is data (``policies/<id>.yaml``). A file is loaded whole or not at all: every
problem found (schema, unknown clause, ungrouped purpose, unknown or unreachable rule, bad
template) is collected and raised together as :class:`FrameworkError`.
"""

from __future__ import annotations

import itertools
import os
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
)
from pydantic_core import ErrorDetails

from intrel.policy.constants import (
    Actor,
    Initiator,
    OwnerKind,
    Purpose,
    PurposeGroup,
    RelationStatus,
    Severity,
    SubjectType,
)
from intrel.policy.rules import COMMON_VARIABLES, REGISTRY, L, NoParams
from intrel.policy.subjects import error_message, format_path

CODE_PATTERN = r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$"
CLAUSE_PATTERN = r"^[A-Z]{2,5}-[0-9]+$"
PORTFOLIO_PATTERN = r"^[A-Z][A-Z0-9]{0,9}$"
RULE_ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"

ENV_VAR = "INTREL_POLICY_PATH"
DEFAULT_PATH = Path(__file__).resolve().parents[3] / "policies"

Condition = Literal[
    "always",
    "solidarity",
    "solidarity_only",
    "added_value",
    "economic_value",
    "topical_value",
    "topical_value_only",
    "both_pillars",
    "neither_pillar",
    "one_sided",
]
Effect = Literal[
    "move_owner",
    "phase_out",
    "reduce",
    "consult",
    "end_involvement",
    "link_involvement",
    "transfer_to_committee",
    "transfer_to_economic_portfolio",
    "add_partners",
    "hand_over",
    "committee_composition",
    "review",
    "decline",
    "withdraw_budget",
    "transfer_to_owner",
]
# Actions with these effects end or reduce a relation: they honour agreements (IMP-3).
HONOURS_AGREEMENTS: frozenset[str] = frozenset({"phase_out", "reduce"})


def _version(value: object) -> object:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Text = Annotated[StrictStr, Field(min_length=1)]
ClauseId = Annotated[StrictStr, Field(pattern=CLAUSE_PATTERN)]
Code = Annotated[StrictStr, Field(pattern=CODE_PATTERN)]
RuleId = Annotated[StrictStr, Field(pattern=RULE_ID_PATTERN)]
PortfolioCode = Annotated[StrictStr, Field(pattern=PORTFOLIO_PATTERN)]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Texts(_Spec):
    nl: Text
    en: Text


class ClauseSpec(_Spec):
    id: ClauseId
    section: Text
    kind: Literal["fact", "principle", "rule", "process"]
    nl: Text
    en: Text


class PurposeGroupsSpec(_Spec):
    solidarity: list[Purpose]
    economic: list[Purpose]
    added_value: list[Purpose]
    other: list[Purpose] = Field(default_factory=list)


class PortfolioSpec(_Spec):
    code: PortfolioCode
    nl: Text
    en: Text


class TopicalPortfolioSpec(PortfolioSpec):
    purposes: Annotated[list[Purpose], Field(min_length=1)]


class Reason(_Spec):
    clauses: Annotated[list[ClauseId], Field(min_length=1)]
    because: Texts


class SolidarityPillarSpec(_Spec):
    applies: Reason
    not_applies: Reason


class AddedValuePillarSpec(_Spec):
    economic: Reason
    topical: Reason
    not_applies: Reason


class PillarsSpec(_Spec):
    solidarity: SolidarityPillarSpec
    added_value: AddedValuePillarSpec


class OwnerSpec(_Spec):
    kind: OwnerKind
    portfolio: PortfolioCode | None = None
    from_topic: StrictBool = False


class RouteSpec(_Spec):
    id: RuleId
    when: Condition
    owner: OwnerSpec
    clauses: Annotated[list[ClauseId], Field(min_length=1)]
    because: Texts


class OwnerMoveFindingSpec(_Spec):
    """The finding that goes with an owner move: the registered owner differs from the routed."""

    code: Code
    severity: Severity = Severity.WARNING
    clauses: Annotated[list[ClauseId], Field(min_length=1)] | None = None  # default: the route's
    message: Texts


# The relation statuses a rule, action or owner move applies to (READING.md 8); None: every
# status not in ``skip_statuses``.
Statuses = list[RelationStatus] | None


class OwnerMoveSpec(_Spec):
    id: RuleId
    enabled: StrictBool = True
    statuses: Statuses = None
    code: Code
    effect: Effect = "move_owner"
    description: Texts
    finding: OwnerMoveFindingSpec | None = None


class FindingSpec(_Spec):
    code: Code
    severity: Severity
    clauses: Annotated[list[ClauseId], Field(min_length=1)]
    message: Texts


class ActionSpec(_Spec):
    code: Code
    effect: Effect
    statuses: Statuses = None
    clauses: Annotated[list[ClauseId], Field(min_length=1)] | None = None
    description: Texts


class RuleSpec(_Spec):
    id: RuleId
    logic: Text
    enabled: StrictBool = True
    when: Condition = "always"
    statuses: Statuses = None
    params: dict[str, Any] = Field(default_factory=dict)
    finding: FindingSpec
    actions: list[ActionSpec] = Field(default_factory=list)
    resolved_by: list[Code] = Field(default_factory=list)
    note: Text | None = None


Body = Literal["council", "executive_board", "mayor"]


class EndingSpec(_Spec):
    """Who decides ending a relation (IMP-4, AAN-1): ``by_initiator`` maps who set the relation
    up to the deciding body; any other relation is decided by ``decided_by``."""

    decided_by: Body = "executive_board"
    by_initiator: dict[Initiator, Body] = Field(default_factory=dict)


class ChairElectionSpec(_Spec):
    """The committee elects its own chair (helmond-2013: BES-10). From the framework's
    ``effective_from`` a chair is seated only by the committee's election (before it, by
    virtue of office, ACH-3), and only council members stand for chair. The governance
    services refuse a shortcut citing ``clauses`` (:mod:`intrel.policy.seating`)."""

    clauses: Annotated[list[ClauseId], Field(min_length=1)]
    candidates_council_members: StrictBool = True


class FrameworkSpec(_Spec):
    """The schema of a framework file (every key is documented in docs/policy-engine.md)."""

    id: RuleId
    version: Annotated[Text, BeforeValidator(_version)]
    title: Texts
    adopted: Text | None = None
    # The date the framework takes effect: before it the situation before the framework
    # applied (helmond-2013: 2014-01-01; ACH-3, the mayor chaired the committee until then).
    effective_from: date | None = None
    source: Text | None = None
    description: Texts | None = None
    clauses: Annotated[list[ClauseSpec], Field(min_length=1)]
    purpose_groups: PurposeGroupsSpec
    administrators: list[Actor]
    skip_statuses: list[RelationStatus] = Field(default_factory=list)
    # An administrator's involvement is temporary only if it ends at most this many months
    # after its start (READING.md 8; helmond-2013: 48, one council term). None: no bound.
    max_involvement_months: Annotated[StrictInt, Field(ge=1, le=600)] | None = None
    # The notice a relation without a written agreement gets before a phase-out takes effect
    # (IMP-3): a phase-out of a relation with no agreement in force is not before ``as_of`` +
    # this. None or 0: at ``as_of``.
    default_notice_months: Annotated[StrictInt, Field(ge=0, le=600)] | None = None
    # A relation with no recorded activity for this many months is dormant (logic ``dormant``).
    dormant_after_months: Annotated[StrictInt, Field(ge=1, le=600)] | None = None
    # The most money one citizen initiative may get (logic ``budget_over_initiative_max``).
    max_per_initiative_eur: (
        Annotated[Decimal, Field(gt=0, max_digits=14, decimal_places=2)] | None
    ) = None
    economic_portfolio: PortfolioSpec
    topical_portfolios: list[TopicalPortfolioSpec]
    # Portfolios that own no topic but can be routed to (e.g. solidarity with a social-affairs
    # portfolio holder in a framework without a committee).
    portfolios: list[PortfolioSpec] = Field(default_factory=list)
    ending: EndingSpec = Field(default_factory=EndingSpec)
    # The committee's name as texts and pages say it, with its article ("de commissie
    # Internationale Betrekkingen"); absent: the generic label of the owner kind committee.
    committee: Texts | None = None
    # How the committee's chair is seated (BES-10); absent: the software enforces no rule
    # of the framework on it (a framework without a committee, or one that says nothing).
    chair_election: ChairElectionSpec | None = None
    pillars: PillarsSpec
    routing: Annotated[list[RouteSpec], Field(min_length=1)]
    owner_move: OwnerMoveSpec
    rules: list[RuleSpec]


class FrameworkError(ValueError):
    """A framework file that cannot be loaded; ``problems`` lists every problem found."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(source)

    def __str__(self) -> str:
        return "\n".join(f"{self.source}: {p}" for p in self.problems)


class UnknownFrameworkError(LookupError):
    """No framework with that id on the search path; ``known`` lists the ids there are."""

    def __init__(self, name: str, known: list[str]) -> None:
        self.name = name
        self.known = known
        super().__init__(name)

    def __str__(self) -> str:
        listed = ", ".join(self.known) if self.known else "(none)"
        return f'unknown framework "{self.name}"; known frameworks: {listed}'


@dataclass(frozen=True)
class CompiledRule:
    spec: RuleSpec
    params: NoParams
    subject: SubjectType


@dataclass(frozen=True)
class Framework:
    """A validated framework, with the lookups the engine needs precomputed."""

    spec: FrameworkSpec
    path: Path | None
    clauses: Mapping[str, ClauseSpec]
    group_of: Mapping[str, PurposeGroup]
    topic_of: Mapping[str, str]
    topic_rank: Mapping[str, int]
    portfolio_names: Mapping[str, L]
    administrators: frozenset[str]
    rules: Mapping[SubjectType, tuple[CompiledRule, ...]]
    effect_of: Mapping[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def version(self) -> str:
        return self.spec.version

    @property
    def title(self) -> Texts:
        return self.spec.title

    def clause_text(self, clause_id: str, lang: str = "nl") -> str:
        clause = self.clauses[clause_id]
        return clause.nl if lang == "nl" else clause.en


def clause_text(framework: Framework, clause_id: str, lang: str = "nl") -> str:
    """The framework's text of a clause, in Dutch (``nl``, the memo's words) or English (``en``).

    Raises KeyError for an unknown clause and ValueError for another language.
    """
    if lang not in ("nl", "en"):
        raise ValueError(f"language must be nl or en, not {lang!r}")
    return framework.clause_text(clause_id, lang)


# --- validation --------------------------------------------------------------------------

_SITUATION_FLAGS = ("sol", "econ", "topical", "one_sided")


def conditions_for(sol: bool, econ: bool, topical: bool, one_sided: bool) -> dict[str, bool]:
    """Every condition's truth for one pillar situation."""
    value = econ or topical
    return {
        "always": True,
        "solidarity": sol,
        "solidarity_only": sol and not value,
        "added_value": value,
        "economic_value": econ,
        "topical_value": topical,
        "topical_value_only": topical and not econ,
        "both_pillars": sol and value,
        "neither_pillar": not sol and not value,
        "one_sided": one_sided,
    }


def _possible_situations(spec: FrameworkSpec) -> list[dict[str, bool]]:
    groups = spec.purpose_groups
    possible = {
        "sol": bool(groups.solidarity),
        "econ": bool(groups.economic),
        "topical": bool(groups.added_value),
        "one_sided": bool(groups.added_value),
    }
    out = []
    for values in itertools.product((False, True), repeat=4):
        flags = dict(zip(_SITUATION_FLAGS, values, strict=True))
        if any(flags[k] and not possible[k] for k in flags):
            continue
        # mutual_value is one flag: added-value purposes are either mutual or one-sided.
        if flags["topical"] and flags["one_sided"]:
            continue
        out.append(
            conditions_for(flags["sol"], flags["econ"], flags["topical"], flags["one_sided"])
        )
    return out


def _placeholders(template: str) -> set[str]:
    names = set()
    for _literal, name, _spec, _conv in string.Formatter().parse(template):
        if name is not None:
            names.add(name)
    return names


def _check_template(problems: list[str], where: str, texts: Texts, allowed: Iterable[str]) -> None:
    allowed_set = set(allowed)
    for lang in ("nl", "en"):
        template = getattr(texts, lang)
        try:
            names = _placeholders(template)
        except ValueError as exc:
            problems.append(f"{where}.{lang}: bad template: {exc}")
            continue
        unknown = sorted(n for n in names if n not in allowed_set)
        if unknown:
            problems.append(
                f"{where}.{lang}: unknown placeholder(s) {', '.join(unknown)}; "
                f"available: {', '.join(sorted(allowed_set))}"
            )


# Logic that reads the framework's ``max_involvement_months``.
NEEDS_MAX_INVOLVEMENT = frozenset({"involvement_too_long"})
# Logic that reads another framework parameter: logic -> the parameter.
NEEDS_PARAMETER = {
    "dormant": "dormant_after_months",
    "budget_over_initiative_max": "max_per_initiative_eur",
}
ROUTE_VARIABLES = frozenset({"portfolio", "portfolio_name", "domains", "owner"})
PILLAR_VARIABLES = frozenset({"domains", "purposes", "name"})
MOVE_VARIABLES = frozenset({"owner", "registered_owner", "route"})


def _validate(spec: FrameworkSpec) -> tuple[list[str], dict[SubjectType, list[CompiledRule]]]:
    problems: list[str] = []
    clause_ids = [c.id for c in spec.clauses]
    for cid in sorted({c for c in clause_ids if clause_ids.count(c) > 1}):
        problems.append(f"clauses: {cid} is listed more than once")
    known_clauses = set(clause_ids)

    def cite(where: str, cited: Iterable[str]) -> None:
        for cid in cited:
            if cid not in known_clauses:
                problems.append(f"{where}: unknown clause {cid}")

    if spec.chair_election is not None:
        cite("chair_election", spec.chair_election.clauses)

    # Purpose groups: every purpose in exactly one group.
    seen: dict[str, str] = {}
    for group in PurposeGroup:
        for purpose in getattr(spec.purpose_groups, group.value):
            if purpose.value in seen:
                problems.append(
                    f"purpose_groups: purpose {purpose.value} is in both "
                    f"{seen[purpose.value]} and {group.value}"
                )
            else:
                seen[purpose.value] = group.value
    for purpose in Purpose:
        if purpose.value not in seen:
            problems.append(f"purpose_groups: purpose {purpose.value} is in no group")

    # Portfolios.
    ez = spec.economic_portfolio.code
    topical_codes = [p.code for p in spec.topical_portfolios]
    other_codes = [p.code for p in spec.portfolios]
    codes = [ez, *topical_codes, *other_codes]
    # A topical portfolio may be the economic one too (the same holder carries economic
    # relations and a topic); it then has the same names.
    for i, port in enumerate(spec.topical_portfolios):
        if port.code == ez and (port.nl, port.en) != (
            spec.economic_portfolio.nl,
            spec.economic_portfolio.en,
        ):
            problems.append(
                f"topical_portfolios[{i}]: portfolio {ez} is the economic portfolio, "
                "with other names"
            )
    for code in sorted({c for c in topical_codes if topical_codes.count(c) > 1}):
        problems.append(f"topical_portfolios: portfolio code {code} is used more than once")
    for i, code in enumerate(other_codes):
        if code in [ez, *topical_codes] or other_codes.count(code) > 1:
            problems.append(f"portfolios[{i}].code: portfolio code {code} is used more than once")
    mapped: dict[str, str] = {}
    value_purposes = {p.value for p in spec.purpose_groups.added_value}
    for i, port in enumerate(spec.topical_portfolios):
        for purpose in port.purposes:
            if purpose.value not in value_purposes:
                problems.append(
                    f"topical_portfolios[{i}].purposes: {purpose.value} is not in the "
                    "added_value purpose group"
                )
            if purpose.value in mapped:
                problems.append(
                    f"topical_portfolios[{i}].purposes: {purpose.value} is already mapped "
                    f"to {mapped[purpose.value]}"
                )
            else:
                mapped[purpose.value] = port.code
    for purpose in sorted(value_purposes - set(mapped)):
        problems.append(f"topical_portfolios: added_value purpose {purpose} has no portfolio")

    # Pillars.
    for pillar_name, pillar in (
        ("solidarity", spec.pillars.solidarity),
        ("added_value", spec.pillars.added_value),
    ):
        for case, reason in pillar:
            assert isinstance(reason, Reason)
            where = f"pillars.{pillar_name}.{case}"
            cite(f"{where}.clauses", reason.clauses)
            _check_template(problems, f"{where}.because", reason.because, PILLAR_VARIABLES)

    # Ids are unique across routes, the owner move and rules (they make up the trace).
    ids = [r.id for r in spec.routing] + [spec.owner_move.id] + [r.id for r in spec.rules]
    for rid in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"rule id {rid} is used more than once")

    # Routing: first match wins; every possible situation needs a route; none is shadowed.
    situations = _possible_situations(spec)
    for i, route in enumerate(spec.routing):
        where = f"routing[{i}]"
        cite(f"{where}.clauses", route.clauses)
        owner = route.owner
        if owner.from_topic and owner.kind != OwnerKind.PORTFOLIO:
            problems.append(f"{where}.owner: from_topic needs kind portfolio")
        if owner.from_topic and owner.portfolio is not None:
            problems.append(f"{where}.owner: give either portfolio or from_topic, not both")
        if owner.from_topic and route.when not in ("topical_value", "topical_value_only"):
            problems.append(f"{where}.owner: from_topic needs when topical_value(_only)")
        if owner.kind == OwnerKind.PORTFOLIO and not owner.from_topic and owner.portfolio is None:
            problems.append(f"{where}.owner: kind portfolio needs a portfolio or from_topic")
        if owner.kind != OwnerKind.PORTFOLIO and owner.portfolio is not None:
            problems.append(f"{where}.owner: a portfolio is only given with kind portfolio")
        if owner.portfolio is not None and owner.portfolio not in codes:
            problems.append(f"{where}.owner.portfolio: unknown portfolio {owner.portfolio}")
        _check_template(problems, f"{where}.because", route.because, ROUTE_VARIABLES)
    first_match: set[int] = set()
    for situation in situations:
        matched = next((i for i, route in enumerate(spec.routing) if situation[route.when]), None)
        if matched is None:
            described = ", ".join(k for k, v in situation.items() if v and k != "always")
            problems.append(f"routing: no route matches a relation with: {described or 'none'}")
        else:
            first_match.add(matched)
    for i, route in enumerate(spec.routing):
        if i not in first_match:
            problems.append(
                f"routing[{i}] ({route.id}): unreachable: an earlier route always matches "
                f"first, or {route.when} can never hold with these purpose groups"
            )

    skipped = set(spec.skip_statuses)

    def check_statuses(where: str, statuses: Statuses) -> None:
        if statuses is not None and not set(statuses) - skipped:
            problems.append(
                f"{where}.statuses: unreachable: no status it names is assessed "
                "(empty, or only skip_statuses)"
            )

    check_statuses("owner_move", spec.owner_move.statuses)
    _check_template(
        problems,
        "owner_move.description",
        spec.owner_move.description,
        COMMON_VARIABLES[SubjectType.RELATION] | MOVE_VARIABLES,
    )
    if spec.owner_move.finding is not None:
        cite("owner_move.finding.clauses", spec.owner_move.finding.clauses or [])
        _check_template(
            problems,
            "owner_move.finding.message",
            spec.owner_move.finding.message,
            COMMON_VARIABLES[SubjectType.RELATION] | MOVE_VARIABLES,
        )

    # Rules.
    action_codes = {spec.owner_move.code: spec.owner_move.effect}
    for i, rule in enumerate(spec.rules):
        for j, action in enumerate(rule.actions):
            previous = action_codes.setdefault(action.code, action.effect)
            if previous != action.effect:
                problems.append(
                    f"rules[{i}].actions[{j}]: action {action.code} has effect "
                    f"{action.effect} here and {previous} elsewhere"
                )
    compiled: dict[SubjectType, list[CompiledRule]] = {t: [] for t in SubjectType}
    possible_conditions = {k for s in situations for k, v in s.items() if v}
    for i, rule in enumerate(spec.rules):
        where = f"rules[{i}] ({rule.id})"
        logic = REGISTRY.get(rule.logic)
        cite(f"{where}.finding.clauses", rule.finding.clauses)
        for j, action in enumerate(rule.actions):
            cite(f"{where}.actions[{j}].clauses", action.clauses or [])
        for code in rule.resolved_by:
            if code not in action_codes:
                problems.append(f"{where}.resolved_by: no action has code {code}")
        if (
            rule.finding.severity == Severity.VIOLATION
            and not rule.actions
            and not rule.resolved_by
        ):
            problems.append(f"{where}: a violation needs actions or resolved_by")
        if logic is None:
            problems.append(
                f"{where}: unreachable: logic {rule.logic!r} is not known to the engine; "
                f"known: {', '.join(sorted(REGISTRY))}"
            )
            continue
        try:
            params = logic.params.model_validate(rule.params)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                problems.append(f"{where}.params.{format_path(tuple(err['loc']))}: {_said(err)}")
            continue
        if logic.subject != SubjectType.RELATION and rule.when != "always":
            problems.append(f"{where}.when: only relation rules take a condition")
        if logic.subject != SubjectType.RELATION and (
            rule.statuses is not None or any(a.statuses is not None for a in rule.actions)
        ):
            problems.append(f"{where}.statuses: only relation rules and actions take statuses")
        else:
            check_statuses(where, rule.statuses)
            for j, action in enumerate(rule.actions):
                check_statuses(f"{where}.actions[{j}]", action.statuses)
        if rule.when not in possible_conditions:
            problems.append(
                f"{where}: unreachable: {rule.when} can never hold with these purpose groups"
            )
        reason = logic.unreachable(params, None)
        if reason is None and rule.logic.startswith("involvement_") and not spec.administrators:
            reason = "the framework names no administrators, so the rule can never match"
        if (
            reason is None
            and rule.logic in NEEDS_MAX_INVOLVEMENT
            and (spec.max_involvement_months is None)
        ):
            reason = "the framework sets no max_involvement_months, so the rule can never match"
        needed = NEEDS_PARAMETER.get(rule.logic)
        if reason is None and needed is not None and getattr(spec, needed) is None:
            reason = f"the framework sets no {needed}, so the rule can never match"
        if reason is not None:
            problems.append(f"{where}: unreachable: {reason}")
        variables = COMMON_VARIABLES[logic.subject] | logic.variables
        _check_template(problems, f"{where}.finding.message", rule.finding.message, variables)
        for j, action in enumerate(rule.actions):
            _check_template(
                problems,
                f"{where}.actions[{j}].description",
                action.description,
                variables | {"effective_from"},
            )
        if rule.enabled:
            compiled[logic.subject].append(CompiledRule(rule, params, logic.subject))
    return problems, compiled


def _build(spec: FrameworkSpec, path: Path | None) -> Framework:
    problems, compiled = _validate(spec)
    source = str(path) if path else spec.id
    if path is not None and path.stem != spec.id:
        problems.append(f"id: {spec.id} differs from the file name {path.name}")
    if problems:
        raise FrameworkError(source, problems)
    group_of: dict[str, PurposeGroup] = {}
    for group in PurposeGroup:
        for purpose in getattr(spec.purpose_groups, group.value):
            group_of[purpose.value] = group
    topic_of: dict[str, str] = {}
    for port in spec.topical_portfolios:
        for purpose in port.purposes:
            topic_of[purpose.value] = port.code
    names = {
        spec.economic_portfolio.code: L(spec.economic_portfolio.nl, spec.economic_portfolio.en)
    }
    named: list[PortfolioSpec] = [*spec.topical_portfolios, *spec.portfolios]
    for named_port in named:
        names[named_port.code] = L(named_port.nl, named_port.en)
    effect_of = {spec.owner_move.code: spec.owner_move.effect}
    for rule in spec.rules:
        for action in rule.actions:
            effect_of[action.code] = action.effect
    return Framework(
        spec=spec,
        path=path,
        clauses={c.id: c for c in spec.clauses},
        group_of=group_of,
        topic_of=topic_of,
        topic_rank={p.code: i for i, p in enumerate(spec.topical_portfolios)},
        portfolio_names=names,
        administrators=frozenset(a.value for a in spec.administrators),
        rules={k: tuple(v) for k, v in compiled.items()},
        effect_of=effect_of,
    )


def framework_from_data(data: object, path: Path | None = None) -> Framework:
    """Validate a decoded framework document. Raises :class:`FrameworkError`."""
    source = str(path) if path else "framework"
    if not isinstance(data, dict):
        raise FrameworkError(source, ["(file): not a mapping of keys"])
    try:
        spec = FrameworkSpec.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            problems.append(f"{format_path(tuple(err['loc']))}: {_said(err)}")
        raise FrameworkError(source, problems) from None
    return _build(spec, path)


def _said(err: ErrorDetails) -> str:
    """A validation problem of a framework file in the engine's words, never pydantic's."""
    if err["type"] == "extra_forbidden":
        return "unknown key"
    if err["type"] == "value_error":
        # The file model's own validators: the text after pydantic's prefix is ours.
        return str(err["msg"]).removeprefix("Value error, ")
    return error_message(err)


def search_path(paths: Iterable[str | Path] | None = None) -> list[Path]:
    """The directories searched for framework files.

    ``paths`` if given; else the directories of ``$INTREL_POLICY_PATH`` (os.pathsep-separated)
    **and** the repo's built-in ``policies/`` directory: the variable adds directories, it does
    not replace the built-in one.
    """
    if paths is not None:
        return [Path(p) for p in paths]
    env = os.environ.get(ENV_VAR)
    out: list[Path] = []
    seen: set[Path] = set()
    for directory in [*(Path(p) for p in (env or "").split(os.pathsep) if p), DEFAULT_PATH]:
        key = directory.resolve()
        if key not in seen:
            seen.add(key)
            out.append(directory)
    return out


class DuplicateFrameworkError(FrameworkError):
    """Two files on the search path define one framework id."""


def known_frameworks(paths: Iterable[str | Path] | None = None) -> dict[str, Path]:
    """Framework ids (file stems of ``*.yaml``/``*.yml``) on the search path, sorted by id.

    An id defined by two files (in two directories, or as ``x.yaml`` and ``x.yml``) is an
    error: :class:`DuplicateFrameworkError` names both files. The files are not validated here.
    """
    directories = search_path(paths)
    # The listing is kept while no directory on the path changed (its mtime moves when a file
    # is added, removed or renamed): the engine asks for a framework per subject (issue 19).
    stamp = tuple(_directory_stamp(d) for d in directories)
    key = tuple(str(d) for d in directories)
    cached = _LISTINGS.get(key)
    if cached is not None and cached[0] == stamp:
        return dict(cached[1])
    found = _frameworks_in(directories)
    _LISTINGS[key] = (stamp, found)
    return dict(found)


# Per search path: the directories' stamps when listed and the ids found.
_LISTINGS: dict[tuple[str, ...], tuple[tuple[int | None, ...], dict[str, Path]]] = {}


def _directory_stamp(directory: Path) -> int | None:
    try:
        return directory.stat().st_mtime_ns
    except OSError:
        return None


def _frameworks_in(directories: list[Path]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    problems: list[str] = []
    for directory in directories:
        if not directory.is_dir():
            continue
        for file in sorted(directory.iterdir()):
            if file.suffix in (".yaml", ".yml") and file.is_file():
                first = found.setdefault(file.stem, file)
                if first != file:
                    problems.append(
                        f"id: framework {file.stem} is defined twice: {first} and {file}"
                    )
    if problems:
        raise DuplicateFrameworkError(ENV_VAR, problems)
    return dict(sorted(found.items()))


def os_reason(exc: OSError) -> str:
    """Why a file cannot be read, in the engine's words (not the C library's)."""
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, IsADirectoryError):
        return "it is a directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return "the operating system refused to read it"


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """``not valid YAML: line L column C``: where PyYAML stopped, without its own text."""
    mark = exc.problem_mark if isinstance(exc, yaml.MarkedYAMLError) else None
    if mark is None:
        return "not valid YAML"
    return f"not valid YAML: line {mark.line + 1} column {mark.column + 1}"


# Per file (absolute path): the (mtime, size) it was loaded at and the framework. An edited
# file replaces its entry, so the cache holds one framework per file, never every version.
_CACHE: dict[str, tuple[tuple[int, int], Framework]] = {}


def load_framework_file(path: str | Path) -> Framework:
    """Load and validate one framework file. Raises :class:`FrameworkError`."""
    file = Path(path)
    try:
        stat = file.stat()
        key, stamp = os.path.abspath(file), (stat.st_mtime_ns, stat.st_size)
        cached = _CACHE.get(key)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise FrameworkError(str(file), [f"cannot read: {os_reason(exc)}"]) from None
    except UnicodeDecodeError:
        raise FrameworkError(str(file), ["not UTF-8 text"]) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise FrameworkError(str(file), [_yaml_problem(exc)]) from None
    except RecursionError:
        # PyYAML composes recursively: nesting past Python's recursion limit.
        raise FrameworkError(str(file), ["not valid YAML: nested too deeply"]) from None
    framework = framework_from_data(data, file)
    _CACHE[key] = (stamp, framework)
    return framework


def load_framework(framework_id: str, paths: Iterable[str | Path] | None = None) -> Framework:
    """A registered framework, by its id only (a file stem on the search path).

    This is the one loader for anything that comes from a request (API, pages, forms) or from
    the database: ``framework_id`` is only ever compared with the ids of
    :func:`known_frameworks`, never opened or resolved as a path, so ``"/etc/passwd"``,
    ``"../x"`` or ``"x.yaml"`` are simply unknown ids. Paths are for the operator's command
    line (:func:`load_framework_file`, used by ``intrel assess`` and ``intrel policy``).

    Raises :class:`UnknownFrameworkError` (a LookupError, ``.known`` lists the ids) for an id
    that is not registered and :class:`FrameworkError` for an invalid registered file.
    """
    if not isinstance(framework_id, str):
        raise UnknownFrameworkError(str(framework_id), list(known_frameworks(paths)))
    known = known_frameworks(paths)
    file = known.get(framework_id)
    if file is None:
        raise UnknownFrameworkError(framework_id, list(known))
    return load_framework_file(file)
