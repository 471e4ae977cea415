"""Issue 20 end to end, as an office runs it: real nginx with TLS in front of `python -m bantin.edit --mode
server` (deploy/bantin-edit.nginx.conf) and, in the same nginx, the public site served from the project's
`site/` by deploy/nginx.conf itself (tests/test_nginx.py's recipe); two accounts made with `python -m bantin
users add`; real Chromium. A biên tập viên writes a bulletin and submits it: the public site does not have it;
the người duyệt reads the change, previews it, approves it: the public site has it and the commit names both."""
import os
import re
import sys
from urllib.parse import urlsplit

import pytest

from bantin.edit import site_tasks
from conftest import REPO
from servers import NGINX, chromium_browser, free_port, nginx_conf, wait_for
from test_edit import git, status
from test_edit_accounts import PASSWORD, users
from test_edit_accounts_nginx import HOST, certificate, running
from test_edit_accounts_nginx import recipe as editor_recipe
from test_edit_approval import project  # noqa: F401 (fixture: a fixture project, one bulletin, a git repo)
from test_edit_browser import axe_violations, page_width
from test_nginx import get
from test_nginx import recipe as public_recipe

EDITOR = ("lan", "Nguyễn Thị Lan", "lan@phuong.gov.vn", "editor")
APPROVER = ("binh", "Trần Văn Bình", "binh@phuong.gov.vn", "approver")
TITLE = "Phường tổ chức ngày hội đọc sách"
SLUG = "phuong-to-chuc-ngay-hoi-doc-sach"
SOURCE = f"docs/tin-tuc/{SLUG}.md"
ADDRESS = f"/tin-tuc/{SLUG}/"
SUBJECT = f"Thêm bản tin: {TITLE}"
DATE = "2026-06-05 08:00"  # past: a bulletin dated later waits for its day
SUMMARY = "Sáng 5/6, thư viện phường mở cửa đón bạn đọc nhỏ tuổi."
BODY = "Hơn 200 em học sinh tham gia."


@pytest.fixture
def office(project, tmp_path):  # noqa: F811
    """The project installed as deploy/ says: accounts, the public site built, the editor and nginx running.
    Yields (project, the editor's address as staff type it, the public site's address)."""
    for login, name, email, role in (EDITOR, APPROVER):
        added = users(project, "add", login, "--role", role, answers=f"{name}\n{email}\n{PASSWORD}\n{PASSWORD}\n")
        assert added.returncode == 0, added.stderr
    built = site_tasks.publish(project)  # `make build`: the site nginx serves before anyone edits
    assert built.ok, built.output
    certificate(tmp_path)
    plain, secure, editor, public = free_port(), free_port(), free_port(), free_port()
    conf = nginx_conf(tmp_path / "nginx", editor_recipe(tmp_path, plain, secure, editor)
                      + public_recipe(project / "site", public, tmp_path / "public.log"))
    env = dict(os.environ, PYTHONPATH=str(REPO / "hooks"), EDIT_HOST=HOST, NO_MKDOCS_2_WARNING="1")
    with running([sys.executable, "-m", "bantin.edit", "--mode", "server", "--port", str(editor)], editor,
                 cwd=project, env=env), \
            running([NGINX, "-c", str(conf), "-e", str(conf.parent / "error.log")], secure):
        wait_for(f"http://127.0.0.1:{public}/")
        yield project, f"https://{HOST}:{secure}", f"http://127.0.0.1:{public}"


def title_of(public, path):
    """(HTTP status, the text of the page's first <h1>) of the public site's `path`, through nginx."""
    code, _, body = get(public, path)
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", body.decode("utf-8"), re.S).group(1)
    return code, re.sub(r"<[^>]+>", "", heading).strip()


def signed_in(browser, base, person):
    """A browser context of its own, logged in through nginx as `person`; (context, page, problems, hosts)."""
    login, name, _email, role = person
    context = browser.new_context(viewport={"width": 375, "height": 800}, ignore_https_errors=True)  # test's cert
    page = context.new_page()
    problems, hosts = [], set()
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: hosts.add(urlsplit(r.url).netloc))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(base + "/ban-tin/")
    assert page.url == base + "/dang-nhap"
    assert page.locator("h1").inner_text() == "Đăng nhập"
    assert axe_violations(page) == []
    page.get_by_label("Tên đăng nhập").fill(login)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    words = {"editor": "biên tập viên", "approver": "người duyệt"}[role]
    assert page.get_by_role("button", name=f"Đăng xuất ({name}, {words})").is_visible()
    return context, page, problems, hosts


def test_an_editor_writes_and_submits_the_approver_approves_and_the_site_has_it(office):
    project, base, public = office
    before = git(project, "log", "--format=%H")
    assert title_of(public, ADDRESS) == (404, "Không tìm thấy trang")

    with chromium_browser(f"--host-resolver-rules=MAP {HOST} 127.0.0.1") as browser:
        # 1. The biên tập viên writes a new bulletin and submits it.
        context, page, problems, hosts = signed_in(browser, base, EDITOR)
        page.get_by_role("link", name="Viết bản tin mới").first.click()
        page.get_by_label("Tiêu đề (bắt buộc)").fill(TITLE)
        page.get_by_label("Ngày đăng (bắt buộc)").fill(DATE)
        page.get_by_label("Chuyên mục (bắt buộc)").select_option(value="thong-bao")
        page.get_by_label("Tóm tắt").fill(SUMMARY)
        page.locator(".editor-toolbar").wait_for()  # EasyMDE, under the editor's CSP, behind nginx
        page.get_by_role("textbox", name="Nội dung").focus()
        page.keyboard.type(BODY)
        page.get_by_role("button", name="Lưu", exact=True).click()
        assert page.locator("h1").inner_text() == f"Bản nháp: {SUBJECT}"
        assert page.locator(".notice--ok").inner_text().startswith(
            f"Đã lưu bản nháp “{SUBJECT}”. Thay đổi chưa lên trang: bấm Gửi duyệt")
        assert page.locator(".state").inner_text() == "Nháp"
        page.get_by_role("button", name="Gửi duyệt").click()
        assert page.locator(".state").inner_text() == "Chờ duyệt"
        assert page.locator(".notice--ok").inner_text() == f"Đã gửi duyệt “{SUBJECT}”: người duyệt sẽ xem và đăng."
        page.goto(base + "/ban-tin/")
        mine = page.get_by_role("region", name="Bản nháp của quý vị")
        assert mine.locator("tbody td").all_inner_texts()[::3] == [SUBJECT]
        assert mine.locator(".state").all_inner_texts() == ["Chờ duyệt"]
        assert axe_violations(page) == []
        context.close()
        assert (problems, hosts) == ([], {urlsplit(base).netloc})

        # 2. Not on the public site, not in the main branch.
        assert title_of(public, ADDRESS) == (404, "Không tìm thấy trang")
        assert TITLE not in get(public, "/tin-tuc/")[2].decode("utf-8")
        assert git(project, "log", "--format=%H") == before
        assert not (project / SOURCE).exists()

        # 3. The người duyệt reads the change, previews it, approves it.
        context, page, problems, hosts = signed_in(browser, base, APPROVER)
        page.get_by_role("link", name="Chờ duyệt (1)").click()
        assert page.locator("h1").inner_text() == "Chờ duyệt"
        assert page.locator("h2").all_inner_texts() == [SUBJECT]
        diff = page.get_by_role("region", name=f"Các dòng thay đổi của {SOURCE}")
        assert page.locator(".change h3").all_inner_texts() == [f"Tệp {SOURCE} (tệp mới)"]
        assert diff.locator("ins").all_inner_texts() == [
            "+ ---", f"+ title: {TITLE}", f"+ date: {DATE}", "+ category: thong-bao", f"+ summary: {SUMMARY}",
            "+ ---", "+ ", f"+ {BODY}"]
        assert diff.locator("del").all_inner_texts() == []
        assert axe_violations(page) == []
        assert page_width(page) == 375

        page.get_by_role("button", name=f"Xem trước “{SUBJECT}”").click()
        page.wait_for_url(f"{base}/xem-truoc{ADDRESS}")
        assert page.locator("h1").first.inner_text() == TITLE
        assert page.locator(".bt-article__body").inner_text().split("\n\n") == [SUMMARY, BODY]
        page.go_back()

        page.get_by_role("button", name=f"Duyệt và đăng “{SUBJECT}”").click()
        assert page.locator("h1").inner_text() == "Đã duyệt"
        assert page.locator(".notice--ok").all_inner_texts() == [
            (f"Đã duyệt “{SUBJECT}” của {EDITOR[1]}: thay đổi đã ghi vào lịch sử (git) với tên người viết và "
             "người duyệt."), "Đã dựng và đăng trang mới."]
        assert axe_violations(page) == []
        context.close()
        assert (problems, hosts) == ([], {urlsplit(base).netloc})

    # 4. On the public site at its address; one commit, by the editor, committed by the approver.
    assert title_of(public, ADDRESS) == (200, TITLE)
    assert TITLE in get(public, "/tin-tuc/")[2].decode("utf-8")
    assert git(project, "log", "--format=%H").split("\n", 1)[1] == before  # one commit more
    assert git(project, "log", "-1", "--format=%an <%ae>|%cn <%ce>|%B").strip() == (
        f"{EDITOR[1]} <{EDITOR[2]}>|{APPROVER[1]} <{APPROVER[2]}>|{SUBJECT}\n\n"
        f"Người duyệt: {APPROVER[1]} <{APPROVER[2]}>")
    assert git(project, "show", "--format=", "--name-only", "HEAD").split() == [SOURCE]
    assert status(project) == ""  # nothing written beside the commit
