"""The committee as the contract's `committee` subject on any date, assessed under helmond-2013."""

from datetime import date

from intrel.governance import selectors, services

from .conftest import ELECTION_DAY


def _elect(setup, meeting):
    a = setup.members[0]
    return services.chair_elect(
        meeting=meeting, candidates=[a], votes={p: a for p in [setup.mayor, *setup.members]}
    )


def test_subject_before_the_election_has_the_mayor_as_unelected_chair(setup, meeting):
    _elect(setup, meeting)
    subject = selectors.committee_to_subject(setup.committee, date(2013, 6, 1))
    assert subject["subject"] == "committee"
    assert subject["installed_by"] == "council"
    chair = next(m for m in subject["members"] if m["role"] == "chair")
    assert chair == {
        "name": "Burgemeester B",
        "is_council_member": False,
        "is_mayor": True,
        "role": "chair",
        "elected_by_committee": False,
    }
    assert len(subject["members"]) == 5


def test_subject_after_the_election_has_an_elected_council_member_as_chair(setup, meeting):
    _elect(setup, meeting)
    subject = selectors.committee_to_subject(setup.committee, ELECTION_DAY)
    chairs = [m for m in subject["members"] if m["role"] == "chair"]
    assert chairs == [
        {
            "name": "Raadslid A",
            "is_council_member": True,
            "is_mayor": False,
            "role": "chair",
            "elected_by_committee": True,
        }
    ]
    assert all(m["is_council_member"] for m in subject["members"])


def test_assessment_finds_bes10_violations_before_and_none_after(setup, meeting):
    _elect(setup, meeting)
    before = selectors.committee_assess(committee=setup.committee, as_of=date(2014, 1, 15))
    assert before.framework == "helmond-2013"
    assert before.in_force
    codes = {f["code"] for f in before.violations}
    assert {"COMMITTEE_CHAIRED_BY_MAYOR", "CHAIR_NOT_ELECTED_BY_COMMITTEE"} <= codes
    assert all("BES-10" in f["clauses"] for f in before.violations)

    after = selectors.committee_assess(committee=setup.committee, as_of=ELECTION_DAY)
    assert after.violations == []


def test_findings_before_the_framework_date_are_marked_not_in_force(setup):
    old = selectors.committee_assess(committee=setup.committee, as_of=date(2012, 1, 1))
    assert not old.in_force
    assert old.violations  # what the framework would say; the page says ACH-3 applied then
    assert old.effective_from == date(2014, 1, 1)


def test_compliance_timeline_shows_the_change(setup, meeting):
    _elect(setup, meeting)
    timeline = selectors.committee_compliance_timeline(committee=setup.committee)
    by_day = {a.as_of: bool(a.violations) for a in timeline}
    assert by_day[date(2014, 1, 1)] is True
    assert by_day[ELECTION_DAY] is False


def test_the_framework_date_is_the_files(setup, settings, tmp_path, monkeypatch):
    """Issue 11.2: the date the framework takes effect is the file's ``effective_from``:
    change the file and the committee page's date and timeline follow."""
    from intrel.policy.framework import DEFAULT_PATH

    text = (DEFAULT_PATH / "helmond-2013.yaml").read_text("utf-8")
    assert "\neffective_from: 2014-01-01\n" in text
    text = text.replace("\nid: helmond-2013\n", "\nid: helmond-later\n")
    text = text.replace("\neffective_from: 2014-01-01\n", "\neffective_from: 2015-03-01\n")
    (tmp_path / "helmond-later.yaml").write_text(text, "utf-8")
    monkeypatch.setenv("INTREL_POLICY_PATH", str(tmp_path))
    settings.INTREL_DEFAULT_FRAMEWORK = "helmond-later"

    assert selectors.framework_effective_from() == date(2015, 3, 1)
    assessed = selectors.committee_assess(committee=setup.committee, as_of=date(2014, 6, 1))
    assert assessed.effective_from == date(2015, 3, 1)
    assert not assessed.in_force
    days = selectors.committee_change_dates(committee=setup.committee)
    assert date(2015, 3, 1) in days and date(2014, 1, 1) not in days
