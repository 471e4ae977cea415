"""The pages of the office's own sections (bantin.build.kinds kinds): Tổ chức bộ máy, Liên hệ, Lịch công tác (their
data read by bantin.sections.office) and the HTML site map (Sơ đồ trang) of every published page.

Apart from bantin.sections.office so that reading the data needs no page kinds: bantin.build.kinds imports this
module to register its kinds.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import yaml

from ..common import urls
from ..common.pagekind import Page, PageKind
from ..common.yamlsource import Loader
from ..news.bulletins import split_front_matter
from ..news.views import inline_json, publisher

if TYPE_CHECKING:
    from ..build.state import SiteData


# ---- JSON-LD --------------------------------------------------------------------------------------------

def _organisation_ld(site: SiteData) -> dict[str, object]:
    """The office as the bulletins' publisher (news.views.publisher), with its phone."""
    document = {"@context": "https://schema.org", **publisher(site.portal.agency, site.site_url)}
    if site.portal.agency.phone:
        document["telephone"] = site.portal.agency.phone.tel
    return document


def organisation_json_ld(site: SiteData) -> str:
    document = _organisation_ld(site)
    organisation = site.office.organisation
    if organisation.leaders:
        document["employee"] = [{"@type": "Person", "name": p.name, "jobTitle": p.title,
                                 **({"telephone": p.phone.tel} if p.phone else {}),
                                 **({"email": p.email} if p.email else {})} for p in organisation.leaders]
    if organisation.departments:
        document["department"] = [{"@type": "GovernmentOrganization", "name": d.name,
                                   **({"telephone": d.phone.tel} if d.phone else {}),
                                   **({"email": d.email} if d.email else {})} for d in organisation.departments]
    return inline_json(document)


# ---- page kinds -----------------------------------------------------------------------------------------

class OrganisationPage(PageKind):
    name, template = "co-cau-to-chuc", "co-cau-to-chuc.html"
    searched = True
    title = "Tổ chức bộ máy"

    def pages(self, site: SiteData) -> Iterator[Page]:
        if site.office.organisation.has_content:
            yield Page(f"{urls.ORGANISATION}index.md", self.title, "")

    def sections(self, site: SiteData) -> Iterator[tuple[str, str, bool]]:
        yield self.title, urls.ORGANISATION, site.office.organisation.has_content

    def context(self, site: SiteData, key: str) -> dict[str, Any]:
        organisation = site.office.organisation
        return {"to_chuc": organisation, "sample_notice": organisation.sample,
                "json_ld": organisation_json_ld(site)}

    def last_modified(self, site: SiteData, key: str) -> dt.date | None:
        return site.office.organisation.updated

    def inputs(self, site: SiteData, key: str) -> object:
        return site.data_key


class ContactPage(PageKind):
    name, template = "lien-he", "lien-he.html"
    searched = True
    title = "Liên hệ"

    def pages(self, site: SiteData) -> Iterator[Page]:
        if site.portal.agency.has_contact:
            yield Page(f"{urls.CONTACT}index.md", self.title, "")

    def sections(self, site: SiteData) -> Iterator[tuple[str, str, bool]]:
        yield self.title, urls.CONTACT, site.portal.agency.has_contact

    def context(self, site: SiteData, key: str) -> dict[str, Any]:
        document = _organisation_ld(site)
        hours = site.portal.agency.working_hours
        if hours:
            document["description"] = f"Giờ làm việc: {hours}"
        return {"lien_he": site.office.organisation, "json_ld": inline_json(document),
                "sample_notice": site.office.organisation.sample and bool(site.office.organisation.departments)}

    def inputs(self, site: SiteData, key: str) -> object:
        return site.data_key


class SchedulePage(PageKind):
    name, template = "lich-cong-tac", "lich-cong-tac.html"
    searched = True
    title = "Lịch công tác"

    def pages(self, site: SiteData) -> Iterator[Page]:
        if site.office.schedule.has_content:
            yield Page(f"{urls.SCHEDULE}index.md", self.title, "")

    def sections(self, site: SiteData) -> Iterator[tuple[str, str, bool]]:
        yield self.title, urls.SCHEDULE, site.office.schedule.has_content

    def context(self, site: SiteData, key: str) -> dict[str, Any]:
        return {"lich": site.office.schedule, "sample_notice": site.office.schedule.sample}

    def last_modified(self, site: SiteData, key: str) -> dt.date | None:
        weeks = site.office.schedule.weeks
        return weeks[0].start if weeks else None

    def inputs(self, site: SiteData, key: str) -> object:
        return site.data_key


class SiteMapPage(PageKind):
    """Sơ đồ trang: every published page but the bulletins and the later pages of lists, grouped by the first
    folder of its address under the page there ("Thống kê": each programme), from the build's own list."""

    name, template = "so-do-trang", "so-do-trang.html"
    title = "Sơ đồ trang"

    def pages(self, site: SiteData) -> Iterator[Page]:
        yield Page(f"{urls.SITE_MAP}index.md", self.title, "")

    def context(self, site: SiteData, key: str) -> dict[str, Any]:
        # it lists every unit's page: invented units are named sample here too (bantin.common.sample)
        return {"so_do": site_map(site),
                "sample_notice": site.units is not None and site.sample_units(site.units.by_code)}

    def inputs(self, site: SiteData, key: str) -> object:
        return site_map(site), site.data_key  # every page's title and address, the units' marks


_LATER_PAGE = re.compile(r"(^|/)trang-[0-9]+/$")


def _editors_title(text: str, path: str) -> str:
    """An editor's page's title as MkDocs takes it: `title:` of its front matter, else its first `# ` heading,
    else its file name."""
    source, body, _ = split_front_matter(text)
    try:
        meta = yaml.load(source, Loader=Loader) if source else None  # libyaml's, safe
    except yaml.YAMLError:
        meta = None
    title = meta.get("title") if isinstance(meta, dict) else None
    if isinstance(title, str) and title.strip():
        return title.strip()
    heading = re.search(r"^#\s+(.+?)\s*#*\s*$", body, re.M)
    return heading.group(1) if heading else urls.page_stem(path).rsplit("/", 1)[-1].replace("-", " ").capitalize()


def page_titles(site: SiteData) -> dict[str, str]:
    """Every page's title by address: generated pages', bulletins', editors' pages'."""
    # Bulletins' titles are read already (site.news): only the editors' own pages are read here (the whole
    # site's front matter read again on each preview took seconds at 2,000 bulletins)
    read = site.news.by_source if site.news is not None else {}
    titles = {urls.markdown_url(path): _editors_title(text, path) for path, text in site.page_sources.items()
              if path not in read}
    titles.update(site.generated_titles())
    if site.news is not None:
        titles.update({url: b.title for url, b in site.news.by_url.items()})
        titles.update({url: page.heading for url, page in site.news.list_pages.items()})
    titles[urls.HOME] = "Trang chủ"
    return titles


# Folders of generated pages that have no page of their own to name them.
_FOLDER_NAMES = {urls.category("").rstrip("/") + "/": "Chuyên mục", urls.UNITS: "Đơn vị"}


def site_map(site: SiteData) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(heading, its address or "", [(title, address)]) of each group: the main menu first, then each folder
    of several pages (statistics, units, categories, archive, tags, …), then the other pages. Bulletins are
    found through their categories and the archive; the later pages of a list through its first."""
    titles = page_titles(site)
    bulletins = set(site.news.by_url) if site.news is not None else set()
    menu = [(text, url) for text, url in site.menu_links]
    in_menu = {url for _, url in menu}
    folders: dict[str, list[str]] = {}
    for url in site.page_urls:
        if url not in bulletins and not _LATER_PAGE.search(url) and url not in (urls.SITE_MAP, urls.HOME):
            folders.setdefault(url.split("/", 1)[0] + "/", []).append(url)
    groups, others = [("Các mục chính", "", menu)], []
    for folder, members in sorted(folders.items()):
        children = [(titles.get(url, url), url) for url in members if url != folder]
        if children:
            heading = titles.get(folder) or _FOLDER_NAMES.get(folder, folder.rstrip("/"))
            groups.append((heading, folder if folder in members else "", children))
        elif folder not in in_menu:
            others.append((titles.get(folder, folder), folder))
    groups.append(("Các trang khác", "", others))
    return [group for group in groups if group[2]]


KINDS: tuple[PageKind, ...] = (OrganisationPage(), ContactPage(), SchedulePage(), SiteMapPage())
