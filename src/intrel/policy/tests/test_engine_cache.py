"""The engine caches a relation's pillars and owner per framework (by purposes,
``mutual_value`` and whatever else their texts read): the decisions stay those of an
engine without the cache."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from intrel.policy import engine, evaluate, load_framework, parse_subject, parse_subjects
from intrel.policy.decision import Decision
from intrel.policy.framework import DEFAULT_PATH, load_framework_file
from intrel.policy.tests.conftest import AS_OF, solidarity
from intrel.policy.tests.test_cli_stream import generated


def cold(framework: Any, subject: Any) -> dict[str, Any]:
    engine._CACHES.clear()
    return evaluate(framework, subject, AS_OF).to_dict()


def test_cached_decisions_are_the_uncached_ones() -> None:
    fw = load_framework("helmond-2013")
    subjects = parse_subjects(generated(300))
    engine._CACHES.clear()
    warm = [evaluate(fw, s, AS_OF).to_dict() for s in subjects]
    cache = engine._framework_cache(fw)
    assert len(cache.situations) < 300  # shared, or it caches nothing
    # A new situation is assembled from parts that situations share (the owner's and the
    # added-value pillar's fewer than the situations).
    assert len(cache.owner_parts) < len(cache.situations)
    assert len(cache.value_parts) < len(cache.situations)
    assert warm == [cold(fw, s) for s in subjects]


def test_a_full_cache_is_emptied_not_grown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "_SITUATION_CACHE_SIZE", 5)
    fw = load_framework("helmond-2013")
    engine._CACHES.clear()
    subjects = parse_subjects(generated(100))
    warm = [evaluate(fw, s, AS_OF).to_dict() for s in subjects]
    assert len(engine._framework_cache(fw).situations) <= 5
    assert warm == [cold(fw, s) for s in subjects]


def test_a_text_that_reads_the_name_is_cached_per_name(tmp_path: Path) -> None:
    """A framework whose pillar text names the relation: two relations with the same
    purposes each get their own text."""
    data = yaml.safe_load((DEFAULT_PATH / "helmond-2013.yaml").read_text(encoding="utf-8"))
    data["id"] = "named"
    applies = data["pillars"]["solidarity"]["applies"]["because"]
    applies["en"] = "{name} rests on solidarity ({domains})."
    path = tmp_path / "named.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    fw = load_framework_file(path)
    engine._CACHES.clear()
    a = evaluate(fw, parse_subject(solidarity(id="a", name="Band A")), AS_OF)
    b = evaluate(fw, parse_subject(solidarity(id="b", name="Band B")), AS_OF)
    assert a.pillars is not None and b.pillars is not None
    assert a.pillars.solidarity.because_en == "Band A rests on solidarity (development)."
    assert b.pillars.solidarity.because_en == "Band B rests on solidarity (development)."
    assert a.pillars.solidarity.because == b.pillars.solidarity.because  # nl: no name


class _Recording:
    """A relation that records which of its facts are read."""

    def __init__(self, relation: Any) -> None:
        self._relation = relation
        self.read: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        self.read.add(name)
        return getattr(self._relation, name)


@pytest.mark.parametrize("name", ["helmond-2013"])
def test_the_cache_key_holds_every_fact_the_situation_reads(name: str) -> None:
    """The pillars and the owner may depend only on what the cache key holds (purposes and
    mutual_value; the texts' variables come from ``common`` and are keyed by value).
    A change that makes them read another fact of the relation fails here until the key
    in ``engine._situation`` holds it too."""
    fw = load_framework(name)
    for subject in parse_subjects(generated(200)):
        relation = engine.canonical(subject)
        recording = _Recording(relation)
        engine._situation_uncached(fw, recording, engine._relation_common(fw, relation))  # type: ignore[arg-type]
        assert recording.read <= {"purposes", "mutual_value"}, recording.read


@pytest.mark.parametrize("name", ["helmond-2013", "voorbeeld-2026"])
@pytest.mark.parametrize("as_of", [AS_OF, date(2026, 12, 1)])
def test_decisions_built_without_validation_pass_it(name: str, as_of: date) -> None:
    """The engine builds its findings, actions and decisions without pydantic's validation
    (``decision.trusted``): every decision over the benchmark's varied subjects, validated
    the slow way from its own fields, is the same decision, and a statuses' worth of subjects
    (committee and budget line included) have findings to check."""
    fw = load_framework(name)
    findings = 0
    for subject in parse_subjects(generated(300)):
        decision = evaluate(fw, subject, as_of)
        assert Decision.model_validate(decision.model_dump()) == decision
        findings += len(decision.findings)
    assert findings > 300


@pytest.mark.parametrize(
    "nl,en",
    [
        ("De relatie {name} met {partner}.", "The relation {name} with {partner}."),
        ("{{letterlijk}} {name!r} {money:>12} {name}", "{partner} first, {{braces}} {name}"),
        ("{effective_from} {name}", "{name} from {effective_from}"),
        ("zonder velden", "no fields"),
        ("{0} positioneel", "{0} positional"),  # not rewritten: format_map's own error
    ],
)
def test_compiled_texts_render_as_format_map(nl: str, en: str) -> None:
    """The engine renders a rule's texts from positional templates (engine._Template); they
    must give format_map's text over the merged variables, two-language values split, the
    hit's variables before the subject's, effective_from before both."""
    from intrel.policy.framework import Texts
    from intrel.policy.rules import L

    texts = Texts(nl=nl, en=en)
    common: dict[str, Any] = {"name": "Relatie", "partner": L("Partner NL", "Partner EN")}
    hit: dict[str, Any] = {"name": "Uit de treffer", "money": L("€ 1,00", "€1.00")}
    day = L("1 december 2026", "1 December 2026")
    template = engine._Template(texts)
    for effective in (None, day):
        merged = {**common, **hit, **({"effective_from": effective} if effective else {})}
        try:
            expected: Any = engine._fmt(texts, merged)
        except (KeyError, IndexError, ValueError) as error:
            expected = type(error)
        try:
            got: Any = template.render(hit, common, effective)
        except (KeyError, IndexError, ValueError) as error:
            got = type(error)
        assert got == expected
