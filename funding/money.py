"""Showing money: pounds with thousands separators and pence, from Decimal (never float)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")


def pounds(value: Decimal | int | None, blank: str = "–") -> str:
    """'£1,234.50', '−£12.00' for a negative amount, or `blank` when there is no figure."""
    if value is None or value == "":
        return blank
    amount = Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)
    sign = "−" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def percent(value: Decimal | None, blank: str = "–") -> str:
    return blank if value is None else f"{value}%"
