"""A bulletin's front matter, read and validated with the same rules and messages as the data."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import yaml
from slugify import slugify

from ..errors import DataError, suggestion
from ..fields import Errors, Fields
from ..portal import Portal
from .. import vi
from ..vi import nfc
from ..yamlsource import compose_text

FRONT_MATTER_KEYS = ("title", "date", "updated", "category", "tags", "summary", "image", "image_caption",
                     "image_credit", "author", "source", "draft", "featured", "programme",
                     "template", "description")
NEWS_DIR = "tin-tuc/"  # bulletins live under docs/tin-tuc/
_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
SLUG_LENGTH = 90


def slug_of(title: str) -> str:
    """The URL word of a title: ASCII, đ → d, stable when case or tone marks change."""
    return slugify(nfc(title), max_length=SLUG_LENGTH, word_boundary=True, save_order=True)


@dataclass(frozen=True)
class Bulletin:
    src_uri: str            # tin-tuc/… .md, inside docs/
    shown: str              # docs/tin-tuc/… .md, for messages
    title: str
    date: dt.datetime       # aware, Asia/Ho_Chi_Minh
    category: str
    tags: tuple[str, ...] = ()
    summary: str = ""
    image: str | None = None
    image_caption: str | None = None
    image_credit: str | None = None
    author: str | None = None
    source: str | None = None
    draft: bool = False
    featured: bool = False
    programme: str | None = None
    updated: dt.datetime | None = None

    @property
    def slug(self) -> str:
        return slug_of(self.title)

    @property
    def url(self) -> str:
        return f"tin-tuc/{self.slug}/"

    @property
    def last_modified(self) -> dt.datetime:
        return self.updated or self.date

    def published_by(self, now: dt.datetime) -> bool:
        return not self.draft and self.date <= now


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter YAML or None, body, the body's first line), as MkDocs splits a page."""
    match = _FRONT.match(text)
    if not match:
        return None, text, 1
    return match.group(1) or "", text[match.end():], text.count("\n", 0, match.end()) + 1


def body_position(text: str, body: str) -> tuple[int, int]:
    """For a page whose Markdown `body` is what follows its front matter: the body's first line, and the
    line of `programme:` (1 when there is none), as the editor sees them in the file."""
    head = text[: len(text) - len(body)] if text.endswith(body) else ""
    programme = next((n for n, line in enumerate(head.splitlines(), 1) if line.startswith("programme:")), 1)
    return head.count("\n") + 1, programme


def front_matter(text: str, shown: str) -> yaml.Node | None:
    """The front matter's node tree, with lines as in the file; raises DataError on bad YAML."""
    source, _, _ = split_front_matter(text)
    if source is None:
        return None
    return compose_text("\n" + source, shown)  # a blank line stands for the opening '---'



def read_bulletin(text: str, src_uri: str, shown: str, portal: Portal, programmes, errors: Errors,
                  known_files: set[str] | None = None, docs_name: str = "docs") -> Bulletin | None:
    """`known_files`: the files in docs/, to check the image; None skips that check."""
    before = len(errors.items)
    try:
        node = front_matter(nfc(text), shown)
    except DataError as error:
        errors.items.append(error)
        return None
    if node is None:
        errors.add(None, None, "thiếu phần đầu bài (giữa hai dòng ---) với title, date, category")
        return None
    fields = Fields(errors, node, FRONT_MATTER_KEYS)
    if not fields.ok:
        return None
    title, date, category = fields.text("title"), fields.datetime("date"), fields.text("category")
    if category is not None and portal.category(category) is None:
        known = [c.id for c in portal.categories]
        errors.add(fields.value_node("category"), "category",
                   f"chuyên mục '{category}' không có trong data/site.yml" + suggestion(category, known)
                   + "; có: " + ", ".join(known))
    image = fields.image("image", known_files, docs_name)
    caption = fields.text("image_caption", False)
    if fields.has("image") and not caption:
        errors.add(fields.value_node("image"), "image_caption",
                   "ảnh cần chú thích (image_caption): người không nhìn thấy ảnh nghe chú thích này")
    programme = fields.text("programme", False)
    if programme is not None and programme not in programmes:
        errors.add(fields.value_node("programme"), "programme",
                   f"không có chương trình '{programme}' trong data/programmes/")
    tags = fields.texts("tags")
    for tag in tags:
        if not vi.slug(tag):
            errors.add(fields.value_node("tags"), "tags",
                       f"thẻ '{tag}' không tạo được địa chỉ trang (cần có chữ hoặc số)")
    bulletin = Bulletin(
        src_uri, shown, title, date, category, tags, fields.text("summary", False) or "",
        image, caption, fields.text("image_credit", False), fields.text("author", False),
        fields.text("source", False), fields.flag("draft"), fields.flag("featured"), programme,
        fields.datetime("updated", required=False),
    )
    if len(errors.items) > before:
        return None
    if not bulletin.slug:
        errors.add(fields.value_node("title"), "title", "tiêu đề không tạo được địa chỉ trang (cần có chữ hoặc số)")
        return None
    return bulletin

