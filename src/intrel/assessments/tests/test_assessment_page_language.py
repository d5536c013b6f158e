"""Issue 10.7 (the assessment part): a relation's assessment reads in the interface language,
with no engine codes (UPPER_SNAKE_CASE) and no trace in the sentences a user reads.

Over every relation of the demo, in Dutch and in English. The trace and the codes stay
available in the collapsed block labelled as technical details."""

import re
from html import unescape

import pytest
from django.conf import settings
from django.utils.html import strip_tags

from intrel.accounts.constants import Role
from intrel.assessments.models import Assessment
from intrel.relations.models import Relation

pytestmark = pytest.mark.django_db

CODE = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")
TRACE = re.compile(r"→|->|\b(?:route|pillars|owner|relation|solidarity|value|economic)\.[a-z]")
TECHNICAL = re.compile(r'<details class="trace">.*?</details>', re.S)


def _assessment_text(html: str) -> str:
    """What a reader sees of the assessment section (text, not markup), without the
    technical details."""
    section = html.split('id="assessment"', 1)[1].split("</section>", 1)[0]
    return unescape(strip_tags(TECHNICAL.sub("", section)))


@pytest.fixture
def demo(demo_module: None) -> None:
    """The demo, loaded once for this module (conftest.py)."""


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_demo_assessment_reads_in_the_interface_language(
    demo: None, client, make_user, language: str
) -> None:
    client.force_login(make_user(Role.POLICY_OFFICER))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    other = "nl" if language == "en" else "en"
    relations = list(Relation.objects.order_by("slug"))
    assert relations
    checked = 0
    for relation in relations:
        html = client.get(relation.get_absolute_url()).content.decode()
        assert f'<html lang="{language}">' in html
        section = _assessment_text(html)
        assert not CODE.search(section), (relation.slug, CODE.findall(section))
        assert not TRACE.search(section), (relation.slug, TRACE.findall(section))
        decision = Assessment.objects.get(relation=relation, is_current=True).decision
        texts = {
            "nl": [f["message"] for f in decision["findings"]]
            + [a["description"] for a in decision["actions"]]
            + [decision["owner"]["because"]]
            + [p["because"] for p in decision["pillars"].values()],
            "en": [f["message_en"] for f in decision["findings"]]
            + [a["description_en"] for a in decision["actions"]]
            + [decision["owner"]["because_en"]]
            + [p["because_en"] for p in decision["pillars"].values()],
        }
        for text in texts[language]:
            assert text in section, (relation.slug, text)
        for mine, theirs in zip(texts[language], texts[other], strict=True):
            if mine != theirs:
                assert theirs not in section, (relation.slug, theirs)
        checked += 1
        # the trace is still there, collapsed and labelled as technical details
        assert "trace" in html and decision["trace"][0] in html
    assert checked == len(relations)


def test_the_technical_details_are_labelled(demo: None, client, make_user) -> None:
    client.force_login(make_user(Role.POLICY_OFFICER))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    relation = Relation.objects.get(slug="helmond-entp")
    html = client.get(relation.get_absolute_url()).content.decode()
    details = TECHNICAL.search(html)
    assert details is not None
    assert "Technische details" in details.group(0)
    assert "<code>MOVE_OWNERSHIP</code>" in details.group(0)
