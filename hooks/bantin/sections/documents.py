"""Văn bản (`data/van-ban.yml`): legal and administrative documents, each with its page, and the lists
filtered by loại văn bản, năm ban hành and cơ quan ban hành as pages of their own (they work without
JavaScript). Documents marked `cong_khai_ngan_sach: true` are listed again on the budget disclosure page."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import yaml

from ..common import urls, vi
from ..common.sample import SAMPLE_KEY
from ..common.yamlsource import line_of
from ..news.views import inline_json
from ..schema.fields import ID_HINT, Errors, Fields, is_id
from ..schema.sections_documents import DOCUMENT, DOCUMENT_TYPES, DOCUMENTS_FILE
from .reading import fields_of, pdf

# Document kinds schema.org calls Legislation (laws, decrees, resolutions, decisions, directives, circulars);
# the others (plans, reports, notices, letters …) are DigitalDocument.
LEGISLATION = ("Hiến pháp", "Luật", "Bộ luật", "Nghị quyết", "Nghị định", "Quyết định", "Chỉ thị", "Thông tư",
               "Thông tư liên tịch")
# The filter pages' folders under van-ban/: no document may take their address.
FACETS = {"loai": "Loại văn bản", "nam": "Năm ban hành", "co-quan": "Cơ quan ban hành"}


def file_size(size: int) -> str:
    """`245 KB`, `1,5 MB`: as portals label a download (1 KB = 1.024 byte; a started kilobyte counts)."""
    if size < 1024 * 1024:
        return f"{max(1, math.ceil(size / 1024))} KB"
    return f"{vi.number(vi.round_half_up(Decimal(size) / (1024 * 1024), 1))} MB"


@dataclass(frozen=True)
class Document:
    number: str            # số, ký hiệu: 57-NQ/TW
    issued: dt.date
    kind: str              # loại văn bản, one of DOCUMENT_TYPES
    issuer: str
    summary: str           # trích yếu
    slug: str
    signer: str = ""
    field: str = ""        # lĩnh vực
    effective: dt.date | None = None
    expires: dt.date | None = None
    file: str = ""         # under docs/
    size: int = 0          # the file's, in bytes
    budget: bool = False
    sample: bool = False
    line: int = 0

    @property
    def url(self) -> str:
        return urls.document(self.slug)

    @property
    def date(self) -> str:
        return vi.date(self.issued)

    @property
    def citation(self) -> str:
        """`Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị`, as documents cite one another."""
        return f"{self.kind} số {self.number} ngày {self.date} của {self.issuer}"

    @property
    def title(self) -> str:
        return f"{self.kind} số {self.number}"

    @property
    def href(self) -> str:
        """The file's address: a clerk's file name `Quyết định 15.pdf` %-encoded, as a link must be."""
        return quote(self.file)

    @property
    def file_label(self) -> str:
        return f"PDF, {file_size(self.size)}" if self.file else ""

    @property
    def in_force(self) -> str:
        """`Từ ngày 1/7/2018`, `Từ ngày 1/1/2025 đến ngày 31/12/2025`; the data's dates, never the build's."""
        text = f"Từ ngày {vi.date(self.effective)}" if self.effective else ""
        if self.expires:
            text += f"{' đến' if text else 'Đến'} ngày {vi.date(self.expires)}"
        return text

    @property
    def kind_url(self) -> str:
        return urls.documents_by("loai", vi.slug(self.kind))

    @property
    def year_url(self) -> str:
        return urls.documents_by("nam", str(self.issued.year))

    @property
    def issuer_url(self) -> str:
        return urls.documents_by("co-quan", vi.slug(self.issuer))

    def json_ld(self, site_url: str, page_url: str) -> str:
        """schema.org Legislation or DigitalDocument, for search engines; escaped for a <script> element."""
        issuer = {"@type": "Organization", "name": self.issuer}
        data: dict[str, object] = {"@context": "https://schema.org", "url": page_url, "name": self.citation,
                                   "abstract": self.summary, "inLanguage": "vi"}
        if self.kind in LEGISLATION:
            data.update({"@type": "Legislation", "legislationIdentifier": self.number,
                         "legislationType": self.kind, "legislationDate": self.issued.isoformat(),
                         "legislationPassedBy": issuer})
        else:
            data.update({"@type": "DigitalDocument", "identifier": self.number, "genre": self.kind,
                         "dateCreated": self.issued.isoformat(), "author": issuer})
        if self.field:
            data["about"] = self.field
        if self.expires:
            data["expires"] = self.expires.isoformat()
        if self.file:
            data["encoding"] = {"@type": "MediaObject", "encodingFormat": "application/pdf",
                                "contentUrl": site_url + self.href, "contentSize": file_size(self.size)}
        return inline_json(data)


@dataclass(frozen=True)
class DocumentList:
    """The list of all documents or one filter's: its heading and its documents, newest first."""

    url: str
    heading: str
    documents: tuple[Document, ...]
    facet: str = ""   # the filter it is ("loai", "nam", "co-quan"), or "" for all documents

    @property
    def count(self) -> str:
        return f"{vi.number(len(self.documents))} văn bản"


@dataclass(frozen=True)
class Filter:
    label: str
    url: str
    count: int


def lists(documents: tuple[Document, ...]) -> dict[str, DocumentList]:
    """Every list page by its address: all documents, then each kind (in DOCUMENT_TYPES' order), year (newest
    first) and issuer (most documents first)."""
    pages = {urls.DOCUMENTS: DocumentList(urls.DOCUMENTS, "Văn bản", documents)}
    by_kind = sorted({d.kind for d in documents}, key=DOCUMENT_TYPES.index)
    for kind in by_kind:
        chosen = tuple(d for d in documents if d.kind == kind)
        pages[chosen[0].kind_url] = DocumentList(chosen[0].kind_url, f"Loại văn bản: {kind}", chosen, "loai")
    for year in sorted({d.issued.year for d in documents}, reverse=True):
        chosen = tuple(d for d in documents if d.issued.year == year)
        pages[chosen[0].year_url] = DocumentList(chosen[0].year_url, f"Năm ban hành: {year}", chosen, "nam")
    issuers: dict[str, list[Document]] = {}
    for document in documents:
        issuers.setdefault(document.issuer_url, []).append(document)
    for url, issued_by in sorted(issuers.items(), key=lambda item: (-len(item[1]), item[0])):
        pages[url] = DocumentList(url, f"Cơ quan ban hành: {issued_by[0].issuer}", tuple(issued_by), "co-quan")
    return pages


def filters(pages: dict[str, DocumentList]) -> list[tuple[str, list[Filter]]]:
    """The filters every list shows, by facet: (its label, its choices)."""
    return [(label, [Filter(page.heading.split(": ", 1)[1], url, len(page.documents))
                     for url, page in pages.items() if page.facet == facet])
            for facet, label in FACETS.items()]


def by_year(documents: tuple[Document, ...]) -> list[tuple[int, list[Document]]]:
    years: dict[int, list[Document]] = {}
    for document in documents:
        years.setdefault(document.issued.year, []).append(document)
    return sorted(years.items(), reverse=True)


# ---- data/van-ban.yml ----------------------------------------------------------------------------------

def read_documents(node: yaml.Node, errors: Errors, docs_dir: Path) -> tuple[Document, ...]:
    fields = fields_of(errors, node, DOCUMENTS_FILE)
    items = fields.items("van_ban") if fields.ok else []
    documents: list[Document] = []
    # Checked across documents, also of those with other mistakes: every address and issuer read, with the
    # number or name as written and the document's line
    by_slug: dict[str, tuple[str, int]] = {}
    issuers: dict[str, tuple[str, int]] = {}
    for item in items:
        document, read = _document(item, errors, docs_dir)
        number, slug, issuer = (read.get(key, "") for key in ("so_ky_hieu", "duong_dan", "co_quan_ban_hanh"))
        if slug:
            taken = by_slug.setdefault(slug, (number, line_of(item)))
            if taken[1] != line_of(item):
                _collision(errors, item, number, slug, taken)
                continue
        spelt = issuers.setdefault(vi.slug(issuer), (issuer, line_of(item))) if issuer else None
        if spelt and spelt[0] != issuer:
            errors.add(_value(item, "co_quan_ban_hanh"), "van_ban.co_quan_ban_hanh",
                       f"'{issuer}' viết khác với '{spelt[0]}' (văn bản ở dòng {spelt[1]}); hãy viết tên cơ quan "
                       "thống nhất để trang lọc theo cơ quan gom đủ văn bản")
        elif document is not None:
            documents.append(document)
    # Newest first; on one day, the file's order (a sort is stable)
    return tuple(sorted(documents, key=lambda d: d.issued, reverse=True))


def _value(node: yaml.Node, key: str) -> yaml.Node:
    """The value of `key` in a mapping (for its line), else the node."""
    pairs = node.value if isinstance(node, yaml.MappingNode) else []
    return next((value for name, value in pairs if name.value == key), node)


def _collision(errors: Errors, node: yaml.Node, number: str, slug: str, taken: tuple[str, int]) -> None:
    same = "trùng với" if number == taken[0] else f"cho cùng địa chỉ trang với '{taken[0]}' của"
    errors.add(node, "van_ban.so_ky_hieu",
               f"số, ký hiệu '{number}' {same} văn bản ở dòng {taken[1]} (địa chỉ /{urls.document(slug)}); nếu "
               "văn bản bị chép hai lần, hãy xóa một văn bản; nếu là hai văn bản khác nhau (ví dụ cùng số nhưng "
               f"khác năm), hãy thêm cho văn bản này dòng 'duong_dan: {slug}-…' (ví dụ năm ban hành)")


def _document(node: yaml.Node, errors: Errors, docs_dir: Path) -> tuple[Document | None, dict[str, str]]:
    """The document, or None when it has mistakes; and its number, address and issuer as far as they were read."""
    before = len(errors.items)
    fields = fields_of(errors, node, DOCUMENT, "van_ban")
    if not fields.ok:
        return None, {}
    number, issued = fields.text("so_ky_hieu"), fields.date("ngay_ban_hanh")
    kind = fields.one_of("loai", DOCUMENT_TYPES)
    issuer, summary = fields.text("co_quan_ban_hanh"), fields.text("trich_yeu")
    effective, expires = fields.date("hieu_luc"), fields.date("het_hieu_luc")
    if effective and expires and expires < effective:
        fields.reject("het_hieu_luc", f"ngày hết hiệu lực {vi.date(expires)} trước ngày có hiệu lực "
                                      f"{vi.date(effective)}; hãy kiểm tra lại")
    attached = pdf(fields, "tep", docs_dir)
    slug = _slug(fields, number)
    signer, field = fields.text("nguoi_ky") or "", fields.text("linh_vuc") or ""
    budget, sample = fields.flag("cong_khai_ngan_sach"), fields.flag(SAMPLE_KEY)
    read = {"so_ky_hieu": number or "", "duong_dan": slug, "co_quan_ban_hanh": issuer or ""}
    if len(errors.items) > before or number is None or issued is None or kind is None or issuer is None \
            or summary is None:
        return None, read
    return Document(number, issued, kind, issuer, summary, slug, effective=effective, expires=expires,
                    file=attached[0] if attached else "", size=attached[1] if attached else 0,
                    line=fields.line(), signer=signer, field=field, budget=budget, sample=sample), read


def _slug(fields: Fields, number: str | None) -> str:
    """The page's address: `duong_dan` when given, else the số, ký hiệu as ASCII (`57-NQ/TW` → `57-nq-tw`)."""
    chosen = fields.text("duong_dan")
    if chosen is not None and not is_id(chosen):
        fields.reject("duong_dan", f"'{chosen}' không dùng được: {ID_HINT}")
        return ""
    slug = chosen or vi.slug(number or "")
    if slug in FACETS:
        fields.reject("duong_dan" if chosen else "so_ky_hieu",
                      f"địa chỉ /{urls.document(slug)} là của trang lọc văn bản; hãy ghi dòng 'duong_dan: "
                      f"van-ban-{slug}'")
        return ""
    if number and not slug:
        fields.reject("so_ky_hieu", f"không tạo được địa chỉ trang từ '{number}'; hãy thêm dòng "
                                    "'duong_dan: …' (chữ thường không dấu, số và dấu '-')")
    return slug
