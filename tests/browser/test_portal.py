"""The public portal in Chromium (issue 16): every public page in Dutch and English passes
axe-core at WCAG 2.1 A and AA, the map's list works with the keyboard only, and a screenshot of
the home page is kept in docs/img for people to look at."""

from pathlib import Path
from typing import Any

import pytest

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOT = ROOT / "docs" / "img" / "portal-home.png"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = [
    "/publiek/",
    "/publiek/relaties/helmond-mechelen/",
    "/publiek/relaties/helmond-san-marcos/",
    "/publiek/commissie/",
    "/publiek/uitgaven/",
    "/publiek/beleidskader/",
    "/publiek/toegankelijkheid/",
    "/publiek/open-data/",
    "/publiek/relaties/bestaat-niet/",
]


def _demo() -> None:
    """The demo data with a few assessments confirmed, so the map shows pillars."""
    from intrel.accounts.models import User
    from intrel.assessments.models import Assessment
    from intrel.assessments.services import assessment_confirm
    from intrel.demo.services import demo_load

    demo_load()
    officer = User.objects.create_user(username="beleid-portal", password="pw-for-tests-only")
    for assessment in Assessment.objects.filter(is_current=True, relation__isnull=False):
        if assessment.relation.slug != "helmond-entp":
            assessment_confirm(assessment=assessment, user=officer)


def _context(browser: Any, live_server: Any, language: str) -> Any:
    # Playwright injects axe-core as an inline script, which the site's CSP rightly refuses:
    # the test's own script is let through, the pages are unchanged.
    context = browser.new_context(
        locale="nl-NL", viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    context.set_default_timeout(10_000)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    return context


def _violations(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return result["violations"]


def test_every_public_page_passes_axe_in_both_languages(live_server, browser):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run 'make setup' (npm ci)")
    _demo()
    problems = []
    for language in ("nl", "en"):
        context = _context(browser, live_server, language)
        page = context.new_page()
        for path in PAGES:
            page.goto(f"{live_server.url}{path}")
            assert page.locator("html").get_attribute("lang") == language, path
            name = path.strip("/").replace("/", "-") or "home"
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"portal-{language}-{name}.png"), full_page=True)
            for v in _violations(page):
                targets = [n["target"] for n in v["nodes"]][:3]
                problems.append(f"{language} {path}: {v['id']} ({v['impact']}) {targets}")
        context.close()
    assert not problems, "\n".join(problems)


def test_the_maps_list_with_the_keyboard_only(live_server, browser):
    _demo()
    context = _context(browser, live_server, "nl")
    page = context.new_page()
    page.goto(f"{live_server.url}/publiek/")
    # The first Tab reaches the skip link; Enter moves the focus to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # Tab on through the map's markers to the list: every relation is reached, in order, and
    # Enter on one opens its page.
    names = page.locator(".portal-relation-list a").all_inner_texts()
    assert len(names) >= 8
    reached: list[str] = []
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.portal-relation-list')"):
            reached.append(page.evaluate("document.activeElement.textContent"))
            if len(reached) == len(names):
                break
    assert reached == names
    # The focus ring is visible on a link of the list.
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    page.wait_for_url("**/publiek/relaties/**")
    assert page.locator("h1").inner_text() == names[-1]
    context.close()


def test_a_screenshot_of_the_home_page(live_server, browser):
    _demo()
    context = _context(browser, live_server, "nl")
    page = context.new_page()
    # The map needs no other site: every request the page makes goes to this one.
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{live_server.url}/publiek/")
    page.wait_for_load_state("networkidle")
    assert page.locator(".portal-map svg .marker").count() >= 8
    assert requests and all(url.startswith(live_server.url) for url in requests), requests
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    context.close()
