from bantin.news.catalog import Catalog, paginate
from news_fixtures import PORTAL, bulletin


def catalog_of(count=45):
    items = [bulletin(n) for n in range(1, count + 1)] + [bulletin(100, "thong-bao", tags=("Đảng viên", "Hội nghị"))]
    return Catalog.of(items, PORTAL)


def test_newest_first():
    catalog = catalog_of()
    assert [b.title for b in catalog.bulletins[:3]] == ["Bài số 100", "Bài số 45", "Bài số 44"]


def test_neighbours_are_five_each_from_the_same_category():
    catalog = catalog_of()
    middle = catalog.by_category["chuyen-doi-so"][10]   # Bài số 35
    newer, older = catalog.neighbours(middle)
    assert [b.title for b in newer] == ["Bài số 36", "Bài số 37", "Bài số 38", "Bài số 39", "Bài số 40"]
    assert [b.title for b in older] == ["Bài số 34", "Bài số 33", "Bài số 32", "Bài số 31", "Bài số 30"]
    newest = catalog.by_category["chuyen-doi-so"][0]
    assert catalog.neighbours(newest)[0] == []
    assert catalog.neighbours(catalog.by_category["thong-bao"][0]) == ([], [])


def test_pages_of_twenty():
    pages = paginate("chuyen-muc/chuyen-doi-so/", "Chuyển đổi số", catalog_of().by_category["chuyen-doi-so"])
    assert [(p.url, p.number, p.count, len(p.items)) for p in pages] == [
        ("chuyen-muc/chuyen-doi-so/", 1, 3, 20), ("chuyen-muc/chuyen-doi-so/trang-2/", 2, 3, 20),
        ("chuyen-muc/chuyen-doi-so/trang-3/", 3, 3, 5)]
    assert pages[1].heading == "Chuyển đổi số - Trang 2"
    assert pages[0].items[0].title == "Bài số 45" and pages[2].items[-1].title == "Bài số 1"


def test_pager_shows_ends_and_neighbourhood():
    pages = paginate("tin-tuc/", "Tin tức", [bulletin(n) for n in range(200)])
    labels = [label for label, _ in pages[4].pager()]
    assert labels == ["1", "…", "3", "4", "5", "6", "7", "…", "10"]
    assert pages[0].pager()[:4] == [("1", "tin-tuc/"), ("2", "tin-tuc/trang-2/"), ("3", "tin-tuc/trang-3/"),
                                    ("…", None)]


def test_every_list_page():
    urls = [p.url for p in catalog_of().list_pages()]
    assert urls[:3] == ["tin-tuc/", "tin-tuc/trang-2/", "tin-tuc/trang-3/"]
    for url in ("chuyen-muc/chuyen-doi-so/trang-3/", "chuyen-muc/thong-bao/", "the/dang-vien/", "the/hoi-nghi/",
                "luu-tru/2025/12/", "luu-tru/2025/12/trang-2/", "luu-tru/2025/", "luu-tru/2025/trang-3/"):
        assert url in urls
    assert len(urls) == len(set(urls))


def test_archive_and_tags():
    catalog = catalog_of(3)
    assert catalog.archive() == [{"year": 2025, "url": "luu-tru/2025/", "count": 4, "months": [
        {"label": "Tháng 12/2025", "url": "luu-tru/2025/12/", "count": 4}]}]
    assert catalog.tags() == [{"name": "Đảng viên", "url": "the/dang-vien/", "count": 1},
                              {"name": "Hội nghị", "url": "the/hoi-nghi/", "count": 1}]


def test_featured_falls_back_to_the_newest():
    catalog = catalog_of(3)
    assert [b.title for b in catalog.featured()] == ["Bài số 100"]
    featured = Catalog.of([bulletin(1, featured=True), bulletin(2)], PORTAL)
    assert [b.title for b in featured.featured()] == ["Bài số 1"]


def test_tags_differing_in_tone_marks_are_different_tags_with_their_own_addresses():
    """"Bản đồ" and "Bàn đỏ" were one page (both `ban-do`). The tag used first keeps the address; a tag used
    later, colliding, gets the first free number: an address once published never changes."""
    before = Catalog.of([bulletin(1, tags=("Bản đồ",)), bulletin(2, tags=("bản  đồ", "Bản đồ 2"))], PORTAL)
    assert before.tags() == [{"name": "bản  đồ", "url": "the/ban-do/", "count": 2},
                             {"name": "Bản đồ 2", "url": "the/ban-do-2/", "count": 1}]
    later = Catalog.of([bulletin(1, tags=("Bản đồ",)), bulletin(2, tags=("bản  đồ", "Bản đồ 2")),
                        bulletin(3, tags=("Bàn đỏ",)), bulletin(4, tags=("Bàn Đỏ", "Bán đò"))], PORTAL)
    assert later.tags() == [{"name": "Bàn Đỏ", "url": "the/ban-do-3/", "count": 2},
                            {"name": "bản  đồ", "url": "the/ban-do/", "count": 2},
                            {"name": "Bán đò", "url": "the/ban-do-4/", "count": 1},
                            {"name": "Bản đồ 2", "url": "the/ban-do-2/", "count": 1}]
    assert [later.tag_url(name) for name in ("Bản đồ", "BÀN ĐỎ", "Bán đò")] == [
        "the/ban-do/", "the/ban-do-3/", "the/ban-do-4/"]
    pages = {page.url: [b.title for b in page.items] for page in later.list_pages() if page.url.startswith("the/")}
    assert pages == {"the/ban-do/": ["Bài số 2", "Bài số 1"], "the/ban-do-2/": ["Bài số 2"],
                     "the/ban-do-3/": ["Bài số 4", "Bài số 3"], "the/ban-do-4/": ["Bài số 4"]}
