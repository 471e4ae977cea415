"""The news portal as built: article page, lists, pagination, feeds, sitemap, drafts and future bulletins."""
import gzip
import json
import re
import xml.etree.ElementTree as ET

import pytest

from sitebuild import DEMO_PROGRAMME, DEMO_WARD, build_env, copy_project, mkdocs_build, published_page, write_bulletins
from visitlogs import seed_counts

SITE = "https://phuocbinh.example.gov.vn/"
DEMO = "tin-tuc/ban-chi-dao-chuyen-doi-so-trong-cac-co-quan-dang-tong-ket-cong-tac-nam-2025-trien-khai/"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def thu(n: int) -> str:
    return f"tin-tuc/ban-tin-{n:05d}/"  # from the file name (sitebuild.write_bulletins)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The demo plus 45 generated bulletins, a draft and one dated after `now`."""
    tmp = tmp_path_factory.mktemp("news")
    project = copy_project(tmp / "p")
    seed_counts(project)  # the counter's figures, as a server's state holds them
    write_bulletins(project, 45)
    write_bulletins(project, 1, first=900, draft="true")
    (project / "docs/tin-tuc/sap-dang.md").write_text(
        "---\ntitle: Thông báo sắp đăng\ndate: 2026-12-01 07:00\ncategory: thong-bao\n---\n\nSắp đăng.\n",
        encoding="utf-8")
    result = mkdocs_build(project, tmp / "site", build_env(now="2026-11-23 12:00"))
    assert result.returncode == 0, result.stderr
    return tmp / "site"


def read(site, url):
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_article_page(site):
    html = read(site, DEMO)
    text = text_of(html)
    assert "Thứ ba - 30/12/2025 08:30 · Lượt xem: 87" in text
    assert '<h1 class="bt-article__title">Ban Chỉ đạo Chuyển đổi số trong các cơ quan Đảng tổng kết công tác năm ' \
           '2025, triển khai nhiệm vụ năm 2026</h1>' in html
    assert '<p class="bt-lead"><strong>Sáng 29/12, Ban Chỉ đạo Chuyển đổi số' in html
    assert '<img src="../../assets/anh/toan-canh-hoi-nghi.svg" alt="Toàn cảnh Hội nghị"' in html
    assert "Toàn cảnh Hội nghị" in text and "trang mẫu" not in text, "nothing internal on a published page"
    assert "Nguồn: TTXVN" in text
    assert re.findall(r'rel="tag">([^<]+)<', html) == ["Chuyển đổi số", "Đảng viên", "Tổng kết năm 2025"]
    assert "Xem với cỡ chữ" in text and 'data-bt-size="up"' in html and "In bài viết" in text


def test_share_links_carry_the_page_url(site):
    html = read(site, DEMO)
    url = SITE + DEMO
    encoded = url.replace(":", "%3A").replace("/", "%2F")
    assert f'href="https://www.facebook.com/sharer/sharer.php?u={encoded}"' in html
    assert f'href="https://sp.zalo.me/share_to_zalo?url={encoded}"' in html
    assert f'data-bt-copy="{url}"' in html and f'value="{url}"' in html


def test_related_statistics(site):
    text = text_of(read(site, DEMO))
    assert ("Số liệu liên quan Đề án chuyển đổi số trong các cơ quan Đảng Tính đến 25/12/2025, Ban Chỉ đạo Chuyển đổi "
            "số trong các cơ quan Đảng đã giao 309") in text


def test_json_ld_and_open_graph(site):
    html = read(site, DEMO)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "NewsArticle"
    assert data["datePublished"] == "2025-12-30T08:30:00+07:00"
    assert data["image"] == [SITE + "assets/anh/chia-se-mac-dinh.png"], "raster only: networks show no SVG"
    assert data["publisher"]["name"] == f"Ủy ban nhân dân phường {DEMO_WARD}, tỉnh Đồng Nai"
    assert data["mainEntityOfPage"] == SITE + DEMO
    meta = dict(re.findall(r'<meta property="(og:[a-z:_]+)" content="([^"]*)"', html))
    assert meta["og:type"] == "article" and meta["og:url"] == SITE + DEMO
    assert meta["og:image"] == SITE + "assets/anh/chia-se-mac-dinh.png"
    assert meta["og:description"].startswith("Sáng 29/12, Ban Chỉ đạo")


def test_newer_and_older_five_from_the_same_category(site):
    html = read(site, thu(20))
    newer = re.search(r'<h2 id="bt-newer">Những tin mới hơn</h2>(.*?)</section>', html, re.S).group(1)
    older = re.search(r'<h2 id="bt-older">Những tin cũ hơn</h2>(.*?)</section>', html, re.S).group(1)
    assert re.findall(r"thử số (\d+) về", newer) == ["21", "22", "23", "24", "25"]
    assert re.findall(r"thử số (\d+) về", older) == ["19", "18", "17", "16", "15"]
    assert "Những tin mới hơn" not in read(site, thu(45))


def test_category_pages_of_twenty(site):
    first = read(site, "chuyen-muc/tin-tuc-su-kien/")
    assert re.findall(r"thử số (\d+) về", first)[:2] == ["45", "44"] and first.count('class="bt-card"') == 20
    assert "Trang 1/3" in text_of(first)
    assert 'rel="next" href="trang-2/"' in first
    third = read(site, "chuyen-muc/tin-tuc-su-kien/trang-3/")
    assert "<h1>Tin tức - Sự kiện - Trang 3</h1>" in third
    assert third.count('class="bt-card"') == 5 and "Trang 3/3" in text_of(third)
    assert 'rel="prev" href="../trang-2/"' in third and '<span aria-current="page">3</span>' in third


def test_archive_and_tags(site):
    archive = text_of(read(site, "luu-tru/"))
    assert "Năm 2025 (46 bài)" in archive and "Tháng 12/2025 (1 bài)" in archive and "Tháng 11/2025 (45 bài)" in archive
    month = read(site, "luu-tru/2025/11/")
    assert "<h1>Lưu trữ tháng 11/2025</h1>" in month
    assert "Cải cách hành chính (45)" in text_of(read(site, "the/"))
    assert (site / "the/cai-cach-hanh-chinh/trang-3/index.html").exists()


def test_home_page(site):
    text = text_of(read(site, ""))
    assert "Tin nổi bật Ban Chỉ đạo Chuyển đổi số" in text
    assert "Số liệu tiến độ Đề án chuyển đổi số trong các cơ quan Đảng Tính đến 25/12/2025" in text
    assert "Đã hoàn thành 61%" in text
    assert "Tin mới Bản tin thử số 45" in text


def test_drafts_and_future_bulletins_are_not_published(site):
    assert not (site / thu(900)).exists()
    assert not (site / "tin-tuc/sap-dang").exists()
    everything = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    everything += "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.xml"))
    assert "Thông báo sắp đăng" not in everything and "thử số 900" not in everything


def test_feeds(site):
    feed = ET.fromstring((site / "rss.xml").read_text(encoding="utf-8")).find("channel")
    items = feed.findall("item")
    assert len(items) == 30
    assert items[0].findtext("title").startswith("Ban Chỉ đạo Chuyển đổi số")
    assert items[0].findtext("pubDate") == "Tue, 30 Dec 2025 08:30:00 +0700"
    assert items[1].findtext("pubDate") == "Sun, 02 Nov 2025 21:00:00 +0700"
    category = ET.fromstring((site / "chuyen-muc/chuyen-doi-so/rss.xml").read_text(encoding="utf-8"))
    assert [i.findtext("title")[:20] for i in category.iter("item")] == ["Ban Chỉ đạo Chuyển đ"]


def test_every_page_links_its_feed(site):
    for page in site.rglob("*.html"):
        if "pagefind" in page.parts:
            continue
        html = page.read_text(encoding="utf-8")
        assert '<link rel="alternate" type="application/rss+xml"' in html, page
    category = read(site, "chuyen-muc/chuyen-doi-so/")
    assert 'href="rss.xml"' in category and 'title="Chuyển đổi số"' in category


def test_sitemap_dates_come_from_the_bulletins(site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.fromstring((site / "sitemap.xml").read_text(encoding="utf-8"))
    entries = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
               for u in root.findall("s:url", ns)}
    assert entries[SITE + DEMO] == "2025-12-30T08:30:00+07:00"
    assert entries[SITE + thu(45)] == "2025-11-02T21:00:00+07:00"
    assert entries[SITE + "chuyen-muc/tin-tuc-su-kien/"] == "2025-11-02T21:00:00+07:00"
    assert entries[SITE + f"thong-ke/{DEMO_PROGRAMME}/"] == "2025-12-25"
    assert SITE + thu(900) not in entries and SITE + "404.html" not in entries
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()) == (site / "sitemap.xml").read_bytes()


def test_no_inline_scripts_or_handlers(site):
    for page in site.rglob("*.html"):
        if "pagefind" in page.parts:
            continue
        html = page.read_text(encoding="utf-8")
        for script in re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S):
            attributes, body = script
            assert 'src="' in attributes or 'type="application/ld+json"' in attributes, page
            assert body.strip() == "" or "ld+json" in attributes, page
        assert not re.search(r"\son[a-z]+=", html), page
        assert "fonts.googleapis" not in html and "cdn." not in html


def test_preview_shows_drafts_marked(tmp_path):
    project = copy_project(tmp_path / "p")
    write_bulletins(project, 1, first=900, draft="true")
    import subprocess
    import sys

    from sitebuild import REPO  # noqa: F401
    code = ("from mkdocs.config import load_config\nfrom mkdocs.commands.build import build\n"
            f"cfg = load_config({str(project / 'mkdocs.yml')!r}, site_dir={str(tmp_path / 'site')!r})\n"
            "cfg.plugins.on_startup(command='serve', dirty=False)\n"
            "build(cfg, serve_url='http://127.0.0.1:8000/')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=build_env(search=False), cwd=project)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / thu(900) / "index.html").read_text(encoding="utf-8")
    assert "Bản nháp: chỉ hiện khi xem trước, chưa được đăng." in page
    listing = (tmp_path / "site/chuyen-muc/tin-tuc-su-kien/index.html").read_text(encoding="utf-8")
    assert "Chưa đăng" in listing


def test_editors_text_is_escaped(tmp_path):
    project = copy_project(tmp_path / "p")
    (project / "docs/tin-tuc/ky-tu.md").write_text(
        '---\ntitle: "Hỏi & đáp <b>về</b> thủ tục"\ndate: 2025-11-01 08:00\ncategory: thong-bao\n'
        'summary: "Sapo có <script>alert(1)</script>"\n---\n\nNội dung **đậm**.\n', encoding="utf-8")
    html = published_page(project, "tin-tuc/ky-tu/")
    assert '<h1 class="bt-article__title">Hỏi &amp; đáp &lt;b&gt;về&lt;/b&gt; thủ tục</h1>' in html
    assert "<script>alert(1)</script>" not in html and "Sapo có &lt;script&gt;" in html
    assert "<strong>đậm</strong>" in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["description"] == "Sapo có <script>alert(1)</script>"  # "<\/" in the page, "</" once parsed


def test_bad_bulletin_fails_the_build_with_file_and_line(tmp_path):
    project = copy_project(tmp_path / "p")
    (project / "docs/tin-tuc/sai.md").write_text(
        "---\ntitle: Bài sai\ndate: 2025-13-01 08:00\ncategory: tin-tuc\n---\n\nNội dung.\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", build_env(search=False))
    assert result.returncode == 1
    assert "docs/tin-tuc/sai.md:3: date: ngày đăng '2025-13-01 08:00' không tồn tại" in result.stderr
    assert ("docs/tin-tuc/sai.md:4: category: chuyên mục 'tin-tuc' không có trong data/site.yml "
            "(ý bạn là 'tin-tuc-su-kien'?)") in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_robots_txt_points_to_the_sitemap(site):
    assert (site / "robots.txt").read_text() == f"User-agent: *\nDisallow:\n\nSitemap: {SITE}sitemap.xml\n"


def test_a_body_typed_in_decomposed_unicode_is_published_composed(tmp_path):
    """Some Vietnamese keyboards and copies from PDF give NFD text: the page is published NFC, like its
    front matter, so search and the browser's find see one spelling."""
    import unicodedata

    project = copy_project(tmp_path / "p")
    body = f"Phường {DEMO_WARD} tiếp nhận 1.234 hồ sơ trực tuyến."
    text = ("---\ntitle: Tin thử chữ tổ hợp\ndate: 2026-01-05 08:00\ncategory: tin-tuc-su-kien\n---\n\n"
            + unicodedata.normalize("NFD", body) + "\n")
    assert unicodedata.normalize("NFD", body) != body
    (project / "docs/tin-tuc/chu-to-hop.md").write_text(text, encoding="utf-8")
    html = published_page(project, "tin-tuc/chu-to-hop/")
    assert f"<p>{body}</p>" in html
    assert unicodedata.normalize("NFC", html) == html
