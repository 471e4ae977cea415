"""Reporting units (data/units.yml), each report's figures by unit (`by_unit:`), and traffic lights.

Units form a tree (`parent:`); a report may give each unit's task counts, read as its own `tasks:`, and
those of a unit's children must add up to the unit's, the top level's to the report's. A programme's
`traffic_lights:` sets when a unit is Đỏ, Vàng or Xanh (see docs/huong-dan/du-lieu.md). The pages that show
them are made in `unitviews` and `ranking`.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import yaml

from ..common import vi
from ..common.errors import DataError, DataErrors, shown_path
from ..common.hints import Nearest, hint, plain
from ..common.sample import SAMPLE_KEY
from ..common.yamlsource import compose, line_of
from ..schema import entity
from ..schema.fields import Errors, Fields, T
from ..schema.units import LEVELS
from .model import STATUSES, Number, TaskCounts, TrafficLights, UnitFigures
from .stats import whole_percents

# bantin.figures.loading.read_counts, which reads a report's `tasks:` (loading imports this module)
ReadCounts = Callable[[yaml.Node, Errors], TaskCounts | None]

UNITS_FILE, UNIT, FIGURES, LIGHTS = (entity(name) for name in ("units_file", "unit", "unit_figures", "traffic_lights"))
# The tier of government each level is at (two-tier local government since 1/7/2025).
TIERS = {"tỉnh": "cấp tỉnh", "thành phố": "cấp tỉnh", "xã": "cấp xã", "phường": "cấp xã", "đặc khu": "cấp xã"}
STATUS_WORDS = {"completed": "đã hoàn thành", "on_schedule": "theo tiến độ", "overdue": "quá hạn"}
_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]*$")
RED, YELLOW, GREEN = "do", "vang", "xanh"
LIGHT_LABELS = {RED: "Đỏ", YELLOW: "Vàng", GREEN: "Xanh"}
LIGHT_ORDER = {RED: 0, YELLOW: 1, GREEN: 2}


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    level: str
    parent: str | None = None
    line: int = 0
    sample: bool = False  # `minh_hoa: true`: an invented unit or code (bantin.common.sample)

    @property
    def in_text(self) -> str:
        """The name inside a sentence: a name that starts with its own level (`Tỉnh Đồng Nai`, level `tỉnh`)
        writes that generic noun lower-case, as Nghị định 30/2020 does (`của tỉnh Đồng Nai`); the rest of the
        name keeps the capitals the data gives it."""
        size = len(self.level)
        if size and self.name[:size].lower() == self.level and self.name[size:size + 1] == " ":
            return self.level + self.name[size:]
        return self.name

    @property
    def kind(self) -> str:
        """`phường (cấp xã)`: the level with its tier."""
        tier = TIERS.get(self.level)
        return f"{self.level} ({tier})" if tier else self.level


@dataclass
class Units:
    """Every unit by code, in the file's order; `readable`: False when the file has mistakes (already
    reported), so figures are not checked against it."""

    by_code: dict[str, Unit] = field(default_factory=dict)
    readable: bool = True
    shown_as: str = "data/units.yml"
    _children: dict[str, list[str]] | None = None
    _nearest: Nearest | None = None

    def nearest(self, word: str) -> str:
        """` (ý bạn là '75' — Tỉnh Đồng Nai?)`: the code, or the unit whose name was written, or nothing."""
        if self._nearest is None:
            self._nearest = Nearest(self.by_code, names={u.name: u.code for u in self.by_code.values()})
        code = self._nearest(word)
        return hint(code, self.by_code[code].name) if code else ""

    def children(self, code: str) -> list[str]:
        if self._children is None:
            self._children = {}
            for unit in self.by_code.values():
                if unit.parent is not None:
                    self._children.setdefault(unit.parent, []).append(unit.code)
        return self._children.get(code, [])

    def shown(self, code: str) -> str:
        unit = self.by_code.get(code)
        return f"{unit.name} ({code})" if unit else code


# ---- data/units.yml ---------------------------------------------------------------------------------

def load_units(data_dir: Path, root: Path | None = None, errors: list[DataError] | None = None) -> Units | None:
    """`data_dir/units.yml`, validated, or None when there is none. Mistakes go to `errors`, else raise."""
    path = data_dir / "units.yml"
    if not path.is_file():
        return None
    root = root or data_dir.parent
    keep_going = errors is not None
    errors = [] if errors is None else errors
    shown_as = shown_path(path, root)
    before = len(errors)
    try:
        node = compose(path, shown_as)
    except DataError as error:
        errors.append(error)
        node = None
    units = read_units(node, Errors(shown_as, errors)) if node is not None else Units(readable=False)
    if node is None and len(errors) == before:
        errors.append(DataError(shown_as, None, None, "tệp trống; hãy ghi các đơn vị (units:) hoặc xóa tệp"))
    if errors and not keep_going:
        raise DataErrors(errors)
    return units


def read_units(node: yaml.Node, errors: Errors) -> Units:
    before = len(errors.items)
    units = Units(shown_as=errors.shown_as)
    fields = Fields(errors, node, UNITS_FILE)
    nodes = fields.items("units") if fields.ok else []
    parents: dict[str, yaml.Node] = {}
    for item in nodes:
        unit, parent_node = _read_unit(item, errors)
        if unit is None:
            continue
        if unit.code in units.by_code:
            errors.add(item, "units.code", f"mã đơn vị '{unit.code}' trùng với đơn vị ở dòng "
                                           f"{units.by_code[unit.code].line}; mỗi đơn vị một mã")
            continue
        units.by_code[unit.code] = unit
        if parent_node is not None:
            parents[unit.code] = parent_node
    if len(errors.items) > before:  # a unit not read: its children would be told it does not exist
        units.readable = False
        return units
    for code, unit in units.by_code.items():
        if unit.parent is not None and unit.parent not in units.by_code:
            errors.add(parents[code], "units.parent",
                       f"không có đơn vị mã '{unit.parent}' trong tệp{units.nearest(unit.parent)}; "
                       "đơn vị cấp trên (parent) ghi mã (code) của một đơn vị trong tệp này")
    _check_cycles(units, parents, errors)
    units.readable = len(errors.items) == before
    return units


def _read_unit(node: yaml.Node, errors: Errors) -> tuple[Unit | None, yaml.Node | None]:
    before = len(errors.items)
    fields = Fields(errors, node, UNIT, "units")
    if not fields.ok:
        return None, None
    code = _code(fields, "code")
    name, level = fields.text("name"), fields.text("level")
    parent = _code(fields, "parent", checked=False)  # a name is told its code further on
    if level is not None and level not in LEVELS:
        # Not hints.Nearest: any level name is accepted (khu phố, chi bộ); only a standard level written
        # without its accents or capitals is a mistake, so the match is exact once both are made plain.
        meant = {plain(choice): choice for choice in LEVELS}.get(plain(level))
        if meant:
            fields.reject("level", f"cấp '{level}' viết thiếu dấu hoặc sai chữ hoa (ý bạn là '{meant}'?); "
                                   f"các cấp hành chính viết: {', '.join(LEVELS)}")
    if code is not None and parent == code:
        fields.reject("parent", f"đơn vị '{code}' không thể là cấp trên của chính nó; hãy sửa hoặc xóa dòng parent")
        parent = None
    if len(errors.items) > before or code is None or name is None or level is None:
        return None, None
    return Unit(code, name, level, parent, line_of(node), fields.flag(SAMPLE_KEY)), fields.value_node("parent")


def _code(fields: Fields, key: str, checked: bool = True) -> str | None:
    """A unit's code: text, even when it is digits (`"75"`, `"08"`), safe in an address (/don-vi/75/)."""
    node = fields.value_node(key)
    if fields.has(key) and isinstance(node, yaml.ScalarNode) and not node.style and node.tag == T + "str" \
            and re.match(r"^[0-9]+$", node.value):
        # `08`: PyYAML keeps it as text, other YAML readers make it 8; the file says what it means.
        fields.reject(key, f'cần chữ, nhưng YAML có thể hiểu đây là số \'{node.value}\' (mất số 0 ở đầu); '
                           f'nếu đúng là chữ, đặt trong ngoặc kép: "{node.value}"')
        return None
    code = fields.text(key)
    if code is not None and checked and not _CODE.match(code):
        fields.reject(key, f"mã đơn vị '{code}' không hợp lệ: chỉ gồm chữ không dấu, số và các dấu '-', '_', '.'")
        return None
    return code


def _check_cycles(units: Units, parents: Mapping[str, yaml.Node], errors: Errors) -> None:
    done: set[str] = set()
    for start in units.by_code:
        path: list[str] = []
        code: str | None = start
        while code is not None and code in units.by_code and code not in done:
            if code in path:
                ring = path[path.index(code):] + [code]
                errors.add(parents.get(code), "units.parent",
                           "các đơn vị cấp trên (parent) tạo thành vòng: " + " → ".join(ring)
                           + "; hãy sửa parent của một trong các đơn vị này")
                break
            path.append(code)
            code = units.by_code[code].parent
        done.update(path)


# ---- a report's `by_unit:` ------------------------------------------------------------------------

def read_by_unit(node: yaml.Node, errors: Errors, units: Units | None, totals: TaskCounts | None,
                 indicator_ids: tuple[str, ...], read_counts: ReadCounts) -> tuple[UnitFigures, ...]:
    """`by_unit:`: code → `tasks:` (read by `read_counts`, as the report's) and `indicators:` (id → actual)."""
    before = len(errors.items)
    if not isinstance(node, yaml.MappingNode):
        errors.add(node, "by_unit", "cần một nhóm 'mã đơn vị: số liệu', ví dụ \"75\": rồi tasks: ở dòng dưới")
        return ()
    if units is None:
        errors.add(node, "by_unit", "chưa có tệp data/units.yml khai báo các đơn vị; hãy tạo tệp đó "
                                    "(xem docs/huong-dan/du-lieu.md) hoặc xóa by_unit")
        return ()
    figures: dict[str, UnitFigures] = {}
    nodes: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        code = _key_code(key_node, errors)
        if code is None:
            continue
        if code in figures or code in nodes:
            errors.add(key_node, f"by_unit.{code}", f"đơn vị '{code}' bị lặp (đã có ở dòng {line_of(nodes[code])})")
            continue
        nodes[code] = key_node
        if units.readable and code not in units.by_code:
            errors.add(key_node, f"by_unit.{code}", f"không có đơn vị mã '{code}' trong {units.shown_as}"
                                                    f"{units.nearest(code)}")
            continue
        read = _read_figures(value_node, code, errors, indicator_ids, read_counts)
        if read is not None:
            figures[code] = read
    if len(errors.items) == before and units.readable:
        _check_sums(figures, nodes, units, totals, node, errors)
    return tuple(figures.values())


def _key_code(node: yaml.Node, errors: Errors) -> str | None:
    text = vi.nfc(str(node.value)).strip()
    if not isinstance(node, yaml.ScalarNode) or (not node.style and node.tag != T + "str") \
            or (not node.style and re.match(r"^[0-9]+$", text)):
        errors.add(node, "by_unit", f"mã đơn vị là chữ, nhưng YAML có thể hiểu đây là số '{text}'; "
                                    f'hãy đặt trong ngoặc kép: "{text}":')
        return None
    return text


def _read_figures(node: yaml.Node, code: str, errors: Errors, indicator_ids: tuple[str, ...],
                  read_counts: ReadCounts) -> UnitFigures | None:
    before = len(errors.items)
    fields = Fields(errors, node, FIGURES, f"by_unit.{code}")
    if not fields.ok:
        return None
    tasks = read_counts(given, errors) if (given := fields.given("tasks")) is not None else None
    actual: dict[str, Number] = {}
    if fields.has("indicators"):
        mapping = fields.value_node("indicators")
        if not isinstance(mapping, yaml.MappingNode):
            fields.reject("indicators", "cần một nhóm 'mã chỉ tiêu: số đạt được', ví dụ quy-trinh-nghiep-vu: 12")
        else:
            numbers = Fields(errors, mapping, indicator_ids, f"by_unit.{code}.indicators")
            actual = {id_: value for id_ in numbers.values if (value := numbers.number(id_)) is not None}
    if not fields.has("tasks") and not fields.has("indicators") and len(errors.items) == before:
        errors.add(node, f"by_unit.{code}", "chưa có số liệu; hãy ghi tasks: hoặc indicators:, hoặc xóa đơn vị này")
    if len(errors.items) > before:
        return None
    return UnitFigures(code, tasks, tuple(actual.items()))


def _check_sums(figures: dict[str, UnitFigures], nodes: dict[str, yaml.Node], units: Units,
                totals: TaskCounts | None, node: yaml.Node, errors: Errors) -> None:
    """Each unit's children given in `by_unit` add up to the unit; the top level to the report."""
    with_tasks = {code: f.tasks for code, f in figures.items() if f.tasks is not None}
    groups: dict[str | None, list[str]] = {}
    for code in with_tasks:
        parent = units.by_code[code].parent
        groups.setdefault(parent if parent in with_tasks else None, []).append(code)
    for parent, codes in groups.items():
        whole = totals if parent is None else with_tasks[parent]
        if whole is None:
            continue
        for status in STATUSES:
            expected = getattr(whole, status)
            added = sum(getattr(with_tasks[c], status) for c in codes)
            if added == expected:
                continue
            names = ", ".join(units.shown(c) for c in codes) if len(codes) <= 4 else f"{len(codes)} đơn vị"
            if parent is None:
                where, owner = node, "của kỳ báo cáo (tasks)"
                parts = f"cộng các đơn vị cấp trên cùng trong by_unit ({names})"
            else:
                where, owner = nodes[parent], f"của {units.shown(parent)}"
                parts = f"cộng các đơn vị trực thuộc ({names})"
            errors.add(where, f"by_unit.{parent}.tasks" if parent else "by_unit",
                       f"số nhiệm vụ {STATUS_WORDS[status]} ({status}) {owner} là {expected}, nhưng {parts} "
                       f"được {added}; hãy sửa cho khớp")


# ---- `traffic_lights:` ------------------------------------------------------------------------------

def read_traffic_lights(node: yaml.Node, errors: Errors) -> TrafficLights | None:
    before = len(errors.items)
    fields = Fields(errors, node, LIGHTS, "traffic_lights")
    if not fields.ok:
        return None
    default = TrafficLights()
    red = fields.number("red_overdue_share")
    yellow = fields.count("yellow_overdue")
    if red is not None and red > 100:
        fields.reject("red_overdue_share", f"ngưỡng đỏ là tỷ lệ phần trăm, không quá 100 (đang ghi {red})")
    if yellow == 0:
        fields.reject("yellow_overdue", "ngưỡng vàng phải từ 1 nhiệm vụ trở lên (0 thì mọi đơn vị đều vàng)")
    if len(errors.items) > before:
        return None
    return TrafficLights(default.red_overdue_share if red is None else red,
                         default.yellow_overdue if yellow is None else yellow)


@dataclass(frozen=True)
class Light:
    key: str        # do, vang, xanh
    label: str      # Đỏ, Vàng, Xanh
    rule: str       # "Đỏ (21% số nhiệm vụ quá hạn, trên ngưỡng 10%)": the label, then why
    share: Fraction  # overdue / assigned, in percent

    @property
    def rank(self) -> tuple[int, Fraction]:
        return (LIGHT_ORDER[self.key], -self.share)


def _shown_share(counts: TaskCounts) -> str:
    """The overdue share as the unit's table of statuses shows it (whole percents adding up to 100), so a page
    shows one figure at one precision: `21%`, never `21,3%` beside it; `dưới 1%` rather than a `0%`."""
    percent = whole_percents([counts.by_status()[status] for status in STATUSES])[STATUSES.index("overdue")]
    return "dưới 1%" if percent == 0 else vi.percent(percent)


def light(counts: TaskCounts, rules: TrafficLights = TrafficLights()) -> Light:
    """Đỏ when overdue tasks are more than `red_overdue_share`% of those assigned; else Vàng when at least
    `yellow_overdue` are overdue; else Xanh. Exact arithmetic: 10 of 100 is 10%, not over a 10% threshold, and
    the words say the comparison as it is made (`trên 10%`, `không quá 10%`, `từ 1 … trở lên`)."""
    assigned, overdue = counts.assigned, counts.overdue
    share = Fraction(overdue * 100, assigned) if assigned else Fraction(0)
    if overdue == 0:  # most units of a national site: nothing to format
        return Light(GREEN, "Xanh", "Xanh (không có nhiệm vụ quá hạn)", share)
    shown, limit = _shown_share(counts), vi.percent(rules.red_overdue_share)
    if share > Fraction(str(rules.red_overdue_share)):
        if shown == limit:
            shown = f"hơn {limit}"
        return Light(RED, "Đỏ", f"Đỏ ({shown} số nhiệm vụ quá hạn, trên ngưỡng {limit})", share)
    yellow = vi.with_unit(vi.number(rules.yellow_overdue), "nhiệm vụ")
    overdue_tasks = vi.with_unit(vi.number(overdue), "nhiệm vụ")
    if overdue >= rules.yellow_overdue:
        return Light(YELLOW, "Vàng", f"Vàng ({overdue_tasks} quá hạn, chiếm {shown} số nhiệm vụ được giao: từ "
                                     f"{yellow} trở lên và không quá {limit})", share)
    return Light(GREEN, "Xanh", f"Xanh ({overdue_tasks} quá hạn, dưới {yellow})", share)


def rules_text(rules: TrafficLights) -> str:
    """How a programme's levels are set, said as `light` compares (`trên 10%`: exactly 10% is not Đỏ)."""
    limit = vi.percent(rules.red_overdue_share)
    yellow = vi.with_unit(vi.number(rules.yellow_overdue), "nhiệm vụ")
    green = ("không có nhiệm vụ quá hạn" if rules.yellow_overdue == 1
             else f"có dưới {yellow} quá hạn và số nhiệm vụ quá hạn không quá {limit}")
    return (f"Mức cảnh báo được xác định như sau: mức Đỏ khi số nhiệm vụ quá hạn chiếm trên {limit} số nhiệm vụ "
            f"được giao; mức Vàng khi có từ {yellow} quá hạn trở lên và số nhiệm vụ quá hạn không quá {limit}; "
            f"mức Xanh khi {green}.")


def ranked(lights: Mapping[str, Light], names: Mapping[str, str]) -> list[str]:
    """Codes worst first: Đỏ, Vàng, Xanh; then the larger share of overdue tasks; then by name."""
    return sorted(lights, key=lambda code: (*lights[code].rank, vi.slug(names.get(code, code)), code))
