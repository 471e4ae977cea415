"""RSS 2.0 feeds and the sitemap, with dates from the bulletins, never from the build clock."""
from __future__ import annotations

import datetime as dt
import email.utils
from xml.sax.saxutils import escape, quoteattr

from .bulletins import Bulletin

FEED_SIZE = 30


def rfc822(when: dt.datetime) -> str:
    """`Tue, 30 Dec 2025 08:30:00 +0700`."""
    return email.utils.format_datetime(when)


def rss(title: str, link: str, description: str, site_url: str, items: list[Bulletin],
        feed_url: str, categories: dict[str, str]) -> str:
    """The newest `FEED_SIZE` items; `site_url` ends with '/'."""
    items = items[:FEED_SIZE]
    newest = max((b.last_modified for b in items), default=None)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
        "<channel>",
        f"<title>{escape(title)}</title>",
        f"<link>{escape(link)}</link>",
        f"<description>{escape(description)}</description>",
        "<language>vi</language>",
        f"<atom:link href={quoteattr(feed_url)} rel=\"self\" type=\"application/rss+xml\"/>",
    ]
    if newest:
        lines.append(f"<lastBuildDate>{rfc822(newest)}</lastBuildDate>")
    for bulletin in items:
        url = site_url + bulletin.url
        lines += [
            "<item>",
            f"<title>{escape(bulletin.title)}</title>",
            f"<link>{escape(url)}</link>",
            f"<guid isPermaLink=\"true\">{escape(url)}</guid>",
            f"<pubDate>{rfc822(bulletin.date)}</pubDate>",
            f"<category>{escape(categories.get(bulletin.category, bulletin.category))}</category>",
        ]
        if bulletin.summary:
            lines.append(f"<description>{escape(bulletin.summary)}</description>")
        lines.append("</item>")
    lines += ["</channel>", "</rss>", ""]
    return "\n".join(lines)


def sitemap(entries: list[tuple[str, dt.datetime | dt.date | None]]) -> str:
    """`entries`: absolute URL and last modification (or None when nothing in the data says)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, modified in entries:
        lastmod = f"<lastmod>{modified.isoformat()}</lastmod>" if modified else ""
        lines.append(f"<url><loc>{escape(url)}</loc>{lastmod}</url>")
    lines += ["</urlset>", ""]
    return "\n".join(lines)
