"""`make edit`'s "Xem trước": one build as `make serve` makes it (drafts and future bulletins shown and
marked, no search index), into a folder given on the command line. Part of the MkDocs adapter, like
bantin_build.py: `python hooks/bantin_preview.py mkdocs.yml <site folder>`, run in the project's folder.
"""
from __future__ import annotations

import logging
import sys

from mkdocs_engine import LOGGER  # first: MkDocs or ProperDocs behind the `mkdocs` imports

# isort: split
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError


def main(config_file: str, site_dir: str) -> int:
    logging.getLogger(LOGGER).setLevel(logging.WARNING)
    try:
        config = load_config(config_file=config_file, site_dir=site_dir)
        config.plugins.on_startup(command="serve", dirty=False)  # the preview's build, as `make serve`'s
        try:
            build(config, serve_url="http://127.0.0.1/xem-truoc/")  # a serve build: drafts are built too
        finally:
            config.plugins.on_shutdown()
    except (Abort, ConfigurationError) as error:
        print(f"Không dựng được trang xem trước: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
