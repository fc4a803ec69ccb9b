"""How the product writes amounts: one place for every app (compliance's contract values, the
Expo's sponsor levels) and their templates (the `money` filter of the `formats` library)."""

from decimal import Decimal


def format_money(value: Decimal) -> str:
    """`$1,000,000.00`."""
    return f"${value:,.2f}"
