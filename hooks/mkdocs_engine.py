"""Which MkDocs runs the adapter: MkDocs 1.6 itself, or ProperDocs (its maintained fork, package `properdocs`).

ProperDocs ships no `mkdocs` package; its `properdocs.replacement` makes every `mkdocs.*` import load the
matching `properdocs.*` module (its command-line tool imports it first). Imported before any `mkdocs.*`
import of the adapter, this lets the same `from mkdocs… import …` lines work under both, from `make build`
(hooks/bantin_build.py) as from `properdocs build`. Their loggers differ: `mkdocs.*` or `properdocs.*`,
and --strict counts the warnings under `LOGGER` only.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

try:
    import mkdocs
except ImportError:  # ProperDocs alone in this venv (`make … ENGINE=properdocs`)
    from properdocs import replacement  # noqa: F401 — its own alias: `mkdocs.*` imports load `properdocs.*`
    # isort: split
    import mkdocs

LOGGER = mkdocs.__name__  # "mkdocs" or "properdocs": the engine's root logger

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File


def is_editors(file: File, config: MkDocsConfig) -> bool:
    """A file of the editors' docs/ (not one the build generates, not the theme's)."""
    return file.generated_by is None and file.src_dir == config.docs_dir
