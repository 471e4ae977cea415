"""`make edit` in real Chromium, as a clerk uses it: a bulletin with a photo, saved, previewed, published."""
import shutil
import subprocess
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image

from conftest import REPO
from servers import chromium_browser, local_editor
from sitebuild import copy_project

TITLE = "Phường ra quân tổng vệ sinh môi trường"
ADDRESS = "tin-tuc/phuong-ra-quan-tong-vesinh-moi-truong/"


def git(project, *args):
    return subprocess.run(["git", "-C", str(project), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def editor(tmp_path):
    """The editor's server (`make edit`'s command) on a free port, in a fixture project of its own."""
    project = copy_project(tmp_path / "p")
    shutil.copy2(REPO / ".gitignore", project / ".gitignore")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    git(project, "-c", "user.name=Khởi tạo", "-c", "user.email=init@example.vn", "commit", "-q", "-m", "Khởi tạo")
    with local_editor(project, subprocess.PIPE) as (base, server):
        assert server.stdout.readline() == (f"Trang quản trị nội dung: {base}/ (mở bằng trình duyệt trên máy này; "
                                            "bấm Ctrl+C để dừng)\n")
        yield project, base, server


@pytest.fixture(scope="module")
def browser():
    with chromium_browser() as browser:
        yield browser


def axe_violations(page):
    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): " + "; ".join(str(n["target"]) for n in v["nodes"][:3])
            for v in results.response["violations"]]


def page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def test_a_clerk_writes_previews_and_publishes_a_bulletin(browser, editor, tmp_path):
    project, base, server = editor
    photo = tmp_path / "ve-sinh.jpg"
    Image.new("RGB", (2400, 1800), (30, 120, 60)).save(photo, "JPEG")
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    problems, hosts = [], set()
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: hosts.add(urlsplit(r.url).netloc))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    page.goto(base + "/")
    assert page.locator("h1").inner_text() == "Người sửa"
    assert axe_violations(page) == []
    page.get_by_label("Họ và tên").fill("Trần Văn Bình")
    page.get_by_label("Thư điện tử").fill("binh@phuong.gov.vn")
    page.get_by_role("button", name="Lưu").click()
    assert page.locator("h1").inner_text() == "Bản tin"
    assert axe_violations(page) == []
    assert page_width(page) == 375

    page.get_by_role("link", name="Viết bản tin mới").first.click()
    page.get_by_label("Tiêu đề (bắt buộc)").fill(TITLE)
    page.get_by_label("Ngày đăng (bắt buộc)").fill("2026-06-05 07:30")
    page.get_by_label("Chuyên mục (bắt buộc)").select_option(label="Tin tức - Sự kiện")
    page.get_by_label("Từ khóa").fill("Môi trường, Đoàn thanh niên")
    page.get_by_label("Tóm tắt").fill("Sáng 5/6, phường ra quân tổng vệ sinh môi trường.")
    page.get_by_label("Tải ảnh mới lên").set_input_files(str(photo))
    page.get_by_label("Chú thích ảnh").fill("Đoàn viên thu gom rác dọc kênh")
    page.locator(".editor-toolbar").wait_for()  # EasyMDE took over the textarea, under the editor's CSP
    page.get_by_role("textbox", name="Nội dung").focus()  # as with the Tab key
    page.keyboard.type("Hơn 300 đoàn viên tham gia.")
    page.keyboard.press("Shift+Tab")  # from the text back to the toolbar's last button, with the keyboard
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Làm lại thao tác"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # and on, out of the text, to what follows it
    assert page.evaluate("document.activeElement.textContent") == "Chèn số liệu"
    page.get_by_role("textbox", name="Nội dung").focus()
    page.get_by_role("button", name="Chữ đậm").click()
    page.keyboard.type("Sạch đường phố")
    page.keyboard.press("End")
    page.keyboard.type(" Số liệu: ")
    page.get_by_text("Chèn số liệu").click()
    insert = page.locator("button.insert").nth(1)  # the programme's first figure after its name
    expression, programme = insert.get_attribute("data-expression"), insert.get_attribute("data-programme")
    value = insert.locator("xpath=../preceding-sibling::td[1]").inner_text()
    insert.click()
    assert page.get_by_label("Chương trình").input_value() == programme
    assert axe_violations(page) == []
    assert page_width(page) == 375  # nothing wider than a phone
    page.get_by_role("button", name="Lưu", exact=True).click()
    assert page.locator(".notice--ok").inner_text().startswith(f"Đã lưu bản tin “{TITLE}”")

    path = "docs/tin-tuc/phuong-ra-quan-tong-ve-sinh-moi-truong.md"
    text = (project / path).read_text(encoding="utf-8")
    assert f"Hơn 300 đoàn viên tham gia.**Sạch đường phố** Số liệu: {expression}" in text
    assert f"\nprogramme: {programme}\n" in text
    image = next(line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("image: "))
    with Image.open(project / "docs" / image) as stored:
        assert stored.size == (1600, 1200)
    last = git(project, "log", "-1", "--format=%an <%ae>|%s", "--name-only").split("\n")
    assert last[0] == f"Trần Văn Bình <binh@phuong.gov.vn>|Thêm bản tin: {TITLE}"
    assert sorted(filter(None, last[1:])) == sorted([path, f"docs/{image}"])

    page.get_by_role("button", name="Xem trước").click()
    page.wait_for_url("**/xem-truoc/tin-tuc/phuong-ra-quan-tong-ve-sinh-moi-truong/")
    assert page.locator("h1").first.inner_text() == TITLE
    assert page.locator(".bt-article__body strong").all_inner_texts()[-1] == "Sạch đường phố"
    assert f"Số liệu: {value}" in page.locator(".bt-article__body").inner_text()
    assert page.locator(".bt-article img").first.get_attribute("alt") == "Đoàn viên thu gom rác dọc kênh"
    page.go_back()

    page.get_by_role("button", name="Đăng lên trang").click()
    assert page.locator(".notice--ok").first.inner_text() == "Đã dựng và đăng trang mới."
    published = project / "site" / "tin-tuc" / "phuong-ra-quan-tong-ve-sinh-moi-truong" / "index.html"
    assert TITLE in published.read_text(encoding="utf-8")
    assert axe_violations(page) == []

    assert problems == []
    assert hosts == {urlsplit(base).netloc}
    context.close()
