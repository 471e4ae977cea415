"""The page kinds of the sections read by bantin.sections.publications: văn bản (the list, its filters, one page
a document), công khai ngân sách, thủ tục hành chính, hỏi đáp. Registered in bantin.build.kinds.KINDS; their base,
PageKind, is bantin.common.pagekind."""
from __future__ import annotations

from ..common import urls
from ..common.pagekind import Page, PageKind
from .documents import by_year
from .procedures import by_field


class DocumentLists(PageKind):
    """Every document, newest first, and the same list filtered by kind, year or issuer."""

    name, template = "van-ban", "van-ban.html"

    def pages(self, site):
        for url, listed in site.publications.lists.items():
            yield Page(f"{url}index.md", listed.heading, url)

    def context(self, site, key):
        listed = site.publications.lists[key]
        return {"documents": listed, "filters": site.publications.filters,
                "sample_notice": any(d.sample for d in listed.documents)}

    def last_modified(self, site, key):
        return max(d.issued for d in site.publications.lists[key].documents)

    def sections(self, site):
        yield "Văn bản", urls.DOCUMENTS, bool(site.publications.documents)

    def inputs(self, site, key):
        return site.publications.documents  # every list shows the filters, made from all of them


class DocumentPage(PageKind):
    name, template = "van-ban-chi-tiet", "van-ban-chi-tiet.html"
    searched = True

    def pages(self, site):
        for document in site.publications.documents:
            yield Page(f"{document.url}index.md", document.title, document.slug)

    def context(self, site, key):
        document = site.publications.by_slug[key]
        return {"document": document, "sample_notice": document.sample}

    def last_modified(self, site, key):
        return site.publications.by_slug[key].issued

    def inputs(self, site, key):
        return site.publications.by_slug[key]


class SectionPage(PageKind):
    """A section that is one page at `url`, titled `title`, made once its data has something to show: the
    items are `items(site)`, the template gets them as `shown(site, items)` and the sample notice when one
    of them is a sample."""

    title = url = ""

    def items(self, site) -> tuple:
        raise NotImplementedError

    def shown(self, site, items) -> dict:
        raise NotImplementedError

    def full(self, site) -> bool:
        return bool(self.items(site))

    def pages(self, site):
        if self.full(site):
            yield Page(f"{self.url}index.md", self.title, "")

    def context(self, site, key):
        items = self.items(site)
        return {**self.shown(site, items), "sample_notice": any(item.sample for item in items)}

    def sections(self, site):
        yield self.title, self.url, self.full(site)

    def inputs(self, site, key):
        return self.items(site)


class Budget(SectionPage):
    """Công khai ngân sách: the documents marked so, by year."""

    name, template = "cong-khai-ngan-sach", "cong-khai-ngan-sach.html"
    title, url = "Công khai ngân sách", urls.BUDGET

    def items(self, site):
        return site.publications.budget

    def shown(self, site, items):
        return {"years": by_year(items)}

    def last_modified(self, site, key):
        return max(d.issued for d in site.publications.budget)


class Procedures(SectionPage):
    name, template = "thu-tuc-hanh-chinh", "thu-tuc-hanh-chinh.html"
    title, url = "Thủ tục hành chính", urls.PROCEDURES
    searched = True

    def items(self, site):
        return site.publications.procedures

    def shown(self, site, items):
        return {"procedures": by_field(items)}


class Questions(SectionPage):
    name, template = "hoi-dap", "hoi-dap.html"
    title, url = "Hỏi đáp", urls.QUESTIONS
    searched = True

    def items(self, site):
        return site.publications.questions

    def shown(self, site, items):
        return {"questions": items, "channels": self._channels(site)}

    def full(self, site) -> bool:
        """A page once hoi-dap.yml has questions or says how to send one."""
        return bool(site.publications.questions or site.publications.channels)

    def last_modified(self, site, key):
        return max((q.last_modified for q in site.publications.questions), default=None)

    def inputs(self, site, key):
        return site.publications.questions, self._channels(site)

    @staticmethod
    def _channels(site):
        return site.publications.channels.with_agency(site.portal.agency)


KINDS: tuple[PageKind, ...] = (DocumentLists(), DocumentPage(), Budget(), Procedures(), Questions())
