"""Bulletins as the editor sees them: listed by an id of ours, read into form values, written back with the
smallest change, and validated by the build's own code before anything is written."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..build.checks import expression_errors, page_errors, page_text, read_pages
from ..build.html_check import site_converter
from ..build.state import SiteData
from ..common.datetimes import now
from ..common.errors import DataError, DataErrors
from ..common.vi import date_line, nfc
from ..news.bulletins import (
    FIELDS,
    NEWS_DIR,
    Bulletin,
    FrontField,
    front_matter,
    read_bulletin,
    slug_of,
    split_front_matter,
)
from ..schema.fields import Errors

DOCS = "docs"
NEWS = f"{DOCS}/{NEWS_DIR}".rstrip("/")       # docs/tin-tuc
FORM_FIELDS = tuple(f for f in FIELDS if f.form)
BODY = "body"                                  # the form's Markdown field
STATES = {"nhap": "Nháp", "hen-gio": "Hẹn giờ", "da-dang": "Đã đăng", "loi": "Có lỗi"}


def file_id(path: str) -> str:
    """An address word for a file, so that no file name or path is ever taken from a request."""
    return hashlib.sha256(path.encode()).hexdigest()[:12]


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def listed_files(root: Path, folder: str, pattern: str) -> dict[str, str]:
    """id → path from `root` of each file of `folder` matching `pattern` (`**/*.md`), in order, as the build
    finds them: no dot files or folders, no links."""
    base = root / folder
    found = {}
    for path in sorted(base.glob(pattern)) if base.is_dir() else []:
        relative = path.relative_to(base).parts
        if not path.is_file() or path.is_symlink() or any(part.startswith(".") for part in relative):
            continue
        shown = path.relative_to(root).as_posix()
        found[file_id(shown)] = shown
    return found


def bulletin_files(root: Path) -> dict[str, str]:
    """id → `docs/tin-tuc/….md`, every bulletin file."""
    return listed_files(root, NEWS, "**/*.md")


@dataclass
class Entry:
    """One line of the list."""
    id: str
    path: str
    title: str
    date: str
    category: str
    state: str


def loose(text: str) -> dict[Any, Any]:
    """Front matter values for the list, also of a file with mistakes (as YAML decoded them, unchecked)."""
    try:
        node = front_matter(text, "")
        meta = yaml.safe_load(yaml.serialize(node)) if node is not None else {}
    except (DataError, yaml.YAMLError):
        return {}
    return meta if isinstance(meta, dict) else {}


def entries(root: Path, site: SiteData) -> list[Entry]:
    """Every bulletin, newest first; the state decided as the build decides it (Bulletin.published_by)."""
    known = {p.relative_to(root / DOCS).as_posix() for p in (root / DOCS).rglob("*") if p.is_file()}
    moment, rows = now(), []
    for key, path in bulletin_files(root).items():
        try:
            text = page_text((root / path).read_bytes(), path)
        except DataError:
            rows.append(Entry(key, path, path, "", "", "loi"))
            continue
        bulletin = read_bulletin(text, path.removeprefix(DOCS + "/"), path, site.portal, site.bulletin_programmes,
                                 Errors(path, []), known, DOCS)
        if bulletin is None:
            meta = loose(text)
            rows.append(Entry(key, path, str(meta.get("title") or path), str(meta.get("date") or ""),
                              str(meta.get("category") or ""), "loi"))
            continue
        rows.append(Entry(key, path, bulletin.title, bulletin.date.strftime("%Y-%m-%d %H:%M"), bulletin.category,
                          state_of(bulletin, moment)))
    return sorted(rows, key=lambda e: e.date, reverse=True)


def shown_date(text: str) -> str:
    """An entry's date as portals show it (`Thứ ba - 30/12/2025 08:30`); a mistaken one as written."""
    try:
        return date_line(dt.datetime.strptime(text, "%Y-%m-%d %H:%M"))
    except ValueError:
        return text


def state_of(bulletin: Bulletin, moment: dt.datetime) -> str:
    if bulletin.published_by(moment):
        return "da-dang"
    return "nhap" if bulletin.draft else "hen-gio"


def matches(entry: Entry, query: str) -> bool:
    """Title search with or without tone marks (`chuyen doi so` finds `Chuyển đổi số`)."""
    words = slug_of(query)
    return not words or words in slug_of(entry.title)


@dataclass
class Document:
    path: str | None           # None: a new bulletin
    values: dict[str, str]     # form field → text, as the form shows it
    body: str
    text: str = ""             # the file as read ("" for a new one)
    newline: str = "\n"
    hash: str = ""


def read_document(root: Path, path: str) -> Document:
    return document_of(path, (root / path).read_bytes())


def document_of(path: str, data: bytes) -> Document:
    """The bulletin `path` as the form shows it, from its file's bytes (the working copy's or a draft's)."""
    newline = "\r\n" if b"\r\n" in data else "\n"
    text = data.decode("utf-8-sig").replace("\r\n", "\n")
    values, body = form_values(text)
    return Document(path, values, body, text, newline, digest(data))


def _node_text(node: yaml.Node, item: FrontField) -> str:
    if isinstance(node, yaml.SequenceNode):
        return ", ".join(n.value for n in node.value if isinstance(n, yaml.ScalarNode))
    if isinstance(node, yaml.ScalarNode):
        if item.kind == "flag":
            return "true" if node.value.lower() in ("true", "yes", "on", "y") else ""  # as Fields.flag reads
        return str(node.value)  # a scalar node's value is its text (PyYAML's stubs say Any)
    return ""


def _top(text: str) -> tuple[list[tuple[str, int, int, yaml.Node]], int] | None:
    """(each top-level key: key, first line, last line, value node; the closing `---` line), 0-based."""
    source, body, body_line = split_front_matter(text)
    if source is None:
        return None
    node = front_matter(text, "")
    keys = []
    for key, value in node.value if isinstance(node, yaml.MappingNode) else []:
        end = value.end_mark.line - (1 if value.end_mark.column == 0 else 0)
        keys.append((key.value, key.start_mark.line, max(end, key.start_mark.line), value))
    return keys, body_line - 2


def form_values(text: str) -> tuple[dict[str, str], str]:
    _, body, _ = split_front_matter(text)
    values = {f.key: "" for f in FORM_FIELDS}
    try:
        top = _top(text)
    except DataError:
        top = None
    for key, _, _, node in (top[0] if top else []):
        item = next((f for f in FORM_FIELDS if f.key == key), None)
        if item is not None:
            values[key] = _node_text(node, item)
    return values, body.strip("\n")


def _yaml_line(item: FrontField, value: str) -> str:
    """`key: value` as YAML that reads back to what the clerk typed (quoted where YAML would change it)."""
    if item.kind == "flag":
        return f"{item.key}: true"
    if item.kind == "datetime" and re.fullmatch(r"[0-9][0-9:T -]*", value):
        return f"{item.key}: {value.replace('T', ' ')}"  # the reader checks it; a mistake keeps its words
    if item.kind == "tags":
        tags = [t.strip() for t in value.split(",") if t.strip()]
        return f"{item.key}: " + yaml.safe_dump(tags, allow_unicode=True, default_flow_style=True,
                                                width=10 ** 9).rstrip("\n")
    return yaml.safe_dump({item.key: value}, allow_unicode=True, width=10 ** 9).rstrip("\n")


def clean(values: dict[str, str]) -> dict[str, str]:
    """What the form sent, one line per field (a title cannot end the front matter), NFC-normalised later."""
    out = {}
    for item in FORM_FIELDS:
        value = str(values.get(item.key, "")).replace("\r\n", "\n")
        out[item.key] = value.strip() if item.kind == "long" else " ".join(value.split())
    return out


def compose(document: Document, values: dict[str, str], body: str) -> str:
    """The file's new text ("\\n" line ends): changed keys rewritten in place, keys cleared removed, new
    keys added before the closing `---`; comments and every other key stay as written."""
    body = body.replace("\r\n", "\n").strip("\n")
    top = None
    if document.text:
        try:
            top = _top(document.text)
        except DataError:
            top = None
    if top is None:
        lines = ["---"] + [_yaml_line(f, values[f.key]) for f in FORM_FIELDS if values.get(f.key)] + ["---"]
        return nfc("\n".join(lines) + "\n\n" + body + "\n")
    keys, closing = top
    lines = document.text.split("\n")
    head = lines[:closing]
    present = set()
    for key, first, last, _ in reversed(keys):  # from the bottom: earlier line numbers stay right
        item = next((f for f in FORM_FIELDS if f.key == key), None)
        if item is None:
            continue
        present.add(key)
        if values.get(key) == document.values.get(key):
            continue
        head[first:last + 1] = [_yaml_line(item, values[key])] if values.get(key) else []
    head += [_yaml_line(f, values[f.key]) for f in FORM_FIELDS if f.key not in present and values.get(f.key)]
    return nfc("\n".join(head) + "\n---\n\n" + body + "\n")  # Unikey may type NFD; files are NFC


def validate(root: Path, path: str, text: str, new_files: tuple[str, ...] = ()
             ) -> tuple[list[DataError], Bulletin | None]:
    """The mistakes `make check` would report in this bulletin if it were saved as `text` (all of them), and
    the bulletin when there are none; `new_files`: files under docs/ the save adds (an uploaded photo)."""
    site = SiteData.load(root / "data", root, keep_going=True)
    uri = path.removeprefix(DOCS + "/")
    try:
        text = page_text(text.encode("utf-8"), path)
    except DataError as error:
        return [error], None
    pages, _ = read_pages(root / DOCS)
    pages = {u: t for u, t in pages.items() if u.startswith(NEWS_DIR)}
    pages[uri] = text
    known = {p.relative_to(root / DOCS).as_posix() for p in (root / DOCS).rglob("*") if p.is_file()}
    known |= {f.removeprefix(DOCS + "/") for f in new_files}
    errors = page_errors(site, pages, known, DOCS)
    bulletin = site.news.bulletin(uri) if site.news is not None else None
    if bulletin is not None:
        errors += expression_errors(site, {uri: text}, DOCS, site_converter(root / "mkdocs.yml"))
    mine = [e for e in errors if e.path == path]
    if mine:
        return DataErrors(mine).errors, None
    if bulletin is None:  # not checked at all: data/site.yml has mistakes (its categories are unknown)
        return DataErrors(site.data_errors or [DataError(path, None, None, "bản tin chưa kiểm tra được")]).errors, None
    return [], bulletin


def new_path(root: Path, title: str, taken: frozenset[str] = frozenset()) -> str:
    """`docs/tin-tuc/<địa-chỉ-từ-tiêu-đề>.md`, a name no file has yet, nor a draft (`taken`)."""
    stem = slug_of(title) or "ban-tin"
    path, n = f"{NEWS}/{stem}.md", 2
    while (root / path).exists() or path in taken:
        path, n = f"{NEWS}/{stem}-{n}.md", n + 1
    return path
