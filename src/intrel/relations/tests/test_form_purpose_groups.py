"""Issue 11.2: the relation form groups purposes as the framework file does, not as a copy."""

from pathlib import Path
from typing import Any

import pytest
import yaml

from intrel.policy.framework import DEFAULT_PATH
from intrel.relations.forms import RelationForm


def _groups() -> dict[str, list[str]]:
    form = RelationForm()
    return {str(label): [p for p, _l, _c in choices] for label, choices in form.purpose_groups()}


@pytest.mark.django_db
def test_the_form_follows_the_files_purpose_groups(
    settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    groups = _groups()
    assert "city_marketing" in groups["Other added value"]
    assert groups["Economic"] == ["economy", "acquisition", "trade"]

    data = yaml.safe_load((DEFAULT_PATH / "helmond-2013.yaml").read_text("utf-8"))
    data["id"] = "marketing-is-economic"
    data["purpose_groups"]["economic"].append("city_marketing")
    data["purpose_groups"]["added_value"].remove("city_marketing")
    data["topical_portfolios"] = [p for p in data["topical_portfolios"] if p["code"] != "MAR"]
    (tmp_path / "marketing-is-economic.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True), "utf-8"
    )
    monkeypatch.setenv("INTREL_POLICY_PATH", str(tmp_path))
    settings.INTREL_DEFAULT_FRAMEWORK = "marketing-is-economic"

    groups = _groups()
    assert groups["Economic"] == ["economy", "acquisition", "trade", "city_marketing"]
    assert "city_marketing" not in groups["Other added value"]
