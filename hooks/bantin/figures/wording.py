"""The words of the statistics pages: `data/wording.yml` for the whole site, `wording:` in a programme.

Ministries word the same figures their own way ("Đang thực hiện trong hạn", "Kế hoạch"): a page
repeats the words of the report it publishes. The same files hold the patterns of the sentence
that says the change since the previous report (PageWording, `changes`), checked as strictly: a
misspelt key gets the nearest name, a pattern only the `{…}` it may fill in; and those of the sentence that
sums up the units' levels (`33 trong số 34 tỉnh, thành phố đạt mức Xanh; 1 tỉnh ở mức Vàng`,
`ranking`). Documented in docs/huong-dan/du-lieu.md.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..common import sourcetext
from ..common.errors import DataError, shown_path
from ..common.hints import suggestion
from ..common.yamlsource import compose, line_of
from ..schema import entity
from ..schema.fields import Errors, Fields
from ..schema.figures import Wording

WORDING_FILE = "wording.yml"


@dataclass(frozen=True)
class PageWording(Wording):
    """The statuses' and columns' names (schema.figures.Wording) and the sentence patterns of the change since the
    previous report (`changes`): `So với kỳ báo cáo 30/9/2025, số nhiệm vụ được giao tăng 9 nhiệm vụ (từ 300
    lên 309); theo tình trạng: đã hoàn thành tăng 12 nhiệm vụ (từ 177 lên 189), …`. A pattern's `{ten}`,
    `{muc}`… are filled in by the build (PLACEHOLDERS)."""

    change_sentence: str = "So với kỳ báo cáo {ngay}, {noi_dung}."
    change_up: str = "{ten} tăng {muc} (từ {truoc} lên {sau})"
    change_down: str = "{ten} giảm {muc} (từ {truoc} xuống {sau})"
    change_same: str = "{ten} giữ nguyên ({sau})"
    change_points_up: str = "{ten} tăng {muc} điểm phần trăm (từ {truoc} lên {sau})"
    change_points_down: str = "{ten} giảm {muc} điểm phần trăm (từ {truoc} xuống {sau})"
    change_approx_up: str = "{ten} tăng từ {truoc} lên {sau}"
    change_approx_down: str = "{ten} giảm từ {truoc} xuống {sau}"
    change_assigned: str = "số nhiệm vụ được giao"
    change_status: str = "{tinh_trang}"
    change_by_status: str = "theo tình trạng: {noi_dung}"
    change_rate: str = "tỷ lệ hoàn thành (làm tròn đến một chữ số thập phân)"
    change_count: str = "số {chi_tieu}"
    change_percent: str = "tỷ lệ {chi_tieu}"
    change_first: str = "Kỳ báo cáo {ngay} là kỳ đầu tiên có số liệu của {don_vi}, chưa có kỳ trước để so sánh."
    # The units' levels in words (`ranking.summary`): Xanh first, then Vàng, then Đỏ, joined by `; `.
    # `2 trong số 3`, not `2/3`, which reads as a fraction (two thirds).
    lights_green: str = "{so} trong số {tong} {cap} đạt mức Xanh"
    lights_all_green: str = "cả {tong} {cap} đạt mức Xanh"
    lights_no_green: str = "chưa có {cap} nào đạt mức Xanh"
    lights_other: str = "{so} {cap} ở mức {den}"
    lights_one_green: str = "{don_vi} đạt mức Xanh"
    lights_one_other: str = "{don_vi} ở mức {den}"


def page_wording(wording: Wording) -> PageWording:
    """`wording` with the patterns: the built-in ones when it has none (a Wording made in code)."""
    if isinstance(wording, PageWording):
        return wording
    return PageWording(**{f.name: getattr(wording, f.name) for f in dataclasses.fields(Wording)})


# The keys, their names and aliases: bantin.schema.figures; the defaults: PageWording (the same keys).
WORDING = entity("wording")
WORDING_KEYS = WORDING.keys
# What each pattern may fill in, and what it must (without it the sentence would lose what it is about).
_CHANGE = ("ten", "muc", "truoc", "sau")
PLACEHOLDERS = {
    "change_sentence": (("ngay", "noi_dung"), ("noi_dung",)),
    "change_up": (_CHANGE, ("ten", "muc")), "change_down": (_CHANGE, ("ten", "muc")),
    "change_same": (("ten", "sau"), ("ten",)),
    "change_points_up": (_CHANGE, ("ten", "muc")), "change_points_down": (_CHANGE, ("ten", "muc")),
    "change_approx_up": (("ten", "truoc", "sau"), ("ten",)), "change_approx_down": (("ten", "truoc", "sau"), ("ten",)),
    "change_assigned": ((), ()), "change_status": (("tinh_trang",), ("tinh_trang",)),
    "change_by_status": (("noi_dung",), ("noi_dung",)), "change_rate": ((), ()),
    "change_count": (("chi_tieu",), ("chi_tieu",)), "change_percent": (("chi_tieu",), ("chi_tieu",)),
    "change_first": (("ngay", "don_vi"), ()),
    "lights_green": (("so", "tong", "cap"), ("so", "cap")), "lights_all_green": (("tong", "cap"), ("cap",)),
    "lights_no_green": (("cap",), ("cap",)), "lights_other": (("so", "cap", "den"), ("so", "cap", "den")),
    "lights_one_green": (("don_vi",), ("don_vi",)), "lights_one_other": (("don_vi", "den"), ("don_vi", "den")),
}
PLACEHOLDER_NAMES = {
    "ngay": "ngày của kỳ báo cáo trước", "noi_dung": "các thay đổi", "ten": "cái được so sánh",
    "muc": "mức tăng, giảm", "truoc": "số của kỳ trước", "sau": "số của kỳ này",
    "tinh_trang": "tên tình trạng", "chi_tieu": "tên chỉ tiêu", "don_vi": "tên đơn vị", "so": "số đơn vị",
    "tong": "tổng số đơn vị", "cap": "cấp của các đơn vị", "den": "mức cảnh báo",
}
_PLACEHOLDER = re.compile(r"\{\s*([^{}]*?)\s*\}")
# Statuses shown side by side: in the status table and the chart; in the list of tasks.
SIDE_BY_SIDE = (("completed", "on_schedule", "overdue"),
                ("completed_on_time", "completed_late", "on_schedule", "overdue"))

def load_site_wording(data_dir: Path, root: Path, errors: list[DataError]) -> Wording:
    """`data/wording.yml` over the built-in words; the built-in words when there is no such file.

    Mistakes go to `errors` (the site is then not built) and the built-in words stand in for the file.
    """
    path = data_dir / WORDING_FILE
    if not path.is_file():
        return PageWording()
    shown_as = shown_path(path, root)
    try:
        node = compose(path, shown_as)
    except DataError as error:
        errors.append(_unquoted_pattern(error, path) or error)
        return PageWording()
    if node is None:  # only comments: nothing changed
        return PageWording()
    return read_wording(node, Errors(shown_as, errors), PageWording(), where="") or PageWording()


def read_wording(node: yaml.Node, errors: Errors, base: Wording, where: str = "wording") -> PageWording | None:
    """`base` with the words `node` gives; None, with the mistakes in `errors`, when any is wrong."""
    count_before = len(errors.items)
    fields = Fields(errors, node, WORDING, where)
    if not fields.ok:
        return None
    given = {}
    for key in WORDING_KEYS:
        if key not in fields.keys:
            continue
        if key in PLACEHOLDERS and isinstance(fields.value_node(key), yaml.MappingNode):  # `change_same: {ten}`
            fields.reject(key, f"mẫu câu bắt đầu bằng dấu '{{' phải đặt trong ngoặc kép: {key}: "
                               f"\"{getattr(PageWording(), key)}\"")
            continue
        text = fields.text(key, required=True)  # optional, but a key written is given its words
        if text is None:  # its mistake is recorded
            continue
        given[key] = text
        if key in PLACEHOLDERS:
            _check_pattern(key, text, fields)
    if len(errors.items) > count_before:
        return None
    wording = dataclasses.replace(page_wording(base), **given)
    _check_statuses_differ(wording, fields)
    return None if len(errors.items) > count_before else wording


_PATTERN_LINE = re.compile(r"^\s*((?:change|lights)_[a-z_]+)\s*:\s*\{")


def _unquoted_pattern(error: DataError, path: Path) -> DataError | None:
    """YAML reads `change_up: {ten} tăng …` as the start of a group and then fails with a message about
    indentation: on such a line, say that the pattern needs quotes."""
    try:
        line = sourcetext.read(path, error.path).split("\n")[error.line - 1] if error.line else ""
    except (OSError, DataError, IndexError):
        return None
    match = _PATTERN_LINE.match(line)
    if not match or match.group(1) not in PLACEHOLDERS:
        return None
    key = match.group(1)
    return DataError(error.path, error.line, key, f"mẫu câu bắt đầu bằng dấu '{{' phải đặt trong ngoặc kép, ví dụ "
                                                  f"{key}: \"{getattr(PageWording(), key)}\"")


def placeholders(pattern: str) -> list[str]:
    """The names of a pattern's `{…}`, in order: `{ten} tăng {muc}` → ten, muc."""
    return _PLACEHOLDER.findall(pattern)


def fill(pattern: str, **values: str) -> str:
    """The pattern with each `{name}` replaced (a checked pattern names only what it may)."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), pattern)


def _shown(names: Iterable[str]) -> str:
    return ", ".join("{" + name + "}" for name in names)


def _check_pattern(key: str, pattern: str, fields: Fields) -> None:
    """A pattern fills in only its own `{…}`, has those it needs, and no brace without its pair."""
    allowed, needed = PLACEHOLDERS[key]
    if "{" in _PLACEHOLDER.sub("", pattern) or "}" in _PLACEHOLDER.sub("", pattern):
        fields.reject(key, f"{fields.label(key)}: dấu '{{' hoặc '}}' không thành cặp; chỗ điền số liệu viết trong "
                           f"cặp ngoặc nhọn, ví dụ {{{(allowed or ('ten',))[0]}}}")
        return
    found = placeholders(pattern)
    for name in found:
        if name not in allowed:
            usable = f"mẫu này dùng được: {_shown(allowed)}" if allowed else "mẫu này không có chỗ điền nào"
            fields.reject(key, f"{fields.label(key)}: không có chỗ điền {{{name}}}{suggestion(name, allowed)}; "
                               + usable)
            return
    missing = [name for name in needed if name not in found]
    if missing:
        what = "; ".join(f"{{{name}}} ({PLACEHOLDER_NAMES[name]})" for name in missing)
        fields.reject(key, f"{fields.label(key)} cần có {what}; ví dụ mẫu có sẵn: "
                           f"\"{getattr(PageWording(), key)}\"")


def _check_statuses_differ(wording: Wording, fields: Fields) -> None:
    """Two statuses shown side by side and called alike would make two rows of the same name."""
    reported: set[str] = set()
    for group in SIDE_BY_SIDE:
        seen: dict[str, str] = {}
        for key in group:
            label = wording.of_status(key).casefold()
            if label in seen and key in fields.keys and key not in reported:
                reported.add(key)
                fields.reject(key, f"{fields.label(key)} '{wording.of_status(key)}' trùng với "
                                   f"{fields.label(seen[label])}{_where(fields, seen[label])}; "
                                   "mỗi tình trạng cần một tên riêng")
            seen.setdefault(label, key)


def _where(fields: Fields, key: str) -> str:
    """` ở dòng 9` when the other name is in the same block (it may also be a default, or the site's)."""
    return f" ở dòng {line_of(fields.keys[key])}" if key in fields.keys else ""
