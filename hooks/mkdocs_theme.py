"""The pages' Jinja environment for the MkDocs adapter (mkdocs_hooks.on_config): Material's, two things lighter."""
from __future__ import annotations

from collections.abc import Callable

from jinja2 import BytecodeCache, Environment, FileSystemLoader
from jinja2.bccache import Bucket


def theme_env(get_env: Callable[[], Environment], custom_dir: str | None) -> Callable[[], Environment]:
    """Material's environment, two things lighter. MkDocs lists every file of the theme (thousands of
    icons) to copy them, and on_files drops all but ours (`_drop_theme_assets`): it lists ours only.
    Templates are compiled once per process, not at every preview build."""
    def env() -> Environment:
        made = get_env()
        made.bytecode_cache = COMPILED
        names = FileSystemLoader(custom_dir).list_templates() if custom_dir else []
        made.list_templates = lambda extensions=None, filter_func=None: [
            name for name in names if filter_func is None or filter_func(name)]
        return made
    return env


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
