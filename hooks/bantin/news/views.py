"""What the news templates show, as ready text: cards, the article page, the home page."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, TypedDict
from urllib.parse import quote

from ..common import urls, vi
from ..figures.content import StatsPage, headline
from .bulletins import Bulletin
from .catalog import Catalog

if TYPE_CHECKING:
    from ..figures.stats import ProgrammeStats
    from ..portal.settings import Agency


@dataclass(frozen=True)
class Card:
    title: str
    url: str
    date: str
    iso: str
    summary: str
    image: str | None
    image_alt: str | None
    category: str
    category_url: str
    draft: bool


def card(bulletin: Bulletin, catalog: Catalog) -> Card:
    """Made once per build: each bulletin shows on up to a dozen list pages and in its neighbours' pages."""
    made = catalog.cards.get(bulletin.src_uri)
    if made is None:
        made = catalog.cards[bulletin.src_uri] = _card(bulletin, catalog)
    return made


def _card(bulletin: Bulletin, catalog: Catalog) -> Card:
    category = catalog.portal.category(bulletin.category)
    return Card(bulletin.title, bulletin.url, vi.date(bulletin.date), bulletin.date.isoformat(),
                bulletin.summary, bulletin.image, bulletin.image_caption,
                category.name if category else bulletin.category, category.url if category else "",
                bulletin.src_uri in catalog.hidden)


@dataclass(frozen=True)
class Share:
    url: str
    facebook: str
    zalo: str


def share_links(absolute_url: str) -> Share:
    encoded = quote(absolute_url, safe="")
    return Share(absolute_url, f"https://www.facebook.com/sharer/sharer.php?u={encoded}",
                 f"https://sp.zalo.me/share_to_zalo?url={encoded}")


@dataclass(frozen=True)
class ArticleView:
    title: str
    date_line: str
    iso: str
    modified_iso: str
    summary: str
    image: str | None
    image_caption: str | None
    image_credit: str | None
    author: str | None
    source: str | None
    category: str
    category_url: str
    tags: list[tuple[str, str]]
    share: Share
    newer: list[Card]
    older: list[Card]
    related: dict[str, str] | None  # related_figures
    json_ld: str
    notice: str  # "Bản nháp" / "Hẹn đăng lúc …" while previewing
    share_image: str  # what social networks show: the bulletin's picture if they can show it


RASTER = (".jpg", ".jpeg", ".png", ".webp")


def share_image(bulletin: Bulletin) -> str:
    """Facebook and Zalo show JPEG, PNG and WebP, not SVG: an SVG stays on the page but is not offered."""
    return bulletin.image if bulletin.image and bulletin.image.lower().endswith(RASTER) else ""


def related_figures(bulletin: Bulletin, programmes: Mapping[str, ProgrammeStats]) -> dict[str, str] | None:
    """The "Số liệu liên quan" box: the figures of the bulletin's own report, and whether newer ones exist."""
    programme = programmes.get(bulletin.programme) if bulletin.programme else None
    if programme is None or bulletin.report is None:
        return None
    report = programme.report(bulletin.report)
    latest = programme.latest.as_of
    return {"title": programme.title, "url": urls.statistics(programme.id), "as_of": vi.date(report.as_of),
            "headline": headline(report.tasks, report.as_of, programme.owner) if report.tasks else "",
            "newer": vi.date(latest) if latest != report.as_of else ""}


def article(bulletin: Bulletin, catalog: Catalog, site_url: str, agency: Agency,
            programmes: Mapping[str, ProgrammeStats], now: dt.datetime) -> ArticleView:
    """`agency`: the publisher."""
    category = catalog.portal.category(bulletin.category)
    newer, older = catalog.neighbours(bulletin)
    absolute = site_url + bulletin.url
    related = related_figures(bulletin, programmes)
    notice = ""
    if bulletin.draft:
        notice = "Bản nháp: chỉ hiện khi xem trước, chưa được đăng."
    elif bulletin.date > now:
        notice = f"Hẹn đăng lúc {vi.date_line(bulletin.date)}: chỉ hiện khi xem trước."
    return ArticleView(
        bulletin.title, vi.date_line(bulletin.date), bulletin.date.isoformat(),
        bulletin.last_modified.isoformat(), bulletin.summary, bulletin.image, bulletin.image_caption,
        bulletin.image_credit, bulletin.author, bulletin.source,
        category.name if category else "", category.url if category else "",
        [(tag, catalog.tag_url(tag)) for tag in bulletin.tags], share_links(absolute),
        [card(b, catalog) for b in newer], [card(b, catalog) for b in older], related,
        json_ld(bulletin, absolute, site_url, agency, category.name if category else ""), notice,
        share_image(bulletin),
    )


def publisher(agency: Agency, site_url: str) -> dict[str, object]:
    """The office as schema.org describes a publisher: its full name, address and logo."""
    document: dict[str, object] = {"@type": "GovernmentOrganization", "name": agency.full_name, "url": site_url}
    if agency.address:
        document["address"] = agency.address
    if agency.email:
        document["email"] = agency.email
    if agency.logo:
        document["logo"] = site_url + agency.logo
    return document


def json_ld(bulletin: Bulletin, url: str, site_url: str, agency: Agency, section: str) -> str:
    office = publisher(agency, site_url)
    document: dict[str, object] = {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": bulletin.title, "description": bulletin.summary,
        "datePublished": bulletin.date.isoformat(), "dateModified": bulletin.last_modified.isoformat(),
        "mainEntityOfPage": url, "url": url, "inLanguage": "vi", "articleSection": section,
        "author": {"@type": "Person", "name": bulletin.author} if bulletin.author else office,
        "publisher": office,
    }
    image = share_image(bulletin) or agency.share_image
    if image:
        document["image"] = [site_url + image]
    if bulletin.tags:
        document["keywords"] = ", ".join(bulletin.tags)
    return inline_json(document)


def inline_json(document: object) -> str:
    """JSON to place inside a `<script>` element. Escaping only `</` is not enough: `<!--<script>` in a
    title makes the HTML parser treat the rest of the page as script text. `\\u003c` is still `<` to JSON.
    (`str.replace`, not `str.translate`: translate takes 0,3 ms on a Vietnamese page's JSON, replace 3 µs.)"""
    text = json.dumps(document, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class CategorySection(TypedDict):
    """A category's newest bulletins on the home page."""

    name: str
    url: str
    items: list[Card]


@dataclass(frozen=True)
class HomeView:
    featured: list[Card]
    latest: list[Card]
    programmes: list[StatsPage]
    categories: list[CategorySection]


def home(catalog: Catalog, stats_pages: Mapping[str, StatsPage]) -> HomeView:
    featured = catalog.featured()
    latest = catalog.latest(10, skip=tuple(featured))
    sections: list[CategorySection] = []
    for category in catalog.portal.categories:
        items = catalog.by_category.get(category.id, [])[:4]
        if items:
            sections.append({"name": category.name, "url": category.url, "items": [card(b, catalog) for b in items]})
    return HomeView([card(b, catalog) for b in featured], [card(b, catalog) for b in latest],
                    list(stats_pages.values()), sections)


def redirect_page(alias: str, target: str, site_url: str, title: str) -> str:
    """A moved bulletin's old address (`aliases:`): a static page that sends readers to the new one, with no
    script (the site's CSP allows none inline) and a plain link for browsers that ignore the refresh."""
    relative = "../" * alias.count("/") + target
    absolute = site_url + target
    return (f'<!doctype html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
            f'<title>{escape(title)}</title>\n<link rel="canonical" href="{escape(absolute, True)}">\n'
            f'<meta name="robots" content="noindex">\n'
            f'<meta http-equiv="refresh" content="0; url={escape(relative, True)}">\n</head>\n<body>\n'
            f'<p>Bài viết đã chuyển sang địa chỉ mới: <a href="{escape(relative, True)}">{escape(title)}</a></p>\n'
            f'</body>\n</html>\n')
