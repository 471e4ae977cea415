"""The portal an official signs off: the office's identity, nothing internal in public, share cards that
social networks show, no broken links on the 404 page."""
import gzip
import json
import re
import xml.etree.ElementTree as ET

import pytest

from servers import chromium_browser
from sitebuild import DEMO_PROGRAMME, DEMO_WARD, build_env, copy_project, mkdocs_build, published_page
from visitlogs import seed_counts

SITE = "https://phuocbinh.example.gov.vn/"
ARTICLE = "tin-tuc/ban-chi-dao-chuyen-doi-so-trong-cac-co-quan-dang-tong-ket-cong-tac-nam-2025-trien-khai/"


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("portal")
    project = copy_project(tmp / "p")
    seed_counts(project)
    result = mkdocs_build(project, tmp / "site", build_env())
    assert result.returncode == 0, result.stderr
    return tmp / "site"


def read(site, path="index.html"):
    return (site / path).read_text(encoding="utf-8")


def test_header_names_the_office_and_its_province(site):
    header = re.search(r"<header.*?</header>", read(site, ARTICLE + "index.html"), re.S).group(0)
    assert '<img class="bt-brand__logo" src="../../assets/logo/bieu-trung-mau.svg" alt=""' in header
    assert text_of(re.search(r'<a class="bt-brand".*?</a>', header, re.S).group(0)) == (
        "Trang thông tin điện tử ỦY BAN NHÂN DÂN PHƯỜNG PHƯỚC BÌNH TỈNH ĐỒNG NAI")


def test_footer_identity(site):
    footer = text_of(re.search(r"<footer.*?</footer>", read(site), re.S).group(0))
    assert footer == (
        f"Trang thông tin điện tử UBND phường {DEMO_WARD} "
        f"Cơ quan chủ quản: Ủy ban nhân dân phường {DEMO_WARD} "
        f"Chịu trách nhiệm chính: Chủ tịch Ủy ban nhân dân phường {DEMO_WARD} "
        f"Địa chỉ: Trụ sở Ủy ban nhân dân phường {DEMO_WARD}, tỉnh Đồng Nai "
        "Thư điện tử: ubnd.phuocbinh@example.gov.vn "
        f"Ghi rõ nguồn “Trang thông tin điện tử UBND phường {DEMO_WARD}” khi phát hành lại thông tin từ trang này. "
        "RSS · Dữ liệu mở · Liên hệ · Sơ đồ trang")
    assert "000 0000" not in read(site) and "Hướng dẫn biên tập" not in read(site)


def test_menu_links_pages_and_categories_with_bulletins_only(site):
    menu = re.search(r'<nav class="bt-menu".*?</nav>', read(site), re.S).group(0)
    assert re.findall(r'<a href="([^"]*)"[^>]*>([^<]+)</a>', menu) == [
        ("./", "Trang chủ"), ("gioi-thieu/", "Giới thiệu"), ("chuyen-muc/chuyen-doi-so/", "Chuyển đổi số"),
        ("thong-ke/", "Thống kê"), ("luu-tru/", "Lưu trữ")]
    sidebar = re.search(r'<aside class="bt-sidebar".*?</aside>', read(site), re.S).group(0)
    assert "chuyen-muc/thong-bao/" not in sidebar and "chuyen-muc/tin-tuc-su-kien/" not in sidebar
    assert f"Giới thiệu phường {DEMO_WARD}" in read(site, "gioi-thieu/index.html")


def test_category_pages_have_breadcrumbs(site):
    html = read(site, "chuyen-muc/chuyen-doi-so/index.html")
    assert re.search(r'<nav class="bt-breadcrumb" aria-label="Vị trí">\s*<a href="../../">Trang chủ</a>\s*</nav>\s*'
                     r"<h1>Chuyển đổi số</h1>", html)


def test_editors_guides_are_not_published(site):
    assert not (site / "huong-dan").exists()
    sitemap = read(site, "sitemap.xml")
    urls = [u.text for u in ET.fromstring(sitemap).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert SITE in urls and SITE + "./" not in urls
    assert not [u for u in urls if "huong-dan" in u or "tim-kiem" in u]
    indexed = [json.loads(gzip.decompress(p.read_bytes())[len("pagefind_dcd"):])["url"]
               for p in (site / "pagefind/fragment").iterdir()]
    assert sorted(indexed) == ["/gioi-thieu/", "/lien-he/", "/" + ARTICLE]


def test_share_cards_are_raster(site):
    article = read(site, ARTICLE + "index.html")
    assert f'<meta property="og:image" content="{SITE}assets/anh/chia-se-mac-dinh.png">' in article
    assert ".svg" not in re.search(r'<meta property="og:image" content="[^"]*">', article).group(0)
    document = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', article, re.S).group(1))
    assert document["image"] == [SITE + "assets/anh/chia-se-mac-dinh.png"]
    assert document["publisher"] == {
        "@type": "GovernmentOrganization", "name": f"Ủy ban nhân dân phường {DEMO_WARD}, tỉnh Đồng Nai", "url": SITE,
        "address": f"Trụ sở Ủy ban nhân dân phường {DEMO_WARD}, tỉnh Đồng Nai",
        "email": "ubnd.phuocbinh@example.gov.vn", "logo": SITE + "assets/logo/bieu-trung-mau.svg"}
    home = read(site)
    assert f'<meta property="og:title" content="Trang thông tin điện tử UBND phường {DEMO_WARD}">' in home
    assert (site / "assets/anh/chia-se-mac-dinh.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_list_pages_describe_themselves(site):
    html = read(site, "chuyen-muc/chuyen-doi-so/index.html")
    assert ('<meta name="description" content="Tin về chuyển đổi số, chính quyền số, dữ liệu số">') in html
    feed = ET.fromstring(read(site, "chuyen-muc/thong-bao/rss.xml")).find("channel")
    assert feed.findtext("description") == ("Tin bài chuyên mục Thông báo - Trang thông tin điện tử UBND phường "
                                            f"{DEMO_WARD}")


def test_not_found_page_links_home(site):
    html = read(site, "404.html")
    assert 'href="//"' not in html
    assert re.findall(r'<a href="(/[^"]*)">(trang chủ|lưu trữ tin bài|tìm kiếm)</a>', html) == [
        ("/", "trang chủ"), ("/luu-tru/", "lưu trữ tin bài"), ("/tim-kiem/", "tìm kiếm")]
    assert f"<title>Không tìm thấy trang - Trang thông tin điện tử UBND phường {DEMO_WARD}</title>" in html


def test_small_texts(site):
    article = read(site, ARTICLE + "index.html")
    assert '<a class="bt-skip" href="#noi-dung">Chuyển đến nội dung chính</a>' in article
    assert "Từ khóa:" in text_of(article) and "Thẻ:" not in text_of(article)
    assert '<form class="bt-search-page" role="search" method="get" action="./">' in read(site, "tim-kiem/index.html")


def test_a_new_bulletin_shows_no_zero_views(tmp_path):
    project = copy_project(tmp_path / "p")
    seed_counts(project)
    (project / "docs/tin-tuc/moi.md").write_text(
        "---\ntitle: Tin mới\ndate: 2026-01-02 08:00\ncategory: thong-bao\n---\n\nNội dung.\n", encoding="utf-8")
    assert '<span class="bt-views" hidden>' in published_page(project, "tin-tuc/moi/")
    assert '<span class="bt-views">· Lượt xem: <span' in published_page(project, ARTICLE)


def test_print_keeps_the_office_and_drops_counters(site):
    with chromium_browser() as browser:
        page = browser.new_page()
        page.goto((site / ARTICLE / "index.html").as_uri())
        page.emulate_media(media="print")
        assert page.locator(".bt-brand").is_visible()
        assert page.locator(".bt-brand").inner_text().split("\n") == [
            "TRANG THÔNG TIN ĐIỆN TỬ", "ỦY BAN NHÂN DÂN PHƯỜNG PHƯỚC BÌNH", "TỈNH ĐỒNG NAI"]
        for hidden in (".bt-views", ".bt-menu", ".bt-search", ".bt-sidebar", ".bt-share", ".bt-breadcrumb"):
            assert not page.locator(hidden).first.is_visible(), hidden
        assert page.locator(".bt-footer__contact").is_visible()


def test_visit_counter_block_and_article_views(site):
    """The counts the counter keeps in .bantin-state/ reach every page."""
    for page in ("index.html", ARTICLE + "index.html", f"thong-ke/{DEMO_PROGRAMME}/index.html", "404.html"):
        text = text_of(read(site, page))
        assert ("Thống kê truy cập Đang truy cập 3 Ngày 30/12/2025 192 Ngày 29/12/2025 Tháng 12/2025 192 "
                "Tổng lượt truy cập 390.416") in text, page
    assert "Thứ ba - 30/12/2025 08:30 · Lượt xem: 87" in text_of(read(site, ARTICLE + "index.html"))


def test_visit_counter_names_its_days(site):
    """A static page cannot know the reader's today: the built figures are named by date, and the script
    says "Hôm nay" and shows "Đang truy cập" only when the figures are from the reader's today and fresh."""
    html = read(site)
    block = text_of(re.search(r'<section class="bt-block bt-visits".*?</section>', html, re.S).group(0))
    assert block == ("Thống kê truy cập Đang truy cập 3 Ngày 30/12/2025 192 Ngày 29/12/2025 Tháng 12/2025 192 "
                     "Tổng lượt truy cập 390.416")
    assert '<div data-visits-row="online" hidden>' in html and '<div data-visits-row="yesterday" hidden>' in html
    with chromium_browser() as browser:
        for now, labels, online in (("2026-11-23T09:00:00+07:00", ["Ngày 30/12/2025", "Tháng 12/2025"], False),
                                    ("2025-12-30T16:50:00+07:00", ["Hôm nay", "Tháng này"], True)):
            page = browser.new_page()
            page.clock.set_fixed_time(now)
            page.goto((site / "index.html").as_uri())
            assert page.locator('[data-visits-label="today"]').inner_text() == labels[0]
            assert page.locator('[data-visits-label="month"]').inner_text() == labels[1]
            assert page.locator('[data-visits-row="online"]').is_visible() is online
            page.close()
