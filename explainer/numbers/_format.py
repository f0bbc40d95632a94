"""How the pages print the values they glue: months, days, quarters and plain numbers."""

from __future__ import annotations

import pandas as pd


def month(date: pd.Timestamp) -> str:
    """'March 2024'."""
    return f"{date:%B %Y}"


def day(date: pd.Timestamp) -> str:
    """'4 March 2024'."""
    return f"{date.day} {date:%B %Y}"


def quarter(date: pd.Timestamp) -> str:
    """'Q2 2026'."""
    return f"Q{(date.month - 1) // 3 + 1} {date.year}"


def num(value: float) -> float | int:
    """A plain Python number: an int where the value is whole, else a float (never numpy),
    so a glued value prints as the prose expects."""
    value = float(value)
    return int(value) if value.is_integer() else value
