"""``evaluate_many``: a batch of assessments gives the decisions of ``evaluate`` one by one,
and leaves the garbage collector as it found it, also when an assessment fails."""

from __future__ import annotations

import gc
import io
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from intrel.policy import (
    cli,
    collector_paused,
    decision_to_json,
    evaluate,
    evaluate_many,
    load_framework,
    parse_subject,
    parse_subjects,
)
from intrel.policy.tests.conftest import AS_OF, relation
from intrel.policy.tests.test_cli_stream import generated


@pytest.fixture(autouse=True)
def _collector_back_on() -> Iterator[None]:
    """Whatever a test does, the suite goes on with the collector on."""
    yield
    gc.enable()


@pytest.mark.parametrize("name", ["helmond-2013", "voorbeeld-2026"])
@pytest.mark.parametrize("as_of", [AS_OF, date(2026, 12, 1), None])
def test_a_batch_gives_the_decisions_of_one_by_one(name: str, as_of: date | None) -> None:
    fw = load_framework(name)
    subjects = parse_subjects(generated(300))
    one_by_one = [decision_to_json(evaluate(fw, s, as_of)) for s in subjects]
    assert [decision_to_json(d) for d in evaluate_many(fw, subjects, as_of)] == one_by_one
    assert [decision_to_json(d) for d in evaluate_many(fw, iter(subjects), as_of)] == one_by_one


def test_the_collector_is_on_after_a_batch_and_was_off_during_it() -> None:
    fw = load_framework("helmond-2013")
    seen: list[bool] = []

    class Watching:
        """A subject that notes whether the collector runs while it is assessed."""

        def __init__(self, subject: Any) -> None:
            self.subject = subject

        def __iter__(self) -> Iterator[Any]:
            for s in self.subject:
                seen.append(gc.isenabled())
                yield s

    subjects = parse_subjects(generated(20))
    assert gc.isenabled()
    evaluate_many(fw, Watching(subjects), AS_OF)
    assert seen == [False] * 20
    assert gc.isenabled()


def test_the_collector_is_on_again_when_an_assessment_fails() -> None:
    fw = load_framework("helmond-2013")
    good = parse_subject(relation(id="goed"))
    with pytest.raises(AttributeError):
        evaluate_many(fw, [good, object(), good], AS_OF)  # type: ignore[list-item]
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("a batch that fails")
    assert gc.isenabled()


def test_a_collector_the_caller_switched_off_stays_off() -> None:
    fw = load_framework("helmond-2013")
    gc.disable()
    evaluate_many(fw, [parse_subject(relation(id="goed"))], AS_OF)
    assert not gc.isenabled()
    with collector_paused(), collector_paused():  # nested batches
        pass
    assert not gc.isenabled()
    gc.enable()
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer batch is not done yet
    assert gc.isenabled()


def test_intrel_assess_leaves_the_collector_on() -> None:
    """``intrel assess`` assesses a list in batches (the collector paused for each)."""
    import json

    out, err = io.StringIO(), io.StringIO()
    argv = ["--framework", "helmond-2013", "--input", "-", "--as-of", AS_OF.isoformat()]
    data = generated(450)  # three batches of the CLI's 200
    data[300]["purposes"] = ["no such purpose"]  # a problem in the last batch
    assert cli.assess_main(argv, io.StringIO(json.dumps(data)), out, err) == 2
    assert 'relation "relation-00300": purposes[0]' in err.getvalue() and out.getvalue() == ""
    assert gc.isenabled()
    out, err = io.StringIO(), io.StringIO()
    assert cli.assess_main(argv, io.StringIO(json.dumps(data[:300])), out, err) == 0
    assert len(json.loads(out.getvalue())) == 300
    assert gc.isenabled()
