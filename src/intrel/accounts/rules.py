"""The object-level permissions' common predicates (django-rules, issue 18; ADR 0020).

One layer for pages and API: each app that owns the facts registers its object rules under the
permission's own codename (``governance/rules.py`` for the register's relations, whose owner is
a portfolio; ``budgets/rules.py`` for budget lines), and ``rules.permissions.
ObjectPermissionBackend`` answers ``user.has_perm(codename, obj)``. A rule reads as "the role
grants it on every object, or the user may on this one"; asked without an object
(``user.has_perm(codename)``) it answers whether the user may on *some* object, which is the
gate a page or an operation checks before it looks the object up (403 when not even that).
"""

from typing import Any

import rules

from .constants import Role


def role_grants(permission: str) -> Any:
    """The role (Django group) grants ``permission`` on every object.

    Read from the model backend's permissions, never through ``has_perm`` (which would ask this
    rule again).
    """

    @rules.predicate(name=f"role_grants:{permission}")
    def predicate(user: Any) -> bool:
        if not getattr(user, "is_active", False):
            return False
        return permission in user.get_all_permissions()

    return predicate


def in_role(role: Role) -> Any:
    """The user holds ``role`` (is in its group)."""
    return rules.is_group_member(str(role))
