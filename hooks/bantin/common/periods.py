"""When something is due: a day or a quarter (`2026-Q3`, its last day the deadline). Read from the data by
the schema's field reader, used by the figures, the texts and the pages."""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @property
    def last_day(self) -> dt.date:
        month = self.number * 3
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"


Due = dt.date | Quarter


def deadline(due: Due) -> dt.date:
    """The last day a due date or quarter allows."""
    return due.last_day if isinstance(due, Quarter) else due
