"""The HTML an editor's page publishes is refused outside a safe list: no script, no event handlers, no
`javascript:`/`data:` addresses, no frames, forms or styles that hide text.

What is checked is the page's HTML as the Markdown converter makes it (raw HTML, `{: attr=… }`,
`md_in_html` and `[x](javascript:…)` links all end up there; code blocks are text by then), walked with
the standard library's `html.parser` (html5lib, which follows browsers' algorithm, has had no release
since 2020). Refused, never cleaned (as nh3 or bleach would): a clerk must see the message.
`html.parser` is not a browser's parser, so everything it cannot read as a tag is refused
too (`<` before a letter left in text, `<!…>` declarations, `<?…>`), and a comment's text is checked as
HTML again (a browser may end a comment sooner, `<!-->`, `--!>`): what a browser could see as a tag is
either on the list or refused.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import yaml

from ..common.errors import DataError
from ..news.bulletins import NEWS_DIR, body_position, split_front_matter
from .markdown_budget import linear_links

TAGS = frozenset(
    "a abbr b blockquote br caption cite code col colgroup dd del details dfn div dl dt em figcaption figure "
    "h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp small span strong sub summary sup table "
    "tbody td tfoot th thead time tr u ul var".split())
ATTRIBUTES = frozenset(("id", "class", "title", "lang", "dir", "style"))  # on every tag allowed
TAG_ATTRIBUTES = {
    "a": {"href", "rel", "target", "hreflang"}, "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "headers"}, "th": {"colspan", "rowspan", "headers", "scope", "abbr"},
    "ol": {"start", "type", "reversed"}, "li": {"value"}, "col": {"span"}, "colgroup": {"span"},
    "time": {"datetime"}, "details": {"open"}, "blockquote": {"cite"}, "q": {"cite"},
    "del": {"cite", "datetime"}, "ins": {"cite", "datetime"},
}
URL_ATTRIBUTES = frozenset(("href", "src", "cite"))
SCHEMES = frozenset(("http", "https", "mailto", "tel"))
# Python-Markdown's tables align columns with `style="text-align: …"`; any other style may hide text
# (display:none, font-size:0, opacity:0, a position off the screen…): only alignment is allowed.
_ALIGNMENT = re.compile(r"\s*text-align\s*:\s*(left|right|center|justify)\s*", re.IGNORECASE)
# The site's own classes (`bt-hidden` hides text from sighted readers) belong to its templates.
_THEME_CLASS = "bt-"
# Removed from an address before its scheme is read, as browsers do (and more: fail closed).
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")
_TAG_LIKE = re.compile(r"<[A-Za-z/!?]")
# MkDocs 1.6 adds these to mkdocs.yml's `markdown_extensions` (mkdocs/config/defaults.py).
MKDOCS_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")


def page_html_errors(html: str, uri: str, text: str, docs_name: str) -> list[DataError]:
    """Every refused tag, attribute and address of the HTML made from page `uri` (its file's `text`),
    each at the line of the file where it is written (found by its text; else the body's first line)."""
    where = "bài" if uri.startswith(NEWS_DIR) else "trang"
    first_line = body_position(text, split_front_matter(text)[1])[0]
    lines, tag_lines = _Lines(text, first_line), {}
    errors = []
    for message, needles, tag in refused(html, where):
        if tag not in tag_lines:  # the mistakes of one tag are on its line
            tag_lines[tag] = lines.find(needles)
        errors.append(DataError(f"{docs_name}/{uri}", tag_lines[tag], None, message))
    return errors


def refused(html: str, where: str) -> list[tuple[str, list[str], object]]:
    """(message, texts to find its line by, the tag it is in) for each thing refused, in order; `where`:
    "bài" or "trang"."""
    walker = _Walker(where)
    walker.feed(html)
    walker.close()
    walker.flush()
    return walker.found


class _Walker(HTMLParser):
    def __init__(self, where: str):
        super().__init__(convert_charrefs=False)  # text as written: a `<` that was not escaped is seen
        self.where = where
        self.found: list[tuple[str, list[str], object]] = []
        self.text: list[str] = []

    def flush(self) -> None:
        text, self.text = "".join(self.text), []
        match = _TAG_LIKE.search(text)
        if match:
            snippet = text[match.start():match.start() + 30].split("\n")[0]
            self.found.append((f"đoạn '{snippet}' có dạng thẻ HTML nhưng viết sai; hãy sửa thẻ, hoặc viết "
                               "&lt; thay cho dấu <", [snippet], object()))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.flush()
        raw, key = self.get_starttag_text() or "", object()
        if tag not in TAGS:
            self.found.append((f"thẻ <{tag}> không được phép trong {self.where}; chỉ dùng văn bản, liên kết, ảnh, "
                               "bảng và các thẻ định dạng kể trong hướng dẫn viết bài", [raw, f"<{tag}"], key))
            return
        for name, value in attrs:
            message = self._attribute(tag, name, value or "")
            if message:
                self.found.append((message, [raw, *_raw_value(raw, name), name], key))

    def _attribute(self, tag: str, name: str, value: str) -> str | None:
        if name.startswith("on"):
            return f"thuộc tính {name} (chạy mã lệnh) không được phép trong {self.where}"
        if name not in ATTRIBUTES and name not in TAG_ATTRIBUTES.get(tag, ()):
            return f"thuộc tính {name} của thẻ <{tag}> không được phép trong {self.where}"
        if name in URL_ATTRIBUTES and not _safe_url(value):
            shown = re.sub(r"[\x00-\x20\x7f]+", " ", value).strip()[:40]  # one line in the report
            return (f"địa chỉ '{shown}' ({name}) không được phép; chỉ dùng https://…, mailto:…, tel:… "
                    "hoặc đường dẫn trong trang")
        if name == "style" and not all(_ALIGNMENT.fullmatch(d) for d in value.split(";") if d.strip()):
            return (f"thuộc tính style chỉ được dùng để căn lề (text-align); '{value}' không được phép (có thể làm "
                    "ẩn nội dung)")
        if name == "class" and any(c.startswith(_THEME_CLASS) for c in value.split()):
            return f"lớp '{value}' là của giao diện trang, không dùng trong {self.where}"
        return None

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.flush()

    def handle_comment(self, data: str) -> None:
        self.flush()
        self.found += refused(data, self.where)  # a browser may end it sooner (see the module's text)

    def _declaration(self, text: str) -> None:
        self.flush()
        self.found.append((f"khai báo '{text[:30]}' không được phép trong {self.where}", [text[:30]], object()))

    def handle_decl(self, decl: str) -> None:
        self._declaration(f"<!{decl}>")

    def unknown_decl(self, data: str) -> None:
        self._declaration(f"<![{data}]]>")

    def handle_pi(self, data: str) -> None:
        self._declaration(f"<?{data}>")

    def handle_entityref(self, name: str) -> None:
        self.text.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.text.append(f"&#{name};")


def _safe_url(value: str) -> bool:
    """An address inside the site, or one of SCHEMES (`JaVaScRiPt:`, `java&#x09;script:`, ` javascript:`
    are read as browsers read them: tabs, newlines and leading spaces do not count)."""
    cleaned = _IGNORED_IN_URL.sub("", value)
    scheme = re.match(r"[^:/?#]*:", cleaned)
    return scheme is None or scheme.group()[:-1].lower() in SCHEMES


def _raw_value(tag: str, name: str) -> list[str]:
    """The attribute's value as written in the tag (entities not decoded): what the page's file holds."""
    match = re.search(rf"""\b{re.escape(name)}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", tag, re.IGNORECASE)
    return [next(group for group in match.groups() if group is not None)] if match else []


class _Lines:
    """Finds the file line of a refused thing by its text; each found place is used once, so two
    `<script>` tags are given their own lines. A place inside `code` (backticks) is not it."""

    def __init__(self, text: str, first_line: int):
        self.lines = text.lower().split("\n")
        self.first_line = first_line
        self.used: set[tuple[int, int]] = set()

    def find(self, needles: list[str]) -> int:
        for needle in (n.split("\n")[0].lower() for n in needles if n.strip()):  # a file's line holds one line
            for number in range(self.first_line - 1, len(self.lines)):
                line = self.lines[number]
                start = line.find(needle)
                while start != -1:
                    if (number, start) not in self.used and line.count("`", 0, start) % 2 == 0:
                        self.used.add((number, start))
                        return number + 1
                    start = line.find(needle, start + 1)
        return self.first_line


def converter(extensions: list[str], configs: dict[str, Any]) -> Callable[[str], str]:
    """Markdown to HTML with the site's extensions; one converter, reset for each page. `configs`: each
    extension's options, as mkdocs.yml's YAML gives them (any value)."""
    md = linear_links(markdown.Markdown(extensions=extensions, extension_configs=configs))
    return lambda text: md.reset().convert(text)


def site_converter(config_file: Path) -> Callable[[str], str]:
    """What the build's converter makes, for `make check` (which does not load MkDocs): mkdocs.yml's
    `markdown_extensions` with MkDocs' own."""
    loader: type[yaml.SafeLoader] = type("Loader", (yaml.SafeLoader,), {})
    loader.add_multi_constructor("", lambda loader_, suffix, node: None)  # `!!python/name:` and other tags
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=loader) or {}
    except (OSError, yaml.YAMLError):
        config = {}
    extensions, configs = list(MKDOCS_BUILTIN_EXTENSIONS), {}
    for entry in config.get("markdown_extensions") or ():
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        if name not in extensions:
            extensions.append(name)
        if options:
            configs[name] = options
    return converter(extensions, configs)


# An editor's own file that a browser opens as a document (a Google verification page, a map exported as
# SVG): a whole document, so its head and styles are its own, but nothing in it may run code, send a form
# or lead elsewhere by itself (served from the portal's address, a script in it runs as the portal's).
DOCUMENTS = (".html", ".htm", ".xhtml", ".svg", ".xml")
ACTIVE_TAGS = frozenset(
    "script iframe frame frameset object embed applet form input button textarea select base portal "
    "foreignobject handler listener".split())
# Addresses, and SVG animations' values, which may set an address (`<set attributeName="href" to=…>`).
_DOCUMENT_URLS = frozenset(("href", "xlink:href", "src", "action", "formaction", "data", "poster", "background",
                            "to", "values", "from", "by", "codebase"))
_IMAGE_DATA = re.compile(r"data:image/(png|jpeg|gif|webp);", re.IGNORECASE)


def is_document(uri: str) -> bool:
    return uri.lower().endswith(DOCUMENTS)


def document_errors(uri: str, data: bytes, docs_name: str) -> list[DataError]:
    """What in an editor's HTML or SVG file (published as it is) could run code: each with its line."""
    walker = _DocumentWalker()
    walker.feed(data.decode("utf-8", "replace"))
    walker.close()
    return [DataError(f"{docs_name}/{uri}", line, None, message) for line, message in walker.found]


class _DocumentWalker(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag in ACTIVE_TAGS:
            self.found.append((line, f"thẻ <{tag}> (chạy mã lệnh, nhúng trang khác hay gửi dữ liệu) không được "
                                     "phép trong tệp đăng lên trang; hãy xóa thẻ này"))
            return
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append((line, f"thuộc tính {name} (chạy mã lệnh) của thẻ <{tag}> không được phép "
                                         "trong tệp đăng lên trang"))
            elif name in _DOCUMENT_URLS and not all(  # SVG animations' `values`: addresses separated by `;`
                    _safe_url(part) or _IMAGE_DATA.match(_IGNORED_IN_URL.sub("", part))
                    for part in (value.split(";") if name == "values" else [value])):
                shown = re.sub(r"[\x00-\x20\x7f]+", " ", value).strip()[:40]
                self.found.append((line, f"địa chỉ '{shown}' ({name}) của thẻ <{tag}> không được phép; chỉ dùng "
                                         "https://…, mailto:…, tel:… hoặc đường dẫn trong trang"))
            elif tag == "meta" and name == "http-equiv" and value.strip().lower() == "refresh":
                self.found.append((line, "thẻ <meta http-equiv=\"refresh\"> (tự chuyển người đọc sang trang khác) "
                                         "không được phép trong tệp đăng lên trang"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
