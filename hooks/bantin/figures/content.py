"""Page content from the statistics: Vietnamese sentences and the rows of the tables.

Everything here is already formatted text, so a template only places it. Statuses and column
headings are the programme's words (schema.figures.Wording); a figure is kept with its unit by no-break
spaces (`vi.with_unit`, `vi.together`), so that no line ends between them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from ..common import urls, vi
from ..common.periods import Due, Quarter, deadline
from ..schema.figures import Wording
from . import changes, charts, deadlines
from .model import COMPLETED, COMPLETED_LATE, COMPLETED_ON_TIME, ON_SCHEDULE, OVERDUE, STATUSES, Number
from .stats import IN_PROGRESS, LATE, REACHED, IndicatorStats, ProgrammeStats, ReportStats, TaskStats, wording_of

STATE_LABELS = {REACHED: "Đã đạt", IN_PROGRESS: "Đang thực hiện", LATE: "Quá hạn"}


def due_text(due: Due | None, roman: bool = False) -> str:
    """`30/6/2026`, `quý 1/2026` (`quý I/2026` with `roman`: the site's choice, data/site.yml `quarters`)."""
    if due is None:
        return ""
    return vi.quarter(due.year, due.number, roman) if isinstance(due, Quarter) else vi.date(due)


def share_text(count: int, total: int, percent: int) -> str:
    """A status's whole percent, `61%`. A share that only rounds to 0% or 100% says so: one overdue
    task in 309 is `dưới 1%`, not a `0%` that reads as none."""
    if percent == 0 and count > 0:
        return "dưới 1%"
    if percent == 100 and count < total:
        return "gần 100%"
    return vi.percent(percent)


def headline(tasks: TaskStats, as_of: dt.date, subject: str | None = None, keep_together: bool = False) -> str:
    """The seed's sentence: `Tính đến 25/12/2025, Ban Chỉ đạo đã giao 309 nhiệm vụ, trong đó: 189 nhiệm vụ
    đã hoàn thành (61%); …`, each status named as the programme words it.

    `keep_together`: `309 nhiệm vụ` never splits at the end of a line (no-break spaces), as on the
    statistics pages; `tom_tat` in a bulletin keeps the ordinary spaces of the sentences already published.
    """
    def tasks_of(count: int) -> str:
        figure = vi.number(count)
        return vi.with_unit(figure, "nhiệm vụ") if keep_together else f"{figure} nhiệm vụ"

    wording = wording_of(tasks)
    parts = [f"{tasks_of(getattr(tasks, status))} {vi.lower_first(wording.of_status(status))} "
             f"({share_text(getattr(tasks, status), tasks.assigned, tasks.percent[status])})" for status in STATUSES]
    who = f"{subject} đã giao" if subject else "đã giao"
    return f"Tính đến {vi.date(as_of)}, {who} {tasks_of(tasks.assigned)}, trong đó: " + "; ".join(parts) + "."


def page_headline(programme: ProgrammeStats, report: ReportStats) -> str:
    """The statistics pages' sentence: the office that reports is its subject, so that on a ward's site
    it does not read as if the ward had assigned the tasks. `report` gives task counts."""
    assert report.tasks is not None
    return headline(report.tasks, report.as_of, programme.owner, keep_together=True)


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
    wording, rows = wording_of(tasks), []
    for status in STATUSES:
        count, share = getattr(tasks, status), tasks.percent[status]
        delta = vi.change(tasks.delta[status]) if tasks.delta else ""
        rows.append(StatusRow(wording.of_status(status), vi.number(count),
                              share_text(count, tasks.assigned, share), share, delta))
    return rows


def completed_split(tasks: TaskStats) -> str:
    """`trong đó 150 đúng hạn, 39 trễ hạn`, when the office reports the split."""
    if tasks.completed_on_time is None or tasks.completed_late is None:  # both or neither (loading)
        return ""
    return (f"trong đó {vi.with_unit(vi.number(tasks.completed_on_time), 'đúng hạn')}, "
            f"{vi.with_unit(vi.number(tasks.completed_late), 'trễ hạn')}")


def measure(value: Number | None, unit: str, qualifier: str | None = None) -> str:
    """`39,98%`, `176.907 tài khoản`, `trên 160.000 lượt truy cập/ngày`, never split after the number."""
    if value is None:
        return ""
    return vi.together(qualifier, vi.percent(value) if unit == "%" else vi.with_unit(vi.number(value), unit))


def progress_text(item: IndicatorStats) -> str:
    """`69,9%`; as with `share_text`, a progress that only rounds to 0% or 100% says so."""
    if item.progress is None:
        return ""
    if item.progress == 0 and item.actual > 0:
        return "dưới 0,1%"
    if item.progress == 100 and item.state != REACHED:
        return "gần 100%"
    return vi.percent(item.progress, 1)


def remaining_text(item: IndicatorStats) -> str:
    """What is left to do; a reached indicator says so rather than `0 quy trình` or `0%`."""
    if item.state == REACHED:
        return STATE_LABELS[REACHED]
    return measure(item.remaining, item.unit)


def indicator_row(item: IndicatorStats, roman: bool = False) -> IndicatorRow:
    has_target = item.progress is not None
    return IndicatorRow(
        id=item.id, name=item.name, unit=item.unit,
        actual=measure(item.actual, item.unit, item.qualifier),
        target=measure(item.target, item.unit),
        percent=progress_text(item) if has_target else "",
        percent_value=str(min(item.progress, 100)) if item.progress is not None else "",
        remaining=remaining_text(item) if has_target else "",
        due=due_text(item.due, roman),
        state=STATE_LABELS[item.state] if has_target else "",
        # "trên 160.000" against "trên 150.000" is no exact change: shown in words (changes.py), not as +10.000
        delta=vi.change(item.delta) if item.delta is not None and not item.qualifier else "",
    )


@dataclass(frozen=True)
class StatsPage:
    """What `overrides/thong-ke.html` shows for one programme."""

    id: str
    title: str
    basis: str
    owner: str
    nguon: str
    as_of: str
    previous_as_of: str
    headline: str
    completed_split: str
    assigned: str
    status_rows: list[StatusRow]
    indicator_rows: list[IndicatorRow]
    history: list[dict[str, str]]
    csv_url: str
    json_url: str
    chart: str = ""  # SVG of the status breakdown
    task_rows: list[TaskRow] = field(default_factory=list)
    wording: Wording = Wording()  # the statuses' and columns' names
    legend: str = ""  # HTML key of the chart
    change: str = ""  # `So với kỳ báo cáo 30/9/2025, số nhiệm vụ …`: the tasks since the previous report
    indicator_change: str = ""  # the same for the indicators
    trend: str = ""  # SVG of the tasks by status across the reports (two reports or more)
    trend_legend: str = ""
    deadlines: DeadlineList | None = None  # missed and coming deadlines, at the report's date
    assigned_delta: str = ""  # `+9`: tasks assigned since the previous report
    # A part the latest report does not give again is an earlier report's (ProgrammeStats.latest_with): its date.
    tasks_as_of: str = ""
    indicators_as_of: str = ""
    indicators_previous_as_of: str = ""  # the indicators' change column: since this report
    earlier: str = ""  # which parts are an earlier report's, and their dates (`earlier_parts`)

    @property
    def assigned_tasks(self) -> str:
        """`309 nhiệm vụ`, for a caption."""
        return vi.with_unit(self.assigned, "nhiệm vụ")

    @property
    def trend_title(self) -> str:
        return TREND_TITLE

    @property
    def listed_tasks(self) -> str:
        return vi.with_unit(vi.number(len(self.task_rows)), "nhiệm vụ")

    # The task table shows a column only when some task fills it; asked on every row of the table, so
    # computed once (a property scanned the rows for each row: 20,000 tasks took 35 s).
    @cached_property
    def task_units(self) -> bool:
        return any(row.unit for row in self.task_rows)

    @cached_property
    def task_leads(self) -> bool:
        return any(row.chu_tri or row.phoi_hop for row in self.task_rows)


def history_cell(tasks: TaskStats, status: str) -> str:
    """`189 (61%)`."""
    count = getattr(tasks, status)
    return vi.together(vi.number(count), f"({share_text(count, tasks.assigned, tasks.percent[status])})")


def history_rows(programme: ProgrammeStats) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for report in reversed(programme.reports):
        tasks = report.tasks
        rows.append({
            "as_of": vi.date(report.as_of),
            "assigned": vi.number(tasks.assigned) if tasks else "",
            **{status: history_cell(tasks, status) if tasks else "" for status in STATUSES},
        })
    return rows


def stats_page(programme: ProgrammeStats, roman: bool = False) -> StatsPage:
    """The latest report's figures; a part it does not report again (schema.figures.SECTIONS, `giu_nguyen:`) is the
    latest report's that gives it, and says its own date: never an earlier figure shown as a current one."""
    report: ReportStats = programme.latest
    counted, measured = programme.latest_with("tasks"), programme.latest_with("indicators")
    tasks = counted.tasks
    key = f"bt-{programme.id}"  # the chart's pattern ids, unique on a page showing several programmes
    trend_key = f"{key}-ky"  # the trend chart's own pattern ids: two charts on the page
    trend = trend_chart(programme, trend_key)
    return StatsPage(
        id=programme.id, title=programme.title,
        basis=programme.basis or "", owner=programme.owner or "", nguon=programme.nguon or "",
        as_of=vi.date(report.as_of),
        previous_as_of=vi.date(counted.previous_as_of) if counted.previous_as_of else "",
        headline=page_headline(programme, counted) if tasks else "",
        completed_split=completed_split(tasks) if tasks else "",
        assigned=vi.number(tasks.assigned) if tasks else "",
        assigned_delta=vi.change(tasks.delta["assigned"]) if tasks and tasks.delta else "",
        status_rows=status_rows(tasks) if tasks else [],
        indicator_rows=[indicator_row(item, roman) for item in measured.indicators.values()],
        history=history_rows(programme) if len(programme.reports) > 1 else [],
        csv_url=urls.open_data(programme.id, "csv"), json_url=urls.open_data(programme.id, "json"),
        chart=status_chart(tasks, counted.as_of, key) if tasks else "",
        task_rows=task_rows(counted, programme.wording, roman),
        wording=programme.wording,
        legend=charts.legend(chart_parts(tasks), key) if tasks else "",
        change=changes.task_sentence(counted, keep_together=True),
        indicator_change=changes.indicator_sentence(measured, keep_together=True),
        trend=trend,
        trend_legend=trend_legend(programme.wording, trend_key) if trend else "",
        deadlines=deadline_list(counted, programme.wording, measured, roman),
        tasks_as_of=vi.date(counted.as_of), indicators_as_of=vi.date(measured.as_of),
        indicators_previous_as_of=vi.date(measured.previous_as_of) if measured.previous_as_of else "",
        earlier=earlier_parts(programme),
    )


# What the statistics page calls each part a report may not report again (schema.figures.SECTIONS).
SECTION_NAMES = {"tasks": "Tiến độ nhiệm vụ", "indicators": "Chỉ tiêu", "by_unit": "Tiến độ theo đơn vị"}


def earlier_parts(programme: ProgrammeStats) -> str:
    """`Kỳ báo cáo 15/1/2026 không báo cáo lại phần “Chỉ tiêu”: số liệu phần này tính đến 25/12/2025.`, for the
    parts the page shows from an earlier report; "" when every part is the latest report's."""
    latest, sentences = programme.latest, []
    for section, name in SECTION_NAMES.items():
        source = programme.latest_with(section)
        if source is not latest:
            sentences.append(f"Kỳ báo cáo {vi.date(latest.as_of)} không báo cáo lại phần “{name}”: số liệu phần "
                             f"này tính đến {vi.date(source.as_of)}.")
    return " ".join(sentences)


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


def task_rows(report: ReportStats, wording: Wording = Wording(), roman: bool = False) -> list[TaskRow]:
    """The report's tasks one by one (when the office lists them), overdue first, then by deadline.

    `report.task_list` holds the tasks as they stood on the report's date, so a task finished
    later shows as not done yet.
    """
    rows = []
    for task in report.report.task_list:
        status = task.status(report.as_of)
        rows.append((TASK_ORDER.index(status), deadline(task.due), TaskRow(
            task.title, task.unit or "", due_text(task.due, roman), vi.date(task.done) if task.done else "",
            wording.of_status(status), status, task.chu_tri or "", ", ".join(task.phoi_hop))))
    return [row for _, _, row in sorted(rows, key=lambda r: (r[0], r[1], r[2].title))]


def chart_parts(tasks: TaskStats) -> list[tuple[str, int, str]]:
    """The chart's parts, with the table's own labels and figures."""
    return [(row.label, row.percent_value, row.percent) for row in status_rows(tasks)]


def status_chart(tasks: TaskStats, as_of: dt.date, key: str = "bt-chart") -> str:
    title = f"Tỷ lệ nhiệm vụ theo tình trạng, tính đến {vi.date(as_of)}"
    return charts.stacked_bar(chart_parts(tasks), title, key)


def status_names(wording: Wording) -> list[str]:
    return [wording.of_status(status) for status in STATUSES]


TREND_TITLE = "Số nhiệm vụ theo tình trạng qua các kỳ báo cáo"


def trend_legend(wording: Wording, key: str) -> str:
    """The trend chart's key: the statuses' names, without figures (they differ from bar to bar)."""
    return charts.legend([(name, 0, "") for name in status_names(wording)], key)


def trend_chart(programme: ProgrammeStats, key: str) -> str:
    """The tasks by status in each report that counts them, oldest first; "" with fewer than two such reports."""
    return task_trend([(report.as_of, report.tasks) for report in programme.reports if report.tasks],
                      programme.wording, key)


def task_trend(points: list[tuple[object, TaskStats]], wording: Wording, key: str) -> str:
    """(report's date, its tasks) oldest first, a programme's or one unit's; "" with fewer than two.

    Each bar's label says the report's date, the tasks assigned and the completed share, as the table of
    the reports (`history_rows`) does; the counts are those of that table.
    """
    if len(points) < 2:
        return ""
    rows = []
    for as_of, tasks in points:
        done = share_text(tasks.completed, tasks.assigned, tasks.percent[COMPLETED])
        label = (f"{vi.date(as_of)} · {vi.with_unit(vi.number(tasks.assigned), 'nhiệm vụ')} · "
                 f"{vi.lower_first(wording.completed)} {done}")
        rows.append((vi.date(as_of), label,
                     [(getattr(tasks, status), vi.number(getattr(tasks, status))) for status in STATUSES]))
    return charts.trend(rows, status_names(wording), TREND_TITLE, key)


# Deadlines (see `deadlines`): the headings of the groups and the words of each line.
HOME_DEADLINES = 5  # the home page lists the first ones and links to the rest
ANCHORS = {deadlines.MISSED: "thoi-han-qua-han", deadlines.UPCOMING: "thoi-han-sap-den",
           deadlines.QUARTER: "thoi-han-trong-quy"}


@dataclass(frozen=True)
class DeadlineRow:
    group: str
    title: str
    detail: str  # `nhiệm vụ, chủ trì: Văn phòng`, `chỉ tiêu, đã thực hiện được 69,9% so với mục tiêu`
    due: str  # `30/6/2026`, `quý 1/2026`
    days: str  # `còn 96 ngày`, `quá hạn 24 ngày`

    @property
    def text(self) -> str:
        """`Quy trình … (chỉ tiêu, đã thực hiện được 69,9% so với mục tiêu): hạn quý 1/2026, còn 96 ngày.`"""
        return f"{self.title} ({self.detail}): hạn {self.due}, {self.days}."


@dataclass(frozen=True)
class DeadlineGroup:
    key: str  # deadlines.MISSED, UPCOMING, QUARTER
    heading: str
    rows: list[DeadlineRow]

    @property
    def anchor(self) -> str:
        return ANCHORS[self.key]


@dataclass(frozen=True)
class DeadlineList:
    as_of: str
    intro: str
    groups: list[DeadlineGroup]

    @property
    def rows(self) -> list[DeadlineRow]:
        return [row for group in self.groups for row in group.rows]

    @property
    def home_rows(self) -> list[DeadlineRow]:
        return self.rows[:HOME_DEADLINES]

    @property
    def more(self) -> int:
        """How many the home page leaves to the statistics page."""
        return max(len(self.rows) - HOME_DEADLINES, 0)


def days_text(entry: deadlines.Deadline) -> str:
    if entry.group == deadlines.MISSED:
        return f"quá hạn {vi.days(entry.days)}"
    return "đến hạn vào ngày chốt số liệu" if entry.days == 0 else f"còn {vi.days(entry.days)}"


def deadline_detail(entry: deadlines.Deadline, wording: Wording) -> str:
    if entry.task is not None:
        task = entry.task
        who = f", chủ trì: {task.chu_tri}" if task.chu_tri else (f", {task.unit}" if task.unit else "")
        return "nhiệm vụ" + who
    assert entry.indicator is not None  # a deadline is a task's or an indicator's
    return f"chỉ tiêu, đã thực hiện được {progress_text(entry.indicator)} so với {vi.lower_first(wording.target)}"


def deadline_list(report: ReportStats, wording: Wording = Wording(),
                  indicators_of: ReportStats | None = None, roman: bool = False) -> DeadlineList | None:
    """The report's deadlines in groups (missed, upcoming, the rest of the quarter); None when there are none.
    `report` gives the tasks, `indicators_of` the indicators when another report does (the latest report does
    not give both again: schema.figures.SECTIONS). Each part is counted at its own report's date; the older one's rows
    say that date."""
    entries = deadlines.deadlines(report, indicators_of)
    if not entries:
        return None
    dates = sorted({entry.as_of for entry in entries})  # one, unless both parts list some, from two reports
    newest = dates[-1]
    horizon = deadlines.Horizon(newest)
    quarter = vi.quarter(horizon.quarter.year, horizon.quarter.number, roman)
    window = f"trong {vi.days(deadlines.UPCOMING_DAYS)} tới"
    headings = {deadlines.MISSED: "Đã quá hạn", deadlines.UPCOMING: f"Sắp đến hạn ({window})",
                deadlines.QUARTER: f"Đến hạn trong {quarter}"}
    groups = []
    for key in deadlines.GROUPS:
        rows = [DeadlineRow(key, entry.title, deadline_detail(entry, wording), due_text(entry.due, roman),
                            days_text(entry) + (f" (tính đến {vi.date(entry.as_of)})" if entry.as_of != newest else ""))
                for entry in entries if entry.group == key]
        if rows:
            groups.append(DeadlineGroup(key, headings[key], rows))
    as_of = vi.date(newest) if len(dates) == 1 \
        else f"{vi.date(report.as_of)} (nhiệm vụ), {vi.date((indicators_of or report).as_of)} (chỉ tiêu)"
    intro = (f"Các nhiệm vụ chưa hoàn thành và các chỉ tiêu chưa đạt đã quá hạn, sắp đến hạn ({window}) hoặc "
             f"đến hạn trong {quarter}; số ngày tính từ ngày chốt số liệu {as_of}.")
    return DeadlineList(as_of, intro, groups)
