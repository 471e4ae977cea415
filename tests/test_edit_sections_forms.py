"""`make edit`'s forms of the sections Nghị định 42/2022 asks of a ward portal (data/van-ban.yml, thu-tuc.yml,
hoi-dap.yml, to-chuc.yml, lich-cong-tac.yml): drawn from their declarations in bantin.schema like every other
file's, saved with the smallest change and checked by the sections' own readers first."""
import re
from html import unescape

import pytest

from bantin.edit.app import create_app
from bantin.edit.documents import file_id
from sitebuild import small_project
from test_edit import BASE, PORT, assert_valid_html, committed, form_of, git, log, status
from test_edit_settings import beside, diff, labels, post

DOCUMENTS = """\
# Văn bản thử nghiệm
van_ban:
  - so_ky_hieu: 01/QĐ-UBND
    ngay_ban_hanh: 2026-01-05
    loai: Quyết định
    co_quan_ban_hanh: Ủy ban nhân dân xã Thử Nghiệm
    trich_yeu: Về việc ban hành kế hoạch thử nghiệm
    tep: van-ban/01-qd.pdf   # tệp kèm theo
"""
PROCEDURES = """\
thu_tuc:
  - ten: Đăng ký thử nghiệm
    linh_vuc: Hộ tịch
    co_quan_thuc_hien: Ủy ban nhân dân cấp xã
    lien_ket: https://dichvucong.gov.vn/
"""
QUESTIONS = """\
gui_cau_hoi:
  cong_phan_anh: https://dichvucong.gov.vn/
hoi_dap:
  - cau_hoi: Bộ phận Một cửa làm việc vào những ngày nào?
    ngay: 2026-01-02
    tra_loi: Từ thứ hai đến thứ sáu.
    nguoi_tra_loi: Văn phòng Ủy ban nhân dân xã
"""
ORGANISATION = """\
chuc_nang: Cơ quan hành chính nhà nước ở xã.
lanh_dao:
  - ho_ten: Người Thử Nghiệm
    chuc_vu: Chủ tịch Ủy ban nhân dân xã
    dien_thoai: 0251 3000 001
bo_phan:
  - ten: Văn phòng
"""
SCHEDULE = """\
tuan:
  - tu_ngay: 2026-12-07
    lich:
      - ngay: 2026-12-07
        gio: 08:00
        noi_dung: Họp giao ban
tiep_cong_dan:
  - nguoi_tiep: Chủ tịch Ủy ban nhân dân xã
    thoi_gian: Sáng thứ năm hằng tuần
    dia_diem: Phòng tiếp công dân
"""
FILES = {"data/van-ban.yml": DOCUMENTS, "data/thu-tuc.yml": PROCEDURES, "data/hoi-dap.yml": QUESTIONS,
         "data/to-chuc.yml": ORGANISATION, "data/lich-cong-tac.yml": SCHEDULE}
PDF = "van-ban/01-qd.pdf"


def form(entity: str, path: str, part: str) -> str:
    return f"/cai-dat/{entity}/{file_id(path)}/{part}"


DOCUMENTS_FORM = form("tep-van-ban", "data/van-ban.yml", "van-ban")
PROCEDURES_FORM = form("tep-thu-tuc-hanh-chinh", "data/thu-tuc.yml", "thu-tuc")
QUESTIONS_FORM = form("tep-hoi-dap", "data/hoi-dap.yml", "hoi-dap")
CHANNELS_FORM = form("tep-hoi-dap", "data/hoi-dap.yml", "cach-gui-cau-hoi-gop-y")
LEADERS_FORM = form("to-chuc-bo-may", "data/to-chuc.yml", "lanh-dao")
WEEKS_FORM = form("lich-cong-tac", "data/lich-cong-tac.yml", "cac-tuan")
RECEPTION_FORM = form("lich-cong-tac", "data/lich-cong-tac.yml", "lich-tiep-cong-dan")


@pytest.fixture
def project(tmp_path):
    project = small_project(tmp_path / "p")
    for path, text in FILES.items():
        (project / path).write_text(text, encoding="utf-8")
    (project / "docs/van-ban").mkdir()
    (project / "docs" / PDF).write_bytes(b"%PDF-1.4\n%%EOF\n")
    (project / "docs/van-ban/du-thao.docx").write_bytes(b"PK\x03\x04")  # not offered: a document is a PDF
    return committed(project)


@pytest.fixture
def client(project):
    return create_app(project, PORT).test_client()


def headers(page: str) -> list[str]:
    return [unescape(re.sub(r"<[^>]+>", "", h)) for h in re.findall(r'<th scope="col">(.*?)</th>', page)]


def saved(client, project, url, changes, path) -> list[str]:
    """Posts the form with `changes`; the lines of the one commit it made, which touched `path` alone."""
    before = log(project)
    answer = post(client, url, changes)
    assert answer.status_code == 302, answer.text
    assert len(log(project).splitlines()) == len(before.splitlines()) + 1
    assert git(project, "show", "--format=", "--name-only", "HEAD").split() == [path]
    assert status(project) == ""
    return diff(project)


def refused(client, project, url, changes) -> str:
    """Posts the form with `changes`: refused, nothing written; the page."""
    before = {path: (project / path).read_bytes() for path in FILES}
    history = log(project)
    answer = post(client, url, changes)
    assert answer.status_code == 422
    assert {path: (project / path).read_bytes() for path in FILES} == before
    assert log(project) == history and status(project) == ""
    return answer.text


def test_each_section_file_is_listed_under_the_settings_with_its_parts(client):
    page = client.get("/cai-dat/", base_url=BASE).text
    found = re.findall(r'<a href="(/cai-dat/(?!lich-su)[^"]+)">([^<]+)</a>', page)
    for url, text in [(DOCUMENTS_FORM, "Văn bản"), (PROCEDURES_FORM, "Thủ tục"), (QUESTIONS_FORM, "Hỏi đáp"),
                      (CHANNELS_FORM, "Cách gửi câu hỏi, góp ý"), (LEADERS_FORM, "Lãnh đạo"),
                      (form("to-chuc-bo-may", "data/to-chuc.yml", "cac-bo-phan"), "Các bộ phận"),
                      (form("to-chuc-bo-may", "data/to-chuc.yml", "chung"), "Cài đặt chung"),
                      (WEEKS_FORM, "Các tuần"), (RECEPTION_FORM, "Lịch tiếp công dân"),
                      (form("lich-cong-tac", "data/lich-cong-tac.yml", "chung"), "Cài đặt chung")]:
        assert (url, text) in found
    # a document, a question are edited in their file's form, not as files of their own
    assert "/cai-dat/van-ban/" not in page and "/cai-dat/cau-hoi/" not in page
    assert [h for h in re.findall(r"<h2>([^<]+)</h2>", page) if h in (
        "Văn bản", "Tệp văn bản", "Tệp thủ tục hành chính", "Tệp hỏi đáp", "Tổ chức bộ máy", "Lịch công tác")] == [
        "Tệp văn bản", "Tệp thủ tục hành chính", "Tệp hỏi đáp", "Tổ chức bộ máy", "Lịch công tác"]


# Văn bản: data/van-ban.yml

def test_the_documents_form_has_the_declared_labels_a_kind_list_and_a_pdf_picker(client):
    page = client.get(DOCUMENTS_FORM, base_url=BASE).text
    assert labels(page) == [
        "Số, ký hiệu (bắt buộc)", "Ngày ban hành (bắt buộc)", "Loại văn bản (bắt buộc)", "Cơ quan ban hành (bắt buộc)",
        "Trích yếu (bắt buộc)", "Người ký", "Lĩnh vực", "Ngày có hiệu lực", "Ngày hết hiệu lực",
        "Tệp văn bản (PDF)", "Công khai ngân sách", "Địa chỉ trang", "Dữ liệu minh họa"]
    assert "<legend>Văn bản 1: Về việc ban hành kế hoạch thử nghiệm</legend>" in page
    assert ('<input id="f-van_ban.0.ngay_ban_hanh" name="van_ban.0.ngay_ban_hanh" value="2026-01-05" '
            'type="date" autocomplete="off">') in page
    kinds = re.search(r'<select id="f-van_ban.0.loai".*?</select>', page, re.S).group(0)
    assert '<option value="Quyết định" selected>Quyết định</option>' in kinds and "(không chọn)" not in kinds
    assert len(re.findall("<option", kinds)) == 27  # the declared kinds of documents
    pdf = re.search(r'<select id="f-van_ban.0.tep".*?</select>', page, re.S).group(0)
    assert re.findall(r'<option value="([^"]*)"', pdf) == ["", PDF]


def test_a_documents_issuer_changed_is_one_line_in_one_commit(client, project):
    assert saved(client, project, DOCUMENTS_FORM, {"van_ban.0.co_quan_ban_hanh": "Ủy ban nhân dân xã Mới"},
                 "data/van-ban.yml") == ["-    co_quan_ban_hanh: Ủy ban nhân dân xã Thử Nghiệm",
                                         "+    co_quan_ban_hanh: Ủy ban nhân dân xã Mới"]
    assert git(project, "log", "-1", "--format=%s").strip() == "Sửa văn bản: data/van-ban.yml"


def test_a_date_that_does_not_exist_is_the_readers_message_beside_it(client, project):
    page = refused(client, project, DOCUMENTS_FORM, {"van_ban.0.ngay_ban_hanh": "2025-02-30"})
    assert beside(page, "van_ban.0.ngay_ban_hanh") == "ngày 2025-02-30 không tồn tại; hãy kiểm tra lại ngày và tháng"
    # shown as typed, in a text input, so that it can be corrected
    assert 'name="van_ban.0.ngay_ban_hanh" value="2025-02-30" aria-describedby="error-van_ban.0.ngay_ban_hanh" ' \
           'aria-invalid="true" type="text"' in page


def test_a_missing_pdf_is_the_readers_message_beside_it(client, project):
    page = refused(client, project, DOCUMENTS_FORM, {"van_ban.0.tep": "van-ban/khong-co.pdf"})
    assert beside(page, "van_ban.0.tep") == ("không có tệp 'van-ban/khong-co.pdf' trong docs/; hãy chép tệp PDF vào "
                                             "docs/van-ban/khong-co.pdf hoặc sửa đường dẫn")


def test_a_document_is_added_without_javascript(client, project):
    values = form_of(client, DOCUMENTS_FORM)
    page = client.post(DOCUMENTS_FORM, base_url=BASE, data={**values, "thao_tac": "them:van_ban"})
    assert page.status_code == 200 and status(project) == ""  # a row button writes nothing
    assert "<legend>Văn bản 2</legend>" in page.text and 'name="van_ban.1._nguon" value=""' in page.text
    added = {"van_ban.1._nguon": "", "van_ban.1.so_ky_hieu": "02/TB-UBND", "van_ban.1.ngay_ban_hanh": "2026-02-03",
             "van_ban.1.loai": "Thông báo", "van_ban.1.co_quan_ban_hanh": "Ủy ban nhân dân xã Thử Nghiệm",
             "van_ban.1.trich_yeu": "Về lịch tiếp công dân", "van_ban.1.tep": PDF}
    assert client.post(DOCUMENTS_FORM, base_url=BASE, data={**values, **added}).status_code == 302
    assert (project / "data/van-ban.yml").read_text(encoding="utf-8") == DOCUMENTS + (
        "  - so_ky_hieu: 02/TB-UBND\n    ngay_ban_hanh: 2026-02-03\n    loai: Thông báo\n"
        "    co_quan_ban_hanh: Ủy ban nhân dân xã Thử Nghiệm\n    trich_yeu: Về lịch tiếp công dân\n"
        f"    tep: {PDF}\n")
    assert status(project) == ""


def test_a_section_form_and_its_mistakes_are_valid_html(client, project, tmp_path):
    pages = {"documents": client.get(DOCUMENTS_FORM, base_url=BASE).text,
             "weeks": client.get(WEEKS_FORM, base_url=BASE).text,
             "errors": refused(client, project, DOCUMENTS_FORM, {"van_ban.0.tep": "van-ban/khong-co.pdf"})}
    assert_valid_html(pages, "documents", tmp_path / "pages")


# Thủ tục hành chính: data/thu-tuc.yml

def test_the_procedures_form_has_the_declared_labels(client, project):
    page = client.get(PROCEDURES_FORM, base_url=BASE).text
    assert headers(page) == ["Số thứ tự", "Tên thủ tục (bắt buộc)", "Mã thủ tục", "Lĩnh vực (bắt buộc)",
                             "Cơ quan thực hiện (bắt buộc)", "Liên kết thực hiện trực tuyến (bắt buộc)",
                             "Dữ liệu minh họa", "Sắp xếp"]
    assert saved(client, project, PROCEDURES_FORM, {"thu_tuc.0.ma": "1.001193"}, "data/thu-tuc.yml") == [
        "+    ma: '1.001193'"]


def test_a_procedure_link_that_is_not_https_is_refused_beside_it(client, project):
    page = refused(client, project, PROCEDURES_FORM, {"thu_tuc.0.lien_ket": "http://dichvucong.gov.vn/"})
    assert beside(page, "thu_tuc.0.lien_ket") == (
        "'http://dichvucong.gov.vn/' không dùng được; liên kết thực hiện trực tuyến (lien_ket) là địa chỉ trang khác, "
        "bắt đầu bằng https:// (ví dụ https://dichvucong.gov.vn/)")


# Hỏi đáp: data/hoi-dap.yml

def test_the_questions_form_has_the_declared_labels_and_saves_one_line(client, project):
    page = client.get(QUESTIONS_FORM, base_url=BASE).text
    assert labels(page) == ["Câu hỏi (bắt buộc)", "Người hỏi", "Ngày hỏi (bắt buộc)", "Trả lời (bắt buộc)",
                            "Người trả lời (bắt buộc)", "Ngày trả lời", "Dữ liệu minh họa"]
    assert saved(client, project, QUESTIONS_FORM, {"hoi_dap.0.ngay_tra_loi": "2026-01-05"}, "data/hoi-dap.yml") == [
        "+    ngay_tra_loi: 2026-01-05"]


def test_the_feedback_channels_take_a_phone_and_an_email(client, project):
    page = client.get(CHANNELS_FORM, base_url=BASE).text
    assert labels(page) == ["Thư điện tử", "Điện thoại", "Địa chỉ", "Cổng tiếp nhận phản ánh, kiến nghị"]
    assert ('<input id="f-gui_cau_hoi.dien_thoai" name="gui_cau_hoi.dien_thoai" value="" type="tel" '
            'autocomplete="off">') in page
    page = refused(client, project, CHANNELS_FORM, {"gui_cau_hoi.email": "ubnd-at-xa"})
    assert beside(page, "gui_cau_hoi.email") == ("địa chỉ thư điện tử 'ubnd-at-xa' không hợp lệ; ví dụ đúng: "
                                                 "ubnd@dongnai.gov.vn")


def test_a_question_is_added_without_javascript(client, project):
    values = form_of(client, QUESTIONS_FORM)
    page = client.post(QUESTIONS_FORM, base_url=BASE, data={**values, "thao_tac": "them:hoi_dap"})
    assert page.status_code == 200 and 'name="hoi_dap.1._nguon" value=""' in page.text
    added = {"hoi_dap.1._nguon": "", "hoi_dap.1.cau_hoi": "Xin giấy xác nhận cư trú ở đâu?",
             "hoi_dap.1.ngay": "2026-01-10", "hoi_dap.1.tra_loi": "Tại Bộ phận Một cửa.",
             "hoi_dap.1.nguoi_tra_loi": "Công an xã"}
    assert client.post(QUESTIONS_FORM, base_url=BASE, data={**values, **added}).status_code == 302
    assert (project / "data/hoi-dap.yml").read_text(encoding="utf-8") == QUESTIONS + (
        "  - cau_hoi: Xin giấy xác nhận cư trú ở đâu?\n    ngay: 2026-01-10\n    tra_loi: Tại Bộ phận Một cửa.\n"
        "    nguoi_tra_loi: Công an xã\n")


# Tổ chức bộ máy: data/to-chuc.yml

def test_the_leaders_form_has_the_declared_labels_and_checks_the_phone(client, project):
    page = client.get(LEADERS_FORM, base_url=BASE).text
    assert headers(page) == ["Số thứ tự", "Họ và tên (bắt buộc)", "Chức vụ (bắt buộc)", "Lĩnh vực phụ trách",
                             "Điện thoại", "Thư điện tử", "Ảnh", "Mô tả ảnh", "Sắp xếp"]
    assert 'name="lanh_dao.0.dien_thoai" value="0251 3000 001" type="tel"' in page
    page = refused(client, project, LEADERS_FORM, {"lanh_dao.0.dien_thoai": "số máy lẻ"})
    assert beside(page, "lanh_dao.0.dien_thoai") == ("số điện thoại 'số máy lẻ' không hợp lệ; hãy ghi đủ số, kể cả "
                                                     "mã vùng, ví dụ 0251 3822 123 hoặc 0912 345 678")
    assert saved(client, project, LEADERS_FORM, {"lanh_dao.0.email": "chutich@xa.example.gov.vn"},
                 "data/to-chuc.yml") == ["+    email: chutich@xa.example.gov.vn"]


# Lịch công tác: data/lich-cong-tac.yml

def test_the_weeks_form_nests_the_appointments_of_each_week(client, project):
    page = client.get(WEEKS_FORM, base_url=BASE).text
    assert labels(page) == ["Từ ngày (thứ hai) (bắt buộc)", "Ngày (bắt buộc)", "Giờ (bắt buộc)",
                            "Nội dung (bắt buộc)", "Chủ trì", "Địa điểm", "Thành phần"]
    assert "<legend>Tuần 1: 2026-12-07</legend>" in page
    assert "<legend>Công việc trong lịch 1: 2026-12-07</legend>" in page
    assert saved(client, project, WEEKS_FORM, {"tuan.0.lich.0.dia_diem": "Phòng họp số 1"},
                 "data/lich-cong-tac.yml") == ["+        dia_diem: Phòng họp số 1"]


def test_a_week_that_does_not_start_on_monday_is_refused_beside_it(client, project):
    page = refused(client, project, WEEKS_FORM, {"tuan.0.tu_ngay": "2026-12-08"})
    assert beside(page, "tuan.0.tu_ngay") == ("ngày 8/12/2026 là thứ ba; tuần bắt đầu từ thứ hai "
                                              "(ý bạn là '2026-12-07'?)")


def test_the_reception_schedule_saves_one_line(client, project):
    page = client.get(RECEPTION_FORM, base_url=BASE).text
    assert headers(page) == ["Số thứ tự", "Người tiếp công dân (bắt buộc)", "Thời gian (bắt buộc)",
                             "Địa điểm (bắt buộc)", "Ghi chú", "Sắp xếp"]
    assert saved(client, project, RECEPTION_FORM, {"tiep_cong_dan.0.thoi_gian": "Sáng thứ sáu hằng tuần"},
                 "data/lich-cong-tac.yml") == ["-    thoi_gian: Sáng thứ năm hằng tuần",
                                               "+    thoi_gian: Sáng thứ sáu hằng tuần"]


def test_a_pdf_is_found_where_the_system_allows_no_links(client, project, monkeypatch):
    """Windows without the right to make links: the check copies docs/ instead, and the PDF is still found."""
    def refuse(*args, **kwargs):
        raise OSError("symbolic link privilege not held")
    monkeypatch.setattr("pathlib.Path.symlink_to", refuse)
    assert saved(client, project, DOCUMENTS_FORM, {"van_ban.0.nguoi_ky": "Người Thử Nghiệm"},
                 "data/van-ban.yml") == ["+    nguoi_ky: Người Thử Nghiệm"]


def test_a_week_with_its_appointment_is_added_without_javascript(client, project):
    values = form_of(client, WEEKS_FORM)
    page = client.post(WEEKS_FORM, base_url=BASE, data={**values, "thao_tac": "them:tuan"})
    assert page.status_code == 200 and "<legend>Tuần 2</legend>" in page.text
    values = {**values, "tuan.1._nguon": "", "tuan.1.tu_ngay": "2026-12-14"}
    page = client.post(WEEKS_FORM, base_url=BASE, data={**values, "thao_tac": "them:tuan.1.lich"})
    assert "<legend>Công việc trong lịch 1</legend>" in page.text and status(project) == ""
    added = {"tuan.1.lich.0._nguon": "", "tuan.1.lich.0.ngay": "2026-12-15", "tuan.1.lich.0.gio": "14:30",
             "tuan.1.lich.0.noi_dung": "Tiếp công dân"}
    answer = client.post(WEEKS_FORM, base_url=BASE, data={**values, **added})
    assert answer.status_code == 302, answer.text
    assert (project / "data/lich-cong-tac.yml").read_text(encoding="utf-8") == SCHEDULE.replace(
        "tiep_cong_dan:", "  - tu_ngay: 2026-12-14\n    lich:\n      - ngay: 2026-12-15\n        gio: '14:30'\n"
                          "        noi_dung: Tiếp công dân\ntiep_cong_dan:")
    assert status(project) == ""
