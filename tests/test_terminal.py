"""`make build` tells editors, in Vietnamese, what it left out and where a link is broken."""
from __future__ import annotations

import subprocess
import sys

from sitebuild import build_env, bulletin_text, small_project, write_bulletins


def make_build(project, now: str = "2026-11-23 12:00", **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "hooks/bantin_build.py"], cwd=project, capture_output=True, text=True,
                          env=dict(build_env(now, search=False), PYTHONPATH=str(project / "hooks"), **env),
                          timeout=600)


def test_make_build_names_each_future_bulletin_and_when_it_will_appear(tmp_path):
    """It left them out and printed only "Đã dựng xong"."""
    project = small_project(tmp_path / "p", {
        "da-dang.md": bulletin_text("Đã đăng", "2026-11-01 08:00"),
        "sau/hen-gio.md": bulletin_text("Hẹn giờ đăng", "2027-01-05 08:00"),
        "som-hon.md": bulletin_text("Hẹn giờ sớm hơn", "2026-11-23 12:01"),
        "nhap.md": bulletin_text("Bản nháp", "2027-02-01 08:00", draft="true"),  # a draft is not scheduled
    })
    done = make_build(project)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:2] == [
        "Bản tin hẹn giờ, chưa đăng: docs/tin-tuc/som-hon.md — sẽ lên trang ở lần dựng sau 12:01 ngày 23/11/2026",
        "Bản tin hẹn giờ, chưa đăng: docs/tin-tuc/sau/hen-gio.md — sẽ lên trang ở lần dựng sau 08:00 ngày 5/1/2027",
    ]
    assert lines[2].startswith("Đã dựng xong trang vào ") and len(lines) == 3
    assert done.stderr == ""


def test_a_broken_link_is_reported_with_its_file_and_lines(tmp_path):
    """MkDocs' English warning named no line."""
    body = ("Xem [kế hoạch](ke-hoach.pdf) và [bản tin cũ](cu.md).\n\n"
            "Tải lại [kế hoạch](ke-hoach.pdf); [ảnh](../assets/anh/toan-canh.svg); [trang](../gioi-thieu/index.md).")
    project = small_project(tmp_path / "p", {"a.md": bulletin_text("Bản tin một", "2026-01-02 08:00", body)})
    done = make_build(project)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "Có 5 lỗi, trang chưa được tạo:",
        "  docs/tin-tuc/a.md:8: liên kết tới 'cu.md' nhưng không có tệp docs/tin-tuc/cu.md",
        "  docs/tin-tuc/a.md:8: liên kết tới 'ke-hoach.pdf' nhưng không có tệp docs/tin-tuc/ke-hoach.pdf",
        "  docs/tin-tuc/a.md:10: liên kết tới '../assets/anh/toan-canh.svg' nhưng không có tệp "
        "docs/assets/anh/toan-canh.svg",
        "  docs/tin-tuc/a.md:10: liên kết tới '../gioi-thieu/index.md' nhưng không có tệp docs/gioi-thieu/index.md",
        "  docs/tin-tuc/a.md:10: liên kết tới 'ke-hoach.pdf' nhưng không có tệp docs/tin-tuc/ke-hoach.pdf",
        "Trang đang đăng vẫn giữ nguyên, chưa có gì thay đổi.",
    ]


def test_a_broken_link_converted_by_the_helper_process_is_reported_the_same(tmp_path):
    """With 200 bulletins, the last ones' Markdown is converted by a second process (mkdocs_parallel)."""
    project = small_project(tmp_path / "p")
    last = write_bulletins(project, 200)[-1]
    last.write_text(last.read_text(encoding="utf-8") + "\nXem [phụ lục](phu-luc.xlsx).\n", encoding="utf-8")
    done = make_build(project)
    assert done.returncode == 1
    assert done.stderr.splitlines()[:2] == [
        "Có 1 lỗi, trang chưa được tạo:",
        "  docs/tin-tuc/tao-san/ban-tin-00200.md:11: liên kết tới 'phu-luc.xlsx' nhưng không có tệp "
        "docs/tin-tuc/tao-san/phu-luc.xlsx"]
    one_process = make_build(project, BANTIN_ONE_PROCESS="1")
    assert one_process.stderr == done.stderr


def test_make_build_says_when_the_search_index_is_made_after_the_build(tmp_path):
    """The core's fallbacks are said (logging "bantin"), not silent: an editor's HTML page with a search filter."""
    project = small_project(tmp_path / "p", {"a.md": bulletin_text("Bản tin một", "2026-01-02 08:00")})
    (project / "docs/bang.html").write_text(
        '<!doctype html><html lang="vi"><head><title>Bảng</title></head><body>'
        '<main data-pagefind-body><p data-pagefind-filter="loai:bang">Bảng giá</p></main></body></html>',
        encoding="utf-8")
    done = subprocess.run([sys.executable, "hooks/bantin_build.py"], cwd=project, capture_output=True, text=True,
                          env=dict(build_env(), PYTHONPATH=str(project / "hooks")), timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:2] == [
        "Chỉ mục tìm kiếm: trang bang.html có bộ lọc hay cách sắp xếp riêng (data-pagefind-filter, "
        "data-pagefind-sort), mà các phần của chỉ mục không ghép được; lập chỉ mục sau khi dựng xong cả trang",
        "Chỉ mục tìm kiếm: có trang có bộ lọc hay cách sắp xếp riêng; lập chỉ mục một lần cho cả trang (cần nhiều bộ "
        "nhớ hơn)"]
    assert (project / "site/pagefind/pagefind-entry.json").is_file()
