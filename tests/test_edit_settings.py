"""`make edit`'s "Cài đặt": forms drawn from the schema's declarations (data/site.yml's, and an entity a test
declares), saved with the smallest change to the file and checked by the build's own readers first."""
import re
from html import unescape

import pytest
from flask import g

from bantin.edit.app import create_app
from bantin.edit.documents import file_id
from bantin.edit.users import EDITOR, User
from bantin.schema import ENTITIES, Entity, Field
from bantin.schema.fields import ID_HINT
from sitebuild import bulletin_text, small_project
from test_edit import BASE, PORT, assert_valid_html, committed, form_of, git, log, status, token

SITE = """\
# Cài đặt thử nghiệm: ghi chú đầu tệp
agency:
  name: Ủy ban nhân dân xã Thử Nghiệm
  short_name: "UBND xã Thử Nghiệm"   # ghi chú cuối dòng
  province: Tỉnh Thử Nghiệm
  email: ubnd@xa.example.gov.vn

menu:
  - text: Giới thiệu
    url: gioi-thieu/
  # chuyên mục thông báo
  - category: thong-bao

categories:
  - id: thong-bao
    name: Thông báo
  - id: tin-tuc
    name: Tin tức   # chưa có bản tin

blocks:
  - type: links
    title: Liên kết
    items:
      - text: Cổng Dịch vụ công quốc gia
        url: https://dichvucong.gov.vn/
"""
PATH = "data/site.yml"
KEY = file_id(PATH)
ROOT = f"/cai-dat/cai-dat-trang/{KEY}"
AGENCY = f"{ROOT}/thong-tin-co-quan"
MENU = f"{ROOT}/trinh-don"
CATEGORIES = f"{ROOT}/chuyen-muc"
BLOCKS = f"{ROOT}/khoi-ben"


@pytest.fixture
def project(tmp_path):
    project = small_project(tmp_path / "p", {"hop.md": bulletin_text("Họp dân", "2026-03-02 08:00")})
    (project / PATH).write_text(SITE, encoding="utf-8")
    return committed(project)


@pytest.fixture
def client(project):
    return create_app(project, PORT).test_client()


def post(client, url, changes, drop=()):
    values = form_of(client, url)
    values.update(changes)
    for name in drop:
        values.pop(name, None)
    return client.post(url, base_url=BASE, data=values)


def beside(page: str, name: str) -> str:
    found = re.search(rf'<p class="error" id="error-{re.escape(name)}">(.*?)</p>', page, re.S)
    return unescape(found.group(1)) if found else ""


def diff(project) -> list[str]:
    """The changed lines of the last commit."""
    out = git(project, "show", "--format=", "--unified=0", "HEAD")
    return [line for line in out.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def labels(page: str) -> list[str]:
    return [unescape(re.sub(r"<[^>]+>", "", label)) for label in re.findall(r"<label for=[^>]*>(.*?)</label>", page)]


def test_the_settings_list_every_part_of_the_site_file(client):
    page = client.get("/cai-dat/", base_url=BASE).text
    parts = re.findall(rf'<a href="{ROOT}/([^"]+)">([^<]+)</a>', page)
    assert parts == [("thong-tin-co-quan", "Thông tin cơ quan"), ("chuyen-muc", "Chuyên mục"),
                     ("trinh-don", "Trình đơn"), ("bang-ron-dau-trang", "Băng-rôn đầu trang"),
                     ("khoi-ben", "Khối bên"), ("chung", "Cài đặt chung")]
    assert f'<a href="/cai-dat/lich-su/{KEY}">Lịch sử sửa đổi' in page


def test_the_agency_form_has_the_declared_labels_help_and_values(client):
    page = client.get(AGENCY, base_url=BASE).text
    assert labels(page) == ["Tên cơ quan (bắt buộc)", "Tên viết tắt", "Tỉnh, thành phố", "Biểu trưng",
                            "Cơ quan chủ quản", "Người chịu trách nhiệm", "Địa chỉ", "Điện thoại", "Thư điện tử",
                            "Giờ làm việc", "Giấy phép", "Ghi chú khi phát hành lại", "Ảnh chia sẻ"]
    assert '<p class="help" id="help-agency.province">tên phường, xã chưa đủ để phân biệt: ghi kèm tỉnh</p>' in page
    assert ('<input id="f-agency.governing_body" name="agency.governing_body" value="" type="text" '
            'autocomplete="off">') in page
    assert ('<input id="f-agency.short_name" name="agency.short_name" value="UBND xã Thử Nghiệm" '
            'aria-describedby="help-agency.short_name" type="text" autocomplete="off">') in page
    assert '<input id="f-agency.phone" name="agency.phone" value="" type="tel" autocomplete="off">' in page
    assert '<textarea id="f-agency.republication" name="agency.republication" aria-describedby=' in page
    # a picture is chosen among the files under docs/
    logo = re.search(r'<select id="f-agency.logo".*?</select>', page, re.S).group(0)
    assert '<option value="">(không chọn)</option>' in logo and 'assets/' in logo and ".md" not in logo


def test_a_phone_number_added_is_one_line_in_one_commit(client, project):
    before = log(project)
    answer = post(client, AGENCY, {"agency.phone": "0251 3881 234"})
    assert answer.status_code == 302
    assert diff(project) == ["+  phone: 0251 3881 234"]
    assert (project / PATH).read_text(encoding="utf-8") == SITE.replace(
        "  email: ubnd@xa.example.gov.vn\n", "  email: ubnd@xa.example.gov.vn\n  phone: 0251 3881 234\n")
    assert log(project).splitlines()[1:] == before.splitlines()
    assert git(project, "log", "-1", "--format=%an <%ae>|%s", "--name-only").split("\n")[:3] == [
        "Nguyễn Thị Lan <lan@phuong.gov.vn>|Sửa thông tin cơ quan: data/site.yml", "", PATH]
    assert status(project) == ""
    page = client.get(AGENCY, base_url=BASE).text
    assert "Đã lưu thông tin cơ quan (data/site.yml)." in page
    assert 'name="agency.phone" value="0251 3881 234"' in page


def test_a_value_changed_in_place_keeps_quotes_comment_and_line_ends(client, project):
    (project / PATH).write_bytes(SITE.replace("\n", "\r\n").encode("utf-8"))
    git(project, "commit", "-qam", "CRLF")
    assert post(client, AGENCY, {"agency.short_name": "UBND xã Mới",
                                 "agency.phone": "0251.3881234"}).status_code == 302
    assert diff(project) == ['-  short_name: "UBND xã Thử Nghiệm"   # ghi chú cuối dòng',
                             '+  short_name: "UBND xã Mới"   # ghi chú cuối dòng',
                             "+  phone: '0251.3881234'"]  # quoted: unquoted YAML reads a number
    written = (project / PATH).read_bytes()
    assert written.count(b"\r\n") == written.count(b"\n") == SITE.count("\n") + 1


def test_a_required_value_cleared_is_refused_beside_its_field(client, project):
    before = (project / PATH).read_bytes()
    answer = post(client, AGENCY, {"agency.name": ""})
    assert answer.status_code == 422
    assert beside(answer.text, "agency.name") == "thiếu trường bắt buộc"
    assert "Chưa lưu vì có 1 lỗi; sửa các ô có đánh dấu rồi bấm Lưu." in answer.text
    assert (project / PATH).read_bytes() == before and status(project) == ""


def test_a_wrong_category_id_is_the_readers_message_beside_the_cell(client, project):
    answer = post(client, CATEGORIES, {"categories.1.id": "Tin Tức"})
    assert answer.status_code == 422
    assert beside(answer.text, "categories.1.id") == f"mã 'Tin Tức' không hợp lệ: {ID_HINT}"
    assert status(project) == ""


def test_a_menu_item_is_added_moved_and_saved_without_javascript(client, project):
    values = form_of(client, MENU)
    page = client.post(MENU, base_url=BASE, data={**values, "thao_tac": "them:menu"})
    assert page.status_code == 200 and status(project) == ""  # a row button writes nothing
    assert 'name="menu.2._nguon" value=""' in page.text
    assert '<label class="visually-hidden" for="f-menu.2.text">Chữ hiện trên trình đơn, dòng 3</label>' in page.text
    values = form_of(client, MENU) | {"menu.2._nguon": "", "menu.2.text": "Hỏi đáp", "menu.2.url": "hoi-dap/",
                                      "menu.2.category": ""}
    page = client.post(MENU, base_url=BASE, data={**values, "thao_tac": "len:menu.2"})
    assert re.findall(r'name="menu\.(\d)\._nguon" value="(\d?)"', page.text) == [("0", "0"), ("1", ""), ("2", "1")]
    moved = {**values, "menu.1._nguon": "", "menu.1.text": "Hỏi đáp", "menu.1.url": "hoi-dap/", "menu.1.category": "",
             "menu.2._nguon": "1", "menu.2.text": "", "menu.2.url": "", "menu.2.category": "thong-bao"}
    assert client.post(MENU, base_url=BASE, data=moved).status_code == 302
    # ruamel.yaml keeps a comment with the row above it: it stays where it was, above the new row
    assert (project / PATH).read_text(encoding="utf-8") == SITE.replace(
        "  # chuyên mục thông báo\n", "  # chuyên mục thông báo\n  - text: Hỏi đáp\n    url: hoi-dap/\n")
    assert git(project, "log", "-1", "--format=%s").strip() == "Sửa trình đơn: data/site.yml"


def test_a_row_removed_keeps_the_comments_of_the_others(client, project):
    values = form_of(client, MENU)
    values = {k: v for k, v in values.items() if not k.startswith("menu.1.")}
    assert client.post(MENU, base_url=BASE, data=values).status_code == 302
    assert diff(project) == ["-  # chuyên mục thông báo", "-  - category: thong-bao"]  # its comment with it


def test_a_category_a_bulletin_uses_cannot_be_removed(client, project):
    """The whole project must still check: the bulletin's mistake is listed, nothing is written."""
    values = {k: v for k, v in form_of(client, MENU).items() if not k.startswith("menu.1.")}
    client.post(MENU, base_url=BASE, data=values)
    history = log(project)
    answer = post(client, CATEGORIES, {}, drop=("categories.0._nguon", "categories.0.id", "categories.0.name",
                                                "categories.0.description"))
    assert answer.status_code == 422
    listed = re.findall(r"<li>(docs/[^<]*)</li>", unescape(answer.text))
    assert len(listed) == 1 and listed[0] == ("docs/tin-tuc/hop.md:4: category: chuyên mục 'thong-bao' không có trong "
                                          "data/site.yml; có: tin-tuc")
    assert log(project) == history and status(project) == ""


def test_a_link_is_added_to_a_sidebar_block(client, project):
    values = form_of(client, BLOCKS)
    page = client.post(BLOCKS, base_url=BASE, data={**values, "thao_tac": "them:blocks.0.items"}).text
    assert '<legend>Khối bên 1: Liên kết</legend>' in page
    assert 'name="blocks.0.items.1._nguon" value=""' in page
    values |= {"blocks.0.items.1._nguon": "", "blocks.0.items.1.text": "Dịch vụ công tỉnh",
               "blocks.0.items.1.url": "https://dichvucong.example.gov.vn/", "blocks.0.items.1.date": ""}
    assert client.post(BLOCKS, base_url=BASE, data=values).status_code == 302
    assert diff(project) == ["+      - text: Dịch vụ công tỉnh", "+        url: https://dichvucong.example.gov.vn/"]


def test_a_file_changed_since_the_form_was_opened_is_a_conflict(client, project):
    values = form_of(client, AGENCY) | {"agency.phone": "0251 3881 234"}
    (project / PATH).write_text(SITE.replace("Tỉnh Thử Nghiệm", "Tỉnh Khác"), encoding="utf-8")
    answer = client.post(AGENCY, base_url=BASE, data=values)
    assert answer.status_code == 409
    assert ("Tệp data/site.yml đã được sửa ở nơi khác từ lúc quý vị mở trang này; những gì quý vị vừa ghi chưa "
            "được lưu.") in unescape(answer.text)
    assert "phone" not in (project / PATH).read_text(encoding="utf-8")


def test_settings_need_the_settings_right(project):
    app = create_app(project, PORT)

    @app.before_request
    def an_editor():
        g.user = User("bien-tap", "Lê Văn Tư", "tu@phuong.gov.vn", EDITOR)
    answer = app.test_client().get(AGENCY, base_url=BASE)
    assert answer.status_code == 403
    assert "Trang cài đặt chỉ dành cho người quản trị; hãy nhờ người quản trị sửa." in answer.text


def test_a_programmes_history_needs_the_right_to_write_only(project):
    from bantin.edit.figures import programme_files

    app = create_app(project, PORT)

    @app.before_request
    def an_editor():
        g.user = User("bien-tap", "Lê Văn Tư", "tu@phuong.gov.vn", EDITOR)
    client = app.test_client()
    programme = next(iter(programme_files(project)))
    assert client.get(f"/cai-dat/lich-su/{programme}", base_url=BASE).status_code == 200
    assert client.get(f"/cai-dat/lich-su/{KEY}", base_url=BASE).status_code == 403


def test_history_and_undo_of_the_site_file(client, project):
    post(client, AGENCY, {"agency.phone": "0251 3881 234"})
    page = client.get(f"/cai-dat/lich-su/{KEY}", base_url=BASE).text
    assert "Sửa thông tin cơ quan: data/site.yml" in page and "Khởi tạo" in page
    sha = git(project, "log", "-1", "--format=%H").strip()
    answer = client.post(f"/cai-dat/lich-su/{KEY}/hoan-tac", base_url=BASE,
                         data={"csrf_token": token(client, f"/cai-dat/lich-su/{KEY}"), "commit": sha})
    assert answer.status_code == 302
    assert (project / PATH).read_text(encoding="utf-8") == SITE
    assert git(project, "log", "-1", "--format=%s").strip() == "Hoàn tác: Sửa thông tin cơ quan: data/site.yml"


LEDGER = """\
# Sổ thử nghiệm của một mục khai báo trong bài kiểm tra
title: Sổ tiếp dân
count: 3      # số buổi
open: true
kind: thuong-xuyen
days: [Thứ hai, Thứ năm]
rows:
  - name: Buổi sáng
    date: 2026-03-02
"""
LEDGER_ENTITY = Entity("test_ledger", "Sổ tiếp dân", (
    Field("title", "Tên sổ", required=True),
    Field("count", "Số buổi", kind="int", help="mỗi tháng"),
    Field("open", "Đang mở", kind="flag"),
    Field("kind", "Loại", kind="choice", choices=("thuong-xuyen", "dot-xuat")),
    Field("days", "Các ngày", kind="tags"),
    Field("rows", "Các buổi", kind="items", entity="test_ledger_row"),
), where="data/so-tiep-dan.yml")
LEDGER_ROW = Entity("test_ledger_row", "Buổi", (Field("name", "Tên buổi"), Field("date", "Ngày", kind="date")))


def test_an_entity_declared_later_gets_its_form(project, monkeypatch):
    """A section another engineer declares has its list and form with no form written for it."""
    monkeypatch.setitem(ENTITIES, "test_ledger", LEDGER_ENTITY)
    monkeypatch.setitem(ENTITIES, "test_ledger_row", LEDGER_ROW)
    (project / "data/so-tiep-dan.yml").write_text(LEDGER, encoding="utf-8")
    git(project, "add", ".")
    git(project, "commit", "-qm", "Sổ")
    client = create_app(project, PORT).test_client()
    key = file_id("data/so-tiep-dan.yml")
    listed = client.get("/cai-dat/", base_url=BASE).text
    assert f'<a href="/cai-dat/so-tiep-dan/{key}/cac-buoi">Các buổi</a>' in listed
    url = f"/cai-dat/so-tiep-dan/{key}/chung"
    page = client.get(url, base_url=BASE).text
    assert labels(page) == ["Tên sổ (bắt buộc)", "Số buổi", "Đang mở", "Loại", "Các ngày"]
    assert '<input type="checkbox" id="f-open" name="open" value="true" checked>' in page
    assert 'name="count" value="3" aria-describedby="help-count" type="text" inputmode="numeric"' in page
    assert '<option value="thuong-xuyen" selected>thuong-xuyen</option>' in page
    assert 'name="days" value="Thứ hai, Thứ năm"' in page
    assert post(client, url, {"count": "4", "open": "", "days": "Thứ hai"}).status_code == 302
    assert diff(project) == ["-count: 3      # số buổi", "-open: true", "+count: 4      # số buổi", "+open: false",
                             "-days: [Thứ hai, Thứ năm]", '+days: ["Thứ hai"]']
    rows = f"/cai-dat/so-tiep-dan/{key}/cac-buoi"
    page = client.get(rows, base_url=BASE).text
    assert '<input id="f-rows.0.date" name="rows.0.date" value="2026-03-02" type="date"' in page
    values = form_of(client, rows) | {"rows.1._nguon": "", "rows.1.name": "Buổi chiều", "rows.1.date": "2026-03-05"}
    assert client.post(rows, base_url=BASE, data=values).status_code == 302
    assert diff(project) == ["+  - name: Buổi chiều", "+    date: 2026-03-05"]


def test_the_settings_pages_are_valid_html(client, project, tmp_path):
    wrong = form_of(client, CATEGORIES) | {"categories.1.id": "Tin Tức"}
    pages = {"list": client.get("/cai-dat/", base_url=BASE).text,
             "agency": client.get(AGENCY, base_url=BASE).text,
             "menu": client.get(MENU, base_url=BASE).text,
             "blocks": client.get(BLOCKS, base_url=BASE).text,
             "banner": client.get(f"{ROOT}/bang-ron-dau-trang", base_url=BASE).text,
             "general": client.get(f"{ROOT}/chung", base_url=BASE).text,
             "errors": client.post(CATEGORIES, base_url=BASE, data=wrong).text,
             "history": client.get(f"/cai-dat/lich-su/{KEY}", base_url=BASE).text}
    assert_valid_html(pages, "agency", tmp_path / "pages")


ROSTER = """\
# Lịch trực: mỗi ca một mục
ca:
  - ten: Sáng
    gio:
      bat_dau: "07:30"
      ket_thuc: "11:00"   # giờ nghỉ trưa
"""
ROSTER_ENTITY = Entity("test_roster", "Lịch trực", (Field("ca", "Các ca", kind="items", entity="test_shift"),),
                       where="data/lich-truc.yml")
SHIFT = Entity("test_shift", "Ca", (Field("ten", "Tên ca"), Field("gio", "Giờ", kind="group", entity="test_hours")),
               title_field="ten")
HOURS = Entity("test_hours", "Giờ", (Field("bat_dau", "Bắt đầu"), Field("ket_thuc", "Kết thúc")))


def test_a_group_inside_a_row_is_a_fieldset_edited_in_place(project, monkeypatch):
    for entity in (ROSTER_ENTITY, SHIFT, HOURS):
        monkeypatch.setitem(ENTITIES, entity.name, entity)
    (project / "data/lich-truc.yml").write_text(ROSTER, encoding="utf-8")
    git(project, "add", ".")
    git(project, "commit", "-qm", "Lịch trực")
    client = create_app(project, PORT).test_client()
    url = f"/cai-dat/lich-truc/{file_id('data/lich-truc.yml')}/cac-ca"
    page = client.get(url, base_url=BASE).text
    assert re.findall(r"<legend>([^<]*)</legend>", page) == ["Các ca", "Ca 1: Sáng", "Giờ"]
    assert '<input id="f-ca.0.gio.ket_thuc" name="ca.0.gio.ket_thuc" value="11:00" type="text"' in page
    assert post(client, url, {"ca.0.gio.ket_thuc": "11:30"}).status_code == 302
    assert diff(project) == ['-      ket_thuc: "11:00"   # giờ nghỉ trưa', '+      ket_thuc: "11:30"   # giờ nghỉ trưa']


def test_values_and_rows_added_at_one_place_keep_their_groups():
    """The end of the file is the end of the last row, of its list and of the file's keys at once: each line
    added goes to its own group (a file without a final line end too)."""
    import copy

    from bantin.edit import entity_files

    site = ENTITIES["site"]
    text = "agency:\n  name: A\ncategories:\n  - id: a\n    name: B"
    source = entity_files.Source(PATH, text, "\n", "", False)
    old = entity_files.read_values(site, source)
    new = copy.deepcopy(old)
    new["categories"][0]["description"] = "Mô tả"
    new["categories"].append({"id": "c", "name": "C", "description": "", entity_files.ORIGIN: ""})
    new["quarters"] = "1/2026"
    assert entity_files.compose(site, source, old, new) == (
        "agency:\n  name: A\ncategories:\n  - id: a\n    name: B\n    description: Mô tả\n  - id: c\n    name: C\n"
        "quarters: 1/2026\n")
    new = copy.deepcopy(old)
    new["agency"]["phone"] = "0251.388"
    assert entity_files.compose(site, source, old, new) == text.replace("A\n", "A\n  phone: '0251.388'\n")


def test_a_banner_added_is_a_group_written_at_the_end(client, project):
    url = f"{ROOT}/bang-ron-dau-trang"
    page = client.get(url, base_url=BASE).text
    assert labels(page) == ["Nội dung băng-rôn (bắt buộc)", "Địa chỉ khi bấm vào", "Cho phép đóng"]
    assert '<input type="checkbox" id="f-banner.dismissible" name="banner.dismissible" value="true" ' \
           'aria-describedby="help-banner.dismissible">' in page
    answer = post(client, url, {"banner.text": "Chào mừng Ngày Quốc khánh 2/9", "banner.dismissible": "true"})
    assert answer.status_code == 302
    assert (project / PATH).read_text(encoding="utf-8") == SITE + (
        "banner:\n  text: Chào mừng Ngày Quốc khánh 2/9\n  dismissible: true\n")


def test_the_quarter_style_is_chosen_among_the_declared_ones(client, project):
    url = f"{ROOT}/chung"
    page = client.get(url, base_url=BASE).text
    assert re.findall(r'<option value="([^"]*)"', page) == ["", "I/2026", "1/2026"]
    assert post(client, url, {"quarters": "I/2026"}).status_code == 302
    assert diff(project) == ["+quarters: I/2026"]
