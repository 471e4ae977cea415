"""`make edit`'s "Số liệu": a report's figures edited in place, a new report appended, both checked by the
build's reader first; on a fixture project (a git repository of its own) with a programme of the test's own."""
import re
from html import unescape
from pathlib import Path

import pytest

from bantin.build.state import SiteData
from bantin.edit.app import create_app
from bantin.edit.documents import file_id
from bantin.edit.figures import sum_message
from bantin.figures.loading import load_programmes
from bantin.figures.units import load_units
from conftest import REPO
from sitebuild import copy_project
from test_edit import BASE, PORT, assert_valid_html, committed, form_of, git, log, status, token

PATH = "data/programmes/thu-nghiem.yml"
KEY = file_id(PATH)
PROGRAMME = """\
# Số liệu thử nghiệm của phường: ghi chú đầu tệp
title: Chương trình thử nghiệm
reports:
  # ghi chú trước kỳ báo cáo
  - as_of: 2025-12-25
    tasks:
      assigned: 10
      completed: 4      # ghi chú cuối dòng
      on_schedule: 5
      overdue: 1
    indicators:
      - id: ho-so-truc-tuyen
        name: Hồ sơ trực tuyến
        unit: hồ sơ
        actual: 120
        target: 200
    by_unit:
      "{code}":
        tasks: {{completed: 4, on_schedule: 5, overdue: 1}}
# ghi chú cuối tệp
"""
TITLE = "Chương trình thử nghiệm"
EDITOR = "Nguyễn Thị Lan <lan@phuong.gov.vn>"


@pytest.fixture
def project(tmp_path):
    project = copy_project(tmp_path / "p")
    units = load_units(project / "data", project, [])
    top = next(code for code, unit in units.by_code.items() if unit.parent is None)
    (project / PATH).write_text(PROGRAMME.format(code=top), encoding="utf-8")
    return committed(project)


@pytest.fixture
def client(project):
    return create_app(project, PORT).test_client()


def beside(page: str, name: str) -> str:
    """The message shown beside a field."""
    found = re.search(rf'<p class="error" id="error-{re.escape(name)}">(.*?)</p>', page, re.S)
    return unescape(found.group(1)) if found else ""


def post(client, url, changes):
    values = form_of(client, url)
    values.update(changes)
    return client.post(url, base_url=BASE, data=values)


REPORT = f"/so-lieu/{KEY}/2025-12-25"
NEW = f"/so-lieu/{KEY}/ky-moi"


def test_the_programmes_reports_are_listed(client):
    page = client.get("/so-lieu/", base_url=BASE).text
    mine = page[page.index(f"<h2>{TITLE}</h2>"):]
    row = re.search(r"<tr>\s*<td>([^<]*)</td>\s*<td>(.*?)</td>\s*<td><a href=\"([^\"]+)\"", mine, re.S)
    assert row.groups() == ("25/12/2025", "số nhiệm vụ theo tình trạng, các chỉ tiêu, số liệu theo đơn vị", REPORT)
    assert f'href="{NEW}"' in page


def test_a_wrong_sum_is_shown_beside_the_field_and_nothing_is_written(client, project):
    before, history = (project / PATH).read_bytes(), log(project)
    answer = post(client, REPORT, {"tasks.assigned": "11"})
    assert answer.status_code == 422
    assert beside(answer.text, "tasks.assigned") == (
        "tổng số nhiệm vụ được giao (assigned) là 11, nhưng đã hoàn thành (completed) 4 + theo tiến độ "
        "(on_schedule) 5 + quá hạn (overdue) 1 = 10; hãy sửa cho khớp")
    assert 'id="f-tasks.assigned" name="tasks.assigned" value="11"' in answer.text  # what was typed stays
    assert (project / PATH).read_bytes() == before
    assert log(project) == history and status(project) == ""


def test_the_live_check_says_what_the_build_says():
    """figures.js fills in the reader's own sentence (bantin.figures.loading.read_counts), as the page gives it."""
    assert sum_message().format(a=11, terms="đã hoàn thành (completed) 4 + theo tiến độ (on_schedule) 5 "
                                            "+ quá hạn (overdue) 1", s=10) == (
        "tổng số nhiệm vụ được giao (assigned) là 11, nhưng đã hoàn thành (completed) 4 + theo tiến độ "
        "(on_schedule) 5 + quá hạn (overdue) 1 = 10; hãy sửa cho khớp")
    script = (REPO / "hooks/bantin/edit/static/figures.js").read_text(encoding="utf-8")
    assert 'getAttribute("data-sum-message")' in script


def test_the_form_carries_the_words_of_the_live_check(client):
    page = client.get(REPORT, base_url=BASE).text
    assert f'data-sum-message="{sum_message()}"' in page
    assert 'data-sum="part" data-word="theo tiến độ (on_schedule)"' in page
    assert '<script src="/static/figures.js"></script>' in page


def test_text_in_a_number_field_is_refused_beside_it(client, project):
    answer = post(client, REPORT, {"indicators.0.actual": "mười hai"})
    assert answer.status_code == 422
    assert beside(answer.text, "indicators.0.actual") == (
        "số đạt được cần một số, viết liền các chữ số, phần thập phân sau dấu chấm (ví dụ 1234 hoặc 97.5)")
    assert status(project) == ""


def test_editing_one_value_changes_that_one_line(client, project):
    answer = post(client, REPORT, {"indicators.0.actual": "135"})
    assert answer.status_code == 302, answer.text
    assert git(project, "diff", "-U0", "HEAD~1", "HEAD").split("\n", 4)[4] == (
        "@@ -15 +15 @@ reports:\n"
        "-        actual: 120\n"
        "+        actual: 135\n")
    assert git(project, "log", "-1", "--format=%an <%ae>|%s") == f"{EDITOR}|Sửa số liệu kỳ 25/12/2025: {TITLE}\n"
    assert git(project, "show", "--format=", "--name-only", "HEAD") == f"{PATH}\n"
    assert status(project) == ""


def test_a_value_in_a_flow_mapping_is_changed_in_place(client, project):
    code = _top_code(project)
    answer = post(client, REPORT, {"tasks.completed": "5", "tasks.on_schedule": "4",
                                   f"by_unit.{code}.tasks.completed": "5", f"by_unit.{code}.tasks.on_schedule": "4"})
    assert answer.status_code == 302, answer.text
    assert [line for line in git(project, "diff", "-U0", "HEAD~1", "HEAD").splitlines()
            if line[:1] in "+-" and not line.startswith(("+++", "---"))] == [
        "-      completed: 4      # ghi chú cuối dòng", "-      on_schedule: 5",
        "+      completed: 5      # ghi chú cuối dòng", "+      on_schedule: 4",
        "-        tasks: {completed: 4, on_schedule: 5, overdue: 1}",
        "+        tasks: {completed: 5, on_schedule: 4, overdue: 1}"]
    assert f'"{code}":' in (project / PATH).read_text(encoding="utf-8")


def _top_code(project: Path) -> str:
    return re.search(r'"([^"]+)":', (project / PATH).read_text(encoding="utf-8")).group(1)


def test_a_file_changed_since_the_form_was_opened_is_a_conflict(client, project):
    values = form_of(client, REPORT)
    changed = (project / PATH).read_text(encoding="utf-8").replace("target: 200", "target: 250")
    (project / PATH).write_text(changed, encoding="utf-8")
    values["indicators.0.actual"] = "135"
    answer = client.post(REPORT, base_url=BASE, data=values)
    assert answer.status_code == 409
    assert "Tệp số liệu đã được sửa ở nơi khác" in answer.text
    assert (project / PATH).read_text(encoding="utf-8") == changed


def test_a_new_report_starts_from_the_latest(client):
    values = form_of(client, NEW)
    assert {k: v for k, v in values.items() if k not in ("csrf_token", "hash")} == {
        "as_of": "", "tasks.assigned": "10", "tasks.completed": "4", "tasks.on_schedule": "5", "tasks.overdue": "1",
        "indicators.0.actual": "120", "indicators.0.target": "200",
        **{name: value for name, value in values.items() if name.startswith("by_unit.")}}
    assert sorted(name.rsplit(".", 1)[1] for name in values if name.startswith("by_unit.")) == [
        "completed", "on_schedule", "overdue"]


def test_a_new_report_is_appended_read_back_and_committed(client, project):
    before = (project / PATH).read_text(encoding="utf-8")
    code = _top_code(project)
    answer = post(client, NEW, {"as_of": "2026-03-31", "tasks.assigned": "12", "tasks.completed": "6",
                                f"by_unit.{code}.tasks.completed": "6", "indicators.0.actual": "150"})
    assert answer.status_code == 302, answer.text
    assert answer.headers["Location"] == f"/so-lieu/{KEY}/2026-03-31"
    assert git(project, "log", "-1", "--format=%an <%ae>|%s") == f"{EDITOR}|Thêm kỳ báo cáo 31/3/2026: {TITLE}\n"
    assert git(project, "show", "--format=", "--numstat", "HEAD") == f"15\t0\t{PATH}\n"  # lines added only
    after = (project / PATH).read_text(encoding="utf-8")
    # every line, every comment kept; the new report after the last one, the file's closing comment still last
    assert after == before.replace("# ghi chú cuối tệp\n", "") + (
        "  - as_of: 2026-03-31\n"
        "    tasks:\n"
        "      assigned: 12\n"
        "      completed: 6\n"
        "      on_schedule: 5\n"
        "      overdue: 1\n"
        "    indicators:\n"
        "      - id: ho-so-truc-tuyen\n"
        "        name: Hồ sơ trực tuyến\n"
        "        unit: hồ sơ\n"
        "        actual: 150\n"
        "        target: 200\n"
        "    by_unit:\n"
        f'      "{code}":\n'
        "        tasks: {completed: 6, on_schedule: 5, overdue: 1}\n"  # written as the report it copies
        "# ghi chú cuối tệp\n")
    programme = next(p for p in load_programmes(project / "data", project, units=load_units(project / "data"))
                     if p.id == "thu-nghiem")
    latest = programme.latest
    assert (str(latest.as_of), latest.tasks.assigned, latest.indicator("ho-so-truc-tuyen").actual) == (
        "2026-03-31", 12, 150)
    site = SiteData.load(project / "data", project)
    assert (site.stats_pages["thu-nghiem"].as_of, site.stats_pages["thu-nghiem"].previous_as_of) == (
        "31/3/2026", "25/12/2025")
    assert status(project) == ""


def test_a_new_report_on_a_date_already_reported_is_refused_beside_the_date(client, project):
    history = log(project)
    answer = post(client, NEW, {"as_of": "2025-12-25"})
    assert answer.status_code == 422
    assert beside(answer.text, "as_of") == (
        "đã có kỳ báo cáo cùng ngày chốt số liệu (as_of) 2025-12-25 ở dòng 5; mỗi kỳ báo cáo một ngày: "
        "hãy sửa ngày, hoặc gộp hai kỳ làm một")
    assert log(project) == history and status(project) == ""


def test_a_new_report_needs_its_date_and_right_sums(client, project):
    answer = post(client, NEW, {"as_of": "", "tasks.completed": "5"})
    assert answer.status_code == 422
    assert beside(answer.text, "as_of") == ("hãy ghi ngày chốt số liệu của kỳ mới, dạng năm-tháng-ngày, "
                                            "ví dụ 2026-03-31")
    answer = post(client, NEW, {"as_of": "2026-03-31", "tasks.completed": "5"})
    assert beside(answer.text, "tasks.assigned") == (
        "tổng số nhiệm vụ được giao (assigned) là 10, nhưng đã hoàn thành (completed) 5 + theo tiến độ "
        "(on_schedule) 5 + quá hạn (overdue) 1 = 11; hãy sửa cho khớp")
    assert status(project) == ""


def test_unknown_programme_or_report_is_not_found(client):
    assert client.get("/so-lieu/000000000000/2025-12-25", base_url=BASE).status_code == 404
    assert client.get(f"/so-lieu/{KEY}/2024-01-01", base_url=BASE).status_code == 404
    assert client.get(f"/so-lieu/{KEY}/..%2F..%2Fmkdocs.yml", base_url=BASE).status_code == 404


def test_the_figures_pages_are_valid_html(client, tmp_path):
    pages = {"list": client.get("/so-lieu/", base_url=BASE).text, "report": client.get(REPORT, base_url=BASE).text,
             "new": client.get(NEW, base_url=BASE).text,
             "errors": post(client, NEW, {"as_of": "2025-12-25", "tasks.assigned": "11"}).text,
             "excel": upload(client, client.get(f"/so-lieu/{KEY}/mau.xlsx", base_url=BASE).data).text,
             "excel-errors": upload(client, sheet([["Mã"], ["tasks.assigned", "", "mười"]])).text}
    assert_valid_html(pages, "list", tmp_path / "pages")


# "Nhập từ Excel"

def sheet(rows):
    """An .xlsx as a clerk's Excel would save it; `#DIV/0!` is written as Excel writes an error's result."""
    import io

    from openpyxl import Workbook
    book = Workbook()
    book.active.title = "Số liệu"
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, data, name="so-lieu.xlsx"):
    import io
    return client.post(f"{NEW}/excel", base_url=BASE, content_type="multipart/form-data",
                       data={"csrf_token": token(client, NEW), "bang_tinh": (io.BytesIO(data), name)})


def test_the_template_read_back_fills_the_new_report(client, project):
    import io

    from openpyxl import load_workbook

    answer = client.get(f"/so-lieu/{KEY}/mau.xlsx", base_url=BASE)
    assert answer.status_code == 200
    assert answer.headers["Content-Disposition"] == "attachment; filename=thu-nghiem-mau.xlsx"
    book = load_workbook(io.BytesIO(answer.data))
    rows = [list(r) for r in book["Số liệu"].iter_rows(values_only=True)]
    code = _top_code(project)
    assert rows[:4] == [["Mã (không sửa)", "Số liệu", "Số"],
                        ["as_of", "Ngày chốt số liệu của kỳ mới (năm-tháng-ngày, ví dụ 2026-03-31)", None],
                        ["tasks.assigned", "Số nhiệm vụ: số nhiệm vụ được giao", 10],
                        ["tasks.completed", "Số nhiệm vụ: số nhiệm vụ đã hoàn thành", 4]]
    assert [r[0] for r in rows[4:]] == ["tasks.on_schedule", "tasks.overdue", "indicators.0.actual",
                                        "indicators.0.target", f"by_unit.{code}.tasks.completed",
                                        f"by_unit.{code}.tasks.on_schedule", f"by_unit.{code}.tasks.overdue"]
    rows[1][2] = "2026-03-31"
    rows[6][2] = 150  # indicators.0.actual
    answer = upload(client, sheet(rows))
    assert answer.status_code == 200, answer.text
    assert "Đã đọc 9 số từ so-lieu.xlsx: hãy xem lại rồi bấm Lưu." in answer.text
    assert re.search(r"<tr><td>Hồ sơ trực tuyến: số đạt được</td><td>120</td><td>150</td></tr>", answer.text)
    values = form_of_page(answer.text)
    assert (values["as_of"], values["indicators.0.actual"], values["tasks.assigned"]) == ("2026-03-31", "150", "10")
    assert status(project) == ""  # read, shown, not written
    saved = client.post(NEW, base_url=BASE, data=values)
    assert saved.status_code == 302, saved.text
    assert git(project, "log", "-1", "--format=%s") == f"Thêm kỳ báo cáo 31/3/2026: {TITLE}\n"


def form_of_page(page):
    values = dict(re.findall(r'<input[^>]* name="([^"]+)" value="([^"]*)"', page))
    return {k: unescape(v) for k, v in values.items()}


def test_mistakes_in_the_sheet_name_sheet_row_and_column(client, project):
    rows = [["Mã", "Số liệu", "Số"], ["as_of", "", "2026-03-31"],
            ["tasks.completed", "", "#DIV/0!"],      # an error cell: calamine reads ''
            ["tasks.on_schedule", "", "5 nhiệm vụ"],  # text in a number cell
            ["tasks.overdue", "", "=A1*0"],          # a formula no program has computed: no saved result
            ["indicators.0.actual", "", 130]]
    answer = upload(client, sheet(rows))
    assert answer.status_code == 422
    assert re.findall(r"<li>(.*?)</li>", answer.text.split('id="error-bang_tinh"')[1].split("</ul>")[0]) == [
        "trang tính &#39;Số liệu&#39;, dòng 3, cột C: ô trống, hoặc công thức không có kết quả hay báo lỗi "
        "(như #DIV/0!); hãy ghi số vào ô này",
        "trang tính &#39;Số liệu&#39;, dòng 4, cột C: &#39;5 nhiệm vụ&#39; là chữ, không phải số; hãy chỉ ghi số "
        "(phần thập phân sau dấu chấm hoặc theo cách Excel hiện số)",
        "trang tính &#39;Số liệu&#39;, dòng 5, cột C: ô trống, hoặc công thức không có kết quả hay báo lỗi "
        "(như #DIV/0!); hãy ghi số vào ô này"]
    assert status(project) == ""


def test_a_file_that_is_not_a_sheet_is_refused(client, project):
    answer = upload(client, b"%PDF-1.4 not a sheet", "so-lieu.xlsx")
    assert answer.status_code == 422
    assert ("tệp không đọc được như một bảng tính .xlsx, .xls hoặc .ods; hãy lưu lại bằng Excel "
            "(hoặc LibreOffice) rồi chọn lại tệp") in unescape(answer.text)
    assert status(project) == ""


def test_a_new_report_that_would_rewrite_other_lines_is_refused(client, project):
    """ruamel.yaml writes a flow mapping back with its own spacing: the file would change where the clerk
    changed nothing, so nothing is written."""
    spaced = (project / PATH).read_text(encoding="utf-8").replace("{completed: 4, on_schedule",
                                                                  "{completed: 4,  on_schedule")
    (project / PATH).write_text(spaced, encoding="utf-8")
    git(project, "commit", "-qam", "Cách dòng riêng")
    history = log(project)
    answer = post(client, NEW, {"as_of": "2026-03-31"})
    assert answer.status_code == 422
    assert ("thêm kỳ báo cáo sẽ làm đổi các dòng đã có của tệp (ghi chú, dấu ngoặc kép); tệp chưa được sửa: "
            "hãy nhờ người quản trị thêm kỳ báo cáo này") in unescape(answer.text)
    assert (project / PATH).read_text(encoding="utf-8") == spaced
    assert log(project) == history and status(project) == ""


def test_a_crlf_file_keeps_its_line_ends(client, project):
    crlf = (project / PATH).read_bytes().replace(b"\n", b"\r\n")
    (project / PATH).write_bytes(crlf)
    git(project, "commit", "-qam", "CRLF")
    assert post(client, REPORT, {"indicators.0.target": "250"}).status_code == 302
    assert (project / PATH).read_bytes() == crlf.replace(b"target: 200\r\n", b"target: 250\r\n")
    assert post(client, NEW, {"as_of": "2026-03-31"}).status_code == 302
    data = (project / PATH).read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n") == crlf.count(b"\n") + 15
