"""The register apps' writes reach the assessor the assessments app registered (ADR 0008)."""

import pytest

from intrel.core import assessing


def test_the_assessments_app_registers_an_assessor_for_each_subject_a_write_changes() -> None:
    assert {"relation", "budget_line"} <= set(assessing._assessors)


def test_a_change_without_an_assessor_is_refused_not_silently_left_unassessed() -> None:
    with pytest.raises(LookupError, match="No assessor for 'initiative'"):
        assessing.facts_changed(subject_type="initiative", instance=object())


def test_facts_changed_calls_the_registered_assessor(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[object] = []
    monkeypatch.setitem(assessing._assessors, "relation", lambda instance: seen.append(instance))
    subject = object()
    assessing.facts_changed(subject_type="relation", instance=subject)
    assert seen == [subject]
