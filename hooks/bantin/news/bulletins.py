"""A bulletin's front matter, read and validated with the same rules and messages as the data."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from dataclasses import fields as fields_of
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import yaml
from slugify import slugify

from ..common import urls, vi
from ..common.errors import NO_CATEGORIES, DataError, listing, unknown_programme
from ..common.hints import suggestion
from ..common.vi import nfc
from ..common.yamlsource import compose_text
from ..portal.settings import Portal
from ..schema import Field, entity
from ..schema.fields import Errors, Fields

if TYPE_CHECKING:
    from ..figures.stats import ProgrammeStats

# id → the programme's figures, None for a programme whose data has mistakes
Programmes = Mapping[str, "ProgrammeStats | None"]

NEWS_DIR = urls.NEWS  # bulletins live under docs/tin-tuc/ and are published under tin-tuc/
_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
SLUG_LENGTH = 90


_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")


@lru_cache(maxsize=65536)
def slug_of(title: str) -> str:
    """The URL word of a text: ASCII, đ → d, stable when case or tone marks change."""
    return slugify(nfc(title), max_length=SLUG_LENGTH, word_boundary=True, save_order=True)


def slug_of_file(src_uri: str) -> str:
    """A bulletin's address word by default: its file name (`2025-12-30-hoi-nghi.md` → `hoi-nghi`).

    Not the title: a published address must survive a corrected title (links already shared on
    Facebook and Zalo). The file is named once, when the bulletin is written.
    """
    stem = urls.page_stem(src_uri).rsplit("/", 1)[-1]
    return slug_of(_DATE_PREFIX.sub("", stem))


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
    report: dt.date | None = None     # `as_of` of the report whose figures the bulletin shows, for good
    slug: str = ""                    # the address word: `slug:` or the file name
    aliases: tuple[str, ...] = ()     # earlier addresses, each a redirect to this one

    @property
    def url(self) -> str:
        return urls.bulletin(self.slug)

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



@dataclass(frozen=True)
class Reading:
    """What a front matter reader may look at besides its own field."""

    src_uri: str
    portal: Portal | None
    programmes: Programmes
    known_files: set[str] | None    # the files in docs/, or None to skip checking that images exist
    docs_name: str
    values: dict[str, Any]          # what the keys above this one read: each key's reader's value, its own type


def read_bulletin(text: str, src_uri: str, shown: str, portal: Portal, programmes: Programmes, errors: Errors,
                  known_files: set[str] | None = None, docs_name: str = "docs") -> Bulletin | None:
    """The bulletin, or None with its mistakes added to `errors` (all of them, every key read)."""
    before = len(errors.items)
    try:
        node = front_matter(nfc(text), shown)
    except DataError as error:
        errors.items.append(error)
        return None
    if node is None:
        errors.add(None, None, "thiếu phần đầu bài (giữa hai dòng ---) với title, date, category")
        return None
    fields = Fields(errors, node, BULLETIN)
    if not fields.ok:
        return None
    values: dict[str, Any] = {}
    reading = Reading(src_uri, portal, programmes, known_files, docs_name, values)
    for key, reader in FRONT_MATTER.items():
        values[key] = reader(fields, key, reading)
    if len(errors.items) > before:
        return None
    return Bulletin(src_uri, shown, **{key: values[key] for key in BULLETIN_KEYS})


BINDING_KEYS = ("programme", "date", "report")


def binding(text: str, shown: str, programmes: Programmes) -> tuple[str | None, dt.date | None] | None:
    """(programme, report's `as_of`) a bulletin is bound to, read as `read_bulletin` reads them, whatever
    mistakes its other keys have; None when these have mistakes of their own (reported by `read_bulletin`)."""
    errors = Errors(shown, [])
    try:
        node = front_matter(nfc(text), shown)
    except DataError:
        return None
    if node is None:
        return None
    fields = Fields(errors, node, BULLETIN)
    if not fields.ok or any(key in fields.misspelt for key in BINDING_KEYS):
        return None
    before, values = len(errors.items), dict[str, Any]()
    reading = Reading("", None, programmes, None, "", values)  # the binding keys read no portal, no files
    for key in BINDING_KEYS:
        values[key] = FRONT_MATTER[key](fields, key, reading)
    if len(errors.items) > before:
        return None
    return values["programme"], values["report"]


def _category(fields: Fields, key: str, reading: Reading) -> str | None:
    category, portal = fields.text(key), reading.portal
    if category is not None and portal is not None and portal.category(category) is None:  # None: binding only
        known = [c.id for c in portal.categories]
        fields.errors.add(fields.value_node(key), key,
                          f"chuyên mục '{category}' không có trong data/site.yml" + suggestion(category, known)
                          + listing("có", known, NO_CATEGORIES))
    return category


def _caption(fields: Fields, key: str, reading: Reading) -> str | None:
    caption = fields.text(key)
    if fields.has("image") and not caption:
        fields.errors.add(fields.value_node("image"), key,
                          "ảnh cần chú thích (image_caption): người không nhìn thấy ảnh nghe chú thích này")
    return caption


def _tags(fields: Fields, key: str, reading: Reading) -> tuple[str, ...]:
    tags = fields.texts("tags")
    for tag in tags:
        if not vi.slug(tag):
            fields.errors.add(fields.value_node("tags"), "tags",
                              f"thẻ '{tag}' không tạo được địa chỉ trang (cần có chữ hoặc số)")
    return tags


def _bound_report(fields: Fields, key: str, reading: Reading) -> dt.date | None:
    """The report whose figures the bulletin shows, whatever reports come later: `report:` if given, else
    the programme's latest report dated on or before the bulletin's publication."""
    programme_id, date, programmes = reading.values["programme"], reading.values["date"], reading.programmes
    chosen = fields.date(key)
    if programme_id is None:
        if chosen is not None:
            fields.errors.add(fields.value_node("report"), "report",
                              "kỳ báo cáo (report) chỉ dùng khi bản tin có chương trình (programme: <mã>)")
        return None
    if programme_id not in programmes:
        fields.errors.add(fields.value_node("programme"), "programme",
                          unknown_programme(programme_id, programmes))
        return None
    stats = programmes[programme_id]
    if stats is None:
        return chosen  # its data file has mistakes, reported on their own
    dates = [r.as_of for r in stats.reports] if stats is not None else []
    listed = ", ".join(d.isoformat() for d in dates)
    if chosen is not None:
        if chosen not in dates:
            fields.errors.add(fields.value_node("report"), "report",
                              f"chương trình '{programme_id}' không có kỳ báo cáo ngày {chosen.isoformat()}; "
                              f"các kỳ báo cáo: {listed}")
        return chosen
    if date is None or stats is None:
        return None
    earlier = [d for d in dates if d <= date.date()]
    if not earlier:
        fields.errors.add(fields.value_node("programme"), "programme",
                          f"bản tin đăng ngày {vi.date(date)}, trước kỳ báo cáo đầu tiên ({vi.date(dates[0])}) "
                          f"của chương trình '{programme_id}'; hãy ghi kỳ báo cáo cần dùng, ví dụ "
                          f"report: {dates[0].isoformat()}")
        return None
    return earlier[-1]


def _slug(fields: Fields, key: str, reading: Reading) -> str:
    given = fields.text(key)
    if given is None:
        slug = slug_of_file(reading.src_uri)
        if not slug:
            fields.errors.add(None, "slug", "tên tệp không tạo được địa chỉ trang (cần có chữ hoặc số); "
                                            "hãy đổi tên tệp hoặc ghi slug: <địa-chỉ-không-dấu>")
        return slug
    if given != slug_of(given) or len(given) > SLUG_LENGTH:
        fields.errors.add(fields.value_node("slug"), "slug",
                          f"địa chỉ '{given}' chỉ được gồm chữ thường không dấu, số và dấu '-' (tối đa "
                          f"{SLUG_LENGTH} ký tự), ví dụ slug: {slug_of(given) or 'hoi-nghi-tong-ket'}")
    return given


def _aliases(fields: Fields, key: str, reading: Reading) -> tuple[str, ...]:
    """Earlier addresses of this bulletin (`tin-tuc/ten-cu/`), each published as a redirect page."""
    aliases = []
    for alias in fields.texts("aliases"):
        path = alias.strip("/") + "/"
        if not re.fullmatch(r"([a-z0-9]+(-[a-z0-9]+)*/)+", path):
            fields.errors.add(fields.value_node("aliases"), "aliases",
                              f"địa chỉ cũ '{alias}' cần dạng đường dẫn trong trang, ví dụ tin-tuc/ten-cu/")
            continue
        aliases.append(path)
    return tuple(aliases)


def _text(fields: Fields, key: str, reading: Reading) -> str | None:
    return fields.text(key)


@dataclass(frozen=True)
class FrontField:
    """One front matter key of a bulletin: how the build reads it (`read`); what the editor (`make edit`) and
    the guide say of it (label, help, kind, whether required, where a choice's options come from, whether the
    form shows it) is its declaration in bantin.schema.news."""

    key: str
    read: Callable[[Fields, str, Reading], Any]

    @property
    def declared(self) -> Field:
        return BULLETIN.field(self.key)

    @property
    def label(self) -> str:
        return self.declared.label

    @property
    def help(self) -> str:
        return self.declared.help

    @property
    def kind(self) -> str:
        return self.declared.kind

    @property
    def required(self) -> bool:
        return self.declared.required

    @property
    def choices(self) -> str:
        """Where a `choice` field's options come from: categories (data/site.yml), programmes."""
        return self.declared.choices_from

    @property
    def form(self) -> bool:
        return self.declared.form


BULLETIN = entity("bulletin")
# How each front matter key is read. Keys named like a Bulletin field fill it; `template` and `description` are
# accepted and left to MkDocs (a bulletin always uses bai-viet.html and describes itself by `summary`).
_READERS: dict[str, Callable[[Fields, str, Reading], Any]] = {
    "title": lambda fields, key, _: fields.text(key),
    "date": lambda fields, key, _: fields.datetime(key),
    "updated": lambda fields, key, _: fields.datetime(key),
    "category": _category,
    "tags": _tags,
    "summary": lambda fields, key, _: fields.text(key) or "",
    "image": lambda fields, key, reading: fields.image(key, reading.known_files, reading.docs_name),
    "image_caption": _caption,
    "image_credit": _text,
    "author": _text,
    "source": _text,
    "draft": lambda fields, key, _: fields.flag(key),
    "featured": lambda fields, key, _: fields.flag(key),
    "programme": _text,
    "report": _bound_report,
    "slug": _slug,
    "aliases": _aliases,
    "template": lambda fields, key, _: None,
    "description": lambda fields, key, _: None,
}
# In the schema's order, which is the reading order: `report` reads `programme` and `date`, declared before it.
FIELDS: tuple[FrontField, ...] = tuple(FrontField(item.key, _READERS[item.key]) for item in BULLETIN.fields)
FRONT_MATTER: dict[str, Callable[[Fields, str, Reading], Any]] = {field.key: field.read for field in FIELDS}
BULLETIN_KEYS = tuple(f.name for f in fields_of(Bulletin) if f.name in FRONT_MATTER)
