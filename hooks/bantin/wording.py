"""The words of the statistics pages: `data/wording.yml` for the whole site, `wording:` in a programme.

Ministries word the same figures their own way ("Đang thực hiện trong hạn", "Kế hoạch"): a page
repeats the words of the report it publishes. Documented in docs/huong-dan/du-lieu.md.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

import yaml

from .errors import DataError, shown_path
from .fields import Errors, Fields
from .model import Wording
from .yamlsource import compose, line_of

WORDING_FILE = "wording.yml"
WORDING_KEYS = tuple(f.name for f in dataclasses.fields(Wording))
# Statuses shown side by side: in the status table and the chart; in the list of tasks.
SIDE_BY_SIDE = (("completed", "on_schedule", "overdue"), ("completed_on_time", "completed_late", "on_schedule", "overdue"))

# What the data guide calls each key; messages name a key so, with the key in parentheses.
WORDING_NAMES = {
    "completed": "tên tình trạng đã hoàn thành", "on_schedule": "tên tình trạng theo tiến độ",
    "overdue": "tên tình trạng quá hạn", "completed_on_time": "tên tình trạng hoàn thành đúng hạn",
    "completed_late": "tên tình trạng hoàn thành trễ hạn", "assigned": "tên dòng tổng số nhiệm vụ",
    "status": "tiêu đề cột tình trạng", "count": "tiêu đề cột số nhiệm vụ", "percent": "tiêu đề cột tỷ lệ",
    "indicator": "tiêu đề cột chỉ tiêu", "actual": "tiêu đề cột đạt được", "target": "tiêu đề cột mục tiêu",
    "progress": "tiêu đề cột tiến độ", "remaining": "tiêu đề cột còn lại", "due": "tiêu đề cột thời hạn",
}
# Words the reports use for a column, which spelling alone does not lead to.
WORDING_ALIASES = {"plan": "target", "ke_hoach": "target", "result": "actual", "ket_qua": "actual",
                   "deadline": "due", "thoi_han": "due", "ty_le": "percent", "tinh_trang": "status"}


def load_site_wording(data_dir: Path, root: Path, errors: list[DataError]) -> Wording:
    """`data/wording.yml` over the built-in words; the built-in words when there is no such file.

    Mistakes go to `errors` (the site is then not built) and the built-in words stand in for the file.
    """
    path = data_dir / WORDING_FILE
    if not path.is_file():
        return Wording()
    shown_as = shown_path(path, root)
    try:
        node = compose(path, shown_as)
    except DataError as error:
        errors.append(error)
        return Wording()
    if node is None:  # only comments: nothing changed
        return Wording()
    return read_wording(node, Errors(shown_as, errors), Wording(), where="") or Wording()


def read_wording(node: yaml.Node, errors: Errors, base: Wording, where: str = "wording") -> Wording | None:
    """`base` with the words `node` gives; None, with the mistakes in `errors`, when any is wrong."""
    count_before = len(errors.items)
    fields = Fields(errors, node, WORDING_KEYS, where, WORDING_NAMES, WORDING_ALIASES)
    if not fields.ok:
        return None
    given = {key: fields.text(key) for key in WORDING_KEYS if key in fields.keys}
    if len(errors.items) > count_before:
        return None
    wording = dataclasses.replace(base, **given)
    _check_statuses_differ(wording, fields)
    return None if len(errors.items) > count_before else wording


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
