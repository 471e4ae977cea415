"""The demo site, built with `mkdocs build --strict`: the seed's figures, from data/, on every page."""
import json
import re
import subprocess
import sys

import pytest

from sitebuild import DEMO, DEMO_BULLETIN, DEMO_PROGRAMME, REPO, copy_project, make_project, mkdocs_build

DATA_FILE = f"data/programmes/{DEMO_PROGRAMME}.yml"
ARTICLE = "tin-tuc/ban-chi-dao-chuyen-doi-so-trong-cac-co-quan-dang-tong-ket-cong-tac-nam-2025-trien-khai/index.html"
ARTICLE_SOURCE = f"docs/tin-tuc/{DEMO_BULLETIN}.md"


@pytest.fixture(scope="module")
def site(demo_site):
    return demo_site


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_bulletin_figures_come_from_data(site):
    text = text_of((site / ARTICLE).read_text(encoding="utf-8"))
    assert "Thứ ba - 30/12/2025 08:30" in text
    assert ("Tính đến 25/12/2025, Ban Chỉ đạo đã giao 309 nhiệm vụ, trong đó: 189 nhiệm vụ đã hoàn thành (61%); "
            "93 nhiệm vụ đang thực hiện theo tiến độ (30%); 27 nhiệm vụ đang thực hiện quá hạn (9%).") in text
    for phrase in ("kết nối trực tuyến đến 3.213 điểm cầu", "đã ban hành 36 văn bản", "kết nối tới 100% cấp tỉnh",
                   "đưa vào sử dụng 109/156 quy trình, 47 quy trình còn lại",
                   "hoàn thành trong quý 1/2026", "với 176.907 tài khoản", "duy trì trên 160.000 lượt truy cập/ngày"):
        assert phrase in text
    assert "{{" not in text and "176,907" not in text


def test_bulletin_source_has_no_typed_figures():
    source = (DEMO / ARTICLE_SOURCE).read_text(encoding="utf-8")
    body = source.split("---", 2)[2]
    for figure in ("309", "189", "61%", "93", "30%", "27", "9%", "109", "156", "176.907", "160.000", "3.213", "36",
                   "100%"):
        assert not re.search(rf"(?<![\d.,/-]){re.escape(figure)}(?![\d.,])", body), figure


def test_statistics_page(site):
    html = (site / f"thong-ke/{DEMO_PROGRAMME}/index.html").read_text(encoding="utf-8")
    text = text_of(html)
    assert ("Tính đến 25/12/2025, Ban Chỉ đạo Chuyển đổi số trong các cơ quan Đảng đã giao 309 nhiệm vụ, trong đó: "
            "189 nhiệm vụ đã hoàn thành (61%); 93 nhiệm vụ đang thực hiện theo tiến độ (30%); "
            "27 nhiệm vụ đang thực hiện quá hạn (9%).") in text
    assert "Căn cứ: Quyết định số 204-QĐ/TW." in text
    assert "Cơ quan báo cáo: Ban Chỉ đạo Chuyển đổi số trong các cơ quan Đảng." in text
    rows = re.findall(r"<tr>\s*<th scope=\"row\">([^<]+)</th>\s*<td class=\"bt-num\">([^<]+)</td>\s*"
                      r"<td class=\"bt-num\">([^<]+)</td>", html)
    # the status table first; the table of the reports follows (the demo has a sample report of 30/9/2025)
    assert rows[:4] == [("Đã hoàn thành", "189", "61%"), ("Đang thực hiện theo tiến độ", "93", "30%"),
                        ("Đang thực hiện quá hạn", "27", "9%"), ("Tổng số được giao", "309", "100%")]
    row = re.search(r'<tr id="chi-tieu-quy-trinh-nghiep-vu">(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r"<td[^>]*>([^<]+)</td>", row) == [
        "109\u00a0quy\u00a0trình", "156\u00a0quy\u00a0trình", "47\u00a0quy\u00a0trình", "quý\u00a01/2026",
        f"tăng{NB}14"]  # change since the sample report of 30/9/2025, in words
    assert '<progress max="100" value="69.9"' in row and "69,9%" in row
    assert "176.907 tài khoản" in text
    # under the tasks, the indicators and (with the sample report of 30/9/2025) the table of the reports
    assert html.count(f'href="../../du-lieu/{DEMO_PROGRAMME}.csv"') == 3
    assert ('role="img" aria-label="Tỷ lệ nhiệm vụ theo tình trạng, tính đến 25/12/2025: Đã hoàn thành: 61%; '
            'Đang thực hiện theo tiến độ: 30%; Đang thực hiện quá hạn: 9%"') in html


def test_statistics_index(site):
    text = text_of((site / "thong-ke/index.html").read_text(encoding="utf-8"))
    assert "Đề án chuyển đổi số trong các cơ quan Đảng" in text
    assert "đã giao 309 nhiệm vụ" in text


def test_open_data_json(site):
    document = json.loads((site / f"du-lieu/{DEMO_PROGRAMME}.json").read_text(encoding="utf-8"))
    assert document["id"] == f"{DEMO_PROGRAMME}"
    assert document["title"] == "Đề án chuyển đổi số trong các cơ quan Đảng"
    assert [r["as_of"] for r in document["reports"]] == ["2025-09-30", "2025-12-25"]  # with the sample report
    report = document["reports"][-1]
    assert report["as_of"] == "2025-12-25"
    assert report["tasks"]["assigned"] == 309
    assert report["tasks"]["counts"] == {"completed": 189, "on_schedule": 93, "overdue": 27}
    assert report["tasks"]["percent"] == {"completed": 61, "on_schedule": 30, "overdue": 9}
    actuals = {i["id"]: (i["actual"], i["target"]) for i in report["indicators"]}
    assert actuals["quy-trinh-nghiep-vu"] == (109, 156)
    assert actuals["tai-khoan-dieu-hanh"] == (176907, None)


def test_open_data_csv(site):
    raw = (site / f"du-lieu/{DEMO_PROGRAMME}.csv").read_bytes()
    assert raw.startswith("\ufeffTính đến;Phần;Mã;Tên;".encode())
    assert "2025-12-25;Nhiệm vụ;completed;Đã hoàn thành;nhiệm vụ;;189;;61;" in raw.decode("utf-8-sig")


def test_heading_ids_keep_d(tmp_path):
    project = copy_project(tmp_path / "p")
    (project / "docs/thu.md").write_text("# Thử\n\n## Đảng viên điện tử\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert 'id="dang-vien-dien-tu"' in (tmp_path / "site/thu/index.html").read_text(encoding="utf-8")


WRONG_SUM = ("tasks: tổng số nhiệm vụ được giao (assigned) là 309, nhưng đã hoàn thành (completed) 189 "
             "+ theo tiến độ (on_schedule) 93 + quá hạn (overdue) 26 = 308; hãy sửa cho khớp")


def test_broken_data_fails_the_build_with_file_and_line(tmp_path):
    project = copy_project(tmp_path / "p")
    data = project / DATA_FILE
    data.write_text(data.read_text(encoding="utf-8").replace("overdue: 27", "overdue: 26"), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert f"{DATA_FILE}:9: {WRONG_SUM}" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "site" / ARTICLE).exists()


def test_unknown_name_in_bulletin_fails_with_page_line(tmp_path):
    project = copy_project(tmp_path / "p")
    page = project / ARTICLE_SOURCE
    page.write_text(page.read_text(encoding="utf-8").replace("{{ programme.basis }}", "{{ programme.basic }}"),
                    encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert (f"docs/tin-tuc/{DEMO_BULLETIN}.md:20: không có trường 'basic' "
            "(ý bạn là 'basis'?)") in result.stderr
    assert "Traceback" not in result.stderr


def test_make_build_and_check_exit_non_zero(tmp_path):
    project = make_project(tmp_path / "p")
    data = project / DATA_FILE
    data.write_text(data.read_text(encoding="utf-8").replace("overdue: 27", "overdue: 26"), encoding="utf-8")
    for target in ("check", "build"):
        result = subprocess.run(["make", "-s", "-o", ".venv/.site-deps", target], cwd=project,
                                capture_output=True, text=True)
        assert result.returncode != 0, target
        assert f"{DATA_FILE}:9: {WRONG_SUM}" in result.stderr, target
        assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert [line for line in result.stderr.splitlines() if not line.startswith("make")] == [
        "Có 1 lỗi, trang chưa được tạo:",
        f"  {DATA_FILE}:9: {WRONG_SUM}",
        "Trang đang đăng vẫn giữ nguyên, chưa có gì thay đổi.",
    ]


def test_make_build_reports_an_unexpected_failure_without_traceback(tmp_path):
    """A disk that fills up while MkDocs writes pages (files over 8 KB fail)."""
    project = make_project(tmp_path / "p")
    result = subprocess.run(["bash", "-c", "ulimit -f 8 && make -s -o .venv/.site-deps build"], cwd=project,
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "Lỗi ngoài dự kiến khi dựng trang: OSError: [Errno 27] File too large" in result.stderr
    assert "Trang đang đăng vẫn giữ nguyên, chưa có gì thay đổi." in result.stderr
    assert "Traceback" not in result.stderr and "INFO" not in result.stderr
    assert not (project / "site").exists()


def test_make_build_says_where_it_built(tmp_path):
    project = make_project(tmp_path / "p")
    result = subprocess.run(["make", "-s", "-o", ".venv/.site-deps", "build"], cwd=project, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(rf"Đã dựng xong trang vào {project}/site \(\d+(,\d)? giây\)\.\n", result.stdout)
    assert result.stderr == ""


def test_no_state_leaks_between_builds(tmp_path):
    """`mkdocs serve` rebuilds in one process: the second build must see the new data."""
    project = copy_project(tmp_path / "p")
    code = f"""
import os, sys
from pathlib import Path
from mkdocs.config import load_config
from mkdocs.commands.build import build
project = Path({str(project)!r})
data = project / {DATA_FILE!r}
for run, overdue in enumerate(("27", "29")):
    data.write_text(data.read_text(encoding="utf-8").replace("overdue: 27", "overdue: " + overdue)
                    .replace("assigned: 309", "assigned: " + str(282 + int(overdue))), encoding="utf-8")
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(project / f"site{{run}}")))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    first = json.loads((project / f"site0/du-lieu/{DEMO_PROGRAMME}.json").read_text())
    second = json.loads((project / f"site1/du-lieu/{DEMO_PROGRAMME}.json").read_text())
    assert first["reports"][-1]["tasks"]["counts"]["overdue"] == 27
    assert second["reports"][-1]["tasks"]["counts"]["overdue"] == 29
    assert second["reports"][-1]["tasks"]["assigned"] == 311


def test_unread_data_file_is_a_warning_that_strict_stops_on(tmp_path):
    project = copy_project(tmp_path / "p")
    (project / "data/programmes/cds.yml.txt").write_text("title: x\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert ("WARNING -  data/programmes/cds.yml.txt: tệp không được đọc: số liệu phải ở tệp có đuôi .yml"
            in result.stderr)
    assert "Aborted with 1 warnings in strict mode!" in result.stdout + result.stderr


def test_broken_visits_file_fails_the_build(tmp_path):
    project = copy_project(tmp_path / "p")
    (project / "data/visits.yml").write_text("days: [1, 2]\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "  data/visits.yml:1: days: phải là một bảng `khóa: giá trị`" in result.stderr
    assert "Traceback" not in result.stderr


def test_statistics_page_shows_change_since_the_previous_report(site):
    """The demo's sample report of 30/9/2025 (marked so in its data file) is the previous report."""
    html = (site / f"thong-ke/{DEMO_PROGRAMME}/index.html").read_text(encoding="utf-8")
    text = text_of(html)
    assert "Tình trạng Số nhiệm vụ Tỷ lệ Thay đổi so với 30/9/2025" in text
    # the change column in words, as reports write it: never `+12`, `0`, `-3`
    assert "Đã hoàn thành 189 61% tăng 12" in text and "Đang thực hiện theo tiến độ 93 30% không đổi" in text
    assert "Đang thực hiện quá hạn 27 9% giảm 3" in text
    row = re.search(r'<tr id="chi-tieu-quy-trinh-nghiep-vu">(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r"<td[^>]*>([^<]+)</td>", row)[-1] == f"tăng{NB}14"
    # the history's headings are the statuses' own names, as the programme words them
    assert ("Các kỳ báo cáo Số nhiệm vụ qua các kỳ báo cáo Tính đến Tổng số được giao Đã hoàn thành "
            "Đang thực hiện theo tiến độ Đang thực hiện quá hạn "
            "25/12/2025 309 189 (61%) 93 (30%) 27 (9%) 30/9/2025 300 177 (59%) 93 (31%) 30 (10%)") in text
    # the change, in words, under the headline and in the indicators' section
    assert ("Tính đến 25/12/2025, Ban Chỉ đạo Chuyển đổi số trong các cơ quan Đảng đã giao 309 nhiệm vụ, trong đó: "
            "189 nhiệm vụ đã hoàn thành (61%); 93 nhiệm vụ đang thực hiện theo tiến độ (30%); "
            "27 nhiệm vụ đang thực hiện quá hạn (9%). "
            "So với kỳ báo cáo 30/9/2025, số nhiệm vụ được giao tăng 9 nhiệm vụ (từ 300 lên 309); theo tình trạng: đã "
            "hoàn thành tăng 12 nhiệm vụ (từ 177 lên 189), đang thực hiện theo tiến độ giữ nguyên (93 nhiệm vụ), đang "
            "thực hiện quá hạn giảm 3 nhiệm vụ (từ 30 xuống 27); tỷ lệ hoàn thành (làm tròn đến một chữ số thập phân) "
            "tăng 2,2 điểm phần trăm (từ 59,0% lên 61,2%). "
            "Tiến độ nhiệm vụ") in text
    assert ("Chỉ tiêu So với kỳ báo cáo 30/9/2025, số quy trình nghiệp vụ lõi được tái cấu trúc, đưa vào sử dụng "
            "tăng 14 quy trình (từ 95 lên 109); số tài khoản trên Hệ thống điều hành tác nghiệp tăng 6.907 tài khoản "
            "(từ 170.000 lên 176.907); số lượt truy cập Hệ thống điều hành tác nghiệp mỗi ngày (duy trì) "
            "tăng từ trên 150.000 lên trên 160.000 lượt truy cập/ngày; số văn bản quan trọng về chuyển đổi số do các "
            "cơ quan Đảng ở Trung ương ban hành tăng 2 văn bản (từ 34 lên 36); tỷ lệ cấp tỉnh và cấp xã kết nối "
            "mạng máy tính chuyên dùng có bảo mật tăng 2,5 điểm phần trăm (từ 97,5% lên 100%). Kết quả") in text
    assert f"tăng 6.907{NB}tài{NB}khoản (từ 170.000 lên 176.907)" in html  # a figure and its unit on one line
    document = json.loads((site / f"du-lieu/{DEMO_PROGRAMME}.json").read_text(encoding="utf-8"))
    assert [r["as_of"] for r in document["reports"]] == ["2025-09-30", "2025-12-25"]


def test_statistics_page_of_a_first_report_has_no_change(tmp_path):
    project = copy_project(tmp_path / "p")
    data = project / DATA_FILE
    text = data.read_text(encoding="utf-8")
    data.write_text(text[:text.index("  # SỐ LIỆU MẪU")], encoding="utf-8")  # the demo without its sample report
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / f"site/thong-ke/{DEMO_PROGRAMME}/index.html").read_text(encoding="utf-8")
    assert "So với kỳ báo cáo" not in html and "Thay đổi" not in html
    assert 'class="bt-trend' not in html and "Các kỳ báo cáo" not in html
    assert ("Quy trình nghiệp vụ lõi được tái cấu trúc, đưa vào sử dụng (chỉ tiêu, đã thực hiện được 69,9% so với "
            "mục tiêu)") in text_of(html)


def test_trend_chart_beside_the_status_chart(site):
    """Both charts are valid SVG; each one's figures are its table's: the status bar the status table, the
    trend chart the table of the reports."""
    import xml.etree.ElementTree as ET

    html = (site / STATS).read_text(encoding="utf-8")
    bar = ET.fromstring(re.search(r'<svg class="bt-chart bt-bar".*?</svg>', html, re.S).group(0))
    trend = ET.fromstring(re.search(r'<svg class="bt-trend".*?</svg>', html, re.S).group(0))
    status_rows = re.findall(r'<tr>\s*<th scope="row">([^<]+)</th>\s*<td class="bt-num">[^<]+</td>\s*'
                             r'<td class="bt-num">([^<]+)</td>', html)[:3]
    assert re.findall(r"(?:: |; )([^:;]+): ([^;]+)", bar.get("aria-label").split(", tính đến 25/12/2025")[1]) == \
        status_rows
    history = re.search(r'<h2 id="cac-ky-bao-cao">.*?</table>', html, re.S).group(0)
    table = {cells[0]: [re.sub(r"\s\(.*", "", c) for c in cells[2:]]
             for cells in (re.findall(r"<t[hd][^>]*>([^<]+)</t[hd]>", row)
                           for row in re.findall(r"<tr><th scope=\"row\">.*?</tr>", history))}
    label = trend.get("aria-label")
    assert label.startswith("Số nhiệm vụ theo tình trạng qua các kỳ báo cáo: 30/9/2025: ")
    charted = {when: re.findall(r"(?:^|, )[^,]*? (\d[\d.]*)(?=,|$)", figures)
               for when, figures in re.findall(r"(\d{1,2}/\d{1,2}/\d{4}): ([^;]+)", label)}
    assert charted == table == {"30/9/2025": ["177", "93", "30"], "25/12/2025": ["189", "93", "27"]}
    ns = "{http://www.w3.org/2000/svg}"
    shown = [t.text for t in trend.iter(ns + "text")]
    assert shown == ["30/9/2025 · 300\u00a0nhiệm\u00a0vụ · đã hoàn thành 59%", "177", "93", "30",
                     "25/12/2025 · 309\u00a0nhiệm\u00a0vụ · đã hoàn thành 61%", "189", "93", "27"]
    fills = [r.get("fill") for r in trend.findall(ns + "rect")]
    assert fills == ["#1b7f3b", f"url(#bt-{DEMO_PROGRAMME}-ky-cheo)",
                     f"url(#bt-{DEMO_PROGRAMME}-ky-cham)"] * 2  # the status bar's colours and patterns
    legends = re.findall(r'<ul class="bt-legend">(.*?)</ul>', html, re.S)
    assert len(legends) == 2 and re.findall(r"<span>([^<]+)</span>", legends[1]) == [
        "Đã hoàn thành", "Đang thực hiện theo tiến độ", "Đang thực hiện quá hạn"]


def test_deadlines_on_the_statistics_page_and_the_home_page(site):
    line = ("Quy trình nghiệp vụ lõi được tái cấu trúc, đưa vào sử dụng (chỉ tiêu, đã thực hiện được 69,9% so với "
            "mục tiêu): hạn quý 1/2026, còn 96 ngày")  # then "." (after the days' element)
    stats = text_of((site / STATS).read_text(encoding="utf-8"))
    assert ("Thời hạn Các nhiệm vụ chưa hoàn thành và các chỉ tiêu chưa đạt đã quá hạn, sắp đến hạn (trong 30 ngày "
            "tới) hoặc đến hạn trong quý 1/2026; số ngày tính từ ngày chốt số liệu 25/12/2025. "
            "Đến hạn trong quý 1/2026 " + line) in stats
    home = text_of((site / "index.html").read_text(encoding="utf-8"))
    assert "Thời hạn, tính đến 25/12/2025 " + line in home


def test_broken_front_matter_of_any_page_fails_with_line(tmp_path):
    project = copy_project(tmp_path / "p")
    (project / "docs/thu.md").write_text("---\ntitle: Họp: thử\n---\n\n# Thử\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert ("docs/thu.md:2: lỗi cú pháp YAML, cột 11: dấu ':' không đúng chỗ; nếu giá trị có chứa "
            "': ', hãy đặt cả giá trị trong ngoặc kép") in result.stderr


def test_statistics_page_lists_tasks_overdue_first(tmp_path):
    project = copy_project(tmp_path / "p")
    (project / "data/programmes/ke-hoach-phuong.yml").write_text(
        "title: Kế hoạch chuyển đổi số phường\nreports:\n  - as_of: 2025-12-25\n    task_list:\n"
        "      - {title: Số hóa hồ sơ một cửa, due: 2025-10-31, done: 2025-10-15, unit: Bộ phận một cửa}\n"
        "      - {title: Cập nhật cổng thông tin, due: 2025-11-30, done: 2025-12-05}\n"
        "      - {title: Tập huấn chữ ký số, due: 2026-Q1, unit: Văn phòng}\n"
        "      - {title: Rà soát dữ liệu dân cư, due: 2025-12-01, unit: Công an phường}\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site/thong-ke/ke-hoach-phuong/index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr class="bt-task[^"]*"><th scope="row">([^<]+)</th><td>([^<]+)</td><td>([^<]+)</td>'
                      r'<td>([^<]+)</td><td>([^<]+)</td></tr>', html)
    assert rows == [
        ("Rà soát dữ liệu dân cư", "Công an phường", "1/12/2025", "—", "Đang thực hiện quá hạn"),
        ("Tập huấn chữ ký số", "Văn phòng", "quý\u00a01/2026", "—", "Đang thực hiện theo tiến độ"),
        ("Cập nhật cổng thông tin", "—", "30/11/2025", "5/12/2025", "Hoàn thành trễ hạn"),
        ("Số hóa hồ sơ một cửa", "Bộ phận một cửa", "31/10/2025", "15/10/2025", "Hoàn thành đúng hạn"),
    ]
    assert ("Tính đến 25/12/2025, đã giao 4 nhiệm vụ, trong đó: 2 nhiệm vụ đã hoàn thành (50%); "
            "1 nhiệm vụ đang thực hiện theo tiến độ (25%); 1 nhiệm vụ đang thực hiện quá hạn (25%).") in text_of(html)
    assert "Đã hoàn thành (trong đó 1 đúng hạn, 1 trễ hạn)" in text_of(html)


def test_statistics_page_of_a_programme_task_list(tmp_path):
    """One task list for the programme; each report counts it as of its own date, and says who leads each task."""
    project = copy_project(tmp_path / "p")
    (project / "data/programmes/ke-hoach-phuong.yml").write_text(
        "title: Kế hoạch chuyển đổi số phường\ntask_list:\n"
        "  - {title: Số hóa hồ sơ một cửa, due: 2025-10-31, done: 2025-10-31, chu_tri: Bộ phận một cửa}\n"
        "  - title: Cập nhật cổng thông tin\n    due: 2025-09-30\n    done: 2025-11-15\n    chu_tri: Văn phòng\n"
        "    phoi_hop: [Công an phường, Đoàn thanh niên]\n"
        "  - {title: Rà soát dữ liệu dân cư, due: 2025-12-01, chu_tri: Công an phường}\n"
        "reports:\n  - as_of: 2025-09-30\n  - as_of: 2025-12-25\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site/thong-ke/ke-hoach-phuong/index.html").read_text(encoding="utf-8")
    assert ("Nhiệm vụ Chủ trì Hạn Hoàn thành Tình trạng Rà soát dữ liệu dân cư Công an phường 1/12/2025 — "
            "Đang thực hiện quá hạn Cập nhật cổng thông tin Văn phòng Phối hợp: Công an phường, Đoàn thanh niên "
            "30/9/2025 15/11/2025 Hoàn thành trễ hạn Số hóa hồ sơ một cửa Bộ phận một cửa 31/10/2025 31/10/2025 "
            "Hoàn thành đúng hạn") in text_of(html)
    assert "Đơn vị thực hiện" not in html
    assert ("25/12/2025 3 2 (67%) 0 (0%) 1 (33%) 30/9/2025 3 0 (0%) 3 (100%) 0 (0%)") in text_of(html)
    document = json.loads((tmp_path / "site/du-lieu/ke-hoach-phuong.json").read_text(encoding="utf-8"))
    first, second = document["reports"]
    assert [t["status"] for t in first["task_list"]] == ["on_schedule"] * 3
    assert first["task_list"][1]["done"] is None and second["task_list"][1]["done"] == "2025-11-15"
    assert second["task_list"][1]["phoi_hop"] == ["Công an phường", "Đoàn thanh niên"]


STATS = f"thong-ke/{DEMO_PROGRAMME}/index.html"
NB = "\u00a0"


def test_statistics_page_qualifiers_units_and_reached_indicators(site):
    html = (site / STATS).read_text(encoding="utf-8")
    cells = {id_: re.findall(r"<td[^>]*>([^<]+)</td>", row)
             for id_, row in re.findall(r'<tr id="chi-tieu-([^"]+)">(.*?)</tr>', html, re.S)}
    # "trên 160.000" after "trên 150.000" (sample report of 30/9/2025): no exact change to show
    assert cells["luot-truy-cap-dieu-hanh"] == [f"trên{NB}160.000{NB}lượt truy cập/ngày", "—", "—", "—", "—", "—"]
    assert cells["tai-khoan-dieu-hanh"][0] == f"176.907{NB}tài{NB}khoản"
    # reached: the remaining cell says so, never "0%"
    assert cells["ket-noi-mang-chuyen-dung"] == ["100%", "100%", "Đã đạt", "—", f"tăng{NB}2,5"]
    assert "100%</span> · Đã đạt" in html
    assert (f"Tính đến 25/12/2025, Ban Chỉ đạo Chuyển đổi số trong các cơ quan Đảng đã giao 309{NB}nhiệm{NB}vụ, "
            f"trong đó: 189{NB}nhiệm{NB}vụ đã hoàn thành (61%);") in html
    assert f"Tình hình thực hiện 309{NB}nhiệm{NB}vụ được giao, tính đến 25/12/2025" in html
    # the bulletin writes "trên" itself: it still reads once
    article = text_of((site / ARTICLE).read_text(encoding="utf-8"))
    assert "duy trì trên 160.000 lượt truy cập/ngày" in article and "trên trên" not in article


def test_chart_legend_is_text_with_the_tables_numbers(site):
    html = (site / STATS).read_text(encoding="utf-8")
    legend = re.search(r'<ul class="bt-legend">(.*?)</ul>', html, re.S).group(1)
    assert re.findall(r"<span>([^<]+)</span> <strong>([^<]+)</strong>", legend) == [
        ("Đã hoàn thành", "61%"), ("Đang thực hiện theo tiến độ", "30%"), ("Đang thực hiện quá hạn", "9%")]
    rows = re.findall(r'<tr>\s*<th scope="row">([^<]+)</th>\s*<td class="bt-num">[^<]+</td>\s*'
                      r'<td class="bt-num">([^<]+)</td>', html)
    assert rows[:3] == re.findall(r"<span>([^<]+)</span> <strong>([^<]+)</strong>", legend)


def bar_fills(html: str) -> list[str]:
    svg = re.search(r'<svg class="bt-chart bt-bar".*?</svg>', html, re.S).group(0)
    return re.findall(r'<rect x="[^"]+" y="0" width="[^"]+" height="100%" fill="([^"]+)"', svg)


def test_home_page_bars_are_the_statistics_page_bars(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    stats = (site / STATS).read_text(encoding="utf-8")
    fills = ["#1b7f3b", f"url(#bt-{DEMO_PROGRAMME}-cheo)", f"url(#bt-{DEMO_PROGRAMME}-cham)"]
    assert bar_fills(home) == bar_fills(stats) == fills  # overdue red and dotted, never green
    assert "<progress" not in re.search(r'<section class="bt-home__figures".*?</section>', home, re.S).group(0)
    assert "Đang thực hiện quá hạn 9%" in text_of(home)


def test_open_data_csv_reads_back_in_excel_vi(site):
    import csv
    import io

    sys.path.insert(0, str(REPO / "hooks"))
    from bantin.figures.exports import ExcelVi

    text = (site / f"du-lieu/{DEMO_PROGRAMME}.csv").read_text(encoding="utf-8-sig")
    header, *rows = csv.reader(io.StringIO(text), ExcelVi)
    assert header == ["Tính đến", "Phần", "Mã", "Tên", "Đơn vị tính", "Từ chỉ mức", "Giá trị", "Kế hoạch",
                      "Tỷ lệ (%)", "Thời hạn", "Tình trạng", "Đơn vị thực hiện", "Chủ trì", "Phối hợp", "Ghi chú"]
    by_id = {row[2]: row for row in rows}
    assert by_id["quy-trinh-nghiep-vu"] == [
        "2025-12-25", "Chỉ tiêu", "quy-trinh-nghiep-vu", "Quy trình nghiệp vụ lõi được tái cấu trúc, đưa vào sử dụng",
        "quy trình", "", "109", "156", "69,9", "2026-Q1", "Đang thực hiện", "", "", "", ""]
    assert by_id["luot-truy-cap-dieu-hanh"][4:8] == ["lượt truy cập/ngày", "trên", "160000", ""]
    assert by_id["overdue"][3:9] == ["Đang thực hiện quá hạn", "nhiệm vụ", "", "27", "", "9"]


WORDING = """wording:
  on_schedule: Đang thực hiện trong hạn
  overdue: Quá hạn chưa hoàn thành
  actual: Kết quả thực hiện
  target: Kế hoạch
  progress: Tỷ lệ hoàn thành (%)
  due: Thời hạn hoàn thành
"""


def test_statistics_page_in_the_programmes_words(tmp_path):
    project = copy_project(tmp_path / "p")
    data = project / DATA_FILE
    data.write_text(data.read_text(encoding="utf-8").replace("reports:\n", WORDING + "reports:\n"), encoding="utf-8")
    (project / "data/wording.yml").write_text("remaining: Còn phải thực hiện\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    text = text_of((tmp_path / "site" / STATS).read_text(encoding="utf-8"))
    assert ("Chỉ tiêu Kết quả thực hiện Kế hoạch Tỷ lệ hoàn thành (%) Còn phải thực hiện Thời hạn hoàn thành "
            "Thay&nbsp;đổi Quy trình nghiệp vụ lõi") in text  # the change since the sample report of 30/9/2025
    assert ("Tình trạng Số nhiệm vụ Tỷ lệ Thay đổi so với 30/9/2025 Đã hoàn thành 189 61% tăng 12 "
            "Đang thực hiện trong hạn 93 30% không đổi Quá hạn chưa hoàn thành 27 9% giảm 3 Tổng số được giao 309 "
            "100%") in text
    assert "93 nhiệm vụ đang thực hiện trong hạn (30%); 27 nhiệm vụ quá hạn chưa hoàn thành (9%)." in text
    article = text_of((tmp_path / "site" / ARTICLE).read_text(encoding="utf-8"))
    assert "27 nhiệm vụ quá hạn chưa hoàn thành (9%)" in article  # tom_tat says it as the page does


def test_misspelt_wording_fails_the_build_with_file_and_line(tmp_path):
    project = copy_project(tmp_path / "p")
    (project / "data/wording.yml").write_text("# Cách gọi chung\ntaget: Kế hoạch\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert ("data/wording.yml:2: taget: trường không được hỗ trợ (ý bạn là 'target'?); các trường hợp lệ: "
            "completed, on_schedule, overdue, completed_on_time, completed_late, assigned, status, count, percent, "
            "indicator, actual, target, progress, remaining, due, change_sentence, change_up, change_down, "
            "change_same, change_points_up, change_points_down, change_approx_up, change_approx_down, change_assigned, "
            "change_status, change_by_status, change_rate, change_count, change_percent") in result.stderr
    assert "Traceback" not in result.stderr


def test_statistics_layout_at_1280_and_375_px(site):
    """Headings on one line and figures with their units at 1280 px; the bar's figures and legend full size
    on a phone (a scaled SVG legend shrank to 8 px there)."""
    from servers import chromium_browser

    with chromium_browser() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto((site / STATS).as_uri())
        heads = page.evaluate("""() => [...document.querySelectorAll('.bt-indicators thead th')].map(
            th => th.getClientRects().length && Math.round(th.getBoundingClientRect().height))""")
        line = page.evaluate("() => Math.round(parseFloat(getComputedStyle(document.querySelector("
                             "'.bt-indicators thead th')).lineHeight))")
        assert all(height < 2 * line for height in heads), (heads, line)  # one line each
        region = page.locator(".bt-table").nth(1)
        assert region.evaluate("r => r.scrollWidth <= r.clientWidth")
        page.set_viewport_size({"width": 375, "height": 740})
        page.goto((site / STATS).as_uri())
        sizes = page.evaluate("""() => [...document.querySelectorAll('.bt-legend li, .bt-bar text, .bt-trend text')]
            .filter(e => getComputedStyle(e).display !== 'none').map(e => parseFloat(getComputedStyle(e).fontSize))""")
        # 3 legend lines and 2 figures in the bar; the trend chart (the sample report of 30/9/2025): 3 legend
        # lines, 2 labels and the 4 figures wide enough for a phone
        assert len(sizes) == 14 and min(sizes) >= 14, sizes
        assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_statistics_page_shows_the_change_in_tasks_assigned(site):
    html = (site / f"thong-ke/{DEMO_PROGRAMME}/index.html").read_text(encoding="utf-8")
    assert ('<tfoot><tr><th scope="row">Tổng số được giao</th><td class="bt-num">309</td><td class="bt-num">100%</td>'
            f'<td class="bt-num">tăng{NB}9</td></tr></tfoot>') in html
