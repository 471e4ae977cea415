"""All bulletins of one build: read, validated, split into published and preview-only, catalogued."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from ..common import urls
from ..common.errors import DataError, DataErrors
from ..portal.settings import Portal
from ..schema.fields import Errors
from . import feeds
from .bulletins import Bulletin, Programmes, read_bulletin, split_front_matter
from .catalog import Catalog, ListPage

if TYPE_CHECKING:
    from ..build.incremental import BulletinMemo


@dataclass
class News:
    catalog: Catalog
    by_source: dict[str, Bulletin]        # src_uri → bulletin, every valid one
    hidden: set[str]    # drafts and future ones: preview only
    now: dt.datetime    # the time that decided what is published

    def bulletin(self, src_uri: str) -> Bulletin | None:
        return self.by_source.get(src_uri)

    @cached_property
    def list_pages(self) -> dict[str, ListPage]:
        return {page.url: page for page in self.catalog.list_pages()}

    def feed_paths(self) -> list[str]:
        return [urls.FEED] + [urls.feed(category.url) for category in self.catalog.portal.categories]

    def feed_files(self, site_url: str, site_name: str, description: str) -> dict[str, str]:
        """`rss.xml` and one per category, of published bulletins only."""
        names = {c.id: c.name for c in self.catalog.portal.categories}
        published = [b for b in self.catalog.bulletins if b.src_uri not in self.hidden]
        files = {urls.FEED: feeds.rss(site_name, site_url, description, site_url, published,
                                      site_url + urls.FEED, names)}
        for category in self.catalog.portal.categories:
            items = [b for b in published if b.category == category.id]
            path = urls.feed(category.url)
            about = category.description or f"Tin bài chuyên mục {category.name}"
            files[path] = feeds.rss(f"{category.name} - {site_name}", site_url + category.url,
                                    f"{about} - {site_name}", site_url, items, site_url + path, names)
        return files

    @cached_property
    def by_url(self) -> dict[str, Bulletin]:
        """Published bulletins by address."""
        return {b.url: b for s, b in self.by_source.items() if s not in self.hidden}

    def last_modified(self, list_url: str) -> dt.datetime | None:
        """For the sitemap: a bulletin's date (or `updated`), a list's newest published item."""
        if list_url in self.by_url:
            return self.by_url[list_url].last_modified
        page = self.list_pages.get(list_url)
        return self.catalog.newest_date([b for b in page.items if b.src_uri not in self.hidden]) if page else None


def load_news(sources: list[tuple[str, str]], portal: Portal, programmes: Programmes, docs_name: str,
              known_files: set[str], now: dt.datetime, preview: bool, memo: BulletinMemo | None = None) -> News:
    """`sources`: (src_uri, text) of every `tin-tuc/**/*.md`. Raises DataErrors listing every mistake.
    `memo`: the preview's bulletins of earlier builds (bantin.build.incremental)."""
    errors: list[DataError] = []
    bulletins: dict[str, Bulletin] = {}
    addresses: dict[str, str] = {}  # a bulletin's address and earlier ones → its file
    read = _reader(portal, programmes, docs_name, known_files, memo)
    for src_uri, text in sources:
        bulletin = read(src_uri, text, errors)
        if bulletin is None:
            continue
        shown = f"{docs_name}/{src_uri}"
        taken = [url for url in (bulletin.url, *bulletin.aliases) if url in addresses]
        for url in taken:
            errors.append(DataError(shown, None, None, f"trùng địa chỉ trang {url} với {addresses[url]}; "
                                                       "hãy đổi tên tệp hoặc ghi slug: <địa-chỉ-khác>"))
        if taken:
            continue
        addresses.update({url: shown for url in (bulletin.url, *bulletin.aliases)})
        bulletins[src_uri] = bulletin
    if errors:
        raise DataErrors(errors)
    if memo is not None:
        memo.forget_except({src_uri for src_uri, _ in sources})
    hidden = {s for s, b in bulletins.items() if not b.published_by(now)}
    listed = [b for s, b in bulletins.items() if preview or s not in hidden]
    return News(Catalog.of(listed, portal, frozenset(hidden)), bulletins, hidden, now)


# Reads one bulletin (src_uri, text), its mistakes added to the list.
Reader = Callable[[str, str, list[DataError]], Bulletin | None]


def _reader(portal: Portal, programmes: Programmes, docs_name: str, known_files: set[str],
            memo: BulletinMemo | None) -> Reader:
    def read(src_uri: str, text: str, errors: list[DataError]) -> Bulletin | None:
        shown = f"{docs_name}/{src_uri}"
        return read_bulletin(text, src_uri, shown, portal, programmes, Errors(shown, errors), known_files, docs_name)

    if memo is None:
        return read
    if memo.portal != portal:  # compared once here, then by identity for each bulletin
        memo.portal = portal
    portal = memo.portal

    def remembered(src_uri: str, text: str, errors: list[DataError]) -> Bulletin | None:
        front = split_front_matter(text)[0] or ""
        # Only `programme:`/`report:` read the programmes, only `image:` the files: a word test
        # that may say yes for nothing (then the bulletin is read again), never no for a real key.
        depends = (docs_name, portal, memo.data_key if "programme" in front or "report" in front else None,
                   memo.files_key if "image" in front else None)
        bulletin: Bulletin | None
        found: list[DataError]
        bulletin, found = memo.read(src_uri, text, depends, lambda into: read(src_uri, text, into))
        errors += found
        return bulletin

    return remembered
