"""One output of the site built in this process, as MkDocs builds it: the MkDocs side of `bantin.preview.page`'s
in-process preview (the editor's "Xem trước", bantin.edit).

The same events as `mkdocs build` (mkdocs.commands.build.build, MkDocs 1.6), in the same order, with the
project's own hooks (mkdocs_hooks.py), up to the templates' environment; then only the asked output is
made: one page converted and rendered, or one file's bytes. Nothing is written. Every call reads the
project again (files listed, pages read and checked, the bulletins' list made), which is what a page may
show; what is kept between calls (bantin.build.incremental.PREVIEW, as `make serve` keeps it) is the configuration's
hooks, the compiled templates (mkdocs_theme), data/ as read and what is made from it alone (read again when a
file of data/ or the visit counts changed), and each bulletin as read (again only when its text, data/ or the
files it names changed: on 2,000 bulletins, the call's largest part otherwise).
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs_engine import LOGGER  # first: MkDocs or ProperDocs behind the `mkdocs` imports

# isort: split
from mkdocs.commands.build import _populate_page, get_context
from mkdocs.config import load_config
from mkdocs.structure.files import File, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from bantin.preview import page as preview
from bantin.preview.page import Output

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


class MkDocsPages:
    """bantin.preview.page.PageEngine for the project in `root`, as `make serve` and the editor's preview show
    the site: drafts and bulletins dated later shown, marked (mkdocs_hooks' serve build); `published`: as
    `make build` publishes it (those left out, a mistake raised), for tests that need one page, not a site."""

    def __init__(self, root: Path, published: bool = False) -> None:
        self.root = Path(root).resolve()
        self.published = published

    def output(self, address: str, sources: dict[str, str]) -> Output | None:
        logging.getLogger(LOGGER).setLevel(logging.WARNING)
        config = load_config(config_file=str(self.root / "mkdocs.yml"))
        hooks: Any = config.plugins["hooks/mkdocs_hooks.py"]  # the module mkdocs_hooks, which MkDocs holds as a plugin
        config.plugins.on_startup(command="build" if self.published else "serve", dirty=False)
        hooks.in_process()
        try:
            return self._output(config, hooks, _dest(address), sources)
        finally:
            config.plugins.on_shutdown()

    def _output(self, config: MkDocsConfig, hooks: Any, wanted: str, sources: dict[str, str]) -> Output | None:
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        files = get_files(config)
        for src_uri, text in sources.items():
            file = files.get_file_from_path(src_uri)
            if file is None:  # a new bulletin, not saved yet
                file = File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)
                files.append(file)
            file.content_string = text
        set_exclusions(files, config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        shown = InclusionLevel.is_included if self.published else InclusionLevel.is_in_serve
        found = next((f for f in files if f.dest_uri == wanted and shown(f.inclusion)), None)
        if found is not None and not found.is_documentation_page():
            return Output(wanted, found.content_bytes)
        page = None
        if found is not None and not hooks.preview_errors():
            page = found.page or Page(None, found, config)
            _populate_page(page, config, files)
        env = config.plugins.on_env(env, config=config, files=files)
        errors = hooks.preview_errors()
        if errors:  # the page shows them, as every page of `make serve` does
            return Output(wanted, preview.error_page(errors).encode("utf-8"))
        if page is None:
            return None
        # What mkdocs.commands.build._build_page does, without writing the file.
        doc_files = files.documentation_pages(inclusion=shown)
        page.active = True
        context = get_context(nav, doc_files, config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        if page.file.inclusion.is_excluded():  # page.file is `found`
            page.content = ('<div class="mkdocs-draft-marker" title="This page will not be included into the '
                            'built site.">DRAFT</div>' + (page.content or ""))
        html = config.plugins.on_post_page(template.render(context), page=page, config=config)
        return Output(wanted, html.encode("utf-8", errors="xmlcharrefreplace"))


def _dest(address: str) -> str:
    """The file an address is published as: `a/` and `a/index.html` are one."""
    address = address.lstrip("/")
    return address + "index.html" if address == "" or address.endswith("/") else address
