"""`make edit`'s "Số liệu" in real Chromium at a phone's width: the sum checked as the clerk types, a new
report saved, the pages accessible (axe)."""
import subprocess
from urllib.parse import urlsplit

import pytest

from servers import chromium_browser, local_editor
from test_edit_browser import axe_violations, page_width
from test_edit_figures import PATH, TITLE, project  # noqa: F401 (the fixture project with its programme)

EXPECTED = ("tổng số nhiệm vụ được giao (assigned) là 10, nhưng đã hoàn thành (completed) 5 + theo tiến độ "
            "(on_schedule) 5 + quá hạn (overdue) 1 = 11; hãy sửa cho khớp")


@pytest.fixture
def editor(project):  # noqa: F811
    with local_editor(project) as (base, _):
        yield project, base


def test_a_clerk_adds_a_report_and_sees_a_wrong_sum_as_she_types(editor):
    folder, base = editor
    with chromium_browser() as browser:
        page = browser.new_context(viewport={"width": 375, "height": 800}).new_page()
        problems, hosts = [], set()
        page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("request", lambda r: hosts.add(urlsplit(r.url).netloc))
        page.goto(base + "/so-lieu/")
        assert axe_violations(page) == []
        assert page_width(page) == 375
        page.get_by_role("link", name=f"Thêm kỳ báo cáo mới của “{TITLE}”").click()
        assert page.locator("h1").inner_text() == "Thêm kỳ báo cáo mới"
        page.get_by_label("Ngày chốt số liệu (bắt buộc)").fill("2026-03-31")
        live = page.locator("#live-sum")
        assert live.is_hidden()
        page.get_by_label("số nhiệm vụ đã hoàn thành", exact=True).fill("5")
        assert live.inner_text() == EXPECTED  # before any save, in the words the build uses
        assert page.get_by_label("số nhiệm vụ được giao", exact=True).get_attribute("aria-invalid") == "true"
        assert axe_violations(page) == []
        assert page_width(page) == 375
        page.get_by_label("số nhiệm vụ được giao", exact=True).fill("11")
        assert live.is_hidden()
        unit = page.locator("tbody th").last.inner_text()  # the unit's row: its figures add up to the report's
        page.get_by_label(f"số nhiệm vụ đã hoàn thành — {unit}").fill("5")
        page.get_by_role("button", name="Lưu").click()
        assert page.locator("h1").inner_text() == "Số liệu kỳ 31/3/2026"
        assert page.locator(".notice").first.inner_text() == (
            f"Đã lưu: Thêm kỳ báo cáo 31/3/2026: {TITLE} ({PATH}).")
        assert axe_violations(page) == []
        assert problems == [] and hosts == {urlsplit(base).netloc}
    assert subprocess.run(["git", "-C", str(folder), "log", "-1", "--format=%s"], capture_output=True,
                          text=True).stdout == f"Thêm kỳ báo cáo 31/3/2026: {TITLE}\n"
