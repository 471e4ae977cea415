"""One build's data: loaded, validated and computed once, then read by every page."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from . import content, exports, urls, vi
from .errors import DataError, DataErrors, shown_path
from .incremental import BulletinMemo
from .loading import BrokenProgramme, load_programmes
from .news import feeds, views
from .news.collection import News, load_news
from .pages import KIND_KEY, KINDS, PAGE_KEY, Page, PageKind, kind_of
from .portal import Agency, Link, Portal, load_portal
from .safe_files import unsafe_links
from .sections.publications import Publications, load_publications
from .sections.office import Office, load_office, most_read
from .stats import ProgrammeStats, compute
from .templating import MarkdownRenderer
from .units import Units, load_units
from .unitviews import UnitViews
from .visits.store import STATE_DIR, counts_file, load_aggregates
from .visits.summary import VisitFigures, figures
from .visits.summary import to_json as visits_json

NO_PORTAL = Portal(Agency("Cơ quan"), ())


@dataclass(frozen=True)
class GeneratedFile:
    path: str  # relative to the site's docs, POSIX
    text: str
    title: str = ""

    @property
    def url(self) -> str:
        return markdown_url(self.path)


def _output(address: str) -> str:
    """The file an address is written to: `a/` and `a/index.html` are one."""
    address = "" if address == "./" else address
    return address + "index.html" if address == "" or address.endswith("/") else address


def markdown_url(path: str) -> str:
    """Where MkDocs publishes a Markdown page (directory URLs): `the/index.md` → `the/`, `a/b.md` → `a/b/`."""
    folder, _, name = urls.page_stem(path).rpartition("/")
    parts = [folder] if folder else []
    if name not in ("index", "README"):
        parts.append(name)
    return "".join(part + "/" for part in parts)


@dataclass
class SiteData:
    programmes: dict[str, ProgrammeStats]
    warnings: list[DataError] = field(default_factory=list)
    visits: VisitFigures = field(default_factory=VisitFigures)
    portal: Portal = NO_PORTAL
    news: News | None = None
    page_urls: list[str] = field(default_factory=list)  # every published page, for the sitemap
    page_sources: dict[str, str] = field(default_factory=dict)  # docs/ pages' text, read once per build
    asset_names: dict[str, str] = field(default_factory=dict)   # assets/bantin.css → assets/bantin.<hash>.css
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
    bulletin_memo: BulletinMemo | None = None  # the preview's bulletins of earlier builds (bantin.incremental)
    office: Office = field(default_factory=Office)  # data/to-chuc.yml, data/lich-cong-tac.yml (bantin.sections)
    site_url: str = ""  # mkdocs.yml's, for JSON-LD; its path is the folder the visit counter's paths start with

    @classmethod
    def load(cls, data_dir: Path, root: Path | None = None, keep_going: bool = False) -> "SiteData":
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
        ones: marked `minh_hoa: true` (bantin.sample), or naming units data/units.yml marks so."""
        stats = self.programmes.get(programme_id or "")
        if stats is None:
            return False
        codes = {f.code for r in stats.reports if as_of is None or r.as_of == as_of for f in r.report.by_unit}
        return stats.shows_sample(as_of) or self.sample_units(codes)

    def sample_units(self, codes) -> bool:
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
        return self.portal.menu_links(self._non_empty_categories(), [(text, url) for text, url, full in sections if full],
                                      self.empty_sections)

    @cached_property
    def empty_sections(self) -> set[str]:
        """Addresses of generated sections with nothing to show yet (bantin.pages.PageKind.sections)."""
        return {url for kind in KINDS.values() for _, url, full in kind.sections(self) if not full}

    def _non_empty_categories(self) -> set[str]:
        return set(self.news.catalog.by_category) if self.news is not None else set()

    @cached_property
    def sidebar_blocks(self) -> list:
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

    def generated_pages(self) -> list[GeneratedFile]:
        """Markdown stubs, one per page of every kind (bantin.pages); their templates draw them."""
        return [_stub(page, kind) for kind in KINDS.values() for page in kind.pages(self)]

    @cached_property
    def unit_views(self) -> UnitViews | None:
        """The units' rows and rankings, made once per build and shared by every unit and statistics page."""
        return UnitViews(self.units, self.programmes) if self.units is not None else None

    @cached_property
    def generated_kinds(self) -> dict[str, tuple[PageKind, str]]:
        """Each generated page's kind and key, by its stub's path (once the bulletins are read)."""
        return {page.path: (kind, page.key) for kind in KINDS.values() for page in kind.pages(self)}

    def page_context(self, meta: dict) -> dict:
        """What a generated page's template (or the home page's) is given."""
        found = kind_of(meta)
        return found[0].context(self, found[1]) if found else {}

    def redirect_files(self, site_url: str) -> list[GeneratedFile]:
        """Old addresses of published bulletins (`aliases:`), each a page pointing to the new one."""
        if self.news is None:
            return []
        return [GeneratedFile(alias + "index.html", views.redirect_page(alias, b.url, site_url, b.title))
                for src, b in sorted(self.news.by_source.items()) if src not in self.news.hidden
                for alias in b.aliases]

    def static_paths(self) -> list[str]:
        """Files the build writes besides pages (robots.txt only when docs/ has none)."""
        paths = [g.path for g in self.data_files()] + ["sitemap.xml", "sitemap.xml.gz"]
        return paths + (self.news.feed_paths() if self.news is not None else [])

    def collisions(self, taken: list[tuple[str, str]], generated: list[GeneratedFile] | None = None) -> list[DataError]:
        """Two things published at one address, the later silently replacing the earlier: editors' pages,
        bulletins and files (`taken`: (address, their file)), generated pages and files, bulletins' earlier
        addresses (`aliases:`). A bulletin titled "Trang 2" is where page 2 of the news list goes. Each is
        reported at the file an editor can change, naming the other."""
        generated = self.generated_pages() if generated is None else generated
        made = [(page.url, f"trang “{page.title}”") for page in generated]
        made += [(path, f"tệp {path}") for path in self.static_paths()]
        made_at = {_output(address): what for address, what in made}
        aliases = [(alias, b.shown) for b in self.news.by_source.values() for alias in b.aliases] \
            if self.news is not None else []
        errors, editors = [], {}
        for address, owner in sorted(taken, key=lambda claim: claim[1]):  # check and build: one order
            first = editors.setdefault(_output(address), owner)
            if first != owner:
                errors.append(DataError(owner, None, None, f"địa chỉ /{address} trùng với trang {first}; hãy đổi "
                                                           "tên một trong hai tệp"))
        for alias, shown in aliases:
            if _output(alias) in made_at:
                errors.append(DataError(shown, None, "aliases", f"địa chỉ cũ /{alias} trùng với "
                                        f"{made_at[_output(alias)]} do bantin tự tạo; hãy xóa địa chỉ cũ này"))
        made += [(alias, f"địa chỉ cũ (aliases) của {shown}") for alias, shown in aliases]
        for address, what in made:
            owner = editors.get(_output(address))
            if owner is not None:
                fix = "hãy đổi tiêu đề bản tin" if self.news and self.news.bulletin(owner.split("/", 1)[-1]) \
                    else "hãy đổi tên tệp hoặc chuyển sang thư mục khác"
                errors.append(DataError(owner, None, None, f"địa chỉ /{address} trùng với {what} do bantin tự "
                                                           f"tạo; {fix}"))
        return errors

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

    def sitemap(self, site_url: str, addresses: list[str]) -> str:
        """Dates from the data, never the build clock: each bulletin's, each generated page's kind's."""
        kinds = {markdown_url(page.path): (kind, page.key) for kind in KINDS.values() for page in kind.pages(self)}
        kinds[urls.HOME] = (KINDS["trang-chu"], "")

        def modified(url: str):
            if self.news is not None and url in self.news.by_url:
                return self.news.by_url[url].last_modified
            kind, key = kinds.get(url, (None, None))
            return kind.last_modified(self, key) if kind else None

        return feeds.sitemap([(site_url + url, modified(url)) for url in addresses])

    @staticmethod
    def robots(site_url: str) -> str:
        return f"User-agent: *\nDisallow:\n\nSitemap: {site_url}sitemap.xml\n"


def _visit_figures(data_dir: Path, root: Path) -> VisitFigures:
    """`total_before` from data/visits.yml, the counts from the counter's state (bantin.visits.store)."""
    path, counts = data_dir / "visits.yml", counts_file(root / STATE_DIR)
    try:
        return figures(load_aggregates(path, shown_path(path, root), counts, shown_path(counts, root)))
    except DataError as error:
        raise DataErrors([error]) from None


def _stub(page: Page, kind: PageKind) -> GeneratedFile:
    # JSON strings are valid YAML scalars: titles with ':' stay safe.
    meta = {"title": page.title, "template": kind.template, KIND_KEY: kind.name, PAGE_KEY: page.key}
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    return GeneratedFile(page.path, "---\n" + "\n".join(lines) + "\n---\n", page.title)
