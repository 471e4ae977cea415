"""One build's data: loaded, validated and computed once, then read by every page."""
from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from ..common import urls, vi
from ..common.errors import DataError, DataErrors, shown_path
from ..common.safe_files import unsafe_links
from ..figures import content, exports
from ..figures.loading import BrokenProgramme, load_programmes
from ..figures.stats import ProgrammeStats, compute
from ..figures.units import Units, load_units
from ..figures.unitviews import UnitViews
from ..news.collection import News, load_news
from ..portal.settings import Agency, Block, Link, Portal, load_portal
from ..sections.office import Office, load_office, most_read
from ..sections.publications import Publications, load_publications
from ..visits.store import STATE_DIR, counts_file, load_aggregates
from ..visits.summary import VisitFigures, figures
from ..visits.summary import to_json as visits_json
from .incremental import BulletinMemo
from .kinds import KINDS
from .templating import MarkdownRenderer

NO_PORTAL = Portal(Agency("Cơ quan"), ())


@dataclass(frozen=True)
class GeneratedFile:
    path: str  # relative to the site's docs, POSIX
    text: str


@dataclass
class SiteData:
    programmes: dict[str, ProgrammeStats]
    warnings: list[DataError] = field(default_factory=list)
    visits: VisitFigures = field(default_factory=VisitFigures)
    portal: Portal = NO_PORTAL
    news: News | None = None
    page_urls: list[str] = field(default_factory=list)  # every published page, for the sitemap
    page_sources: dict[str, str] = field(default_factory=dict)  # docs/ pages' text, read once per build
    page_errors: list[DataError] = field(default_factory=list)  # pages' expression errors, reported together
    preview_errors: list[DataError] = field(default_factory=list)  # what `make serve` shows instead of the site
    data_errors: list[DataError] = field(default_factory=list)  # with keep_going: data/ files' mistakes
    # Programmes whose file has mistakes, by id: pages bound to them are checked against their declared names
    # (`loading.programme_schema`), or listed as waiting for the file.
    broken: dict[str, BrokenProgramme] = field(default_factory=dict)
    portal_broken: bool = False  # data/site.yml has mistakes: bulletins' categories cannot be checked
    units: Units | None = None  # data/units.yml, when there is one
    publications: Publications = field(default_factory=Publications)  # văn bản, thủ tục, hỏi đáp (bantin.sections)
    data_key: bytes = b""  # the preview's digest of data/: what pages made from the data depend on
    bulletin_memo: BulletinMemo | None = None  # the preview's bulletins of earlier builds (bantin.build.incremental)
    office: Office = field(default_factory=Office)  # data/to-chuc.yml, data/lich-cong-tac.yml (bantin.sections)
    site_url: str = "/"  # the site's address (build.pipeline): JSON-LD; its path is where the counter's paths start

    @classmethod
    def load(cls, data_dir: Path, root: Path | None = None, keep_going: bool = False) -> SiteData:
        """Raises DataErrors when any file is wrong: nothing broken is published. With `keep_going`, the
        mistakes are kept in `data_errors` and what could be read is returned, so that pages are checked
        in the same run (their mistakes reported together with the data's)."""
        root = root or data_dir.parent
        warnings: list[DataError] = []
        errors = unsafe_links(data_dir, root)
        units = load_units(data_dir, root, errors)
        broken: dict[str, BrokenProgramme] = {}
        programmes = load_programmes(data_dir, root, warnings, errors, units, broken)
        publications = load_publications(data_dir, root, errors)
        office = load_office(data_dir, root, errors)
        site_file = data_dir / "site.yml"
        portal = NO_PORTAL
        try:
            portal = load_portal(site_file, shown_path(site_file, root)) if site_file.exists() else NO_PORTAL
        except DataErrors as caught:
            errors += caught.errors
        try:
            visits = _visit_figures(data_dir, root)
        except DataErrors as caught:
            errors += caught.errors
            visits = VisitFigures()
        if errors and not keep_going:
            raise DataErrors(errors)
        site = cls(compute(programmes), warnings, visits, portal)
        site.data_errors = errors
        site.units = units
        site.publications = publications
        site.broken = broken
        site.office = office
        site.portal_broken = any(e.path == shown_path(site_file, root) for e in errors)
        return site

    def kept(self) -> SiteData:
        """This data as a preview keeps it between builds: what is made from data/ alone, made now."""
        for made in ("bulletin_programmes", "renderer", "schema_renderer", "visit_block", "unit_views", "stats_pages"):
            getattr(self, made)
        return self

    def fresh(self) -> SiteData:
        """A copy for one build: data/ and what is made from it shared; the pages, bulletins and mistakes its own."""
        site = copy.copy(self)
        site.page_sources, site.page_errors, site.preview_errors, site.news = {}, [], [], None
        return site

    def load_news(self, sources: list[tuple[str, str]], docs_name: str, known_files: set[str],
                  now: dt.datetime, preview: bool) -> News:
        self.news = load_news(sources, self.portal, self.bulletin_programmes, docs_name, known_files, now, preview,
                              self.bulletin_memo)
        return self.news

    @cached_property
    def bulletin_programmes(self) -> dict[str, ProgrammeStats | None]:
        """What bulletins are bound to: a broken programme as its declared names, or None (its mistakes are
        reported with the data; a bulletin's binding to it is checked once they are fixed)."""
        return {**self.programmes, **{id_: self.schemas.get(id_) for id_ in self.broken}}

    @cached_property
    def schemas(self) -> dict[str, ProgrammeStats]:
        """Broken programmes' declared names with stand-in figures, to check the expressions bound to them."""
        return compute([b.schema for b in self.broken.values() if b.schema is not None])

    @cached_property
    def renderer(self) -> MarkdownRenderer:
        return MarkdownRenderer(self.programmes, roman_quarters=self.portal.roman_quarters)

    @cached_property
    def schema_renderer(self) -> MarkdownRenderer:
        """Checks only that pages bound to a broken programme name what it declares: its figures stand in."""
        return MarkdownRenderer({**self.programmes, **self.schemas}, names_only=True,
                                roman_quarters=self.portal.roman_quarters)

    @cached_property
    def visit_block(self) -> dict[str, str]:
        """The sidebar counter, formatted once per build. Its days are named by date ("Ngày 30/12/2025"):
        a static page cannot know the reader's today; bantin-visits.js says "Hôm nay" when it is."""
        f = self.visits
        day = f.updated.date() if f.updated else None
        return {"online": vi.number(f.online), "today": vi.number(f.today),
                "yesterday": "" if f.yesterday is None else vi.number(f.yesterday),
                "month": vi.number(f.month), "total": vi.number(f.total),
                "day": day.isoformat() if day else "", "updated": f.updated.isoformat() if f.updated else "",
                "today_label": f"Ngày {vi.date(day)}" if day else "Hôm nay",
                "yesterday_label": f"Ngày {vi.date(day - dt.timedelta(days=1))}" if day else "Hôm qua",
                "month_label": f"Tháng {day.month}/{day.year}" if day else "Tháng này"}

    def shows_sample(self, programme_id: str | None, as_of: dt.date | None = None) -> bool:
        """Whether a page showing the programme's figures (a bulletin: its report `as_of`'s) shows sample
        ones: marked `minh_hoa: true` (bantin.common.sample), or naming units data/units.yml marks so."""
        stats = self.programmes.get(programme_id or "")
        if stats is None:
            return False
        codes = {f.code for r in stats.reports if as_of is None or r.as_of == as_of for f in r.report.by_unit}
        return stats.shows_sample(as_of) or self.sample_units(codes)

    def sample_units(self, codes: Iterable[str]) -> bool:
        units = self.units.by_code if self.units is not None else {}
        return any(units[code].sample for code in codes if code in units)

    def sample_sources(self) -> list[str]:
        """The files whose sample data this build publishes, for `sample.publish_warning`."""
        sources = [p.source for p in self.programmes.values() if p.shows_sample()]
        if self.units is not None and self.sample_units(self.units.by_code):
            sources.append(self.units.shown_as)
        if any(block.sample for block in self.portal.blocks):
            sources.append(self.portal.source)
        sources += [part.source for part in (self.office.organisation, self.office.schedule)
                    if part.sample and part.has_content]
        return sources + list(self.publications.sample_sources)

    @property
    def site_path(self) -> str:
        return urlsplit(self.site_url).path or "/"

    def page_views(self, path: str) -> str:
        return vi.number(self.visits.views_of(path))

    @cached_property
    def menu_links(self) -> list[tuple[str, str]]:
        sections = [s for kind in KINDS.values() for s in kind.sections(self)]
        return self.portal.menu_links(self._non_empty_categories(),
                                      [(text, url) for text, url, full in sections if full],
                                      self.empty_sections)

    def generated_titles(self) -> dict[str, str]:
        """The title of every generated page (not the editors' files) by address: the site map's names."""
        return {urls.markdown_url(page.path): page.title for kind in KINDS.values() if not kind.from_docs
                for page in kind.pages(self)}

    @cached_property
    def empty_sections(self) -> set[str]:
        """Addresses of generated sections with nothing to show yet (bantin.build.kinds.PageKind.sections)."""
        return {url for kind in KINDS.values() for _, url, full in kind.sections(self) if not full}

    def _non_empty_categories(self) -> set[str]:
        return set(self.news.catalog.by_category) if self.news is not None else set()

    @cached_property
    def sidebar_blocks(self) -> list[Block]:
        """The portal's blocks without links to empty categories (a reader would find "Chưa có bài viết")."""
        empty = {c.url for c in self.portal.categories if c.id not in self._non_empty_categories()}
        blocks = []
        for block in self.portal.blocks:
            items = tuple(i for i in block.items if i.url not in empty)
            if block.type == "most_read":
                items = tuple(Link(title, url, note=views) for title, url, views in most_read(self, block.count))
            if block.type in ("links", "notices", "most_read") and not items:
                continue
            blocks.append(replace(block, items=items, url=None if block.url in empty else block.url))
        return blocks

    @cached_property
    def unit_views(self) -> UnitViews | None:
        """The units' rows and rankings, made once per build and shared by every unit and statistics page."""
        return UnitViews(self.units, self.programmes) if self.units is not None else None

    def data_files(self) -> list[GeneratedFile]:
        # visits.json starts as the build's figures; `make visits` then refreshes it between builds.
        files = [GeneratedFile("visits.json", visits_json(self.visits))]
        for programme in self.programmes.values():
            files.append(GeneratedFile(urls.open_data(programme.id, "json"), exports.to_json(programme)))
            files.append(GeneratedFile(urls.open_data(programme.id, "csv"), exports.to_csv(programme)))
        for kind in KINDS.values():  # a page's downloads (a ranking's CSV)
            files += [GeneratedFile(path, text) for path, text in kind.files(self)]
        return files

    @cached_property
    def stats_pages(self) -> dict[str, content.StatsPage]:
        """Each programme's page text, formatted once and read by every page that shows it."""
        return {id_: content.stats_page(programme, self.portal.roman_quarters)
                for id_, programme in self.programmes.items()}

def _visit_figures(data_dir: Path, root: Path) -> VisitFigures:
    """`total_before` from data/visits.yml, the counts from the counter's state (bantin.visits.store)."""
    path, counts = data_dir / "visits.yml", counts_file(root / STATE_DIR)
    try:
        return figures(load_aggregates(path, shown_path(path, root), counts, shown_path(counts, root)))
    except DataError as error:
        raise DataErrors([error]) from None
