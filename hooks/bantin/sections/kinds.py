"""The page kinds of the sections read by bantin.sections.publications: văn bản (the list, its filters, one page
a document), công khai ngân sách, thủ tục hành chính, hỏi đáp. Registered in bantin.build.kinds.KINDS; their base,
PageKind, is bantin.common.pagekind."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ..common import urls
from ..common.pagekind import Page, PageKind
from .documents import Document, by_year
from .procedures import Channels, Procedure, Question, by_field
from .publications import Sampled

if TYPE_CHECKING:
    from ..build.state import SiteData


class DocumentLists(PageKind):
    """Every document, newest first, and the same list filtered by kind, year or issuer."""

    name, template = "van-ban", "van-ban.html"

    def pages(self, site: SiteData) -> Iterator[Page]:
        for url, listed in site.publications.lists.items():
            yield Page(f"{url}index.md", listed.heading, url)

    def context(self, site: SiteData, key: str) -> dict[str, Any]:
        listed = site.publications.lists[key]
        return {"documents": listed, "filters": site.publications.filters,
                "sample_notice": any(d.sample for d in listed.documents)}

    def last_modified(self, site: SiteData, key: str) -> dt.date:
        return max(d.issued for d in site.publications.lists[key].documents)

    def sections(self, site: SiteData) -> Iterator[tuple[str, str, bool]]:
        yield "Văn bản", urls.DOCUMENTS, bool(site.publications.documents)

    def inputs(self, site: SiteData, key: str) -> object:
        return site.publications.documents  # every list shows the filters, made from all of them


class DocumentPage(PageKind):
    name, template = "van-ban-chi-tiet", "van-ban-chi-tiet.html"
    searched = True

    def pages(self, site: SiteData) -> Iterator[Page]:
        for document in site.publications.documents:
            yield Page(f"{document.url}index.md", document.title, document.slug)

    def context(self, site: SiteData, key: str) -> dict[str, Any]:
        document = site.publications.by_slug[key]
        return {"document": document, "sample_notice": document.sample}

    def last_modified(self, site: SiteData, key: str) -> dt.date:
        return site.publications.by_slug[key].issued

    def inputs(self, site: SiteData, key: str) -> object:
        return site.publications.by_slug[key]


Item = TypeVar("Item", bound=Sampled)  # what a section page lists


class SectionPage(PageKind, Generic[Item]):
    """A section that is one page at `url`, titled `title`, made once its data has something to show: the
    items are `items(site)`, the template gets them as `shown(site, items)` and the sample notice when one
    of them is a sample."""

    title = url = ""

    def items(self, site: SiteData) -> tuple[Item, ...]:
        raise NotImplementedError

    def shown(self, site: SiteData, items: tuple[Item, ...]) -> dict[str, Any]:
        raise NotImplementedError

    def full(self, site: SiteData) -> bool:
        return bool(self.items(site))

    def pages(self, site: SiteData) -> Iterator[Page]:
        if self.full(site):
            yield Page(f"{self.url}index.md", self.title, "")

    def context(self, site: SiteData, key: str) -> dict[str, Any]:
        items = self.items(site)
        return {**self.shown(site, items), "sample_notice": any(item.sample for item in items)}

    def sections(self, site: SiteData) -> Iterator[tuple[str, str, bool]]:
        yield self.title, self.url, self.full(site)

    def inputs(self, site: SiteData, key: str) -> object:
        return self.items(site)


class Budget(SectionPage[Document]):
    """Công khai ngân sách: the documents marked so, by year."""

    name, template = "cong-khai-ngan-sach", "cong-khai-ngan-sach.html"
    title, url = "Công khai ngân sách", urls.BUDGET

    def items(self, site: SiteData) -> tuple[Document, ...]:
        return site.publications.budget

    def shown(self, site: SiteData, items: tuple[Document, ...]) -> dict[str, Any]:
        return {"years": by_year(items)}

    def last_modified(self, site: SiteData, key: str) -> dt.date:
        return max(d.issued for d in site.publications.budget)


class Procedures(SectionPage[Procedure]):
    name, template = "thu-tuc-hanh-chinh", "thu-tuc-hanh-chinh.html"
    title, url = "Thủ tục hành chính", urls.PROCEDURES
    searched = True

    def items(self, site: SiteData) -> tuple[Procedure, ...]:
        return site.publications.procedures

    def shown(self, site: SiteData, items: tuple[Procedure, ...]) -> dict[str, Any]:
        return {"procedures": by_field(items)}


class Questions(SectionPage[Question]):
    name, template = "hoi-dap", "hoi-dap.html"
    title, url = "Hỏi đáp", urls.QUESTIONS
    searched = True

    def items(self, site: SiteData) -> tuple[Question, ...]:
        return site.publications.questions

    def shown(self, site: SiteData, items: tuple[Question, ...]) -> dict[str, Any]:
        return {"questions": items, "channels": self._channels(site)}

    def full(self, site: SiteData) -> bool:
        """A page once hoi-dap.yml has questions or says how to send one."""
        return bool(site.publications.questions or site.publications.channels)

    def last_modified(self, site: SiteData, key: str) -> dt.date | None:
        return max((q.last_modified for q in site.publications.questions), default=None)

    def inputs(self, site: SiteData, key: str) -> object:
        return site.publications.questions, self._channels(site)

    @staticmethod
    def _channels(site: SiteData) -> Channels:
        return site.publications.channels.with_agency(site.portal.agency)


KINDS: tuple[PageKind, ...] = (DocumentLists(), DocumentPage(), Budget(), Procedures(), Questions())
