"""The thin MkDocs layer: maps MkDocs events onto the `bantin` core, which never imports MkDocs.

MkDocs loads this file once per `mkdocs serve` session and does not reload it, so
the one piece of state, `_build`, is replaced at the start of every build.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

sys.path.insert(0, str(Path(__file__).parent))

from bantin import vi  # noqa: E402
from bantin.articles import published  # noqa: E402
from bantin.errors import DataError, DataErrors  # noqa: E402
from bantin.site import SiteData  # noqa: E402

log = logging.getLogger("mkdocs.plugins.bantin")
_build: SiteData | None = None


def _data_dir(config) -> Path:
    return Path(config.config_file_path).parent / config.extra.get("data_dir", "data")


def on_config(config):
    global _build
    _build = None
    # Heading anchors keep đ as d (Python-Markdown's default drops it).
    config.mdx_configs.setdefault("toc", {})["slugify"] = vi.heading_id
    return config


def on_pre_build(config):
    global _build
    _build = None
    root = Path(config.config_file_path).parent
    try:
        _build = SiteData.load(_data_dir(config), root)
    except DataErrors as errors:
        raise PluginError(errors.report()) from None
    for warning in _build.warnings:
        log.warning(str(warning))  # counted by --strict: `make build` stops on it


def on_files(files, config):
    for generated in _build.stats_pages():
        files.append(File.generated(config, generated.path, content=generated.text))
    for generated in _build.data_files():
        files.append(File.generated(config, generated.path, content=generated.text))
    return files


def on_page_markdown(markdown, page, config, files):
    source, first_line, meta_line = _source_lines(page, markdown, config)
    try:
        return _build.renderer.render(markdown, source, page.meta, first_line, meta_line)
    except DataError as error:
        raise PluginError(f"Trang có lỗi, chưa được tạo:\n  {error}") from None


def _source_lines(page, markdown: str, config) -> tuple[str, int, int]:
    """The page's path as editors see it, where its Markdown starts, where `programme:` is."""
    file = page.file
    shown = f"{Path(config.docs_dir).name}/{file.src_uri}" if file.generated_by is None else file.src_uri
    text = file.content_string
    head = text[: len(text) - len(markdown)] if text.endswith(markdown) else ""
    meta_line = next((n for n, line in enumerate(head.splitlines(), 1) if line.startswith("programme:")), 1)
    return shown, head.count("\n") + 1, meta_line


def on_env(env, config, files):
    # Site-wide, so static templates (404.html) get the counter too.
    env.globals["visits"] = _build.visit_block
    return env


def on_page_context(context, page, config, nav):
    site_path = urlsplit(config.site_url or "/").path.rstrip("/")
    context["page_path"] = f"{site_path}/{page.url}"
    context["page_views"] = _build.page_views(context["page_path"])
    if "date" in page.meta:
        try:
            context["date_line"] = vi.date_line(published(page.meta["date"]))
        except ValueError as error:
            raise PluginError(f"docs/{page.file.src_uri}: date: {error}") from None
    key = page.meta.get("thong_ke")
    if key is not None:
        context["thong_ke"] = _build.stats_page_for(str(key))
    return context


def on_serve(server, config, builder):
    server.watch(str(_data_dir(config)))
    return server
