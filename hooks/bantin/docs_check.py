"""`make check` for pages: bulletins' front matter and every `{{ }}` in `docs/`, without a build."""
from __future__ import annotations

from pathlib import Path

import yaml

from .datetimes import now
from .errors import DataError, DataErrors
from .news.bulletins import NEWS_DIR, body_position, front_matter, split_front_matter
from .site import SiteData
from .vi import nfc
from .yamlsource import Loader


def front_matter_errors(pages: dict[str, str], docs_name: str) -> list[DataError]:
    """Broken front matter of pages other than bulletins (MkDocs would print it as text)."""
    errors = []
    for uri, text in pages.items():
        if uri.startswith(NEWS_DIR):
            continue  # bulletins get the full check
        try:
            front_matter(text, f"{docs_name}/{uri}")
        except DataError as error:
            errors.append(error)
    return errors


def check_docs(site: SiteData, docs_dir: Path) -> int:
    """How many pages were checked; raises DataErrors listing every mistake."""
    pages = {path.relative_to(docs_dir).as_posix(): nfc(path.read_text(encoding="utf-8-sig"))
             for path in sorted(docs_dir.rglob("*.md"))}
    known = {path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*") if path.is_file()}
    site.load_news([(uri, text) for uri, text in pages.items() if uri.startswith(NEWS_DIR)],
                   docs_dir.name, known, now(), preview=False)
    errors = front_matter_errors(pages, docs_dir.name)
    for uri, text in pages.items():
        shown = f"{docs_dir.name}/{uri}"
        source, body, _ = split_front_matter(text)
        try:
            meta = (yaml.load(source, Loader=Loader) or {}) if source else {}
        except yaml.YAMLError:
            meta = {}  # syntax errors were reported above
        if not isinstance(meta, dict):
            meta = {}
        first_line, meta_line = body_position(text, body)
        try:
            site.renderer.render(body, shown, meta, first_line, meta_line)
        except DataError as error:
            errors.append(error)
    if errors:
        raise DataErrors(errors)
    return len(pages)
