from decimal import Decimal
from typing import Any

from django import template

register = template.Library()


@register.simple_tag
def percent(value: Any, scale: Any) -> str:
    """``value`` as a share of ``scale`` in percent (0-100), for a bar's width."""
    total = Decimal(scale or 0)
    if total <= 0:
        return "0"
    return f"{min(Decimal(value or 0) / total * 100, Decimal(100)):.1f}"
