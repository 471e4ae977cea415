"""`make check` on a small project of its own: each mistake reported once, in the file at fault; all of them
in one run; pages that cannot be checked because of another file's mistakes listed as waiting, by name."""
import shutil
import textwrap

import pytest

from bantin import cli
from bantin.build.state import SiteData
from bantin.edit.documents import entries
from bantin.preview.page import error_page

PROGRAMME = """
title: Chương trình thử
reports:
  - as_of: 2025-12-25
    tasks: {completed: 1, on_schedule: 2, overdue: 3}
    indicators:
      - {id: diem-cau, name: Điểm cầu, unit: điểm cầu, actual: 30}
"""
SITE = "agency: {name: UBND phường}\ncategories: [{id: tin, name: Tin tức}]\n"


def bulletin(body: str, date: str = "2025-12-30 08:30", **keys: str) -> str:
    lines = ["---", "title: Tin thử", f"date: {date}", "category: tin"] + [f"{k}: {v}" for k, v in keys.items()]
    return "\n".join(lines + ["---", "", body, ""])


@pytest.fixture
def project(tmp_path, monkeypatch):
    """data/ and docs/ of a tiny site; `write(path, text)` adds or replaces a file; `check()` runs
    `make check` there and gives (exit code, stderr lines)."""
    class Project:
        root = tmp_path

        def write(self, path: str, text: str) -> None:
            target = tmp_path / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")

        def check(self, capsys) -> tuple[int, list[str]]:
            code = cli.check(tmp_path / "data", tmp_path / "docs")
            return code, capsys.readouterr().err.splitlines()

    monkeypatch.chdir(tmp_path)
    site = Project()
    site.write("data/site.yml", SITE)
    site.write("data/programmes/cds.yml", PROGRAMME)
    site.write("docs/index.md", "Trang chủ.\n")
    site.write("docs/tin-tuc/a.md", bulletin("Kết nối {{ indicators['diem-cau'].actual }} điểm cầu.",
                                             programme="cds"))
    return site


NEW_REPORT = """
  - as_of: 2026-01-15
    tasks: {completed: 2, on_schedule: 2, overdue: 2}
    indicators:
      - {id: khac, name: Khác, unit: việc, actual: 1}
"""


def test_a_typo_in_a_new_bulletin_is_reported_there_only(project, capsys):
    """Issue 17, case 3: a.md is bound to 25/12/2025 and has 'diem-cau'; a newer report lacks it. A typo in
    another bulletin kept the news from loading, and a.md was then checked against the newest report."""
    project.write("data/programmes/cds.yml", PROGRAMME + NEW_REPORT)
    assert project.check(capsys)[0] == 0
    project.write("docs/tin-tuc/b.md", bulletin("Tin mới.", date="2026-01-20 08:00").replace("category", "categry"))
    code, lines = project.check(capsys)
    assert code == 1
    assert lines == [
        "Có 1 lỗi, trang chưa được tạo:",
        "  docs/tin-tuc/b.md:4: categry: trường không được hỗ trợ (ý bạn là 'category'?); các trường hợp lệ: "
        "title, date, updated, category, tags, summary, image, image_caption, image_credit, author, source, draft, "
        "featured, programme, report, slug, aliases, template, description",
    ]


def test_a_bulletin_with_its_own_typo_is_checked_against_its_own_report(project, capsys):
    project.write("data/programmes/cds.yml", PROGRAMME + NEW_REPORT)
    project.write("docs/tin-tuc/a.md", bulletin("{{ indicators['diem-cau'].actual }} {{ indicators['khac'].actual }}",
                                                programme="cds", tags="{x: y}"))
    code, lines = project.check(capsys)
    assert lines == [
        "Có 2 lỗi, trang chưa được tạo:",
        "  docs/tin-tuc/a.md:6: tags: cần chữ, nhưng YAML hiểu đây là một nhóm trường",
        "  docs/tin-tuc/a.md:9: không có chỉ tiêu 'khac' trong kỳ báo cáo 25/12/2025; các chỉ tiêu của kỳ này: "
        "diem-cau; chỉ tiêu này có trong kỳ báo cáo 15/1/2026",
    ]


def test_pages_bound_to_an_unreadable_programme_wait_by_name(project, capsys):
    project.write("data/programmes/cds.yml", PROGRAMME.replace("reports:", "reportz:"))
    project.write("docs/tin-tuc/c.md", bulletin("Không có biểu thức.", programme="cds"))
    project.write("docs/thong-tin.md", "---\nprogramme: cds\n---\n\n{{ tasks.completed }}\n")
    code, lines = project.check(capsys)
    assert code == 1
    assert lines == [
        "Có 1 lỗi, trang chưa được tạo:",
        "  data/programmes/cds.yml:2: reportz: trường không được hỗ trợ (ý bạn là 'reports'?); các trường hợp "
        "lệ: id, title, basis, owner, nguon, wording, traffic_lights, task_list, reports, minh_hoa",
        "Chờ sửa các lỗi trên rồi mới kiểm tra được 2 trang:",
        "  docs/thong-tin.md: chưa kiểm tra được các biểu thức vì data/programmes/cds.yml có lỗi",
        "  docs/tin-tuc/a.md: chưa kiểm tra được các biểu thức vì data/programmes/cds.yml có lỗi",
    ]


def test_the_preview_lists_waiting_pages_apart():
    from bantin.common.errors import DataError, waiting

    page = error_page([DataError("data/programmes/cds.yml", 2, None, "sai"),
                       waiting("docs/tin-tuc/a.md", "data/programmes/cds.yml")])
    assert "vì có 1 lỗi</h1>" in page
    assert ("<section><h2>Chờ sửa các lỗi trên rồi mới kiểm tra được 1 trang</h2><ul><li><code>docs/tin-tuc/a.md"
            "</code> chưa kiểm tra được các biểu thức vì data/programmes/cds.yml có lỗi</li></ul></section>") in page


FIVE_MISTAKES = {
    "data/programmes/cds.yml": PROGRAMME.replace("actual: 30", "actual: nhiều"),
    "docs/tin-tuc/a.md": bulletin("{{ indicators['diem-ca'].actual }}\n{{ tasks.complete }}\n"
                                  "{{ tasks.completed / 0 }}", programme="cds"),
    "docs/tin-tuc/b.md": bulletin("Tin.").replace("category", "categry"),
    "docs/index.md": "{{ programmes['cds'].lates }}\n",
}


def test_five_mistakes_saved_together_are_five_reported(project, capsys):
    """Issue 17, case 5: the programme's value error hid the expressions of the pages bound to it. They are
    checked against its declared names (its values stand in: a division by zero of them is not reported)."""
    for path, text in FIVE_MISTAKES.items():
        project.write(path, text)
    code, lines = project.check(capsys)
    assert code == 1
    assert lines == [
        "Có 5 lỗi trong 4 tệp, trang chưa được tạo:",
        "data/programmes/cds.yml (1 lỗi):",
        "  data/programmes/cds.yml:6: indicators.actual: cần số, nhưng YAML hiểu đây là chữ 'nhiều'; hãy viết bằng "
        "chữ số, ví dụ 189 hoặc 39.98",
        "docs/index.md (1 lỗi):",
        "  docs/index.md:1: không có trường 'lates' (ý bạn là 'latest'?); có: id, title, basis, owner, source, "
        "reports, wording, traffic_lights, sample, nguon, latest",
        "docs/tin-tuc/a.md (2 lỗi):",
        "  docs/tin-tuc/a.md:8: không có chỉ tiêu 'diem-ca' trong kỳ báo cáo 25/12/2025 (ý bạn là 'diem-cau'?); "
        "các chỉ tiêu của kỳ này: diem-cau",
        "  docs/tin-tuc/a.md:9: không có trường 'complete' (ý bạn là 'completed'?); có: assigned, completed, "
        "on_schedule, overdue, completed_on_time, completed_late, percent, delta",
        "docs/tin-tuc/b.md (1 lỗi):",
        "  docs/tin-tuc/b.md:4: categry: trường không được hỗ trợ (ý bạn là 'category'?); các trường hợp lệ: "
        "title, date, updated, category, tags, summary, image, image_caption, image_credit, author, source, draft, "
        "featured, programme, report, slug, aliases, template, description",
    ]


def test_a_bulletin_bound_to_a_missing_report_of_a_broken_programme(project, capsys):
    """The broken programme's reports' dates are read: a bulletin's `report:` is checked against them."""
    project.write("data/programmes/cds.yml", PROGRAMME.replace("actual: 30", "actual: -"))
    project.write("docs/tin-tuc/a.md", bulletin("{{ tasks.completed }}", programme="cds", report="2025-12-24"))
    code, lines = project.check(capsys)
    assert lines[1:] == [
        "data/programmes/cds.yml (1 lỗi):",
        "  data/programmes/cds.yml:6: indicators.actual: không được là số âm (-); hãy bỏ dấu '-' hoặc ghi lại số đúng",
        "docs/tin-tuc/a.md (1 lỗi):",
        "  docs/tin-tuc/a.md:6: report: chương trình 'cds' không có kỳ báo cáo ngày 2025-12-24; "
        "các kỳ báo cáo: 2025-12-25",
    ]


def test_the_editor_lists_that_bulletin_as_mistaken_as_the_build_does(project):
    """The editor's list read a broken programme as 'no schema', so the bulletin above showed as published."""
    project.write("data/programmes/cds.yml", PROGRAMME.replace("actual: 30", "actual: -"))
    project.write("docs/tin-tuc/a.md", bulletin("{{ tasks.completed }}", programme="cds", report="2025-12-24"))
    project.write("docs/tin-tuc/b.md", bulletin("{{ tasks.completed }}", programme="cds", report="2025-12-25")
                  .replace("Tin thử", "Tin đúng"))
    site = SiteData.load(project.root / "data", project.root, keep_going=True)
    assert [(e.title, e.state) for e in entries(project.root, site)] == [
        ("Tin thử", "loi"), ("Tin đúng", "da-dang")]


def test_a_programme_file_named_site_hides_no_bulletin_error(project, capsys):
    """Issue 18: the broken programmes were file names, and 'site' stood for data/site.yml too."""
    project.write("data/programmes/site.yml", PROGRAMME.replace("actual: 30", "actual: nhiều"))
    project.write("docs/tin-tuc/b.md", bulletin("Tin.").replace("category", "categry"))
    code, lines = project.check(capsys)
    assert code == 1
    assert [line.split(": ")[0] for line in lines] == [
        "Có 2 lỗi trong 2 tệp, trang chưa được tạo:", "data/programmes/site.yml (1 lỗi):",
        "  data/programmes/site.yml:6", "docs/tin-tuc/b.md (1 lỗi):", "  docs/tin-tuc/b.md:4"]


def test_a_broken_programme_is_known_by_its_id_not_its_file_name(project, capsys):
    """Issue 18: `id: cds` in chuong-trinh.yml; its pages were told there is no programme 'cds'."""
    (project.root / "data/programmes/cds.yml").unlink()
    project.write("data/programmes/chuong-trinh.yml",
                  "id: cds\n" + PROGRAMME.lstrip("\n").replace("actual: 30", "actual: nhiều"))
    project.write("docs/thong-tin.md", "---\nprogramme: cds\n---\n\n{{ indicators['diem-cau'].actual }}\n"
                                       "{{ indicators['x'].actual }}\n")
    code, lines = project.check(capsys)
    assert lines == [
        "Có 2 lỗi trong 2 tệp, trang chưa được tạo:",
        "data/programmes/chuong-trinh.yml (1 lỗi):",
        "  data/programmes/chuong-trinh.yml:7: indicators.actual: cần số, nhưng YAML hiểu đây là chữ 'nhiều'; hãy "
        "viết bằng chữ số, ví dụ 189 hoặc 39.98",
        "docs/thong-tin.md (1 lỗi):",
        "  docs/thong-tin.md:6: không có chỉ tiêu 'x' trong kỳ báo cáo 25/12/2025; các chỉ tiêu của kỳ này: diem-cau",
    ]


def test_an_unreadable_programme_is_known_by_its_id_too(project, capsys):
    """The same with a YAML mistake: the file could not be read, and its pages were told there is no 'cds'."""
    (project.root / "data/programmes/cds.yml").unlink()
    project.write("data/programmes/chuong-trinh.yml", "id: cds  # mã\n" + PROGRAMME.lstrip("\n").replace(
        "title: Chương trình thử", "title: [Chương trình thử"))
    code, lines = project.check(capsys)
    assert code == 1
    assert [line.split(": (")[0] for line in lines] == [
        "Có 1 lỗi, trang chưa được tạo:",
        "  data/programmes/chuong-trinh.yml:3: lỗi cú pháp YAML, cột 8",
        "Chờ sửa các lỗi trên rồi mới kiểm tra được 1 trang:",
        "  docs/tin-tuc/a.md: chưa kiểm tra được các biểu thức vì data/programmes/chuong-trinh.yml có lỗi",
    ]


def test_a_misspelt_programme_is_one_message(project, capsys):
    """Issue 18: the bulletin's front matter and its expressions both said it, in different words."""
    project.write("docs/tin-tuc/a.md", bulletin("{{ tasks.completed }}", programme="cdss"))
    project.write("docs/thong-tin.md", "---\nprogramme: cdss\n---\n\n{{ tasks.completed }}\n")
    code, lines = project.check(capsys)
    assert lines == [
        "Có 2 lỗi trong 2 tệp, trang chưa được tạo:",
        "docs/thong-tin.md (1 lỗi):",
        "  docs/thong-tin.md:2: programme: không có chương trình 'cdss' trong data/programmes/ (ý bạn là 'cds'?); "
        "có: cds",
        "docs/tin-tuc/a.md (1 lỗi):",
        "  docs/tin-tuc/a.md:5: programme: không có chương trình 'cdss' trong data/programmes/ "
        "(ý bạn là 'cds'?); có: cds",
    ]


def test_the_build_reports_a_typo_in_the_file_at_fault_only(tmp_path):
    """Case 3 as `make build` meets it: a newer report that gives only tasks, a bulletin bound to the older one,
    and a typo in another bulletin."""
    from sitebuild import build_env, copy_project, mkdocs_build

    project = copy_project(tmp_path / "project")
    shutil.rmtree(project / "docs" / "tin-tuc")
    for old in (project / "data" / "programmes").iterdir():
        old.unlink()
    news = project / "docs" / "tin-tuc"
    news.mkdir()
    (project / "data" / "site.yml").write_text(SITE, encoding="utf-8")
    newer = ("  - as_of: 2026-01-15\n    tasks: {completed: 2, on_schedule: 2, overdue: 2}\n"
             "    giu_nguyen: [indicators]\n")
    (project / "data" / "programmes" / "cds.yml").write_text(
        textwrap.dedent(PROGRAMME).lstrip().replace("reports:\n", "reports:\n" + newer), encoding="utf-8")
    (news / "a.md").write_text(bulletin("Kết nối {{ indicators['diem-cau'].actual }} điểm cầu.", programme="cds"),
                               encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", build_env(search=False))
    assert result.returncode == 0, result.stderr
    (news / "b.md").write_text(bulletin("Tin mới.", date="2026-01-20 08:00").replace("category", "categry"),
                               encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", build_env(search=False))
    assert result.returncode == 1
    report = result.stderr[result.stderr.index("Có "):].splitlines()
    assert report[:2] == [
        "Có 1 lỗi, trang chưa được tạo:",
        "  docs/tin-tuc/b.md:4: categry: trường không được hỗ trợ (ý bạn là 'category'?); các trường hợp lệ: "
        "title, date, updated, category, tags, summary, image, image_caption, image_credit, author, source, draft, "
        "featured, programme, report, slug, aliases, template, description",
    ]
    assert "a.md" not in result.stderr


def test_pages_wait_when_a_broken_programme_s_report_dates_cannot_be_read(project, capsys):
    """Which report a bulletin shows is then unknown; a page naming the programme waits too."""
    project.write("data/programmes/cds.yml", PROGRAMME.replace("as_of: 2025-12-25", "as_of: 25/12/2025"))
    project.write("docs/index.md", "{{ programmes['cds'].latest.tasks.completed }}\n")
    code, lines = project.check(capsys)
    assert lines == [
        "Có 1 lỗi, trang chưa được tạo:",
        "  data/programmes/cds.yml:3: reports[0].as_of: viết ngày theo dạng năm-tháng-ngày: 2025-12-25",
        "Chờ sửa các lỗi trên rồi mới kiểm tra được 2 trang:",
        "  docs/index.md: chưa kiểm tra được các biểu thức vì data/programmes/cds.yml có lỗi",
        "  docs/tin-tuc/a.md: chưa kiểm tra được các biểu thức vì data/programmes/cds.yml có lỗi",
    ]
