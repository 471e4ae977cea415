import pytest

from bantin.visits.logs import parse
from bantin.visits.pages import site_pages, site_prefix
from bantin.visits.rules import bot_agent, bot_pattern, normalise, page_path, request_page
from visitlogs import ARTICLE, FIREFOX, at, line, make_site

WHEN = at("2025-12-30", "08:30:00")


@pytest.mark.parametrize("target, path", [
    ("/", "/"), ("/tin-tuc/a/", "/tin-tuc/a/"), ("/tin-tuc/a/index.html", "/tin-tuc/a/"),
    ("/tin-tuc/a/?utm_source=zalo", "/tin-tuc/a/"), ("/404.html", "/404.html"),
    ("/assets/bantin.css", None), ("/feed.xml", None), ("/pagefind/fragment/vi_1.pf_fragment", None),
    ("/visits.json", None), ("/du-lieu/x.csv", None), ("/tin-tuc/%C4%91/", "/tin-tuc/đ/"),
    ("/" + "a" * 4000 + "/../", "/"), ("//////", "/"), ("/./", "/"), ("/tin-tuc//a/./", "/tin-tuc/a/"),
    ("/tin-tuc/a/b/..", "/tin-tuc/a/"), ("/../../etc/", "/etc/"), ("/tin-tuc/a/%2e%2e/", "/tin-tuc/"),
    ("/tin-tuc/a/index.html#top", "/tin-tuc/a/"), ("http://host/tin-tuc/a/?x=1", "/tin-tuc/a/"),
    ("/x/..%2Findex.html", "/"),
])
def test_page_path(target, path):
    assert page_path(target) == path


@pytest.mark.parametrize("target, path", [
    ("/assets/./x.css", "/assets/x.css"), ("/a//b", "/a/b"), ("?x", "/"), ("/a/.", "/a/"), ("/%zz", "/%zz"),
])
def test_normalise(target, path):
    assert normalise(target) == path


@pytest.mark.parametrize("kwargs, counted", [
    ({}, True),
    ({"status": 304}, True),
    ({"status": 404}, False),
    ({"status": 500}, False),
    ({"status": 301}, False),
    ({"method": "HEAD"}, False),
    ({"method": "POST"}, False),
    ({"path": "/assets/stylesheets/main.css"}, False),
    ({"path": "/sitemap.xml"}, False),
])
def test_page_view(kwargs, counted):
    hit = parse(line(WHEN, **kwargs))
    assert (request_page(hit.method, hit.target, hit.status) == ARTICLE) is counted


def test_site_pages_are_its_html_files_but_404(tmp_path):
    site = make_site(tmp_path, ("/", ARTICLE, "/luu-tru/2025/"))
    (tmp_path / "luu-tru/ghi-chu.html").write_text("<html></html>")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets/bantin.css").write_text("")
    assert site_pages(site) == {"/", ARTICLE, "/luu-tru/2025/", "/luu-tru/ghi-chu.html"}


def test_site_under_a_sub_path_has_its_pages_there(tmp_path):
    site = make_site(tmp_path, ("/", ARTICLE), site_url="https://owner.example.io/bantin/")
    assert site_prefix(site) == "/bantin/"
    assert site_pages(site) == {"/bantin/", "/bantin" + ARTICLE}


def test_prefix_is_the_folder_shared_by_the_sitemap(tmp_path):
    (tmp_path / "sitemap.xml").write_text(
        "<urlset><url><loc>https://h.example/cong/tin-tuc/a/</loc></url>"
        "<url><loc>https://h.example/cong/the/</loc></url></urlset>")
    assert site_prefix(tmp_path) == "/cong/"
    (tmp_path / "sitemap.xml").unlink()
    assert site_prefix(tmp_path) == "/"     # no sitemap: served at the root


def test_no_built_site_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError) as caught:
        site_pages(tmp_path / "site")
    assert str(caught.value) == (
        f"chưa có trang đã dựng trong {tmp_path / 'site'}: chạy `make build` trước (chỉ trang có trong bản dựng "
        "mới được đếm lượt xem); chưa đọc dòng nhật ký nào")


@pytest.mark.parametrize("agent, bot", [
    (FIREFOX, False),
    ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", True),
    ("Mozilla/5.0 (compatible; bingbot/2.0)", True),
    ("Mozilla/5.0 (compatible; Yahoo! Slurp)", True),
    ("Baiduspider-image+(+http://www.baidu.com/search/spider.htm)", True),
    ("coccoc crawler", True),
    ("curl/8.5.0", True), ("Wget/1.21.3", True), ("python-requests/2.32.3", True),
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/131.0 Safari/537.36", True),
    ("Python-urllib/3.11", True), ("Go-http-client/2.0", True),
    ("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", True),
    ("Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36 Zalo android/12100", False),
    ("-", True), ("", True),
])
def test_bots(agent, bot):
    assert bot_agent(parse(line(WHEN, agent=agent)).agent, bot_pattern()) is bot


def test_headless_chrome_can_be_told_to_count():
    hit = parse(line(WHEN, agent="Mozilla/5.0 HeadlessChrome/131.0"))
    assert bot_agent(hit.agent, bot_pattern(("bot", "crawler"))) is False
