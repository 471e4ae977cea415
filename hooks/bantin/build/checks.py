"""`make check` for pages: bulletins' front matter and every `{{ }}` in `docs/`, without a build.

The build runs the same checks (mkdocs_hooks), so `make check` and `make build` always agree.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Container
from pathlib import Path

import pathspec
import yaml

from ..common import sourcetext, urls
from ..common.datetimes import local_datetime, now
from ..common.errors import DataError, DataErrors, waiting
from ..common.vi import invisible
from ..common.yamlsource import Loader, check_depth, scalars
from ..news.bulletins import NEWS_DIR, binding, body_position, front_matter, split_front_matter
from ..schema.fields import impossible_date
from . import links
from .html_check import page_html_errors
from .kinds import KIND_KEY, PAGE_KEY
from .markdown_budget import markdown_errors
from .state import SiteData


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml names Python objects (`!!python/name:`): read as nothing, never constructed."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)

# Templates an editor's own page may name; the others draw generated pages and need their data.
PAGE_TEMPLATES = ("main.html", "trang-chu.html")
# Keys that only bantin's generated pages carry.
RESERVED_KEYS = (KIND_KEY, PAGE_KEY)


def page_text(data: bytes, shown: str) -> str:
    """A page's text (`sourcetext.decode`: any line endings, a byte-order mark allowed, NFC); a DataError when
    it is not UTF-8, its front matter nests too deep (`yamlsource.check_depth`) or it holds an invisible
    character (`vi.invisible`)."""
    text = sourcetext.decode(data, shown)
    source, _, _ = split_front_matter(text)
    if source is not None:
        check_depth("\n" + source, shown)  # before MkDocs composes it: its C loader would crash
    found = invisible(text) or _invisible_reference(text)
    if found is not None:
        raise DataError(shown, found[0] + 1, None, found[1])
    return text


_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));")


def _invisible_reference(text: str) -> tuple[int, str] | None:
    """An HTML character reference (`&#x202E;`) in a page to a character `vi.invisible` refuses."""
    for reference in _REFERENCE.finditer(text):
        hexadecimal, decimal = reference.groups()
        code = int(hexadecimal, 16) if hexadecimal else int(decimal)
        found = invisible(chr(code)) if code < 0x110000 else None
        if found is not None:
            return text.count("\n", 0, reference.start()), found[1]
    return None


def front_matter_errors(pages: dict[str, str], docs_name: str) -> list[DataError]:
    """Broken front matter of pages other than bulletins (MkDocs would print it as text)."""
    errors = []
    for uri, text in pages.items():
        if uri.startswith(NEWS_DIR):
            continue  # bulletins get the full check
        shown = f"{docs_name}/{uri}"
        try:
            node = front_matter(text, shown)
        except DataError as error:
            errors.append(error)
            continue
        if isinstance(node, yaml.MappingNode):
            errors += _page_key_errors(node, shown) + _invisible_errors(node, shown) + _date_errors(node, shown)
    return errors


def _date_errors(node: yaml.MappingNode, shown: str) -> list[DataError]:
    """`date:` (the page's date line, read as a bulletin's date is) and any value YAML reads as a date must
    exist: MkDocs cannot read a front matter holding `2025-02-30` and publishes it as text."""
    errors = []
    for key, value in node.value:
        if key.value == "date" and isinstance(value, yaml.ScalarNode):
            try:
                local_datetime(value.value)
            except ValueError as error:
                errors.append(DataError(shown, value.start_mark.line + 1, "date", str(error)))
                continue
        for scalar in scalars(value):
            message = impossible_date(scalar)
            if message is not None:
                errors.append(DataError(shown, scalar.start_mark.line + 1, key.value, message))
    return errors


def _invisible_errors(node: yaml.MappingNode, shown: str) -> list[DataError]:
    """Invisible characters written as YAML escapes (`"\\u202E"`) in a page's front matter: MkDocs
    publishes its `title`, bantin its `description`."""
    errors = []
    for key, value in node.value:
        for scalar in scalars(value):
            found = invisible(scalar.value)
            if found is not None:
                errors.append(DataError(shown, scalar.start_mark.line + 1, key.value, found[1]))
    return errors


def _page_key_errors(node: yaml.MappingNode, shown: str) -> list[DataError]:
    errors = []
    for key, value in node.value:
        line = key.start_mark.line + 1
        if key.value in RESERVED_KEYS:
            errors.append(DataError(shown, line, key.value, "trường này chỉ dùng cho trang do bantin tự tạo; "
                                                            "hãy xóa dòng này"))
        elif key.value == "report":  # templating binds only bulletins to a report; a page shows the latest
            errors.append(DataError(shown, line, "report", f"kỳ báo cáo (report) chỉ dùng trong bản tin (tệp trong "
                                                           f"docs/{NEWS_DIR}); trang này luôn hiện số liệu của kỳ "
                                                           "báo cáo mới nhất; hãy xóa dòng này"))
        elif key.value == "template" and getattr(value, "value", None) not in PAGE_TEMPLATES:
            errors.append(DataError(shown, line, "template", f"không có mẫu trang '{value.value}' cho trang "
                                                             f"biên tập; dùng: {', '.join(PAGE_TEMPLATES)}"
                                    if isinstance(value, yaml.ScalarNode)
                                    else f"cần tên mẫu trang: {', '.join(PAGE_TEMPLATES)}"))
    return errors


def read_pages(docs_dir: Path) -> tuple[dict[str, str], list[DataError]]:
    pages, errors = {}, []
    for path in sorted(docs_dir.rglob("*")):
        uri = path.relative_to(docs_dir).as_posix()
        if not urls.is_page(uri) or path.is_dir():
            continue
        if any(part.startswith(".") for part in path.relative_to(docs_dir).parts) or path.is_symlink():
            continue  # MkDocs leaves dot files out; links are checked by unsafe_links
        try:
            pages[uri] = page_text(path.read_bytes(), f"{docs_dir.name}/{uri}")
        except DataError as error:
            errors.append(error)
    return pages, errors


def page_errors(site: SiteData, pages: dict[str, str], known: set[str], docs_name: str,
                preview: bool = False) -> list[DataError]:
    """Front matter of every page and the bulletins (loaded into `site.news` when they are right)."""
    errors = front_matter_errors(pages, docs_name)
    if site.portal_broken:
        return errors  # bulletins' categories cannot be checked against a broken data/site.yml
    try:
        site.load_news([(uri, text) for uri, text in pages.items() if uri.startswith(NEWS_DIR)],
                       docs_name, known, now(), preview)
    except DataErrors as caught:
        errors += caught.errors
    return errors + site.portal.file_errors(known, docs_name) + site.office.file_errors(known, docs_name)


def expression_errors(site: SiteData, pages: dict[str, str], docs_name: str,
                      to_html: Callable[[str], str] | None = None, files: Container[str] | None = None,
                      drafts: Callable[[str], bool] = lambda uri: False) -> list[DataError]:
    """The pages' `{{ }}` mistakes; with `to_html` (the site's Markdown converter), also the HTML each page
    would publish that bantin.build.html_check refuses, and with `files` (every file the site has, generated ones
    included) the links to files that do not exist, except in drafts, which are not published (bantin.build.links)."""
    errors = []
    for uri, text in pages.items():
        found, body = _expression_errors(site, uri, text, docs_name)
        errors += found
        if to_html is not None and body is not None:
            html = to_html(body)
            errors += page_html_errors(html, uri, text, docs_name)
            if files is not None and not drafts(uri):
                errors += links.errors(html, uri, _page_url(site, uri), files, text, docs_name)
    return errors


def _page_url(site: SiteData, uri: str) -> str:
    bulletin = site.news.bulletin(uri) if site.news is not None else None
    return bulletin.url if bulletin else urls.markdown_url(uri)


def draft_pages(config_file: Path) -> Callable[[str], bool]:
    """Whether a page is a draft by mkdocs.yml's `draft_docs` (gitignore patterns, as MkDocs reads them):
    not published, so its links are not checked (MkDocs only notes them)."""
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except (OSError, yaml.YAMLError):
        config = {}
    patterns = config.get("draft_docs") if isinstance(config, dict) else None
    if not isinstance(patterns, str) or not patterns.strip():
        return lambda uri: False
    spec = pathspec.GitIgnoreSpec.from_lines(patterns.splitlines())
    return spec.match_file


def _expression_errors(site: SiteData, uri: str, text: str, docs_name: str) -> tuple[list[DataError], str | None]:
    """The page's expression mistakes, and its Markdown with the expressions' values (as written when
    they cannot be computed; None when it is over the Markdown budget, bantin.build.markdown_budget)."""
    shown = f"{docs_name}/{uri}"
    source, body, _ = split_front_matter(text)
    try:
        front_matter(text, shown)  # refuses alias bombs before anything is constructed
        meta = (yaml.load(source, Loader=Loader) or {}) if source else {}
    except (DataError, yaml.YAMLError, ValueError):  # ValueError: an impossible date (`2025-02-30`)
        return [], body  # reported with the front matter
    if not isinstance(meta, dict):
        meta = {}
    as_of = None
    if uri.startswith(NEWS_DIR):
        # A bulletin shows the report it is bound to, whatever other files' mistakes kept the news from loading.
        bulletin = site.news.bulletin(uri) if site.news is not None else None
        bound = (bulletin.programme, bulletin.report) if bulletin else binding(text, shown, site.bulletin_programmes)
        if bound is None:
            return [], body  # its binding's own mistakes are reported; its expressions are checked once they are fixed
        meta, as_of = {**meta, "programme": bound[0]}, bound[1]
    renderer = site.renderer
    # A page bound to a broken programme, or naming one (`programmes['cds']`), is checked against its names.
    chosen = meta.get("programme")
    for id_, broken in site.broken.items():
        if chosen == id_ or chosen is None and (f"'{id_}'" in body or f'"{id_}"' in body):
            if broken.schema is None or (uri.startswith(NEWS_DIR) and chosen and as_of is None):
                return ([waiting(shown, broken.source)] if "{{" in body or "{%" in body else []), body
            renderer = site.schema_renderer
    first_line, meta_line = body_position(text, body)
    try:
        body = renderer.render(body, shown, meta, first_line, meta_line, as_of)
    except DataErrors as errors:
        costly = markdown_errors(body, shown, first_line)
        return errors.errors + costly, None if costly else body
    costly = markdown_errors(body, shown, first_line)
    return costly, None if costly else body  # None: too costly to convert to HTML
