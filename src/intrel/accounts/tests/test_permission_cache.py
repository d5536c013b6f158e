"""A user's permissions are cached between requests (issue 19: two queries on every page and
API call otherwise), and a change of a role, a group's permissions or the user's own permissions
takes effect at the very next request."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intrel.accounts.constants import Role
from intrel.accounts.models import User

pytestmark = pytest.mark.django_db


def _fresh(user: User) -> User:
    """The user as the next request loads it (no per-object permission cache)."""
    return User.objects.get(pk=user.pk)


def _permission_queries(user: User, permission: str) -> tuple[bool, int]:
    with CaptureQueriesContext(connection) as queries:
        allowed = user.has_perm(permission)
    return allowed, sum("auth_permission" in q["sql"] for q in queries.captured_queries)


def test_the_next_request_reads_no_permissions(make_user) -> None:
    officer = make_user(Role.POLICY_OFFICER)
    assert _permission_queries(_fresh(officer), "relations.change_relation") == (True, 2)
    assert _permission_queries(_fresh(officer), "relations.change_relation") == (True, 0)


def test_a_role_taken_away_is_gone_at_the_next_request(make_user) -> None:
    officer = make_user(Role.POLICY_OFFICER)
    assert _fresh(officer).has_perm("relations.change_relation")
    officer.groups.remove(Group.objects.get(name=str(Role.POLICY_OFFICER)))
    assert not _fresh(officer).has_perm("relations.change_relation")
    officer.groups.add(Group.objects.get(name=str(Role.COUNCIL_MEMBER)))
    assert _fresh(officer).has_perm("relations.view_relation")
    assert not _fresh(officer).has_perm("relations.change_relation")


def test_a_permission_taken_from_the_role_is_gone_at_the_next_request(make_user) -> None:
    officer = make_user(Role.POLICY_OFFICER)
    assert _fresh(officer).has_perm("relations.change_relation")
    group = Group.objects.get(name=str(Role.POLICY_OFFICER))
    group.permissions.remove(Permission.objects.get(codename="change_relation"))
    assert not _fresh(officer).has_perm("relations.change_relation")


def test_a_permission_given_to_the_user_counts_at_the_next_request(make_user) -> None:
    member = make_user(Role.COUNCIL_MEMBER)
    assert not _fresh(member).has_perm("relations.change_relation")
    member.user_permissions.add(Permission.objects.get(codename="change_relation"))
    assert _fresh(member).has_perm("relations.change_relation")


def test_a_deactivated_user_has_no_permission(make_user) -> None:
    officer = make_user(Role.POLICY_OFFICER)
    assert _fresh(officer).has_perm("relations.change_relation")
    User.objects.filter(pk=officer.pk).update(is_active=False)  # no signal: read per request
    assert not _fresh(officer).has_perm("relations.change_relation")
