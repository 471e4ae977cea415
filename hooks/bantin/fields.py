"""Typed, strict reading of YAML nodes: each mistake becomes a DataError with its line.

A reader never raises on a bad value: it records the error and returns None, so one
run reports every mistake in a file.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

import yaml

from .datetimes import local_datetime
from .errors import DataError, suggestion
from .model import Due, Quarter
from .vi import nfc, number
from .yamlsource import line_of

T = "tag:yaml.org,2002:"
_INT = re.compile(r"^(0|[1-9][0-9]*)$")
_DECIMAL = re.compile(r"^(0|[1-9][0-9]*)\.[0-9]+$")
_THOUSANDS = re.compile(r"^[1-9][0-9]{0,2}([.,][0-9]{3})+$")
_QUARTER = re.compile(r"^([0-9]{4})-[Qq]([1-4])$")
_DMY = re.compile(r"^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$")
_TIMESTAMP = yaml.constructor.SafeConstructor()
# No office counts beyond a million billion; bigger is a typo, and Babel cannot format 30 digits.
MAX_NUMBER = 10 ** 15
MAX_DECIMALS = 6
IMAGE_TYPES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg", ".avif")


@dataclass
class Errors:
    """The errors of one file."""

    shown_as: str
    items: list[DataError]

    def add(self, node: yaml.Node | None, field: str | None, message: str) -> None:
        line = line_of(node) if node is not None else None
        self.items.append(DataError(self.shown_as, line, field, message))


def _plain(node: yaml.ScalarNode) -> bool:
    """Unquoted; the C loader says '' where the Python one says None."""
    return not node.style


def _what(node: yaml.Node) -> str:
    """How YAML understood a scalar the editor typed, for the error message."""
    kinds = {T + "bool": "giá trị đúng/sai", T + "null": "giá trị rỗng", T + "float": "số thập phân",
             T + "int": "số", T + "timestamp": "ngày", T + "str": "chữ"}
    if not isinstance(node, yaml.ScalarNode):
        return "một danh sách" if isinstance(node, yaml.SequenceNode) else "một nhóm trường"
    return f"{kinds.get(node.tag, 'giá trị')} '{node.value}'"


def _base60(text: str) -> int:
    value = 0
    for part in text.split(":"):
        value = value * 60 + int(part)
    return value


class Fields:
    """The fields of one YAML mapping, read by name with a type each."""

    def __init__(self, errors: Errors, node: yaml.Node, known: tuple[str, ...], where: str = ""):
        self.errors, self.node, self.where = errors, node, where
        self.values: dict[str, yaml.Node] = {}
        self.keys: dict[str, yaml.Node] = {}
        if not isinstance(node, yaml.MappingNode):
            errors.add(node, where or None, f"cần một nhóm trường 'tên: giá trị', không phải {_what(node)}")
            return
        for key_node, value_node in node.value:
            key = nfc(str(key_node.value))
            if key in self.keys:
                errors.add(key_node, self._name(key),
                           f"trường bị lặp (đã có ở dòng {line_of(self.keys[key])})")
                continue
            if key not in known:
                errors.add(key_node, self._name(key),
                           "trường không được hỗ trợ" + suggestion(key, known)
                           + "; các trường hợp lệ: " + ", ".join(known))
                continue
            self.keys[key], self.values[key] = key_node, value_node

    @property
    def ok(self) -> bool:
        return isinstance(self.node, yaml.MappingNode)

    def _name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def has(self, key: str) -> bool:
        value = self.values.get(key)
        return value is not None and not (isinstance(value, yaml.ScalarNode) and value.tag == T + "null")

    def line(self, key: str | None = None) -> int:
        node = self.keys.get(key) if key else None
        return line_of(node if node is not None else self.node)

    def value_node(self, key: str) -> yaml.Node | None:
        return self.values.get(key)

    def _get(self, key: str, required: bool) -> yaml.Node | None:
        if self.has(key):
            return self.values[key]
        if required:
            node = self.keys.get(key, self.node)
            self.errors.add(node, self._name(key), "thiếu trường bắt buộc")
        return None

    def _bad(self, node: yaml.Node, key: str, message: str) -> None:
        self.errors.add(node, self._name(key), message)

    def text(self, key: str, required: bool = True) -> str | None:
        node = self._get(key, required)
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode) or (node.tag != T + "str" and _plain(node)):
            hint = f'; nếu đúng là chữ, đặt trong ngoặc kép: "{node.value}"' if isinstance(node, yaml.ScalarNode) else ""
            self._bad(node, key, f"cần chữ, nhưng YAML hiểu đây là {_what(node)}{hint}")
            return None
        value = nfc(node.value).strip()
        if not value:
            self._bad(node, key, "không được để trống")
            return None
        return value

    def count(self, key: str, required: bool = True) -> int | None:
        """A whole number ≥ 0, written as digits only."""
        node = self._get(key, required)
        if node is None:
            return None
        value = self._number(node, key, whole=True)
        return None if value is None else int(value)

    def number(self, key: str, required: bool = True) -> int | Decimal | None:
        """A number ≥ 0, whole (`176907`) or decimal with a point (`39.98`)."""
        node = self._get(key, required)
        return None if node is None else self._number(node, key, whole=False)

    def _number(self, node: yaml.Node, key: str, whole: bool) -> int | Decimal | None:
        kind = "số nguyên" if whole else "số"
        if not isinstance(node, yaml.ScalarNode):
            self._bad(node, key, f"cần {kind}, không phải {_what(node)}")
            return None
        text = node.value.strip()
        if not _plain(node):
            self._bad(node, key, f"cần {kind}: bỏ dấu ngoặc kép quanh {text}")
        elif _THOUSANDS.match(text):
            plain = re.sub(r"[.,]", "", text)
            read_as = "bị YAML hiểu là số thập phân" if "." in text else "không phải số"
            self._bad(node, key, f"{text} {read_as}; nếu là {plain}, viết {plain} "
                                 "(không dùng dấu ngăn cách hàng nghìn)")
        elif text.startswith("-"):
            self._bad(node, key, f"không được là số âm ({text})")
        elif _INT.match(text) or _DECIMAL.match(text):
            return self._bounded(node, key, text, whole)
        elif ":" in text and node.tag == T + "int":
            self._bad(node, key, f"{text} bị YAML hiểu là số {_base60(text)} (cơ số 60); cần {kind}")
        elif re.match(r"^0[0-9]+$", text):
            self._bad(node, key, f"{text}: bỏ số 0 ở đầu (YAML hiểu số bắt đầu bằng 0 là hệ bát phân hoặc chữ)")
        elif re.match(r"^[0-9][0-9 ,._]*$", text):
            self._bad(node, key, f"{text}: viết số liền, không có dấu cách hay dấu ngăn cách")
        else:
            self._bad(node, key, f"cần {kind}, nhưng YAML hiểu đây là {_what(node)}")
        return None

    def _bounded(self, node: yaml.Node, key: str, text: str, whole: bool) -> int | Decimal | None:
        if "." in text and whole:
            self._bad(node, key, f"cần số nguyên, không phải {text}")
            return None
        value = Decimal(text) if "." in text else int(text)
        if value > MAX_NUMBER:
            self._bad(node, key, f"số {text[:20]}{'…' if len(text) > 20 else ''} quá lớn "
                                 f"(tối đa {number(MAX_NUMBER)}); hãy kiểm tra lại")
            return None
        if "." in text and len(text.split(".")[1]) > MAX_DECIMALS:
            self._bad(node, key, f"số {text} có quá {MAX_DECIMALS} chữ số sau dấu thập phân")
            return None
        return value

    def date(self, key: str, required: bool = True) -> dt.date | None:
        node = self._get(key, required)
        return None if node is None else self._date(node, key)

    def _date(self, node: yaml.Node, key: str) -> dt.date | None:
        if not isinstance(node, yaml.ScalarNode):
            self._bad(node, key, f"cần ngày dạng năm-tháng-ngày, không phải {_what(node)}")
            return None
        text = node.value.strip()
        if re.match(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$", text):
            try:
                return _TIMESTAMP.construct_yaml_timestamp(yaml.ScalarNode(T + "timestamp", text))
            except ValueError:
                self._bad(node, key, f"ngày {text} không tồn tại")
                return None
        dmy = _DMY.match(text)
        if dmy:
            day, month, year = dmy.groups()
            self._bad(node, key, f"viết ngày theo dạng năm-tháng-ngày: {year}-{int(month):02d}-{int(day):02d}")
        else:
            self._bad(node, key, f"cần ngày dạng năm-tháng-ngày (ví dụ 2025-12-25), không phải {_what(node)}")
        return None

    def due(self, key: str, required: bool = False) -> Due | None:
        """A date (`2026-03-31`) or a quarter (`2026-Q1`)."""
        node = self._get(key, required)
        if node is None:
            return None
        quarter = _QUARTER.match(node.value.strip()) if isinstance(node, yaml.ScalarNode) else None
        if quarter:
            return Quarter(int(quarter.group(1)), int(quarter.group(2)))
        return self._date(node, key)

    def flag(self, key: str) -> bool:
        """`true` / `false`; absent is false."""
        node = self._get(key, False)
        if node is None:
            return False
        if isinstance(node, yaml.ScalarNode) and node.tag == T + "bool" and _plain(node):
            return node.value.lower() in ("true", "yes", "on", "y")
        self._bad(node, key, f"cần true hoặc false, không phải {_what(node)}")
        return False

    def texts(self, key: str) -> tuple[str, ...]:
        """A list of short texts: `[a, b]`, one per line with '- ', or `a, b`."""
        node = self._get(key, False)
        if node is None:
            return ()
        nodes = node.value if isinstance(node, yaml.SequenceNode) else [node]
        values = []
        for item in nodes:
            if not isinstance(item, yaml.ScalarNode) or (item.tag != T + "str" and _plain(item)):
                self._bad(item, key, f"cần chữ, nhưng YAML hiểu đây là {_what(item)}")
                continue
            # `tags: a, b` written without brackets still means two tags
            parts = nfc(item.value).split(",") if item is node else [nfc(item.value)]
            values += [part.strip() for part in parts]
        return tuple(v for v in values if v)

    def link(self, key: str, required: bool = True) -> str | None:
        """An address: `https://…`, `mailto:…`, `tel:…`, or a path inside the site."""
        value = self.text(key, required)
        if value is None:
            return None
        # `//host/…` is another site ("protocol-relative"), not a path inside this one.
        if re.match(r"^(https?://[^\s]+|mailto:[^\s]+|tel:[0-9+ ]+|(?!//)[A-Za-z0-9._~/#?=&%-]+)$", value):
            return value
        self._bad(self.values[key], key, f"địa chỉ '{value}' không hợp lệ (cần https://… hoặc đường dẫn trong trang)")
        return None

    def image(self, key: str, known_files: set[str] | None, docs_name: str, required: bool = False) -> str | None:
        """A picture file inside docs/ that browsers show (`assets/anh/x.jpg`); `known_files`: the files
        in docs/, or None to skip the existence check."""
        value = self.text(key, required)
        if value is None:
            return None
        node = self.values[key]
        if "://" in value or value.startswith("//"):
            self._bad(node, key, f"ảnh phải là tệp trong {docs_name}/, không lấy từ trang khác "
                                 "(người đọc không tải gì từ máy chủ khác)")
        elif not value.lower().endswith(IMAGE_TYPES):
            self._bad(node, key, f"'{value}' không phải tệp ảnh; dùng ảnh "
                                 + ", ".join(t.lstrip(".") for t in IMAGE_TYPES))
        elif known_files is not None and value not in known_files:
            self._bad(node, key, f"không có tệp ảnh '{value}' trong {docs_name}/")
        else:
            return value
        return None

    def datetime(self, key: str, required: bool = True):
        """`2025-12-30 08:30` (Vietnam's time) or a date alone (00:00)."""
        node = self._get(key, required)
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode):
            self._bad(node, key, f"cần ngày giờ dạng 2025-12-30 08:30, không phải {_what(node)}")
            return None
        try:
            return local_datetime(node.value)
        except ValueError as error:
            self._bad(node, key, str(error))
            return None

    def items(self, key: str, required: bool = False) -> list[yaml.Node]:
        node = self._get(key, required)
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self._bad(node, key, f"cần một danh sách (mỗi mục bắt đầu bằng '- '), không phải {_what(node)}")
            return []
        return list(node.value)
