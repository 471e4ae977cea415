"""Reading `data/visits.yml` (settings) and `.bantin-state/visits.yml` (counts) strictly: the first is
hand-editable (`total_before`), and a bad number in either would show on every page. Each value is
checked on the YAML node that holds it, so an error names its line; the tree comes from PyYAML's
compose (safe, C when available).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from typing import TypeVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..common.errors import DataError
from ..common.hints import suggestion
from ..common.yamlsource import check_depth
from .clock import number
from .counting import Aggregates, DayCount
from .logs import Mark

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_COUNT = 10**15
INT, TIMESTAMP, STR, NULL = (f"tag:yaml.org,2002:{t}" for t in ("int", "timestamp", "str", "null"))
FIELDS = ("total_before", "updated", "online", "days", "pages", "logs", "log_key",
          "ingested_until", "ingested_at_that_second")  # the last two: files from before `logs`
_FINGERPRINT = re.compile(r"[0-9a-f]{20}(?:-[1-9][0-9]*)?")  # -2, -3…: other logs with the same first line
_HEX = re.compile(r"[0-9a-f]{16}")
Read = TypeVar("Read")
_constructor = yaml.constructor.SafeConstructor()


def read_aggregates(text: str, shown: str) -> Aggregates:
    return _Reader(shown).aggregates(text)


class _Reader:
    def __init__(self, shown: str):
        self.shown = shown

    def fail(self, node: Node, field: str | None, message: str) -> DataError:
        return DataError(self.shown, node.start_mark.line + 1, field, message)

    def aggregates(self, text: str) -> Aggregates:
        check_depth(text, self.shown)  # PyYAML's C composer would crash on nesting 100,000 deep
        try:
            root = yaml.compose(text, Loader=Loader)
        except yaml.YAMLError as error:
            raise self.syntax_error(error, text) from None
        if root is None:
            return Aggregates()
        fields = self.mapping(root, None)
        for name, (key, _) in fields.items():
            if name not in FIELDS:
                raise self.fail(key, name, "khóa không dùng ở đây" + suggestion(name, FIELDS[:6]))

        def value(name: str, read: Callable[[Node, str], Read], default: Read) -> Read:
            # a field left empty (`days:`) is as if not written
            node = fields.get(name, (None, None))[1]
            return default if node is None or node.tag == NULL else read(node, name)

        return Aggregates(
            total_before=value("total_before", self.count, 0), updated=value("updated", self.time, None),
            online=value("online", self.count, 0), days=value("days", self.days, {}),
            pages=Counter(value("pages", self.pages, dict[str, int]())), logs=value("logs", self.logs, {}),
            legacy_until=value("ingested_until", self.time, None), log_key=value("log_key", self.key, None))

    def syntax_error(self, error: yaml.YAMLError, text: str) -> DataError:
        if isinstance(error, yaml.MarkedYAMLError):
            mark, problem = error.problem_mark or error.context_mark, error.problem or error.context
            line = mark.line + 1 if mark else None
        else:  # a character YAML refuses: the reader knows only its position
            line = text[: getattr(error, "position", 0)].count("\n") + 1
            problem = str(error).splitlines()[0]
        return DataError(self.shown, line, None,
                         f"YAML sai cú pháp ({problem}): sửa dòng này, hoặc lấy lại bản trước của tệp (git)")

    def mapping(self, node: Node, field: str | None) -> dict[str, tuple[Node, Node]]:
        if not isinstance(node, MappingNode):
            raise self.fail(node, field, "phải là một bảng `khóa: giá trị`")
        pairs: dict[str, tuple[Node, Node]] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, ScalarNode) else "?"
            if name in pairs:
                raise self.fail(key, field, f"khóa `{name}` viết hai lần")
            pairs[name] = (key, value)
        return pairs

    def count(self, node: Node, field: str) -> int:
        try:  # construct_yaml_*, not construct_object: that one would keep every node it has seen
            value = _constructor.construct_yaml_int(node) if isinstance(node, ScalarNode) and node.tag == INT else -1
        except ValueError:  # `!!int abc`
            value = -1
        if not 0 <= value <= MAX_COUNT:
            shown = node.value if isinstance(node, ScalarNode) else "không phải một số"
            raise self.fail(node, field, f"phải là số nguyên từ 0 đến {number(MAX_COUNT)}, viết liền "
                                         f"không dấu chấm (đang là: {shown})")
        return value

    def time(self, node: Node, field: str) -> dt.datetime:
        value = None
        with contextlib.suppress(AttributeError, TypeError, ValueError):  # `!!timestamp x`, `!!str [1]`
            if node.tag == TIMESTAMP and isinstance(node, ScalarNode):
                value = _constructor.construct_yaml_timestamp(node)
            elif node.tag == STR:
                value = dt.datetime.fromisoformat(node.value)
        if not isinstance(value, dt.datetime) or value.tzinfo is None:
            raise self.fail(node, field, "phải là thời điểm có múi giờ, như 2025-12-30T16:45:00+07:00")
        return value

    def days(self, node: Node, field: str) -> dict[dt.date, DayCount]:
        days = {}
        for name, (key, value) in self.mapping(node, field).items():
            entry = self.mapping(value, f"{field}.{name}")
            extra = sorted(set(entry) - {"visits", "views"})
            if extra:
                raise self.fail(entry[extra[0]][0], f"{field}.{name}", f"khóa `{extra[0]}` không dùng ở đây "
                                                                       "(chỉ có visits và views)")
            visits, views = (self.count(entry[k][1], f"{field}.{name}.{k}") if k in entry else 0
                             for k in ("visits", "views"))
            days[self.day(key, field)] = DayCount(visits, views)
        return days

    def day(self, key: Node, field: str) -> dt.date:
        try:
            return dt.date.fromisoformat(key.value)
        except (AttributeError, TypeError, ValueError):
            raise self.fail(key, field, f"ngày phải viết như 2025-12-30 (đang là: {key.value})") from None

    def pages(self, node: Node, field: str) -> dict[str, int]:
        pages = {}
        for name, (key, value) in self.mapping(node, field).items():
            if not name.startswith("/"):
                raise self.fail(key, field, f"đường dẫn trang phải bắt đầu bằng / (đang là: {name})")
            pages[name] = self.count(value, f"{field}.{name}")
        return pages

    def logs(self, node: Node, field: str) -> dict[str, Mark]:
        logs = {}
        for name, (key, value) in self.mapping(node, field).items():
            if not _FINGERPRINT.fullmatch(name):
                raise self.fail(key, field, "mã nhận diện tệp nhật ký phải là 20 chữ số hệ 16, có thể thêm -2, -3… "
                                           f"(đang là: {name})")
            logs[name] = self.mark(value, f"{field}.{name}")
        return logs

    def mark(self, node: Node, field: str) -> Mark:
        if not isinstance(node, SequenceNode):
            return Mark(self.count(node, field))
        items = node.value
        if len(items) == 2 and items[1].tag == INT:  # of an older version: [offset, .gz size]
            return Mark(self.count(items[0], field), self.count(items[1], field))
        if len(items) not in (2, 4):
            raise self.fail(node, field, "phải là [số byte đã đọc, mã kiểm tra], hoặc thêm [cỡ tệp .gz, mã cuối tệp]")
        offset, tail = self.count(items[0], field), self.hex(items[1], field)
        if len(items) == 2:
            return Mark(offset, None, tail)
        return Mark(offset, self.count(items[2], field), tail, self.hex(items[3], field))

    def hex(self, node: Node, field: str, pattern: re.Pattern[str] = _HEX) -> str:
        if not (isinstance(node, ScalarNode) and node.tag == STR and pattern.fullmatch(node.value)):
            raise self.fail(node, field, "mã kiểm tra phải là chữ số hệ 16 (tệp do `make visits` ghi: đừng sửa tay)")
        text: str = node.value
        return text

    def key(self, node: Node, field: str) -> bytes:
        return bytes.fromhex(self.hex(node, field, re.compile(r"[0-9a-f]{64}")))
