"""The thin MkDocs layer: maps MkDocs events onto the `bantin` core, which never imports MkDocs.

Each event is a few lines calling the core's build (bantin.build.pipeline) or the engine's machinery (mkdocs_markdown,
mkdocs_parallel, mkdocs_theme, mkdocs_serving). MkDocs imports this file once per process (`config_options.Hooks`
caches it), and `mkdocs serve` rebuilds in that process: its one piece of state, `_run`, is replaced at the
start of every build. What the preview remembers between builds is `incremental.PREVIEW`.
"""
from __future__ import annotations

import logging
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if str(Path(__file__).parent) not in sys.path:  # MkDocs runs this file again at every config load
    sys.path.insert(0, str(Path(__file__).parent))

from mkdocs_engine import LOGGER, is_editors  # noqa: E402 — first: MkDocs or ProperDocs behind the `mkdocs` imports

# isort: split
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File, Files, InclusionLevel  # noqa: E402
from mkdocs.utils import CountHandler  # noqa: E402

from bantin.build import html_check, incremental  # noqa: E402
from bantin.build.incremental import Plan  # noqa: E402
from bantin.build.kinds import BULLETIN  # noqa: E402
from bantin.build.pipeline import Build, Source, scrolling_tables  # noqa: E402
from bantin.common import vi  # noqa: E402
from bantin.common.errors import DataError, DataErrors  # noqa: E402
from bantin.output import publish, search  # noqa: E402
from bantin.preview import page as preview  # noqa: E402
from mkdocs_markdown import Converter  # noqa: E402
from mkdocs_parallel import Helper, Renderer  # noqa: E402
from mkdocs_serving import PREVIEW_SEARCH, plan_pages, watch_with_inotify  # noqa: E402
from mkdocs_theme import drop_theme_assets, page_filters, theme_env  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Callable

    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

log = logging.getLogger(f"{LOGGER}.plugins.bantin")
# The lines `make build` and `make serve` show editors (bantin_build.EDITOR_LOG); INFO, so --strict ignores them.
editor_log = logging.getLogger(f"{LOGGER}.plugins.bantin.editor")


@dataclass
class _Run:
    """The adapter's one piece of state: what `on_startup` was told (`serve`, `--dirty`), and one build's
    engine-side things, started anew by `on_config` (MkDocs' preview rebuilds in the same process)."""
    preview: bool = False  # `mkdocs serve`: drafts and future bulletins are shown, marked
    incremental: bool = False  # `mkdocs serve --dirty` (`make serve`): a save re-renders only the pages it changes
    loaded: Build | None = None  # the core's build (bantin.build.pipeline), from on_pre_build on: `build`
    docs_name: str = "docs"  # the docs folder as messages name it
    publishing: tuple[Path, Path] | None = None  # (staging, live site/): swapped only after a whole build
    plan: Plan | None = None
    markdown: Converter | None = None  # one Markdown converter per build (mkdocs_markdown)
    search: search.LiveIndex | None = None  # `make build`: Pagefind indexes pages as they are rendered
    helper: Helper | None = None  # `make build`: a second process converts half the bulletins' Markdown
    renderer: Renderer | Literal[False] | None = None  # `make build`: then renders half the pages (False: not now)
    env: Any = None  # the pages' Jinja environment (on_env), for the renderer
    relaying: bool = False  # in the helper process: MkDocs' log records go back to the build as they are
    in_process: bool = False  # one output made in this process (mkdocs_page): nothing published, no search, no fork

    @property
    def whole_build(self) -> bool:
        """`make build`: the site built whole, published, indexed for search, on both cores (not a preview,
        not one output made in this process)."""
        return not self.preview and not self.in_process

    @property
    def build(self) -> Build:
        """The core's build, which every event after on_pre_build asks for (`loaded`: None before)."""
        assert self.loaded is not None, "on_pre_build loads the build before any other event asks for it"
        return self.loaded

    @build.setter
    def build(self, build: Build) -> None:
        self.loaded = build


_run = _Run()


def on_startup(command: str, dirty: bool) -> None:
    global _run
    _run = _Run(preview=command == "serve", incremental=command == "serve" and dirty)
    pages_log = logging.getLogger(f"{LOGGER}.structure.pages")
    if not any(isinstance(f, _LinkWarnings) for f in pages_log.filters):  # once per process
        pages_log.addFilter(_LinkWarnings())
    if _run.incremental:
        # MkDocs warns that --dirty may leave lists and links stale: bantin.build.incremental sees to that,
        # and the warning would stop every preview build (`strict: true`).
        logging.getLogger(f"{LOGGER}.commands.build").addFilter(_DirtyWarning())


class _DirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


_MISSING_LINK = re.compile(r"Doc file '(?P<page>.+?)' contains a link '(?P<url>.+?)', but the target"
                           r"(?: '(?P<target>.+?)')? is not found among documentation files\."
                           r"(?: Did you mean '(?P<hint>.+?)'\?)?$", re.S)


class _LinkWarnings(logging.Filter):
    """MkDocs' warning for a link to a missing file (English, no line) becomes the page's mistake, with the
    lines that hold the link: `make build` stops on it, the preview shows it (the page's other mistakes too).
    In a helper process the record goes back to the build as it is (mkdocs_parallel) and is turned here."""

    def filter(self, record: logging.LogRecord) -> bool:
        found = _MISSING_LINK.match(record.getMessage())
        if found is None or record.levelno < logging.WARNING or _run.loaded is None or _run.relaying:
            return True
        _run.build.broken_link(found["page"], found["url"], found["target"], found["hint"])
        return False


def _data_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent / config.extra.get("data_dir", "data")


def _site_url(config: MkDocsConfig) -> str:
    return (config.site_url or "/").rstrip("/") + "/"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _run
    _run = _Run(preview=_run.preview, incremental=_run.incremental, in_process=_run.in_process,
                docs_name=Path(config.docs_dir).name)
    # `mkdocs serve` builds into its own temporary folder; `make build` into one it publishes itself
    if _run.whole_build and not publish.take(Path(config.site_dir)):
        target = publish.live_dir(Path(config.site_dir))
        try:
            staging = publish.staging_dir(target)
        except publish.PublishError as error:
            raise PluginError(str(error)) from None
        config.site_dir = str(staging)
        _run.publishing = (staging, target)
    # Heading anchors keep đ as d (Python-Markdown's default drops it).
    config.mdx_configs.setdefault("toc", {})["slugify"] = vi.heading_id
    # The sitemap is written from the data (dates of bulletins), not from the build clock.
    config.theme.static_templates.discard("sitemap.xml")
    config.theme.get_env = theme_env(config.theme.get_env, config.theme.custom_dir)
    return config


def _fail(errors: list[DataError]) -> None:
    """A build with mistakes: `make build` stops; the preview (`make serve`) shows them instead of the site."""
    if not _run.preview:
        raise PluginError(DataErrors(errors).report())
    _run.build.show_in_preview(errors)


def in_process() -> None:
    """After on_startup: this build makes one output in this process (mkdocs_page), writes and publishes nothing."""
    _run.in_process = True


def preview_errors() -> list[DataError]:
    """The mistakes a preview build shows instead of its pages, so far (mkdocs_page asks)."""
    errors = _run.build.preview_errors if _run.loaded is not None else []
    return DataErrors(errors).errors if errors else []


def on_pre_build(config: MkDocsConfig) -> None:
    root = Path(config.config_file_path).parent
    memory = incremental.PREVIEW if _run.preview else None
    _run.build = Build.load(_data_dir(config), root, memory, docs_name=_run.docs_name, site_url=_site_url(config),
                            site_name=config.site_name, site_description=config.site_description or "",
                            preview=_run.preview)
    unsafe = _run.build.unsafe_links(Path(config.docs_dir), root)
    if unsafe:  # MkDocs would follow them: it stops before it reads docs/
        raise PluginError(DataErrors(unsafe).report())
    for warning in _run.build.warnings(config.site_url):
        log.warning(str(warning))  # counted by --strict: `make build` stops on it


def on_files(files, config: MkDocsConfig) -> Files:  # files: Files; its files looked up by outputs are there
    drop_theme_assets(files, config)
    if not _read_pages(files, config):  # the preview shows the mistakes, not the site
        for file in files.documentation_pages(inclusion=InclusionLevel.all):  # drafts too: the preview shows them
            files.remove(file)
        config.nav = None  # no warnings for the pages the menu lists
        if _run.incremental:
            _run.plan = plan_pages(_run.build, files, config, _data_dir(config))
        return files
    for line in _run.build.scheduled():
        editor_log.info(line)
    for output in _run.build.outputs:
        if output.kind is BULLETIN:  # at its own address; a draft or one dated later only in the preview
            file = files.get_file_from_path(output.src_uri)
            _move(file, output.dest)
            file.inclusion = InclusionLevel.NOT_IN_NAV if output.published else InclusionLevel.DRAFT
        elif output.by_editor and output.kind is None and output.dest != output.url:  # CSS, JavaScript
            _move(files.get_file_from_path(output.src_uri), output.dest)
    errors = _run.build.collisions()
    if errors:
        _fail(errors)
    for output in _run.build.generated():
        assert output.text is not None  # Build.generated: only outputs with a text
        file = File.generated(config, output.stub or output.dest, content=output.text)
        if output.stub:
            file.inclusion = InclusionLevel.NOT_IN_NAV
        files.append(file)
    _publish_pictures(files, config)
    errors = _run.build.menu_errors()
    if errors:
        _fail(errors)
    files = _in_path_order(files)
    _start_search(files, config)
    if _run.incremental:
        _run.plan = plan_pages(_run.build, files, config, _data_dir(config))
    return files


def _in_path_order(files: Files) -> Files:
    """Pages are rendered in the order the search index takes them (search.LiveIndex): the pages search
    finds (bulletins, editors' pages) in the order of their paths, first, so Pagefind starts at once; then
    the generated pages (lists, statistics, units: their templates mark nothing for search), but for those
    of kinds marked `searched`, which go with the first. The order MkDocs renders pages in changes nothing
    else. (A generated page marked for search in the second group would come out of order: the site is then
    indexed after the build.)"""
    def later(file: File) -> bool:
        kind = _run.build.kind(file.src_uri)
        return file.generated_by is not None and not (kind is not None and kind.searched)

    pages = sorted((f for f in files if f.is_documentation_page()), key=lambda f: (later(f), f.dest_uri))
    return Files([f for f in files if not f.is_documentation_page()] + pages)


def _start_search(files: Files, config: MkDocsConfig) -> None:
    """`make build` indexes the pages while it renders them; an editor's own HTML file in docs/ that
    Pagefind would index is given to it first (in the order of paths, or it is all indexed after)."""
    if not _run.whole_build or os.environ.get("BANTIN_NO_SEARCH") == "1":
        return
    _run.search = search.LiveIndex(Path(config.site_dir))
    for dest, html in _run.build.editors_html():
        _run.search.add(dest, html)


def _source(file: File) -> Source:
    page = file.is_documentation_page()
    return Source(file.src_uri, file.url if page else file.dest_uri, file.dest_uri, file.inclusion.is_included(), page,
                  lambda: file.content_bytes, Path(file.abs_src_path) if file.abs_src_path else None)


def _read_pages(files: Files, config: MkDocsConfig) -> bool:
    """The editors' pages and files, read and checked with the data (bantin.build.pipeline): one report of all
    mistakes. Only when there are some are the pages' expressions checked here too (else on_page_markdown)."""
    errors = _run.build.read_pages([_source(f) for f in files if is_editors(f, config)])
    errors += _run.build.make_pictures(Path(config.config_file_path).parent)
    if errors:
        to_html = html_check.converter(config.markdown_extensions, config.mdx_configs)
        _fail(errors + _run.build.expression_errors(to_html))
        return False
    return True


def _publish_pictures(files: Files, config: MkDocsConfig) -> None:
    """The reduced pictures (bantin.build.images) in place of the originals, their other sizes beside them. The
    preview copies them at every build: MkDocs' own test is the files' dates, and a cached copy may be older."""
    errors, extra = _run.build.picture_files()
    if errors:
        _fail(errors)
    pictures = _run.build.pictures
    for file in files:
        if is_editors(file, config) and file.src_uri in pictures.replaced:
            file.abs_src_path = str(pictures.replaced[file.src_uri])
            file.is_modified = lambda: True
    for output in extra:
        made = File.generated(config, output.dest, abs_src_path=str(output.path))
        made.is_modified = lambda: True
        files.append(made)


def _move(file: File, dest_uri: str) -> None:
    file.dest_uri = dest_uri
    for cached in ("url", "abs_dest_path"):  # MkDocs caches both from dest_uri
        file.__dict__.pop(cached, None)


def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    """The text read and checked in on_files, NFC (a body typed in decomposed Unicode is published
    composed, as the front matter is); MkDocs would read the file again, as it is."""
    return _run.build.page_source(page.file.src_uri) if page.file.generated_by is None else None


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    if _run.whole_build:
        bulletins = [f for f in files.documentation_pages() if _run.build.kind(f.src_uri) is BULLETIN]
        _run.helper = Helper.start(bulletins, config, files, _in_helper)
    return nav


def _in_helper() -> None:
    """The helper process converts its pages itself, and renders none."""
    _run.helper = _run.search = None
    _run.relaying = True


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    if _run.markdown is None:
        _run.markdown = Converter(config)
    if _run.helper is None or not _run.helper.attach(page, _run.markdown.render):
        _run.markdown.attach(page)
    return page


def on_page_markdown(markdown: str, page, config: MkDocsConfig, files: Files) -> str:
    template = _run.build.template(page.file.src_uri)
    if template is not None:
        page.meta["template"] = template
    return _run.build.page_markdown(page.file.src_uri, markdown, page.meta)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Editors' HTML checked (bantin.build.pipeline); pictures in bodies get their size and srcset
    (bantin.build.images)."""
    _run.build.page_html(page.file.src_uri, html)
    return _run.build.pictures.in_body(html, page.url)


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    if _run.build.page_errors:  # every page has been read: all their mistakes in one report
        _fail(_run.build.page_errors)
    _run.env = env
    # Editors' text (titles, captions, site.yml) is escaped; rendered Markdown is marked `| safe`
    # in the templates. MkDocs leaves autoescape off.
    env.autoescape = True
    # Site-wide, so static templates (404.html) get the portal's blocks and counter too.
    env.globals.update(_run.build.template_globals())
    page_filters(env, _run.build.asset_names)
    env.filters["scrolling_tables"] = scrolling_tables
    return env


def on_page_context(context: dict[str, Any], page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    if _run.renderer is None and _run.whole_build and _run.search is None:
        # With Pagefind indexing during the build, the second core is Pagefind's: a renderer there only
        # took turns with it (measured, 4.000 bulletins, same run: 13,5 s with it, 12,3 s without).
        _run.renderer = Renderer.start_at(page, config, nav, context["pages"], _run.env, _in_renderer) or False
    if _run.renderer and _run.renderer.owns(page):
        return context  # rendered by the second process; this one renders nothing of it
    context["home_url"] = context["base_url"].rstrip("/") + "/"
    try:
        context.update(_run.build.context(page.file.src_uri, page.meta, page.url))
    except DataError as error:
        raise PluginError(str(error)) from None
    return context


def on_post_build(config: MkDocsConfig) -> None:
    if _run.renderer:
        _run.renderer.finish()  # every page it made is written
    site_dir = Path(config.site_dir)
    if _run.build.preview_errors:
        _show_preview_errors(site_dir)
        if _run.plan is not None:  # every page now shows the mistakes: all are rendered again
            _run.plan.failed()
        return
    if _run.plan is not None:
        incremental.remove_stale(site_dir, _run.plan.commit())
        if not _warned(config):  # else MkDocs stops the build right after this event
            editor_log.info(_run.plan.summary())
    _run.build.write_sitemap(site_dir)
    if os.environ.get("BANTIN_NO_SEARCH") == "1":  # the build benchmark measures MkDocs alone
        pass
    elif _run.incremental:  # the preview shows the saved page now; its search catches up a few seconds later
        PREVIEW_SEARCH.request(site_dir)
    else:
        try:
            _run.search.finish() if _run.search is not None else search.index_site(site_dir)
        except search.SearchIndexError as error:
            raise PluginError(str(error)) from None
    if _run.publishing is not None and not _warned(config):
        try:
            publish.publish(*_run.publishing)
        except publish.PublishError as error:
            raise PluginError(str(error)) from None


def _warned(config: MkDocsConfig) -> bool:
    """`--strict` turns warnings into a failure only after this event: never publish such a build."""
    if not config.strict:
        return False
    counters = [h for h in logging.getLogger(LOGGER).handlers if isinstance(h, CountHandler)]
    return any(counter.get_counts() for counter in counters)


def _show_preview_errors(site_dir: Path) -> None:
    """Every page of the preview (404.html answers the rest) shows the list of mistakes."""
    errors = DataErrors(_run.build.preview_errors)
    editor_log.info(f"{errors.report()}\n{preview.TOLD}")
    preview.write_error_pages(site_dir, errors.errors)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    if _run.search is not None:  # 404.html, before the pages
        _run.search.add(template_name, output_content)
    return output_content


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if _run.renderer and _run.renderer.owns(page):  # "": the renderer wrote it, MkDocs writes nothing
        return _run.renderer.take(page)
    if _run.search is not None:
        _run.search.add(page.file.dest_uri, output)
    return output


def _in_renderer() -> None:
    """The renderer renders and writes its pages, nothing else."""
    _run.renderer, _run.helper = False, None


def on_build_error(error: Exception) -> None:
    if _run.renderer:
        _run.renderer.abort()
    if _run.search is not None:
        _run.search.abort()
    if _run.publishing is not None:
        publish.discard(_run.publishing[0])
    if _run.plan is not None:  # pages half-written: render them all next time
        _run.plan.failed()


def on_shutdown() -> None:
    """`make serve` stopped: MkDocs removes the preview's folder next, where the search index may be writing
    (a failed removal was a traceback instead of "Đã dừng xem trước")."""
    PREVIEW_SEARCH.stop()


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., Any]) -> LiveReloadServer:
    server.watch(str(_data_dir(config)))
    if _run.incremental:
        watch_with_inotify(server)
    return server
