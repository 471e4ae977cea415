"""`make edit`'s "Cài đặt" in real Chromium, as a clerk uses it: the office's phone number and a menu item."""
from urllib.parse import urlsplit

import pytest

from servers import chromium_browser, local_editor
from sitebuild import bulletin_text, small_project
from test_edit import committed, git
from test_edit_browser import axe_violations, page_width
from test_edit_settings import PATH, SITE


@pytest.fixture
def editor(tmp_path):
    project = small_project(tmp_path / "p", {"hop.md": bulletin_text("Họp dân", "2026-03-02 08:00")})
    (project / PATH).write_text(SITE, encoding="utf-8")
    committed(project)
    with local_editor(project) as (base, _):
        yield project, base


def test_a_clerk_sets_the_phone_number_and_adds_a_menu_item(editor):
    project, base = editor
    with chromium_browser() as browser:
        context = browser.new_context(viewport={"width": 375, "height": 800})
        page = context.new_page()
        problems, hosts = [], set()
        page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("request", lambda r: hosts.add(urlsplit(r.url).netloc))

        page.goto(base + "/")
        page.get_by_role("link", name="Cài đặt", exact=True).click()
        assert page.locator("h1").inner_text() == "Cài đặt"
        assert axe_violations(page) == []
        page.get_by_role("link", name="Thông tin cơ quan").click()
        page.get_by_label("Điện thoại").fill("0251 3881 234")
        assert axe_violations(page) == []
        assert page_width(page) == 375
        page.get_by_role("button", name="Lưu").first.click()
        assert page.locator(".notice--ok").inner_text() == "Đã lưu thông tin cơ quan (data/site.yml)."
        assert git(project, "show", "--format=%s", "--unified=0", "HEAD").splitlines()[-1] == "+  phone: 0251 3881 234"

        page.get_by_role("navigation").get_by_role("link", name="Cài đặt", exact=True).click()
        page.get_by_role("link", name="Trình đơn").click()
        page.get_by_role("button", name="Thêm dòng vào Trình đơn").click()  # no script: the page comes back
        page.get_by_label("Chữ hiện trên trình đơn, dòng 3").fill("Dịch vụ công")
        page.get_by_label("Địa chỉ, dòng 3").fill("https://dichvucong.gov.vn/")
        assert axe_violations(page) == []
        assert page_width(page) == 375  # the table scrolls inside its frame
        page.keyboard.press("Enter")  # in a text box: the form's first button, Lưu
        assert page.locator(".notice--ok").inner_text() == "Đã lưu trình đơn (data/site.yml)."
        assert (project / PATH).read_text(encoding="utf-8").endswith(
            "  - category: thong-bao\n  - text: Dịch vụ công\n    url: https://dichvucong.gov.vn/\n\ncategories:\n"
            + SITE.split("categories:\n")[1])
        assert git(project, "log", "-1", "--format=%an|%s").strip() == "Nguyễn Thị Lan|Sửa trình đơn: data/site.yml"
        page.get_by_role("navigation").get_by_role("link", name="Cài đặt", exact=True).click()
        page.get_by_role("link", name="Khối bên").click()  # rows of their own rows: fieldsets in fieldsets
        assert page.locator("legend").all_inner_texts()[:3] == ["Khối bên", "Khối bên 1: Liên kết", "Các dòng"]
        assert axe_violations(page) == []
        assert page_width(page) == 375
        assert problems == []
        assert hosts == {urlsplit(base).netloc}
        context.close()
