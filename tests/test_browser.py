"""The portal in real headless Chromium, served by nginx with the deployment recipe's headers."""
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import REPO
from servers import chromium_browser, nginx
from sitebuild import (
    DEMO_PROGRAMME,
    DEMO_WARD,
    build_env,
    bulletin_text,
    copy_project,
    mkdocs_build,
    phone_photo,
    small_project,
)

DEMO = "/tin-tuc/ban-chi-dao-chuyen-doi-so-trong-cac-co-quan-dang-tong-ket-cong-tac-nam-2025-trien-khai/"
PAGES = {"home": "/", "article": DEMO, "category": "/chuyen-muc/chuyen-doi-so/",
         "statistics": f"/thong-ke/{DEMO_PROGRAMME}/", "search": "/tim-kiem/?q=chuyen%20doi%20so",
         "archive": "/luu-tru/2025/12/", "tag": "/the/dang-vien/", "intro": "/gioi-thieu/",
         "unit": "/don-vi/75/", "ward": "/don-vi/26068/", "not found": "/khong-co-trang-nay/",
         "photo": "/tin-tuc/anh-chup/"}
# A bulletin with a phone's photo (bantin.build.images: reduced, srcset), older than the demo's
PHOTO_BULLETIN = """---
title: Hội nghị sơ kết chuyển đổi số
date: 2025-12-20 08:00
category: chuyen-doi-so
summary: Phường sơ kết công tác chuyển đổi số.
image: assets/anh/hoi-nghi.jpg
image_caption: Quang cảnh hội nghị
slug: anh-chup
---

Nội dung.
"""


def nginx_recipe() -> str:
    text = (REPO / "deploy/nginx.conf").read_text()
    return text.split("# BEGIN bantin-tested", 1)[1].split("# END bantin-tested", 1)[0]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    project = copy_project(tmp / "p")
    phone_photo(project / "docs/assets/anh/hoi-nghi.jpg", (2400, 1800))
    (project / "docs/tin-tuc/anh-chup.md").write_text(PHOTO_BULLETIN, encoding="utf-8")
    result = mkdocs_build(project, tmp / "site", build_env())
    assert result.returncode == 0, result.stderr
    with nginx(tmp / "site", tmp / "nginx", nginx_recipe()) as (base, _log):
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium_browser() as browser:
        yield browser


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    yield page
    context.close()


def test_font_size_changes_and_persists(page, server):
    page.goto(server + DEMO)
    body = page.locator(".bt-article__body p").first
    before = float(body.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    after = float(body.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    assert after == pytest.approx(before * 1.25)
    page.goto(server + "/")
    assert page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--bt-font-scale').trim()") \
        == "1.25"
    page.goto(server + DEMO)
    page.get_by_role("button", name="Cỡ chữ mặc định").click()
    assert float(body.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) == pytest.approx(before)
    assert page.problems == []


def test_share_links_carry_the_page_url(page, server):
    page.goto(server + DEMO)
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert canonical == "https://phuocbinh.example.gov.vn" + DEMO
    facebook = page.get_by_role("link", name="Facebook (mở cửa sổ mới)").get_attribute("href")
    zalo = page.get_by_role("link", name="Zalo (mở cửa sổ mới)").get_attribute("href")
    assert parse_qs(urlsplit(facebook).query)["u"] == [canonical]
    assert parse_qs(urlsplit(zalo).query)["url"] == [canonical]


def test_copy_link(browser, server):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(server + DEMO)
    page.get_by_role("button", name="Sao chép liên kết").click()
    page.locator(".bt-share__status", has_text="Đã sao chép liên kết").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == "https://phuocbinh.example.gov.vn" + DEMO
    context.close()


def test_print_hides_the_chrome(page, server):
    page.goto(server + DEMO)
    page.emulate_media(media="print")
    for selector in (".bt-menu", ".bt-search", ".bt-sidebar", ".bt-footer__links", ".bt-tools", ".bt-share",
                     ".bt-neighbours", ".bt-banner", ".bt-views"):
        assert page.locator(selector).first.evaluate("e => getComputedStyle(e).display") == "none", selector
    assert page.locator(".bt-article__title").is_visible()
    assert page.locator(".bt-article__body").is_visible()
    assert page.locator(".bt-print-only").inner_text() == "Bài đăng tại https://phuocbinh.example.gov.vn" + DEMO
    page.emulate_media(media="screen")
    assert not page.locator(".bt-print-only").is_visible()


def test_print_button_opens_print(page, server):
    page.goto(server + DEMO)
    page.evaluate("window.print = () => { window.__printed = true; }")
    page.get_by_role("button", name="In bài viết").click()
    assert page.evaluate("window.__printed") is True


def test_banner_can_be_closed_and_stays_closed(page, server):
    page.goto(server + "/")
    banner = page.locator(".bt-banner")
    assert banner.is_visible()
    page.get_by_role("button", name="Đóng thông báo").click()
    assert not banner.is_visible()
    page.goto(server + DEMO)
    assert not page.locator(".bt-banner").is_visible()


def found(page):
    """Waits for the results without evaluating strings: the page's CSP forbids eval, for tests too."""
    page.locator("#bt-search-status", has_text="Tìm thấy").wait_for(timeout=15000)


@pytest.mark.parametrize("query", ["chuyen doi so", "dang vien", "chuyển đổi số", "Đảng viên"])
def test_search_without_tone_marks(page, server, query):
    page.goto(server + "/tim-kiem/")
    page.get_by_label("Từ khóa (gõ có dấu hoặc không dấu)").fill(query)
    page.get_by_role("button", name="Tìm", exact=True).last.click()
    found(page)
    links = page.locator("#bt-search-results a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert DEMO in links
    assert page.problems == []


def test_search_from_the_header_box(page, server):
    page.goto(server + DEMO)
    page.get_by_label("Tìm kiếm trên trang").fill("chuyen doi so")
    page.get_by_label("Tìm kiếm trên trang").press("Enter")
    page.wait_for_url(re.compile(r"/tim-kiem/\?q=chuyen\+doi\+so"))
    found(page)
    links = page.locator("#bt-search-results a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert DEMO in links


@pytest.mark.parametrize("name", list(PAGES))
def test_no_console_errors_and_no_horizontal_scroll_on_a_phone(browser, server, name):
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(server + PAGES[name])
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    if name == "not found":  # the 404 status itself is logged as a console error, and is right
        problems = [p for p in problems if "404" not in p]
    assert problems == []
    context.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_violations(page, server, name):
    page.goto(server + PAGES[name])
    if name == "search":
        found(page)
    results = Axe().run(page)
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_article_weight_and_no_other_host(browser, server):
    context = browser.new_context()
    page = context.new_page()
    requests = []
    page.on("requestfinished", lambda r: requests.append(r))
    page.goto(server + DEMO)
    page.wait_for_load_state("networkidle")
    hosts = {urlsplit(r.url).netloc for r in requests}
    assert hosts == {urlsplit(server).netloc}
    weight = sum(r.sizes()["responseBodySize"] for r in requests if r.resource_type != "image")
    print(f"article first load without images: {weight} bytes compressed")
    assert weight <= 100 * 1024, weight
    kinds = {r.resource_type for r in requests}
    assert {"document", "fetch", "script", "stylesheet"} <= kinds
    context.close()


def test_pages_read_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + DEMO)
    assert "309 nhiệm vụ" in page.locator(".bt-article__body").inner_text()
    assert not page.get_by_role("button", name="Tăng cỡ chữ").is_visible()
    assert page.locator('[data-visits="total"]').inner_text() == "390.416"
    context.close()


def test_ranking_sorts_by_any_column(page, server):
    page.goto(server + PAGES["unit"])
    table = page.locator("table.bt-units")

    def names():
        return table.locator("tbody th").all_inner_texts()

    assert names() == [f"Phường {DEMO_WARD}", "Phường Long Khánh", "Phường Trấn Biên"]  # worst first, in the HTML
    assert table.locator("thead th").nth(1).get_attribute("aria-sort") == "ascending"
    assigned = page.get_by_role("button", name="Tổng số được giao", exact=True)
    assigned.click()  # figures start with the largest
    assert names() == [f"Phường {DEMO_WARD}", "Phường Trấn Biên", "Phường Long Khánh"]  # 127, 120, 62
    assert table.locator("thead th").nth(2).get_attribute("aria-sort") == "descending"
    assert table.locator("thead th[aria-sort]").count() == 1
    assigned.click()
    assert names() == ["Phường Long Khánh", "Phường Trấn Biên", f"Phường {DEMO_WARD}"]
    page.get_by_role("button", name="Đơn vị", exact=True).click()
    assert names() == ["Phường Long Khánh", f"Phường {DEMO_WARD}", "Phường Trấn Biên"]  # in Vietnamese order
    assert page.get_by_role("status").filter(has_text="Bảng xếp theo").inner_text() == \
        "Bảng xếp theo Đơn vị, theo thứ tự chữ cái."
    page.get_by_role("button", name="Mức cảnh báo", exact=True).click()
    assert names() == [f"Phường {DEMO_WARD}", "Phường Long Khánh", "Phường Trấn Biên"]
    assert page.problems == []


def test_ranking_and_grid_read_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + PAGES["statistics"])
    table = page.locator("table.bt-units")
    assert table.locator("button").count() == 0 and table.locator("[aria-sort]").count() == 0
    assert table.locator("tbody th").all_inner_texts() == [f"Phường {DEMO_WARD}", "Phường Long Khánh",
                                                           "Phường Trấn Biên"]
    cells = [" ".join(text.split()) for text in page.locator(".bt-grid__cell").all_inner_texts()]
    assert cells == [f"Phường {DEMO_WARD} Đỏ", "Phường Trấn Biên Xanh", "Phường Long Khánh Xanh"]
    assert page.locator(".bt-units-summary").inner_text() == "2 trong số 3 phường đạt mức Xanh; 1 phường ở mức Đỏ."
    context.close()


def test_largest_font_still_fits_a_phone(browser, server):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(server + DEMO)
    for _ in range(6):
        page.get_by_role("button", name="Tăng cỡ chữ").click()
    assert page.evaluate("localStorage.getItem('bantin.fontSize')") == "1.5"
    for path in (DEMO, "/", f"/thong-ke/{DEMO_PROGRAMME}/", PAGES["unit"]):
        page.goto(server + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    context.close()


def test_skip_link_moves_focus_to_the_content(page, server):
    page.goto(server + DEMO)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Chuyển đến nội dung chính"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "noi-dung"


AXE_PAGES = ("home", "article", "category", "statistics", "search", "not found", "intro", "unit", "ward", "photo")


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name", AXE_PAGES)
def test_no_serious_accessibility_violations_on_a_phone_and_a_desktop(browser, server, name, width):
    phone = width < 600
    context = browser.new_context(viewport={"width": width, "height": 740 if phone else 900},
                                  device_scale_factor=2 if phone else 1, is_mobile=phone)
    page = context.new_page()
    page.goto(server + PAGES[name])
    page.wait_for_load_state("networkidle")
    if name == "search":
        found(page)
    results = Axe().run(page)
    context.close()
    serious = [f"{v['id']} ({v['impact']}): {v['help']}: "
               + "; ".join(f"{n['target']} {n['html'][:120]}" for n in v["nodes"][:5])
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], "\n".join(serious)


# Each table of the page, at 375 px: whether it is wider than its region, the region scrolls (and is reached by
# keyboard), shows a shadow at an edge with more to see, its caption fits, and the words of headings that
# are laid out over two lines (a word cut in two).
TABLES_ON_A_PHONE = """() => [...document.querySelectorAll('.bt-table')].map(region => {
  const table = region.querySelector('table'), wide = table.offsetWidth > region.clientWidth;
  const before = region.scrollLeft;
  region.scrollLeft = 40;
  const scrolled = region.scrollLeft > before;
  region.scrollLeft = 0;
  const cut = [];
  for (const th of table.querySelectorAll('th')) {
    const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode());) {
      for (const word of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index); range.setEnd(node, word.index + word[0].length);
        if (range.getClientRects().length > 1) cut.push(word[0]);
      }
    }
  }
  const caption = table.querySelector('caption');
  return {wide, scrolled, keyboard: region.tabIndex === 0,
          shadows: (getComputedStyle(region).backgroundImage.match(/radial-gradient/g) || []).length,
          captionFits: !caption || caption.getBoundingClientRect().right <= region.getBoundingClientRect().right + 0.5,
          cut};
})"""


@pytest.mark.parametrize("name", ["statistics", "unit", "ward"])
def test_wide_tables_on_a_phone_scroll_in_their_region_with_a_hint(browser, server, name):
    """At 375 px the tables' right columns were cut at the screen's edge (mid-word) with nothing saying so."""
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.goto(server + PAGES[name])
    tables = page.evaluate(TABLES_ON_A_PHONE)
    context.close()
    wide = [table for table in tables if table["wide"]]
    assert len(wide) >= 1
    assert all(table == {"wide": True, "scrolled": True, "keyboard": True, "shadows": 2, "captionFits": True,
                         "cut": []} for table in wide), wide
    assert all(table["cut"] == [] and table["captionFits"] for table in tables), tables


WIDE_TABLE = ("| Đơn vị thực hiện | Nhiệm vụ được giao | Đã hoàn thành đúng hạn | Đang thực hiện "
              "| Quá hạn chưa hoàn thành | Tỷ lệ |\n"
              "|---|---|---|---|---|---|\n"
              "| Văn phòng HĐND và UBND phường | 12 | 10 | 1 | 1 | 83,3% |\n")


def test_a_wide_table_in_a_bulletin_scrolls_in_its_region_on_a_phone(browser, tmp_path):
    """It widened the whole page: its last column was cut at the screen's edge, with no borders and no hint."""
    project = small_project(tmp_path / "p", {"bang.md": bulletin_text("Bảng", "2026-01-02 08:00", WIDE_TABLE)})
    assert mkdocs_build(project, tmp_path / "site", build_env()).returncode == 0
    with nginx(tmp_path / "site", tmp_path / "nginx", nginx_recipe()) as (base, _log):
        context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True)
        page = context.new_page()
        page.goto(base + "/tin-tuc/bang/")
        tables = page.evaluate(TABLES_ON_A_PHONE)
        width = page.evaluate("document.documentElement.scrollWidth")
        results = Axe().run(page)
        context.close()
    assert width == 375
    assert tables == [{"wide": True, "scrolled": True, "keyboard": True, "shadows": 2, "captionFits": True, "cut": []}]
    assert [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")] == []


def test_the_preview_error_page_has_no_serious_accessibility_violations(page):
    """Its "make serve" chip was white on white in the red header."""
    from bantin.common.errors import DataError
    from bantin.preview.page import error_page

    page.set_content(error_page([DataError("docs/tin-tuc/a.md", 4, "category", "chuyên mục 'x' không có")]))
    results = Axe().run(page)
    serious = [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in results.response["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_a_phone_loads_the_photo_s_sizes_made_for_it(browser, server):
    """srcset at work: a phone's 2× screen takes the cards' 320×200 and the article's 1200 px, not 1600."""
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.goto(server + PAGES["category"])
    card = page.locator('img.bt-card__image[src$="hoi-nghi.160x100.jpg"]')
    card.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=card.element_handle())
    assert card.evaluate("img => [img.currentSrc.split('/').pop(), img.width, img.height]") == [
        "hoi-nghi.320x200.jpg", 128, 80]
    page.goto(server + PAGES["photo"])
    figure = page.locator(".bt-figure img")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=figure.element_handle())
    assert figure.evaluate("img => [img.currentSrc.split('/').pop(), img.width, img.height]") == [
        "hoi-nghi.jpg", 343, 457]  # the column's 343 px of 375, in the photo's upright shape
    context.close()
