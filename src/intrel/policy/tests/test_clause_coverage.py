"""Every clause of the register is carried, and every clause is tested.

- Each clause of ``shared/policy/clauses.yaml`` is cited by helmond-2013 (a pillar, route,
  rule, action or the owner move) or named in ``docs/policy-engine.md`` ("Clauses the
  process carries") as one the process carries.
- Each clause id is asserted by at least one test: it appears in an ``assert``, in a
  ``parametrize`` table or in expected data (a module constant or an ``expected...`` name).
- The process clauses: each has a test of the behaviour the docs name.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from intrel.policy import evaluate, impact, parse_subject, parse_subjects, registered_situation
from intrel.policy.framework import DEFAULT_PATH, Framework
from intrel.policy.tests.conftest import AS_OF, relation, solidarity, topical

REPO = DEFAULT_PATH.parent
# shared/ lies beside the repository (here and in CI).
CLAUSES = REPO.parent / "shared" / "policy" / "clauses.yaml"
FRAMEWORK = DEFAULT_PATH / "helmond-2013.yaml"
DOCS = REPO / "docs" / "policy-engine.md"
TEST_DIRS = [REPO / "src", REPO / "tests"]


def clause_ids() -> list[str]:
    data = yaml.safe_load(CLAUSES.read_text(encoding="utf-8"))
    return [str(item["id"]) for item in data]


def _citations(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, child in value.items():
            if key == "clauses" and isinstance(child, list):
                yield from (c for c in child if isinstance(c, str))
            else:
                yield from _citations(child)
    elif isinstance(value, list):
        for child in value:
            yield from _citations(child)


def cited_by_framework() -> set[str]:
    """Clauses cited anywhere in helmond-2013 but its own copy of the register."""
    data = yaml.safe_load(FRAMEWORK.read_text(encoding="utf-8"))
    return set(_citations({k: v for k, v in data.items() if k != "clauses"}))


def carried_by_process() -> set[str]:
    """The clause ids in the first column of the docs' "Clauses the process carries" table."""
    text = DOCS.read_text(encoding="utf-8")
    _, found, rest = text.partition("\n## Clauses the process carries\n")
    assert found, "docs/policy-engine.md has no section 'Clauses the process carries'"
    section = rest.split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z]+-\d+)` \|", section, flags=re.MULTILINE))


def test_every_clause_is_cited_or_carried() -> None:
    cited, carried = cited_by_framework(), carried_by_process()
    loose = [c for c in clause_ids() if c not in cited and c not in carried]
    assert loose == [], f"neither cited by helmond-2013 nor carried by the process: {loose}"
    assert carried <= set(clause_ids()), "the docs name a clause the register lacks"


def _id_pattern(clause: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![A-Z0-9-]){re.escape(clause)}(?![0-9])")


def _asserted_strings(tree: ast.AST) -> Iterator[str]:
    """String constants inside asserts, parametrize tables and expected data."""

    def strings(node: ast.AST) -> Iterator[str]:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                yield sub.value

    for node in ast.walk(tree):
        if isinstance(node, ast.Assert):
            yield from strings(node)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            if any(n.isupper() or n.lower().startswith(("expected", "want")) for n in names):
                yield from strings(node)
        elif isinstance(node, ast.Call) and ast.unparse(node.func).endswith("parametrize"):
            yield from strings(node)


def _test_files() -> list[Path]:
    return sorted(
        path
        for root in TEST_DIRS
        for path in root.rglob("test_*.py")
        if "tests" in path.relative_to(REPO).parts
    )


def test_every_clause_is_asserted_by_a_test() -> None:
    asserted: list[str] = []
    for path in _test_files():
        asserted.extend(_asserted_strings(ast.parse(path.read_text(encoding="utf-8"))))
    unasserted = [
        c for c in clause_ids() if not any(_id_pattern(c).search(text) for text in asserted)
    ]
    assert unasserted == [], f"no test asserts these clauses: {unasserted}"


def test_the_scan_sees_only_assertions(tmp_path: Path) -> None:
    """A clause id in a comment, a docstring or a call is no assertion."""
    tree = ast.parse(
        '"""GIB-1 in a docstring."""\n'
        "# SOL-1 in a comment\n"
        'print("SOL-2")\n'
        'EXPECTED = ["SOL-3"]\n'
        'def test() -> None:\n    assert "SOL-4" in x\n'
    )
    found = list(_asserted_strings(tree))
    assert found == ["SOL-3", "SOL-4"]
    assert not _id_pattern("BES-1").search("BES-10") and _id_pattern("BES-1").search("BES-1,")


# --- the clauses the framework cites through its pillars and texts ------------------------


def test_value_pillar_cites_the_kind_of_added_value(fw: Framework) -> None:
    """WVH-3: the economic value the administration focuses on; WVH-2: value in art,
    culture, environment, sport or urban planning, between equals (WVH-1)."""
    economic = evaluate(fw, parse_subject(relation()), AS_OF)
    assert economic.pillars is not None
    assert economic.pillars.added_value.clauses == ["GIB-1", "BES-1", "WVH-3"]
    cultural = evaluate(fw, parse_subject(topical()), AS_OF)
    assert cultural.pillars is not None
    assert cultural.pillars.added_value.clauses == ["GIB-1", "WVH-1", "WVH-2"]
    one_sided = evaluate(fw, parse_subject(topical(mutual_value=False)), AS_OF)
    assert one_sided.pillars is not None and not one_sided.pillars.added_value.applies
    assert "WVH-2" not in one_sided.pillars.added_value.clauses


def test_board_limits_itself_to_the_value_side_of_a_both_pillar_relation(fw: Framework) -> None:
    """HER-3: on both pillars the board keeps the value side; the solidarity side is with
    residents (HER-2) - an info finding, no action moving the relation away."""
    both = evaluate(fw, parse_subject(relation(purposes=["economy", "development"])), AS_OF)
    side = [f for f in both.findings if f.code == "SOLIDARITY_SIDE_WITH_RESIDENTS"]
    assert [(f.severity.value, f.clauses) for f in side] == [("info", ["HER-2", "HER-3", "BES-8"])]
    assert both.owner is not None and (both.owner.kind.value, both.owner.portfolio) == (
        "portfolio",
        "EZ",
    )
    only_value = evaluate(fw, parse_subject(relation()), AS_OF)
    assert "SOLIDARITY_SIDE_WITH_RESIDENTS" not in [f.code for f in only_value.findings]


# --- the clauses the process carries (docs: "Clauses the process carries") ----------------


def _register_keeps_the_kind(fw: Framework) -> None:
    """ACH-1: relations of several kinds, each filed and shown as filed."""
    kinds = ["twinning", "solidarity", "economic", "friendship", "other"]
    subjects = parse_subjects([relation(id=k, registered_kind=k) for k in kinds])
    assert [registered_situation(s).registered_kind for s in subjects] == kinds


def _review_assesses_every_relation(fw: Framework) -> None:
    """HER-1: the review looks at every current relation, one row each, in id order."""
    data = [
        relation(id="c"),
        solidarity(id="a"),
        topical(id="b"),
        relation(id="d", purposes=["other"]),
    ]
    report = impact(fw, parse_subjects(data), AS_OF)
    assert [row.id for row in report.rows] == ["a", "b", "c", "d"]
    assert report.totals()["relations"] == 4
    assert all(row.decision.pillars is not None for row in report.rows)


def _impact_visible_strict_and_honouring(fw: Framework) -> None:
    """IMP-1: the impact of strict application is shown beside honouring the agreements."""
    data = relation(
        purposes=["other"],
        agreements=[{"title": "Verdrag", "signed": "2010-06-01", "ends": "2016-06-30"}],
    )
    strict = impact(fw, parse_subjects([data]), AS_OF, mode="strict").rows[0]
    honouring = impact(fw, parse_subjects([data]), AS_OF).rows[0]
    assert strict.phase_out_from == AS_OF
    assert honouring.phase_out_from == date(2016, 6, 30)


def _people_decide_on_actions(fw: Framework) -> None:
    """AAN-1: the vision leads to actions, decided by people: the phase-out names who
    decides - the council where it set the relation up, else the executive board."""

    def phase_out(initiated_by: str) -> str:
        data = relation(purposes=["other"], initiated_by=initiated_by)
        decision = evaluate(fw, parse_subject(data), AS_OF)
        (action,) = [a for a in decision.actions if a.code == "PHASE_OUT_RELATION"]
        assert action.effective_from == AS_OF
        return action.description_en

    assert "the decision is for the council" in phase_out("council")
    assert "the decision is for the executive board" in phase_out("business")


PROCESS_CLAUSES: dict[str, Callable[[Framework], None]] = {
    "ACH-1": _register_keeps_the_kind,
    "HER-1": _review_assesses_every_relation,
    "IMP-1": _impact_visible_strict_and_honouring,
    "AAN-1": _people_decide_on_actions,
}


@pytest.mark.parametrize("clause", sorted(PROCESS_CLAUSES))
def test_process_clause(fw: Framework, clause: str) -> None:
    assert clause in carried_by_process()
    PROCESS_CLAUSES[clause](fw)


def test_every_carried_clause_has_a_behaviour_test() -> None:
    assert carried_by_process() == set(PROCESS_CLAUSES)
