"""`data/site.yml`: the portal's categories, banner, sidebar blocks and footer."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import DataError, DataErrors, suggestion
from .fields import Errors, Fields
from .loading import ID_HINT, is_id
from .yamlsource import compose

SITE_KEYS = ("agency", "categories", "banner", "blocks")
AGENCY_KEYS = ("name", "address", "phone", "email", "responsible", "license")
CATEGORY_KEYS = ("id", "name", "description")
BANNER_KEYS = ("text", "url", "dismissible")
BLOCK_KEYS = ("type", "title", "items", "image", "alt", "url", "question", "text")
LINK_KEYS = ("text", "url", "date")
BLOCK_TYPES = ("links", "notices", "image", "zalo", "poll", "visits")


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    description: str = ""

    @property
    def url(self) -> str:
        return f"chuyen-muc/{self.id}/"


@dataclass(frozen=True)
class Link:
    text: str
    url: str
    date: object = None


@dataclass(frozen=True)
class Block:
    type: str
    title: str
    items: tuple[Link, ...] = ()
    image: str | None = None
    alt: str | None = None
    url: str | None = None
    question: str | None = None
    text: str | None = None
    line: int = field(default=0, compare=False)  # in data/site.yml, for messages


@dataclass(frozen=True)
class Banner:
    text: str
    url: str | None
    dismissible: bool

    @property
    def id(self) -> str:
        """Changes with the text, so a new announcement shows again after an old one was closed."""
        return hashlib.sha1(self.text.encode()).hexdigest()[:8]


@dataclass(frozen=True)
class Agency:
    name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    responsible: str = ""
    license: str = ""


@dataclass(frozen=True)
class Portal:
    agency: Agency
    categories: tuple[Category, ...]
    banner: Banner | None = None
    blocks: tuple[Block, ...] = field(default=())
    source: str = "data/site.yml"

    def category(self, id_: str) -> Category | None:
        return next((c for c in self.categories if c.id == id_), None)

    def file_errors(self, known_files: set[str], docs_name: str) -> list[DataError]:
        """Pictures of the sidebar blocks must be files in docs/ (checked once the files are known)."""
        return [DataError(self.source, block.line, "blocks.image", f"không có tệp ảnh '{block.image}' trong {docs_name}/")
                for block in self.blocks if block.image and block.image not in known_files]


def load_portal(path: Path, shown_as: str) -> Portal:
    errors = Errors(shown_as, [])
    try:
        node = compose(path, shown_as)
    except DataError as error:
        raise DataErrors([error]) from None
    portal = read_portal(node, errors) if node is not None else None
    if portal is not None:
        portal = replace(portal, source=shown_as)
    if node is None:
        errors.add(None, None, "tệp trống")
    if errors.items:
        raise DataErrors(errors.items)
    return portal


def read_portal(node, errors: Errors) -> Portal | None:
    fields = Fields(errors, node, SITE_KEYS)
    if not fields.ok:
        return None
    agency = _agency(fields, errors)
    categories = tuple(filter(None, (_category(n, errors) for n in fields.items("categories", required=True))))
    seen: set[str] = set()
    for category, category_node in zip(categories, fields.items("categories")):
        if category.id in seen:
            errors.add(category_node, "categories.id", f"mã chuyên mục '{category.id}' bị lặp")
        seen.add(category.id)
    banner = _banner(fields.value_node("banner"), errors) if fields.has("banner") else None
    blocks = tuple(filter(None, (_block(n, errors) for n in fields.items("blocks"))))
    return Portal(agency, categories, banner, blocks) if agency else None


def _agency(fields: Fields, errors: Errors) -> Agency | None:
    node = fields.value_node("agency")
    if node is None:
        errors.add(fields.node, "agency", "thiếu trường bắt buộc")
        return None
    agency = Fields(errors, node, AGENCY_KEYS, "agency")
    name = agency.text("name")
    values = {key: agency.text(key, False) or "" for key in AGENCY_KEYS[1:]}
    return Agency(name, **values) if name else None


def _category(node, errors: Errors) -> Category | None:
    fields = Fields(errors, node, CATEGORY_KEYS, "categories")
    id_, name = fields.text("id"), fields.text("name")
    if id_ is not None and not is_id(id_):
        errors.add(fields.value_node("id"), "categories.id", f"mã '{id_}' không hợp lệ: {ID_HINT}")
        return None
    return Category(id_, name, fields.text("description", False) or "") if id_ and name else None


def _banner(node, errors: Errors) -> Banner | None:
    fields = Fields(errors, node, BANNER_KEYS, "banner")
    text = fields.text("text")
    return Banner(text, fields.link("url", False), fields.flag("dismissible")) if text else None


def _block(node, errors: Errors) -> Block | None:
    fields = Fields(errors, node, BLOCK_KEYS, "blocks")
    kind = fields.text("type")
    if kind is None:
        return None
    if kind not in BLOCK_TYPES:
        errors.add(fields.value_node("type"), "blocks.type",
                   f"loại khối '{kind}' không có" + suggestion(kind, BLOCK_TYPES)
                   + f"; các loại: {', '.join(BLOCK_TYPES)}")
        return None
    title = fields.text("title")
    needs = {"links": ("items",), "notices": ("items",), "image": ("image", "alt"), "zalo": ("url",),
             "poll": ("question", "url")}.get(kind, ())
    items = tuple(filter(None, (_link(n, errors) for n in fields.items("items", required="items" in needs))))
    return Block(kind, title, items,
                 image=fields.image("image", None, "docs", "image" in needs), alt=fields.text("alt", "alt" in needs),
                 url=fields.link("url", "url" in needs), question=fields.text("question", "question" in needs),
                 text=fields.text("text", False), line=fields.line("image")) if title else None


def _link(node, errors: Errors) -> Link | None:
    fields = Fields(errors, node, LINK_KEYS, "items")
    text, url = fields.text("text"), fields.link("url")
    return Link(text, url, fields.date("date", required=False)) if text and url else None
