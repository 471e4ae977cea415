"""A link to a file that does not exist: `make check` reports it as `make build` does (it said nothing),
and both agree with MkDocs' own rule, which bantin.build.links copies without importing MkDocs."""
from __future__ import annotations

import subprocess
import sys

from bantin.build.links import missing
from sitebuild import build_env, bulletin_text, small_project

BODY = ("Xem [kế hoạch](ke-hoach.pdf), [bản tin cũ](../ban-tin-cu.html) và [trang](../gioi-thieu.html).\n\n"
        "Tải [biểu mẫu](mau/to-khai.docx); ![Sơ đồ](../assets/anh/so-do.png \"Sơ đồ\").\n\n"
        "Những liên kết đúng: [thống kê](/thong-ke/), [mục](#muc), [thư](mailto:a@b.vn), [báo](https://e.vn/a.pdf), "
        "[trang chủ](../index.md), [liên hệ](../lien-he), [tìm kiếm](../tim-kiem.md), [bản tin](hai.md).")


def _project(tmp_path):
    project = small_project(tmp_path / "p", {
        "mot.md": bulletin_text("Bản tin một", "2026-01-02 08:00", BODY),
        "hai.md": bulletin_text("Bản tin hai", "2026-01-03 08:00"),
        "ban-tin-cu.md": bulletin_text("Bản tin cũ", "2025-01-03 08:00"),
    })
    (project / "docs/gioi-thieu.md").write_text("# Giới thiệu\n\nXem [sơ đồ](assets/so-do.pdf).\n", encoding="utf-8")
    (project / "docs/huong-dan").mkdir()
    (project / "docs/huong-dan/nhap.md").write_text("# Nháp\n\n[không có](khong-co.pdf)\n", encoding="utf-8")
    return project


EXPECTED = [
    "  docs/gioi-thieu.md:3: liên kết tới 'assets/so-do.pdf' nhưng không có tệp docs/assets/so-do.pdf",
    "  docs/tin-tuc/mot.md:8: liên kết tới '../ban-tin-cu.html' nhưng không có tệp docs/ban-tin-cu.html "
    "(ý bạn là 'ban-tin-cu.md'?)",
    "  docs/tin-tuc/mot.md:8: liên kết tới '../gioi-thieu.html' nhưng không có tệp docs/gioi-thieu.html "
    "(ý bạn là '../gioi-thieu.md'?)",
    "  docs/tin-tuc/mot.md:8: liên kết tới 'ke-hoach.pdf' nhưng không có tệp docs/tin-tuc/ke-hoach.pdf",
    "  docs/tin-tuc/mot.md:10: liên kết tới '../assets/anh/so-do.png' nhưng không có tệp docs/assets/anh/so-do.png",
    "  docs/tin-tuc/mot.md:10: liên kết tới 'mau/to-khai.docx' nhưng không có tệp docs/tin-tuc/mau/to-khai.docx",
]


def test_make_check_reports_the_broken_links_the_build_stops_on(tmp_path):
    project = _project(tmp_path)
    env = {**build_env(search=False), "PYTHONPATH": str(project / "hooks")}
    checked = subprocess.run([sys.executable, "-m", "bantin", "check", "data"], cwd=project, capture_output=True,
                             text=True, env=env, timeout=600)
    built = subprocess.run([sys.executable, "hooks/bantin_build.py"], cwd=project, capture_output=True, text=True,
                           env=env, timeout=600)
    assert checked.returncode == built.returncode == 1
    assert checked.stderr.splitlines() == ["Có 6 lỗi trong 2 tệp, trang chưa được tạo:",
                                           "docs/gioi-thieu.md (1 lỗi):", EXPECTED[0],
                                           "docs/tin-tuc/mot.md (5 lỗi):", *EXPECTED[1:]]
    assert built.stderr.splitlines()[:-1] == checked.stderr.splitlines()  # then "Trang đang đăng vẫn giữ nguyên…"


def test_only_relative_links_with_a_file_extension_are_files():
    html = ('<a href="a.pdf">1</a><a href="/thong-ke/">2</a><a href="#x">3</a><a href="lien-he">4</a>'
            '<img src="anh/b.jpg"><a href="https://e.vn/c.pdf">5</a><a href="tel:0251">6</a>'
            '<a href="c%20d.pdf?x=1#y">7</a><a href=".">8</a>')
    assert missing(html, "tin-tuc/a.md", "tin-tuc/a/", {"tin-tuc/a.md"}) == [
        ("a.pdf", "tin-tuc/a.pdf", None), ("anh/b.jpg", "tin-tuc/anh/b.jpg", None),
        ("c%20d.pdf?x=1#y", "tin-tuc/c d.pdf", None)]
    assert missing('<a href="a.pdf">x</a>', "tin-tuc/a.md", "tin-tuc/a/", {"tin-tuc/a.pdf"}) == []


def test_links_wait_for_the_data_the_pages_they_lead_to_are_made_from(tmp_path):
    """A link to a programme's statistics page while its file has a mistake: the page cannot be known yet."""
    project = _project(tmp_path)
    (project / "docs/tin-tuc/mot.md").write_text(bulletin_text("Bản tin một", "2026-01-02 08:00",
                                                               "[Thống kê](../thong-ke/cds.md)"), encoding="utf-8")
    (project / "data/programmes/cds.yml").write_text("id: cds\ntitle: Chương trình\nreports: []\n", encoding="utf-8")
    env = {**build_env(search=False), "PYTHONPATH": str(project / "hooks")}
    checked = subprocess.run([sys.executable, "-m", "bantin", "check", "data"], cwd=project, capture_output=True,
                             text=True, env=env, timeout=600)
    assert "liên kết tới '../thong-ke/cds.md'" not in checked.stderr
    assert "data/programmes/cds.yml" in checked.stderr
    assert "  docs/gioi-thieu.md:3: liên kết tới" not in checked.stderr
