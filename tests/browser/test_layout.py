"""Layout a user can see, measured in a real browser (issue 10.9).

A page is never wider than the screen (375 px phone, 1366 px laptop), even with a word of
10,000 characters; a wide table says that it scrolls (or fits); the keyboard focus ring has
3:1 contrast against what it is drawn on; "no owner" is not shown in the colour of "good".
"""

import re
from datetime import date
from decimal import Decimal

import pytest

from intrel.accounts.constants import Role
from intrel.assessments.services import relation_assess
from intrel.governance import services as governance
from intrel.governance.constants import Body
from intrel.relations.tests.factories import PartnerFactory, RelationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_WORD = "x" * 10_000
LONG_NAME = "y" * 190  # names and titles hold 200 characters at most

# The page's width against the window's (a horizontal page scroll when it is larger).
PAGE_WIDTH = "() => [document.documentElement.scrollWidth, window.innerWidth]"

# WCAG relative luminance and contrast of two CSS colours (rgb()/rgba() strings), and the
# colour a focused element's ring is drawn on: the first opaque background around it.
CONTRAST_JS = """
() => {
  const rgb = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const behind = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const c = rgb(getComputedStyle(p).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  if (style.outlineStyle === "none" || parseFloat(style.outlineWidth) < 2) {
    return {what: el.outerHTML.slice(0, 80), ratio: 0, outline: "none", on: ""};
  }
  const a = lum(rgb(style.outlineColor).slice(0, 3)), b = lum(behind(el));
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  return {what: el.outerHTML.slice(0, 80), ratio, outline: style.outlineColor,
          on: behind(el).join(",")};
}
"""


def _login(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests-only")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))


def _demo(make_user, role: str = Role.APPLICATION_MANAGER) -> None:
    from intrel.demo.services import demo_load

    make_user(role, username="anna")
    demo_load()


def _fits(page, path: str, live_server, width: int) -> tuple[int, int]:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}{path}")
    return tuple(page.evaluate(PAGE_WIDTH))


def test_relation_pages_fit_a_phone(live_server, page, screenshot, make_user):
    _demo(make_user)
    _login(page, live_server, "anna")
    for path in ["/relations/helmond-mechelen/", "/relations/helmond-entp/", "/relations/"]:
        width, window = _fits(page, path, live_server, 375)
        assert width <= window, f"{path} is {width} px wide on a {window} px screen"
    page.goto(f"{live_server.url}/relations/helmond-mechelen/")
    screenshot("layout-relation-375")


def test_a_word_of_ten_thousand_characters_wraps(live_server, page, screenshot, make_user):
    make_user(Role.CLERK, username="anna")
    meeting = governance.meeting_create(
        body=Body.COUNCIL, date=date(2014, 2, 11), title=f"Raad {LONG_NAME}", minutes=LONG_WORD
    )
    relation = RelationFactory(
        name=f"Relatie {LONG_NAME}",
        description=LONG_WORD,
        partner=PartnerFactory(name=f"Partner {LONG_NAME}"),
    )
    relation_assess(relation=relation)
    _login(page, live_server, "anna")
    for width in (375, 1366):
        for path in [
            f"/governance/meetings/{meeting.pk}",
            "/governance/meetings",
            f"/relations/{relation.slug}/",
            "/relations/",
        ]:
            page_width, window = _fits(page, path, live_server, width)
            assert page_width <= window, f"{path} is {page_width} px wide at {window} px"
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/governance/meetings/{meeting.pk}")
    screenshot("layout-long-word-375")


def test_the_budget_table_shows_its_hours_or_says_it_scrolls(live_server, page, make_user):
    _demo(make_user)
    _login(page, live_server, "anna")
    # How wide the table is against its box, and whether a visible caption says it scrolls.
    measure = """() => {
      const table = document.getElementById("overview-table");
      const box = table.closest(".section");
      const cue = box.querySelector(".scroll-cue");
      return [table.getBoundingClientRect().width, box.clientWidth,
              !!cue && !cue.hidden && cue.offsetHeight > 0 && cue.textContent.trim()];
    }"""
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/budgets/?year=2014")
    table, box, cue = page.evaluate(measure)
    assert table <= box or cue, "the hours columns hide behind a scroll without a word"
    # On a laptop it fits: the fourth hours column ("Uren over") is on the screen.
    assert page.locator("#overview-table thead th").last.bounding_box()["x"] + 10 < 1366
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/budgets/?year=2014")
    table, box, cue = page.evaluate(measure)
    assert table > box
    assert cue, "a table wider than the phone's screen says that it scrolls"


def test_the_focus_ring_has_three_to_one_contrast(live_server, page, make_user):
    _demo(make_user)
    _login(page, live_server, "anna")
    page.goto(f"{live_server.url}/relations/helmond-mechelen/")
    seen = []
    for _ in range(40):  # header, menu, page links and buttons
        page.keyboard.press("Tab")
        ring = page.evaluate(CONTRAST_JS)
        if ring:
            seen.append(ring)
    assert len(seen) >= 20
    weak = [r for r in seen if r["ratio"] < 3]
    assert not weak, weak[:3]
    # The skip link first: a dark ring on it, on a light page.
    assert "skip-link" in seen[0]["what"]


def _hue(rgb: str) -> tuple[float, float]:
    """Hue (degrees) and saturation (0..1) of a CSS rgb()/rgba() colour."""
    import colorsys

    r, g, b = (int(float(x)) / 255 for x in re.findall(r"[\d.]+", rgb)[:3])
    h, _l, s = colorsys.rgb_to_hls(r, g, b)
    return h * 360, s


def test_no_owner_is_not_shown_in_green(live_server, page, make_user):
    make_user(Role.POLICY_OFFICER, username="anna")
    relation = RelationFactory(
        slug="zonder-pijler",
        purposes=["other"],  # neither pillar: the framework routes it to no owner
        owner_kind="executive_board",
        owner_portfolio="",
        budget_held_by="executive_board",
        budget_portfolio="",
        budget_money_eur_per_year=Decimal("0"),
    )
    assessment = relation_assess(relation=relation)
    assert assessment.decision["owner"]["kind"] == "none"
    _login(page, live_server, "anna")
    page.goto(f"{live_server.url}/relations/zonder-pijler/")
    # What the framework asks, beside what is registered today.
    owner = page.locator("#assessment table.compare tbody td").nth(1).locator("strong")
    assert re.search("neither pillar|geen van beide", owner.inner_text())
    for prop in ("color", "backgroundColor"):
        value = owner.evaluate(f"el => getComputedStyle(el).{prop}")
        hue, saturation = _hue(value)
        green = 75 <= hue <= 165 and saturation > 0.15
        assert not green, f"{prop} {value} is green, the colour of 'good'"


# Every text of every chart: its box against the chart's (cut off when it sticks out) and its
# height on the screen (too small to read below 9 px).
CHART_TEXTS = """() => [...document.querySelectorAll("svg.chart")].flatMap((svg) => {
  const box = svg.getBoundingClientRect();
  return [...svg.querySelectorAll("text")].map((t) => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, height: r.height,
            out: r.left < box.left - 0.5 || r.right > box.right + 0.5
                 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5};
  });
})"""


@pytest.mark.parametrize("width", [1366, 375])
def test_chart_labels_are_on_the_chart_and_readable(
    live_server, page, screenshot, make_user, width
):
    _demo(make_user)
    _login(page, live_server, "anna")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/budgets/?year=2014")
    texts = page.evaluate(CHART_TEXTS)
    assert len(texts) > 10, "the budget overview draws its charts"
    cut = [t["text"] for t in texts if t["out"]]
    assert not cut, f"cut off at {width} px: {cut}"
    small = [(t["text"], round(t["height"], 1)) for t in texts if t["height"] < 9]
    assert not small, f"too small to read at {width} px: {small[:5]}"
    # The committee's whole name, which the chart once cut to "Commissie Internationale Betr…".
    assert any(t["text"].endswith("Betrekkingen") for t in texts)
    screenshot(f"layout-budget-charts-{width}")
