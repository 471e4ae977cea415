"""Vietnam's time and whole numbers as Vietnamese write them, without Babel.

`make visits` runs every few minutes and usually has nothing new to count: it imports only what
it needs (Babel, through `bantin.common.vi`, costs about 0.1 s). `vi.local` and `vi.number` give the same
results (tests/test_visits_command.py compares them).
"""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def local(value: dt.datetime) -> dt.datetime:
    """An aware datetime in Vietnam's time; a naive one is taken as Vietnam's already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=TIMEZONE)
    return value.astimezone(TIMEZONE)


def number(value: int) -> str:
    """`1000000` → `1.000.000`."""
    return f"{value:,}".replace(",", ".")
