"""Computed statistics, once per build: percents, progress, remaining, change since the last report.

Every page, table, chart and export reads these numbers, so a figure is rounded once
and shown the same everywhere.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ..common.periods import Due, deadline
from ..common.vi import round_half_up
from ..schema.figures import Wording
from .model import STATUSES, Indicator, Number, Programme, Report, TaskCounts, TrafficLights

REACHED, IN_PROGRESS, LATE = "reached", "in_progress", "late"


def whole_percents(counts: Sequence[int]) -> list[int]:
    """Whole percents adding up to exactly 100 (largest remainder; ties go to the earlier part)."""
    total = sum(counts)
    if total == 0:
        return [0] * len(counts)
    floors = [count * 100 // total for count in counts]
    remainders = [count * 100 % total for count in counts]
    order = sorted(range(len(counts)), key=lambda i: (-remainders[i], i))
    for i in order[: 100 - sum(floors)]:
        floors[i] += 1
    return floors


@dataclass(frozen=True)
class TaskStats:
    assigned: int
    completed: int
    on_schedule: int
    overdue: int
    completed_on_time: int | None
    completed_late: int | None
    percent: Mapping[str, int]
    delta: Mapping[str, int] | None = None  # change since the previous report, by field

    @classmethod
    def of(cls, counts: TaskCounts, previous: TaskCounts | None, wording: Wording = Wording()) -> TaskStats:
        shares = whole_percents([counts.by_status()[s] for s in STATUSES])
        delta = None
        if previous is not None:
            delta = {key: getattr(counts, key) - getattr(previous, key)
                     for key in ("assigned",) + STATUSES}
        stats = cls(counts.assigned, counts.completed, counts.on_schedule, counts.overdue,
                    counts.completed_on_time, counts.completed_late, dict(zip(STATUSES, shares, strict=True)), delta)
        # The programme's words travel with its figures, so `tom_tat` in a bulletin, which is given only
        # these, names the statuses as the statistics page does. Neither a field nor a property: a
        # bulletin's `tasks.…` offers those as the figures it can print; the `_` keeps it out of the sandbox.
        object.__setattr__(stats, "_wording", wording)
        return stats


def wording_of(tasks: TaskStats) -> Wording:
    """The words of the programme `tasks` belong to (see TaskStats.of)."""
    return getattr(tasks, "_wording", Wording())


@dataclass(frozen=True)
class IndicatorStats:
    id: str
    name: str
    unit: str
    actual: Number
    target: Number | None
    due: Due | None
    progress: Decimal | None  # percent of target, one decimal, half-up
    remaining: Number | None  # target − actual, never below zero
    state: str
    delta: Number | None
    qualifier: str | None = None  # `trên`: `actual` is a bound the report gives, see schema.figures.QUALIFIERS

    @classmethod
    def of(cls, item: Indicator, as_of: dt.date, previous: Indicator | None) -> IndicatorStats:
        progress = remaining = None
        state = IN_PROGRESS
        if item.target is not None:
            progress = round_half_up(Decimal(item.actual) * 100 / Decimal(item.target), 1)
            remaining = max(item.target - item.actual, 0)
            if item.actual >= item.target:
                state = REACHED
            elif item.due is not None and deadline(item.due) < as_of:
                state = LATE
        delta = item.actual - previous.actual if previous is not None else None
        return cls(item.id, item.name, item.unit, item.actual, item.target, item.due,
                   progress, remaining, state, delta, item.qualifier)


@dataclass(frozen=True)
class ReportStats:
    as_of: dt.date
    tasks: TaskStats | None
    indicators: Mapping[str, IndicatorStats]
    previous_as_of: dt.date | None
    report: Report = field(repr=False)

    @classmethod
    def of(cls, report: Report, previous: Report | None, wording: Wording = Wording()) -> ReportStats:
        before = previous.tasks if previous is not None and previous.tasks else None
        tasks = TaskStats.of(report.tasks, before, wording) if report.tasks else None
        indicators = {
            item.id: IndicatorStats.of(item, report.as_of, previous.indicator(item.id) if previous else None)
            for item in report.indicators
        }
        return cls(report.as_of, tasks, indicators, previous.as_of if previous else None, report)


def previous_of(report: ReportStats) -> ReportStats | None:
    """The programme's report before `report` (see ProgrammeStats.of); None for the first one."""
    return getattr(report, "_previous", None)


def report_wording(report: ReportStats) -> Wording:
    """The words of the programme `report` belongs to."""
    return getattr(report, "_wording", None) or (wording_of(report.tasks) if report.tasks else Wording())


@dataclass(frozen=True)
class ProgrammeStats:
    id: str
    title: str
    basis: str | None
    owner: str | None
    source: str
    reports: tuple[ReportStats, ...]  # oldest first
    wording: Wording = Wording()
    traffic_lights: TrafficLights = TrafficLights()
    sample: bool = False  # `minh_hoa: true` on the programme (bantin.common.sample)
    nguon: str | None = None  # who published the figures (`nguon:`)

    @property
    def latest(self) -> ReportStats:
        return self.reports[-1]

    def shows_sample(self, as_of: dt.date | None = None) -> bool:
        """Its figures are sample: the programme's, or a report's (`as_of`: that report's; else any, as its
        statistics page shows every report's in its history)."""
        return self.sample or any(r.report.sample for r in self.reports if as_of is None or r.as_of == as_of)

    def latest_with(self, section: str) -> ReportStats:
        """The latest report that gives `section` (schema.figures.SECTIONS), else the latest: what the statistics pages
        show of that part, with that report's own date."""
        return next((r for r in reversed(self.reports) if r.report.has(section)), self.latest)

    def report(self, as_of: dt.date) -> ReportStats:
        return next(r for r in self.reports if r.as_of == as_of)

    @classmethod
    def of(cls, programme: Programme) -> ProgrammeStats:
        reports: list[ReportStats] = []
        previous = None
        for report in programme.reports:
            stats = ReportStats.of(report, previous, programme.wording)
            # As TaskStats carries its words: `so_sanh(report)` in a bulletin is given only the report, and
            # says the change since the programme's report before it, in the programme's words.
            object.__setattr__(stats, "_previous", reports[-1] if reports else None)
            object.__setattr__(stats, "_wording", programme.wording)
            reports.append(stats)
            previous = report
        return cls(programme.id, programme.title, programme.basis, programme.owner,
                   programme.source, tuple(reports), programme.wording, programme.traffic_lights,
                   programme.sample, programme.nguon)


def compute(programmes: Sequence[Programme]) -> dict[str, ProgrammeStats]:
    return {programme.id: ProgrammeStats.of(programme) for programme in programmes}

