"""Deadlines around a report's date: what is overdue, what falls due soon, what is left of the quarter.

Counted at the report's `as_of`, never at the build date, so a page says the same whenever it is built.
A task is listed until it is done, an indicator (with a `target`) until it is reached. Documented in
docs/huong-dan/du-lieu.md, "Thời hạn".

- missed (`MISSED`): the deadline is before `as_of`; days overdue.
- upcoming (`UPCOMING`): the deadline is from `as_of` to `UPCOMING_DAYS` days after it (a deadline on `as_of`
  itself is still to come, as `model.Task.status` counts it); days left.
- this quarter (`QUARTER`): later, up to the end of the quarter in which the upcoming window ends. A report at
  the end of a quarter (25/12) so looks at the whole next quarter, which its window reaches into.

Missed first, most overdue first; then the soonest first.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..common.periods import Due, Quarter, deadline
from .model import Task
from .stats import REACHED, IndicatorStats, ReportStats

UPCOMING_DAYS = 30
MISSED, UPCOMING, QUARTER = "missed", "upcoming", "quarter"
GROUPS = (MISSED, UPCOMING, QUARTER)
TASK, INDICATOR = "task", "indicator"


def quarter_of(day: dt.date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


@dataclass(frozen=True)
class Horizon:
    """How far the list looks, from a report's date."""

    as_of: dt.date

    @property
    def upcoming_until(self) -> dt.date:
        return self.as_of + dt.timedelta(days=UPCOMING_DAYS)

    @property
    def quarter(self) -> Quarter:
        """The quarter the upcoming window ends in: the report's own, or the next near a quarter's end."""
        return quarter_of(self.upcoming_until)

    def group(self, last_day: dt.date) -> str | None:
        if last_day < self.as_of:
            return MISSED
        if last_day <= self.upcoming_until:
            return UPCOMING
        if last_day <= self.quarter.last_day:
            return QUARTER
        return None


@dataclass(frozen=True)
class Deadline:
    group: str
    kind: str                       # TASK or INDICATOR
    title: str
    due: Due
    days: int                       # overdue (MISSED), else left: 0 is a deadline on the report's date
    as_of: dt.date                  # the date of the report it comes from, which `days` counts from
    task: Task | None = None
    indicator: IndicatorStats | None = None

    @property
    def last_day(self) -> dt.date:
        return deadline(self.due)


def _entry(horizon: Horizon, kind: str, title: str, due: Due, task: Task | None = None,
           indicator: IndicatorStats | None = None) -> Deadline | None:
    last_day = deadline(due)
    group = horizon.group(last_day)
    if group is None:
        return None
    days = (horizon.as_of - last_day).days if group == MISSED else (last_day - horizon.as_of).days
    return Deadline(group, kind, title, due, days, as_of=horizon.as_of, task=task, indicator=indicator)


def deadlines(report: ReportStats, indicators_of: ReportStats | None = None) -> list[Deadline]:
    """The report's open tasks and unreached indicators with a deadline in the list's reach, in the list's order.
    `indicators_of`: the report whose indicators are listed, when not `report` (an earlier one, when the latest
    does not report them again: schema.figures.SECTIONS); each part is counted at its own report's date."""
    found = []
    horizon = Horizon(report.as_of)
    for task in report.report.task_list:  # as they stood on the report's date (model.tasks_on)
        if task.done is None or task.done > report.as_of:
            found.append(_entry(horizon, TASK, task.title, task.due, task=task))
    indicators_of = indicators_of or report
    horizon = Horizon(indicators_of.as_of)
    for item in indicators_of.indicators.values():
        if item.due is not None and item.target is not None and item.state != REACHED:
            found.append(_entry(horizon, INDICATOR, item.name, item.due, indicator=item))
    kinds = (TASK, INDICATOR)
    return sorted((d for d in found if d is not None),
                  key=lambda d: (GROUPS.index(d.group), d.last_day, kinds.index(d.kind), d.title))
