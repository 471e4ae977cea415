"""The NĐ 42 sections read from data/: văn bản (list, filter pages, a page per document, its PDF), công khai
ngân sách, thủ tục hành chính, hỏi đáp. Each test project has its own data files (never the demo's)."""
import gzip
import json
import re
import textwrap
from pathlib import Path

import pytest
import yaml

from bantin.build import kinds as pages
from bantin.build.pipeline import Build
from bantin.build.state import SiteData
from bantin.common.errors import DataErrors
from bantin.sections.documents import file_size
from pdf_fixture import minimal_pdf
from sitebuild import build_env, bulletin_text, mkdocs_build, small_project

DOCUMENTS = """\
van_ban:
  - so_ky_hieu: 57-NQ/TW
    ngay_ban_hanh: 2024-12-22
    loai: Nghị quyết
    co_quan_ban_hanh: Bộ Chính trị
    nguoi_ky: Tô Lâm
    linh_vuc: Khoa học, công nghệ
    trich_yeu: Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia
    tep: van-ban/57-nq-tw.pdf
  - so_ky_hieu: 12/QĐ-UBND
    ngay_ban_hanh: 2025-09-30
    loai: Quyết định
    co_quan_ban_hanh: Ủy ban nhân dân phường Thử
    nguoi_ky: Nguyễn Văn A
    trich_yeu: Về việc công bố công khai dự toán ngân sách năm 2025 <script>alert(1)</script>
    hieu_luc: 2025-10-01
    het_hieu_luc: 2025-12-31
    cong_khai_ngan_sach: true
    minh_hoa: true
  - so_ky_hieu: 30/KH-UBND
    ngay_ban_hanh: 2025-03-10
    loai: Kế hoạch
    co_quan_ban_hanh: Ủy ban nhân dân phường Thử
    trich_yeu: Kế hoạch chuyển đổi số năm 2025
  - so_ky_hieu: 05/BC-UBND
    ngay_ban_hanh: 2024-01-15
    loai: Báo cáo
    co_quan_ban_hanh: Ủy ban nhân dân phường Thử
    trich_yeu: Công khai quyết toán ngân sách năm 2023
    cong_khai_ngan_sach: true
    tep: van-ban/Báo cáo 05.pdf
"""
PROCEDURES = """\
thu_tuc:
  - ten: Đăng ký khai sinh
    ma: 1.001193
    linh_vuc: Hộ tịch
    co_quan_thuc_hien: Ủy ban nhân dân cấp xã
    lien_ket: https://dichvucong.gov.vn/p/home/dvc-tthc.html
  - ten: Đăng ký thường trú
    linh_vuc: Cư trú
    co_quan_thuc_hien: Công an cấp xã
    lien_ket: https://www.dichvucong.example.gov.vn/cu-tru
"""
QUESTIONS = """\
gui_cau_hoi:
  dien_thoai: 0251 3822 000
  email: hoi@example.gov.vn
  cong_phan_anh: https://dichvucong.gov.vn/
hoi_dap:
  - cau_hoi: Làm giấy khai sinh ở đâu?
    nguoi_hoi: Bà Nguyễn Thị B
    ngay: 2025-11-02
    tra_loi: |-
      Tại Bộ phận Một cửa.

      Hoặc trực tuyến.
    nguoi_tra_loi: Công chức Tư pháp - Hộ tịch
    ngay_tra_loi: 2025-11-05
    minh_hoa: true
"""
PDF_SIZE = 245 * 1024 - 100  # "245 KB": a started kilobyte counts


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def project_files(root: Path, documents=DOCUMENTS, procedures=PROCEDURES, questions=QUESTIONS) -> Path:
    for name, text in (("van-ban.yml", documents), ("thu-tuc.yml", procedures), ("hoi-dap.yml", questions)):
        if text is not None:
            write(root / "data", name, text)
    pdf = root / "docs/van-ban/57-nq-tw.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(minimal_pdf(["Tep thu"], PDF_SIZE))
    (pdf.parent / "Báo cáo 05.pdf").write_bytes(minimal_pdf(["Bao cao"], 3000))  # a name as a clerk saves it
    return root


def load(root: Path) -> SiteData:
    return SiteData.load(root / "data", root, keep_going=True)


def errors(root: Path) -> list[str]:
    """The messages as `make check` lists them (by file and line)."""
    return [str(e) for e in DataErrors(load(root).data_errors).errors]


def without_menu(root: Path) -> None:
    """data/site.yml without its `menu:`: the default menu, which lists the sections that have content."""
    path = root / "data/site.yml"
    site = yaml.safe_load(path.read_text(encoding="utf-8"))
    del site["menu"]
    path.write_text(yaml.safe_dump(site, allow_unicode=True), encoding="utf-8")


# ---- reading ----------------------------------------------------------------------------------------------

def test_documents_are_read_newest_first_with_addresses_from_their_numbers(tmp_path):
    site = load(project_files(tmp_path))
    assert site.data_errors == []
    documents = site.publications.documents
    assert [(d.number, d.slug, d.date) for d in documents] == [
        ("12/QĐ-UBND", "12-qd-ubnd", "30/9/2025"), ("30/KH-UBND", "30-kh-ubnd", "10/3/2025"),
        ("57-NQ/TW", "57-nq-tw", "22/12/2024"), ("05/BC-UBND", "05-bc-ubnd", "15/1/2024")]
    assert [d.number for d in site.publications.budget] == ["12/QĐ-UBND", "05/BC-UBND"]
    assert documents[2].file_label == "PDF, 245 KB" and documents[0].file_label == ""
    assert documents[0].in_force == "Từ ngày 1/10/2025 đến ngày 31/12/2025"
    assert site.publications.procedures[0].code == "1.001193"  # a number to YAML, as typed to the clerk


def test_file_sizes_read_as_portals_write_them():
    assert [file_size(n) for n in (1, 1024, 1025, 245 * 1024, 1536 * 1024)] == \
        ["1 KB", "1 KB", "2 KB", "245 KB", "1,5 MB"]


def test_every_mistake_is_reported_at_its_file_and_line_in_one_run(tmp_path):
    documents = """\
    van_ban:
      - so_ky_hieu: 57-NQ/TW
        ngay_ban_hanh: 2024-12-22
        loai: Nghị quyết
        co_quan_ban_hanh: Bộ Chính trị
        trich_yeu: Về đột phá
        tep: van-ban/khong-co.pdf
      - so_ky_hieu: 12/QĐ-UBND
        ngay_ban_hanh: 30/9/2025
        loai: Nghi quyet
        co_quan_ban_hanh: Ủy ban nhân dân phường Thử
        trich_yue: Về việc
      - so_ky_hieu: 57-NQ/TW
        ngay_ban_hanh: 2024-12-23
        loai: Nghị quyết
        co_quan_ban_hanh: Bộ Chính trị
        trich_yeu: Bản chép lại
      - so_ky_hieu: 13/KH-UBND
        ngay_ban_hanh: 2025-01-02
        loai: Kế hoạch
        co_quan_ban_hanh: Bộ chính trị
        trich_yeu: Kế hoạch
        tep: ../../mat-khau.pdf
      - so_ky_hieu: 14/KH-UBND
        ngay_ban_hanh: 2025-01-02
        loai: Kế hoạch
        co_quan_ban_hanh: Ủy ban nhân dân phường Thử
        trich_yeu: Kế hoạch
        tep: van-ban/gia.pdf
      - so_ky_hieu: 15/KH-UBND
        ngay_ban_hanh: 2025-01-03
        loai: Kế hoạch
        co_quan_ban_hanh: Ủy ban nhân dân phường thử
        trich_yeu: Kế hoạch
    """
    procedures = """\
    thu_tuc:
      - ten: Đăng ký khai sinh
        linh_vuc: Hộ tịch
        co_quan_thuc_hien: Ủy ban nhân dân cấp xã
        lien_ket: http://dichvucong.gov.vn/
      - ten: Đăng ký kết hôn
        linh_vuc: Hộ tịch
        coquan_thuc_hien: Ủy ban nhân dân cấp xã
        lien_ket: https://dichvucong.gov.vn/
    """
    questions = """\
    gui_cau_hoi:
      email: khong-phai-thu
    hoi_dap:
      - cau_hoi: Hỏi?
        ngay: 2025-11-20
        tra_loi: Đáp.
        nguoi_tra_loi: Công chức
        ngay_tra_loi: 2025-11-19
    """
    root = project_files(tmp_path, documents, procedures, questions)
    (root / "docs/van-ban/gia.pdf").write_text("không phải PDF", encoding="utf-8")
    assert errors(root) == [
        "data/hoi-dap.yml:2: gui_cau_hoi.email: địa chỉ thư điện tử 'khong-phai-thu' không hợp lệ; ví dụ đúng: "
        "ubnd@dongnai.gov.vn",
        "data/hoi-dap.yml:8: hoi_dap.ngay_tra_loi: ngày trả lời 19/11/2025 trước ngày hỏi 20/11/2025; "
        "hãy kiểm tra lại",
        "data/thu-tuc.yml:5: thu_tuc.lien_ket: 'http://dichvucong.gov.vn/' không dùng được; liên kết thực hiện "
        "trực tuyến (lien_ket) là địa chỉ trang khác, bắt đầu bằng https:// (ví dụ https://dichvucong.gov.vn/)",
        "data/thu-tuc.yml:8: thu_tuc.coquan_thuc_hien: trường không được hỗ trợ (ý bạn là 'co_quan_thuc_hien'?); "
        "các trường hợp lệ: ten, ma, linh_vuc, co_quan_thuc_hien, lien_ket, minh_hoa",
        "data/van-ban.yml:7: van_ban.tep: không có tệp 'van-ban/khong-co.pdf' trong docs/; hãy chép tệp PDF "
        "vào docs/van-ban/khong-co.pdf hoặc sửa đường dẫn",
        "data/van-ban.yml:9: van_ban.ngay_ban_hanh: viết ngày theo dạng năm-tháng-ngày: 2025-09-30",
        "data/van-ban.yml:10: van_ban.loai: 'Nghi quyet' không dùng được (ý bạn là 'Nghị quyết'?); loại văn bản "
        "(loai) là một trong: Hiến pháp, Luật, Bộ luật, Nghị quyết, Nghị định, Quyết định, Chỉ thị, Thông tư, "
        "Thông tư liên tịch, Kết luận, Quy định, Quy chế, Hướng dẫn, Thông tri, Thông báo, Thông cáo, "
        "Chương trình, Kế hoạch, Phương án, Đề án, Dự án, Báo cáo, Tờ trình, Công văn, Công điện, Biên bản, "
        "Giấy mời",
        "data/van-ban.yml:12: van_ban.trich_yue: trường không được hỗ trợ (ý bạn là 'trich_yeu'?); các trường "
        "hợp lệ: so_ky_hieu, ngay_ban_hanh, loai, co_quan_ban_hanh, trich_yeu, nguoi_ky, linh_vuc, hieu_luc, "
        "het_hieu_luc, tep, cong_khai_ngan_sach, duong_dan, minh_hoa",
        "data/van-ban.yml:13: van_ban.so_ky_hieu: số, ký hiệu '57-NQ/TW' trùng với văn bản ở dòng 2 (địa chỉ "
        "/van-ban/57-nq-tw/); nếu văn bản bị chép hai lần, hãy xóa một văn bản; nếu là hai văn bản khác nhau "
        "(ví dụ cùng số nhưng khác năm), hãy thêm cho văn bản này dòng 'duong_dan: 57-nq-tw-…' (ví dụ năm ban "
        "hành)",
        "data/van-ban.yml:21: van_ban.co_quan_ban_hanh: 'Bộ chính trị' viết khác với 'Bộ Chính trị' (văn bản ở "
        "dòng 2); hãy viết tên cơ quan thống nhất để trang lọc theo cơ quan gom đủ văn bản",
        "data/van-ban.yml:23: van_ban.tep: '../../mat-khau.pdf' không phải đường dẫn trong docs/; hãy ghi như "
        "van-ban/ten-tep.pdf (dấu '/', không có '..')",
        "data/van-ban.yml:29: van_ban.tep: tệp 'van-ban/gia.pdf' không phải PDF (nội dung không bắt đầu bằng "
        "%PDF-); hãy xuất lại văn bản ra PDF",
        "data/van-ban.yml:33: van_ban.co_quan_ban_hanh: 'Ủy ban nhân dân phường thử' viết khác với 'Ủy ban nhân "
        "dân phường Thử' (văn bản ở dòng 8); hãy viết tên cơ quan thống nhất để trang lọc theo cơ quan gom đủ "
        "văn bản",
    ]


def test_make_check_reports_the_sections_mistakes(tmp_path, monkeypatch, capsys):
    from bantin import cli

    root = project_files(tmp_path, procedures="thu_tuc:\n  - ten: Khai sinh\n    linh_vuc: Hộ tịch\n"
                                              "    co_quan_thuc_hien: Ủy ban nhân dân cấp xã\n")
    monkeypatch.chdir(root)
    assert cli.main(["check", "data", "--docs", "docs"]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == \
        "  data/thu-tuc.yml:2: thu_tuc.lien_ket: thiếu liên kết thực hiện trực tuyến (lien_ket), là trường bắt " \
        "buộc; hãy thêm dòng 'lien_ket: …'"


def test_two_documents_with_one_address_are_told_apart_by_duong_dan(tmp_path):
    documents = DOCUMENTS + """\
  - so_ky_hieu: 12/QD-UBND
    ngay_ban_hanh: 2026-01-05
    loai: Quyết định
    co_quan_ban_hanh: Ủy ban nhân dân phường Thử
    trich_yeu: Một quyết định khác năm 2026
"""
    root = project_files(tmp_path, documents)
    assert errors(root) == [
        "data/van-ban.yml:32: van_ban.so_ky_hieu: số, ký hiệu '12/QD-UBND' cho cùng địa chỉ trang với "
        "'12/QĐ-UBND' của văn bản ở dòng 10 (địa chỉ /van-ban/12-qd-ubnd/); nếu văn bản bị chép hai lần, hãy xóa "
        "một văn bản; nếu là hai văn bản khác nhau (ví dụ cùng số nhưng khác năm), hãy thêm cho văn bản này dòng "
        "'duong_dan: 12-qd-ubnd-…' (ví dụ năm ban hành)"]
    write(root / "data", "van-ban.yml", documents + "    duong_dan: 12-qd-ubnd-2026\n")
    site = load(root)
    assert site.data_errors == []
    assert site.publications.documents[0].url == "van-ban/12-qd-ubnd-2026/"


def test_an_empty_file_and_an_address_of_the_filter_pages_are_mistakes(tmp_path):
    documents = DOCUMENTS + """\
  - so_ky_hieu: Năm
    duong_dan: nam
    ngay_ban_hanh: 2026-01-05
    loai: Thông báo
    co_quan_ban_hanh: Ủy ban nhân dân phường Thử
    trich_yeu: Thông báo
"""
    root = project_files(tmp_path, documents, procedures="# chưa có thủ tục\n")
    assert errors(root) == [
        "data/thu-tuc.yml: tệp trống; hãy ghi nội dung hoặc xóa tệp",
        "data/van-ban.yml:33: van_ban.duong_dan: địa chỉ /van-ban/nam/ là của trang lọc văn bản; hãy ghi dòng "
        "'duong_dan: van-ban-nam'"]


def test_sections_are_in_the_default_menu_only_with_content(tmp_path):
    full = project_files(tmp_path / "full")
    small = tmp_path / "empty"
    for root in (full, small):
        write(root / "data", "site.yml", "agency:\n  name: Ủy ban nhân dân phường Thử\n"
                                         "categories:\n  - id: thong-bao\n    name: Thông báo\n")
    assert load(full).menu_links == [
        ("Trang chủ", ""), ("Văn bản", "van-ban/"), ("Công khai ngân sách", "cong-khai-ngan-sach/"),
        ("Thủ tục hành chính", "thu-tuc-hanh-chinh/"), ("Hỏi đáp", "hoi-dap/"), ("Thống kê", "thong-ke/"),
        ("Lưu trữ", "luu-tru/")]
    empty = load(small)
    assert empty.menu_links == [("Trang chủ", ""), ("Thống kê", "thong-ke/"), ("Lưu trữ", "luu-tru/")]
    assert [o.url for o in Build(empty).outputs if o.url.startswith(
        ("van-ban/", "cong-khai-ngan-sach/", "thu-tuc-hanh-chinh/", "hoi-dap/"))] == []  # no page made
    assert empty.empty_sections == {"van-ban/", "cong-khai-ngan-sach/", "thu-tuc-hanh-chinh/", "hoi-dap/",
                                    "co-cau-to-chuc/", "lien-he/", "lich-cong-tac/"}  # and the office's


def test_a_menu_link_to_an_empty_section_is_left_out_not_a_dead_link(tmp_path):
    root = tmp_path
    write(root / "data", "site.yml", "agency:\n  name: Ủy ban nhân dân phường Thử\ncategories: []\n"
                                     "menu:\n  - text: Hỏi đáp\n    url: hoi-dap/\n  - text: Văn bản\n"
                                     "    url: van-ban/\n")
    project_files(root, procedures=None, questions=None)
    site = load(root)
    assert site.menu_links == [("Trang chủ", ""), ("Văn bản", "van-ban/")]
    assert site.portal.menu_errors({o.url for o in Build(site).outputs}, site.empty_sections) == []


def test_sample_sections_are_published_only_with_the_warning(tmp_path):
    site = load(project_files(tmp_path))
    assert site.sample_sources() == ["data/van-ban.yml", "data/hoi-dap.yml"]


def test_the_schema_declares_the_sections_and_their_kinds_are_registered():
    from bantin import schema

    assert schema.entity("document").keys == ("so_ky_hieu", "ngay_ban_hanh", "loai", "co_quan_ban_hanh",
                                              "trich_yeu", "nguoi_ky", "linh_vuc", "hieu_luc", "het_hieu_luc",
                                              "tep", "cong_khai_ngan_sach", "duong_dan", "minh_hoa")
    assert schema.entity("document").names["so_ky_hieu"] == "số, ký hiệu"
    assert [name for name in pages.KINDS if name in ("van-ban", "van-ban-chi-tiet", "cong-khai-ngan-sach",
                                                     "thu-tuc-hanh-chinh", "hoi-dap")] == \
        ["van-ban", "van-ban-chi-tiet", "cong-khai-ngan-sach", "thu-tuc-hanh-chinh", "hoi-dap"]


# ---- the built site ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sections")
    project = project_files(small_project(tmp / "p"))
    without_menu(project)
    result = mkdocs_build(project, tmp / "site", build_env())
    assert result.returncode == 0, result.stderr
    return tmp / "site"


def main(site: Path, path: str) -> str:
    html = (site / path).read_text(encoding="utf-8")
    return html[html.index("<main"):html.index("</main>")]


def items(html: str) -> list[str]:
    return re.findall(r'<h3 class="bt-doc__title"><a href="[^"]*">([^<]*)</a>', html)


def test_the_list_shows_every_document_newest_first_with_filters(built):
    html = main(built, "van-ban/index.html")
    assert "<h1>Văn bản</h1>\n<p>4 văn bản, văn bản mới ban hành ở trên.</p>" in html
    assert items(html) == [
        "Về việc công bố công khai dự toán ngân sách năm 2025 &lt;script&gt;alert(1)&lt;/script&gt;",
        "Kế hoạch chuyển đổi số năm 2025",
        "Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
        "Công khai quyết toán ngân sách năm 2023"]
    assert ('<p class="bt-doc__meta">Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị · '
            '<a href="57-nq-tw.pdf" type="application/pdf">Tải văn bản (PDF, 245 KB)</a></p>') in html
    assert "Quyết định số 12/QĐ-UBND ngày 30/9/2025 của Ủy ban nhân dân phường Thử · văn bản minh họa</p>" in html
    assert '<a href="B%C3%A1o%20c%C3%A1o%2005.pdf" type="application/pdf">Tải văn bản (PDF, 3 KB)</a>' in html
    assert (built / "van-ban/Báo cáo 05.pdf").stat().st_size == 3000
    filters = re.findall(r'<li><a href="([^"]*)">([^<]*)</a> <span class="bt-count">\((\d+)\)</span></li>', html)
    assert filters == [
        ("loai/nghi-quyet/", "Nghị quyết", "1"), ("loai/quyet-dinh/", "Quyết định", "1"),
        ("loai/ke-hoach/", "Kế hoạch", "1"), ("loai/bao-cao/", "Báo cáo", "1"),
        ("nam/2025/", "2025", "2"), ("nam/2024/", "2024", "2"),
        ("co-quan/uy-ban-nhan-dan-phuong-thu/", "Ủy ban nhân dân phường Thử", "3"),
        ("co-quan/bo-chinh-tri/", "Bộ Chính trị", "1")]
    assert "Số liệu minh họa, không phải số liệu chính thức" in html


@pytest.mark.parametrize("path, heading, count, titles", [
    ("van-ban/nam/2024/", "Năm ban hành: 2024", "2 văn bản",
     ["Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
      "Công khai quyết toán ngân sách năm 2023"]),
    ("van-ban/loai/ke-hoach/", "Loại văn bản: Kế hoạch", "1 văn bản", ["Kế hoạch chuyển đổi số năm 2025"]),
    ("van-ban/co-quan/uy-ban-nhan-dan-phuong-thu/", "Cơ quan ban hành: Ủy ban nhân dân phường Thử", "3 văn bản",
     ["Về việc công bố công khai dự toán ngân sách năm 2025 &lt;script&gt;alert(1)&lt;/script&gt;",
      "Kế hoạch chuyển đổi số năm 2025", "Công khai quyết toán ngân sách năm 2023"]),
])
def test_each_filter_is_a_page_of_its_own(built, path, heading, count, titles):
    html = main(built, path + "index.html")
    assert f"<h1>{heading}</h1>\n<p>{count}, văn bản mới ban hành ở trên. " \
           '<a href="../../">Xem tất cả văn bản</a></p>' in html
    assert items(html) == titles
    label = heading.split(": ", 1)[1]
    assert f'<li><strong aria-current="page">{label}</strong>' in html


def test_a_document_s_page_says_everything_about_it(built):
    html = main(built, "van-ban/57-nq-tw/index.html")
    assert "<h1>Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị</h1>" in html
    facts = re.findall(r"<dt>([^<]*)</dt><dd>(.*?)</dd>", html)
    assert facts == [
        ("Số, ký hiệu", "57-NQ/TW"), ("Ngày ban hành", '<time datetime="2024-12-22">22/12/2024</time>'),
        ("Loại văn bản", '<a href="../loai/nghi-quyet/">Nghị quyết</a>'),
        ("Cơ quan ban hành", '<a href="../co-quan/bo-chinh-tri/">Bộ Chính trị</a>'),
        ("Người ký", "Tô Lâm"), ("Lĩnh vực", "Khoa học, công nghệ"),
        ("Trích yếu", "Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia"),
        ("Tệp văn bản", '<a href="../57-nq-tw.pdf" type="application/pdf">Tải văn bản (PDF, 245 KB)</a>')]
    assert "Số liệu minh họa" not in html
    assert (built / "van-ban/57-nq-tw.pdf").stat().st_size == PDF_SIZE
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))
    assert ld == {"@context": "https://schema.org", "@type": "Legislation",
                  "url": f"{site_url(built)}van-ban/57-nq-tw/",
                  "name": "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị",
                  "abstract": "Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
                  "inLanguage": "vi", "legislationIdentifier": "57-NQ/TW", "legislationType": "Nghị quyết",
                  "legislationDate": "2024-12-22",
                  "legislationPassedBy": {"@type": "Organization", "name": "Bộ Chính trị"},
                  "about": "Khoa học, công nghệ",
                  "encoding": {"@type": "MediaObject", "encodingFormat": "application/pdf",
                               "contentUrl": f"{site_url(built)}van-ban/57-nq-tw.pdf",
                               "contentSize": "245 KB"}}


def test_data_is_escaped_on_the_page_and_in_its_json_ld(built):
    html = (built / "van-ban/12-qd-ubnd/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "<p class=\"bt-lead\">Về việc công bố công khai dự toán ngân sách năm 2025 " \
           "&lt;script&gt;alert(1)&lt;/script&gt;</p>" in html
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in ld
    assert json.loads(ld)["@type"] == "Legislation" and "<dt>Hiệu lực</dt><dd>Từ ngày 1/10/2025 đến ngày " \
        "31/12/2025</dd>" in html
    assert "Số liệu minh họa, không phải số liệu chính thức" in html
    assert json.loads(re.search(r'ld\+json">(.*?)</script>', main(built, "van-ban/30-kh-ubnd/index.html"))
                      .group(1))["@type"] == "DigitalDocument"


def test_the_budget_page_lists_the_budget_documents_by_year(built):
    html = main(built, "cong-khai-ngan-sach/index.html")
    years = re.findall(r'<h2 id="nam-(\d+)">Năm \d+</h2>\s*<ol class="bt-docs">(.*?)</ol>', html, re.S)
    assert [(year, items(listed)) for year, listed in years] == [
        ("2025", ["Về việc công bố công khai dự toán ngân sách năm 2025 &lt;script&gt;alert(1)&lt;/script&gt;"]),
        ("2024", ["Công khai quyết toán ngân sách năm 2023"])]


def test_procedures_by_field_with_links_to_another_site(built):
    html = main(built, "thu-tuc-hanh-chinh/index.html")
    assert re.findall(r'<h2 id="linh-vuc-\d">([^<]*)</h2>', html) == ["Hộ tịch", "Cư trú"]
    assert ("<p>Mã thủ tục: 1.001193 · Cơ quan thực hiện: Ủy ban nhân dân cấp xã</p>\n"
            '        <p><a href="https://dichvucong.gov.vn/p/home/dvc-tthc.html" rel="noopener external">Thực hiện '
            'trực tuyến<span class="bt-hidden">: Đăng ký khai sinh</span></a> <span class="bt-external">(trang '
            "ngoài: dichvucong.gov.vn)</span></p>") in html
    assert "(trang ngoài: dichvucong.example.gov.vn)" in html


def test_questions_and_how_to_send_one(built):
    html = main(built, "hoi-dap/index.html")
    contact = re.findall(r"<li>(.*?)</li>", html[html.index('id="gui-cau-hoi"'):html.index("</ul>")])
    agency = load_agency(built)
    # The office's own address and e-mail (data/site.yml) first; hoi-dap.yml's phone where site.yml has none
    assert contact[0] == f'Thư điện tử: <a href="mailto:{agency["email"]}">{agency["email"]}</a>'
    assert contact[1] == 'Điện thoại: <a href="tel:+842513822000">0251 3822 000</a>'
    assert contact[-1] == ('Hệ thống tiếp nhận phản ánh, kiến nghị: <a href="https://dichvucong.gov.vn/" '
                           'rel="noopener external">dichvucong.gov.vn</a> <span class="bt-external">(trang '
                           "ngoài)</span>")
    assert ('<h3 id="cau-hoi-1">Làm giấy khai sinh ở đâu?</h3>\n    <p class="bt-question__meta">Người hỏi: Bà '
            "Nguyễn Thị B · Ngày hỏi: 2/11/2025 · câu hỏi minh họa</p>\n    <p class=\"bt-question__meta\">Trả lời: "
            "Công chức Tư pháp - Hộ tịch · Ngày trả lời: 5/11/2025</p>\n    <p>Tại Bộ phận Một cửa.</p>\n    "
            "<p>Hoặc trực tuyến.</p>") in html
    assert "Số liệu minh họa, không phải số liệu chính thức" in html


def site_url(site: Path) -> str:
    """The fixture's address (its mkdocs.yml), which JSON-LD and the sitemap write in full."""
    return re.search(r"^site_url: (\S+)$", (site.parent / "p/mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)


def load_agency(site: Path) -> dict:
    project = site.parent / "p"
    return yaml.safe_load((project / "data/site.yml").read_text(encoding="utf-8"))["agency"]


def test_the_menu_lists_the_sections(built):
    html = (built / "index.html").read_text(encoding="utf-8")
    menu = html[html.index('class="bt-menu"'):]
    menu = menu[:menu.index("</nav>")]
    shown = re.findall(r'<a href="[^"]*"[^>]*>([^<]*)</a>', menu)
    start = shown.index("Văn bản")
    assert shown[start:start + 4] == ["Văn bản", "Công khai ngân sách", "Thủ tục hành chính", "Hỏi đáp"]
    assert shown[-2:] == ["Thống kê", "Lưu trữ"]


def test_the_sitemap_lists_the_sections_with_their_data_s_dates(built):
    sitemap = (built / "sitemap.xml").read_text(encoding="utf-8")
    entries = dict(re.findall(rf"<loc>{re.escape(site_url(built))}([^<]*)</loc>\s*(?:<lastmod>([^<]*)"
                              r"</lastmod>)?", sitemap))
    assert {url: entries.get(url) for url in (
        "van-ban/", "van-ban/57-nq-tw/", "van-ban/nam/2024/", "van-ban/co-quan/bo-chinh-tri/",
        "cong-khai-ngan-sach/", "thu-tuc-hanh-chinh/", "hoi-dap/")} == {
        "van-ban/": "2025-09-30", "van-ban/57-nq-tw/": "2024-12-22", "van-ban/nam/2024/": "2024-12-22",
        "van-ban/co-quan/bo-chinh-tri/": "2024-12-22", "cong-khai-ngan-sach/": "2025-09-30",
        "thu-tuc-hanh-chinh/": "", "hoi-dap/": "2025-11-05"}


def test_search_indexes_each_document_the_procedures_and_the_questions(built):
    from bantin.output import pagefind_index

    indexed = set()
    for path in (built / "pagefind/fragment").iterdir():
        data = path.read_bytes()
        data = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
        indexed.add(json.loads(data.removeprefix(pagefind_index.PREFIX))["url"])
    assert {url for url in indexed if url.startswith(("/van-ban", "/cong-khai", "/thu-tuc", "/hoi-dap"))} == {
        "/van-ban/57-nq-tw/", "/van-ban/12-qd-ubnd/", "/van-ban/30-kh-ubnd/", "/van-ban/05-bc-ubnd/",
        "/thu-tuc-hanh-chinh/", "/hoi-dap/"}


SECTION_PAGES = {"list": "van-ban/", "filter": "van-ban/nam/2025/", "document": "van-ban/12-qd-ubnd/",
                 "budget": "cong-khai-ngan-sach/", "procedures": "thu-tuc-hanh-chinh/", "questions": "hoi-dap/"}


def test_the_section_pages_are_valid_html(built, tmp_path):
    from test_edit import assert_valid_html

    pages_ = {name: (built / url / "index.html").read_text(encoding="utf-8") for name, url in SECTION_PAGES.items()}
    assert_valid_html(pages_, "document", tmp_path / "vnu")


@pytest.fixture(scope="module")
def server(built, tmp_path_factory):
    from servers import nginx
    from test_browser import nginx_recipe

    with nginx(built, tmp_path_factory.mktemp("nginx"), nginx_recipe()) as (base, _log):
        yield base


@pytest.mark.parametrize("name", list(SECTION_PAGES))
def test_no_serious_accessibility_violations_on_a_phone(server, name):
    from axe_playwright_python.sync_playwright import Axe

    from servers import chromium_browser

    with chromium_browser() as browser:
        context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True)
        page = context.new_page()
        page.goto(f"{server}/{SECTION_PAGES[name]}")
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        results = Axe().run(page)
        context.close()
    serious = [f"{v['id']} ({v['impact']}): " + "; ".join(n["html"][:120] for n in v["nodes"][:5])
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [] and width <= 375


def test_the_sections_pages_are_indexed_while_the_build_renders_them(tmp_path):
    """Their kinds are `searched`: rendered among the editors' pages, in the order Pagefind streams, not left to
    an index of the whole site after the build."""
    import subprocess
    import sys

    # A bulletin's address sorts after hoi-dap/ and thu-tuc-hanh-chinh/, before van-ban/…
    project = project_files(small_project(tmp_path / "p", {"tin.md": bulletin_text("Tin", "2025-12-01 08:00")}))
    code = ("import sys\nsys.path.insert(0, 'hooks')\nfrom bantin.output import search\ncalls = []\n"
            "whole = search.index_site\nsearch.index_site = lambda *args: (calls.append(args), whole(*args))[1]\n"
            "from mkdocs.config import load_config\nfrom mkdocs.commands.build import build\n"
            f"build(load_config('mkdocs.yml', site_dir={str(tmp_path / 'site')!r}))\n"
            "print('indexed after the build:', len(calls))\n")
    run = subprocess.run([sys.executable, "-c", code], cwd=project, env=build_env(), capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[-1] == "indexed after the build: 0"
    assert (tmp_path / "site/van-ban/57-nq-tw/index.html").is_file()
