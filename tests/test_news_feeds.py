import datetime as dt
import xml.etree.ElementTree as ET

from bantin.common.vi import TIMEZONE
from bantin.news.feeds import rfc822, rss, sitemap
from news_fixtures import bulletin

SITE = "https://phuocbinh.example.gov.vn/"


def test_rfc822_in_vietnam_time():
    assert rfc822(dt.datetime(2025, 12, 30, 8, 30, tzinfo=TIMEZONE)) == "Tue, 30 Dec 2025 08:30:00 +0700"


def test_rss_latest_thirty():
    items = [bulletin(n, summary=f"Sapo {n} & <b>") for n in range(40, 0, -1)]
    text = rss("Tin tức", SITE, "Mô tả", SITE, items, SITE + "rss.xml", {"chuyen-doi-so": "Chuyển đổi số"})
    channel = ET.fromstring(text).find("channel")
    entries = channel.findall("item")
    assert len(entries) == 30
    first = entries[0]
    assert first.findtext("title") == "Bài số 40"
    assert first.findtext("link") == SITE + "tin-tuc/bai-40/"
    assert first.findtext("pubDate") == "Tue, 02 Dec 2025 16:00:00 +0700"
    assert first.findtext("description") == "Sapo 40 & <b>"
    assert first.findtext("category") == "Chuyển đổi số"
    assert channel.findtext("lastBuildDate") == "Tue, 02 Dec 2025 16:00:00 +0700"
    assert channel.findtext("language") == "vi"


def test_sitemap():
    text = sitemap([(SITE, None), (SITE + "tin-tuc/a/", dt.datetime(2025, 12, 30, 8, 30, tzinfo=TIMEZONE)),
                    (SITE + "thong-ke/x/", dt.date(2025, 12, 25))])
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = ET.fromstring(text).findall("s:url", ns)
    assert [(u.findtext("s:loc", namespaces=ns), u.findtext("s:lastmod", namespaces=ns)) for u in urls] == [
        (SITE, None), (SITE + "tin-tuc/a/", "2025-12-30T08:30:00+07:00"), (SITE + "thong-ke/x/", "2025-12-25")]
