"""Editors' photos are published reduced, upright and without their location (bantin.build.images)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from bantin.build import images
from conftest import REPO
from sitebuild import GPS, build_env, copy_project, mkdocs_build, phone_photo

PHOTO = "assets/anh/anh-dien-thoai.jpg"
BANNER = "assets/banners/bang ron.png"
SRCSET = "../../assets/anh/anh-dien-thoai.600.jpg 600w, ../../assets/anh/anh-dien-thoai.jpg 1200w"
BULLETIN = """---
title: Phường ra quân dọn vệ sinh môi trường
date: 2026-01-05 08:00
category: tin-tuc-su-kien
summary: Sáng 04/01, phường tổ chức ra quân dọn vệ sinh môi trường.
image: {image}
image_caption: Người dân dọn vệ sinh tại khu phố 1
featured: true
---

Nội dung bản tin.

![Khu phố 1 sau buổi ra quân](../assets/anh/anh-dien-thoai.jpg)
"""


class Images(HTMLParser):
    """Every <img> of a page: its attributes."""

    def __init__(self):
        super().__init__()
        self.found: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.found.append(dict(attrs))


def images_of(page: Path) -> list[dict]:
    parser = Images()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.found


def published(page: Path, address: str, site: Path) -> Path:
    """The file an address on `page` names (relative to the page's folder, %-encoded in srcset)."""
    from urllib.parse import unquote
    return (page.parent / unquote(address)).resolve().relative_to(site.resolve()) and (page.parent / unquote(address))


def candidates(srcset: str) -> list[tuple[str, int]]:
    return [(entry.split()[0], int(entry.split()[1][:-1])) for entry in srcset.split(", ")]


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The demo with a bulletin whose picture is a 4000×3000 phone photo, built twice."""
    tmp = tmp_path_factory.mktemp("images")
    project = copy_project(tmp / "project")
    exif = phone_photo(project / "docs" / PHOTO)
    (project / "docs/tin-tuc/ra-quan.md").write_text(BULLETIN.format(image=PHOTO), encoding="utf-8")
    Image.new("RGB", (1000, 400), (200, 30, 30)).save(project / "docs" / BANNER)  # the sidebar's, on every page
    site_yml = project / "data/site.yml"
    site_yml.write_text(site_yml.read_text(encoding="utf-8").replace(
        "image: assets/banners/binh-dang-gioi.svg", f"image: {BANNER}"), encoding="utf-8")
    first = mkdocs_build(project, tmp / "site1", build_env(search=False))
    assert first.returncode == 0, first.stderr
    cache = project / images.CACHE_DIR
    made = {p.name: (p.stat().st_mtime_ns, p.stat().st_ino) for p in cache.iterdir()}
    second = mkdocs_build(project, tmp / "site2", build_env(search=False))
    assert second.returncode == 0, second.stderr
    again = {p.name: (p.stat().st_mtime_ns, p.stat().st_ino) for p in cache.iterdir()}
    return project, tmp / "site1", tmp / "site2", exif, made, again


def test_the_home_page_costs_a_reader_under_200_kb_of_images(built):
    project, site, *_ = built
    original = (project / "docs" / PHOTO).stat().st_size
    assert original > 5_000_000
    page = site / "index.html"
    total, cards = 0, 0
    for img in images_of(page):
        total += published(page, img["src"], site).stat().st_size
        if "srcset" in img:
            largest = max(candidates(img["srcset"]), key=lambda c: c[1])[0]
            total += published(page, largest, site).stat().st_size
        if img["src"].endswith("anh-dien-thoai.160x100.jpg"):
            cards += 1
            assert (img["srcset"], img["sizes"], img["width"], img["height"]) == (
                "assets/anh/anh-dien-thoai.160x100.jpg 160w, assets/anh/anh-dien-thoai.320x200.jpg 320w",
                "8rem", "160", "100")
    assert cards >= 1
    assert total <= 200_000, total
    banner = [img for img in images_of(page) if img["src"].startswith("assets/banners/")]
    assert banner == [{"src": "assets/banners/bang%20ron.png", "alt": "Tuyên truyền bình đẳng giới và phòng, chống "
                       "bạo lực gia đình", "width": "300", "height": "120", "loading": "lazy", "sizes": "300px",
                       "srcset": "assets/banners/bang%20ron.800.png 800w, assets/banners/bang%20ron.png 1000w"}]


def test_the_article_shows_the_photo_upright_and_at_most_1600_px(built):
    _, site, *_ = built
    page = site / "tin-tuc/ra-quan/index.html"
    figure = [img for img in images_of(page) if img.get("alt") == "Người dân dọn vệ sinh tại khu phố 1"]
    assert figure == [{"src": "../../assets/anh/anh-dien-thoai.jpg",
                       "srcset": SRCSET,
                       "sizes": "(min-width: 60em) 50rem, calc(100vw - 2rem)",
                       "alt": "Người dân dọn vệ sinh tại khu phố 1", "width": "1200", "height": "1600"}]
    with Image.open(site / PHOTO) as large:  # 4000×3000 turned a quarter (orientation 6): 1200×1600
        assert (large.size, large.format, large.info.get("progressive")) == ((1200, 1600), "JPEG", 1)
    with Image.open(site / "assets/anh/anh-dien-thoai.600.jpg") as medium:
        assert medium.size == (600, 800)
    body = [img for img in images_of(page) if img.get("alt") == "Khu phố 1 sau buổi ra quân"]
    assert body == [{"alt": "Khu phố 1 sau buổi ra quân", "src": "../../assets/anh/anh-dien-thoai.jpg",
                     "width": "1200", "height": "1600", "sizes": "(min-width: 60em) 50rem, calc(100vw - 2rem)",
                     "srcset": SRCSET}]
    # The share card names the reduced picture, at the original's address
    html = page.read_text(encoding="utf-8")
    assert f'<meta property="og:image" content="https://phuongphuocbinh.gov.vn/{PHOTO}">' in html or \
        f'/{PHOTO}">' in html


def test_nothing_published_keeps_the_photo_s_exif_or_location(built):
    project, site, _, exif, *_ = built
    original = (project / "docs" / PHOTO).read_bytes()
    made = sorted(p.relative_to(site).as_posix() for p in (site / "assets/anh").glob("anh-dien-thoai*"))
    assert made == ["assets/anh/anh-dien-thoai.160x100.jpg", "assets/anh/anh-dien-thoai.320x200.jpg",
                    "assets/anh/anh-dien-thoai.600.jpg", "assets/anh/anh-dien-thoai.jpg"]
    for name in made:
        with Image.open(site / name) as picture:
            metadata = (dict(picture.getexif()), picture.info.get("exif"), picture.info.get("xmp"))
            assert metadata == ({}, None, None), name
    gps = Image.Exif()
    gps.get_ifd(0x8825).update(GPS)
    for path, data in tree(site).items():  # the original, its EXIF and its position are nowhere
        assert data != original and exif not in data and b"Samsung" not in data, path


def test_a_second_build_reuses_the_cache_and_makes_the_same_site(built):
    _, site1, site2, _, made, again = built
    photo = next(name.split(".")[0] for name in made if name.endswith(".card2.jpg"))
    assert sorted(name.split(".", 1)[1] for name in made if name.startswith(photo)) == [
        "card.jpg", "card2.jpg", "json", "main.jpg", "medium.jpg"]  # the record and four sizes
    assert made == again  # not one file written again
    assert tree(site1) == tree(site2)


def test_the_cache_is_keyed_by_content_and_encodes_nothing_the_second_time(tmp_path, monkeypatch):
    photo = tmp_path / "docs" / PHOTO
    phone_photo(photo, (2000, 1500), orientation=1)
    encoded = []
    save = Image.Image.save
    monkeypatch.setattr(Image.Image, "save", lambda self, *a, **k: (encoded.append(self.size), save(self, *a, **k))[1])
    sources = {PHOTO: photo}
    first = images.make(sources, {PHOTO}, tmp_path, "docs")
    assert (first.encoded, sorted(encoded)) == (1, [(160, 100), (320, 200), (800, 600), (1600, 1200)])
    encoded.clear()
    second = images.make(sources, {PHOTO}, tmp_path, "docs")
    assert (second.encoded, encoded, second.made) == (0, [], first.made)
    # Another picture with an older date than the cache's files is noticed all the same
    monkeypatch.setattr(Image.Image, "save", save)
    phone_photo(photo, (1000, 2000), orientation=1, seed=10)
    os.utime(photo, (1_000_000_000, 1_000_000_000))
    third = images.make(sources, {PHOTO}, tmp_path, "docs", prune=True)
    assert third.encoded == 1 and third.article(PHOTO) == images.Picture(
        PHOTO, 800, 1600, ((f"{PHOTO[:-4]}.400.jpg", 400), (PHOTO, 800)))
    assert len(list((tmp_path / images.CACHE_DIR).iterdir())) == 5  # the first picture's files pruned


@pytest.mark.parametrize("change", [{"sizes": {}}, {"sizes": {"main": [1600]}}, {"sizes": None}])
def test_a_cache_record_changed_by_hand_is_made_again(tmp_path, change):
    """A record whose sizes are missing or cut short would stop the build where a page shows the picture."""
    photo = tmp_path / "docs" / PHOTO
    phone_photo(photo, (2000, 1500), orientation=1)
    first = images.make({PHOTO: photo}, {PHOTO}, tmp_path, "docs")
    record, = (tmp_path / images.CACHE_DIR).glob("*.json")
    record.write_text(json.dumps({**json.loads(record.read_text(encoding="utf-8")), **change}), encoding="utf-8")
    again = images.make({PHOTO: photo}, {PHOTO}, tmp_path, "docs")
    assert (again.encoded, again.made) == (1, first.made)
    assert again.article(PHOTO) == images.Picture(PHOTO, 1600, 1200, ((f"{PHOTO[:-4]}.800.jpg", 800), (PHOTO, 1600)))


def test_a_small_picture_without_location_is_published_as_it_is(tmp_path):
    photo = tmp_path / "docs/assets/anh/nho.png"
    photo.parent.mkdir(parents=True)
    Image.new("RGB", (640, 480), (200, 30, 30)).save(photo)
    made = images.make({"assets/anh/nho.png": photo}, set(), tmp_path, "docs")
    assert (made.replaced, made.extra, made.article("assets/anh/nho.png")) == (
        {}, [], images.Picture("assets/anh/nho.png", 640, 480))
    # the same size with a GPS position is made again, without it
    located = tmp_path / "docs/assets/anh/vi-tri.jpg"
    phone_photo(located, (640, 480), orientation=1)
    made = images.make({"assets/anh/vi-tri.jpg": located}, set(), tmp_path, "docs")
    with Image.open(made.replaced["assets/anh/vi-tri.jpg"]) as picture:
        assert (picture.size, dict(picture.getexif())) == ((640, 480), {})


def test_a_png_keeps_transparency_and_colour_profile(tmp_path):
    photo = tmp_path / "docs/assets/anh/logo.png"
    photo.parent.mkdir(parents=True)
    picture = Image.new("RGBA", (3200, 1600), (0, 80, 160, 0))
    picture.save(photo, icc_profile=_srgb_profile())
    with Image.open(photo) as source:
        icc = source.info["icc_profile"]
    made = images.make({"assets/anh/logo.png": photo}, set(), tmp_path, "docs")
    with Image.open(made.replaced["assets/anh/logo.png"]) as reduced:
        assert (reduced.size, reduced.mode, reduced.info.get("icc_profile") == icc) == (
            (1600, 800), "RGBA", True)


def _srgb_profile() -> bytes:
    from PIL import ImageCms
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def test_unreadable_pictures_are_reported_in_vietnamese_with_every_other_mistake(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "docs/assets/anh/hong.jpg").write_bytes(b"\xff\xd8\xff\xe0 not a photo")
    truncated = project / "docs/assets/anh/cat-do.jpg"
    phone_photo(truncated, (800, 600))
    truncated.write_bytes(truncated.read_bytes()[:20_000])
    Image.new("RGB", (10, 10)).save(project / "docs/assets/anh/that-ra-la-png.jpg", "PNG")
    (project / "docs/tin-tuc/ra-quan.md").write_text(BULLETIN.format(image="assets/anh/khong-co.jpg"), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", build_env(search=False))
    assert result.returncode == 1
    broken = ": tệp ảnh bị hỏng hoặc không phải ảnh JPEG, không đọc được: hãy lưu lại ảnh từ máy ảnh hoặc " \
             "điện thoại rồi chép lại tệp này"
    for line in ("  docs/assets/anh/hong.jpg" + broken, "  docs/assets/anh/cat-do.jpg" + broken,
                 "  docs/assets/anh/that-ra-la-png.jpg: tệp không phải ảnh JPEG như đuôi tên tệp '.jpg' cho biết "
                 "(mà là ảnh PNG): hãy lưu lại ảnh với đúng đuôi tên tệp",
                 "  docs/tin-tuc/ra-quan.md:6: image: không có tệp ảnh 'assets/anh/khong-co.jpg' trong docs/"):
        assert line in result.stderr.splitlines(), result.stderr
    assert not (tmp_path / "site").exists()


def test_a_file_named_like_a_made_size_is_refused(tmp_path):
    project = copy_project(tmp_path / "project")
    phone_photo(project / "docs" / PHOTO, (2000, 1500), orientation=1)
    (project / "docs/tin-tuc/ra-quan.md").write_text(BULLETIN.format(image=PHOTO), encoding="utf-8")
    Image.new("RGB", (10, 10)).save(project / "docs/assets/anh/anh-dien-thoai.160x100.jpg")
    result = mkdocs_build(project, tmp_path / "site", build_env(search=False))
    assert result.returncode == 1
    assert ("docs/assets/anh/anh-dien-thoai.160x100.jpg: tên tệp trùng với ảnh thu nhỏ mà bản dựng tạo cho "
            f"'docs/{PHOTO}': hãy đổi tên tệp này") in result.stderr, result.stderr


PREVIEW = """
import json, os, sys
sys.path.insert(0, {tests!r})
from pathlib import Path
from preview_driver import serve_build
project, site = Path({project!r}), Path({site!r})
os.chdir(project)
started = []
print(json.dumps(serve_build(project, site, True, started)), flush=True)
new = Path({new!r})
os.replace(new, project / "docs" / {photo!r})
print(json.dumps(serve_build(project, site, True, started)), flush=True)
"""


def test_the_preview_publishes_the_reduced_photo_and_notices_an_older_replacement(tmp_path):
    project = copy_project(tmp_path / "project")
    phone_photo(project / "docs" / PHOTO, (2400, 1800), orientation=6)
    (project / "docs/tin-tuc/ra-quan.md").write_text(BULLETIN.format(image=PHOTO), encoding="utf-8")
    replacement = tmp_path / "moi.jpg"
    phone_photo(replacement, (3000, 2000), orientation=1, seed=20)
    os.utime(replacement, (1_000_000_000, 1_000_000_000))  # older than anything the first build wrote
    site = tmp_path / "preview"
    script = PREVIEW.format(tests=str(REPO / "tests"), project=str(project), site=str(site), new=str(replacement),
                            photo=PHOTO)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600,
                            env=dict(build_env(), PYTHONPATH=str(REPO / "hooks")))
    assert result.returncode == 0, result.stderr
    builds = [json.loads(line) for line in result.stdout.splitlines()]
    assert [b["errors"] for b in builds] == [0, 0]
    with Image.open(site / PHOTO) as large, Image.open(site / "assets/anh/anh-dien-thoai.320x200.jpg") as card:
        assert (large.size, card.size, dict(large.getexif())) == ((1600, 1067), (320, 200), {})
    page = site / "tin-tuc/ra-quan/index.html"
    shown = [img for img in images_of(page) if img.get("alt") == "Người dân dọn vệ sinh tại khu phố 1"]
    assert [(img["width"], img["height"]) for img in shown] == [("1600", "1067")]
    assert (site / "assets/anh/anh-dien-thoai.800.jpg").is_file()
    assert not (site / "assets/anh/anh-dien-thoai.600.jpg").exists()  # the first photo's size left the preview


def test_images_in_bodies_get_their_size_and_srcset():
    pictures = images.Pictures(made={
        "assets/anh/a b.jpg": {"suffix": ".jpg", "sizes": {"main": [1600, 900], "medium": [800, 450]}, "files": []},
        "assets/anh/nho.png": {"suffix": ".png", "sizes": {"main": [300, 200]}, "files": []}})
    html = ('<p><img alt="A" src="../../assets/anh/a%20b.jpg" /> <img src="../../assets/anh/nho.png" alt="">'
            '<img src="../../assets/anh/nho.png" width="10"><img src="https://x.vn/assets/anh/nho.png">'
            '<img src="../../assets/anh/ve.svg"></p>')
    assert pictures.in_body(html, "tin-tuc/bai/") == (
        '<p><img alt="A" src="../../assets/anh/a%20b.jpg" width="1600" height="900" srcset="../../assets/anh/'
        'a%20b.800.jpg 800w, ../../assets/anh/a%20b.jpg 1600w" sizes="(min-width: 60em) 50rem, calc(100vw - 2rem)" />'
        ' <img src="../../assets/anh/nho.png" alt="" width="300" height="200">'
        '<img src="../../assets/anh/nho.png" width="10"><img src="https://x.vn/assets/anh/nho.png">'
        '<img src="../../assets/anh/ve.svg"></p>')
    assert pictures.in_body('<img src="assets/anh/nho.png">', "") == \
        '<img src="assets/anh/nho.png" width="300" height="200">'


def test_make_check_reports_unreadable_pictures_too(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "docs/assets/anh/hong.png").write_bytes(b"\x89PNG\r\n\x1a\n broken")
    result = subprocess.run([sys.executable, "-m", "bantin", "check", "data"], cwd=project, capture_output=True,
                            text=True, env=dict(build_env(), PYTHONPATH=str(REPO / "hooks")), timeout=300)
    assert result.returncode == 1
    assert "  docs/assets/anh/hong.png: tệp ảnh bị hỏng hoặc không phải ảnh PNG, không đọc được: hãy lưu lại ảnh " \
           "từ máy ảnh hoặc điện thoại rồi chép lại tệp này" in result.stderr.splitlines(), result.stderr
