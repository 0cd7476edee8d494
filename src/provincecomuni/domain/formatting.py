"""How figures are written for Italian readers (one place for every page and message)."""

from decimal import Decimal


def italian_amount(amount, decimals=2) -> str:
    """``12345.5`` -> ``"12.345,50"``: dot for thousands, comma for decimals; None -> ``""``."""
    if amount is None:
        return ""
    text = f"{Decimal(str(amount)):,.{decimals}f}"
    return text.replace(",", "X").replace(".", ",").replace("X", ".")
