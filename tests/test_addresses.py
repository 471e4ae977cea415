"""One address, one page: a bulletin's earlier address (`aliases:`) or an editor's page where a generated page
or another page is published is an error naming both, in `make check` and in the build; nothing is dropped
silently."""
import subprocess
import sys

import pytest

from conftest import REPO
from sitebuild import build_env, copy_project, mkdocs_build

BULLETIN = ("---\ntitle: Thông báo lịch tiếp dân\ndate: 2025-12-01 08:00\ncategory: thong-bao\naliases: [{}]\n---\n\n"
            "Nội dung.\n")


def check(project):
    return subprocess.run([sys.executable, "-m", "bantin", "check", "data"], cwd=project, capture_output=True,
                          text=True, env={**build_env(), "PYTHONPATH": str(REPO / "hooks")})


def both(project, tmp_path):
    checked, built = check(project), mkdocs_build(project, tmp_path / "site", build_env())
    assert checked.returncode == 1 and built.returncode == 1
    assert "Traceback" not in checked.stderr + built.stderr
    assert not (tmp_path / "site").exists()
    return checked.stderr, built.stderr


@pytest.mark.parametrize("alias, what", [
    ("tin-tuc/", "trang “Tin tức”"),
    ("/luu-tru/", "trang “Lưu trữ”"),
    ("thong-ke", "trang “Thống kê”"),
])
def test_an_alias_where_a_generated_page_goes(tmp_path, alias, what):
    """The build dropped the redirect silently; the preview showed it instead of the list page."""
    project = copy_project(tmp_path / "p")
    (project / "docs/tin-tuc/lich-tiep-dan.md").write_text(BULLETIN.format(alias), encoding="utf-8")
    address = alias.strip("/") + "/"
    for output in both(project, tmp_path):
        assert (f"docs/tin-tuc/lich-tiep-dan.md: aliases: địa chỉ cũ /{address} trùng với {what} do bantin tự tạo; "
                "hãy xóa địa chỉ cũ này") in output


def test_two_pages_at_one_address(tmp_path):
    project = copy_project(tmp_path / "p")
    (project / "docs/van-ban.md").write_text("---\ntitle: Văn bản\n---\n\nMột.\n", encoding="utf-8")
    (project / "docs/van-ban").mkdir()
    (project / "docs/van-ban/index.md").write_text("---\ntitle: Văn bản mới\n---\n\nHai.\n", encoding="utf-8")
    for output in both(project, tmp_path):
        assert ("docs/van-ban/index.md: địa chỉ /van-ban/ trùng với trang docs/van-ban.md; hãy đổi tên một trong "
                "hai tệp") in output


def test_an_alias_where_an_editors_file_is(tmp_path):
    """`tin-tuc/cu/` is written as tin-tuc/cu/index.html: the editor's own file there is the same address."""
    project = copy_project(tmp_path / "p")
    (project / "docs/tin-tuc/lich-tiep-dan.md").write_text(BULLETIN.format("tin-tuc/cu"), encoding="utf-8")
    (project / "docs/tin-tuc/cu").mkdir()
    (project / "docs/tin-tuc/cu/index.html").write_text("<p>Trang cũ</p>\n", encoding="utf-8")
    for output in both(project, tmp_path):
        assert ("docs/tin-tuc/cu/index.html: địa chỉ /tin-tuc/cu/ trùng với địa chỉ cũ (aliases) của "
                "docs/tin-tuc/lich-tiep-dan.md do bantin tự tạo; hãy đổi tên tệp hoặc chuyển sang thư mục "
                "khác") in output
