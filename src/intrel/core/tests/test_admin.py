"""The admin follows the product's rules (issue 9.3): every ModelAdmin, as functioneel beheer.

A class check: every ModelAdmin registered in ``admin.site`` is opened by a non-superuser
application manager on its list, add, change (with a real object of the demo data) and delete
pages; no page offers a privilege field, a group that grants admin, or a delete or edit of a
record the product changes only through its services.
"""

import re
from collections.abc import Callable

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db.models import FileField, Q, QuerySet
from django.test import Client, override_settings
from django.urls import reverse

from intrel.accounts.constants import Role
from intrel.accounts.models import User
from intrel.demo.services import demo_load
from intrel.relations.models import Relation

pytestmark = pytest.mark.django_db

PRIVILEGE_FIELDS = ("is_superuser", "is_staff", "user_permissions")


def admin_granting_groups() -> QuerySet[Group]:
    """Groups with a permission on users, groups, permissions or tokens grant admin."""
    q = Q()
    for app_label, model in [
        ("accounts", "user"),
        ("auth", "group"),
        ("auth", "permission"),
        ("api", "servicetoken"),
    ]:
        q |= Q(
            permissions__content_type__app_label=app_label,
            permissions__content_type__model=model,
        )
    return Group.objects.filter(q).distinct()


@pytest.fixture
def beheer(make_user: Callable[..., User]) -> User:
    """The demo's application manager: in the group functioneel beheer, staff, no superuser."""
    user = make_user(Role.APPLICATION_MANAGER, username="beheer")
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def beheer_client(client: Client, beheer: User) -> Client:
    client.force_login(beheer)
    return client


@pytest.fixture
def demo(db: None) -> None:
    demo_load()


def _names(html: str) -> set[str]:
    return set(re.findall(r'name="([^"]+)"', html))


def test_the_application_manager_is_in_a_group_that_grants_admin(beheer: User) -> None:
    assert beheer.groups.filter(pk__in=admin_granting_groups()).exists()
    assert Group.objects.get(name=str(Role.COUNCIL_MEMBER)) not in admin_granting_groups()


def test_every_admin_page_as_application_manager(
    demo: None, beheer: User, beheer_client: Client, make_user: Callable[..., User]
) -> None:
    raad = make_user(Role.COUNCIL_MEMBER, username="raad")
    # django-axes' admin (login attempts, issue 18): one login that succeeded, one that failed.
    Client().post("/accounts/login/", {"username": "raad", "password": "pw-for-tests-only"})
    Client().post("/accounts/login/", {"username": "raad", "password": "wrong"})
    # django-tasks-db's admin (background tasks queued in the database, ADR 0019): one queued.
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        from intrel.reviews.tasks import reminders_send

        reminders_send.enqueue(day="2014-01-01")
    admin_groups = {str(g.pk) for g in admin_granting_groups()}
    assert admin_groups
    checked = 0
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        obj = model._default_manager.order_by("pk").first()
        if model is User:
            obj = raad
        assert obj is not None, f"no {opts.label} in the demo data to open"
        base = f"admin:{opts.app_label}_{opts.model_name}"
        pages = {
            "list": reverse(f"{base}_changelist"),
            "add": reverse(f"{base}_add"),
            "change": reverse(f"{base}_change", args=[obj.pk]),
            "delete": reverse(f"{base}_delete", args=[obj.pk]),
        }
        for page, url in pages.items():
            response = beheer_client.get(url)
            assert response.status_code in (200, 302, 403), (opts.label, page, response.status_code)
            html = response.content.decode()
            present = _names(html) & set(PRIVILEGE_FIELDS)
            assert not present, f"{opts.label} {page}: privilege fields {present}"
            for select in re.findall(r'<select name="groups".*?</select>', html, re.S):
                offered = set(re.findall(r'value="(\d+)"', select))
                assert not offered & admin_groups, f"{opts.label} {page}: admin group offered"
            if page == "delete":
                # Nothing is deleted through the admin by a non-superuser application manager:
                # the register and governance are ended or corrected through the product.
                assert response.status_code in (302, 403), (opts.label, response.status_code)
            if page == "change" and response.status_code == 200:
                assert "deletelink" not in html, f"{opts.label}: delete offered"
        if model is not User:
            request = type("R", (), {"user": beheer})()
            assert not model_admin.has_add_permission(request), opts.label
            assert not model_admin.has_change_permission(request, obj), opts.label
            assert not model_admin.has_delete_permission(request, obj), opts.label
        checked += 1
    assert checked >= 15
    assert Relation.objects.count() > 0


def test_no_history_revert_saves_through_the_admin(demo: None, beheer_client: Client) -> None:
    """simple_history's "revert" form saves on POST for whoever may view: refused everywhere."""
    checked = 0
    for model, model_admin in admin.site._registry.items():
        if not hasattr(model_admin, "history_form_view"):
            continue
        opts = model._meta
        obj = model._default_manager.order_by("pk").first()
        if obj is None or not hasattr(obj, "history"):
            continue
        version = obj.history.order_by("history_id").first()
        url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_simple_history",
            args=[obj.pk, version.history_id],
        )
        assert beheer_client.get(url).status_code in (200, 403), url
        fields = [f for f in opts.concrete_fields if not isinstance(f, FileField)]
        before = {f.attname: f.value_from_object(obj) for f in fields}
        data = {k: v for k, v in before.items() if v is not None}
        data.update({f.name: "Overgenomen" for f in fields if f.name in ("name", "title")})
        response = beheer_client.post(url, data)
        assert response.status_code == 403, (url, response.status_code)
        obj.refresh_from_db()
        assert {f.attname: f.value_from_object(obj) for f in fields} == before
        checked += 1
    assert checked >= 3


def test_posting_privileges_does_not_stick(
    beheer: User, beheer_client: Client, make_user: Callable[..., User]
) -> None:
    raad = make_user(Role.COUNCIL_MEMBER, username="raad")
    admin_group = Group.objects.get(name=str(Role.APPLICATION_MANAGER))
    council = Group.objects.get(name=str(Role.COUNCIL_MEMBER))
    url = reverse("admin:accounts_user_change", args=[raad.pk])
    form = {
        "username": "raad",
        "first_name": "Kees",
        "last_name": "de Groot",
        "email": "raad@example.org",
        "job_title": "Raadslid",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "groups": [str(council.pk), str(admin_group.pk)],
        "user_permissions": [],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2014-01-01",
        "date_joined_1": "10:00:00",
    }
    response = beheer_client.post(url, form)
    raad.refresh_from_db()
    assert not raad.is_superuser
    assert not raad.is_staff
    assert not raad.groups.filter(pk=admin_group.pk).exists()
    # The form refused the group it does not offer; without it the rest is saved.
    assert response.status_code == 200
    form["groups"] = [str(council.pk)]
    response = beheer_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    raad.refresh_from_db()
    assert (raad.is_superuser, raad.is_staff) == (False, False)
    assert raad.job_title == "Raadslid"

    # Nor can the manager raise itself, or drop its own admin group by leaving it out.
    form.update(username="beheer", groups=[str(council.pk)])
    response = beheer_client.post(reverse("admin:accounts_user_change", args=[beheer.pk]), form)
    assert response.status_code == 302
    beheer.refresh_from_db()
    assert not beheer.is_superuser
    assert beheer.groups.filter(pk=admin_group.pk).exists()


def test_a_superuser_account_cannot_be_changed_by_the_manager(
    beheer_client: Client,
) -> None:
    root = User.objects.create_superuser("root", "root@example.org", "pw-for-tests-only")
    html = beheer_client.get(reverse("admin:accounts_user_change", args=[root.pk])).content
    assert 'name="username"' not in html.decode()  # shown read-only, if at all
    response = beheer_client.post(
        reverse("admin:auth_user_password_change", args=[root.pk]),
        {"password1": "x-Taken-over-123", "password2": "x-Taken-over-123"},
    )
    assert response.status_code in (302, 403)
    root.refresh_from_db()
    assert not root.check_password("x-Taken-over-123")


def test_a_superuser_still_sets_privileges(admin_client: Client) -> None:
    html = admin_client.get(reverse("admin:accounts_user_add")).content.decode()
    assert "username" in _names(html)
    user = User.objects.get(username="admin")
    html = admin_client.get(reverse("admin:accounts_user_change", args=[user.pk])).content.decode()
    assert {"is_superuser", "is_staff", "user_permissions"} <= _names(html)
