"""The editor's preview of one page, made in its own process (bantin.preview.page.Pages, hooks/mkdocs_page.py):
the same bytes as the preview build MkDocs makes of the same files (hooks/bantin_preview.py: `mkdocs build`
as `make serve` builds), without writing anything."""
import subprocess
import sys

import pytest

from bantin.build.state import SiteData
from bantin.preview.page import Pages
from mkdocs_page import MkDocsPages
from sitebuild import DEMO_PROGRAMME, build_env, bulletin_text, mkdocs_build, small_project

NOW = "2026-11-23 12:00"
BULLETIN = "tin-tuc/so-ket.md"
TEXT = bulletin_text("Hội nghị sơ kết quý I", "2026-03-30 08:30", "Phường đã giải quyết **120 hồ sơ** đúng hạn.",
                     tags="[Hội nghị]")
LATER = bulletin_text("Lịch tiếp công dân tháng 12", "2026-12-01 07:00", "Tiếp công dân vào thứ Năm.")


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setenv("BANTIN_NOW", NOW)
    return small_project(tmp_path / "p", {"so-ket.md": TEXT, "lich-tiep.md": LATER,
                                          "ban-tin-cu.md": bulletin_text("Bản tin cũ", "2025-12-30 08:30")})


def preview_build(project, site_dir):
    env = dict(build_env(NOW, search=False), PYTHONPATH=str(project / "hooks"))
    result = subprocess.run([sys.executable, "hooks/bantin_preview.py", "mkdocs.yml", str(site_dir)], cwd=project,
                            env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return site_dir


def test_each_output_is_the_one_the_preview_build_makes_byte_for_byte(project, tmp_path):
    pages = Pages(project)
    site = preview_build(project, tmp_path / "site")
    addresses = ["tin-tuc/so-ket/", "tin-tuc/lich-tiep/", "", "tin-tuc/",
                 "gioi-thieu/", f"thong-ke/{DEMO_PROGRAMME}/", "thong-ke/", "luu-tru/", "tim-kiem/",
                 "tin-tuc/bai-moi/", "sitemap.xml"]
    assets = sorted(str(p.relative_to(site)) for p in (site / "assets").rglob("*.*"))
    assert any(name.startswith("assets/bantin.") and name.endswith(".css") for name in assets)
    for address in addresses[:-2] + assets:
        made = pages.output(address, {})
        dest = address + "index.html" if address == "" or address.endswith("/") else address
        assert made is not None and made.dest == dest, address
        assert made.body == (site / dest).read_bytes(), address
    assert pages.output("tin-tuc/bai-moi/", {}) is None  # nothing there
    assert pages.output("../mkdocs.yml", {}) is None and pages.output("/etc/passwd", {}) is None
    assert not (project / "site").exists() and not (project / ".bantin-unpublished-site").exists()


def test_an_unsaved_text_is_previewed_as_the_build_would_make_it_from_that_text(project, tmp_path):
    pages = Pages(project)
    changed = TEXT.replace("Hội nghị sơ kết quý I", "Hội nghị sơ kết quý I năm 2026").replace("120 hồ sơ", "135 hồ sơ")
    first = pages.output("tin-tuc/so-ket/", {BULLETIN: changed})
    assert "<strong>135 hồ sơ</strong>" in first.body.decode() and "quý I năm 2026" in first.body.decode()
    assert (project / "docs" / BULLETIN).read_text(encoding="utf-8") == TEXT  # nothing written
    again = pages.output("tin-tuc/so-ket/", {})  # the file as saved: as before
    assert "<strong>120 hồ sơ</strong>" in again.body.decode() and "135" not in again.body.decode()
    new = bulletin_text("Phường ra quân tổng vệ sinh", "2026-06-01 07:00", "Toàn phường **ra quân**.")
    made = pages.output("tin-tuc/ra-quan/", {"tin-tuc/ra-quan.md": new})  # a new bulletin
    assert "<strong>ra quân</strong>" in made.body.decode()
    assert not (project / "docs/tin-tuc/ra-quan.md").exists()
    unsaved = {BULLETIN: changed, "tin-tuc/ra-quan.md": new}
    previewed = {address: pages.output(address, unsaved).body
                 for address in ("tin-tuc/so-ket/", "tin-tuc/ra-quan/", "")}
    for path, text in unsaved.items():
        (project / "docs" / path).write_text(text, encoding="utf-8")
    site = preview_build(project, tmp_path / "site")
    for address, body in previewed.items():
        assert body == (site / address / "index.html").read_bytes(), address


def test_a_change_in_data_is_in_the_next_preview(project):
    pages = Pages(project)
    before = pages.output("", {}).body.decode()
    site_yml = project / "data" / "site.yml"
    text = site_yml.read_text(encoding="utf-8")
    name = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("  name:"))
    site_yml.write_text(text.replace(name, "Ủy ban nhân dân phường Thử Nghiệm", 1), encoding="utf-8")
    after = pages.output("", {}).body.decode()
    assert "phường Thử Nghiệm" not in before and "phường Thử Nghiệm" in after


def test_data_is_read_once_while_it_is_unchanged(project, monkeypatch):
    loads = []
    load = SiteData.load.__func__
    monkeypatch.setattr(SiteData, "load",
                        classmethod(lambda cls, *args, **kw: loads.append(args[0]) or load(cls, *args, **kw)))
    pages = Pages(project)
    first = pages.output("tin-tuc/so-ket/", {})
    for number in range(2):
        assert pages.output("tin-tuc/so-ket/", {BULLETIN: TEXT.replace("120", str(121 + number))}) is not None
    assert pages.output("tin-tuc/so-ket/", {}).body == first.body
    assert loads == [project / "data"]
    programme = next((project / "data" / "programmes").glob("*.yml"))
    programme.write_text(programme.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    pages.output("tin-tuc/so-ket/", {})
    assert loads == [project / "data"] * 2


def test_a_mistake_in_the_unsaved_text_is_shown_instead_of_the_page(project):
    wrong = TEXT.replace("category: thong-bao", "category: thong-bo")
    made = Pages(project).output("tin-tuc/so-ket/", {BULLETIN: wrong})
    assert made.dest == "tin-tuc/so-ket/index.html"
    assert "Xem trước: trang chưa dựng được vì có 1 lỗi" in made.body.decode()
    assert f"docs/{BULLETIN}:4" in made.body.decode()


def test_published_outputs_are_the_ones_make_build_publishes_byte_for_byte(project, tmp_path):
    """The same entry point as `make build` publishes (for tests that need one page, not a whole site)."""
    pages = MkDocsPages(project, published=True)
    site = tmp_path / "site"
    result = mkdocs_build(project, site, build_env(NOW, search=False))
    assert result.returncode == 0, result.stderr
    for address in ["", "tin-tuc/", "tin-tuc/so-ket/", "gioi-thieu/", f"thong-ke/{DEMO_PROGRAMME}/", "thong-ke/",
                    "luu-tru/", "tim-kiem/"]:
        dest = address + "index.html" if address == "" or address.endswith("/") else address
        made = pages.output(address, {})
        assert made is not None and made.body == (site / dest).read_bytes(), address
    assert not (site / "tin-tuc/lich-tiep/index.html").exists()
    assert pages.output("tin-tuc/lich-tiep/", {}) is None  # dated later: not published yet
    assert Pages(project).output("tin-tuc/lich-tiep/", {}) is not None  # the preview shows it
    assert not (project / "site").exists() and not any(p.name.startswith(".bantin") for p in project.iterdir())
