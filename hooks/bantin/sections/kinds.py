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


class Budget(PageKind):
    """Công khai ngân sách: the documents marked so, by year."""

    name, template = "cong-khai-ngan-sach", "cong-khai-ngan-sach.html"

    def pages(self, site):
        if site.publications.budget:
            yield Page(f"{urls.BUDGET}index.md", "Công khai ngân sách", "")

    def context(self, site, key):
        budget = site.publications.budget
        return {"years": by_year(budget), "sample_notice": any(d.sample for d in budget)}

    def last_modified(self, site, key):
        return max(d.issued for d in site.publications.budget)

    def sections(self, site):
        yield "Công khai ngân sách", urls.BUDGET, bool(site.publications.budget)

    def inputs(self, site, key):
        return site.publications.budget


class Procedures(PageKind):
    name, template = "thu-tuc-hanh-chinh", "thu-tuc-hanh-chinh.html"
    searched = True

    def pages(self, site):
        if site.publications.procedures:
            yield Page(f"{urls.PROCEDURES}index.md", "Thủ tục hành chính", "")

    def context(self, site, key):
        procedures = site.publications.procedures
        return {"procedures": by_field(procedures), "sample_notice": any(p.sample for p in procedures)}

    def sections(self, site):
        yield "Thủ tục hành chính", urls.PROCEDURES, bool(site.publications.procedures)

    def inputs(self, site, key):
        return site.publications.procedures


class Questions(PageKind):
    name, template = "hoi-dap", "hoi-dap.html"
    searched = True

    def pages(self, site):
        if self._full(site):
            yield Page(f"{urls.QUESTIONS}index.md", "Hỏi đáp", "")

    def context(self, site, key):
        questions = site.publications.questions
        return {"questions": questions, "channels": self._channels(site),
                "sample_notice": any(q.sample for q in questions)}

    def last_modified(self, site, key):
        return max((q.last_modified for q in site.publications.questions), default=None)

    def sections(self, site):
        yield "Hỏi đáp", urls.QUESTIONS, self._full(site)

    def inputs(self, site, key):
        return site.publications.questions, self._channels(site)

    @staticmethod
    def _channels(site):
        return site.publications.channels.with_agency(site.portal.agency)

    @staticmethod
    def _full(site) -> bool:
        """A page once hoi-dap.yml has questions or says how to send one."""
        return bool(site.publications.questions or site.publications.channels)


KINDS: tuple[PageKind, ...] = (DocumentLists(), DocumentPage(), Budget(), Procedures(), Questions())
