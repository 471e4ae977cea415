"""Every kind of page bantin generates, in one registry: its template, the pages it makes from the site's
data, what its template is given, and its last modification for the sitemap.

A new kind of page is one `PageKind` subclass (bantin.common.pagekind) here plus one template in `overrides/`. The build
(bantin.build.pipeline) lists every page with its kind and key, writes one Markdown stub (title, template) per
generated page, and gives each page's template its kind's context. Bulletins and the editors' own pages
are kinds too (`EditorsFileKind`): their pages are the editors' files in docs/, not stubs, and what the preview
compares of them (`inputs`) is read from their text too. Modelled on Material's blog plugin
(a `View` per page kind) and Pelican's direct templates, without their URL settings: addresses are in
`urls`, so a kind only says which of them it makes.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ..common import urls
from ..common.pagekind import Page, PageKind
from ..news import views
from ..sections import kinds as sections
from ..sections import office_pages

if TYPE_CHECKING:
    from ..news.collection import News
    from .incremental import PageSource
    from .state import SiteData

KIND_KEY, PAGE_KEY = "bantin_kind", "bantin_key"  # front matter only generated stubs carry


def _news(site: SiteData) -> News:
    """The bulletins, for the kinds whose pages exist only when there are some (a bulletin, the archive, a list)."""
    if site.news is None:
        raise LookupError("a page of bulletins without bulletins")  # `pages` makes none: cannot happen
    return site.news


class EditorsFileKind(PageKind):
    """A kind whose pages are editors' files in docs/: what such a page shows depends on its text, which the
    preview gives its `inputs` as a `PageSource` (bantin.build.incremental). Without one: everything."""

    from_docs = True

    def inputs(self, site: SiteData, key: str, source: PageSource | None = None) -> object:
        return super().inputs(site, key)


class EditorsPage(EditorsFileKind):
    """A page an editor writes in docs/ (Giới thiệu, the guides): its own template (`template:`), its own words."""

    name, template = "trang", "main.html"

    def inputs(self, site: SiteData, key: str, source: PageSource | None = None) -> object:
        # The home page, Giới thiệu, the guides: few, and they may show anything (the data, every bulletin)
        if source is None:
            return super().inputs(site, key)
        return source.text, site.data_key, source.files_key, super().inputs(site, key)


class BulletinPage(EditorsFileKind):
    """A bulletin of docs/tin-tuc/ at its own address (bantin.news), keyed by its file."""

    name, template = "ban-tin", "bai-viet.html"

    def context(self, site: SiteData, key: str) -> dict[str, Any]:
        bulletin = _news(site).bulletin(key)
        if bulletin is None:
            raise LookupError(key)  # a bulletin's page is keyed by a bulletin's file (bantin.build.pipeline)
        return {"article": views.article(bulletin, _news(site).catalog, site.site_url, site.portal.agency,
                                         site.programmes, _news(site).now),
                "sample_notice": site.shows_sample(bulletin.programme, bulletin.report)}

    def last_modified(self, site: SiteData, key: str) -> dt.datetime | None:
        bulletin = _news(site).bulletin(key)
        return bulletin.last_modified if bulletin is not None else None

    def inputs(self, site: SiteData, key: str, source: PageSource | None = None) -> object:
        """Its text, its neighbours (their titles are linked), its tags' addresses, the data if it quotes
        figures, the files' addresses if it links to a page, the files it links to, and whether it is
        published yet. data/site.yml (categories) is shown by every page."""
        news = _news(site)
        bulletin = news.bulletin(key)
        if source is None or bulletin is None:
            return super().inputs(site, key)
        text = source.text
        newer, older = news.catalog.neighbours(bulletin)
        return (text, bulletin, tuple(newer), tuple(older), tuple(map(news.catalog.tag_url, bulletin.tags)),
                site.data_key if bulletin.programme or "{" in text else None,
                source.files_key if any(e in text for e in urls.PAGE_EXTENSIONS) else None,  # a page's address
                source.links(),
                bulletin.published_by(news.now))


class StatisticsIndex(PageKind):
    name, template = "thong-ke-index", "thong-ke-index.html"

    def pages(self, site: SiteData) -> Iterator[Page]:
        yield Page(f"{urls.STATISTICS}index.md", "Thống kê", "")

    def context(self, site: SiteData, key: str) -> dict[str, Any]:
        return {"thong_ke": list(site.stats_pages.values()),
                "sample_notice": any(p.shows_sample() for p in site.programmes.values())}

    def last_modified(self, site: SiteData, key: str) -> dt.date | dt.datetime | None:
        return max((p.latest.as_of for p in site.programmes.values()), default=None)

    def inputs(self, site: SiteData, key: str) -> object:
        return site.data_key


class Statistics(PageKind):
    name, template = "thong-ke", "thong-ke.html"

    def pages(self, site: SiteData) -> Iterator[Page]:
        for programme in site.programmes.values():
            yield Page(f"{urls.statistics(programme.id).rstrip('/')}.md", programme.title, programme.id)

    def context(self, site: SiteData, key: str) -> dict[str, Any]:
        views, sample = site.unit_views, site.shows_sample(key)
        if views is None:
            return {"thong_ke": site.stats_pages[key], "sample_notice": sample}
        return {"thong_ke": site.stats_pages[key], "theo_don_vi": views.statistics(key),
                "unit_urls": views.task_unit_urls(site.programmes[key]), "sample_notice": sample}

    def last_modified(self, site: SiteData, key: str) -> dt.date | dt.datetime | None:
        return site.programmes[key].latest.as_of

    def files(self, site: SiteData) -> Iterator[tuple[str, str]]:
        views = site.unit_views
        return views.files() if views is not None else iter(())

    def inputs(self, site: SiteData, key: str) -> object:
        return site.data_key


class UnitPage(PageKind):
    """One page a unit of data/units.yml: its figures and traffic light in each programme, its children ranked."""

    name, template = "don-vi", "don-vi.html"

    def pages(self, site: SiteData) -> Iterator[Page]:
        for unit in (site.units.by_code.values() if site.units is not None else ()):
            yield Page(f"{urls.unit(unit.code)}index.md", unit.name, unit.code)

    def context(self, site: SiteData, key: str) -> dict[str, Any]:
        # its own name and code, its children's (listed), each programme's figures of it
        units, unit_views = site.units, site.unit_views
        if units is None or unit_views is None:
            raise LookupError(key)  # a unit's page is made only from data/units.yml (`pages`)
        sample = site.sample_units([key, *units.children(key)]) or any(
            p.shows_sample() for p in site.programmes.values()
            if any(key in r.report.figures_by_unit for r in p.reports))
        return {"don_vi": unit_views.page(key), "sample_notice": sample}

    def last_modified(self, site: SiteData, key: str) -> dt.date | dt.datetime | None:
        return max((r.as_of for p in site.programmes.values() for r in p.reports
                    if key in r.report.figures_by_unit), default=None)

    def inputs(self, site: SiteData, key: str) -> object:
        return site.data_key


class Search(PageKind):
    name, template = "tim-kiem", "tim-kiem.html"

    def pages(self, site: SiteData) -> Iterator[Page]:
        yield Page(f"{urls.SEARCH.rstrip('/')}.md", "Tìm kiếm", "")

    def inputs(self, site: SiteData, key: str) -> object:
        return ()  # the form only


class Archive(PageKind):
    name, template = "luu-tru", "luu-tru.html"

    def pages(self, site: SiteData) -> Iterator[Page]:
        if site.news is not None:
            yield Page(f"{urls.ARCHIVE}index.md", "Lưu trữ", "")

    def context(self, site: SiteData, key: str) -> dict[str, Any]:
        return {"luu_tru": _news(site).catalog.archive()}

    def last_modified(self, site: SiteData, key: str) -> dt.date | dt.datetime | None:
        return _news(site).catalog.newest_date()


class Tags(PageKind):
    name, template = "the", "the.html"

    def pages(self, site: SiteData) -> Iterator[Page]:
        if site.news is not None:
            yield Page(f"{urls.TAGS}index.md", "Thẻ", "")

    def context(self, site: SiteData, key: str) -> dict[str, Any]:
        return {"the": _news(site).catalog.tags()}


class NewsList(PageKind):
    """Every list of bulletins, 20 a page: all news, each category, tag, year and month."""

    name, template = "danh-sach", "danh-sach.html"

    def pages(self, site: SiteData) -> Iterator[Page]:
        if site.news is not None:
            for url, page in site.news.list_pages.items():
                yield Page(f"{url}index.md", page.heading, url)

    def context(self, site: SiteData, key: str) -> dict[str, Any]:
        news = _news(site)
        page = news.list_pages[key]
        return {"danh_sach": page, "cards": [views.card(b, news.catalog) for b in page.items]}

    def last_modified(self, site: SiteData, key: str) -> dt.date | dt.datetime | None:
        return _news(site).last_modified(key)

    def inputs(self, site: SiteData, key: str) -> object:
        news = _news(site)
        return news.list_pages[key], news.catalog.hidden  # its bulletins, its place in the list


class Home(PageKind):
    """The office's own `docs/index.md` with `template: trang-chu.html`: generated content, editor's page."""

    name, template = "trang-chu", "trang-chu.html"

    def context(self, site: SiteData, key: str) -> dict[str, Any]:
        return {"trang_chu": views.home(_news(site).catalog, site.stats_pages),
                "sample_notice": any(p.shows_sample() for p in site.programmes.values())}

    def last_modified(self, site: SiteData, key: str) -> dt.date | dt.datetime | None:
        return site.news.catalog.newest_date() if site.news is not None else None


HOME, BULLETIN, EDITORS_PAGE = Home(), BulletinPage(), EditorsPage()
KINDS: dict[str, PageKind] = {kind.name: kind for kind in (
    StatisticsIndex(), Statistics(), UnitPage(), Search(), Archive(), Tags(), NewsList(), HOME,
    *sections.KINDS, *office_pages.KINDS, BULLETIN, EDITORS_PAGE)}


def editors_kind(meta: Mapping[str, object]) -> PageKind:
    """An editor's page is its own kind, or the home page's when it asks for its template."""
    return HOME if meta.get("template") == HOME.template else EDITORS_PAGE
