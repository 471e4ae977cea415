"""The approver's "Chờ duyệt" page in real Chromium at a phone's width: the change read, previewed, approved and
published; the pages accessible (axe)."""
import threading
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from bantin.edit.app import create_app
from servers import chromium_browser, free_port
from test_edit import BASE, PORT, form_of, git
from test_edit_approval import ID, as_person, client_of, only_draft, project, submit  # noqa: F401 (fixture)
from test_edit_browser import axe_violations, page_width


@pytest.fixture
def editor(project):  # noqa: F811
    """The editor on a free port in this process, `g.user` set from the `X-Nguoi` header (the test's login)."""
    port = free_port()
    app = as_person(create_app(project, port))
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        thread.join(10)


def test_the_approver_reads_the_change_previews_and_approves_it(editor, project):  # noqa: F811
    _, base = editor
    app_for_lan = as_person(create_app(project, PORT))  # the editor writes through the test client
    lan = client_of(app_for_lan, "lan")
    fields = form_of(lan, f"/ban-tin/{ID}")
    fields.update(title="Hội nghị sơ kết quý I năm 2026", body="Nội dung hội nghị **đã sửa**.")
    assert lan.post(f"/ban-tin/{ID}", base_url=BASE, data=fields).status_code == 302
    draft = only_draft(project)
    submit(lan, draft)

    with chromium_browser() as browser:
        context = browser.new_context(viewport={"width": 375, "height": 800},
                                      extra_http_headers={"X-Nguoi": "binh"})
        page = context.new_page()
        problems, hosts = [], set()
        page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("request", lambda r: hosts.add(urlsplit(r.url).netloc))

        page.goto(base + "/ban-tin/")
        page.get_by_role("link", name="Chờ duyệt (1)").click()
        assert page.locator("h1").inner_text() == "Chờ duyệt"
        assert page.locator("h2").all_inner_texts() == ["Sửa bản tin: Hội nghị sơ kết quý I năm 2026"]
        diff = page.get_by_role("region", name="Các dòng thay đổi của docs/tin-tuc/so-ket.md")
        assert diff.locator("del").all_inner_texts() == ["- title: Hội nghị sơ kết quý I", "- Nội dung hội nghị."]
        assert diff.locator("ins").all_inner_texts() == ["+ title: Hội nghị sơ kết quý I năm 2026",
                                                         "+ Nội dung hội nghị **đã sửa**."]
        assert diff.is_visible()
        assert axe_violations(page) == []
        assert page_width(page) == 375

        page.get_by_role("button", name="Xem trước “Sửa bản tin: Hội nghị sơ kết quý I năm 2026”").click()
        page.wait_for_url("**/xem-truoc/tin-tuc/so-ket/")
        assert page.locator("h1").first.inner_text() == "Hội nghị sơ kết quý I năm 2026"
        assert page.locator(".bt-article__body strong").inner_text() == "đã sửa"
        page.go_back()

        page.get_by_role("button", name="Duyệt và đăng “Sửa bản tin: Hội nghị sơ kết quý I năm 2026”").click()
        assert page.locator("h1").inner_text() == "Đã duyệt"
        assert page.locator(".notice--ok").all_inner_texts() == [
            ("Đã duyệt “Sửa bản tin: Hội nghị sơ kết quý I năm 2026” của Nguyễn Thị Lan: thay đổi đã ghi vào lịch sử "
             "(git) với tên người viết và người duyệt."), "Đã dựng và đăng trang mới."]
        assert axe_violations(page) == []
        context.close()
    assert problems == [] and hosts == {urlsplit(base).netloc}
    assert git(project, "log", "-1", "--format=%an|%cn").strip() == "Nguyễn Thị Lan|Trần Văn Bình"
    built = (project / "site" / "tin-tuc" / "so-ket" / "index.html").read_text(encoding="utf-8")
    assert "Hội nghị sơ kết quý I năm 2026" in built
