import pytest

from bantin.visits.logs import parse
from bantin.visits.rules import bot_pattern, is_bot, is_page_view, page_path
from visitlogs import FIREFOX, at, line

WHEN = at("2025-12-30", "08:30:00")


@pytest.mark.parametrize("target, path", [
    ("/", "/"), ("/tin-tuc/a/", "/tin-tuc/a/"), ("/tin-tuc/a/index.html", "/tin-tuc/a/"),
    ("/tin-tuc/a/?utm_source=zalo", "/tin-tuc/a/"), ("/404.html", "/404.html"),
    ("/assets/bantin.css", None), ("/feed.xml", None), ("/pagefind/fragment/vi_1.pf_fragment", None),
    ("/visits.json", None), ("/du-lieu/x.csv", None), ("/tin-tuc/%C4%91/", "/tin-tuc/đ/"),
])
def test_page_path(target, path):
    assert page_path(target) == path


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
    assert is_page_view(parse(line(WHEN, **kwargs))) is counted


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
    assert is_bot(parse(line(WHEN, agent=agent)), bot_pattern()) is bot


def test_headless_chrome_can_be_told_to_count():
    hit = parse(line(WHEN, agent="Mozilla/5.0 HeadlessChrome/131.0"))
    assert is_bot(hit, bot_pattern(("bot", "crawler"))) is False
