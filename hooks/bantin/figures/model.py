"""The validated data: immutable, built once per build by `loading`, read by everything else."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cached_property

from ..common.periods import Due, deadline
from ..schema.figures import Wording

Number = int | Decimal

# Task statuses, in the order the bulletins list them.
COMPLETED, ON_SCHEDULE, OVERDUE = "completed", "on_schedule", "overdue"
STATUSES = (COMPLETED, ON_SCHEDULE, OVERDUE)
COMPLETED_ON_TIME, COMPLETED_LATE = "completed_on_time", "completed_late"


@dataclass(frozen=True)
class Task:
    title: str
    due: Due
    done: dt.date | None = None
    unit: str | None = None
    # Named as in the data files (`chu_tri:`, `phoi_hop:`), which the exports repeat.
    chu_tri: str | None = None              # who leads the task
    phoi_hop: tuple[str, ...] = ()          # who works with the lead
    ngay_giao: dt.date | None = None        # assigned on; None: from the start

    def status(self, as_of: dt.date) -> str:
        """Detailed status as of the report's date (never the build date).

        A task done after `as_of` was not done yet on that date.
        """
        if self.done is not None and self.done <= as_of:
            return COMPLETED_ON_TIME if self.done <= deadline(self.due) else COMPLETED_LATE
        return ON_SCHEDULE if deadline(self.due) >= as_of else OVERDUE

    def seen_on(self, as_of: dt.date) -> Task | None:
        """The task as a report dated `as_of` knew it: None if assigned later, not done if done later.

        So a programme's single task list gives each report its own history, and an old
        bulletin keeps its figures when a task is finished or added afterwards.
        """
        if self.ngay_giao is not None and self.ngay_giao > as_of:
            return None
        if self.done is not None and self.done > as_of:
            return replace(self, done=None)
        return self


def tasks_on(tasks: tuple[Task, ...], as_of: dt.date) -> tuple[Task, ...]:
    """The tasks a report dated `as_of` knew of, each as it stood on that date."""
    return tuple(seen for seen in (task.seen_on(as_of) for task in tasks) if seen is not None)


@dataclass(frozen=True)
class TaskCounts:
    completed: int
    on_schedule: int
    overdue: int
    completed_on_time: int | None = None
    completed_late: int | None = None

    @property
    def assigned(self) -> int:
        return self.completed + self.on_schedule + self.overdue

    def by_status(self) -> dict[str, int]:
        return {COMPLETED: self.completed, ON_SCHEDULE: self.on_schedule, OVERDUE: self.overdue}

    @classmethod
    def of_tasks(cls, tasks: tuple[Task, ...], as_of: dt.date) -> TaskCounts:
        statuses = [task.status(as_of) for task in tasks_on(tasks, as_of)]
        on_time, late = statuses.count(COMPLETED_ON_TIME), statuses.count(COMPLETED_LATE)
        return cls(on_time + late, statuses.count(ON_SCHEDULE), statuses.count(OVERDUE), on_time, late)


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    unit: str
    actual: Number
    target: Number | None = None
    due: Due | None = None
    qualifier: str | None = None  # one of QUALIFIERS: `actual` is "trên 160.000", not exactly 160.000


@dataclass(frozen=True)
class UnitFigures:
    """A report's figures for one unit of data/units.yml (`by_unit:`)."""

    code: str
    tasks: TaskCounts | None = None
    indicators: tuple[tuple[str, Number], ...] = ()  # (indicator id, actual)


@dataclass(frozen=True)
class TrafficLights:
    """A programme's `traffic_lights:`: Đỏ over `red_overdue_share`% overdue, Vàng from `yellow_overdue`."""

    red_overdue_share: Number = 10
    yellow_overdue: int = 1


@dataclass(frozen=True)
class Report:
    as_of: dt.date
    tasks: TaskCounts | None
    task_list: tuple[Task, ...] = ()  # as the report knew them: see `tasks_on`
    indicators: tuple[Indicator, ...] = ()
    by_unit: tuple[UnitFigures, ...] = ()
    kept: tuple[str, ...] = ()  # SECTIONS it does not report again (`giu_nguyen:`)
    sample: bool = False  # `minh_hoa: true`: invented figures (bantin.common.sample)

    def has(self, section: str) -> bool:
        """Whether the report gives one of SECTIONS."""
        return bool(getattr(self, section))

    def indicator(self, id_: str) -> Indicator | None:
        return next((i for i in self.indicators if i.id == id_), None)

    @cached_property
    def figures_by_unit(self) -> dict[str, UnitFigures]:
        return {figures.code: figures for figures in self.by_unit}


@dataclass(frozen=True)
class Programme:
    id: str
    title: str
    reports: tuple[Report, ...]  # oldest first
    basis: str | None = None
    owner: str | None = None
    source: str = ""
    task_list: tuple[Task, ...] = ()  # declared once for every report, or () when each report counts its own
    wording: Wording = Wording()
    traffic_lights: TrafficLights = TrafficLights()
    sample: bool = False  # `minh_hoa: true`: all its figures are invented (bantin.common.sample)
    nguon: str | None = None  # who published the figures, where and when

    @property
    def latest(self) -> Report:
        return self.reports[-1]

    def previous(self, report: Report) -> Report | None:
        index = self.reports.index(report)
        return self.reports[index - 1] if index else None
