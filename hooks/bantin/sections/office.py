"""The data of the office's own sections (Nghị định 42/2022/NĐ-CP, Điều 4): organisation and leaders
(data/to-chuc.yml), work and citizen-reception schedules (data/lich-cong-tac.yml), and the "Tin xem nhiều"
block from the visit counter. Their pages are in bantin.sections.office_pages.

The data files are declared in bantin.schema.sections_office and read here with the same strictness as the
rest (bantin.schema.fields): every mistake with its line, in one run.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from ..common import vi
from ..common.errors import DataError, shown_path
from ..common.yamlsource import compose
from ..schema import Entity, entity
from ..schema.fields import Errors, Fields, Phone

if TYPE_CHECKING:
    from ..build.state import SiteData

ORGANISATION_FILE, SCHEDULE_FILE = "to-chuc.yml", "lich-cong-tac.yml"
_TIME = re.compile(r"^([01]?[0-9]|2[0-3])\s*(?::|h|g|giờ)\s*([0-5][0-9])$", re.I)  # 08:00, 8h30, 14 giờ 30


@dataclass(frozen=True)
class Leader:
    name: str
    title: str
    duties: str = ""
    phone: Phone | None = None
    email: str = ""
    photo: str = ""
    photo_alt: str = ""
    line: int = 0


@dataclass(frozen=True)
class Department:
    name: str
    duties: str = ""
    phone: Phone | None = None
    email: str = ""


@dataclass(frozen=True)
class Organisation:
    functions: str = ""
    leaders: tuple[Leader, ...] = ()
    departments: tuple[Department, ...] = ()
    updated: dt.date | None = None
    sample: bool = False
    source: str = "data/" + ORGANISATION_FILE

    @property
    def has_content(self) -> bool:
        return bool(self.leaders or self.departments)

    @property
    def updated_text(self) -> str:
        return vi.date(self.updated) if self.updated else ""


@dataclass(frozen=True)
class Appointment:
    day: dt.date
    time: str  # 08:00
    content: str
    chair: str = ""
    place: str = ""
    participants: str = ""


@dataclass(frozen=True)
class Week:
    start: dt.date  # a Monday
    items: tuple[Appointment, ...]

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=6)

    @property
    def heading(self) -> str:
        return f"Tuần từ {vi.date(self.start)} đến {vi.date(self.end)}"

    @property
    def id(self) -> str:
        return f"tuan-{self.start.isoformat()}"

    def days(self) -> list[tuple[dt.date, str, list[Appointment]]]:
        """Each day with something planned, in order, named as portals name it: `Thứ hai, 7/12/2026`."""
        days: dict[dt.date, list[Appointment]] = {}
        for item in sorted(self.items, key=lambda a: (a.day, a.time)):
            days.setdefault(item.day, []).append(item)
        return [(day, f"{vi.weekday(day)}, {vi.date(day)}", items) for day, items in days.items()]


@dataclass(frozen=True)
class Reception:
    who: str
    when: str
    place: str
    note: str = ""


@dataclass(frozen=True)
class Schedule:
    weeks: tuple[Week, ...] = ()  # newest first
    receptions: tuple[Reception, ...] = ()
    sample: bool = False
    source: str = "data/" + SCHEDULE_FILE

    @property
    def has_content(self) -> bool:
        return bool(self.weeks or self.receptions)


@dataclass
class Office:
    organisation: Organisation = field(default_factory=Organisation)
    schedule: Schedule = field(default_factory=Schedule)

    def file_errors(self, known_files: set[str], docs_name: str) -> list[DataError]:
        """Leaders' photos must be files in docs/ (checked once the files are known, as the portal's)."""
        return [DataError(self.organisation.source, leader.line, "lanh_dao.anh",
                          f"không có tệp ảnh '{leader.photo}' trong {docs_name}/")
                for leader in self.organisation.leaders if leader.photo and leader.photo not in known_files]


# ---- reading --------------------------------------------------------------------------------------------

def load_office(data_dir: Path, root: Path, errors: list[DataError]) -> Office:
    """data/to-chuc.yml and data/lich-cong-tac.yml, each when there is one; mistakes go to `errors`."""
    office = Office()
    for name, read in ((ORGANISATION_FILE, read_organisation), (SCHEDULE_FILE, read_schedule)):
        path = data_dir / name
        if not path.is_file():
            continue
        shown_as = shown_path(path, root)
        try:
            node = compose(path, shown_as)
        except DataError as error:
            errors.append(error)
            continue
        if node is None:
            errors.append(DataError(shown_as, None, None, "tệp trống; hãy ghi nội dung hoặc xóa tệp"))
            continue
        value = read(node, Errors(shown_as, errors))
        if isinstance(value, Organisation):
            office.organisation = value
        elif isinstance(value, Schedule):
            office.schedule = value
    return office


def _fields(errors: Errors, node: yaml.Node, name: str, where: str = "") -> Fields:
    declared: Entity = entity(name)
    return Fields(errors, node, declared, where)


def _time(fields: Fields, key: str) -> str | None:
    """`08:00`; written `8:00`, `8h00` or `8 giờ 00` too. Read as the text typed: YAML takes `14:30` for 870."""
    if not fields.has(key):
        fields.text(key)  # reports it missing
        return None
    node = fields.value_node(key)
    match = _TIME.match(vi.nfc(str(node.value)).strip()) if isinstance(node, yaml.ScalarNode) else None
    if match is None:
        fields.reject(key, f"giờ '{node.value if isinstance(node, yaml.ScalarNode) else '…'}' chưa đúng dạng; "
                           "hãy viết giờ:phút, ví dụ 08:00 hoặc 14:30")
        return None
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def read_organisation(node: yaml.Node, errors: Errors) -> Organisation | None:
    fields = _fields(errors, node, "organisation")
    if not fields.ok:
        return None
    leaders = tuple(filter(None, (_leader(n, errors) for n in fields.items("lanh_dao"))))
    departments = tuple(filter(None, (_department(n, errors) for n in fields.items("bo_phan"))))
    return Organisation(fields.text("chuc_nang") or "", leaders, departments, fields.date("cap_nhat"),
                        fields.flag("minh_hoa"), errors.shown_as)


def _leader(node: yaml.Node, errors: Errors) -> Leader | None:
    fields = _fields(errors, node, "leader", "lanh_dao")
    if not fields.ok:
        return None
    name, title, duties = fields.text("ho_ten"), fields.text("chuc_vu"), fields.text("phu_trach") or ""
    phone, email = fields.phone("dien_thoai"), fields.email("email") or ""
    photo = fields.image("anh", None, "docs") or ""
    alt = fields.text("anh_mo_ta") or ""
    if not (name and title):
        return None
    return Leader(name, title, duties, phone, email, photo, alt or f"Ảnh {name}", fields.line("anh"))


def _department(node: yaml.Node, errors: Errors) -> Department | None:
    fields = _fields(errors, node, "department", "bo_phan")
    if not fields.ok:
        return None
    name = fields.text("ten")
    duties, phone, email = fields.text("nhiem_vu") or "", fields.phone("dien_thoai"), fields.email("email")
    return Department(name, duties, phone, email or "") if name else None


def read_schedule(node: yaml.Node, errors: Errors) -> Schedule | None:
    fields = _fields(errors, node, "work_schedule")
    if not fields.ok:
        return None
    weeks: dict[dt.date, Week] = {}
    for week_node in fields.items("tuan"):
        week = _week(week_node, errors)
        if week is None:
            continue
        if week.start in weeks:
            errors.add(week_node, "tuan.tu_ngay", f"tuần từ {vi.date(week.start)} bị lặp; hãy gộp hai tuần làm một")
            continue
        weeks[week.start] = week
    receptions = tuple(filter(None, (_reception(n, errors) for n in fields.items("tiep_cong_dan"))))
    return Schedule(tuple(weeks[start] for start in sorted(weeks, reverse=True)), receptions,
                    fields.flag("minh_hoa"), errors.shown_as)


def _week(node: yaml.Node, errors: Errors) -> Week | None:
    fields = _fields(errors, node, "week", "tuan")
    if not fields.ok:
        return None
    start = fields.date("tu_ngay")
    if start is not None and start.weekday() != 0:
        monday = start - dt.timedelta(days=start.weekday())
        fields.reject("tu_ngay", f"ngày {vi.date(start)} là {vi.lower_first(vi.weekday(start))}; tuần bắt đầu từ "
                                 f"thứ hai (ý bạn là '{monday.isoformat()}'?)")
        start = None
    items = [(_appointment(n, errors), n) for n in fields.items("lich")]
    if start is None:
        return None
    end = start + dt.timedelta(days=6)
    for item, item_node in items:
        if item is not None and not start <= item.day <= end:
            errors.add(item_node, "lich.ngay", f"ngày {vi.date(item.day)} không thuộc tuần từ {vi.date(start)} "
                                               f"đến {vi.date(end)}; hãy chuyển sang đúng tuần")
    return Week(start, tuple(item for item, _ in items if item is not None and start <= item.day <= end))


def _appointment(node: yaml.Node, errors: Errors) -> Appointment | None:
    fields = _fields(errors, node, "appointment", "lich")
    if not fields.ok:
        return None
    day, time, content = fields.date("ngay"), _time(fields, "gio"), fields.text("noi_dung")
    rest = {key: fields.text(key) or "" for key in ("chu_tri", "dia_diem", "thanh_phan")}
    if day is None or time is None or content is None:
        return None
    return Appointment(day, time, content, rest["chu_tri"], rest["dia_diem"], rest["thanh_phan"])


def _reception(node: yaml.Node, errors: Errors) -> Reception | None:
    fields = _fields(errors, node, "reception", "tiep_cong_dan")
    if not fields.ok:
        return None
    who, when, place = fields.text("nguoi_tiep"), fields.text("thoi_gian"), fields.text("dia_diem")
    note = fields.text("ghi_chu") or ""
    return Reception(who, when, place, note) if who and when and place else None


# ---- Tin xem nhiều ---------------------------------------------------------------------------------------

def most_read(site: SiteData, count: int) -> list[tuple[str, str, str]]:
    """(title, address, "1.234 lượt xem") of the `count` published bulletins most viewed by the visit counter
    (bantin.visits: views by path, with the site's folder), most first, then newest; none without views."""
    if site.news is None:
        return []
    prefix = site.site_path.rstrip("/") + "/"
    read = [(site.visits.views_of(prefix + b.url), b) for b in site.news.by_url.values()]
    read = sorted((pair for pair in read if pair[0] > 0), key=lambda pair: (-pair[0], -pair[1].date.timestamp(),
                                                                           pair[1].url))
    return [(b.title, b.url, f"{vi.number(views)} lượt xem") for views, b in read[:count]]

