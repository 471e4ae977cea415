"""What editors write: impossible dates, `report:` where it means nothing, the page extensions the build
knows, a Tab in YAML, lists that are empty. `make check` and the build say the same, with file and line."""
import re
import subprocess
import sys

import pytest

from conftest import REPO
from sitebuild import build_env, copy_project, mkdocs_build


def check(project):
    return subprocess.run([sys.executable, "-m", "bantin", "check", "data"], cwd=project, capture_output=True,
                          text=True, env={**build_env(), "PYTHONPATH": str(REPO / "hooks")}, timeout=300)


def both(project, tmp_path) -> list[list[str]]:
    """The error lines of `make check` and of the build; each fails, without a traceback."""
    outputs = []
    for result in (check(project), mkdocs_build(project, tmp_path / "site", build_env(), timeout=300)):
        assert result.returncode == 1, result.stderr[-3000:]
        assert "Traceback" not in result.stderr
        outputs.append([line.strip() for line in result.stderr.splitlines() if line.startswith("  docs/")])
    assert not (tmp_path / "site").exists()
    return outputs


def write(project, name, *lines):
    path = project / "docs" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


BULLETIN_HEAD = ("---", "title: Tin thử", "date: 2025-12-01 08:00", "category: chuyen-doi-so")


def test_impossible_dates_in_pages_and_bulletins(tmp_path):
    project = copy_project(tmp_path / "p")
    write(project, "trang-a.md", "---", "title: Trang A", "date: 2025-02-30", "---", "", "Nội dung.")
    write(project, "trang-b.md", "---", "title: Trang B", "date: 2025-11-31 25:00", "---", "", "Nội dung.")
    write(project, "trang-c.md", "---", "title: Trang C", "lich:", "  - {ngay: 2025-13-01}", "---", "", "Nội dung.")
    write(project, "trang-d.md", "---", "title: Trang D", "date: 2025-02-28 08:00", "---", "", "Nội dung.")
    write(project, "tin-tuc/thu.md", "---", "title: Tin thử", "date: 2025-13-01 08:00", "category: chuyen-doi-so",
          "image_credit: 2025-02-30", "updated: 2025-11-31 25:00", "---", "", "Nội dung.")
    expected = [
        "docs/tin-tuc/thu.md:3: date: ngày đăng '2025-13-01 08:00' không tồn tại",
        "docs/tin-tuc/thu.md:5: image_credit: cần chữ, nhưng YAML hiểu đây là ngày '2025-02-30'; nếu đúng là "
        "chữ, đặt trong ngoặc kép: \"2025-02-30\"",
        "docs/tin-tuc/thu.md:6: updated: ngày đăng '2025-11-31 25:00' không tồn tại",
        "docs/trang-a.md:3: date: ngày đăng '2025-02-30' không tồn tại",
        "docs/trang-b.md:3: date: ngày đăng '2025-11-31 25:00' không tồn tại",
        "docs/trang-c.md:4: lich: ngày 2025-13-01 không tồn tại; hãy kiểm tra lại ngày và tháng",
    ]
    for lines in both(project, tmp_path):
        assert lines == expected


OTHER_EXTENSIONS = ("markdown", "mdown", "mkdn", "mkd")


def test_page_extensions_are_those_mkdocs_publishes():
    from mkdocs.utils import markdown_extensions

    from bantin.common import urls
    assert sorted(urls.PAGE_EXTENSIONS) == sorted(markdown_extensions)


def test_every_file_the_build_publishes_as_a_page_is_checked(tmp_path):
    project = copy_project(tmp_path / "p")
    for extension in OTHER_EXTENSIONS:
        write(project, f"tin-tuc/tin-{extension}.{extension}", "---", "title: Tin thử", "date: 2025-12-01 08:00",
              "category: chuyen-doi-soo", "---", "", "Nội dung.")
        write(project, f"trang-{extension}.{extension}", "---", "title: Trang", "bantin_kind: x", "---", "",
              "Nội dung.")
    expected = sorted(
        [f"docs/tin-tuc/tin-{e}.{e}:4: category: chuyên mục 'chuyen-doi-soo' không có trong data/site.yml (ý bạn "
         "là 'chuyen-doi-so'?); có: tin-tuc-su-kien, chuyen-doi-so, thong-bao, cai-cach-hanh-chinh"
         for e in OTHER_EXTENSIONS]
        + [f"docs/trang-{e}.{e}:3: bantin_kind: trường này chỉ dùng cho trang do bantin tự tạo; hãy xóa dòng này"
           for e in OTHER_EXTENSIONS])
    for lines in both(project, tmp_path):
        assert lines == expected


def test_bulletins_of_every_page_extension_are_published_under_their_file_name(tmp_path):
    project = copy_project(tmp_path / "p")
    pages_before = check(project).stdout
    for extension in OTHER_EXTENSIONS:
        write(project, f"tin-tuc/2025-12-01-tin-{extension}.{extension}", "---", f"title: Tin {extension}",
              "date: 2025-12-01 08:00", "category: chuyen-doi-so", "---", "", "Nội dung.")
    checked = check(project)
    assert checked.returncode == 0, checked.stderr
    counted = re.compile(r"Trang hợp lệ: (\d+) trang, trong đó (\d+) bản tin")
    before, after = counted.search(pages_before).groups(), counted.search(checked.stdout).groups()
    assert [int(n) + 4 for n in before] == [int(n) for n in after]
    built = mkdocs_build(project, tmp_path / "site", build_env(search=False))
    assert built.returncode == 0, built.stderr
    for extension in OTHER_EXTENSIONS:
        assert f"<h1 class=\"bt-article__title\">Tin {extension}</h1>" in (
            tmp_path / "site" / f"tin-tuc/tin-{extension}/index.html").read_text(encoding="utf-8")


def test_report_on_a_page_that_is_not_a_bulletin_is_refused(tmp_path):
    """Only a bulletin is bound to a report (templating.MarkdownRenderer.context's `as_of`): a page with
    `programme:` shows the latest report whatever `report:` says, a page without one shows none."""
    project = copy_project(tmp_path / "p")
    programme = sorted((project / "data/programmes").glob("*.yml"))[0].stem
    write(project, "so-lieu.md", "---", "title: Số liệu", f"programme: {programme}", "report: 2025-09-30", "---",
          "", "Nội dung.")
    write(project, "gioi-thieu-2.md", "---", "title: Trang", "report: 2025-09-30", "---", "", "Nội dung.")
    message = ("report: kỳ báo cáo (report) chỉ dùng trong bản tin (tệp trong docs/tin-tuc/); trang này luôn hiện "
               "số liệu của kỳ báo cáo mới nhất; hãy xóa dòng này")
    for lines in both(project, tmp_path):
        assert lines == [f"docs/gioi-thieu-2.md:3: {message}", f"docs/so-lieu.md:4: {message}"]


@pytest.mark.parametrize("text, line, column", [
    ('units:\n  - code: "75"\n\tname: Tỉnh\n', 3, 1),         # a Tab where the indentation is
    ("units:\n\t- code: \"75\"\n", 2, 1),
    ('\tunits:\n  - code: "75"\n', 1, 1),
    ('units:\n  -\tcode: "75"\n', 2, 4),                      # after the '-'
    ('units:\n  - code: "75"\n    name: x\n\t level: tỉnh\n', 4, 1),
])
def test_a_tab_is_told_to_be_spaces_not_quoted(tmp_path, text, line, column):
    from bantin.common.errors import DataErrors
    from bantin.figures.units import load_units
    (tmp_path / "units.yml").write_text(text, encoding="utf-8")
    with pytest.raises(DataErrors) as caught:
        load_units(tmp_path, tmp_path.parent)
    assert [str(e) for e in caught.value.errors] == [
        f"{tmp_path.name}/units.yml:{line}: lỗi cú pháp YAML, cột {column}: có ký tự Tab; hãy thụt lề bằng dấu cách"]


def test_empty_lists_are_said_in_words():
    """Never "có: " or "các chỉ tiêu của kỳ này: ;" with nothing after it."""
    import datetime as dt

    from bantin.build.templating import MarkdownRenderer
    from bantin.common.errors import DataErrors
    from bantin.figures.changes import so_sanh
    from bantin.figures.model import Programme, Report, TaskCounts
    from bantin.figures.stats import compute
    from bantin.news.bulletins import read_bulletin
    from bantin.portal.settings import Agency, Portal
    from bantin.schema.fields import Errors

    errors = Errors("docs/tin-tuc/a.md", [])
    text = "---\ntitle: Tin\ndate: 2025-12-30 08:30\ncategory: chuyen-doi-so\nprogramme: cds\n---\n\nx\n"
    read_bulletin(text, "tin-tuc/a.md", "docs/tin-tuc/a.md", Portal(Agency("UBND phường"), ()), {}, errors)
    assert [str(e) for e in errors.items] == [
        "docs/tin-tuc/a.md:4: category: chuyên mục 'chuyen-doi-so' không có trong data/site.yml; "
        "chưa có chuyên mục nào",
        "docs/tin-tuc/a.md:5: programme: không có chương trình 'cds' trong data/programmes/; "
        "chưa có chương trình nào"]

    with pytest.raises(DataErrors) as caught:
        MarkdownRenderer({}).render("x", "docs/a.md", {"programme": "cds"}, meta_line=3)
    assert [str(e) for e in caught.value.errors] == [
        "docs/a.md:3: programme: không có chương trình 'cds' trong data/programmes/; chưa có chương trình nào"]

    programmes = compute([Programme("cds", "Đề án", (Report(dt.date(2025, 12, 25), TaskCounts(1, 2, 0)),), "QĐ")])
    with pytest.raises(DataErrors) as caught:
        MarkdownRenderer(programmes).render("\n{{ indicators['x'].actual }}", "docs/a.md", {"programme": "cds"})
    assert [str(e) for e in caught.value.errors] == [
        "docs/a.md:2: không có chỉ tiêu 'x' trong kỳ báo cáo 25/12/2025; kỳ này không có chỉ tiêu nào"]
    with pytest.raises(ValueError) as caught:
        so_sanh(programmes["cds"].latest, "x")
    assert str(caught.value).endswith("so_sanh(report, \"<mã chỉ tiêu>\"); kỳ này không có chỉ tiêu nào")
