"""A published bulletin is a record: its figures and its address never change because something was added later."""
import re

import pytest

from sitebuild import DEMO_BULLETIN, DEMO_PROGRAMME, build_env, copy_project, mkdocs_build

SOURCE = f"docs/tin-tuc/{DEMO_BULLETIN}.md"
ADDRESS = "tin-tuc/ban-chi-dao-chuyen-doi-so-trong-cac-co-quan-dang-tong-ket-cong-tac-nam-2025-trien-khai/"
DATA_FILE = f"data/programmes/{DEMO_PROGRAMME}.yml"
NEWER = """  - as_of: 2026-03-31
    giu_nguyen: [by_unit]
    tasks:
      assigned: 320
      completed: 231
      on_schedule: 70
      overdue: 19
    indicators:
      - id: quy-trinh-nghiep-vu
        name: Quy trình nghiệp vụ lõi được tái cấu trúc
        unit: quy trình
        actual: 148
        target: 156
        due: 2026-Q1
      - id: tai-khoan-dieu-hanh
        name: Tài khoản Hệ thống điều hành tác nghiệp
        unit: tài khoản
        actual: 190000
"""


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def build(project, site):
    result = mkdocs_build(project, site, build_env())
    return result


def test_a_newer_report_leaves_the_bulletin_as_published(tmp_path):
    """The newer report drops the indicators `diem-cau-hoi-nghi-tong-ket` and `van-ban-chuyen-doi-so` the
    bulletin uses: it still shows its own report's figures."""
    project = copy_project(tmp_path / "p")
    data = project / DATA_FILE
    data.write_text(data.read_text(encoding="utf-8") + NEWER, encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    article = text_of((tmp_path / "site" / ADDRESS / "index.html").read_text(encoding="utf-8"))
    assert ("Tính đến 25/12/2025, Ban Chỉ đạo đã giao 309 nhiệm vụ, trong đó: 189 nhiệm vụ đã hoàn thành (61%); "
            "93 nhiệm vụ đang thực hiện theo tiến độ (30%); 27 nhiệm vụ đang thực hiện quá hạn (9%).") in article
    for phrase in ("kết nối trực tuyến đến 3.213 điểm cầu", "đưa vào sử dụng 109/156 quy trình, 47 quy trình còn lại",
                   "với 176.907 tài khoản", "đã ban hành 36 văn bản"):
        assert phrase in article
    assert "231" not in article and "148/156" not in article
    assert "Số liệu mới hơn: tính đến 31/3/2026" in article
    statistics = text_of((tmp_path / f"site/thong-ke/{DEMO_PROGRAMME}/index.html").read_text("utf-8"))
    assert ("Tính đến 31/3/2026, Ban Chỉ đạo Chuyển đổi số trong các cơ quan Đảng đã giao 320 nhiệm vụ, trong đó: "
            "231 nhiệm vụ đã hoàn thành (72%)") in statistics


def test_a_bulletin_can_name_its_report(tmp_path):
    project = copy_project(tmp_path / "p")
    data = project / DATA_FILE
    data.write_text(data.read_text(encoding="utf-8") + NEWER, encoding="utf-8")
    page = project / SOURCE
    page.write_text(page.read_text(encoding="utf-8").replace(
        f"programme: {DEMO_PROGRAMME}\n", f"programme: {DEMO_PROGRAMME}\nreport: 2026-03-31\n")
        .replace("{{ indicators['diem-cau-hoi-nghi-tong-ket'].actual }}", "nhiều")
        .replace("{{ indicators['van-ban-chuyen-doi-so'].actual }}", "nhiều")
        .replace("{{ indicators['ket-noi-mang-chuyen-dung'].actual }}", "100")
        .replace("{{ indicators['luot-truy-cap-dieu-hanh'].actual }}", "nhiều"), encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    article = text_of((tmp_path / "site" / ADDRESS / "index.html").read_text(encoding="utf-8"))
    assert "Tính đến 31/3/2026, Ban Chỉ đạo đã giao 320 nhiệm vụ" in article and "với 190.000 tài khoản" in article
    assert "Số liệu mới hơn" not in article


@pytest.mark.parametrize("change, message", [
    # the demo's first report is its sample report of 30/9/2025
    (("date: 2025-12-30 08:30", "date: 2025-09-20 08:30"),
     f"{SOURCE}:12: programme: bản tin đăng ngày 20/9/2025, trước kỳ báo cáo đầu tiên (30/9/2025) của chương "
     f"trình '{DEMO_PROGRAMME}'; hãy ghi kỳ báo cáo cần dùng, ví dụ report: 2025-09-30"),
    ((f"programme: {DEMO_PROGRAMME}\n", f"programme: {DEMO_PROGRAMME}\nreport: 2025-12-31\n"),
     f"{SOURCE}:13: report: chương trình '{DEMO_PROGRAMME}' không có kỳ báo cáo ngày 2025-12-31; "
     "các kỳ báo cáo: 2025-09-30, 2025-12-25"),
])
def test_a_bulletin_without_its_report(tmp_path, change, message):
    project = copy_project(tmp_path / "p")
    page = project / SOURCE
    page.write_text(page.read_text(encoding="utf-8").replace(*change), encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode == 1
    assert message in result.stderr


def test_a_corrected_title_keeps_the_address(tmp_path):
    project = copy_project(tmp_path / "p")
    page = project / SOURCE
    page.write_text(page.read_text(encoding="utf-8").replace(
        "title: Ban Chỉ đạo Chuyển đổi số trong các cơ quan Đảng tổng kết",
        "title: Ban Chỉ đạo Chuyển đổi số của các cơ quan Đảng tổng kết"), encoding="utf-8")
    (project / "docs/tin-tuc/2026-01-05-thong-bao-lich-tiep-dan.md").write_text(
        "---\ntitle: Thông báo lịch tiếp công dân tháng 1\ndate: 2026-01-05 08:00\ncategory: thong-bao\n---\n\nX.\n",
        encoding="utf-8")
    assert build(project, tmp_path / "site").returncode == 0
    html = (tmp_path / "site" / ADDRESS / "index.html").read_text(encoding="utf-8")
    assert "Ban Chỉ đạo Chuyển đổi số của các cơ quan Đảng tổng kết" in html
    assert (tmp_path / "site/tin-tuc/thong-bao-lich-tiep-dan/index.html").is_file(), "file name, date prefix dropped"


def test_a_moved_bulletin_redirects_from_its_old_address(tmp_path):
    project = copy_project(tmp_path / "p")
    page = project / SOURCE
    page.write_text(page.read_text(encoding="utf-8").replace(
        "slug: ban-chi-dao-chuyen-doi-so-trong-cac-co-quan-dang-tong-ket-cong-tac-nam-2025-trien-khai\n",
        f"slug: tong-ket-chuyen-doi-so-2025\naliases: [{ADDRESS}]\n"), encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    old = (tmp_path / "site" / ADDRESS / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../../tin-tuc/tong-ket-chuyen-doi-so-2025/">' in old
    assert '<link rel="canonical" href="https://phuocbinh.example.gov.vn/tin-tuc/tong-ket-chuyen-doi-so-2025/">' in old
    assert "Bài viết đã chuyển sang địa chỉ mới" in old
    assert (tmp_path / "site/tin-tuc/tong-ket-chuyen-doi-so-2025/index.html").is_file()
    sitemap = (tmp_path / "site/sitemap.xml").read_text(encoding="utf-8")
    assert ADDRESS not in sitemap and "tin-tuc/tong-ket-chuyen-doi-so-2025/" in sitemap
