"""Every kind of page bantin generates, in one registry: its template, the pages it makes from the site's
data, what its template is given, and its last modification for the sitemap.

A new kind of page is one `PageKind` subclass (bantin.common.pagekind) here plus one template in `overrides/`. The build
(bantin.build.pipeline) lists every page with its kind and key, writes one Markdown stub (title, template) per
generated page, and gives each page's template its kind's context. Bulletins and the editors' own pages
are kinds too: their pages are the editors' files in docs/, not stubs. Modelled on Material's blog plugin
(a `View` per page kind) and Pelican's direct templates, without their URL settings: addresses are in
`urls`, so a kind only says which of them it makes.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..common import urls
from ..common.pagekind import Page, PageKind
from ..news import views
from ..sections import kinds as sections
from ..sections import office_pages

if TYPE_CHECKING:
    pass

KIND_KEY, PAGE_KEY = "bantin_kind", "bantin_key"  # front matter only generated stubs carry


class EditorsPage(PageKind):
    """A page an editor writes in docs/ (Giới thiệu, the guides): its own template (`template:`), its own words."""

    name, template = "trang", "main.html"
    from_docs = True

    def inputs(self, site, key):
        return ()  # the adapter's: its text, and what every page shows


class BulletinPage(PageKind):
    """A bulletin of docs/tin-tuc/ at its own address (bantin.news), keyed by its file."""

    name, template = "ban-tin", "bai-viet.html"
    from_docs = True

    def context(self, site, key):
        bulletin = site.news.bulletin(key)
        return {"article": views.article(bulletin, site.news.catalog, site.site_url, site.portal.agency,
                                         site.programmes, site.news.now),
                "sample_notice": site.shows_sample(bulletin.programme, bulletin.report)}

    def last_modified(self, site, key):
        return site.news.bulletin(key).last_modified


class StatisticsIndex(PageKind):
    name, template = "thong-ke-index", "thong-ke-index.html"

    def pages(self, site):
        yield Page(f"{urls.STATISTICS}index.md", "Thống kê", "")

    def context(self, site, key):
        return {"thong_ke": list(site.stats_pages.values()),
                "sample_notice": any(p.shows_sample() for p in site.programmes.values())}

    def last_modified(self, site, key):
        return max((p.latest.as_of for p in site.programmes.values()), default=None)

    def inputs(self, site, key):
        return site.data_key


class Statistics(PageKind):
    name, template = "thong-ke", "thong-ke.html"

    def pages(self, site):
        for programme in site.programmes.values():
            yield Page(f"{urls.statistics(programme.id).rstrip('/')}.md", programme.title, programme.id)

    def context(self, site, key):
        views, sample = site.unit_views, site.shows_sample(key)
        if views is None:
            return {"thong_ke": site.stats_pages[key], "sample_notice": sample}
        return {"thong_ke": site.stats_pages[key], "theo_don_vi": views.statistics(key),
                "unit_urls": views.task_unit_urls(site.programmes[key]), "sample_notice": sample}

    def last_modified(self, site, key):
        return site.programmes[key].latest.as_of

    def files(self, site):
        views = site.unit_views
        return views.files() if views is not None else iter(())

    def inputs(self, site, key):
        return site.data_key


class UnitPage(PageKind):
    """One page a unit of data/units.yml: its figures and traffic light in each programme, its children ranked."""

    name, template = "don-vi", "don-vi.html"

    def pages(self, site):
        for unit in (site.units.by_code.values() if site.units is not None else ()):
            yield Page(f"{urls.unit(unit.code)}index.md", unit.name, unit.code)

    def context(self, site, key):
        # its own name and code, its children's (listed), each programme's figures of it
        sample = site.sample_units([key, *site.units.children(key)]) or any(
            p.shows_sample() for p in site.programmes.values()
            if any(key in r.report.figures_by_unit for r in p.reports))
        return {"don_vi": site.unit_views.page(key), "sample_notice": sample}

    def last_modified(self, site, key):
        return max((r.as_of for p in site.programmes.values() for r in p.reports
                    if key in r.report.figures_by_unit), default=None)

    def inputs(self, site, key):
        return site.data_key


class Search(PageKind):
    name, template = "tim-kiem", "tim-kiem.html"

    def pages(self, site):
        yield Page(f"{urls.SEARCH.rstrip('/')}.md", "Tìm kiếm", "")

    def inputs(self, site, key):
        return ()  # the form only


class Archive(PageKind):
    name, template = "luu-tru", "luu-tru.html"

    def pages(self, site):
        if site.news is not None:
            yield Page(f"{urls.ARCHIVE}index.md", "Lưu trữ", "")

    def context(self, site, key):
        return {"luu_tru": site.news.catalog.archive()}

    def last_modified(self, site, key):
        return site.news.catalog.newest_date()


class Tags(PageKind):
    name, template = "the", "the.html"

    def pages(self, site):
        if site.news is not None:
            yield Page(f"{urls.TAGS}index.md", "Thẻ", "")

    def context(self, site, key):
        return {"the": site.news.catalog.tags()}


class NewsList(PageKind):
    """Every list of bulletins, 20 a page: all news, each category, tag, year and month."""

    name, template = "danh-sach", "danh-sach.html"

    def pages(self, site):
        if site.news is not None:
            for url, page in site.news.list_pages.items():
                yield Page(f"{url}index.md", page.heading, url)

    def context(self, site, key):
        page = site.news.list_pages[key]
        return {"danh_sach": page, "cards": [views.card(b, site.news.catalog) for b in page.items]}

    def last_modified(self, site, key):
        return site.news.last_modified(key)

    def inputs(self, site, key):
        return site.news.list_pages[key], site.news.catalog.hidden  # its bulletins, its place in the list


class Home(PageKind):
    """The office's own `docs/index.md` with `template: trang-chu.html`: generated content, editor's page."""

    name, template = "trang-chu", "trang-chu.html"

    def context(self, site, key):
        return {"trang_chu": views.home(site.news.catalog, site.stats_pages),
                "sample_notice": any(p.shows_sample() for p in site.programmes.values())}

    def last_modified(self, site, key):
        return site.news.catalog.newest_date() if site.news is not None else None


HOME, BULLETIN, EDITORS_PAGE = Home(), BulletinPage(), EditorsPage()
KINDS: dict[str, PageKind] = {kind.name: kind for kind in (
    StatisticsIndex(), Statistics(), UnitPage(), Search(), Archive(), Tags(), NewsList(), HOME,
    *sections.KINDS, *office_pages.KINDS, BULLETIN, EDITORS_PAGE)}


def editors_kind(meta: dict) -> PageKind:
    """An editor's page is its own kind, or the home page's when it asks for its template."""
    return HOME if meta.get("template") == HOME.template else EDITORS_PAGE
