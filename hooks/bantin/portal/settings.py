"""`data/site.yml`: the portal's categories, banner, sidebar blocks and footer."""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from ..common import urls
from ..common.errors import NO_CATEGORIES, DataError, DataErrors, listing
from ..common.hints import suggestion
from ..common.sample import SAMPLE_KEY
from ..common.yamlsource import compose
from ..schema.fields import ID_HINT, Errors, Fields, Phone, is_id
from ..schema.portal import AGENCY, BANNER, BLOCK, BLOCK_TYPES, CATEGORY, LINK, MENU_ITEM, SITE

# The keys and the words editors use for them are declared in bantin.schema.portal. The readers below pass
# `names={}`: their messages ("thiếu trường bắt buộc") stay as the guides quote them.
# `quarters: I/2026` writes `quý I/2026`, `quarters: 1/2026` `quý 1/2026` (bantin.schema.portal.QUARTER_STYLES).
QUARTER_STYLES = {style: not style[0].isdigit() for style in SITE.field("quarters").choices}
# Facebook and Zalo show no SVG: share cards need a picture in one of these.
SHARE_TYPES = (".jpg", ".jpeg", ".png", ".webp")
MOST_READ = 5  # bulletins a `most_read` block lists without a `count:`


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    description: str = ""

    @property
    def url(self) -> str:
        return urls.category(self.id)


@dataclass(frozen=True)
class Link:
    text: str
    url: str
    date: object = None
    note: str = ""  # shown after the link: a most-read bulletin's views (bantin.sections.office.most_read)


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
    sample: bool = False  # `minh_hoa: true`: the block shows invented content (bantin.common.sample)
    count: int = MOST_READ  # `most_read`: how many bulletins it lists


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
    name: str                 # the full name: Ủy ban nhân dân phường Phước Bình
    short_name: str = ""      # UBND phường Phước Bình
    province: str = ""        # Tỉnh Đồng Nai: a ward's name alone is not unique
    logo: str = ""            # the emblem or logo the office supplies, a file in docs/
    governing_body: str = ""  # Cơ quan chủ quản
    responsible: str = ""     # Chịu trách nhiệm chính: Ông/Bà … – Chủ tịch UBND phường
    address: str = ""
    phone: Phone | None = None
    email: str = ""
    working_hours: str = ""   # Giờ làm việc: Sáng từ 7 giờ 00 đến 11 giờ 30 …
    license: str = ""         # Giấy phép …, where the portal has one
    republication: str = ""   # Ghi rõ nguồn … khi phát hành lại thông tin
    share_image: str = ""     # the picture social networks show for pages without their own (JPEG/PNG/WebP)

    @property
    def header_lines(self) -> tuple[str, ...]:
        """`ỦY BAN NHÂN DÂN PHƯỜNG PHƯỚC BÌNH`, `TỈNH ĐỒNG NAI`: as offices head their documents."""
        return tuple(line.upper() for line in (self.name, self.province) if line)

    @property
    def has_contact(self) -> bool:
        """Whether there is a way to reach the office: the Liên hệ page is published then."""
        return bool(self.address or self.phone or self.email)

    @property
    def full_name(self) -> str:
        """The name with its province, where a name alone is ambiguous: `… Phước Bình, tỉnh Đồng Nai`."""
        province = self.province[:1].lower() + self.province[1:]
        return f"{self.name}, {province}" if self.province else self.name


@dataclass(frozen=True)
class MenuItem:
    text: str
    url: str
    category: str | None = None
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Portal:
    agency: Agency
    categories: tuple[Category, ...]
    banner: Banner | None = None
    blocks: tuple[Block, ...] = field(default=())
    source: str = "data/site.yml"
    menu: tuple[MenuItem, ...] | None = None  # None: home, the categories, statistics, archive
    agency_lines: dict[str, int] = field(default_factory=dict, compare=False)
    # agency's keys → their line, for messages
    roman_quarters: bool = False  # `quarters: I/2026`: `quý I/2026`; the default writes `quý 1/2026`

    def category(self, id_: str) -> Category | None:
        return next((c for c in self.categories if c.id == id_), None)

    def file_errors(self, known_files: set[str], docs_name: str) -> list[DataError]:
        """Pictures of the sidebar blocks and the agency must be files in docs/ (checked once files are known)."""
        missing = [(block.line, "blocks.image", block.image) for block in self.blocks]
        missing += [(self.agency_lines.get(key, 0), f"agency.{key}", getattr(self.agency, key))
                    for key in ("logo", "share_image")]
        return [DataError(self.source, line, field_, f"không có tệp ảnh '{image}' trong {docs_name}/")
                for line, field_, image in missing if image and image not in known_files]

    def menu_links(self, non_empty: set[str], sections: Sequence[tuple[str, str]] = (),
                   empty: AbstractSet[str] = frozenset()) -> list[tuple[str, str]]:
        """(text, address) of the main menu; categories without a published bulletin are left out, and so are
        links to generated sections with nothing to show (`empty`). Without a `menu:`, the categories, then
        the generated sections that have content (`sections`, bantin.build.kinds), then statistics and archive."""
        items = self.menu if self.menu is not None else (
            [MenuItem(c.name, c.url, c.id) for c in self.categories]
            + [MenuItem(text, url) for text, url in sections]
            + [MenuItem("Thống kê", urls.STATISTICS), MenuItem("Lưu trữ", urls.ARCHIVE)])
        return [("Trang chủ", "")] + [(i.text, i.url) for i in items
                                      if (i.category is None or i.category in non_empty) and i.url not in empty]

    def menu_errors(self, page_urls: set[str], empty: AbstractSet[str] = frozenset()) -> list[DataError]:
        """Menu addresses inside the site must lead to a page (or to a generated section, shown once it has
        content)."""
        return [DataError(self.source, item.line, "menu.url", f"không có trang nào ở địa chỉ '{item.url}'; hãy tạo "
                                                              "trang trong docs/ hoặc sửa địa chỉ")
                for item in self.menu or () if item.category is None and "://" not in item.url
                and item.url.split("#")[0] not in page_urls and item.url not in empty]

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
    if errors.items or portal is None:
        raise DataErrors(errors.items)
    return portal


def read_portal(node: yaml.Node, errors: Errors) -> Portal | None:
    fields = Fields(errors, node, SITE, names={})
    if not fields.ok:
        return None
    agency = _agency(fields, errors)
    read = [(category, node) for node in fields.items("categories")
            if (category := _category(node, errors)) is not None]  # each with its own node, for its line
    categories = tuple(category for category, _ in read)
    seen: set[str] = set()
    for category, category_node in read:
        if category.id in seen:
            errors.add(category_node, "categories.id", f"mã chuyên mục '{category.id}' bị lặp")
        seen.add(category.id)
    banner = _banner(given, errors) if (given := fields.given("banner")) is not None else None
    blocks = tuple(filter(None, (_block(n, errors) for n in fields.items("blocks"))))
    menu = _menu(fields, categories, errors) if fields.has("menu") else None
    lines = _agency_lines(fields.value_node("agency"))
    roman = _quarter_style(fields)
    return Portal(agency, categories, banner, blocks, menu=menu, agency_lines=lines,
                  roman_quarters=roman) if agency else None


def _quarter_style(fields: Fields) -> bool:
    written = fields.text("quarters")
    if written is None:
        return False
    if written in QUARTER_STYLES:
        return QUARTER_STYLES[written]
    fields.reject("quarters", f"cách ghi quý '{written}' không có; viết \"I/2026\" (số La Mã, như văn bản hành "
                              "chính: quý I/2026) hoặc \"1/2026\" (chữ số: quý 1/2026)")
    return False


def _agency_lines(node: yaml.Node | None) -> dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {key.value: key.start_mark.line + 1 for key, _ in node.value}


def _menu(fields: Fields, categories: tuple[Category, ...], errors: Errors) -> tuple[MenuItem, ...]:
    items = []
    for node in fields.items("menu"):
        item = Fields(errors, node, MENU_ITEM, "menu", names={})
        category_id = item.text("category")
        if category_id is not None:
            category = next((c for c in categories if c.id == category_id), None)
            if category is None:
                known = [c.id for c in categories]
                errors.add(item.value_node("category"), "menu.category",
                           f"không có chuyên mục '{category_id}'" + suggestion(category_id, known)
                           + listing("có", known, NO_CATEGORIES))
                continue
            items.append(MenuItem(item.text("text") or category.name, category.url, category.id,
                                  item.line()))
            continue
        text, url = item.text("text", required=True), item.link("url", required=True)  # no category: both needed
        if text and url:
            items.append(MenuItem(text, url.lstrip("/"), None, item.line("url")))
    return tuple(items)


def _agency(fields: Fields, errors: Errors) -> Agency | None:
    node = fields.value_node("agency")
    if node is None:
        errors.add(fields.node, "agency", "thiếu trường bắt buộc")
        return None
    agency = Fields(errors, node, AGENCY, "agency", names={})
    name = agency.text("name")
    pictures = {key: agency.image(key, None, "docs") or "" for key in ("logo", "share_image")}
    phone, email = agency.phone("phone"), agency.email("email") or ""
    values = {f.key: agency.text(f.key) or "" for f in AGENCY.fields[1:] if f.kind in ("text", "long")}
    share = pictures["share_image"]
    if share and not share.lower().endswith(SHARE_TYPES):
        errors.add(agency.value_node("share_image"), "agency.share_image",
                   "ảnh chia sẻ cần là JPEG, PNG hoặc WebP: Facebook và Zalo không hiện ảnh SVG")
    return Agency(name, **values, **pictures, phone=phone, email=email) if name else None


def _category(node: yaml.Node, errors: Errors) -> Category | None:
    fields = Fields(errors, node, CATEGORY, "categories", names={})
    id_, name = fields.text("id"), fields.text("name")
    if id_ is not None and not is_id(id_):
        errors.add(fields.value_node("id"), "categories.id", f"mã '{id_}' không hợp lệ: {ID_HINT}")
        return None
    return Category(id_, name, fields.text("description") or "") if id_ and name else None


def _banner(node: yaml.Node, errors: Errors) -> Banner | None:
    fields = Fields(errors, node, BANNER, "banner", names={})
    text = fields.text("text")
    return Banner(text, fields.link("url"), fields.flag("dismissible")) if text else None


def _block(node: yaml.Node, errors: Errors) -> Block | None:
    fields = Fields(errors, node, BLOCK, "blocks", names={})
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
    count = fields.count("count")
    if count == 0:
        fields.reject("count", "số tin cần lớn hơn 0, ví dụ 5")
    return Block(kind, title, items,
                 image=fields.image("image", None, "docs", "image" in needs), alt=fields.text("alt", "alt" in needs),
                 url=fields.link("url", "url" in needs), question=fields.text("question", "question" in needs),
                 text=fields.text("text"), line=fields.line("image"), sample=fields.flag(SAMPLE_KEY),
                 count=count or MOST_READ) \
        if title else None


def _link(node: yaml.Node, errors: Errors) -> Link | None:
    fields = Fields(errors, node, LINK, "items", names={})
    text, url = fields.text("text"), fields.link("url")
    return Link(text, url, fields.date("date")) if text and url else None
