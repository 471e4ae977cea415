"""A failed build, for any reason, leaves the published site/ byte-for-byte as it was."""
import hashlib
import resource
import subprocess
import sys

import pytest

from bantin.output import publish
from sitebuild import DEMO_BULLETIN, build_env, copy_project, mkdocs_build, write_bulletins

ARTICLE_SOURCE = f"docs/tin-tuc/{DEMO_BULLETIN}.md"
ARTICLE = "tin-tuc/ban-chi-dao-chuyen-doi-so-trong-cac-co-quan-dang-tong-ket-cong-tac-nam-2025-trien-khai/"


def digest(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def published(tmp_path):
    project = copy_project(tmp_path / "p")
    site = tmp_path / "site"
    result = mkdocs_build(project, site, build_env())
    assert result.returncode == 0, result.stderr
    before = digest(site)
    assert len(before) > 50 and "index.html" in before
    return project, site, before


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


A = f"docs/tin-tuc/{DEMO_BULLETIN}.md"
BREAKS = {
    "unknown category": (("category: chuyen-doi-so", "category: chuyen-doi"),
                         f"{A}:4: category: chuyên mục 'chuyen-doi' không có trong data/site.yml"),
    "misspelt expression": (("{{ programme.basis }}", "{{ tasks.complted }}"),
                            f"{A}:20: không có trường 'complted' (ý bạn là 'completed'?)"),
    "tab in front matter": (("featured: true", "\tfeatured: true"),
                            f"{A}:11: lỗi cú pháp YAML, cột 1: có ký tự Tab; hãy thụt lề bằng dấu cách"),
    "bad date": (("date: 2025-12-30 08:30", "date: 30/12/2025"),
                 f"{A}:3: date: ngày đăng '30/12/2025' cần dạng năm-tháng-ngày giờ:phút"),
}


@pytest.mark.parametrize("name", BREAKS)
def test_a_broken_bulletin_leaves_the_site_untouched(published, name):
    project, site, before = published
    (old, new), message = BREAKS[name]
    edit(project / ARTICLE_SOURCE, old, new)
    result = mkdocs_build(project, site, build_env())
    assert result.returncode != 0
    assert message in result.stderr
    assert digest(site) == before
    assert not list(site.parent.glob(".bantin-build-*")), "the staging folder is removed"


def test_a_duplicate_title_leaves_the_site_untouched(published):
    project, site, before = published
    source = (project / ARTICLE_SOURCE).read_text(encoding="utf-8")
    (project / "docs/tin-tuc/ban-sao.md").write_text(source, encoding="utf-8")
    result = mkdocs_build(project, site, build_env())
    assert result.returncode != 0
    assert ("docs/tin-tuc/ban-sao.md: trùng địa chỉ trang tin-tuc/ban-chi-dao-chuyen-doi-so-trong-cac-co-quan"
            f"-dang-tong-ket-cong-tac-nam-2025-trien-khai/ với docs/tin-tuc/{DEMO_BULLETIN}.md; "
            "hãy đổi tên tệp hoặc ghi slug: <địa-chỉ-khác>" in result.stderr)
    assert digest(site) == before


def test_a_crash_after_pages_were_written_leaves_the_site_untouched(published):
    """A disk that fills up while Pagefind writes (files over 100 KB fail): MkDocs already wrote the pages."""
    project, site, before = published
    edit(project / ARTICLE_SOURCE, "Toàn cảnh Hội nghị", "Toàn cảnh Hội nghị tổng kết")

    def small_disk():
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))

    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
                             "-d", str(site)], capture_output=True, text=True, env=build_env(), cwd=project,
                            preexec_fn=small_disk)
    assert result.returncode != 0
    assert "không ghi được chỉ mục tìm kiếm: tệp quá lớn" in result.stderr
    assert digest(site) == before


def test_a_strict_warning_leaves_the_site_untouched(published):
    project, site, before = published
    (project / "data/programmes/ghi-chu.txt").write_text("x\n", encoding="utf-8")
    result = mkdocs_build(project, site, build_env())
    assert result.returncode != 0
    assert "Aborted with 1 warnings in strict mode!" in result.stdout + result.stderr
    assert digest(site) == before


def test_a_good_build_replaces_the_site_and_keeps_newer_visits(published):
    project, site, before = published
    edit(project / ARTICLE_SOURCE, "Toàn cảnh Hội nghị", "Toàn cảnh Hội nghị tổng kết")
    (site / "visits.json").write_text('{"updated": "2099-01-01T00:00:00+07:00", "total": 5}\n')
    (site / "cu.html").write_text("trang cũ")
    result = mkdocs_build(project, site, build_env())
    assert result.returncode == 0, result.stderr
    after = digest(site)
    assert after[f"{ARTICLE}index.html"] != before[f"{ARTICLE}index.html"]
    assert "Toàn cảnh Hội nghị tổng kết" in (site / ARTICLE / "index.html").read_text(encoding="utf-8")
    assert "cu.html" not in after, "files of the old build do not linger"
    assert (site / "visits.json").read_text() == '{"updated": "2099-01-01T00:00:00+07:00", "total": 5}\n'
    assert sorted(p.name for p in site.parent.iterdir()) == ["p", "site"]


def test_two_builds_of_one_commit_are_byte_identical(tmp_path):
    """Nothing in the output depends on the build's folder or clock."""
    sites = []
    for name in ("a", "b"):
        project = copy_project(tmp_path / name / "p")
        result = mkdocs_build(project, tmp_path / name / "site", build_env(now=f"2026-11-23 12:0{len(sites)}"))
        assert result.returncode == 0, result.stderr
        sites.append(digest(tmp_path / name / "site"))
    assert sites[0] == sites[1]


def test_site_dir_that_cannot_be_created(tmp_path):
    project = copy_project(tmp_path / "p")
    (tmp_path / "tep").write_text("not a folder")
    result = mkdocs_build(project, tmp_path / "tep" / "site", build_env())
    assert result.returncode != 0
    assert f"không tạo được thư mục dựng trang tạm trong {tmp_path / 'tep'}" in result.stderr
    assert "Traceback" not in result.stderr


def test_exchange_swaps_two_folders(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site/a.html").write_text("cũ")
    staging = publish.staging_dir(tmp_path / "site")
    (staging / "a.html").write_text("mới")
    publish.publish(staging, tmp_path / "site")
    assert (tmp_path / "site/a.html").read_text() == "mới"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_without_an_atomic_exchange_the_folders_are_swapped_by_renames_and_it_is_said(tmp_path, monkeypatch,
                                                                                      caplog):
    (tmp_path / "site").mkdir()
    (tmp_path / "site/a.html").write_text("cũ")
    staging = publish.staging_dir(tmp_path / "site")
    (staging / "a.html").write_text("mới")
    monkeypatch.setattr(publish.ctypes.util, "find_library", lambda name: None)  # no libc: no renameat2
    with caplog.at_level("WARNING", logger="bantin"):
        publish.publish(staging, tmp_path / "site")
    assert (tmp_path / "site/a.html").read_text() == "mới"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert [r.getMessage() for r in caplog.records] == [
        "Đăng trang: hệ thống tệp ở đây không hoán đổi được hai thư mục trong một bước (renameat2); hoán đổi bằng "
        f"ba lần đổi tên, giữa chúng có một khoảnh khắc rất ngắn {tmp_path / 'site'} chưa có trang"]


def test_hundreds_of_bulletins_get_their_search_index(tmp_path):
    """Pagefind's Python service read its answer with a 2 MiB limit: at 500 bulletins the build hung forever."""
    project = copy_project(tmp_path / "p")
    write_bulletins(project, 600)
    result = mkdocs_build(project, tmp_path / "site", build_env(), timeout=180)
    assert result.returncode == 0, result.stderr
    fragments = list((tmp_path / "site/pagefind/fragment").iterdir())
    assert len(fragments) == 600 + 3  # the bulletins, the demo's, the Giới thiệu and Liên hệ pages


def test_mkdocs_yml_site_dir_is_published_to_site(tmp_path):
    """Engines write into mkdocs.yml's site_dir; only bantin publishes it, to site/ (tests/test_engines.py)."""
    assert publish.live_dir(tmp_path / ".bantin-unpublished-site") == tmp_path / "site"
    assert publish.live_dir(tmp_path / "public") == tmp_path / "public"  # `mkdocs build -d public`
