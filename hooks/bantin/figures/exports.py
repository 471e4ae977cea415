"""Open data: one JSON and one CSV per programme, with the same rounded numbers as the pages.

The JSON is for programs: English keys, ISO dates, numbers as JSON numbers. The CSV is for people,
who open it in Excel with Vietnamese regional settings: Vietnamese headings, `;` between cells and
a decimal comma (see `ExcelVi`).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from ..common.periods import Due, Quarter
from ..common.sample import SAMPLE_KEY, SAMPLE_NOTICE
from ..schema import entity
from ..schema.figures import Wording
from .content import STATE_LABELS
from .model import STATUSES, Number, Task
from .stats import IndicatorStats, ProgrammeStats, ReportStats

if TYPE_CHECKING:
    from .ranking import UnitRow

CSV_COLUMNS = ("Tính đến", "Phần", "Mã", "Tên", "Đơn vị tính", "Từ chỉ mức", "Giá trị", "Kế hoạch", "Tỷ lệ (%)",
               "Thời hạn", "Tình trạng", "Đơn vị thực hiện", "Chủ trì", "Phối hợp", "Ghi chú")
SECTIONS = {"tasks": "Nhiệm vụ", "indicators": "Chỉ tiêu", "task_list": "Danh sách nhiệm vụ"}


class ExcelVi(csv.excel):
    """What Excel expects of a .csv opened by double-click under Vietnamese regional settings, where the
    decimal separator is the comma and so the list separator is `;`: a `,`-separated file lands in
    one column there, and `69.9` is read as text or as a date."""

    delimiter = ";"
    lineterminator = "\r\n"


def _plain(value: object) -> object:
    """JSON has no Decimal: whole values become int, others float from their exact text. `object`: any field
    of a dataclass the schema declares; the result is what `json.dumps` takes."""
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(str(value))
    if isinstance(value, Quarter):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def declared(name: str) -> tuple[str, ...]:
    """The fields of the entity `name` (bantin.schema) a JSON file gives as they are, named as data files name
    them: each one a value, not a group or a list (given in a shape of their own) nor the sample flag (`sample`)."""
    return tuple(item.key for item in entity(name).fields
                 if item.kind not in ("group", "items", "mapping") and item.key != SAMPLE_KEY)


# What the JSON adds to an indicator's declared fields: figures computed from them (a task's: its `status`).
INDICATOR_COMPUTED = ("progress", "remaining")


def _fields(name: str, item: object, computed: tuple[str, ...] = ()) -> dict[str, object]:
    return {key: _plain(getattr(item, key)) for key in (*declared(name), *computed)}


def _tasks(report: ReportStats) -> dict[str, object] | None:
    tasks = report.tasks
    if tasks is None:
        return None
    counts = {status: getattr(tasks, status) for status in STATUSES}
    if tasks.completed_on_time is not None:
        counts.update(completed_on_time=tasks.completed_on_time, completed_late=tasks.completed_late)
    return {"assigned": tasks.assigned, "counts": counts, "percent": dict(tasks.percent)}


def _report(report: ReportStats, programme: ProgrammeStats) -> dict[str, object]:
    result: dict[str, object] = {
        "as_of": report.as_of.isoformat(),
        "sample": programme.shows_sample(report.as_of),
        "tasks": _tasks(report),
        "indicators": [_fields("indicator", i, INDICATOR_COMPUTED) for i in report.indicators.values()],
    }
    if report.report.task_list:
        result["task_list"] = [_task(t, report) for t in report.report.task_list]
    return result


def _task(task: Task, report: ReportStats) -> dict[str, object]:
    """A task as it stood on the report's date: `done` is empty when it was finished later."""
    return {**_fields("task", task), "status": task.status(report.as_of)}


def to_json(programme: ProgrammeStats) -> str:
    document = {
        **_fields("programme", programme), "sample": programme.shows_sample(),
        "note": SAMPLE_NOTICE if programme.shows_sample() else None,
        "reports": [_report(r, programme) for r in programme.reports],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _cell(value: object) -> str:
    """A number as Excel-vi reads one: `69,9`, no thousands separator (`176907`); a date in ISO form
    (`2025-12-25`), which Excel takes for a date under any regional settings and shows as theirs
    (`25/12/2025` in Vietnamese), where `05/01/2026` would turn into 1 May on an English machine; a
    quarter as the data files write it (`2026-Q1`), which sorts with the dates."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        whole = value == value.to_integral_value()
        return str(int(value)) if whole else format(value, "f").replace(".", ",")
    return str(_plain(value))


def _row(as_of: dt.date, section: str, id_: str | int, name: str, unit: str = "", qualifier: str | None = None,
         value: Number | None = None, target: Number | None = None, percent: Number | None = None,
         due: Due | None = None, state: str = "", doer: str | None = None, lead: str | None = None,
         partners: tuple[str, ...] = ()) -> list[str]:
    """One line, in the order of CSV_COLUMNS but the last (`to_csv` says whether it is sample)."""
    return [_cell(as_of), SECTIONS[section], _cell(id_), name, unit, qualifier or "", _cell(value),
            _cell(target), _cell(percent), _cell(due), state, doer or "", lead or "", "; ".join(partners)]


def _indicator_row(as_of: dt.date, item: IndicatorStats) -> list[str]:
    state = STATE_LABELS[item.state] if item.target is not None else ""
    return _row(as_of, "indicators", item.id, item.name, item.unit, item.qualifier, item.actual, item.target,
                item.progress, item.due, state)


def _csv_rows(report: ReportStats, wording: Wording) -> Iterator[list[str]]:
    """The report's figures, each status named as on the programme's page."""
    as_of = report.as_of
    if report.tasks:
        tasks = report.tasks
        yield _row(as_of, "tasks", "assigned", wording.assigned, "nhiệm vụ", value=tasks.assigned)
        for status in STATUSES:
            yield _row(as_of, "tasks", status, wording.of_status(status), "nhiệm vụ", value=getattr(tasks, status),
                       percent=tasks.percent[status])
    for item in report.indicators.values():
        yield _indicator_row(as_of, item)
    for number, task in enumerate(report.report.task_list, 1):
        status = task.status(report.as_of)
        yield _row(as_of, "task_list", number, task.title, due=task.due, state=wording.of_status(status),
                   doer=task.unit, lead=task.chu_tri, partners=task.phoi_hop)


def to_csv(programme: ProgrammeStats) -> str:
    """Each row's last cell (Ghi chú) says when its figures are sample (bantin.common.sample)."""
    return _excel(CSV_COLUMNS, (row + [SAMPLE_NOTICE if programme.shows_sample(report.as_of) else ""]
                                for report in programme.reports for row in _csv_rows(report, programme.wording)))


def _excel(columns: tuple[str, ...], rows: Iterable[list[str]]) -> str:
    """UTF-8 with a byte-order mark: Excel, which most offices open CSV with, needs it for Vietnamese.

    No `sep=;` first line: Excel honours it, but then ignores the byte-order mark and garbles the accents.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, ExcelVi)
    writer.writerow(columns)
    writer.writerows([_inert(cell) for cell in row] for row in rows)
    return "\ufeff" + buffer.getvalue()


UNIT_COLUMNS = ("Tính đến", "Mã", "Tên", "Cấp", "Mã đơn vị cấp trên", "Thứ tự", "Mức cảnh báo", "Lý do",
                "Được giao", "Đã hoàn thành", "Theo tiến độ", "Quá hạn", "Tỷ lệ hoàn thành (%)", "Tỷ lệ quá hạn (%)",
                "Ghi chú")


def units_csv(as_of: dt.date, groups: list[list[UnitRow]]) -> str:
    """The units of one report, one ranking after another (`unitviews.ProgrammeUnits.csv`): `Thứ tự` is the
    place in its ranking, 1 the worst. Headings are fixed, as CSV_COLUMNS are."""
    def line(place: int, row: UnitRow) -> list[str]:
        counts = row.counts
        return [_cell(as_of), row.code, row.name, row.unit.level, row.unit.parent or "", str(place), row.light.label,
                row.light.rule, _cell(counts.assigned), _cell(counts.completed), _cell(counts.on_schedule),
                _cell(counts.overdue), _cell(row.rate), _cell(row.overdue_share),
                SAMPLE_NOTICE if row.unit.sample else ""]
    return _excel(UNIT_COLUMNS, (line(place, row) for group in groups for place, row in enumerate(group, 1)))


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _inert(cell: str) -> str:
    """Text that Excel would run as a formula (`=HYPERLINK(…)` in a task's title) is shown as text: a leading
    apostrophe, as OWASP advises for CSV injection. Data never holds negative numbers."""
    return "'" + cell if isinstance(cell, str) and cell.startswith(_FORMULA) else cell
