"""A newer report that does not give the indicators, the tasks or the figures by unit again (issue 17, case 4):
`make check` says which report lacks what unless the report declares it (`giu_nguyen:`), and the statistics
pages show each part from the latest report that gives it, with that report's own date."""
import shutil
import textwrap

import pytest

from bantin.common.errors import DataErrors
from bantin.figures.content import stats_page
from bantin.figures.loading import load_programmes
from bantin.figures.stats import compute
from bantin.figures.units import load_units
from sitebuild import build_env, copy_project, mkdocs_build

F = "data/programmes/cds.yml"
UNITS = """
units:
  - {code: "01", name: Tỉnh Thử, level: tỉnh}
  - {code: "0101", name: Phường Một, level: phường, parent: "01"}
  - {code: "0102", name: Phường Hai, level: phường, parent: "01"}
"""
EARLIER = """
  - as_of: 2025-12-25
    tasks: {completed: 4, on_schedule: 3, overdue: 1}
    indicators:
      - {id: diem-cau, name: Điểm cầu trực tuyến, unit: điểm cầu, actual: 30, target: 50, due: 2026-01-10}
    by_unit:
      "01": {tasks: {completed: 4, on_schedule: 3, overdue: 1}}
      "0101": {tasks: {completed: 2, on_schedule: 2, overdue: 1}}
      "0102": {tasks: {completed: 2, on_schedule: 1, overdue: 0}}
"""
LATEST = """
title: Chương trình thử
owner: UBND phường Thử
reports:
  - as_of: 2026-01-15
    tasks: {completed: 5, on_schedule: 3, overdue: 1}
"""


def write(data_dir, latest_extra: str = "") -> None:
    (data_dir / "units.yml").write_text(textwrap.dedent(UNITS).lstrip(), encoding="utf-8")
    data_dir.write("cds.yml", LATEST + latest_extra + EARLIER)


def load(data_dir):
    errors: list = []
    units = load_units(data_dir, data_dir.parent, errors)
    assert errors == []
    return load_programmes(data_dir, units=units)


def test_a_report_that_leaves_parts_out_without_saying_so(data_dir):
    write(data_dir)
    with pytest.raises(DataErrors) as caught:
        load(data_dir)
    assert [str(e) for e in caught.value.errors] == [
        f"{F}:4: reports[0]: kỳ báo cáo mới nhất (2026-01-15) không có các chỉ tiêu (indicators) như kỳ 2025-12-25. "
        "Nếu kỳ này không báo cáo lại phần này, hãy ghi giu_nguyen: [indicators] ở kỳ báo cáo này (trang thống kê "
        "khi đó hiện các chỉ tiêu của kỳ 2025-12-25, ghi rõ ngày đó); nếu có, hãy ghi indicators của kỳ này",
        f"{F}:4: reports[0]: kỳ báo cáo mới nhất (2026-01-15) không có số liệu theo đơn vị (by_unit) như kỳ "
        "2025-12-25. Nếu kỳ này không báo cáo lại phần này, hãy ghi giu_nguyen: [by_unit] ở kỳ báo cáo này (trang "
        "thống kê khi đó hiện số liệu theo đơn vị của kỳ 2025-12-25, ghi rõ ngày đó); nếu có, hãy ghi by_unit của "
        "kỳ này",
    ]


def test_a_report_without_tasks_is_told_too(data_dir):
    data_dir.write("cds.yml", "title: X\nreports:\n  - as_of: 2026-01-15\n    indicators:\n"
                              "      - {id: a, name: A, unit: việc, actual: 1}\n"
                              "  - as_of: 2025-12-25\n    tasks: {completed: 1, on_schedule: 0, overdue: 0}\n"
                              "    indicators:\n      - {id: a, name: A, unit: việc, actual: 0}\n")
    with pytest.raises(DataErrors) as caught:
        load_programmes(data_dir)
    assert [str(e) for e in caught.value.errors] == [
        f"{F}:3: reports[0]: kỳ báo cáo mới nhất (2026-01-15) không có số nhiệm vụ theo tình trạng (tasks) như kỳ "
        "2025-12-25. Nếu kỳ này không báo cáo lại phần này, hãy ghi giu_nguyen: [tasks] ở kỳ báo cáo này (trang "
        "thống kê khi đó hiện số nhiệm vụ theo tình trạng của kỳ 2025-12-25, ghi rõ ngày đó); nếu có, hãy ghi tasks "
        "của kỳ này",
    ]


@pytest.mark.parametrize("written, message", [
    ("[indicator, by_unit]", "'indicator' không dùng được (ý bạn là 'indicators'?); giu_nguyen ghi các phần "
                             "kỳ báo cáo này không báo cáo lại, trong số: tasks, indicators, by_unit"),
    ("[indicators, by_unit, tasks]", "kỳ báo cáo có ghi tasks, nên không giữ nguyên tasks của kỳ trước; hãy xóa "
                                     "'tasks' khỏi giu_nguyen, hoặc xóa tasks nếu kỳ này không báo cáo lại"),
])
def test_giu_nguyen_names_parts_the_report_leaves_out(data_dir, written, message):
    write(data_dir, f"    giu_nguyen: {written}\n")
    with pytest.raises(DataErrors) as caught:
        load(data_dir)
    assert [str(e) for e in caught.value.errors] == [f"{F}:6: reports[0].giu_nguyen: {message}"]


def test_the_statistics_page_shows_each_part_with_its_own_date(data_dir):
    write(data_dir, "    giu_nguyen: [indicators, by_unit]\n")
    (programme,) = compute(load(data_dir)).values()
    page = stats_page(programme)
    assert (page.as_of, page.tasks_as_of, page.indicators_as_of) == ("15/1/2026", "15/1/2026", "25/12/2025")
    assert page.earlier == (
        "Kỳ báo cáo 15/1/2026 không báo cáo lại phần “Chỉ tiêu”: số liệu phần này tính đến 25/12/2025. "
        "Kỳ báo cáo 15/1/2026 không báo cáo lại phần “Tiến độ theo đơn vị”: số liệu phần này tính đến 25/12/2025.")
    assert [(row.name, row.actual) for row in page.indicator_rows] == [("Điểm cầu trực tuyến", "30\u00a0điểm\u00a0cầu")]
    assert page.indicators_previous_as_of == ""
    assert page.headline.startswith("Tính đến 15/1/2026, UBND phường Thử đã giao 9\u00a0nhiệm\u00a0vụ")
    assert page.deadlines.as_of == "25/12/2025"
    assert [row.text for row in page.deadlines.rows] == [
        "Điểm cầu trực tuyến (chỉ tiêu, đã thực hiện được 60% so với mục tiêu): hạn 10/1/2026, còn 16\u00a0ngày."]


def test_deadlines_of_two_reports_say_each_date(data_dir):
    """Tasks of the latest report, indicators of an earlier one: each counted at its own date."""
    data_dir.write("cds.yml", "title: X\nreports:\n  - as_of: 2026-01-15\n    giu_nguyen: [indicators]\n"
                              "    task_list:\n      - {title: Việc mới, due: 2026-01-31}\n" + EARLIER.replace(
                                  "    by_unit:", "    x:").split("    x:")[0])
    (programme,) = compute(load_programmes(data_dir)).values()
    deadlines = stats_page(programme).deadlines
    assert deadlines.as_of == "15/1/2026 (nhiệm vụ), 25/12/2025 (chỉ tiêu)"
    assert [row.text for row in deadlines.rows] == [
        "Điểm cầu trực tuyến (chỉ tiêu, đã thực hiện được 60% so với mục tiêu): hạn 10/1/2026, còn 16\u00a0ngày "
        "(tính đến 25/12/2025).",
        "Việc mới (nhiệm vụ): hạn 31/1/2026, còn 16\u00a0ngày.",
    ]


def test_the_built_pages_keep_the_parts_a_new_report_leaves_out(tmp_path):
    project = copy_project(tmp_path / "project")
    shutil.rmtree(project / "docs" / "tin-tuc")
    for old in (project / "data" / "programmes").iterdir():
        old.unlink()
    (project / "data" / "units.yml").write_text(textwrap.dedent(UNITS).lstrip(), encoding="utf-8")
    (project / "data" / "programmes" / "cds.yml").write_text(
        LATEST + "    giu_nguyen: [indicators, by_unit]\n" + EARLIER, encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", build_env(search=False))
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "thong-ke" / "cds" / "index.html").read_text(encoding="utf-8")
    assert ("Số liệu tính đến ngày <strong>15/1/2026</strong>. Kỳ báo cáo 15/1/2026 không báo cáo lại phần "
            "“Chỉ tiêu”: số liệu phần này tính đến 25/12/2025.") in page
    assert '<h2 id="chi-tieu">Chỉ tiêu</h2>' in page
    assert "<caption>Kết quả các chỉ tiêu, tính đến 25/12/2025</caption>" in page
    assert '<h2 id="theo-don-vi">Tiến độ theo đơn vị</h2>' in page
    assert "Danh sách theo mức cảnh báo: các phường trực thuộc tỉnh Thử, tính đến 25/12/2025 (mức Đỏ" in page
    assert '<h2 id="thoi-han">Thời hạn</h2>' in page
    assert "<caption>Tình hình thực hiện 9\u00a0nhiệm\u00a0vụ được giao, tính đến 15/1/2026</caption>" in page
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "<h4>Thời hạn, tính đến 25/12/2025</h4>" in home
