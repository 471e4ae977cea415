"""`make edit`'s "Số liệu", further: sheets saved by older Excel (.xls) and by LibreOffice (.ods) imported as the
.xlsx is; a programme file's history and undo; its task list edited as a table of rows."""
import io
import re
from html import unescape

from openpyxl import load_workbook

from bantin.edit.documents import file_id
from test_edit import BASE, git, status, token
from test_edit_figures import KEY, NEW, PATH, TITLE, _top_code, client, form_of_page, project, upload  # noqa: F401


def template_rows(client):
    book = load_workbook(io.BytesIO(client.get(f"/so-lieu/{KEY}/mau.xlsx", base_url=BASE).data))
    rows = [list(r) for r in book["Số liệu"].iter_rows(values_only=True)]
    rows[1][2] = "2026-03-31"
    rows[6][2] = 150  # indicators.0.actual
    return rows


def xls(rows) -> bytes:
    """An .xls (BIFF8) as Excel 97-2003 saves it."""
    import xlwt
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Số liệu")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ods(rows) -> bytes:
    """An .ods as LibreOffice Calc saves it: numbers as float cells, the rest as text cells."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P
    document = OpenDocumentSpreadsheet()
    table = Table(name="Số liệu")
    for row in rows:
        line = TableRow()
        for value in row:
            if isinstance(value, (int, float)):
                cell = TableCell(valuetype="float", value=value)
            else:
                cell = TableCell(valuetype="string")
            if value is not None:
                cell.addElement(P(text=str(value)))
            line.addElement(cell)
        table.addElement(line)
    document.spreadsheet.addElement(table)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def test_an_xls_and_an_ods_are_read_as_the_xlsx(client, project):
    rows = template_rows(client)
    for name, data in (("so-lieu.xls", xls(rows)), ("so-lieu.ods", ods(rows))):
        assert data[:4] in (b"\xd0\xcf\x11\xe0", b"PK\x03\x04")  # real files: OLE2 (.xls), zip (.ods)
        answer = upload(client, data, name)
        assert answer.status_code == 200, answer.text
        assert f"Đã đọc 9 số từ {name}: hãy xem lại rồi bấm Lưu." in answer.text
        assert re.search(r"<tr><td>Hồ sơ trực tuyến: số đạt được</td><td>120</td><td>150</td></tr>", answer.text)
        values = form_of_page(answer.text)
        assert (values["as_of"], values["indicators.0.actual"], values["tasks.assigned"]) == ("2026-03-31", "150", "10")
    assert status(project) == ""


def test_mistakes_in_an_ods_name_sheet_row_and_column(client, project):
    rows = [["Mã", "Số liệu", "Số"], ["as_of", "", "2026-03-31"], ["tasks.completed", "", None],
            ["tasks.on_schedule", "", "5 nhiệm vụ"]]
    answer = upload(client, ods(rows), "so-lieu.ods")
    assert answer.status_code == 422
    assert re.findall(r"<li>(.*?)</li>", answer.text.split('id="error-bang_tinh"')[1].split("</ul>")[0]) == [
        "trang tính &#39;Số liệu&#39;, dòng 3, cột C: ô trống, hoặc công thức không có kết quả hay báo lỗi "
        "(như #DIV/0!); hãy ghi số vào ô này",
        "trang tính &#39;Số liệu&#39;, dòng 4, cột C: &#39;5 nhiệm vụ&#39; là chữ, không phải số; hãy chỉ ghi số "
        "(phần thập phân sau dấu chấm hoặc theo cách Excel hiện số)"]


def test_a_programme_file_has_history_and_undo(client, project):
    report = f"/so-lieu/{KEY}/2025-12-25"
    page = client.get("/so-lieu/", base_url=BASE).text
    assert (f'<a href="/cai-dat/lich-su/{KEY}">Lịch sử sửa đổi<span class="visually-hidden"> của “{TITLE}”</span>'
            '</a>') in page
    values = form_of_page(client.get(report, base_url=BASE).text)
    values["indicators.0.actual"] = "130"
    assert client.post(report, base_url=BASE, data=values).status_code == 302
    page = client.get(f"/cai-dat/lich-su/{KEY}", base_url=BASE).text
    assert f"Sửa số liệu kỳ 25/12/2025: {TITLE}" in page and f"<code>{PATH}</code>" in page
    sha = git(project, "log", "-1", "--format=%H").strip()
    answer = client.post(f"/cai-dat/lich-su/{KEY}/hoan-tac", base_url=BASE,
                         data={"csrf_token": token(client, f"/cai-dat/lich-su/{KEY}"), "commit": sha})
    assert answer.status_code == 302
    assert "        actual: 120\n" in (project / PATH).read_text(encoding="utf-8")
    assert git(project, "log", "-1", "--format=%an|%s").strip() == \
        f"Nguyễn Thị Lan|Hoàn tác: Sửa số liệu kỳ 25/12/2025: {TITLE}"
    assert status(project) == ""


TASKS_PATH = "data/programmes/nhiem-vu.yml"
TASKS_FILE = """\
# Chương trình có danh sách nhiệm vụ chung
title: Chương trình nhiệm vụ
task_list:
  - title: Số hóa hồ sơ
    due: 2026-06-30
    chu_tri: Văn phòng
  # nhiệm vụ giao thêm
  - title: Tập huấn cán bộ
    due: 2026-Q2
    chu_tri: Văn phòng
    done: 2026-03-10
reports:
  - as_of: 2026-03-31
"""
def test_a_programmes_task_list_is_a_table_of_rows(client, project):
    """From the programme's declaration in bantin.schema.figures."""
    (project / TASKS_PATH).write_text(TASKS_FILE, encoding="utf-8")
    git(project, "add", TASKS_PATH)
    git(project, "commit", "-qm", "Nhiệm vụ")
    key = file_id(TASKS_PATH)
    url = f"/cai-dat/chuong-trinh/{key}/danh-sach-nhiem-vu"
    page = client.get("/so-lieu/", base_url=BASE).text
    assert (f'<a href="{url}">Danh sách nhiệm vụ<span class="visually-hidden"> của “Chương trình nhiệm vụ”</span>'
            "</a>") in page
    page = client.get(url, base_url=BASE).text
    head = re.search(r"<thead>(.*?)</thead>", page, re.S).group(1)
    assert [unescape(re.sub(r"<[^>]+>", "", h)) for h in re.findall(r"<th[^>]*>(.*?)</th>", head)] == [
        "Số thứ tự", "Tên nhiệm vụ (bắt buộc)", "Hạn hoàn thành (bắt buộc)", "Ngày hoàn thành", "Đơn vị thực hiện",
        "Đơn vị chủ trì", "Đơn vị phối hợp", "Ngày giao", "Sắp xếp"]
    values = form_of_page(page)
    wrong = client.post(url, base_url=BASE, data={**values, "task_list.1.due": "quý 5/2026"})
    assert wrong.status_code == 422
    assert unescape(re.search(r'<p class="error" id="error-task_list.1.due">([^<]*)</p>', wrong.text).group(1)) == \
        "cần một ngày (ví dụ 2026-06-30) hoặc một quý (ví dụ 2026-Q2), không phải chữ 'quý 5/2026'"
    assert status(project) == ""
    added = client.post(url, base_url=BASE, data={**values, "thao_tac": "them:task_list"}).text
    values = form_of_page(added) | {"task_list.2.title": "Mở chuyên mục hỏi đáp", "task_list.2.due": "2026-Q3",
                                    "task_list.2.chu_tri": "Văn phòng"}
    assert client.post(url, base_url=BASE, data=values).status_code == 302
    assert git(project, "show", "--format=%s", "--unified=0", "HEAD").splitlines() == [
        f"Sửa danh sách nhiệm vụ: {TASKS_PATH}", "", f"diff --git a/{TASKS_PATH} b/{TASKS_PATH}",
        "index " + git(project, "rev-parse", "--short", "HEAD~1:" + TASKS_PATH).strip() + ".."
        + git(project, "rev-parse", "--short", "HEAD:" + TASKS_PATH).strip() + " 100644",
        f"--- a/{TASKS_PATH}", f"+++ b/{TASKS_PATH}", "@@ -11,0 +12,3 @@ task_list:",
        "+  - title: Mở chuyên mục hỏi đáp", "+    due: 2026-Q3", "+    chu_tri: Văn phòng"]
