"""One build of the site, stage by stage: the whole pipeline, whatever engine renders the pages.

An engine adapter (hooks/mkdocs_hooks.py for MkDocs) calls the stages in this order and does only what its
engine needs (its list of files, Markdown, templates, writing):

1. `Build(...)`: data/ read and checked once (bantin.build.state.SiteData), its mistakes kept for one report.
2. `read_pages(sources)`: the editors' pages and files as the engine lists them (`Source`); every page's text,
   its front matter, the bulletins, the files data/site.yml names; the editors' HTML files.
3. `outputs()`: every page and file the site publishes, each with its destination, address, kind, key and
   source (`Output`); `collisions()` finds from that one list two things published at one address.
4. `context(src_uri, meta, url)`: what a page's template is given.
5. `inputs(src_uri, text, files_key, known)`: what a page shows, compared between two previews.
6. `sitemap()`: once every page is written, the sitemap (robots.txt is one of the outputs).

Modelled on Pelican's `generate_context` then `generate_output` (all outputs known before any is written,
as its Writer refuses to write one file twice) and MkDocs' own `build()`, without their engines.
"""
from __future__ import annotations

import datetime as dt
import gzip
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict
from urllib.parse import urlsplit

from ..common import sample, urls, vi
from ..common.datetimes import local_datetime
from ..common.errors import DataError, DataErrors
from ..common.pagekind import Page, PageKind
from ..common.safe_files import unsafe_links
from ..figures.content import StatsPage
from ..news import feeds, views
from ..news.bulletins import body_position
from ..news.catalog import ListPage
from ..visits.store import STATE_DIR, counts_file
from . import assets, html_check, images, incremental, links
from .checks import draft_pages, expression_errors, page_errors, page_text, read_pages
from .kinds import BULLETIN, EDITORS_PAGE, HOME, KIND_KEY, KINDS, PAGE_KEY, editors_kind
from .markdown_budget import markdown_errors
from .state import SiteData

if TYPE_CHECKING:
    from typing_extensions import Unpack


@dataclass(frozen=True)
class Source:
    """An editor's file in docs/ as the engine lists it."""
    src_uri: str    # `tin-tuc/hoi-nghi.md`, `assets/anh/a.jpg`
    url: str        # where the engine publishes it: a page's address (`gioi-thieu/`), a file's path
    dest: str       # the file the engine writes (`gioi-thieu/index.html`)
    published: bool  # not a draft nor an excluded file (the engine's `draft_docs`)
    is_page: bool    # a Markdown page (else published as it is)
    read: Callable[[], bytes]
    path: Path | None = None  # the file itself (None: the engine holds its text, an unsaved preview's)


@dataclass(frozen=True)
class Output:
    """One page or file of the site."""
    dest: str              # the file written: `tin-tuc/hoi-nghi/index.html`
    url: str               # its address: `tin-tuc/hoi-nghi/`
    kind: PageKind | None  # the page's kind; None: a file
    key: str               # what the kind finds the page's data by
    source: str            # what makes it, as messages name it: `docs/gioi-thieu.md`, `trang “Thống kê”`
    src_uri: str | None = None  # an editor's file in docs/ (None: bantin makes it)
    stub: str | None = None     # a generated page: its Markdown stub's path in docs/ (`thong-ke/index.md`)
    text: str | None = None     # what bantin writes: a generated page's stub, a file (None: written at the end)
    published: bool = True      # False: a draft or a bulletin dated later (the preview shows it)
    alias_of: str | None = None  # a bulletin's earlier address: the bulletin, as messages name it

    @property
    def by_editor(self) -> bool:
        return self.src_uri is not None


def output_file(address: str) -> str:
    """The file an address is written to: `a/` and `a/index.html` are one."""
    address = "" if address == "./" else address
    return address + "index.html" if address == "" or address.endswith("/") else address


def robots(site_url: str) -> str:
    return f"User-agent: *\nDisallow:\n\nSitemap: {site_url}sitemap.xml\n"


SITEMAP = ("sitemap.xml", "sitemap.xml.gz")  # written by `sitemap()` once every page is


class Settings(TypedDict, total=False):
    """`Build`'s settings, as `Build.load` passes them on."""
    docs_name: str
    site_url: str
    site_name: str
    site_description: str
    preview: bool


class Build:
    def __init__(self, site: SiteData, docs_name: str = "docs", site_url: str = "/", site_name: str = "",
                 site_description: str = "", preview: bool = False):
        self.site = site
        site.site_url = site_url
        self.docs_name, self.site_url, self.site_name = docs_name, site_url, site_name
        self.site_description, self.preview = site_description, preview
        self.sources: list[Source] = []
        self.pictures = images.Pictures()

    @classmethod
    def load(cls, data_dir: Path, root: Path, memory: incremental.Memory | None = None,
             **settings: Unpack[Settings]) -> Build:
        """data/ read; its mistakes wait for the pages' (`read_pages`): all of them in one report. With a
        preview's `memory` (kept between builds): data/ is read again only when it or the visit counts changed,
        a bulletin only when its text or what it reads changed."""
        if memory is None:
            return cls(SiteData.load(data_dir, root, keep_going=True), **settings)
        files = incremental.files_under(data_dir)
        key = incremental.file_digest([*files, counts_file(root / STATE_DIR)])
        if memory.data is None or memory.data[0] != key:
            memory.data = key, SiteData.load(data_dir, root, keep_going=True).kept()
        site = memory.data[1].fresh()
        site.data_key = memory.bulletins.data_key = incremental.file_digest(files)
        site.bulletin_memo = memory.bulletins
        return cls(site, **settings)

    def warnings(self, site_url: str | None) -> list[DataError]:
        """What `make build` stops on under `--strict`: the data's warnings, and sample figures about to be
        published at a real address (`site_url` as configured; bantin.common.sample)."""
        published = None if self.preview else sample.publish_warning(site_url, self.site.sample_sources())
        return self.site.warnings + ([published] if published is not None else [])

    # 2. Pages

    def read_pages(self, sources: list[Source]) -> list[DataError]:
        """Every page's text (NFC, read once), its front matter and the bulletins, checked with the data:
        the mistakes of both, in one list."""
        self.sources = sources
        errors = list(self.site.data_errors)
        texts = {}
        for source in sources:
            if source.is_page and source.published:
                try:
                    texts[source.src_uri] = page_text(source.read(), f"{self.docs_name}/{source.src_uri}")
                except DataError as error:
                    errors.append(error)
        self.site.page_sources = texts
        known = {source.src_uri for source in sources}
        if self.site.bulletin_memo is not None:
            self.site.bulletin_memo.files_key = tuple(sorted(known))
        errors += page_errors(self.site, texts, known, self.docs_name, self.preview)
        for source in sources:  # editors' HTML and SVG files, published as they are
            if html_check.is_document(source.src_uri) and source.published:
                errors += html_check.document_errors(source.src_uri, source.read(), self.docs_name)
        return errors

    def unsafe_links(self, docs_dir: Path, root: Path) -> list[DataError]:
        """Symbolic links in docs/ (bantin.common.safe_files), with data/'s mistakes: the engine would follow
        them (a folder link may lead anywhere), so it stops on them before it reads docs/. [] when none."""
        found = unsafe_links(docs_dir, root)
        return self.site.data_errors + found if found else []

    def page_source(self, src_uri: str) -> str | None:
        """An editor's page's text as read and checked (NFC): what the engine converts, not the file again."""
        return self.site.page_sources.get(src_uri)

    def expression_errors(self, to_html: Callable[[str], str]) -> list[DataError]:
        """The figures' expressions of every page, checked at once (when there are other mistakes to report
        with them; else each page's are checked as it is converted, `page_markdown`)."""
        return expression_errors(self.site, self.site.page_sources, self.docs_name, to_html)

    def broken_link(self, src_uri: str, url: str, target: str | None, meant: str | None) -> None:
        """A link the engine found pointing at no file, kept with the pages' other mistakes, at its lines."""
        self.site.page_errors += links.broken(url, target or url.lstrip("/"), meant, src_uri,
                                              self.site.page_sources.get(src_uri, ""), self.docs_name)

    @property
    def page_errors(self) -> list[DataError]:
        """The pages' mistakes found while they were converted, reported together once all are."""
        return self.site.page_errors

    @property
    def preview_errors(self) -> list[DataError]:
        """What a preview shows instead of the site (`show_in_preview`)."""
        return self.site.preview_errors

    def show_in_preview(self, errors: list[DataError]) -> None:
        self.site.preview_errors += errors

    def editors_html(self) -> list[tuple[str, str]]:
        """The editors' own HTML files in docs/ that are published, (destination, text) in the order of their
        paths: what the search index is given first, as the pages rendered after them are."""
        return sorted((source.dest, source.read().decode("utf-8", "replace")) for source in self.sources
                      if not source.is_page and source.published and source.dest.endswith(".html"))

    # 3. Outputs

    @cached_property
    def outputs(self) -> list[Output]:
        """Every page and file, in this order: the editors' (bulletins at their address), the generated pages,
        the generated files, the bulletins' earlier addresses, the sitemap."""
        site, news = self.site, self.site.news
        made: list[Output] = []
        for source in self.sources:
            bulletin = news.bulletin(source.src_uri) if news is not None else None
            shown = f"{self.docs_name}/{source.src_uri}"
            if bulletin is not None and news is not None:
                made.append(Output(bulletin.url + "index.html", bulletin.url, BULLETIN, source.src_uri, shown,
                                   source.src_uri, published=source.src_uri not in news.hidden))
            elif source.is_page:
                made.append(Output(source.dest, source.url, EDITORS_PAGE, "", shown, source.src_uri,
                                   published=source.published))
            else:  # the site's CSS and JavaScript under a name that changes with their content (bantin.build.assets)
                dest = assets.fingerprinted_name(source.src_uri, source.read()) \
                    if assets.is_fingerprinted(source.src_uri) else source.dest
                made.append(Output(dest, source.url, None, "", shown, source.src_uri, published=source.published))
        for kind in KINDS.values():
            for page in kind.pages(site) if not kind.from_docs else ():
                url = urls.markdown_url(page.path)
                made.append(Output(output_file(url), url, kind, page.key, f"trang “{page.title}”", stub=page.path,
                                   text=_stub(page, kind)))
        files = [(f.path, f.text) for f in site.data_files()] + [(path, None) for path in SITEMAP]
        if news is not None:
            files += news.feed_files(self.site_url, self.site_name, self.site_description).items()
        made += [Output(path, path, None, "", f"tệp {path}", text=text) for path, text in files]
        hidden_sources = news.hidden if news is not None else frozenset()
        for src_uri, bulletin in sorted(news.by_source.items()) if news is not None else ():
            for alias in bulletin.aliases:
                hidden = src_uri in hidden_sources
                text = None if hidden else views.redirect_page(alias, bulletin.url, self.site_url, bulletin.title)
                made.append(Output(alias + "index.html", alias, None, "", f"địa chỉ cũ (aliases) của {bulletin.shown}",
                                   text=text, published=not hidden, alias_of=bulletin.shown))
        if not any(source.src_uri == "robots.txt" for source in self.sources):  # an office's own robots.txt wins
            made.append(Output("robots.txt", "robots.txt", None, "", "tệp robots.txt", text=robots(self.site_url)))
        # The pages worth finding (the sitemap's, the site map page's): published, not the search nor 404 page
        site.page_urls = sorted("" if o.url == "./" else o.url for o in made
                                if o.kind is not None and o.published and o.url not in ("404.html", urls.SEARCH))
        return made

    @cached_property
    def by_source(self) -> dict[str, Output]:
        """Pages by their path in docs/: the editors' own, and the generated pages' stubs."""
        return {path: o for o in self.outputs if (path := o.src_uri or o.stub)}

    @cached_property
    def asset_names(self) -> dict[str, str]:
        """`assets/bantin.css` → `assets/bantin.1a2b3c4d.css`: the names templates link to."""
        return {o.src_uri: o.dest for o in self.outputs if o.src_uri is not None and o.kind is None and o.dest != o.url}

    def make_pictures(self, root: Path) -> list[DataError]:
        """The editors' photos reduced, in the sizes pages and cards show (bantin.build.images)."""
        sources = {s.src_uri: s.path for s in self.sources
                   if s.published and s.path is not None and images.is_picture(s.src_uri)}
        self.pictures = images.make(sources, images.card_pictures(self.site.news), root, self.docs_name,
                                    prune=not self.preview)
        return self.pictures.errors

    def picture_files(self) -> tuple[list[DataError], list[images.Output]]:
        """The pictures' other sizes that are not an editor's file, and those that would be: mistakes."""
        taken = {o.dest: o.source for o in self.outputs if o.by_editor}
        return (images.collisions(self.pictures, taken, self.docs_name),
                [extra for extra in self.pictures.extra if extra.dest not in taken])

    def menu_errors(self) -> list[DataError]:
        """data/site.yml's menu links to a page the site has (a section without content is left out)."""
        return self.site.portal.menu_errors(set(self.page_urls()) | {urls.SEARCH}, self.site.empty_sections)

    def generated(self) -> list[Output]:
        """What bantin writes before the pages are rendered: the generated pages' stubs, then the files."""
        return [o for o in self.outputs if not o.by_editor and o.text is not None and o.published]

    def collisions(self) -> list[DataError]:
        """Two things published at one address, the later silently replacing the earlier: editors' pages,
        bulletins and files, generated pages and files (also two generated ones), bulletins' earlier addresses
        (`aliases:`). A bulletin
        titled "Trang 2" is where page 2 of the news list goes. Each is reported at the file an editor can
        change, naming the other."""
        editors = [o for o in self.outputs if o.by_editor]
        aliases = [(o, o.alias_of) for o in self.outputs if o.alias_of is not None]
        made = [o for o in self.outputs if not o.by_editor and o.alias_of is None]
        made_at = {output_file(o.url): o.source for o in made}
        errors: list[DataError] = []
        first_owner: dict[str, str] = {}
        for output in sorted(editors, key=lambda o: o.source):  # check and build: one order
            first = first_owner.setdefault(output_file(output.url), output.source)
            if first != output.source:
                errors.append(DataError(output.source, None, None, f"địa chỉ /{output.url} trùng với trang "
                                                                   f"{first}; hãy đổi tên một trong hai tệp"))
        made_first: dict[str, Output] = {}
        for output in made:  # two of bantin's own: a page kind's or an output file's address chosen twice
            first_made = made_first.setdefault(output_file(output.url), output)
            if first_made is not output:
                errors.append(DataError(output.source, None, None, f"địa chỉ /{output.url} trùng với "
                                        f"{first_made.source}, cả hai do bantin tự tạo: cái sau sẽ ghi đè cái trước; "
                                        "hãy đổi mã (id) trong data/ của một trong hai nếu có, hoặc báo người phụ "
                                        "trách kỹ thuật"))
        for alias, bulletin_file in aliases:
            if output_file(alias.url) in made_at:
                errors.append(DataError(bulletin_file, None, "aliases", f"địa chỉ cũ /{alias.url} trùng với "
                                        f"{made_at[output_file(alias.url)]} do bantin tự tạo; hãy xóa địa chỉ cũ này"))
        for output in made + [alias for alias, _ in aliases]:
            owner = first_owner.get(output_file(output.url))
            if owner is not None:
                bulletin = self.site.news and self.site.news.bulletin(owner.split("/", 1)[-1])
                fix = "hãy đổi tiêu đề bản tin" if bulletin else "hãy đổi tên tệp hoặc chuyển sang thư mục khác"
                errors.append(DataError(owner, None, None, f"địa chỉ /{output.url} trùng với {output.source} do "
                                                           f"bantin tự tạo; {fix}"))
        return errors

    # 4. One page: its Markdown, its HTML, its context

    def page_markdown(self, src_uri: str, markdown: str, meta: Mapping[str, Any]) -> str:
        """A page's Markdown with the data's figures written in (bantin.build.templating); its mistakes are kept
        for one report of every page's (`site.page_errors`), and the page converted as written. A page too
        costly to convert (it would take minutes) is not: ""."""
        site = self.site
        output = self.by_source.get(src_uri)
        shown = f"{self.docs_name}/{src_uri}" if output is None or output.by_editor else src_uri
        first_line, meta_line = body_position(site.page_sources.get(src_uri, markdown), markdown)
        bulletin = site.news.bulletin(src_uri) if site.news is not None else None
        if "{{" in markdown or "{%" in markdown or "programme" in meta:  # bound to data
            try:
                markdown = site.renderer.render(markdown, shown, meta, first_line, meta_line,
                                                bulletin.report if bulletin else None)
            except DataErrors as errors:
                site.page_errors += errors.errors
        too_costly = markdown_errors(markdown, shown, first_line)
        site.page_errors += too_costly
        return "" if too_costly else markdown

    def page_html(self, src_uri: str, html: str) -> None:
        """Editors' HTML outside the safe list (bantin.build.html_check), kept with the pages' other mistakes."""
        text = self.site.page_sources.get(src_uri)  # an editor's page (generated ones have none)
        if text is not None:
            self.site.page_errors += html_check.page_html_errors(html, src_uri, text, self.docs_name)

    def template(self, src_uri: str) -> str | None:
        """The template of an editor's file its kind renders (a bulletin); None: the page's own `template:`, or
        the engine's default (generated pages name theirs in their stubs)."""
        kind = self.kind(src_uri)
        return kind.template if kind is BULLETIN else None

    def kind(self, src_uri: str) -> PageKind | None:
        output = self.by_source.get(src_uri)
        return output.kind if output is not None else None


    def context(self, src_uri: str, meta: Mapping[str, Any], url: str) -> dict[str, Any]:
        """What the page at `url` gives its template, besides the engine's own (page, config, base_url)."""
        site = self.site
        page_path = f"{urlsplit(self.site_url).path.rstrip('/')}/{url}"
        context: dict[str, Any] = {"page_path": page_path, "page_views": site.page_views(page_path),
                                   "absolute_url": self.site_url + url}
        output = self.by_source.get(src_uri)
        kind = output.kind if output is not None else None
        if kind is EDITORS_PAGE:
            kind = editors_kind(meta)
        if kind is not BULLETIN and "date" in meta:
            try:
                context["date_line"] = vi.date_line(local_datetime(meta["date"]))
            except ValueError as error:
                raise DataError(f"{self.docs_name}/{src_uri}", None, "date", str(error)) from None
        if kind is not None:
            context.update(kind.context(site, output.key if output is not None and output.kind is not EDITORS_PAGE
                                        else ""))
        context["page_description"] = self._description(context, meta)
        return context

    def _description(self, context: Mapping[str, object], meta: Mapping[str, Any]) -> str:
        """Per page, for search engines and share cards: a bulletin's summary, a list's or a programme's own words."""
        article, page, stats = context.get("article"), context.get("danh_sach"), context.get("thong_ke")
        if isinstance(article, views.ArticleView):
            return article.summary
        if meta.get("description"):
            return str(meta["description"])
        if isinstance(page, ListPage):
            return page.description or f"{page.heading} - {self.site_name}"
        if isinstance(stats, StatsPage):  # a programme's page (the statistics index's is a list of them)
            return stats.headline or stats.title
        return ""

    # 5. What a page shows (the preview's key)

    def shown_by_all(self, root: Path, data_dir: Path, engine_files: list[Path]) -> object:
        """What every page shows, compared between two previews: the templates and the engine's configuration
        (`engine_files`), data/site.yml, the visits, the assets' names, the menu, the pictures."""
        read = [*engine_files, data_dir / "site.yml", data_dir / "visits.yml", counts_file(root / STATE_DIR)]
        return (incremental.file_digest(read), tuple(sorted(self.asset_names.items())), tuple(self.site.menu_links),
                str(root), self.pictures.key())

    def inputs(self, src_uri: str, text: str | None, files_key: tuple[tuple[str, str], ...],
               known: frozenset[str]) -> object:
        """A page's, by its kind (bantin.build.incremental.page_inputs): an editor's page with its `text` (None:
        not read, a draft), the files in docs/ (`known`) and their addresses (`files_key`)."""
        output = self.by_source.get(src_uri)
        if output is None:
            return incremental.page_inputs(self.site, None, "")
        source = incremental.PageSource(src_uri, text, files_key, known) \
            if output.by_editor and text is not None else None
        return incremental.page_inputs(self.site, output.kind, output.key, source)

    # 6. What every template is given, and the end

    def scheduled(self) -> list[str]:
        """`make build` leaves out bulletins dated after now: each named, with when a build will publish it."""
        news = self.site.news
        if self.preview or news is None:  # the preview shows them, marked
            return []
        lines = []
        hidden = [bulletin for source in news.hidden if (bulletin := news.bulletin(source)) is not None]
        for bulletin in sorted(hidden, key=lambda b: (b.date, b.src_uri)):
            if not bulletin.draft:
                when = vi.local(bulletin.date)
                lines.append(f"Bản tin hẹn giờ, chưa đăng: {self.docs_name}/{bulletin.src_uri} — sẽ lên trang ở "
                             f"lần dựng sau {when:%H:%M} ngày {vi.date(when)}")
        return lines

    def template_globals(self) -> dict[str, Any]:
        """What every template is given, static ones (404.html) too: the portal's blocks, menu and counter."""
        site = self.site
        return {"visits": site.visit_block, "portal": site.portal, "site_root_url": self.site_url,
                "pictures": self.pictures, "menu_links": site.menu_links, "sidebar_blocks": site.sidebar_blocks,
                "preview": self.preview, "home_url": urlsplit(self.site_url).path,  # 404.html; pages set their own
                "urls": urls, "menu_urls": frozenset(url for _, url in site.menu_links)}

    def page_urls(self) -> list[str]:
        """The pages worth finding (the sitemap's): published, not the search page nor the 404 page."""
        _ = self.outputs  # which lists them
        return self.site.page_urls

    def sitemap(self) -> str:
        """Dates from the data, never the build clock: each bulletin's, each generated page's kind's."""
        kinds = {o.url: (o.kind, o.key) for o in self.outputs if o.kind is not None and not o.by_editor}
        kinds[urls.HOME] = (HOME, "")
        news = self.site.news

        def modified(url: str) -> dt.date | dt.datetime | None:
            if news is not None and url in news.by_url:
                return news.by_url[url].last_modified
            found = kinds.get(url)
            return found[0].last_modified(self.site, found[1]) if found else None

        return feeds.sitemap([(self.site_url + url, modified(url)) for url in self.page_urls()])

    def write_sitemap(self, site_dir: Path) -> None:
        sitemap = self.sitemap()
        (site_dir / "sitemap.xml").write_text(sitemap, encoding="utf-8")
        with gzip.GzipFile(site_dir / "sitemap.xml.gz", "wb", mtime=0) as stream:
            stream.write(sitemap.encode())


_TABLE_REGION = '<div class="bt-table" tabindex="0" role="region" aria-label="Bảng">'


def scrolling_tables(html: str) -> str:
    """A table of a page's Markdown in a region that scrolls on a phone, as the statistics tables are
    (bantin.css: shadows at the edges). Plain replacement: in rendered Markdown `<table` is only ever a tag
    (text and code are escaped), and a table's end closes its region. A template filter."""
    return html.replace("<table", _TABLE_REGION + "<table").replace("</table>", "</table></div>")



def _stub(page: Page, kind: PageKind) -> str:
    # JSON strings are valid YAML scalars: titles with ':' stay safe.
    meta = {"title": page.title, "template": kind.template, KIND_KEY: kind.name, PAGE_KEY: page.key}
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


def check_docs(site: SiteData, docs_dir: Path) -> int:
    """`make check`: the stages up to the outputs, from docs/ as it is, without an engine. How many pages
    were checked; raises DataErrors listing every mistake, the data's included."""
    errors = site.data_errors + unsafe_links(docs_dir, Path.cwd())
    pages, unreadable = read_pages(docs_dir)
    known = {path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*")
             if path.is_file() and not path.is_symlink()}
    errors += unreadable + page_errors(site, pages, known, docs_dir.name)
    for uri in sorted(known):  # editors' HTML and SVG files; MkDocs does not publish dot-files
        if html_check.is_document(uri) and not any(part.startswith(".") for part in uri.split("/")):
            errors += html_check.document_errors(uri, (docs_dir / uri).read_bytes(), docs_dir.name)
    files = None  # every file of the site by its path in docs/, for the links (bantin.build.links)
    if site.news is not None:
        build = Build(site, docs_dir.name)
        build.sources = [Source(uri, urls.markdown_url(uri) if uri in pages else uri,
                                output_file(urls.markdown_url(uri)) if uri in pages else uri, True, uri in pages,
                                (docs_dir / uri).read_bytes) for uri in sorted(known)
                         if uri in pages or not urls.is_page(uri)]
        errors += build.collisions()
        # Links are checked once the data is right, as the build checks them: until then the pages made from
        # the data (a programme's statistics page) are not known.
        if not site.data_errors:
            files = {o.src_uri or o.stub or o.dest for o in build.outputs}
    config = Path.cwd() / "mkdocs.yml"
    errors += expression_errors(site, pages, docs_dir.name, html_check.site_converter(config), files,
                                draft_pages(config))
    pictures = images.make({uri: docs_dir / uri for uri in known if images.is_picture(uri)},
                           images.card_pictures(site.news), docs_dir.parent, docs_dir.name)
    errors += pictures.errors + images.collisions(pictures, {uri: f"{docs_dir.name}/{uri}" for uri in known},
                                                  docs_dir.name)
    if errors:
        raise DataErrors(errors)
    return len(pages)
