"""Content-Security-Policy without 'unsafe-inline', and no inline script left to need it.

Every page of tests/pages/test_every_page.py is also checked for the header there.
"""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import django
import pytest
from django.test import Client

from intrel.accounts.constants import Role

SRC = Path(__file__).resolve().parents[2] / "src" / "intrel"
TEMPLATES = sorted(SRC.rglob("templates/**/*.html"))
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I | re.S)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I | re.S)


def _policy(response: Any) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d for d in (p.strip() for p in header.split(";")) if d}


def test_the_templates_are_found() -> None:
    assert len(TEMPLATES) > 30
    assert SRC / "templates" / "base.html" in TEMPLATES


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_template_has_inline_script_or_handlers(template: Path) -> None:
    text = template.read_text()
    assert not INLINE_SCRIPT.search(text), "a <script> without src"
    assert not HANDLER.search(text), "an on...= event handler"
    assert not STYLE_ATTRIBUTE.search(text), "a style attribute"


def test_the_scan_finds_what_it_should() -> None:
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/x.js" defer></script>')
    assert HANDLER.search('<select id="l" name="language" onchange="this.form.submit()">')
    assert not HANDLER.search('<select id="l" name="language" data-submit-on-change>')
    assert STYLE_ATTRIBUTE.search('<p style="color: red">')


def test_the_admin_templates_of_django_have_no_inline_script() -> None:
    admin = Path(django.__file__).parent / "contrib" / "admin" / "templates"
    for template in admin.rglob("*.html"):
        assert not INLINE_SCRIPT.search(template.read_text()), template


@pytest.mark.parametrize("path", ["/accounts/login/", "/healthz"])
def test_the_header_without_login(db: None, path: str) -> None:
    response = Client().get(path)
    policy = _policy(response)
    assert policy["script-src"] == "script-src 'self'"
    assert policy["style-src"] == "style-src 'self'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/", "/relations/", "/admin/", "/api/v1/relations"])
def test_the_header_signed_in(make_user: Callable[..., Any], path: str) -> None:
    user = make_user(Role.APPLICATION_MANAGER, username="beheer")
    user.is_staff = True
    user.save()
    client = Client()
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert _policy(response)["default-src"] == "default-src 'self'"


def test_the_language_menu_script_is_served_and_named_in_the_page(db: None) -> None:
    html = Client().get("/accounts/login/").content.decode()
    assert "intrel/language-menu.js" in html
    assert "data-submit-on-change" in html
    assert (SRC / "static" / "intrel" / "language-menu.js").exists()
