"""The readers and the schema agree: every key a reader accepts is declared, and every declared key is read."""
import dataclasses
from collections import defaultdict

import pytest
import yaml

from bantin.common.errors import DataError
from bantin.figures import loading
from bantin.figures.loading import load_programmes
from bantin.figures.units import load_units
from bantin.figures.wording import PageWording
from bantin.news import bulletins
from bantin.portal.settings import read_portal
from bantin.schema import entity
from bantin.schema import fields as fields_module
from bantin.schema.fields import Errors
from bantin.sections.documents import read_documents
from bantin.sections.office import read_organisation, read_schedule
from bantin.sections.procedures import read_procedures, read_questions
from news_fixtures import PORTAL, front
from pdf_fixture import minimal_pdf

UNITS = """
units:
  - code: "75"
    name: Tỉnh Mẫu
    level: tỉnh
    parent:
"""
# Every part of a programme, so that every reader runs.
PROGRAMME = """
id: cds
title: Đề án
basis: Quyết định
owner: Ban Chỉ đạo
nguon: Báo cáo của Ban Chỉ đạo
wording:
  completed: Xong
traffic_lights:
  red_overdue_share: 20
  yellow_overdue: 2
task_list:
  - title: Việc một
    due: 2026-Q2
    chu_tri: Văn phòng
    done: 2025-11-01
    ngay_giao: 2025-10-01
reports:
  - as_of: 2025-12-25
    tasks:
      completed: 1
      on_schedule: 0
      overdue: 0
    indicators:
      - id: quy-trinh
        name: Quy trình
        unit: quy trình
        actual: 5
    by_unit:
      "75":
        tasks:
          completed: 1
          on_schedule: 0
          overdue: 0
        indicators:
          quy-trinh: 5
"""
READ_BY_FIELDS = ("programme", "report", "task_counts", "task", "indicator", "traffic_lights", "unit_figures",
                  "wording", "units_file", "unit", "bulletin")


class _Recorded(dict):
    """A dict that notes each key looked up in it."""

    def __init__(self, items, seen: set):
        super().__init__(items)
        self.seen = seen

    def get(self, key, default=None):
        self.seen.add(key)
        return super().get(key, default)

    def __getitem__(self, key):
        self.seen.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.seen.add(key)
        return super().__contains__(key)


@pytest.fixture
def reads(monkeypatch):
    """known keys of each `Fields` made → the keys its reader looked up."""
    seen: dict[tuple, set] = defaultdict(set)
    original = fields_module.Fields.__init__

    def recording(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.values = _Recorded(self.values, seen[tuple(self.known)])
        self.keys = _Recorded(self.keys, seen[tuple(self.known)])
    monkeypatch.setattr(fields_module.Fields, "__init__", recording)
    return seen


def test_every_reader_reads_its_entitys_keys_and_no_other(data_dir, reads):
    (data_dir / "units.yml").write_text(UNITS, encoding="utf-8")
    data_dir.write("cds.yml", PROGRAMME)
    errors: list[DataError] = []
    units = load_units(data_dir, errors=errors)
    assert len(load_programmes(data_dir, errors=errors, units=units)) == 1
    text = front(title="Tin", date="2025-12-30 08:30", category="thong-bao", programme="cds", report="2025-12-25")
    assert bulletins.read_bulletin(text, "tin-tuc/a.md", "docs/tin-tuc/a.md", PORTAL, {"cds": None},
                                   Errors("docs/tin-tuc/a.md", errors)) is not None
    assert errors == []
    declared = {name: entity(name).keys for name in READ_BY_FIELDS}
    # the by-unit figures of an indicator are read by its id, which the report declares
    accepted = {known for known in reads if known != ("quy-trinh",)}
    assert accepted == set(declared.values()), "a reader accepts keys no entity declares"
    # `template` and `description` are accepted and left to MkDocs: their reader reads nothing
    ignored = {"bulletin": {"template", "description"}}
    for name, keys in declared.items():
        assert reads[keys] >= set(keys) - ignored.get(name, set()), f"{name}: declared, never read"


def test_a_bulletins_readers_are_its_declared_keys():
    assert tuple(bulletins._READERS) == entity("bulletin").keys
    assert tuple(bulletins.FRONT_MATTER) == entity("bulletin").keys


def test_the_words_of_the_pages_are_the_declared_keys():
    assert tuple(f.name for f in dataclasses.fields(PageWording)) == entity("wording").keys


PROGRAMME_WITHOUT_BASIS = """\
title: Kế hoạch thử
reports:
  - as_of: 2025-12-25
    tasks: {completed: 1, on_schedule: 2, overdue: 3}
"""


def test_the_declaration_alone_says_a_field_is_required(monkeypatch):
    """Issue 18: each reader restated `required`; declared required in the schema, `basis` is now required with
    no change to the reader, and the message names it as the guide does."""
    def read(entity_) -> list[str]:
        monkeypatch.setattr(loading, "PROGRAMME", entity_)
        errors: list[DataError] = []
        loading.read_programme(yaml.compose(PROGRAMME_WITHOUT_BASIS), "thu", Errors("data/programmes/thu.yml", errors))
        return [str(error) for error in errors]

    declared = entity("programme")
    assert read(declared) == []
    required = dataclasses.replace(declared, fields=tuple(
        dataclasses.replace(f, required=True) if f.key == "basis" else f for f in declared.fields))
    assert read(required) == ["data/programmes/thu.yml:1: basis: thiếu căn cứ (basis), là trường bắt buộc; hãy thêm "
                              "dòng 'basis: …'"]


def test_a_reader_cannot_make_a_required_field_optional():
    fields = fields_module.Fields(Errors("data/x.yml", []), yaml.compose("id: x\n"), entity("programme"))
    with pytest.raises(ValueError, match="title: declared required"):
        fields.text("title", required=False)
    assert fields.text("basis", required=True) is None  # required here by another field: said as missing
    assert [str(e) for e in fields.errors.items] == [
        "data/x.yml:1: basis: thiếu căn cứ (basis), là trường bắt buộc; hãy thêm dòng 'basis: …'"]


# Every key of data/site.yml and of what it holds, so that every reader runs.
SITE_FULL = """\
agency:
  name: Ủy ban nhân dân phường Thử
  short_name: UBND phường Thử
  province: Tỉnh Thử
  logo: assets/logo.svg
  governing_body: Ủy ban nhân dân phường Thử
  responsible: Ông Nguyễn Văn A
  address: Số 1 đường Một
  phone: 0251 3881 234
  email: ubnd@thu.gov.vn
  working_hours: Sáng 7:00 - 11:30
  license: Giấy phép số 1/GP
  republication: Ghi rõ nguồn khi đăng lại
  share_image: assets/chia-se.png
categories:
  - id: thong-bao
    name: Thông báo
    description: Các thông báo của phường
menu:
  - text: Giới thiệu
    url: /gioi-thieu/
  - category: thong-bao
banner:
  text: Chào mừng
  url: https://example.gov.vn/
  dismissible: true
blocks:
  - type: links
    title: Liên kết
    items:
      - text: Cổng thông tin
        url: https://example.gov.vn/
        date: 2025-12-01
  - type: image
    title: Ảnh
    image: assets/anh.png
    alt: Ảnh trụ sở
    url: https://example.gov.vn/
  - type: poll
    title: Thăm dò
    question: Bạn có hài lòng?
    url: https://example.gov.vn/
    text: Mời trả lời
  - type: most_read
    title: Tin xem nhiều
    count: 5
    minh_hoa: true
quarters: I/2026
"""
READ_FROM_SITE = ("site", "agency", "menu_item", "category", "banner", "sidebar_block", "sidebar_link")


def test_the_site_settings_readers_read_their_entitys_keys_and_no_other(reads):
    errors: list[DataError] = []
    assert read_portal(yaml.compose(SITE_FULL), Errors("data/site.yml", errors)) is not None
    assert errors == []
    declared = {name: entity(name).keys for name in READ_FROM_SITE}
    assert set(reads) == set(declared.values()), "a reader accepts keys no entity declares"
    for name, keys in declared.items():
        assert reads[keys] >= set(keys), f"{name}: declared, never read"


# Every key of every section file (Nghị định 42), so that every reader runs.
SECTIONS_FULL = {
    "van_ban": """\
van_ban:
  - so_ky_hieu: 01/2025/QĐ-UBND
    ngay_ban_hanh: 2025-01-15
    loai: Quyết định
    co_quan_ban_hanh: Ủy ban nhân dân phường Thử
    trich_yeu: Ban hành quy chế làm việc
    nguoi_ky: Nguyễn Văn A
    linh_vuc: Hành chính
    hieu_luc: 2025-02-01
    het_hieu_luc: 2030-01-01
    tep: van-ban/qd.pdf
    cong_khai_ngan_sach: true
    duong_dan: qd-01-2025
    minh_hoa: true
""",
    "thu_tuc": """\
thu_tuc:
  - ten: Đăng ký khai sinh
    ma: "1.001193"
    linh_vuc: Hộ tịch
    co_quan_thuc_hien: Ủy ban nhân dân phường
    lien_ket: https://dichvucong.gov.vn/thu-tuc
    minh_hoa: true
""",
    "hoi_dap": """\
hoi_dap:
  - cau_hoi: Làm căn cước ở đâu?
    nguoi_hoi: Ông B
    ngay: 2025-03-01
    tra_loi: Tại bộ phận một cửa.
    nguoi_tra_loi: Ủy ban nhân dân phường
    ngay_tra_loi: 2025-03-05
    minh_hoa: true
gui_cau_hoi:
  email: hoidap@thu.gov.vn
  dien_thoai: 0251 3881 234
  dia_chi: Số 1 đường Một
  cong_phan_anh: https://example.gov.vn/phan-anh
""",
    "to_chuc": """\
chuc_nang: Quản lý nhà nước trên địa bàn phường
lanh_dao:
  - ho_ten: Nguyễn Văn A
    chuc_vu: Chủ tịch
    phu_trach: Phụ trách chung
    dien_thoai: 0251 3881 234
    email: chutich@thu.gov.vn
    anh: assets/a.jpg
    anh_mo_ta: Ông Nguyễn Văn A
bo_phan:
  - ten: Văn phòng
    nhiem_vu: Tham mưu tổng hợp
    dien_thoai: 0251 3881 235
    email: vanphong@thu.gov.vn
cap_nhat: 2025-01-01
minh_hoa: true
""",
    "lich": """\
tuan:
  - tu_ngay: 2025-12-01
    lich:
      - ngay: 2025-12-02
        gio: "08:00"
        noi_dung: Họp giao ban
        chu_tri: Chủ tịch
        dia_diem: Hội trường
        thanh_phan: Các bộ phận
tiep_cong_dan:
  - nguoi_tiep: Chủ tịch
    thoi_gian: Sáng thứ Năm hằng tuần
    dia_diem: Phòng tiếp công dân
    ghi_chu: Mang theo căn cước
minh_hoa: true
""",
}
READ_FROM_SECTIONS = ("documents_file", "document", "procedures_file", "procedure", "questions_file", "question",
                      "feedback_channels", "organisation", "leader", "department", "work_schedule", "week",
                      "appointment", "reception")


def test_the_sections_readers_read_their_entitys_keys_and_no_other(reads, tmp_path):
    (tmp_path / "van-ban").mkdir()
    (tmp_path / "van-ban/qd.pdf").write_bytes(minimal_pdf(["Quyet dinh"]))
    errors: list[DataError] = []

    def node(name):
        return yaml.compose(SECTIONS_FULL[name])

    assert len(read_documents(node("van_ban"), Errors("data/van-ban.yml", errors), tmp_path)) == 1
    assert len(read_procedures(node("thu_tuc"), Errors("data/thu-tuc.yml", errors))) == 1
    assert len(read_questions(node("hoi_dap"), Errors("data/hoi-dap.yml", errors))[0]) == 1
    assert read_organisation(node("to_chuc"), Errors("data/to-chuc.yml", errors)) is not None
    assert read_schedule(node("lich"), Errors("data/lich-cong-tac.yml", errors)) is not None
    assert [str(e) for e in errors] == []
    declared = {name: entity(name).keys for name in READ_FROM_SECTIONS}
    assert set(reads) == set(declared.values()), "a reader accepts keys no entity declares"
    for name, keys in declared.items():
        assert reads[keys] >= set(keys), f"{name}: declared, never read"
