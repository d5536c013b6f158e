"""Issue 10.3: ``intrel assess_all --framework X --as-of D`` assesses every subject under X on D."""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from intrel.assessments.models import Assessment
from intrel.policy.framework import DEFAULT_PATH

pytestmark = pytest.mark.django_db

VARIANT = (
    Path(__file__).resolve().parents[2]
    / "policy"
    / "tests"
    / "frameworks"
    / "helmond-2013-council-initiates.yaml"
)


@pytest.fixture
def variant_registered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    shutil.copy(VARIANT, tmp_path / VARIANT.name)
    monkeypatch.setenv("INTREL_POLICY_PATH", f"{tmp_path}{os.pathsep}{DEFAULT_PATH}")
    return VARIANT.stem


def test_assess_all_uses_the_framework_and_date_for_every_subject(variant_registered: str) -> None:
    call_command("demo_load", "--if-empty")
    call_command(
        "assess_all", "--framework", variant_registered, "--as-of", "2013-06-01", stdout=None
    )
    for subject_type in ("relation", "committee", "budget_line"):
        stored = Assessment.objects.filter(
            subject_type=subject_type, framework=variant_registered, is_current=True
        )
        assert stored.exists(), subject_type
        for assessment in stored:
            assert str(assessment.as_of) == "2013-06-01", (subject_type, assessment.subject_key)
            assert assessment.decision["framework"] == variant_registered
            assert assessment.decision["as_of"] == "2013-06-01"
    # On 2013-06-01 the mayor still chaired the committee (ACH-3): the variant says so too.
    committee = Assessment.objects.get(
        subject_type="committee", framework=variant_registered, is_current=True
    )
    assert "COMMITTEE_CHAIRED_BY_MAYOR" in {f["code"] for f in committee.decision["findings"]}


def test_assess_all_refuses_an_unknown_framework() -> None:
    with pytest.raises(CommandError, match="known frameworks: helmond-2013"):
        call_command("assess_all", "--framework", "/etc/passwd")
