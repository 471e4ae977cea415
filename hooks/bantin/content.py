"""Page content from the statistics: Vietnamese sentences and the rows of the tables.

Everything here is already formatted text, so a template only places it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import charts, vi
from .model import (COMPLETED, COMPLETED_LATE, COMPLETED_ON_TIME, ON_SCHEDULE, OVERDUE, Quarter,
                    deadline)
from .stats import IN_PROGRESS, LATE, REACHED, IndicatorStats, ProgrammeStats, ReportStats, TaskStats

STATUS_LABELS = {
    COMPLETED: "đã hoàn thành",
    ON_SCHEDULE: "đang thực hiện theo tiến độ",
    OVERDUE: "đang thực hiện quá hạn",
}
STATUS_HEADINGS = {status: vi.sentence_case(label) for status, label in STATUS_LABELS.items()}
STATE_LABELS = {REACHED: "Đã đạt", IN_PROGRESS: "Đang thực hiện", LATE: "Quá hạn"}


def stats_url(programme_id: str) -> str:
    return f"thong-ke/{programme_id}/"


def data_url(programme_id: str, extension: str) -> str:
    return f"du-lieu/{programme_id}.{extension}"


def due_text(due) -> str:
    if due is None:
        return ""
    return vi.quarter(due.year, due.number) if isinstance(due, Quarter) else vi.date(due)


def headline(tasks: TaskStats, as_of, subject: str | None = None) -> str:
    """The seed's sentence: `Tính đến 25/12/2025, đã giao 309 nhiệm vụ, trong đó: 189 nhiệm vụ đã hoàn thành (61%); …`."""
    parts = [
        f"{vi.number(getattr(tasks, status))} nhiệm vụ {label} ({vi.percent(tasks.percent[status])})"
        for status, label in STATUS_LABELS.items()
    ]
    who = f"{subject} đã giao" if subject else "đã giao"
    return f"Tính đến {vi.date(as_of)}, {who} {vi.number(tasks.assigned)} nhiệm vụ, trong đó: " + "; ".join(parts) + "."


@dataclass(frozen=True)
class StatusRow:
    label: str
    count: str
    percent: str
    percent_value: int
    delta: str


@dataclass(frozen=True)
class IndicatorRow:
    id: str
    name: str
    unit: str
    actual: str
    target: str
    percent: str
    percent_value: str  # for <progress value>, capped at 100
    remaining: str
    due: str
    state: str
    delta: str


def status_rows(tasks: TaskStats) -> list[StatusRow]:
    rows = []
    for status, heading in STATUS_HEADINGS.items():
        delta = vi.signed(tasks.delta[status]) if tasks.delta else ""
        rows.append(StatusRow(heading, vi.number(getattr(tasks, status)),
                              vi.percent(tasks.percent[status]), tasks.percent[status], delta))
    return rows


def completed_split(tasks: TaskStats) -> str:
    """`trong đó 150 đúng hạn, 39 trễ hạn`, when the office reports the split."""
    if tasks.completed_on_time is None:
        return ""
    return (f"trong đó {vi.number(tasks.completed_on_time)} đúng hạn, "
            f"{vi.number(tasks.completed_late)} trễ hạn")


def measure(value, unit: str) -> str:
    """`39,98%`, `176.907 tài khoản`."""
    if value is None:
        return ""
    return vi.percent(value) if unit == "%" else f"{vi.number(value)} {unit}"


def indicator_row(item: IndicatorStats) -> IndicatorRow:
    has_target = item.progress is not None
    return IndicatorRow(
        id=item.id, name=item.name, unit=item.unit,
        actual=measure(item.actual, item.unit),
        target=measure(item.target, item.unit),
        percent=vi.percent(item.progress, 1) if has_target else "",
        percent_value=str(min(item.progress, 100)) if has_target else "",
        remaining=measure(item.remaining, item.unit) if has_target else "",
        due=due_text(item.due),
        state=STATE_LABELS[item.state] if has_target else "",
        delta=vi.signed(item.delta) if item.delta is not None else "",
    )


@dataclass(frozen=True)
class StatsPage:
    """What `overrides/thong-ke.html` shows for one programme."""

    id: str
    title: str
    basis: str
    owner: str
    as_of: str
    previous_as_of: str
    headline: str
    completed_split: str
    assigned: str
    status_rows: list[StatusRow]
    indicator_rows: list[IndicatorRow]
    history: list[dict]
    csv_url: str
    json_url: str
    chart: str = ""  # SVG of the status breakdown
    task_rows: list["TaskRow"] = field(default_factory=list)

    # The task table shows a column only when some task fills it.
    @property
    def task_units(self) -> bool:
        return any(row.unit for row in self.task_rows)

    @property
    def task_leads(self) -> bool:
        return any(row.chu_tri or row.phoi_hop for row in self.task_rows)


def history_rows(programme: ProgrammeStats) -> list[dict]:
    rows = []
    for report in reversed(programme.reports):
        tasks = report.tasks
        rows.append({
            "as_of": vi.date(report.as_of),
            "assigned": vi.number(tasks.assigned) if tasks else "",
            **{status: f"{vi.number(getattr(tasks, status))} ({vi.percent(tasks.percent[status])})"
               if tasks else "" for status in STATUS_LABELS},
        })
    return rows


def stats_page(programme: ProgrammeStats) -> StatsPage:
    report: ReportStats = programme.latest
    tasks = report.tasks
    return StatsPage(
        id=programme.id, title=programme.title,
        basis=programme.basis or "", owner=programme.owner or "",
        as_of=vi.date(report.as_of),
        previous_as_of=vi.date(report.previous_as_of) if report.previous_as_of else "",
        headline=headline(tasks, report.as_of) if tasks else "",
        completed_split=completed_split(tasks) if tasks else "",
        assigned=vi.number(tasks.assigned) if tasks else "",
        status_rows=status_rows(tasks) if tasks else [],
        indicator_rows=[indicator_row(item) for item in report.indicators.values()],
        history=history_rows(programme) if len(programme.reports) > 1 else [],
        csv_url=data_url(programme.id, "csv"), json_url=data_url(programme.id, "json"),
        chart=status_chart(tasks, report.as_of) if tasks else "",
        task_rows=task_rows(report),
    )


TASK_STATUS_LABELS = {
    COMPLETED_ON_TIME: "Hoàn thành đúng hạn", COMPLETED_LATE: "Hoàn thành trễ hạn",
    ON_SCHEDULE: "Đang thực hiện theo tiến độ", OVERDUE: "Đang thực hiện quá hạn",
}
# Overdue first: the tasks a reader most needs to see.
TASK_ORDER = (OVERDUE, ON_SCHEDULE, COMPLETED_LATE, COMPLETED_ON_TIME)


@dataclass(frozen=True)
class TaskRow:
    title: str
    unit: str
    due: str
    done: str
    status: str
    status_key: str
    chu_tri: str = ""
    phoi_hop: str = ""  # `Văn phòng, Công an phường`


def task_rows(report: ReportStats) -> list[TaskRow]:
    """The report's tasks one by one (when the office lists them), overdue first, then by deadline.

    `report.task_list` holds the tasks as they stood on the report's date, so a task finished
    later shows as not done yet.
    """
    rows = []
    for task in report.report.task_list:
        status = task.status(report.as_of)
        rows.append((TASK_ORDER.index(status), deadline(task.due), TaskRow(
            task.title, task.unit or "", due_text(task.due), vi.date(task.done) if task.done else "",
            TASK_STATUS_LABELS[status], status, task.chu_tri or "", ", ".join(task.phoi_hop))))
    return [row for _, _, row in sorted(rows, key=lambda r: (r[0], r[1], r[2].title))]


def status_chart(tasks: TaskStats, as_of) -> str:
    parts = [(heading, tasks.percent[status], vi.percent(tasks.percent[status]))
             for status, heading in STATUS_HEADINGS.items()]
    return charts.stacked_bar(parts, f"Tỷ lệ nhiệm vụ theo tình trạng, tính đến {vi.date(as_of)}")
