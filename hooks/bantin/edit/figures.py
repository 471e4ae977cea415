"""Programmes' reports as the editor sees them: every figure of a report a form field, an edit written in
place (one value, one changed line), a new report appended with ruamel.yaml, and every change checked by
the build's own reader (bantin.figures.loading.read_programme) before anything is written."""
from __future__ import annotations

import codecs
import copy
import datetime as dt
import difflib
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedBase

from ..common.errors import DataError
from ..common.yamlsource import compose_text
from ..figures.loading import FIX_TOGETHER, INDICATOR_NAMES, REPORT_NAMES, TASKS_KEYS, TASKS_NAMES, read_programme
from ..figures.units import load_units
from ..figures.wording import load_site_wording
from ..schema.fields import Errors
from .documents import digest, file_id

PROGRAMMES = "data/programmes"
_NUMBER = re.compile(r"[0-9][0-9.,]*")  # what may be written in place; the reader judges the rest (`1.234`)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Refused(Exception):
    """The change cannot be written as the clerk meant it (the reason, in Vietnamese)."""


def programme_files(root: Path) -> dict[str, str]:
    """id → `data/programmes/….yml`, every file the build reads (no dot files, no links)."""
    folder = root / PROGRAMMES
    found = {}
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        if path.suffix in (".yml", ".yaml") and path.is_file() and not path.is_symlink() \
                and not path.name.startswith("."):
            shown = path.relative_to(root).as_posix()
            found[file_id(shown)] = shown
    return found


@dataclass
class Cell:
    """One number of a report, as the form names it (`tasks.assigned`, `indicators.2.actual`,
    `by_unit.75.tasks.completed`) and where the file writes it."""
    name: str
    label: str
    value: str
    start: int = 0
    end: int = 0
    line: int = 0


@dataclass
class Row:
    """A line of a table: what it is (an indicator's name, a unit's code) and its numbers."""
    title: str
    cells: list[Cell]


@dataclass
class ReportView:
    as_of: str                          # as written, `2025-12-25`
    position: int                       # its place in the file's `reports:`
    line: int
    parts: list[str]                    # what it gives, in the guide's words
    tasks: list[Cell] = field(default_factory=list)
    indicators: list[Row] = field(default_factory=list)
    by_unit: list[Row] = field(default_factory=list)

    @property
    def cells(self) -> list[Cell]:
        return self.tasks + [c for row in self.indicators + self.by_unit for c in row.cells]

    @property
    def date(self) -> dt.date:
        return dt.date.fromisoformat(self.as_of)


@dataclass
class ProgrammeFile:
    path: str
    title: str
    text: str                           # "\n" line ends
    newline: str
    hash: str
    reports: list[ReportView]
    bom: bool = False

    def report(self, as_of: str) -> ReportView | None:
        return next((r for r in self.reports if r.as_of == as_of), None)

    def data(self, text: str) -> bytes:
        """`text` as the file is written: its line ends, its byte order mark if it had one."""
        return (codecs.BOM_UTF8 if self.bom else b"") + text.replace("\n", self.newline).encode("utf-8")

    @property
    def latest(self) -> ReportView | None:
        dated = [r for r in self.reports if _DATE.fullmatch(r.as_of)]
        return max(dated, key=lambda r: r.as_of) if dated else None


def _scalar(mapping: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(mapping, yaml.MappingNode):
        return next((v for k, v in mapping.value if k.value == key), None)
    return None


def _cell(node: yaml.Node | None, name: str, label: str) -> Cell | None:
    if not isinstance(node, yaml.ScalarNode) or node.style:
        return None  # a quoted number is the reader's to report, not a field to type over
    return Cell(name, label, node.value, node.start_mark.index, node.end_mark.index, node.start_mark.line + 1)


def _task_cells(node: yaml.Node | None, prefix: str) -> list[Cell]:
    cells = [_cell(_scalar(node, key), f"{prefix}{key}", TASKS_NAMES[key]) for key in TASKS_KEYS]
    return [c for c in cells if c is not None]


def read_file(root: Path, path: str) -> ProgrammeFile:
    return file_of(path, (root / path).read_bytes())


def file_of(path: str, data: bytes) -> ProgrammeFile:
    """The programme file `path` from its bytes (the working copy's or a draft's)."""
    newline = "\r\n" if b"\r\n" in data else "\n"
    return parse(path, data.decode("utf-8-sig").replace("\r\n", "\n"), newline, digest(data),
                 data.startswith(codecs.BOM_UTF8))


def parse(path: str, text: str, newline: str = "\n", hash_: str = "", bom: bool = False) -> ProgrammeFile:
    """The file's reports and where each number is written; DataError when it is not YAML."""
    node = compose_text(text, path)
    reports = []
    title = _scalar(node, "title")
    listed = _scalar(node, "reports")
    for position, item in enumerate(listed.value if isinstance(listed, yaml.SequenceNode) else []):
        as_of = _scalar(item, "as_of")
        if not isinstance(as_of, yaml.ScalarNode) or not isinstance(item, yaml.MappingNode):
            continue
        view = ReportView(as_of.value, position, item.start_mark.line + 1,
                          [REPORT_NAMES[k.value] for k, _ in item.value if k.value in REPORT_NAMES
                           and k.value != "as_of"])
        view.tasks = _task_cells(_scalar(item, "tasks"), "tasks.")
        indicators = _scalar(item, "indicators")
        for i, indicator in enumerate(indicators.value if isinstance(indicators, yaml.SequenceNode) else []):
            name = _scalar(indicator, "name")
            cells = [_cell(_scalar(indicator, key), f"indicators.{i}.{key}", INDICATOR_NAMES[key])
                     for key in ("actual", "target")]
            view.indicators.append(Row(name.value if isinstance(name, yaml.ScalarNode) else "",
                                       [c for c in cells if c is not None]))
        units = _scalar(item, "by_unit")
        for code_node, figures in units.value if isinstance(units, yaml.MappingNode) else []:
            code = str(code_node.value)
            unit_cells = _task_cells(_scalar(figures, "tasks"), f"by_unit.{code}.tasks.")
            numbers = _scalar(figures, "indicators")
            for key, value in numbers.value if isinstance(numbers, yaml.MappingNode) else []:
                cell = _cell(value, f"by_unit.{code}.indicators.{key.value}", f"chỉ tiêu {key.value}")
                unit_cells += [cell] if cell else []
            view.by_unit.append(Row(code, unit_cells))
        reports.append(view)
    shown_title = title.value if isinstance(title, yaml.ScalarNode) else path
    return ProgrammeFile(path, shown_title, text, newline, hash_, reports, bom)


def changed_values(cells: list[Cell], form: Mapping[str, str]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """name → the number typed where it differs from the file; and the fields that are not numbers."""
    changed, errors = {}, {}
    for cell in cells:
        typed = " ".join(str(form.get(cell.name, cell.value)).split())
        if typed == cell.value:
            continue
        if not _NUMBER.fullmatch(typed):
            errors[cell.name] = [f"{cell.label} cần một số, viết liền các chữ số, phần thập phân sau dấu chấm "
                                 "(ví dụ 1234 hoặc 97.5)" if typed else f"hãy ghi {cell.label}"]
        else:
            changed[cell.name] = typed
    return changed, errors


def in_place(text: str, cells: list[Cell], changed: dict[str, str]) -> str:
    """`text` with each changed number written over the old one, nothing else touched."""
    for cell in sorted((c for c in cells if c.name in changed), key=lambda c: c.start, reverse=True):
        text = text[:cell.start] + changed[cell.name] + text[cell.end:]
    return text


def check(root: Path, path: str, text: str, cells: list[Cell], new_line: int | None = None
          ) -> tuple[dict[str, list[str]], list[str]]:
    """The mistakes the build would report in the programme file if it were `text`: beside the field on
    their line (`as_of` for the line `new_line` of a new report's date), else listed above the form."""
    others: list[DataError] = []  # data/units.yml's and data/wording.yml's own mistakes: make check names them
    site_wording = load_site_wording(root / "data", root, others)
    units = load_units(root / "data", root, others)
    errors: list[DataError] = []
    found = Errors(path, errors)
    try:
        node = compose_text(text, path)
    except DataError as not_yaml:
        return {}, [str(not_yaml)]
    if node is None:
        return {}, [f"{path}: tệp trống"]
    read_programme(node, Path(path).stem, found, site_wording, units)
    beside: dict[str, list[str]] = {}
    general = []
    lines: dict[int, list[Cell]] = {}
    for cell in cells:
        lines.setdefault(cell.line, []).append(cell)
    for error in dict.fromkeys(errors):
        on_line = lines.get(error.line or 0, [])
        if new_line is not None and error.line == new_line:
            beside.setdefault("as_of", []).append(error.message)
        elif on_line:
            last = (error.field or "").rsplit(".", 1)[-1]
            cell = next((c for c in on_line if c.name.endswith("." + last)), on_line[0])
            beside.setdefault(cell.name, []).append(error.message)
        else:
            general.append(str(error))
    return beside, general


def round_trip() -> YAML:
    """ruamel.yaml as editing-facts measured it to give our files back: quotes kept, no re-wrapping."""
    loader = YAML(typ="rt")
    loader.preserve_quotes = True
    loader.width = 10 ** 9
    loader.indent(mapping=2, sequence=4, offset=2)
    return loader


def _without_comments(node: object) -> None:
    """The copied report carries no comment of the one it copies (they describe that report)."""
    if isinstance(node, CommentedBase):
        node.ca.items.clear()
        node.ca.comment = None
    for child in node.values() if isinstance(node, dict) else node if isinstance(node, list) else ():
        _without_comments(child)


def _number(text: str) -> int | Decimal:
    return Decimal(text) if "." in text else int(text)


def _place(tree: Any, name: str, value: int | float) -> None:
    """Sets the value a cell name addresses (`indicators.2.actual`, `by_unit.75.tasks.completed`) in a
    loaded report (`tree`: as ruamel.yaml or yaml.safe_load decoded it, untyped)."""
    if name.startswith("by_unit."):
        code, part, last = name.removeprefix("by_unit.").rsplit(".", 2)  # a unit's code may hold a dot
        steps = ["by_unit", code, part]
    else:
        *steps, last = name.split(".")
    for step in steps:
        tree = tree[int(step)] if isinstance(tree, list) else tree[step]
    tree[last] = value


def append_report(programme: ProgrammeFile, as_of: dt.date, changed: dict[str, str]) -> str:
    """The file's text with a new report: the latest one copied (every part it has), dated `as_of`, with the
    numbers typed. Refused unless the file reads back to exactly that and keeps every line it had."""
    latest = programme.latest
    assert latest is not None  # the pages add a report only to a file that has a dated one
    loader = round_trip()
    tree = loader.load(programme.text)
    report = copy.deepcopy(tree["reports"][latest.position])
    _without_comments(report)
    report["as_of"] = as_of
    plain = yaml.safe_load(programme.text)
    expected = copy.deepcopy(plain["reports"][latest.position])
    expected["as_of"] = as_of
    for name, typed in changed.items():
        number = _number(typed)
        _place(report, name, int(number) if isinstance(number, int) else float(number))
        _place(expected, name, int(number) if isinstance(number, int) else float(number))
    tree["reports"].append(report)
    out = io.StringIO()
    loader.dump(tree, out)
    text = out.getvalue()
    plain["reports"].append(expected)
    if yaml.safe_load(text) != plain:
        raise Refused("kỳ báo cáo mới ghi vào tệp không đọc lại đúng các số đã nhập; tệp chưa được sửa")
    old, new = programme.text.split("\n"), text.split("\n")
    kept = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    if any(tag != "equal" and tag != "insert" for tag, *_ in kept):
        raise Refused("thêm kỳ báo cáo sẽ làm đổi các dòng đã có của tệp (ghi chú, dấu ngoặc kép); "
                      "tệp chưa được sửa: hãy nhờ người quản trị thêm kỳ báo cáo này")
    return text


def new_report_line(text: str, as_of: dt.date) -> int | None:
    """The line (1-based) of the appended report's `as_of`, the last one written with that date."""
    lines = [i + 1 for i, line in enumerate(text.split("\n")) if re.match(rf"\s*-?\s*as_of: {as_of.isoformat()}\s*$",
                                                                           line)]
    return lines[-1] if lines else None


def sum_message() -> str:
    """The reader's sentence for a wrong `assigned` (bantin.figures.loading.read_counts), with `{a}`, `{terms}`,
    `{s}` for the live check to fill in as the clerk types."""
    return f"tổng {TASKS_NAMES['assigned']} (assigned) là {{a}}, nhưng {{terms}} = {{s}}; {FIX_TOGETHER}"


def short_date(value: dt.date) -> str:
    """`31/3/2026`, as commit messages name a report."""
    return f"{value.day}/{value.month}/{value.year}"

