"""Template filters for amounts and counts: ``{{ x|eur }}``, ``{{ h|hours }}``,
``{{ h|hours_number }}``, ``{{ n|whole }}``."""

from typing import Any

from django import template

from intrel.core import formatting

register = template.Library()


@register.filter
def eur(value: Any, decimals: int = 2) -> str:
    return formatting.eur(value, decimals)


@register.filter
def hours(value: Any) -> str:
    return formatting.hours(value)


@register.filter
def hours_number(value: Any) -> str:
    return formatting.hours(value, unit=False)


@register.filter
def whole(value: Any) -> str:
    """A count: ``80.067`` in Dutch, ``80,067`` in English."""
    return formatting.number(value, 0)
