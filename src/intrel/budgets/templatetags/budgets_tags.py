"""Template tags other apps' pages use to show budget figures."""

from typing import Any

from django import template

from ..selectors import relation_costs as _relation_costs

register = template.Library()


@register.inclusion_tag("budgets/_relation_costs.html", takes_context=True)
def relation_costs(context: Any, relation: Any) -> dict[str, Any]:
    """The 'What it cost' section of a relation page (for those who may read budgets)."""
    user = context.get("user")
    show = bool(user and user.has_perm("budgets.view_allocation"))
    return {"show": show, "years": _relation_costs(relation=relation) if show else []}
