"""Numbers as Vietnamese officers write them, whatever the locale's number settings."""

from decimal import Decimal


def money(value) -> str:
    """12000000 → "12.000.000" (the thousands separator is a dot); None or "" → ""."""
    if value is None or value == "":
        return ""
    return f"{int(Decimal(value)):,}".replace(",", ".")
