"""MkDocs' page rendering with one Markdown converter per build instead of one per page.

MkDocs 1.6 `Page.render` builds a new `markdown.Markdown` for every page: loading and registering
the extensions cost 1,7 ms a page, more than converting a bulletin (cProfile, 2.000 bulletins: 4,5 s
of 35,7 s). Python-Markdown is made to be reused (`reset()` between documents, which resets every
extension that keeps state, e.g. `toc`); MkDocs' four per-page processors are registered again for
each page under their names, which replaces the previous page's. The result is the same HTML, title,
table of contents and anchors: `tests/test_build.py` compares a build with MkDocs' own rendering.

This is the one piece of the adapter that uses MkDocs internals (`mkdocs.structure.pages`, pinned
at 1.6.1, the same in ProperDocs 1.6.7); if they are missing, MkDocs' own `render` runs.

The converter's link patterns find their closing brackets in linear time
(`bantin.build.markdown_budget.linear_links`): Python-Markdown
3.11 does it in quadratic time for a paragraph of many links (2,000 links: 49 s).
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import markdown

from bantin.build.markdown_budget import linear_links
from mkdocs_engine import LOGGER

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

# MkDocs' four per-page processors (private classes; None in another MkDocs)
_PROCESSORS: tuple[type[Any], type[Any], type[Any], type[Any]] | None
try:
    from mkdocs.structure import pages as _pages
    from mkdocs.structure.toc import get_toc
    _PROCESSORS = (_pages._RawHTMLPreprocessor, _pages._ExtractAnchorsTreeprocessor,
                   _pages._RelativePathTreeprocessor, _pages._ExtractTitleTreeprocessor)
except (ImportError, AttributeError):  # another MkDocs: its own rendering
    _PROCESSORS = None


class Converter:
    """One per build (extensions and their settings are read once, from the build's config)."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.config = config
        self.md = linear_links(markdown.Markdown(extensions=config["markdown_extensions"],
                                                 extension_configs=config["mdx_configs"] or {}))

    def attach(self, page: Page) -> None:
        """`page.render(config, files)` (called by MkDocs after on_page_markdown) uses this converter."""
        page.render = lambda config, files: self.render(page, files)

    def render(self, page: Page, files: Files) -> None:
        """What MkDocs 1.6.1's `Page.render` does, with `self.md` reset instead of a new Markdown."""
        if _PROCESSORS is None:
            type(page).render(page, self.config, files)
            return
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        md = self.md.reset()
        raw_html_cls, anchors_cls, relative_cls, title_cls = _PROCESSORS
        raw_html = raw_html_cls()
        raw_html._register(md)
        anchors = anchors_cls(page.file, files, self.config)
        anchors._register(md)
        relative = relative_cls(page.file, files, self.config)
        relative._register(md)
        title = title_cls()
        title._register(md)

        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = title.title
        page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if logging.getLogger(f"{LOGGER}.structure.pages").getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative.links_to_anchors
