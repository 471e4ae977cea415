"""Dates and times written by editors (`2025-12-30 08:30`), read in Vietnam's time zone."""
from __future__ import annotations

import datetime as dt
import os
import re

from .vi import TIMEZONE, local

_WHEN = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


def local_datetime(value: object) -> dt.datetime:
    """`2025-12-30 08:30` (or a YAML date) → aware datetime in Asia/Ho_Chi_Minh.

    Raises ValueError with a Vietnamese message.
    """
    if isinstance(value, dt.datetime):
        return local(value)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=TIMEZONE)
    match = _WHEN.match(str(value).strip())
    if not match:
        raise ValueError(f"ngày đăng '{value}' cần dạng năm-tháng-ngày giờ:phút, ví dụ 2025-12-30 08:30")
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    try:
        return dt.datetime(year, month, day, hour, minute, second, tzinfo=TIMEZONE)
    except ValueError:
        raise ValueError(f"ngày đăng '{value}' không tồn tại") from None


def now() -> dt.datetime:
    """The time that decides which bulletins are already published: `BANTIN_NOW` (for tests and
    previews of a date), else the clock. It decides nothing else: statistics use `as_of`."""
    fixed = os.environ.get("BANTIN_NOW")
    return local_datetime(fixed) if fixed else dt.datetime.now(TIMEZONE)
