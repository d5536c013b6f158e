"""Under the Content-Security-Policy the page scripts still run (they are static files) and the
browser reports no violation: the language menu switches on choosing, the admin opens."""

from collections.abc import Callable
from typing import Any

import pytest

from intrel.accounts.constants import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _violations(page: Any) -> list[str]:
    found: list[str] = []
    page.on(
        "console",
        lambda msg: found.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return found


def test_the_language_menu_switches_without_inline_script(live_server: Any, page: Any) -> None:
    violations = _violations(page)
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("h1").inner_text() == "Log in"  # the test settings speak English
    with page.expect_navigation():
        page.select_option("#lang-select", "nl")
    assert page.locator("h1").inner_text() == "Inloggen"
    assert violations == []


def test_the_admin_works_under_the_policy(
    live_server: Any, page: Any, make_user: Callable[..., Any]
) -> None:
    user = make_user(Role.APPLICATION_MANAGER, username="f.beheer")
    user.is_staff = True
    user.save()
    violations = _violations(page)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "f.beheer")
    page.fill("#id_password", "pw-for-tests-only")
    with page.expect_navigation():
        page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/accounts/user/")
    assert page.locator("#result_list").count() == 1
    assert violations == []
