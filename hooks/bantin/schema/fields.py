"""Typed, strict reading of YAML nodes: each mistake becomes a DataError with its line.

A reader never raises on a bad value: it records the error and returns None, so one
run reports every mistake in a file.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

import email_validator
import phonenumbers
import yaml

from ..common.datetimes import local_datetime
from ..common.errors import DataError
from ..common.hints import Nearest, hint, suggestion
from ..common.periods import Due, Quarter
from ..common.vi import invisible, nfc, number, round_half_up
from ..common.yamlsource import line_of
from . import Entity

# An id (a programme's, an indicator's, a category's…): what its address is made of.
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ID_HINT = "chỉ gồm chữ thường không dấu, số và dấu '-', ví dụ quy-trinh-nghiep-vu"


def is_id(text: str) -> bool:
    return bool(_ID.match(text))

T = "tag:yaml.org,2002:"
_INT = re.compile(r"^(0|[1-9][0-9]*)$")
_DECIMAL = re.compile(r"^(0|[1-9][0-9]*)\.[0-9]+$")
_THOUSANDS = re.compile(r"^[1-9][0-9]{0,2}([.,][0-9]{3})+$")
_QUARTER = re.compile(r"^([0-9]{4})-[Qq]([1-4])$")
_DMY = re.compile(r"^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$")
# Quarters as offices write them in documents (`quý I/2026`, `quý 1/2026`, `I/2026`, `Q1/2026`), taken as
# `2026-Q1`; other deadlines so written (`6/2026`, `năm 2026`) get the form data files use.
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_Q = r"(?:quý|quy|q)\s*([1-4]|iv|i{1,3})"                             # Q2, quý II
_SEP = r"\s*(?:[/.-]|\s|năm)\s*"
_QUARTER_FIRST = re.compile(rf"^{_Q}{_SEP}([0-9]{{4}})$", re.I)       # Q2/2026, quý II/2026, quý 2 năm 2026
_ROMAN_FIRST = re.compile(r"^(iv|i{1,3})\s*[/.-]\s*([0-9]{4})$", re.I)  # II/2026 (2/2026 is a month)
_YEAR_FIRST = re.compile(rf"^([0-9]{{4}}){_SEP}{_Q}$", re.I)          # 2026/Q2, 2026 quý 2
_NO_SUCH_QUARTER = re.compile(r"^[0-9]{4}-[Qq][0-9]+$")              # 2026-Q5
_MONTH_YEAR = re.compile(r"^(?:tháng\s*)?([0-9]{1,2})\s*[/.-]\s*([0-9]{4})$", re.I)  # 6/2026, tháng 6/2026
_YEAR = re.compile(r"^(?:năm\s*)?([0-9]{4})$", re.I)                  # 2026, năm 2026
_TIMESTAMP = yaml.constructor.SafeConstructor()
# No office counts beyond a million billion; bigger is a typo, and Babel cannot format 30 digits.
MAX_NUMBER = 10 ** 15
MAX_DECIMALS = 6
IMAGE_TYPES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg", ".avif")


@dataclass(frozen=True)
class Phone:
    """A phone number read by `Fields.phone`."""

    text: str  # as Vietnamese numbers are written: 0251 3822 123, 1900 1234
    tel: str   # for `tel:` links: +842513822123


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


def _no_such_date(text: str) -> str:
    return f"ngày {text} không tồn tại; hãy kiểm tra lại ngày và tháng"


def impossible_date(node: yaml.Node) -> str | None:
    """What to say of a value YAML reads as a date or time (unquoted `2025-02-30`) that does not exist: no
    loader can construct it (MkDocs then publishes the whole front matter as text)."""
    if isinstance(node, yaml.ScalarNode) and node.tag == T + "timestamp" and _plain(node):
        try:
            _TIMESTAMP.construct_yaml_timestamp(node)
        except ValueError:
            return _no_such_date(node.value)
    return None


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


def _day_month_year(text: str) -> str | None:
    """The message for a date written `30/6/2026`, as in documents, or None."""
    match = _DMY.match(text)
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return f"viết ngày theo dạng năm-tháng-ngày: {dt.date(year, month, day).isoformat()}"
    except ValueError:
        return f"ngày {text} không tồn tại; hãy kiểm tra lại ngày và tháng, rồi viết dạng năm-tháng-ngày"


def _written_quarter(text: str) -> Quarter | None:
    """`2026-Q1`, or a quarter as documents write it: `quý I/2026`, `quý 1/2026`, `I/2026`, `Q1/2026`, `2026 quý 1`.
    A bare `1/2026` is a month (`_MONTH_YEAR`), as offices write months."""
    match = _QUARTER.match(text)
    if match:
        return Quarter(int(match.group(1)), int(match.group(2)))
    for pattern, year_group in ((_QUARTER_FIRST, 2), (_ROMAN_FIRST, 2), (_YEAR_FIRST, 1)):
        match = pattern.match(text)
        if match:
            written = match.group(3 - year_group)
            return Quarter(int(match.group(year_group)), _ROMAN.get(written.lower()) or int(written))
    return None


def _deadline_as_written(text: str) -> str | None:
    """The message for a deadline written as in documents (`6/2026`, `năm 2026`, `2026-Q5`), or None."""
    if _NO_SUCH_QUARTER.match(text):
        year = text[:4]
        return f"một năm chỉ có 4 quý; hãy viết {year}-Q1, {year}-Q2, {year}-Q3 hoặc {year}-Q4"
    month = _MONTH_YEAR.match(text)
    if month and 1 <= int(month.group(1)) <= 12 and int(month.group(2)) > 0:
        number_, year_number = int(month.group(1)), int(month.group(2))
        last = dt.date(year_number, number_, calendar.monthrange(year_number, number_)[1])
        return f"'{text}' chưa đúng dạng; hạn cuối tháng {number_}/{year_number} viết là {last.isoformat()}"
    whole_year = _YEAR.match(text)
    if whole_year:
        return (f"'{text}' chưa đúng dạng; hạn cuối năm {whole_year.group(1)} viết là "
                f"{whole_year.group(1)}-12-31")
    return None


class Fields:
    """The fields of one YAML mapping, read by name with a type each.

    `known`: the keys, or the entity (bantin.schema) that declares them with their names and aliases;
    `names`: the fields' Vietnamese names, as the data guide calls them, for the messages;
    `aliases`: other words editors use for a field, to suggest it when they write one.
    """

    def __init__(self, errors: Errors, node: yaml.Node, known: tuple[str, ...] | Entity, where: str = "",
                 names: Mapping[str, str] | None = None, aliases: Mapping[str, str] | None = None):
        # Whether each declared field must be written (bantin.schema), the one place that says so.
        self.declared: Mapping[str, bool] = {}
        if isinstance(known, Entity):
            self.declared = known.is_required
            names = known.names if names is None else names
            aliases = known.aliases if aliases is None else aliases
            known = known.keys
        self.errors, self.node, self.where, self.known = errors, node, where, known
        self.names = names or {}
        self.values: dict[str, yaml.Node] = {}
        self.keys: dict[str, yaml.Node] = {}
        # field meant → key as typed: a misspelt required field is one mistake, reported as the misspelling
        self.misspelt: dict[str, str] = {}
        if not isinstance(node, yaml.MappingNode):
            errors.add(node, where or None, f"cần một nhóm trường 'tên: giá trị', không phải {_what(node)}")
            return
        for key_node, value_node in node.value:
            self._read_key(key_node, value_node, known, aliases or {})

    def _read_key(self, key_node: yaml.Node, value_node: yaml.Node, known: tuple[str, ...],
                  aliases: Mapping[str, str]) -> None:
        key = nfc(str(key_node.value))
        if key in self.keys:
            self.errors.add(key_node, self._name(key), f"trường bị lặp (đã có ở dòng {line_of(self.keys[key])}); "
                                                       "hãy xóa một trong hai dòng")
        elif key in known:
            self.keys[key], self.values[key] = key_node, value_node
        else:
            # a word editors use for the field, the key typed with accents or spaces (`chủ trì`), the closest
            # spelling, or the field's Vietnamese name (`Đạt được` → `actual`, named `số đạt được`)
            meant = Nearest(known, aliases, {name: field for field, name in self.names.items()})(key)
            if meant is not None:
                self.misspelt.setdefault(meant, key)
            fix = "" if meant else "; hãy sửa tên trường, hoặc xóa dòng này (ghi chú thì đặt sau dấu #)"
            self.errors.add(key_node, self._name(key),
                            "trường không được hỗ trợ" + hint(meant) + "; các trường hợp lệ: " + ", ".join(known) + fix)

    @property
    def ok(self) -> bool:
        return isinstance(self.node, yaml.MappingNode)

    def _name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def label(self, key: str) -> str:
        """`số đạt được (actual)`: the guide's name, with the key editors find in the file."""
        return f"{self.names[key]} ({key})" if key in self.names else key

    def has(self, key: str) -> bool:
        value = self.values.get(key)
        return value is not None and not (isinstance(value, yaml.ScalarNode) and value.tag == T + "null")

    def line(self, key: str | None = None) -> int:
        node = self.keys.get(key) if key else None
        return line_of(node if node is not None else self.node)

    def value_node(self, key: str) -> yaml.Node | None:
        return self.values.get(key)

    def given(self, key: str) -> yaml.Node | None:
        """The value of a key written with a value (`has`), else None."""
        return self.values[key] if self.has(key) else None

    def required(self, key: str, given: bool | None = None, default: bool = False) -> bool:
        """Whether `key` must be written (and not left empty): as its entity declares it (bantin.schema, the one
        place that says so). A reader gives `required=True` only where another field makes a field that is
        optional in general needed (a block's type, a menu item without a category); a reader cannot make a
        declared required field optional. `default`: for a key no entity declares (a by-unit indicator id)."""
        declared = self.declared.get(key)
        if declared is None:
            return default if given is None else given
        if given is None:
            return declared
        if declared and not given:
            raise ValueError(f"{key}: declared required (bantin.schema), read as optional")
        return given

    def _get(self, key: str, required: bool) -> yaml.Node | None:
        if self.has(key):
            return self.values[key]
        if required and key not in self.misspelt:
            node = self.keys.get(key, self.node)
            self.errors.add(node, self._name(key), self._missing(key))
        return None

    def _missing(self, key: str) -> str:
        if key in self.keys:  # `key:` with nothing after it
            return "chưa có giá trị; hãy ghi giá trị sau dấu ':'"
        if key in self.names:
            return f"thiếu {self.label(key)}, là trường bắt buộc; hãy thêm dòng '{key}: …'"
        return "thiếu trường bắt buộc"

    def _bad(self, node: yaml.Node, key: str, message: str) -> None:
        self.errors.add(node, self._name(key), message)

    def reject(self, key: str, message: str) -> None:
        """A mistake in the value of `key`, found by a check across fields."""
        self._bad(self.values.get(key, self.node), key, message)

    def one_of(self, key: str, choices: tuple[str, ...], required: bool | None = None) -> str | None:
        """A word from `choices`, as written there; otherwise the nearest one is suggested."""
        required = self.required(key, required, False)
        value = self.text(key, required)
        if value is None or value in choices:
            return value
        self.reject(key, f"'{value}' không dùng được{suggestion(value, choices)}; "
                         f"{self.label(key)} là một trong: {', '.join(choices)}")
        return None

    def text(self, key: str, required: bool | None = None) -> str | None:
        required = self.required(key, required, True)
        node = self._get(key, required)
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode) or (node.tag != T + "str" and _plain(node)):
            hint = (f'; nếu đúng là chữ, đặt trong ngoặc kép: "{node.value}"' if isinstance(node, yaml.ScalarNode)
                    else "")
            self._bad(node, key, f"cần chữ, nhưng YAML hiểu đây là {_what(node)}{hint}")
            return None
        value = nfc(node.value).strip()
        if not value:
            self._bad(node, key, "không được để trống; hãy ghi nội dung" + ("" if required else " hoặc xóa cả dòng"))
            return None
        return value if self._visible(node, key, value) else None

    def _visible(self, node: yaml.Node, key: str, value: str) -> bool:
        found = invisible(value)
        if found is not None:
            self._bad(node, key, found[1])
        return found is None

    def count(self, key: str, required: bool | None = None) -> int | None:
        """A whole number ≥ 0, written as digits only."""
        required = self.required(key, required, True)
        node = self._get(key, required)
        if node is None:
            return None
        value = self._number(node, key, whole=True)
        return None if value is None else int(value)

    def number(self, key: str, required: bool | None = None) -> int | Decimal | None:
        """A number ≥ 0, whole (`176907`) or decimal with a point (`39.98`)."""
        required = self.required(key, required, True)
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
            self._bad(node, key, f"không được là số âm ({text}); hãy bỏ dấu '-' hoặc ghi lại số đúng")
        elif _INT.match(text) or _DECIMAL.match(text):
            return self._bounded(node, key, text, whole)
        elif ":" in text and node.tag == T + "int":
            self._bad(node, key, f"{text} bị YAML hiểu là số {_base60(text)} (cơ số 60); cần {kind}")
        elif re.match(r"^0[0-9]+$", text):
            self._bad(node, key, f"{text}: bỏ số 0 ở đầu (YAML hiểu số bắt đầu bằng 0 là hệ bát phân hoặc chữ)")
        elif re.match(r"^[0-9][0-9 ,._]*$", text):
            self._bad(node, key, f"{text}: viết số liền, không có dấu cách hay dấu ngăn cách")
        else:
            example = "189" if whole else "189 hoặc 39.98"
            self._bad(node, key, f"cần {kind}, nhưng YAML hiểu đây là {_what(node)}; "
                                 f"hãy viết bằng chữ số, ví dụ {example}")
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
            self._bad(node, key, f"số {text} có quá {MAX_DECIMALS} chữ số sau dấu thập phân; "
                                 f"hãy làm tròn, ví dụ {round_half_up(value, MAX_DECIMALS)}")
            return None
        return value

    def date(self, key: str, required: bool | None = None) -> dt.date | None:
        required = self.required(key, required, True)
        node = self._get(key, required)
        return None if node is None else self._date(node, key)

    def _date(self, node: yaml.Node, key: str, or_quarter: bool = False) -> dt.date | None:
        """`or_quarter`: the field also takes a quarter, which the messages then mention."""
        wanted = "một ngày (ví dụ 2026-06-30) hoặc một quý (ví dụ 2026-Q2)" if or_quarter else \
            "ngày dạng năm-tháng-ngày (ví dụ 2025-12-25)"
        if not isinstance(node, yaml.ScalarNode):
            self._bad(node, key, f"cần {wanted}, không phải {_what(node)}")
            return None
        text = node.value.strip()
        if re.match(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$", text):
            try:
                return _TIMESTAMP.construct_yaml_timestamp(yaml.ScalarNode(T + "timestamp", text))
            except ValueError:
                self._bad(node, key, _no_such_date(text))
                return None
        written = _day_month_year(text) or (_deadline_as_written(text) if or_quarter else None)
        self._bad(node, key, written or f"cần {wanted}, không phải {_what(node)}")
        return None

    def due(self, key: str, required: bool | None = None) -> Due | None:
        """A date (`2026-03-31`) or a quarter (`2026-Q1`)."""
        required = self.required(key, required, False)
        node = self._get(key, required)
        if node is None:
            return None
        quarter = _written_quarter(node.value.strip()) if isinstance(node, yaml.ScalarNode) else None
        return quarter or self._date(node, key, or_quarter=True)

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
            if not self._visible(item, key, item.value):
                continue
            parts = nfc(item.value).split(",") if item is node else [nfc(item.value)]
            values += [part.strip() for part in parts]
        return tuple(v for v in values if v)

    def phone(self, key: str, required: bool | None = None) -> Phone | None:
        """A phone number as Vietnamese numbers are written (`0251 3822 123`, `0912.345.678`, `+84 912 345 678`,
        hotlines `1900 1234`, `1800 599 920`), checked against the country's numbering plan by Google's
        libphonenumber (which knows the area codes, mobile prefixes and hotline ranges); written as digits alone
        it is read as its text, whatever YAML would make of it."""
        required = self.required(key, required, False)
        node = self._get(key, required)
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode):
            self._bad(node, key, "cần một số điện thoại, ví dụ 0251 3822 123")
            return None
        text = nfc(node.value).strip()
        if not self._visible(node, key, text):
            return None
        try:
            number = phonenumbers.parse(text, "VN")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            self._bad(node, key, f"số điện thoại '{text}' không hợp lệ; hãy ghi đủ số, kể cả mã vùng, ví dụ "
                                 "0251 3822 123 hoặc 0912 345 678")
            return None
        return Phone(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL),
                     phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))

    def email(self, key: str, required: bool | None = None) -> str | None:
        """An e-mail address, its form checked by email-validator (no look-up on the network)."""
        required = self.required(key, required, False)
        text = self.text(key, required)
        if text is None:
            return None
        try:
            return email_validator.validate_email(text, check_deliverability=False).normalized
        except email_validator.EmailNotValidError:
            self.reject(key, f"địa chỉ thư điện tử '{text}' không hợp lệ; ví dụ đúng: ubnd@dongnai.gov.vn")
            return None

    def link(self, key: str, required: bool | None = None) -> str | None:
        """An address: `https://…`, `mailto:…`, `tel:…`, or a path inside the site."""
        required = self.required(key, required, True)
        value = self.text(key, required)
        if value is None:
            return None
        # `//host/…` is another site ("protocol-relative"), not a path inside this one.
        if re.match(r"^(https?://[^\s]+|mailto:[^\s]+|tel:[0-9+ ]+|(?!//)[A-Za-z0-9._~/#?=&%-]+)$", value):
            return value
        self._bad(self.values[key], key, f"địa chỉ '{value}' không hợp lệ (cần https://… hoặc đường dẫn trong trang)")
        return None

    def image(self, key: str, known_files: set[str] | None, docs_name: str, required: bool | None = None) -> str | None:
        """A picture file inside docs/ that browsers show (`assets/anh/x.jpg`); `known_files`: the files
        in docs/, or None to skip the existence check."""
        required = self.required(key, required, False)
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

    def datetime(self, key: str, required: bool | None = None) -> dt.datetime | None:
        """`2025-12-30 08:30` (Vietnam's time) or a date alone (00:00)."""
        required = self.required(key, required, True)
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

    def items(self, key: str, required: bool | None = None) -> list[yaml.Node]:
        required = self.required(key, required, False)
        node = self._get(key, required)
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self._bad(node, key, f"cần một danh sách (mỗi mục bắt đầu bằng '- '), không phải {_what(node)}")
            return []
        return list(node.value)
