"""Object rules on the register's relations: a portfolio holder changes the relations their
portfolio owns today, with their agreements, involvements and activities (issue 18, ADR 0020).

Registered with django-rules under the permission's own codename (``accounts/rules.py`` says
how a rule reads). They live here, not in ``relations``, because who holds a portfolio is
governance's fact and the relations app sits below governance.
"""

from typing import Any

import rules
from django.utils import timezone

from intrel.accounts.constants import Role
from intrel.accounts.rules import in_role, role_grants
from intrel.relations.constants import OwnerKind

from .selectors import portfolios_held_by

# Cached on the user object for the request (a page asks a rule for every button).
_CACHE = "_intrel_portfolios_held"


def held_portfolios(user: Any) -> dict[str, int]:
    """The portfolios the user holds today, code -> primary key."""
    today = timezone.localdate()
    cached = getattr(user, _CACHE, None)
    if cached is None or cached[0] != today:
        cached = (today, portfolios_held_by(user=user, day=today))
        setattr(user, _CACHE, cached)
    return cached[1]


def _relation_of(obj: Any) -> Any:
    """The relation itself, or the relation an agreement, involvement or activity is under."""
    return obj.relation if hasattr(obj, "relation_id") else obj


@rules.predicate
def holds_owning_portfolio(user: Any, obj: Any) -> bool:
    """The user holds today the portfolio that owns the relation (of the object). Without an
    object: the user holds a portfolio today (so may change some relation)."""
    held = held_portfolios(user)
    if obj is None:
        return bool(held)
    relation = _relation_of(obj)
    return relation.owner_kind == OwnerKind.PORTFOLIO and relation.owner_portfolio in held


is_portfolio_holder = in_role(Role.PORTFOLIO_HOLDER)

# The relation itself, and its agreements, involvements and activities. Contact persons
# (personal data) and the steps of a relation's life stay with the policy officers.
OWN_PORTFOLIO_PERMISSIONS = ["relations.change_relation"] + [
    f"relations.{verb}_{model}"
    for model in ("agreement", "involvement", "activity")
    for verb in ("add", "change", "delete")
]
for _permission in OWN_PORTFOLIO_PERMISSIONS:
    rules.add_perm(
        _permission, role_grants(_permission) | (is_portfolio_holder & holds_owning_portfolio)
    )
