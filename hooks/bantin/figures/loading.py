"""YAML files → validated model. The data contract is documented in docs/huong-dan/du-lieu.md."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..common import sourcetext, vi
from ..common.errors import DataError, DataErrors, shown_path
from ..common.hints import suggestion
from ..common.sample import SAMPLE_KEY
from ..common.yamlsource import compose, line_of
from ..schema import entity
from ..schema.fields import ID_HINT, Errors, Fields, is_id
from ..schema.figures import QUALIFIERS, SECTIONS, Wording
from .model import Indicator, Programme, Report, Task, TaskCounts, TrafficLights, UnitFigures, tasks_on
from .units import Units, read_by_unit, read_traffic_lights
from .wording import load_site_wording, read_wording

# The entities read here, declared once in bantin.schema.figures with their keys, names and aliases;
# messages name a field by its name, with its key in parentheses.
PROGRAMME, REPORT, TASK_COUNTS, TASK, INDICATOR = (
    entity(name) for name in ("programme", "report", "task_counts", "task", "indicator"))
REPORT_NAMES, INDICATOR_NAMES = REPORT.names, INDICATOR.names
TASKS_KEYS, TASKS_NAMES = TASK_COUNTS.keys, TASK_COUNTS.names
# The short words of a sum, as a report's table heads them.
STATUS_WORDS = {"completed": "đã hoàn thành", "on_schedule": "theo tiến độ", "overdue": "quá hạn",
                "completed_on_time": "hoàn thành đúng hạn", "completed_late": "hoàn thành trễ hạn"}

FIX_TOGETHER = "hãy sửa cho khớp"



@dataclass(frozen=True)
class SharedTasks:
    """The task list a programme declares once; each report counts it as of its own date."""

    tasks: tuple[Task, ...]
    line: int
    readable: bool  # False: it has mistakes, already reported, so nothing is checked against it

    @property
    def described(self) -> str:
        return f"danh sách nhiệm vụ chung của chương trình (task_list, dòng {self.line})"


@dataclass(frozen=True)
class BrokenProgramme:
    """A programme whose file has mistakes: pages bound to it are checked against `schema` (its declared
    names, see `programme_schema`), or wait for the file when even those cannot be read."""

    source: str                # its file, as messages name it
    schema: Programme | None = None


def load_programmes(data_dir: Path, root: Path | None = None, warnings: list[DataError] | None = None,
                    errors: list[DataError] | None = None, units: Units | None = None,
                    broken: dict[str, BrokenProgramme] | None = None) -> tuple[Programme, ...]:
    """Every `data_dir/programmes/*.yml`, validated; raises DataErrors listing every mistake.

    `warnings` receives what is not wrong but is probably a slip (a file that is not read). With an
    `errors` list, mistakes go there instead and the good programmes are returned, so pages can be
    checked in the same run. `units`: data/units.yml (bantin.figures.units), which reports' `by_unit:` name.
    `broken` receives, by programme id, each file that has mistakes.
    """
    root = root or data_dir.parent
    keep_going = errors is not None
    errors = [] if errors is None else errors
    programmes: list[Programme] = []
    seen: dict[str, str] = {}
    site_wording = load_site_wording(data_dir, root, errors)
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
            if broken is not None:
                broken[_written_id(path, shown_as)] = BrokenProgramme(shown_as)
            continue
        programme = read_programme(node, path.stem, file_errors, site_wording, units)
        if programme is None:
            if broken is not None:
                schema = programme_schema(node, path.stem, shown_as)
                broken[schema.id if schema else _declared_id(node, path.stem)] = BrokenProgramme(shown_as, schema)
            continue
        if programme.id in seen:
            file_errors.add(node, "id", f"mã chương trình '{programme.id}' trùng với {seen[programme.id]}; "
                                        "hãy đổi mã (id) của một trong hai chương trình")
        seen[programme.id] = shown_as
        programmes.append(programme)
    if errors and not keep_going:
        raise DataErrors(errors)
    return tuple(programmes)


# A top-level `id:` line, as an editor writes it: `id: cds`, `id: "cds"  # ghi chú`.
_ID_LINE = re.compile(r"""^id:[ \t]*(["']?)([^\s"'#]+)\1[ \t]*(?:#.*)?$""", re.M)


def _written_id(path: Path, shown_as: str) -> str:
    """The id of a programme file YAML cannot read, which its pages name: its `id:` line found in the text
    (YAML stops at the mistake, which may be before or after it), else the file's name (as `_declared_id`)."""
    try:
        found = _ID_LINE.search(sourcetext.read(path, shown_as))
    except (OSError, DataError):  # not text at all: its own mistake is reported
        found = None
    return found.group(2) if found else path.stem


def _compose(path: Path, shown_as: str) -> yaml.Node:
    node = compose(path, shown_as)
    if node is None:
        raise DataError(shown_as, None, None, "tệp trống; hãy ghi số liệu của chương trình "
                                              "(xem docs/huong-dan/du-lieu.md) hoặc xóa tệp")
    return node


def read_programme(node: yaml.Node, stem: str, errors: Errors,
                   site_wording: Wording = Wording(), units: Units | None = None) -> Programme | None:
    """`site_wording`: the site's words (data/wording.yml), which the programme's `wording:` may change."""
    count_before = len(errors.items)
    fields = Fields(errors, node, PROGRAMME)
    if not fields.ok:
        return None
    id_ = _programme_id(fields, stem)
    title = fields.text("title")
    basis, owner, nguon = fields.text("basis"), fields.text("owner"), fields.text("nguon")
    wording_node, lights_node = fields.given("wording"), fields.given("traffic_lights")
    wording = read_wording(wording_node, errors, site_wording) if wording_node is not None else site_wording
    shared = read_shared_tasks(fields)
    lights = read_traffic_lights(lights_node, errors) if lights_node is not None else TrafficLights()
    sample = fields.flag(SAMPLE_KEY)
    report_nodes = fields.items("reports")
    if isinstance(fields.value_node("reports"), yaml.SequenceNode) and not report_nodes:
        errors.add(fields.value_node("reports"), "reports", "cần ít nhất một báo cáo")
    reports = [read_report(n, f"reports[{i}]", errors, shared, units) for i, n in enumerate(report_nodes)]
    _check_unique_dates(reports, report_nodes, errors)
    read = [report for report in reports if report is not None]
    if len(errors.items) > count_before or title is None or wording is None or len(read) < len(reports):
        return None  # each mistake is in `errors`
    _check_left_out(read, report_nodes, errors)
    if len(errors.items) > count_before:
        return None
    ordered = tuple(sorted(read, key=lambda r: r.as_of))
    return Programme(id_, title, ordered, basis, owner, errors.shown_as, shared.tasks if shared else (), wording,
                     lights or TrafficLights(), sample, nguon)


def _programme_id(fields: Fields, stem: str) -> str:
    """`id:`, or the file's name; a wrong one is told how to write it."""
    id_ = fields.text("id") or stem
    if not is_id(id_):
        given = fields.has("id")
        fix = _id_fix(id_, "hãy viết '{}'" if given else "hãy đổi tên tệp thành {}.yml")
        fields.errors.add(fields.value_node("id") if given else fields.node, "id",
                          f"mã chương trình '{id_}' không hợp lệ: {ID_HINT}{fix}")
    return id_


# The figures a broken programme's stand-in shows: any will do, as only names are checked against it.
_STAND_IN_TASKS = TaskCounts(1, 1, 1, 1, 0)


def programme_schema(node: yaml.Node, stem: str, shown_as: str) -> Programme | None:
    """A programme file with mistakes as the names it declares (its id, its reports' dates, their indicators'
    ids, whether they count tasks, their units' codes), with stand-in figures: what pages bound to it are
    checked against (MarkdownRenderer's `names_only`) while its values are wrong. None when its reports'
    dates cannot be read: which report a bulletin shows is then unknown."""
    scratch = Errors(shown_as, [])  # the file's mistakes are reported by read_programme
    fields = Fields(scratch, node, PROGRAMME)
    if not fields.ok or not isinstance(fields.value_node("reports"), yaml.SequenceNode):
        return None
    reports = []
    for item in fields.items("reports"):
        report = Fields(scratch, item, REPORT)
        as_of = report.date("as_of") if report.ok else None
        if as_of is None:
            return None
        counts = fields.has("task_list") or report.has("tasks") or report.has("task_list")
        indicators = tuple(Indicator(id_, id_, "", 1, 2 if _value(i, "target") else None)
                           for i in report.items("indicators") if (id_ := _value(i, "id")))
        units = report.value_node("by_unit")
        codes = [str(key.value) for key, _ in units.value] if isinstance(units, yaml.MappingNode) else []
        reports.append(Report(as_of, _STAND_IN_TASKS if counts else None, (), indicators,
                              tuple(UnitFigures(code) for code in codes)))
    if len({r.as_of for r in reports}) < len(reports) or not reports:
        return None
    ordered = tuple(sorted(reports, key=lambda r: r.as_of))
    return Programme(_declared_id(node, stem), _value(node, "title") or "", ordered, source=shown_as)


def _value(node: yaml.Node, key: str) -> str | None:
    """A mapping's scalar `key`, as text, or None."""
    if isinstance(node, yaml.MappingNode):
        for name, value in node.value:
            if name.value == key and isinstance(value, yaml.ScalarNode) and value.value:
                return vi.nfc(str(value.value))
    return None


def _declared_id(node: yaml.Node, stem: str) -> str:
    """The id a programme file declares (`id:`), else its file's name: what pages name it by."""
    return _value(node, "id") or stem


def _id_fix(wrong: str, how: str) -> str:
    """`; hãy viết 'quy-trinh'`: the id a wrong one most likely means, when there is one."""
    meant = vi.slug(wrong)
    return "; " + how.format(meant) if meant else ""


def read_shared_tasks(fields: Fields) -> SharedTasks | None:
    """The programme's own `task_list`, or None when each report gives its own figures."""
    if not fields.has("task_list"):
        # Misspelt (`tasks:` at the top): reported; its reports must not also be told they lack figures.
        return SharedTasks((), fields.line(), False) if "task_list" in fields.misspelt else None
    before = len(fields.errors.items)
    nodes = fields.items("task_list")
    if isinstance(fields.value_node("task_list"), yaml.SequenceNode) and not nodes:
        fields.errors.add(fields.value_node("task_list"), "task_list",
                          "danh sách nhiệm vụ (task_list) cần ít nhất một nhiệm vụ; "
                          "nếu chưa có nhiệm vụ nào, hãy xóa dòng task_list")
    tasks = tuple(filter(None, (read_task(n, fields.errors, shared=True) for n in nodes)))
    return SharedTasks(tasks, fields.line("task_list"), len(fields.errors.items) == before)


def _check_unique_dates(reports: list[Report | None], nodes: list[yaml.Node], errors: Errors) -> None:
    seen: dict[dt.date, int] = {}
    for index, (report, node) in enumerate(zip(reports, nodes, strict=True)):
        if report is None:
            continue
        if report.as_of in seen:
            errors.add(node, f"reports[{index}].as_of",
                       f"đã có kỳ báo cáo cùng ngày chốt số liệu (as_of) {report.as_of.isoformat()} "
                       f"ở dòng {seen[report.as_of]}; mỗi kỳ báo cáo một ngày: hãy sửa ngày, "
                       "hoặc gộp hai kỳ làm một")
        else:
            seen[report.as_of] = line_of(node)


def _check_left_out(reports: list[Report], nodes: list[yaml.Node], errors: Errors) -> None:
    """The latest report gives every part an earlier one gives, or says it does not report it again
    (`giu_nguyen:`): the statistics pages then show the earlier figures with their own date, which an office
    must have meant, not forgotten."""
    index = max(range(len(reports)), key=lambda i: reports[i].as_of)
    latest = reports[index]
    for section in SECTIONS:
        given = [r.as_of for r in reports if r.has(section)]
        if latest.has(section) or section in latest.kept or not given:
            continue
        name, earlier = REPORT_NAMES[section], max(given).isoformat()
        errors.add(nodes[index], f"reports[{index}]",
                   f"kỳ báo cáo mới nhất ({latest.as_of.isoformat()}) không có {name} ({section}) như kỳ {earlier}. "
                   f"Nếu kỳ này không báo cáo lại phần này, hãy ghi giu_nguyen: [{section}] ở kỳ báo cáo này (trang "
                   f"thống kê khi đó hiện {name} của kỳ {earlier}, ghi rõ ngày đó); nếu có, hãy ghi {section} "
                   "của kỳ này")


def _kept(fields: Fields) -> tuple[str, ...]:
    """`giu_nguyen: [indicators]`: the parts (schema.figures.SECTIONS) a report does not report again."""
    kept, where = fields.texts("giu_nguyen"), f"{fields.where}.giu_nguyen"
    for section in kept:
        if section not in SECTIONS:
            fields.errors.add(fields.value_node("giu_nguyen"), where,
                              f"'{section}' không dùng được{suggestion(section, SECTIONS)}; giu_nguyen ghi các phần "
                              f"kỳ báo cáo này không báo cáo lại, trong số: {', '.join(SECTIONS)}")
        elif fields.has(section):
            fields.errors.add(fields.value_node("giu_nguyen"), where,
                              f"kỳ báo cáo có ghi {section}, nên không giữ nguyên {section} của kỳ trước; hãy xóa "
                              f"'{section}' khỏi giu_nguyen, hoặc xóa {section} nếu kỳ này không báo cáo lại")
    return kept


def read_report(node: yaml.Node, where: str, errors: Errors, shared: SharedTasks | None = None,
                units: Units | None = None) -> Report | None:
    """One report; with `shared`, its tasks are the programme's, as they stood on its `as_of`."""
    count_before = len(errors.items)
    fields = Fields(errors, node, REPORT, where)
    if not fields.ok:
        return None
    as_of = fields.date("as_of")
    own_list = _own_task_list(fields, as_of, shared)
    tasks_node, by_unit_node = fields.given("tasks"), fields.given("by_unit")
    counts = read_counts(tasks_node, errors) if tasks_node is not None else None
    indicator_nodes = fields.items("indicators")
    indicators = [read_indicator(n, errors) for n in indicator_nodes]
    _check_unique_ids(indicators, indicator_nodes, errors)
    by_unit = read_by_unit(by_unit_node, errors, units, counts, tuple(i.id for i in indicators if i),
                           read_counts) if by_unit_node is not None else ()
    kept, sample = _kept(fields), fields.flag(SAMPLE_KEY)
    if len(errors.items) > count_before or as_of is None or (shared is not None and not shared.readable):
        return None
    if shared is not None:
        task_list, source = tasks_on(shared.tasks, as_of), shared.described
    else:
        task_list, source = own_list, "danh sách nhiệm vụ của kỳ báo cáo (task_list)"
    if task_list or shared is not None:
        derived = TaskCounts.of_tasks(task_list, as_of)
        if counts is not None and tasks_node is not None:
            _check_agree(counts, derived, tasks_node, f"theo {source}, tính đến ngày "
                         f"{as_of.isoformat()} (as_of)", errors)
        counts = derived if task_list else None
    if counts is None and not indicators:
        errors.add(node, where, _no_figures(as_of, shared))
        return None
    return Report(as_of, counts, task_list, tuple(i for i in indicators if i is not None), by_unit, kept, sample)


def _own_task_list(fields: Fields, as_of: dt.date | None, shared: SharedTasks | None) -> tuple[Task, ...]:
    """A report's own `task_list`, refused when the programme declares one for every report."""
    if shared is None:
        return tuple(filter(None, (read_task(n, fields.errors, as_of) for n in fields.items("task_list"))))
    if fields.has("task_list"):
        fields.errors.add(fields.keys["task_list"], f"{fields.where}.task_list",
                          f"đã có {shared.described}, kỳ báo cáo không ghi lại danh sách; "
                          "hãy xóa task_list ở kỳ báo cáo này: số nhiệm vụ của kỳ được tính từ danh sách "
                          "chung theo ngày as_of (nhiệm vụ nào xong thì ghi ngày done trong danh sách chung)")
    return ()


def _no_figures(as_of: dt.date, shared: SharedTasks | None) -> str:
    if shared is None:
        return ("kỳ báo cáo chưa có số liệu; hãy ghi số nhiệm vụ (tasks), danh sách nhiệm vụ (task_list) "
                "hoặc các chỉ tiêu (indicators)")
    return (f"đến ngày chốt số liệu (as_of) {as_of.isoformat()} chưa có nhiệm vụ nào được giao (mọi nhiệm vụ "
            "đều có ngày giao ngay_giao muộn hơn) và kỳ báo cáo không có chỉ tiêu (indicators); "
            "hãy kiểm tra lại ngày as_of và ngay_giao, hoặc ghi các chỉ tiêu")


def read_counts(node: yaml.Node, errors: Errors) -> TaskCounts | None:
    fields = Fields(errors, node, TASK_COUNTS, "tasks")
    if not fields.ok:
        return None
    split = fields.has("completed_on_time") or fields.has("completed_late")
    on_time = fields.count("completed_on_time", required=split)
    late = fields.count("completed_late", required=split)
    completed = fields.count("completed", required=not split)
    on_schedule, overdue = fields.count("on_schedule"), fields.count("overdue")
    assigned = fields.count("assigned")
    if split and on_time is not None and late is not None:
        if completed is not None and completed != on_time + late:
            errors.add(fields.value_node("completed"), "tasks",
                       f"số nhiệm vụ đã hoàn thành (completed) là {completed}, nhưng "
                       + _sum({"completed_on_time": on_time, "completed_late": late}) + f"; {FIX_TOGETHER}")
            return None
        completed = on_time + late
    if completed is None or on_schedule is None or overdue is None or (fields.has("assigned") and assigned is None):
        return None
    counts = TaskCounts(completed, on_schedule, overdue, on_time, late)
    if assigned is not None and assigned != counts.assigned:
        errors.add(fields.value_node("assigned"), "tasks",
                   f"tổng số nhiệm vụ được giao (assigned) là {assigned}, nhưng "
                   + _sum(counts.by_status()) + f"; {FIX_TOGETHER}")
        return None
    return counts


def _sum(parts: dict[str, int]) -> str:
    """`đã hoàn thành (completed) 190 + theo tiến độ (on_schedule) 93 + quá hạn (overdue) 27 = 310`."""
    terms = " + ".join(f"{STATUS_WORDS[key]} ({key}) {count}" for key, count in parts.items())
    return f"{terms} = {sum(parts.values())}"


def _check_agree(given: TaskCounts, derived: TaskCounts, node: yaml.Node, counted: str, errors: Errors) -> None:
    """The counts a report writes against those its task list gives (`counted` says which list, when)."""
    pairs = dict(given.by_status())
    if given.completed_on_time is not None and given.completed_late is not None:
        pairs.update(completed_on_time=given.completed_on_time, completed_late=given.completed_late)
    for status, count in pairs.items():
        computed = getattr(derived, status)
        if count != computed:
            errors.add(_value_in(node, status), f"tasks.{status}",
                       f"{TASKS_NAMES[status]} ({status}) ghi {count}, nhưng {counted} thì có {computed}; "
                       "hãy sửa số này hoặc sửa danh sách nhiệm vụ cho khớp")


def _value_in(mapping: yaml.Node, key: str) -> yaml.Node:
    """The value of `key` in a mapping (for its line), else the mapping."""
    return next((value for name, value in mapping.value if name.value == key), mapping)


def read_task(node: yaml.Node, errors: Errors, as_of: dt.date | None = None, shared: bool = False) -> Task | None:
    """One task: of a report dated `as_of`, or (`shared`) of the programme, which must say who leads it."""
    count_before = len(errors.items)
    fields = Fields(errors, node, TASK, "task_list")
    if not fields.ok:
        return None
    title, due = fields.text("title"), fields.due("due")
    done, unit = fields.date("done"), fields.text("unit")
    chu_tri, phoi_hop = fields.text("chu_tri", required=shared), fields.texts("phoi_hop")
    ngay_giao = fields.date("ngay_giao")
    _check_task_dates(fields, done, ngay_giao, as_of)
    if len(errors.items) > count_before or title is None or due is None:
        return None
    return Task(title, due, done, unit, chu_tri, phoi_hop, ngay_giao)


def _check_task_dates(fields: Fields, done: dt.date | None, ngay_giao: dt.date | None,
                      as_of: dt.date | None) -> None:
    """A task is done after it is assigned; a report's own list knows nothing after its date."""
    if done is not None and ngay_giao is not None and done < ngay_giao:
        fields.errors.add(fields.value_node("done"), "task_list.done",
                          f"ngày hoàn thành (done) {done.isoformat()} trước ngày giao (ngay_giao) "
                          f"{ngay_giao.isoformat()}; hãy kiểm tra lại hai ngày này")
    if as_of is None:
        return
    for key, value in (("done", done), ("ngay_giao", ngay_giao)):
        if value is not None and value > as_of:
            fields.errors.add(fields.value_node(key), f"task_list.{key}",
                              f"{fields.label(key)} {value.isoformat()} sau ngày chốt số liệu (as_of) "
                              f"{as_of.isoformat()} của kỳ báo cáo; hãy sửa lại ngày, hoặc bỏ dòng {key} "
                              "ở kỳ này và ghi ở kỳ báo cáo sau")


def read_indicator(node: yaml.Node, errors: Errors) -> Indicator | None:
    count_before = len(errors.items)
    fields = Fields(errors, node, INDICATOR, "indicators")
    if not fields.ok:
        return None
    id_, name, unit = fields.text("id"), fields.text("name"), fields.text("unit")
    qualifier = fields.one_of("qualifier", QUALIFIERS)
    actual, target = fields.number("actual"), fields.number("target")
    due = fields.due("due")
    if id_ is not None and not is_id(id_):
        errors.add(fields.value_node("id"), "indicators.id",
                   f"mã chỉ tiêu '{id_}' không hợp lệ: {ID_HINT}{_id_fix(id_, 'hãy viết {}')}")
    if unit == "%":
        for key, value in (("actual", actual), ("target", target)):
            if value is not None and value > 100:
                errors.add(fields.value_node(key), f"indicators.{key}",
                           f"{fields.label(key)} là {value}, lớn hơn 100, nhưng đơn vị tính (unit) là %; "
                           "hãy kiểm tra lại số, hoặc đổi đơn vị tính nếu đây không phải tỷ lệ phần trăm")
    if target == 0:
        errors.add(fields.value_node("target"), "indicators.target",
                   "mục tiêu (target) phải lớn hơn 0; nếu chỉ tiêu không có mục tiêu, hãy xóa dòng target")
    if len(errors.items) > count_before or id_ is None or name is None or unit is None or actual is None:
        return None
    return Indicator(id_, name, unit, actual, target, due, qualifier)


def _check_unique_ids(indicators: list[Indicator | None], nodes: list[yaml.Node], errors: Errors) -> None:
    seen: dict[str, int] = {}
    for indicator, node in zip(indicators, nodes, strict=True):
        if indicator is None:
            continue
        if indicator.id in seen:
            errors.add(node, "indicators.id", f"mã chỉ tiêu '{indicator.id}' trùng với chỉ tiêu ở dòng "
                                              f"{seen[indicator.id]}; hãy đổi mã (id) của một trong hai chỉ tiêu")
        else:
            seen[indicator.id] = line_of(node)
