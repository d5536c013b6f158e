"""Object rules on budget lines (issue 18, ADR 0020): who may allocate from a line and book
realisations and releases on its allocations.

- Officers and functioneel beheer: every line (``budgets.manage_any_line``).
- The clerk (griffie): the lines the committee holds. The committee acts as a body, by a
  decision in its meeting (BES-11; an initiative's ``decide`` step allocates from the committee's
  line); the clerk records it. A committee member alone books nothing, as before.
- A portfolio holder: allocates from the lines their portfolio holds, while they hold it.

Registered under the permissions' own codenames (``accounts/rules.py`` says how a rule reads).
"""

from typing import Any

import rules

from intrel.accounts.constants import Role
from intrel.accounts.rules import in_role, role_grants
from intrel.governance.rules import held_portfolios

from .constants import HolderKind


def _line_of(obj: Any) -> Any:
    """The line itself, or the line an allocation is made from."""
    return obj.line if hasattr(obj, "line_id") else obj


@rules.predicate
def line_held_by_committee(user: Any, obj: Any) -> bool:
    """The line is the committee's (without an object: some line may be)."""
    return obj is None or _line_of(obj).holder_kind == HolderKind.COMMITTEE


@rules.predicate
def line_held_by_own_portfolio(user: Any, obj: Any) -> bool:
    """The user holds today the portfolio holding the line (without an object: the user holds
    a portfolio today)."""
    held = held_portfolios(user)
    if obj is None:
        return bool(held)
    line = _line_of(obj)
    return line.holder_kind == HolderKind.PORTFOLIO and line.portfolio_id in held.values()


manages_every_line = role_grants("budgets.manage_any_line")


def _booking(permission: str) -> Any:
    return role_grants(permission) & (manages_every_line | line_held_by_committee)


rules.add_perm(
    "budgets.add_allocation",
    _booking("budgets.add_allocation")
    | (in_role(Role.PORTFOLIO_HOLDER) & line_held_by_own_portfolio),
)
rules.add_perm("budgets.add_ledgerentry", _booking("budgets.add_ledgerentry"))
