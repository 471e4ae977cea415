"""bantin.common.urls.relative: the links MkDocs' `url` filter would write, computed without it."""
import itertools

from mkdocs.utils import normalize_url

from bantin.common import urls


class Page:
    def __init__(self, url):
        self.url = url


PAGES = ["", ".", "index.html", "404.html", "tin-tuc/", "tin-tuc/ban-tin-so-1/", "tin-tuc/a/b/", "a.html",
         "x/y.html", "thong-ke/chuyen-doi-so/", "the/cai-cach/2/", "luu-tru/2025/12/", "a/b/c/d/"]
TARGETS = ["", ".", "./", "tin-tuc/", "tin-tuc/ban-tin-so-1/", "tin-tuc/a/b/", "tin-tuc/a/c/",
           "assets/bantin.css", "assets/javascripts/bantin.3f2a9c.js", "../x/", "../../y", "./a/../b/", "a//b/",
           "#noi-dung", "/tuyet-doi/", "https://dichvucong.gov.vn/p/home", "mailto:a@b.vn", "tel:02713879123",
           "a/b?x=1#y", "du-lieu/chuyen-doi-so.csv", "thong-ke/", "rss.xml", "index.html", "a/./b", "..", "../",
           "tin-tuc/a", "chuyen-muc/tin-tuc-su-kien/2/", "luu-tru/2025/"]


def test_every_link_is_what_mkdocs_writes():
    for page, target in itertools.product(PAGES, TARGETS):
        assert urls.relative(target, page) == normalize_url(target, page=Page(page), base=".."), (page, target)


def test_links_from_a_bulletin():
    page = "tin-tuc/ban-tin-so-1/"
    assert urls.relative("tin-tuc/ban-tin-so-2/", page) == "../ban-tin-so-2/"
    assert urls.relative("assets/bantin.css", page) == "../../assets/bantin.css"
    assert urls.relative("", page) == "../.."
    assert urls.relative("tin-tuc/", page) == "../"
    assert urls.relative(page, page) == "./"


def test_a_backslash_is_left_to_mkdocs():
    assert urls.relative("assets\\anh.png", "tin-tuc/") is None  # MkDocs warns about it
