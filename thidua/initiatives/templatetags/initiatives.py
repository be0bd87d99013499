from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def money(value) -> str:
    """12000000 → "12.000.000" (Vietnamese grouping, whatever the locale's number settings)."""
    if value is None or value == "":
        return ""
    return f"{int(Decimal(value)):,}".replace(",", ".")
