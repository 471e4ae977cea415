"""Every address of the site, in one place: relative to the site's root, ending in '/' for pages.

Changing a pattern here moves every link to it (pages, menus, feeds, the sitemap, redirects, the
collision check). A published address is a record (see news.bulletins): change patterns before the
first publication, or publish `aliases:` for the old ones.
"""
from __future__ import annotations

import functools
import posixpath
from urllib.parse import urlsplit

HOME = ""
NEWS = "tin-tuc/"            # every bulletin, and the list of all of them
TAGS = "the/"
ARCHIVE = "luu-tru/"
STATISTICS = "thong-ke/"
OPEN_DATA = "du-lieu/"
SEARCH = "tim-kiem/"
UNITS = "don-vi/"
DOCUMENTS = "van-ban/"        # văn bản: each one's page, the filters' pages below it
BUDGET = "cong-khai-ngan-sach/"
PROCEDURES = "thu-tuc-hanh-chinh/"
QUESTIONS = "hoi-dap/"
ORGANISATION = "co-cau-to-chuc/"  # the office's sections (bantin.sections.office)
CONTACT = "lien-he/"
SCHEDULE = "lich-cong-tac/"
SITE_MAP = "so-do-trang/"
FEED = "rss.xml"             # the site's; each category has its own beside its list
# The files MkDocs publishes as pages (its `utils.markdown_extensions`, case as written): `make check` reads
# every one of them. tests/test_editor_inputs.py keeps this list equal to MkDocs'.
PAGE_EXTENSIONS = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")


def is_page(path: str) -> bool:
    return path.endswith(PAGE_EXTENSIONS)


def page_stem(path: str) -> str:
    """A page's path without its extension: `tin-tuc/hoi-nghi.markdown` → `tin-tuc/hoi-nghi`."""
    return posixpath.splitext(path)[0] if is_page(path) else path


def markdown_url(path: str) -> str:
    """Where MkDocs publishes a Markdown page (directory URLs): `the/index.md` → `the/`, `a/b.md` → `a/b/`."""
    folder, _, name = page_stem(path).rpartition("/")
    parts = [folder] if folder else []
    if name not in ("index", "README"):
        parts.append(name)
    return "".join(part + "/" for part in parts)


def bulletin(slug: str) -> str:
    return f"{NEWS}{slug}/"


def category(id_: str) -> str:
    return f"chuyen-muc/{id_}/"


def tag(slug: str) -> str:
    """A tag's page; its slug is given by the catalog (news.catalog.tag_slugs: two tags may share a vi.slug)."""
    return f"{TAGS}{slug}/"


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


def document(slug: str) -> str:
    return f"{DOCUMENTS}{slug}/"


def documents_by(facet: str, value: str) -> str:
    """The documents of one kind, year or issuer: `van-ban/loai/nghi-quyet/`, `van-ban/nam/2025/`."""
    return f"{DOCUMENTS}{facet}/{value}/"


def unit_data(programme_id: str) -> str:
    """A programme's figures by unit as CSV, in a folder of its own: no programme's id can take its name."""
    return f"{OPEN_DATA}{UNITS}{programme_id}.csv"


def relative(target: str, page_url: str) -> str | None:
    """`target` (a path from the site's root, as above) as a link from the page at `page_url`: exactly
    what MkDocs' `url` filter writes (`normalize_url` → `get_relative_url`, which uses `posixpath.relpath`),
    with each address split once per build instead of at every link: a page has forty links and a site
    thousands of pages. None for what this does not cover (a backslash, about which MkDocs warns): the
    caller uses MkDocs' filter."""
    known = _target(target)
    if known is None:
        return None
    path, level, goal, tails = known
    if level < 0:  # an address of its own (https:, /…, #…): as it is
        return path
    start = _page_folder(page_url)
    common, most = 0, min(len(start), len(goal))
    while common < most and start[common] == goal[common]:
        common += 1
    up, tail = len(start) - common, tails[common]  # relpath: `..` for each folder up, then the rest
    link = ("../" * up + tail if tail else "../" * (up - 1) + "..") if up else (tail or ".")
    if path.endswith("/"):
        link += "/"
    return "../" * level + link if level else link


@functools.cache
def _target(target: str) -> tuple[str, int, tuple[str, ...], tuple[str, ...]] | None:
    """MkDocs' `_get_norm_url`: the path and how many `../` it starts with (-1: an absolute address),
    the path's parts as `posixpath.relpath` splits them, and each of its tails joined."""
    if not target:
        target = "."
    elif "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith(("/", "#")):
        return target, -1, (), ()
    norm, level = posixpath.normpath(target) + "/", 0
    while norm.startswith("../", level * 3):
        level += 1
    goal = _segments("/" + target)
    return target, level, goal, tuple("/".join(goal[at:]) for at in range(len(goal) + 1))


@functools.cache
def _page_folder(page_url: str) -> tuple[str, ...]:
    if page_url != ".":  # MkDocs: a page's address that names a file counts from its folder
        folder, name = posixpath.split(page_url)
        page_url = folder if "." in name else page_url
    return _segments("/" + page_url)


def _segments(path: str) -> tuple[str, ...]:
    return tuple(part for part in posixpath.normpath(path).split("/") if part)
