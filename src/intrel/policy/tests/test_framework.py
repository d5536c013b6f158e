"""Framework files: loading, validation (never loaded half), search path, variants."""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from intrel.policy import (
    Framework,
    FrameworkError,
    UnknownFrameworkError,
    clause_text,
    known_frameworks,
    load_framework,
)
from intrel.policy.framework import DEFAULT_PATH, load_framework_file
from intrel.policy.tests.conftest import VARIANT, codes, decide, solidarity

HELMOND = DEFAULT_PATH / "helmond-2013.yaml"
# shared/ lies beside the repository (here and in CI).
SHARED_CLAUSES = DEFAULT_PATH.parent.parent / "shared" / "policy" / "clauses.yaml"


def helmond_data() -> dict[str, Any]:
    data = yaml.safe_load(HELMOND.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture
def broken(tmp_path: Path) -> Callable[[Callable[[dict[str, Any]], None]], list[str]]:
    """Write helmond-2013 changed by ``mutate`` and return the problems loading reports."""

    def run(mutate: Callable[[dict[str, Any]], None]) -> list[str]:
        data = copy.deepcopy(helmond_data())
        mutate(data)
        path = tmp_path / f"{data.get('id', 'x')}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        with pytest.raises(FrameworkError) as info:
            load_framework_file(path)
        assert str(path) in str(info.value)
        return info.value.problems

    return run


def test_helmond_loads(fw: Framework) -> None:
    assert fw.id == "helmond-2013" and fw.version == "1"
    assert len(fw.clauses) == 30
    assert fw.administrators == {"mayor", "alderman", "executive_board", "council"}
    assert fw.spec.economic_portfolio.code == "EZ"
    assert [p.code for p in fw.spec.topical_portfolios] == ["CUL", "MIL", "SPO", "RO", "ONW", "MAR"]


@pytest.mark.skipif(not SHARED_CLAUSES.is_file(), reason="shared clause register not present")
def test_clause_register_is_a_faithful_copy(fw: Framework) -> None:
    shared = yaml.safe_load(SHARED_CLAUSES.read_text(encoding="utf-8"))
    assert [c.model_dump() for c in fw.spec.clauses] == shared


def test_clause_text(fw: Framework) -> None:
    assert (
        clause_text(fw, "BES-11", "nl")
        == "Het beschikbare budget wordt overgedragen aan de commissie."
    )
    assert clause_text(fw, "BES-11", "en").startswith("The available (solidarity) budget")
    with pytest.raises(KeyError):
        clause_text(fw, "XYZ-1", "nl")
    with pytest.raises(ValueError):
        clause_text(fw, "BES-11", "de")


def test_every_rule_cites_known_clauses(fw: Framework) -> None:
    for rule in fw.spec.rules:
        assert rule.finding.clauses
        assert set(rule.finding.clauses) <= set(fw.clauses)
        for action in rule.actions:
            assert set(action.clauses or []) <= set(fw.clauses)
    for route in fw.spec.routing:
        assert set(route.clauses) <= set(fw.clauses)


def test_unknown_clause(broken: Any) -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["rules"][0]["finding"]["clauses"] = ["GIB-1", "GIB-9"]

    assert any("unknown clause GIB-9" in p for p in broken(mutate))


def test_ungrouped_purpose(broken: Any) -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["purpose_groups"]["added_value"].remove("youth")
        d["topical_portfolios"][4]["purposes"] = ["education"]

    assert broken(mutate) == ["purpose_groups: purpose youth is in no group"]


def test_purpose_in_two_groups(broken: Any) -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["purpose_groups"]["solidarity"].append("economy")

    assert any("economy is in both" in p for p in broken(mutate))


def test_schema_error(broken: Any) -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["rules"][0]["finding"]["severity"] = "fatal"
        del d["title"]
        d["colour"] = "blue"

    found = broken(mutate)
    assert "title: required" in found
    assert "colour: unknown key" in found
    assert any(p.startswith("rules[0].finding.severity:") for p in found)


def test_unknown_logic_is_unreachable(broken: Any) -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["rules"][0]["logic"] = "moon_phase"

    assert any("unreachable: logic 'moon_phase' is not known" in p for p in broken(mutate))


def test_empty_params_are_unreachable(broken: Any) -> None:
    def mutate(d: dict[str, Any]) -> None:
        rule = next(r for r in d["rules"] if r["logic"] == "initiated_by")
        rule["params"]["initiators"] = []

    assert any("unreachable: params.initiators is empty" in p for p in broken(mutate))


def test_empty_group_makes_rules_and_routes_unreachable(broken: Any) -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["purpose_groups"]["other"] += d["purpose_groups"]["solidarity"]
        d["purpose_groups"]["solidarity"] = []

    found = broken(mutate)
    assert any("routing[2] (route.solidarity): unreachable" in p for p in found)
    assert any(
        "(solidarity.initiated-by-government): unreachable: solidarity_only" in p for p in found
    )


def test_shadowed_route(broken: Any) -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["routing"][0]["when"] = "always"

    found = broken(mutate)
    assert any("routing[1] (route.topical): unreachable" in p for p in found)


def test_missing_route(broken: Any) -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["routing"] = d["routing"][:3]

    assert any(p.startswith("routing: no route matches a relation with") for p in broken(mutate))


def test_bad_placeholder_and_params(broken: Any) -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["rules"][0]["finding"]["message"]["en"] = "{name} on {planet}"
        rule = next(r for r in d["rules"] if r["logic"] == "missing_sectors")
        rule["params"] = {"sectors": ["business"], "colour": "red"}

    found = broken(mutate)
    assert any("unknown placeholder(s) planet" in p for p in found)
    assert any("params.colour" in p for p in found)


def test_violation_without_action(broken: Any) -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["rules"][0]["actions"] = []

    assert any("a violation needs actions or resolved_by" in p for p in broken(mutate))


def test_id_must_match_file_name(tmp_path: Path) -> None:
    path = tmp_path / "other-name.yaml"
    path.write_text(HELMOND.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(FrameworkError) as info:
        load_framework_file(path)
    assert info.value.problems == ["id: helmond-2013 differs from the file name other-name.yaml"]


def test_not_yaml(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("id: [unclosed", encoding="utf-8")
    with pytest.raises(FrameworkError) as info:
        load_framework_file(path)
    assert info.value.problems[0].startswith("not valid YAML")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("id: x\nfoo: [1, 2\n", "not valid YAML: line 3 column 1"),  # where PyYAML stopped
        ("id: " + "[" * 5000 + "]" * 5000, "not valid YAML: nested too deeply"),
        (b"id: \xff\n", "not UTF-8 text"),
    ],
    ids=["unclosed", "deep", "latin-1"],
)
def test_a_broken_file_is_one_problem_in_our_words(
    tmp_path: Path, content: str | bytes, problem: str
) -> None:
    path = tmp_path / "x.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(FrameworkError) as info:
        load_framework_file(path)
    assert info.value.problems == [problem]


def test_an_unreadable_file_in_our_words(tmp_path: Path) -> None:
    with pytest.raises(FrameworkError) as info:
        load_framework_file(tmp_path)  # a directory
    assert info.value.problems == ["cannot read: it is a directory"]


def test_known_frameworks_and_search_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "helmond-2013" in known_frameworks()
    (tmp_path / "helmond-2013-council-initiates.yaml").write_text(
        VARIANT.read_text("utf-8"), "utf-8"
    )
    monkeypatch.setenv("INTREL_POLICY_PATH", f"{tmp_path}{__import__('os').pathsep}{DEFAULT_PATH}")
    known = known_frameworks()
    assert {"helmond-2013", "helmond-2013-council-initiates"} <= set(known)
    assert list(known) == sorted(known)
    assert load_framework("helmond-2013-council-initiates").id == "helmond-2013-council-initiates"
    with pytest.raises(UnknownFrameworkError) as info:
        load_framework("amsterdam-2020")
    assert {"helmond-2013", "helmond-2013-council-initiates"} <= set(info.value.known)
    assert "known frameworks: " in str(info.value)
    assert "helmond-2013-council-initiates" in str(info.value)


def test_known_frameworks_sees_files_added_and_removed_after_a_listing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The listing is kept between calls (issue 19) but must follow the directory.
    monkeypatch.setenv("INTREL_POLICY_PATH", str(tmp_path))
    assert "extra" not in known_frameworks()
    (tmp_path / "extra.yaml").write_text(VARIANT.read_text("utf-8"), "utf-8")
    assert "extra" in known_frameworks()
    (tmp_path / "extra.yaml").unlink()
    assert "extra" not in known_frameworks()
    with pytest.raises(UnknownFrameworkError):
        load_framework("extra")


def test_variant_changes_a_decision_without_python(fw: Framework, variant: Framework) -> None:
    data = solidarity(initiated_by="council")
    assert "SOLIDARITY_INITIATED_BY_GOVERNMENT" in codes(decide(fw, data))
    assert "SOLIDARITY_INITIATED_BY_GOVERNMENT" not in codes(decide(variant, data))
    # the municipality itself still may not initiate under the variant
    municipal = solidarity(initiated_by="municipality")
    assert "SOLIDARITY_INITIATED_BY_GOVERNMENT" in codes(decide(variant, municipal))
    assert decide(variant, data).framework == "helmond-2013-council-initiates"


def test_disabled_rule_does_not_fire(tmp_path: Path) -> None:
    data = helmond_data()
    data["id"] = "no-sol4"
    for rule in data["rules"]:
        if rule["id"] == "solidarity.involvement-without-end":
            rule["enabled"] = False
    path = tmp_path / "no-sol4.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    framework = load_framework_file(path)
    inv = {"actor": "mayor", "start": "2012-01-01", "initiative": "x"}
    assert codes(decide(framework, solidarity(involvements=[inv]))) == []


# --- issue 9.1: requests name frameworks by id, never by path -------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "/dev/zero",
        "/etc/passwd",
        str(HELMOND),  # a valid framework file, but a path
        str(VARIANT),  # a valid framework file off the search path
        "helmond-2013.yaml",
        "policies/helmond-2013.yaml",
        "../policies/helmond-2013",
        "./helmond-2013",
        "helmond-2013/",
        "",
    ],
)
def test_load_framework_by_id_never_opens_a_path(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import intrel.policy.framework as framework_module

    opened: list[object] = []
    real_file = framework_module.load_framework_file
    real_read_text = Path.read_text

    def spy_file(path: str | Path) -> Framework:
        opened.append(path)
        return real_file(path)

    def spy_read_text(self: Path, *args: Any, **kwargs: Any) -> str:
        opened.append(self)
        return real_read_text(self, *args, **kwargs)

    monkeypatch.setattr(framework_module, "load_framework_file", spy_file)
    monkeypatch.setattr(Path, "read_text", spy_read_text)
    with pytest.raises(UnknownFrameworkError) as info:
        load_framework(value)
    assert opened == []
    assert "helmond-2013" in info.value.known


def test_load_framework_refuses_a_path_object() -> None:
    with pytest.raises(UnknownFrameworkError):
        load_framework(HELMOND)  # type: ignore[arg-type]


def test_cli_still_takes_a_path_for_the_operator() -> None:
    from intrel.policy.cli import framework_from_argument

    assert framework_from_argument(str(VARIANT)).id == "helmond-2013-council-initiates"
    assert framework_from_argument("helmond-2013").id == "helmond-2013"


def test_owner_move_finding_is_validated(broken: Any) -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["owner_move"]["finding"]["message"]["en"] = "{nope}"
        data["owner_move"]["finding"]["clauses"] = ["GIB-9"]

    problems = broken(mutate)
    assert any(p.startswith("owner_move.finding.message.en: unknown placeholder") for p in problems)
    assert "owner_move.finding.clauses: unknown clause GIB-9" in problems


def test_owner_move_finding_is_optional(tmp_path: Path) -> None:
    data = helmond_data()
    data["id"] = "no-owner-finding"
    del data["owner_move"]["finding"]
    path = tmp_path / "no-owner-finding.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    framework = load_framework_file(path)
    decision = decide(framework, solidarity(owner={"kind": "civil_society"}))
    assert codes(decision) == [] and [a.code for a in decision.actions] == ["MOVE_OWNERSHIP"]


def test_an_edited_file_replaces_its_cached_framework(tmp_path: Path) -> None:
    """The loader's cache holds one framework per file: each edit does not add an entry (and
    keep the old framework, and the engine's caches for it, alive)."""
    from intrel.policy import framework as module

    text = (DEFAULT_PATH / "helmond-2013.yaml").read_text(encoding="utf-8")
    path = tmp_path / "helmond-2013.yaml"
    path.write_text(text, encoding="utf-8")
    before = len(module._CACHE)
    first = load_framework_file(path)
    assert load_framework_file(path) is first  # unchanged: cached
    for version in ("2", "3"):
        path.write_text(text.replace('version: "1"', f'version: "{version}"', 1), encoding="utf-8")
        os.utime(path, ns=(0, int(version) * 10**9))
        assert load_framework_file(path).version == version
    assert len(module._CACHE) == before + 1
