"""The published bulletins, sorted and grouped once: lists, pages of 20, neighbours, archive, tags."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict

from ..common import urls, vi
from ..portal.settings import Portal
from .bulletins import Bulletin

if TYPE_CHECKING:
    from .views import Card

PER_PAGE = 20
NEIGHBOURS = 5


@dataclass(frozen=True)
class ListPage:
    """One page of a list: `chuyen-muc/chuyen-doi-so/trang-2/`."""

    key: str                # the list's first URL, e.g. chuyen-muc/chuyen-doi-so/
    title: str
    url: str
    number: int
    count: int              # how many pages the list has
    items: tuple[Bulletin, ...]
    feed: str | None = None  # the list's RSS, for <link rel="alternate">
    description: str = ""

    @property
    def heading(self) -> str:
        return self.title if self.number == 1 else f"{self.title} - Trang {self.number}"

    def page_url(self, number: int) -> str:
        return urls.list_page(self.key, number)

    def pager(self) -> list[tuple[str, str | None]]:
        """Page numbers to link: the first, the last and two either side of this one; '…' between."""
        shown = sorted({1, self.count, *range(max(1, self.number - 2), min(self.count, self.number + 2) + 1)})
        links: list[tuple[str, str | None]] = []
        for previous, number in zip([0, *shown], shown, strict=False):  # pairs
            if number - previous > 1:
                links.append(("…", None))
            links.append((str(number), self.page_url(number)))
        return links


class MonthLink(TypedDict):
    """A month of the archive page (lưu trữ), as its template shows it."""

    label: str
    url: str
    count: int


class YearLink(TypedDict):
    year: int
    url: str
    months: list[MonthLink]
    count: int


class TagLink(TypedDict):
    """A tag of the tags page (thẻ)."""

    name: str
    url: str
    count: int


def paginate(key: str, title: str, items: list[Bulletin], feed: str | None = None,
             description: str = "") -> list[ListPage]:
    chunks = [items[i:i + PER_PAGE] for i in range(0, len(items), PER_PAGE)] or [[]]
    pages = []
    for number, chunk in enumerate(chunks, 1):
        url = urls.list_page(key, number)
        pages.append(ListPage(key, title, url, number, len(chunks), tuple(chunk), feed, description))
    return pages


def month_label(year: int, month: int) -> str:
    return f"Tháng {month}/{year}"


def tag_key(name: str) -> str:
    """One tag however it is capitalised or spaced; tone marks make another tag ("Bản đồ", "Bàn đỏ")."""
    return " ".join(vi.nfc(name).casefold().split())


def tag_slugs(first_dates: dict[str, dt.datetime]) -> dict[str, str]:
    """Each tag's address (`tag_key` → slug). Tags whose slugs are the same (`ban-do` for "Bản đồ" and "Bàn đỏ")
    are taken in the order of their first bulletin's date (then of their names): the first keeps the slug, the
    next ones get `-2`, `-3`… (the first number no other tag has). A tag used later cannot change an address
    already published: it comes after every tag there was."""
    slugs: dict[str, str] = {}
    taken = {vi.slug(key) for key in first_dates}  # natural slugs: a suffix never takes another tag's
    for key in sorted(first_dates, key=lambda k: (first_dates[k], k)):
        slug = vi.slug(key)
        if slug in slugs.values():
            number = 2
            while f"{slug}-{number}" in taken or f"{slug}-{number}" in slugs.values():
                number += 1
            slug = f"{slug}-{number}"
        slugs[key] = slug
    return slugs


@dataclass
class Catalog:
    portal: Portal
    bulletins: list[Bulletin]  # newest first
    by_category: dict[str, list[Bulletin]] = field(default_factory=dict)
    by_tag: dict[str, list[Bulletin]] = field(default_factory=dict)   # tag_key → its bulletins
    tag_names: dict[str, str] = field(default_factory=dict)           # tag_key → the name shown
    tag_slugs: dict[str, str] = field(default_factory=dict)           # tag_key → its address's slug
    by_month: dict[tuple[int, int], list[Bulletin]] = field(default_factory=dict)
    hidden: frozenset[str] = frozenset()  # preview-only bulletins (drafts, future), listed while previewing
    _position: dict[str, int] = field(default_factory=dict)  # src_uri → index in its category
    cards: dict[str, Card] = field(default_factory=dict)      # src_uri → views.Card, made once

    @classmethod
    def of(cls, bulletins: list[Bulletin], portal: Portal, hidden: frozenset[str] = frozenset()) -> Catalog:
        ordered = sorted(bulletins, key=lambda b: (b.date, b.slug), reverse=True)
        catalog = cls(portal, ordered, hidden=hidden)
        categories: defaultdict[str, list[Bulletin]] = defaultdict(list)
        tags: defaultdict[str, list[Bulletin]] = defaultdict(list)
        months: defaultdict[tuple[int, int], list[Bulletin]] = defaultdict(list)
        for bulletin in ordered:
            categories[bulletin.category].append(bulletin)
            for tag in bulletin.tags:
                key = tag_key(tag)
                catalog.tag_names.setdefault(key, tag)  # as the newest bulletin writes it
                if not tags[key] or tags[key][-1] is not bulletin:  # "Bản đồ" and "bản đồ" on one bulletin
                    tags[key].append(bulletin)
            day = bulletin.date
            months[(day.year, day.month)].append(bulletin)
        catalog.by_category, catalog.by_tag, catalog.by_month = dict(categories), dict(tags), dict(months)
        catalog.tag_slugs = tag_slugs({key: items[-1].date for key, items in tags.items()})
        for items in categories.values():
            for index, bulletin in enumerate(items):
                catalog._position[bulletin.src_uri] = index
        return catalog

    def neighbours(self, bulletin: Bulletin) -> tuple[list[Bulletin], list[Bulletin]]:
        """Up to five newer and five older bulletins of the same category, nearest first."""
        items = self.by_category.get(bulletin.category, [])
        index = self._position.get(bulletin.src_uri)
        if index is None:
            return [], []
        newer = items[max(0, index - NEIGHBOURS):index][::-1]
        return newer, items[index + 1:index + 1 + NEIGHBOURS]

    def featured(self, count: int = 3) -> list[Bulletin]:
        chosen = [b for b in self.bulletins if b.featured][:count]
        return chosen or self.bulletins[:1]

    def latest(self, count: int = 10, skip: tuple[Bulletin, ...] = ()) -> list[Bulletin]:
        return [b for b in self.bulletins if b not in skip][:count]

    def list_pages(self) -> list[ListPage]:
        """Every list page of the site: all news, each category, each tag, each year and month."""
        pages = paginate(urls.NEWS, "Tin tức", self.bulletins, urls.FEED)
        for category in self.portal.categories:
            pages += paginate(category.url, category.name, self.by_category.get(category.id, []),
                              urls.feed(category.url), category.description)
        for key, items in self.by_tag.items():
            pages += paginate(urls.tag(self.tag_slugs[key]), f"Thẻ: {self.tag_names[key]}", items)
        years: defaultdict[int, list[Bulletin]] = defaultdict(list)
        for (year, month), items in sorted(self.by_month.items(), reverse=True):
            years[year] += items
            pages += paginate(urls.archive_month(year, month), f"Lưu trữ {month_label(year, month).lower()}", items)
        for year, items in years.items():
            pages += paginate(urls.archive_year(year), f"Lưu trữ năm {year}", items)
        return pages

    def archive(self) -> list[YearLink]:
        """Years, newest first, each with its months and counts."""
        years: dict[int, list[MonthLink]] = defaultdict(list)
        for (year, month), items in sorted(self.by_month.items(), reverse=True):
            years[year].append({"label": month_label(year, month), "url": urls.archive_month(year, month),
                                "count": len(items)})
        return [{"year": year, "url": urls.archive_year(year), "months": months,
                 "count": sum(m["count"] for m in months)} for year, months in years.items()]

    def tags(self) -> list[TagLink]:
        return sorted(({"name": self.tag_names[key], "url": urls.tag(self.tag_slugs[key]), "count": len(items)}
                       for key, items in self.by_tag.items()), key=lambda t: (-t["count"], vi.slug(t["name"])))

    def tag_url(self, name: str) -> str:
        return urls.tag(self.tag_slugs[tag_key(name)])

    def newest_date(self, items: list[Bulletin] | None = None) -> dt.datetime | None:
        items = self.bulletins if items is None else items
        return max((b.last_modified for b in items), default=None)
