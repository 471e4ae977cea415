"""YAML files → validated model. The data contract is documented in docs/huong-dan/du-lieu.md."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from .errors import DataError, DataErrors, shown_path
from .fields import Errors, Fields
from .model import Indicator, Programme, Report, Task, TaskCounts
from .yamlsource import compose

PROGRAMME_KEYS = ("id", "title", "basis", "owner", "reports")
REPORT_KEYS = ("as_of", "tasks", "task_list", "indicators")
TASKS_KEYS = ("assigned", "completed", "completed_on_time", "completed_late", "on_schedule", "overdue")
TASK_KEYS = ("title", "due", "done", "unit")
INDICATOR_KEYS = ("id", "name", "unit", "actual", "target", "due")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ID_HINT = "chỉ gồm chữ thường không dấu, số và dấu '-', ví dụ quy-trinh-nghiep-vu"


def is_id(text: str) -> bool:
    return bool(_ID.match(text))


def load_programmes(data_dir: Path, root: Path | None = None,
                    warnings: list[DataError] | None = None) -> tuple[Programme, ...]:
    """Every `data_dir/programmes/*.yml`, validated; raises DataErrors listing every mistake.

    `warnings` receives what is not wrong but is probably a slip (a file that is not read).
    """
    root = root or data_dir.parent
    errors: list[DataError] = []
    programmes: list[Programme] = []
    seen: dict[str, str] = {}
    paths = sorted(p for p in (data_dir / "programmes").glob("*") if p.is_file())
    for path in paths:
        if path.suffix not in (".yml", ".yaml"):
            if warnings is not None and not path.name.startswith("."):
                warnings.append(DataError(shown_path(path, root), None, None,
                                          "tệp không được đọc: số liệu phải ở tệp có đuôi .yml"))
            continue
        shown_as = shown_path(path, root)
        file_errors = Errors(shown_as, errors)
        try:
            node = _compose(path, shown_as)
        except DataError as error:
            errors.append(error)
            continue
        programme = read_programme(node, path.stem, file_errors)
        if programme is None:
            continue
        if programme.id in seen:
            file_errors.add(node, "id", f"mã chương trình '{programme.id}' trùng với {seen[programme.id]}")
        seen[programme.id] = shown_as
        programmes.append(programme)
    if errors:
        raise DataErrors(errors)
    return tuple(programmes)


def _compose(path: Path, shown_as: str) -> yaml.Node:
    node = compose(path, shown_as)
    if node is None:
        raise DataError(shown_as, None, None, "tệp trống")
    return node


def read_programme(node: yaml.Node, stem: str, errors: Errors) -> Programme | None:
    count_before = len(errors.items)
    fields = Fields(errors, node, PROGRAMME_KEYS)
    if not fields.ok:
        return None
    id_ = fields.text("id", required=False) or stem
    if not _ID.match(id_):
        where = fields.value_node("id") if fields.has("id") else node
        errors.add(where, "id", f"mã '{id_}' không hợp lệ: {ID_HINT}")
    title = fields.text("title")
    basis, owner = fields.text("basis", False), fields.text("owner", False)
    report_nodes = fields.items("reports", required=True)
    if isinstance(fields.value_node("reports"), yaml.SequenceNode) and not report_nodes:
        errors.add(fields.value_node("reports"), "reports", "cần ít nhất một báo cáo")
    reports = [read_report(n, f"reports[{i}]", errors) for i, n in enumerate(report_nodes)]
    _check_unique_dates(reports, report_nodes, errors)
    if len(errors.items) > count_before:
        return None
    ordered = tuple(sorted(reports, key=lambda r: r.as_of))
    return Programme(id_, title, ordered, basis, owner, errors.shown_as)


def _check_unique_dates(reports: list[Report | None], nodes: list[yaml.Node], errors: Errors) -> None:
    seen: dict = {}
    for report, node in zip(reports, nodes):
        if report is None:
            continue
        if report.as_of in seen:
            errors.add(node, "as_of", f"đã có báo cáo cùng ngày {report.as_of.isoformat()} "
                                      f"ở dòng {seen[report.as_of]}")
        else:
            seen[report.as_of] = node.start_mark.line + 1


def read_report(node: yaml.Node, where: str, errors: Errors) -> Report | None:
    count_before = len(errors.items)
    fields = Fields(errors, node, REPORT_KEYS, where)
    if not fields.ok:
        return None
    as_of = fields.date("as_of")
    task_list = tuple(filter(None, (read_task(n, as_of, errors) for n in fields.items("task_list"))))
    counts = read_counts(fields.value_node("tasks"), errors) if fields.has("tasks") else None
    indicator_nodes = fields.items("indicators")
    indicators = [read_indicator(n, errors) for n in indicator_nodes]
    _check_unique_ids(indicators, indicator_nodes, errors)
    if len(errors.items) > count_before or as_of is None:
        return None
    if task_list:
        derived = TaskCounts.of_tasks(task_list, as_of)
        if counts is not None:
            _check_agree(counts, derived, fields.value_node("tasks"), errors)
        counts = derived
    if counts is None and not indicators:
        errors.add(node, where, "báo cáo cần ít nhất một trong các trường tasks, task_list, indicators")
        return None
    return Report(as_of, counts, task_list, tuple(indicators))


def read_counts(node: yaml.Node, errors: Errors) -> TaskCounts | None:
    fields = Fields(errors, node, TASKS_KEYS, "tasks")
    if not fields.ok:
        return None
    split = fields.has("completed_on_time") or fields.has("completed_late")
    on_time = fields.count("completed_on_time", required=split)
    late = fields.count("completed_late", required=split)
    completed = fields.count("completed", required=not split)
    on_schedule, overdue = fields.count("on_schedule"), fields.count("overdue")
    assigned = fields.count("assigned", required=False)
    if split and None not in (on_time, late):
        if completed is not None and completed != on_time + late:
            errors.add(fields.value_node("completed"), "tasks",
                       f"completed_on_time + completed_late = {on_time} + {late} = {on_time + late}, "
                       f"khác completed = {completed}")
            return None
        completed = on_time + late
    if None in (completed, on_schedule, overdue) or (fields.has("assigned") and assigned is None):
        return None
    counts = TaskCounts(completed, on_schedule, overdue, on_time, late)
    if assigned is not None and assigned != counts.assigned:
        errors.add(fields.value_node("assigned"), "tasks",
                   f"{completed} + {on_schedule} + {overdue} = {counts.assigned}, khác assigned = {assigned}")
        return None
    return counts


def _check_agree(given: TaskCounts, derived: TaskCounts, node: yaml.Node, errors: Errors) -> None:
    pairs = dict(given.by_status())
    if given.completed_on_time is not None:
        pairs.update(completed_on_time=given.completed_on_time, completed_late=given.completed_late)
    for status, count in pairs.items():
        computed = getattr(derived, status)
        if count != computed:
            errors.add(node, f"tasks.{status}",
                       f"ghi {count} nhưng danh sách task_list tính ra {computed} (theo ngày as_of)")


def read_task(node: yaml.Node, as_of, errors: Errors) -> Task | None:
    count_before = len(errors.items)
    fields = Fields(errors, node, TASK_KEYS, "task_list")
    if not fields.ok:
        return None
    title, due = fields.text("title"), fields.due("due", required=True)
    done, unit = fields.date("done", required=False), fields.text("unit", False)
    if done is not None and as_of is not None and done > as_of:
        errors.add(fields.value_node("done"), "task_list.done",
                   f"ngày hoàn thành {done.isoformat()} sau ngày báo cáo as_of {as_of.isoformat()}")
    if len(errors.items) > count_before or due is None:
        return None
    return Task(title, due, done, unit)


def read_indicator(node: yaml.Node, errors: Errors) -> Indicator | None:
    count_before = len(errors.items)
    fields = Fields(errors, node, INDICATOR_KEYS, "indicators")
    if not fields.ok:
        return None
    id_, name, unit = fields.text("id"), fields.text("name"), fields.text("unit")
    actual, target = fields.number("actual"), fields.number("target", required=False)
    due = fields.due("due")
    if id_ is not None and not _ID.match(id_):
        errors.add(fields.value_node("id"), "indicators.id", f"mã '{id_}' không hợp lệ: {ID_HINT}")
    if unit == "%":
        for key, value in (("actual", actual), ("target", target)):
            if value is not None and value > 100:
                errors.add(fields.value_node(key), f"indicators.{key}",
                           f"{value} lớn hơn 100 nhưng đơn vị là %")
    if target == 0:
        errors.add(fields.value_node("target"), "indicators.target", "chỉ tiêu phải lớn hơn 0")
    if len(errors.items) > count_before:
        return None
    return Indicator(id_, name, unit, actual, target, due)


def _check_unique_ids(indicators: list, nodes: list[yaml.Node], errors: Errors) -> None:
    seen: dict[str, int] = {}
    for indicator, node in zip(indicators, nodes):
        if indicator is None:
            continue
        if indicator.id in seen:
            errors.add(node, "indicators.id", f"mã chỉ tiêu '{indicator.id}' trùng với dòng {seen[indicator.id]}")
        else:
            seen[indicator.id] = node.start_mark.line + 1

