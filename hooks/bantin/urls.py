"""Every address of the site, in one place: relative to the site's root, ending in '/' for pages.

Changing a pattern here moves every link to it (pages, menus, feeds, the sitemap, redirects, the
collision check). A published address is a record (see news.bulletins): change patterns before the
first publication, or publish `aliases:` for the old ones.
"""
from __future__ import annotations

from . import vi

HOME = ""
NEWS = "tin-tuc/"            # every bulletin, and the list of all of them
TAGS = "the/"
ARCHIVE = "luu-tru/"
STATISTICS = "thong-ke/"
OPEN_DATA = "du-lieu/"
SEARCH = "tim-kiem/"
UNITS = "don-vi/"
FEED = "rss.xml"             # the site's; each category has its own beside its list


def bulletin(slug: str) -> str:
    return f"{NEWS}{slug}/"


def category(id_: str) -> str:
    return f"chuyen-muc/{id_}/"


def tag(name: str) -> str:
    return f"{TAGS}{vi.slug(name)}/"


def archive_year(year: int) -> str:
    return f"{ARCHIVE}{year}/"


def archive_month(year: int, month: int) -> str:
    return f"{ARCHIVE}{year}/{month:02d}/"


def list_page(first: str, number: int) -> str:
    """Page `number` of a list whose first page is `first`: `chuyen-muc/x/trang-2/`."""
    return first if number == 1 else f"{first}trang-{number}/"


def feed(list_url: str) -> str:
    return f"{list_url}{FEED}"


def statistics(programme_id: str) -> str:
    return f"{STATISTICS}{programme_id}/"


def open_data(programme_id: str, extension: str) -> str:
    return f"{OPEN_DATA}{programme_id}.{extension}"


def unit(code: str) -> str:
    return f"{UNITS}{code}/"


def unit_data(programme_id: str) -> str:
    """A programme's figures by unit as CSV, in a folder of its own: no programme's id can take its name."""
    return f"{OPEN_DATA}{UNITS}{programme_id}.csv"
