"""The office's sections (bantin.sections.office): organisation and leaders, contact, work and citizen-reception
schedules, the HTML site map, "Tin xem nhiều" and today's date in the header. Each on projects of its own."""
import json
import re
import shutil
import subprocess
import sys
import textwrap
from html import unescape
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from bantin.build.state import SiteData
from bantin.common.errors import DataError, DataErrors
from bantin.output import search
from bantin.schema.fields import Phone
from bantin.sections.office import load_office
from servers import chromium_browser, nginx
from sitebuild import build_env, bulletin_text, mkdocs_build, small_project

SITE = """\
agency:
  name: Ủy ban nhân dân xã Thử Nghiệm
  address: Số 1 đường Thử, xã Thử Nghiệm
  phone: 0251 3000 999
  email: ubnd@thu.example.gov.vn
  working_hours: Sáng từ 7 giờ 00 đến 11 giờ 30
  republication: Ghi rõ nguồn “Trang thử” khi phát hành lại.
categories:
  - id: thong-bao
    name: Thông báo
blocks:
  - type: most_read
    title: Tin xem nhiều
    count: 2
"""
ORGANISATION = """\
minh_hoa: true
cap_nhat: 2026-11-30
chuc_nang: Cơ quan hành chính <nhà nước> ở xã.
lanh_dao:
  - ho_ten: Nguyễn <b>A</b> & “B”
    chuc_vu: Chủ tịch Ủy ban nhân dân xã
    phu_trach: Phụ trách chung
    dien_thoai: 0251.3000.001
    email: chutich@thu.example.gov.vn
bo_phan:
  - ten: Văn phòng
    nhiem_vu: Tham mưu, tổng hợp.
    dien_thoai: 0912345678
"""
SCHEDULE = """\
tuan:
  - tu_ngay: 2026-11-30
    lich:
      - ngay: 2026-12-02
        gio: 14:30
        noi_dung: Kiểm tra công trình
      - ngay: 2026-11-30
        gio: 07:30
        noi_dung: Họp giao ban
        chu_tri: Chủ tịch
        dia_diem: Phòng họp số 1
        thanh_phan: Các Phó Chủ tịch
  - tu_ngay: 2026-12-07
    lich:
      - ngay: 2026-12-08
        gio: 8h00
        noi_dung: Tiếp đoàn kiểm tra
tiep_cong_dan:
  - nguoi_tiep: Chủ tịch Ủy ban nhân dân xã
    thoi_gian: Sáng thứ năm hằng tuần
    dia_diem: Phòng tiếp công dân
"""
BULLETINS = {f"{slug}.md": bulletin_text(title, date) for slug, title, date in (
    ("mot", "Tin một", "2026-11-01 08:00"), ("hai", "Tin hai", "2026-11-02 08:00"),
    ("ba", "Tin ba", "2026-11-03 08:00"))}
# The counter's views by path (bantin.visits): "Tin hai" most, then "Tin một"; "Tin ba" never read.
COUNTS = "updated: 2026-11-20T10:00:00+07:00\npages:\n  /: 40\n  /tin-tuc/hai/: 1234\n  /tin-tuc/mot/: 3\n"


def office_project(target: Path) -> Path:
    """The code with a docs/ and data/ of its own: three bulletins, no programme and no units."""
    project = small_project(target, BULLETINS)
    shutil.rmtree(project / "data")
    (project / "data").mkdir()
    write(project / "data/site.yml", SITE)
    return project


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


def main_of(html: str) -> str:
    return re.search(r"<main.*?</main>", html, re.S).group(0)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def shown_text(html: str) -> str:
    """The text a reader sees without JavaScript: without elements marked `hidden`."""
    return text_of(re.sub(r"<(\w+)[^>]*\shidden[^>]*>.*?</\1>", " ", html, flags=re.S))


# ---- reading and validation ------------------------------------------------------------------------------

def errors_of(tmp_path, name: str, text: str) -> list[str]:
    write(tmp_path / "data" / name, text)
    errors: list[DataError] = []
    load_office(tmp_path / "data", tmp_path, errors)
    return [str(e) for e in sorted(errors, key=lambda e: e.line or 0)]


def test_organisation_mistakes_are_reported_together_with_their_lines(tmp_path):
    assert errors_of(tmp_path, "to-chuc.yml", """\
        lanh_dao:
          - ho_tne: Nguyễn Văn A
            chuc_vu: Chủ tịch
            dien_thoai: 0251 382
            email: chutich@@thu.vn
          - ho_ten: Trần Thị B
        bo_phan:
          - ten: Văn phòng
            phone: 0251 3000 001
        """) == [
        "data/to-chuc.yml:2: lanh_dao.ho_tne: trường không được hỗ trợ (ý bạn là 'ho_ten'?); các trường hợp lệ: "
        "ho_ten, chuc_vu, phu_trach, dien_thoai, email, anh, anh_mo_ta",
        "data/to-chuc.yml:4: lanh_dao.dien_thoai: số điện thoại '0251 382' không hợp lệ; hãy ghi đủ số, kể cả mã vùng, "
        "ví dụ 0251 3822 123 hoặc 0912 345 678",
        "data/to-chuc.yml:5: lanh_dao.email: địa chỉ thư điện tử 'chutich@@thu.vn' không hợp lệ; ví dụ đúng: "
        "ubnd@dongnai.gov.vn",
        "data/to-chuc.yml:6: lanh_dao.chuc_vu: thiếu chức vụ (chuc_vu), là trường bắt buộc; hãy thêm dòng "
        "'chuc_vu: …'",
        "data/to-chuc.yml:9: bo_phan.phone: trường không được hỗ trợ (ý bạn là 'dien_thoai'?); các trường hợp lệ: "
        "ten, nhiem_vu, dien_thoai, email"]


def test_a_phone_and_an_e_mail_are_checked_alike_wherever_the_schema_declares_one(tmp_path):
    """One reader (Fields.phone, Fields.email) for the office's contact (data/site.yml), its leaders
    (data/to-chuc.yml) and the ways to send a question (data/hoi-dap.yml): one mistake, one message."""
    write(tmp_path / "data/site.yml", """\
        agency:
          name: Ủy ban nhân dân xã Thử
          phone: 0251 382
          email: ubnd@@thu.vn
        categories:
          - id: thong-bao
            name: Thông báo
        """)
    write(tmp_path / "data/to-chuc.yml", """\
        lanh_dao:
          - ho_ten: Nguyễn Văn A
            chuc_vu: Chủ tịch
            dien_thoai: 0251 382
            email: ubnd@@thu.vn
        """)
    write(tmp_path / "data/hoi-dap.yml", "gui_cau_hoi:\n  dien_thoai: 0251 382\n  email: ubnd@@thu.vn\n")
    site = SiteData.load(tmp_path / "data", tmp_path, keep_going=True)
    phone = "số điện thoại '0251 382' không hợp lệ; hãy ghi đủ số, kể cả mã vùng, ví dụ 0251 3822 123 hoặc 0912 345 678"
    email = "địa chỉ thư điện tử 'ubnd@@thu.vn' không hợp lệ; ví dụ đúng: ubnd@dongnai.gov.vn"
    assert [str(e) for e in DataErrors(site.data_errors).errors] == [
        f"data/hoi-dap.yml:2: gui_cau_hoi.dien_thoai: {phone}", f"data/hoi-dap.yml:3: gui_cau_hoi.email: {email}",
        f"data/site.yml:3: agency.phone: {phone}", f"data/site.yml:4: agency.email: {email}",
        f"data/to-chuc.yml:4: lanh_dao.dien_thoai: {phone}", f"data/to-chuc.yml:5: lanh_dao.email: {email}"]


def test_a_hotline_is_a_phone_number_wherever_it_is_written(tmp_path):
    """`1900 1234` (digits alone too, which YAML reads as a number), with its `tel:` address, in each file."""
    write(tmp_path / "data/site.yml", """\
        agency:
          name: Ủy ban nhân dân xã Thử
          phone: 1800 599 920
        categories:
          - id: thong-bao
            name: Thông báo
        """)
    write(tmp_path / "data/to-chuc.yml", "lanh_dao:\n  - ho_ten: Nguyễn Văn A\n    chuc_vu: Chủ tịch\n"
                                         "    dien_thoai: 1900 1234\n")
    write(tmp_path / "data/hoi-dap.yml", "gui_cau_hoi:\n  dien_thoai: 19001234\n  email: Hoi@Thu.Example.gov.vn\n")
    site = SiteData.load(tmp_path / "data", tmp_path)
    assert site.portal.agency.phone == Phone("1800 599920", "+841800599920")
    assert site.office.organisation.leaders[0].phone == Phone("1900 1234", "+8419001234")
    assert site.publications.channels.phone == Phone("1900 1234", "+8419001234")
    assert site.publications.channels.email == "Hoi@thu.example.gov.vn"  # the domain as the library writes it


def test_schedule_mistakes_are_reported_together_with_their_lines(tmp_path):
    assert errors_of(tmp_path, "lich-cong-tac.yml", """\
        tuan:
          - tu_ngay: 2026-12-08
            lich:
              - ngay: 2026-12-08
                gio: 8:00
                noi_dung: Họp
          - tu_ngay: 2026-11-30
            lich:
              - ngay: 2026-12-07
                gio: 09:00
                noi_dung: Họp
              - ngay: 2026-12-01
                gio: "25:00"
                noi_dung: Họp
          - tu_ngay: 2026-11-30
            lich:
              - ngay: 2026-11-30
                gio: 14:30
        """) == [
        "data/lich-cong-tac.yml:2: tuan.tu_ngay: ngày 8/12/2026 là thứ ba; tuần bắt đầu từ thứ hai "
        "(ý bạn là '2026-12-07'?)",
        "data/lich-cong-tac.yml:9: lich.ngay: ngày 7/12/2026 không thuộc tuần từ 30/11/2026 đến 6/12/2026; "
        "hãy chuyển sang đúng tuần",
        "data/lich-cong-tac.yml:13: lich.gio: giờ '25:00' chưa đúng dạng; hãy viết giờ:phút, ví dụ 08:00 hoặc 14:30",
        "data/lich-cong-tac.yml:15: tuan.tu_ngay: tuần từ 30/11/2026 bị lặp; hãy gộp hai tuần làm một",
        "data/lich-cong-tac.yml:17: lich.noi_dung: thiếu nội dung (noi_dung), là trường bắt buộc; hãy thêm dòng "
        "'noi_dung: …'"]


def test_weeks_newest_first_days_in_order_times_as_written_in_yaml_1_1(tmp_path):
    write(tmp_path / "data/lich-cong-tac.yml", SCHEDULE)
    errors: list[DataError] = []
    schedule = load_office(tmp_path / "data", tmp_path, errors).schedule
    assert errors == []
    assert [w.heading for w in schedule.weeks] == ["Tuần từ 7/12/2026 đến 13/12/2026",
                                                   "Tuần từ 30/11/2026 đến 6/12/2026"]
    # `14:30` unquoted is 870 to YAML 1.1: read as typed
    assert [(label, [(a.time, a.content) for a in items]) for _, label, items in schedule.weeks[1].days()] == [
        ("Thứ hai, 30/11/2026", [("07:30", "Họp giao ban")]), ("Thứ tư, 2/12/2026", [("14:30", "Kiểm tra công trình")])]
    assert schedule.weeks[0].items[0].time == "08:00"


def test_make_check_reports_the_sections_mistakes(tmp_path):
    project = small_project(tmp_path / "p")
    write(project / "data/to-chuc.yml", "lanh_dao:\n  - ho_ten: Nguyễn Văn A\n    chuc_vu: Chủ tịch\n    email: a@\n"
                                        "    anh: assets/khong-co.jpg\n")
    write(project / "data/lich-cong-tac.yml", "tuan:\n  - tu_ngay: 2026-12-09\n    lich: []\n")
    run = subprocess.run([sys.executable, "-m", "bantin", "check", "data"], cwd=project, capture_output=True,
                         text=True, timeout=120, env={**build_env(), "PYTHONPATH": str(project / "hooks")})
    assert run.returncode == 1
    assert "  data/lich-cong-tac.yml:2: tuan.tu_ngay: ngày 9/12/2026 là thứ tư; tuần bắt đầu từ thứ hai " \
           "(ý bạn là '2026-12-07'?)" in run.stdout + run.stderr
    assert "  data/to-chuc.yml:4: lanh_dao.email: địa chỉ thư điện tử 'a@' không hợp lệ; ví dụ đúng: " \
           "ubnd@dongnai.gov.vn" in run.stdout + run.stderr
    assert "  data/to-chuc.yml:5: lanh_dao.anh: không có tệp ảnh 'assets/khong-co.jpg' trong docs/" \
           in run.stdout + run.stderr


def test_sample_office_data_is_named_when_published_at_a_real_address(tmp_path):
    write(tmp_path / "data/site.yml", SITE)
    write(tmp_path / "data/to-chuc.yml", ORGANISATION)
    write(tmp_path / "data/lich-cong-tac.yml", SCHEDULE)  # not marked minh_hoa
    assert SiteData.load(tmp_path / "data").sample_sources() == ["data/to-chuc.yml"]


# ---- the built pages ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("office")
    project = office_project(tmp / "p")
    write(project / "data/to-chuc.yml", ORGANISATION)
    write(project / "data/lich-cong-tac.yml", SCHEDULE)
    write(project / ".bantin-state/visits.yml", COUNTS)
    result = mkdocs_build(project, tmp / "site", build_env())
    assert result.returncode == 0, result.stderr
    return tmp / "site"


@pytest.fixture(scope="module")
def bare(tmp_path_factory):
    """No organisation, no schedule, no counts, an agency without address, phone or e-mail; a `menu:` link to
    the organisation page, which has no content yet."""
    tmp = tmp_path_factory.mktemp("bare")
    project = office_project(tmp / "p")
    write(project / "data/site.yml", "agency:\n  name: Ủy ban nhân dân xã Thử Nghiệm\n"
                                     "menu:\n  - text: Tổ chức bộ máy\n    url: co-cau-to-chuc/\n"
                                     + SITE[SITE.index("categories:"):])
    result = mkdocs_build(project, tmp / "site", build_env())
    assert result.returncode == 0, result.stderr
    return tmp / "site"


def read(site: Path, page: str) -> str:
    return (site / page if "." in page else site / page / "index.html").read_text(encoding="utf-8")


def menu(html: str) -> list[tuple[str, str]]:
    nav = re.search(r'<nav class="bt-menu".*?</nav>', html, re.S).group(0)
    return re.findall(r'<a href="([^"]*)"[^>]*>([^<]+)</a>', nav)


def test_sections_with_content_are_in_the_menu_and_the_sitemap(built):
    assert menu(read(built, "index.html")) == [
        ("./", "Trang chủ"), ("chuyen-muc/thong-bao/", "Thông báo"), ("co-cau-to-chuc/", "Tổ chức bộ máy"),
        ("lien-he/", "Liên hệ"), ("lich-cong-tac/", "Lịch công tác"), ("thong-ke/", "Thống kê"),
        ("luu-tru/", "Lưu trữ")]
    sitemap = read(built, "sitemap.xml")
    entries = dict(re.findall(r"<loc>[^<]*?\.gov\.vn/([^<]*)</loc>(?:<lastmod>([^<]*)</lastmod>)?", sitemap))
    assert (entries["co-cau-to-chuc/"], entries["lich-cong-tac/"], entries["lien-he/"], entries["so-do-trang/"]) == \
        ("2026-11-30", "2026-12-07", "", "")


def test_sections_without_content_make_no_page_and_no_menu_link(bare):
    assert menu(read(bare, "index.html")) == [("./", "Trang chủ")]
    for page in ("co-cau-to-chuc", "lich-cong-tac", "lien-he"):
        assert not (bare / page).exists()
        assert f"/{page}/</loc>" not in read(bare, "sitemap.xml")
    assert "Tin xem nhiều" not in read(bare, "index.html")  # a most_read block without counts shows nothing
    footer = re.search(r"<footer.*?</footer>", read(bare, "index.html"), re.S).group(0)
    assert text_of(footer).endswith("RSS · Dữ liệu mở · Sơ đồ trang")


def test_organisation_page_text_escaping_and_json_ld(built):
    html = read(built, "co-cau-to-chuc")
    assert shown_text(main_of(html)) == (
        "Số liệu minh họa, không phải số liệu chính thức Tổ chức bộ máy Chức năng, nhiệm vụ "
        "Cơ quan hành chính <nhà nước> ở xã. Lãnh đạo Nguyễn <b>A</b> & “B” Chủ tịch Ủy ban nhân dân xã "
        "Lĩnh vực phụ trách Phụ trách chung Điện thoại 0251 3000 001 Thư điện tử chutich@thu.example.gov.vn "
        "Các bộ phận Văn phòng Tham mưu, tổng hợp. Điện thoại: 0912 345 678 "
        "Thông tin cập nhật ngày 30/11/2026.")
    assert "Nguyễn &lt;b&gt;A&lt;/b&gt; &amp; “B”" in html and "<b>A</b>" not in html
    assert '<a href="tel:+842513000001">0251 3000 001</a>' in html
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))
    assert ld["@type"] == "GovernmentOrganization" and ld["telephone"] == "+842513000999"
    assert ld["employee"] == [{"@type": "Person", "name": "Nguyễn <b>A</b> & “B”", "jobTitle": "Chủ tịch Ủy ban nhân "
                               "dân xã", "telephone": "+842513000001", "email": "chutich@thu.example.gov.vn"}]
    assert "\\u003cb\\u003e" in html  # `<` inside the script element is escaped


def test_contact_page_and_footer(built):
    assert shown_text(main_of(read(built, "lien-he"))) == (
        "Số liệu minh họa, không phải số liệu chính thức Liên hệ Ủy ban nhân dân xã Thử Nghiệm "
        "Địa chỉ Số 1 đường Thử, xã Thử Nghiệm Điện thoại 0251 3000 999 Thư điện tử ubnd@thu.example.gov.vn "
        "Giờ làm việc Sáng từ 7 giờ 00 đến 11 giờ 30 Điện thoại các bộ phận Văn phòng: 0912 345 678 "
        "Số điện thoại và thư điện tử của lãnh đạo: xem trang Tổ chức bộ máy .")
    footer = text_of(re.search(r"<footer.*?</footer>", read(built, "index.html"), re.S).group(0))
    assert footer.endswith("Địa chỉ: Số 1 đường Thử, xã Thử Nghiệm Điện thoại: 0251 3000 999 Thư điện tử: "
                           "ubnd@thu.example.gov.vn Giờ làm việc: Sáng từ 7 giờ 00 đến 11 giờ 30 "
                           "Ghi rõ nguồn “Trang thử” khi phát hành lại. RSS · Dữ liệu mở · Liên hệ · Sơ đồ trang")


def test_schedule_page_lists_every_week_newest_first(built):
    html = main_of(read(built, "lich-cong-tac"))
    assert shown_text(html) == (
        "Lịch công tác Lịch tiếp công dân "
        "Tuần từ 7/12/2026 đến 13/12/2026 Thứ ba, 8/12/2026 08:00 Tiếp đoàn kiểm tra "
        "Tuần từ 30/11/2026 đến 6/12/2026 Thứ hai, 30/11/2026 07:30 Họp giao ban Chủ trì Chủ tịch "
        "Địa điểm Phòng họp số 1 Thành phần Các Phó Chủ tịch Thứ tư, 2/12/2026 14:30 Kiểm tra công trình "
        "Lịch tiếp công dân Chủ tịch Ủy ban nhân dân xã Thời gian Sáng thứ năm hằng tuần Địa điểm Phòng tiếp công dân")
    assert re.findall(r'data-bt-week="([^"]+)" data-bt-week-end="([^"]+)"', html) == [
        ("2026-12-07", "2026-12-13"), ("2026-11-30", "2026-12-06")]


def test_site_map_groups_the_build_s_pages(built):
    html = main_of(read(built, "so-do-trang"))
    groups = [(text_of(heading), re.findall(r'<li><a href="([^"]*)">([^<]*)</a>', body)) for heading, body in
              re.findall(r"<h2[^>]*>(.*?)</h2>\s*<ul[^>]*>(.*?)</ul>", html, re.S)]
    assert groups == [
        ("Các mục chính", [("../", "Trang chủ"), ("../chuyen-muc/thong-bao/", "Thông báo"),
                           ("../co-cau-to-chuc/", "Tổ chức bộ máy"), ("../lien-he/", "Liên hệ"),
                           ("../lich-cong-tac/", "Lịch công tác"), ("../thong-ke/", "Thống kê"),
                           ("../luu-tru/", "Lưu trữ")]),
        ("Chuyên mục", [("../chuyen-muc/thong-bao/", "Thông báo")]),
        ("Lưu trữ", [("../luu-tru/2026/", "Lưu trữ năm 2026"), ("../luu-tru/2026/11/", "Lưu trữ tháng 11/2026")]),
        ("Các trang khác", [("../gioi-thieu/", "Giới thiệu"), ("../the/", "Thẻ"), ("../tin-tuc/", "Tin tức")])]


def test_most_read_block_lists_bulletins_by_views(built):
    html = read(built, "gioi-thieu")
    block = re.search(r'<section class="bt-block bt-block--most_read".*?</section>', html, re.S).group(0)
    assert re.findall(r'<li><a href="([^"]*)">([^<]*)</a> <span class="bt-count">\(([^)]*)\)</span></li>', block) == [
        ("../tin-tuc/hai/", "Tin hai", "1.234 lượt xem"), ("../tin-tuc/mot/", "Tin một", "3 lượt xem")]
    assert "<ol" in block


def test_organisation_schedule_and_contact_pages_are_searched(built):
    pages, _ = search.pages_to_index(built)
    assert {"co-cau-to-chuc/index.html", "lich-cong-tac/index.html", "lien-he/index.html"} <= set(pages)
    assert "so-do-trang/index.html" not in pages


def test_no_build_date_in_the_pages(built):
    """Today's date comes from the reader's browser: the header holds an empty, hidden place for it."""
    html = read(built, "index.html")
    assert '<p class="bt-today" data-bt-today hidden></p>' in html
    assert re.search(r"Thứ (hai|ba|tư|năm|sáu|bảy), \d", html.split("<main", 1)[0]) is None


# ---- in a browser ---------------------------------------------------------------------------------------

NEW_PAGES = ("/co-cau-to-chuc/", "/lich-cong-tac/", "/lien-he/", "/so-do-trang/")


@pytest.fixture(scope="module")
def server(built, tmp_path_factory):
    with nginx(built, tmp_path_factory.mktemp("nginx")) as (base, _log):
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium_browser() as browser:
        yield browser


def test_header_shows_the_reader_s_date_in_viet_nam_and_marks_this_week(browser, server):
    context = browser.new_context()
    page = context.new_page()
    # 17:30 UTC on Sunday 6/12/2026 is already Monday 7/12/2026 00:30 in Viet Nam
    page.clock.set_fixed_time("2026-12-06T17:30:00Z")
    page.goto(server + "/lich-cong-tac/")
    assert page.locator("[data-bt-today]").inner_text() == "Thứ hai, 7/12/2026"
    badges = page.locator("[data-bt-this-week]")
    assert [badges.nth(i).is_visible() for i in range(badges.count())] == [True, False]
    context.close()


def test_without_javascript_no_date_and_no_this_week(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "/lich-cong-tac/")
    assert page.locator("[data-bt-today]").is_visible() is False
    assert page.locator("[data-bt-this-week]").first.is_visible() is False
    assert page.get_by_text("Tuần từ 30/11/2026 đến 6/12/2026").is_visible()
    context.close()


@pytest.mark.parametrize("path", NEW_PAGES)
def test_new_pages_have_no_serious_accessibility_violations_on_a_phone(browser, server, path):
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    results = Axe().run(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()
    serious = [f"{v['id']} ({v['impact']}): " + "; ".join(n["target"][0] for n in v["nodes"][:5])
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_new_pages_are_valid_html(built, tmp_path):
    from test_edit import assert_valid_html

    pages = {path.strip("/"): read(built, path.strip("/")) for path in NEW_PAGES}
    assert_valid_html(pages, "co-cau-to-chuc", tmp_path / "vnu")


def test_most_read_block_count_must_be_positive(tmp_path):
    from bantin.common.errors import DataErrors
    from bantin.portal.settings import load_portal

    write(tmp_path / "site.yml", SITE.replace("count: 2", "count: 0").replace("most_read", "most-read"))
    with pytest.raises(DataErrors) as caught:
        load_portal(tmp_path / "site.yml", "data/site.yml")
    assert [str(e) for e in caught.value.errors] == [
        "data/site.yml:12: blocks.type: loại khối 'most-read' không có (ý bạn là 'most_read'?); các loại: links, "
        "notices, image, zalo, poll, visits, most_read"]
    write(tmp_path / "site.yml", SITE.replace("count: 2", "count: 0"))
    with pytest.raises(DataErrors) as caught:
        load_portal(tmp_path / "site.yml", "data/site.yml")
    assert [str(e) for e in caught.value.errors] == ["data/site.yml:14: blocks.count: số tin cần lớn hơn 0, ví dụ 5"]
