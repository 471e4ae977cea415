"""What a kind of page is: the pages it makes from the site's data, what its template is given, its last
modification, its menu sections and files. Every kind subclasses `PageKind`; the registry of kinds is
bantin.build.kinds (KINDS), which the build walks.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the build's state, which the build gives every kind (types only: it imports the kinds)
    from ..build.state import SiteData


@dataclass(frozen=True)
class Page:
    path: str    # the stub's path inside docs/: `thong-ke/index.md`
    title: str
    key: str     # what the kind needs to find the page's data again


class PageKind:
    name = ""
    template = ""
    searched = False  # its template marks the page for search (data-pagefind-body): rendered among the first
    from_docs = False  # its pages are editors' files in docs/ (bulletins, editors' pages), not generated stubs

    def pages(self, site: SiteData) -> Iterator[Page]:
        return iter(())

    def context(self, site: SiteData, key: str) -> dict[str, Any]:  # a Jinja context: any value a template reads
        return {}

    def last_modified(self, site: SiteData, key: str) -> dt.date | dt.datetime | None:
        return None

    def sections(self, site: SiteData) -> Iterator[tuple[str, str, bool]]:
        """(menu text, address, has content) of each section this kind publishes for the main menu (the
        documents page, the work schedule): a section with content is in the default menu; one without
        makes no page, and a `menu:` link to it is left out until it has (never a dead link)."""
        return iter(())

    def files(self, site: SiteData) -> Iterator[tuple[str, str]]:
        """Files published beside the kind's pages, (path, text): the download of a page's table."""
        return iter(())

    def inputs(self, site: SiteData, key: str) -> object:
        """What the page shows, as values compared between two previews (bantin.build.incremental): when they
        are equal the preview keeps the page it has. By default everything: the data and every bulletin."""
        news = site.news
        return site.data_key, (news.catalog.bulletins, news.catalog.hidden) if news is not None else ()
