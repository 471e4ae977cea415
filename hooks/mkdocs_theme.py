"""The theme for the MkDocs adapter (mkdocs_hooks): Material's Jinja environment made lighter (on_config), its
CSS and JavaScript left out (on_files), the pages' `url` and `fragment` (on_env)."""
from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import BytecodeCache, Environment, FileSystemLoader, pass_context
from jinja2.bccache import Bucket

from bantin.build.fragments import Fragments
from bantin.common import urls

if TYPE_CHECKING:
    from jinja2.runtime import Context
    from markupsafe import Markup
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files


def theme_env(get_env: Callable[[], Environment], custom_dir: str | None) -> Callable[[], Environment]:
    """Material's environment, two things lighter. MkDocs lists every file of the theme (thousands of
    icons) to copy them, and on_files drops all but ours (`drop_theme_assets`): it lists ours only.
    Templates are compiled once per process, not at every preview build."""
    def env() -> Environment:
        made = get_env()
        made.bytecode_cache = COMPILED
        names = FileSystemLoader(custom_dir).list_templates() if custom_dir else []
        made.list_templates = lambda extensions=None, filter_func=None: [
            name for name in names if filter_func is None or filter_func(name)]
        return made
    return env


def drop_theme_assets(files: Files, config: MkDocsConfig) -> None:
    """Our own base template uses none of Material's CSS and JavaScript (its inline scripts break
    the site's Content-Security-Policy; its bundle is 35 KB compressed that readers do not need)."""
    keep = {Path(config.docs_dir).resolve()}
    if config.theme.custom_dir:
        keep.add(Path(config.theme.custom_dir).resolve())
    kept: dict[str, bool] = {}  # a few folders for thousands of files: resolve each folder once
    for file in list(files):
        if file.src_dir and file.src_dir not in kept:
            kept[file.src_dir] = Path(file.src_dir).resolve() in keep
        if file.src_dir and not kept[file.src_dir]:
            files.remove(file)


def page_filters(env: Environment, asset_names: Mapping[str, str]) -> None:
    """The pages' `url` filter: MkDocs' links, made faster (bantin.common.urls), to the site's CSS and JavaScript
    under their hashed names (bantin.build.assets), and left as holes in a fragment (bantin.build.fragments);
    `fragment(name, …)` renders one."""
    mkdocs_url = env.filters["url"]
    fragments = Fragments(env)

    def link(context: Context, target: str) -> str:  # MkDocs' `url` filter; the same links, faster (bantin.common.urls)
        page = context.get("page")
        made = urls.relative(target, page.url) if page is not None else None
        return made if made is not None else mkdocs_url(context, target)

    @pass_context
    # the site's CSS and JavaScript under their hashed names (bantin.build.assets)
    def url(context: Context, value: object) -> str:
        target = asset_names.get(str(value), str(value))
        hole = fragments.hole(target)  # a fragment being made: its links are the page's to fill
        return hole if hole is not None else link(context, target)

    @pass_context
    def fragment(context: Context, name: str, **variant: Hashable) -> Markup:
        return fragments.render(lambda target: link(context, target), name, **variant)

    env.filters["url"] = url
    env.globals["fragment"] = fragment


class _CompiledTemplates(BytecodeCache):
    """In memory; Jinja checks each template's source checksum, so an edited template is compiled again."""

    def __init__(self) -> None:
        self.codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.codes:
            bucket.bytecode_from_string(self.codes[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.codes[bucket.key] = bucket.bytecode_to_string()


COMPILED = _CompiledTemplates()
