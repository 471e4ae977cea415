"""Open data: one JSON and one CSV per programme, with the same rounded numbers as the pages."""
from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from .content import STATUS_LABELS
from .model import STATUSES, Quarter, Task
from .stats import ProgrammeStats, ReportStats

# `chu_tri`, `phoi_hop` last: files read by column position before they existed still read right.
CSV_COLUMNS = ("as_of", "section", "id", "name", "unit", "value", "target", "percent", "due", "chu_tri", "phoi_hop")


def _plain(value):
    """JSON has no Decimal: whole values become int, others float from their exact text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(str(value))
    if isinstance(value, Quarter):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _tasks(report: ReportStats) -> dict | None:
    tasks = report.tasks
    if tasks is None:
        return None
    counts = {status: getattr(tasks, status) for status in STATUSES}
    if tasks.completed_on_time is not None:
        counts.update(completed_on_time=tasks.completed_on_time, completed_late=tasks.completed_late)
    return {"assigned": tasks.assigned, "counts": counts, "percent": dict(tasks.percent)}


def _report(report: ReportStats) -> dict:
    result = {
        "as_of": report.as_of.isoformat(),
        "tasks": _tasks(report),
        "indicators": [
            {"id": i.id, "name": i.name, "unit": i.unit, "actual": _plain(i.actual),
             "target": _plain(i.target), "due": _plain(i.due), "progress": _plain(i.progress),
             "remaining": _plain(i.remaining)}
            for i in report.indicators.values()
        ],
    }
    if report.report.task_list:
        result["task_list"] = [_task(t, report) for t in report.report.task_list]
    return result


def _task(task: Task, report: ReportStats) -> dict:
    """A task as it stood on the report's date: `done` is empty when it was finished later."""
    return {"title": task.title, "due": _plain(task.due), "done": _plain(task.done), "unit": task.unit,
            "chu_tri": task.chu_tri, "phoi_hop": list(task.phoi_hop), "ngay_giao": _plain(task.ngay_giao),
            "status": task.status(report.as_of)}


def to_json(programme: ProgrammeStats) -> str:
    document = {
        "id": programme.id, "title": programme.title, "basis": programme.basis,
        "owner": programme.owner, "reports": [_report(r) for r in programme.reports],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _csv_rows(report: ReportStats):
    as_of = report.as_of.isoformat()
    if report.tasks:
        tasks = report.tasks
        yield (as_of, "tasks", "assigned", "Nhiệm vụ được giao", "nhiệm vụ", tasks.assigned, "", "", "", "", "")
        for status in STATUSES:
            yield (as_of, "tasks", status, STATUS_LABELS[status], "nhiệm vụ", getattr(tasks, status), "",
                   tasks.percent[status], "", "", "")
    for i in report.indicators.values():
        yield (as_of, "indicators", i.id, i.name, i.unit, _plain(i.actual), _plain(i.target),
               _plain(i.progress) if i.progress is not None else "", _plain(i.due) or "", "", "")
    for number, task in enumerate(report.report.task_list, 1):
        yield (as_of, "task_list", number, task.title, task.unit or "", task.status(report.as_of), "", "",
               _plain(task.due), task.chu_tri or "", "; ".join(task.phoi_hop))


def to_csv(programme: ProgrammeStats) -> str:
    """UTF-8 with a byte-order mark: Excel, which most offices open CSV with, needs it for Vietnamese."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for report in programme.reports:
        writer.writerows(_csv_rows(report))
    return "\ufeff" + buffer.getvalue()
