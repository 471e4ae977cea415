"""The editor's server mode (`make edit MODE=server`): accounts (`python -m bantin users`), login, lockout,
sessions, rights and the journal, through Flask's test client as nginx would speak to it."""
import datetime as dt
import json
import os
import re
import subprocess
import sys
from html import unescape

import pytest
from flask import g

from bantin.common.vi import TIMEZONE
from bantin.edit import site_tasks
from bantin.edit.accounts import ACCOUNTS, JOURNAL, SECRET, Accounts
from bantin.edit.app import create_app
from bantin.edit.login import Server
from bantin.edit.users import User
from conftest import REPO
from test_edit import BASE, ID, PORT, assert_valid_html, form_of, git, log, project  # noqa: F401 (fixture project)

HOST = "quantri.example.vn"
SERVER = f"http://{HOST}"  # nginx passes the Host the browser sent; TLS is nginx's (test_edit_accounts_nginx)
PASSWORD = "mat-khau-du-dai"
PEOPLE = {"lan": ("Nguyễn Thị Lan", "lan@phuong.gov.vn", "editor"),
          "hung": ("Trần Văn Hùng", "hung@phuong.gov.vn", "approver"),
          "an": ("Phạm Văn An", "an@phuong.gov.vn", "admin")}
START = dt.datetime(2026, 12, 7, 9, 50, tzinfo=TIMEZONE).timestamp()


class Clock:
    """The time the login checks see: moved on by the test, never slept."""

    def __init__(self):
        self.now = START

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def app(project, clock):
    accounts = Accounts(project)
    for login, (name, email, role) in PEOPLE.items():
        accounts.add(login, name, email, role, PASSWORD)
    return create_app(project, PORT, Server((HOST,), clock))


@pytest.fixture
def client(app):
    return app.test_client()


def token(client, url):
    page = client.get(url, base_url=SERVER)
    assert page.status_code == 200, page.text
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def sign_in(client, login, password=PASSWORD, address="203.0.113.7"):
    return client.post("/dang-nhap", base_url=SERVER, headers={"X-Forwarded-For": address},
                       data={"csrf_token": token(client, "/dang-nhap"), "login": login, "password": password})


class At:
    """`client` as test_edit's helpers use it, its requests sent to the server mode's address."""

    def __init__(self, client):
        self.client = client

    def get(self, url, base_url=None, **kwargs):
        return self.client.get(url, base_url=SERVER, **kwargs)


def error_of(answer):
    return unescape(re.search(r'<p class="notice notice--error" role="alert" id="login-error">([^<]*)</p>',
                              answer.text).group(1))


def journal(project):
    return [json.loads(line) for line in (project / JOURNAL).read_text(encoding="utf-8").splitlines()]


def users(project, *args, answers=""):
    return subprocess.run([sys.executable, "-m", "bantin", "users", *args], cwd=project, input=answers,
                          capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, PYTHONPATH=str(REPO / "hooks")))


# Accounts on the command line

def test_users_add_list_passwd_remove_with_answers_from_a_pipe(tmp_path):
    added = users(tmp_path, "add", "lan", "--role", "editor",
                  answers=f"Nguyễn Thị Lan\nlan@phuong.gov.vn\n{PASSWORD}\n{PASSWORD}\n")
    assert (added.returncode, added.stdout) == (0, "Đã tạo tài khoản lan (Nguyễn Thị Lan, lan@phuong.gov.vn): "
                                                   "biên tập viên.\n")
    assert added.stderr == "Họ và tên: Thư điện tử: Mật khẩu: Nhập lại mật khẩu: "
    stored = (tmp_path / ACCOUNTS).read_text(encoding="utf-8")
    assert PASSWORD not in stored
    (row,) = json.loads(stored)
    assert row["password"].startswith("$argon2id$")
    assert oct((tmp_path / ACCOUNTS).stat().st_mode & 0o777) == "0o600"
    assert oct((tmp_path / ACCOUNTS).parent.stat().st_mode & 0o777) == "0o700"

    listed = users(tmp_path, "list")
    assert listed.stdout == "1 tài khoản:\n  lan: Nguyễn Thị Lan, lan@phuong.gov.vn, biên tập viên\n"

    changed = users(tmp_path, "passwd", "lan", answers="mat-khau-moi-123\nmat-khau-moi-123\n")
    assert changed.stdout == ("Đã đổi mật khẩu của tài khoản lan; các phiên đăng nhập đang mở của tài khoản "
                              "này đã kết thúc.\n")
    (after,) = json.loads((tmp_path / ACCOUNTS).read_text(encoding="utf-8"))
    assert after["password"] != row["password"] and after["generation"] == row["generation"] + 1

    wrong = users(tmp_path, "remove", "lam")
    assert (wrong.returncode, wrong.stderr) == (1, "Không có tài khoản 'lam' (ý bạn là 'lan'?).\n")
    removed = users(tmp_path, "remove", "lan")
    assert removed.stdout == "Đã xóa tài khoản lan (Nguyễn Thị Lan).\n"
    assert users(tmp_path, "list").stdout == ("Chưa có tài khoản nào. Tạo tài khoản quản trị đầu tiên: "
                                              "python -m bantin users add TEN --role admin\n")
    assert [(e["event"], e["login"]) for e in journal(tmp_path)] == [
        ("account-added", "lan"), ("password-changed", "lan"), ("account-removed", "lan")]


def test_users_add_refuses_mismatched_passwords_and_bad_answers_all_at_once(tmp_path):
    mismatch = users(tmp_path, "add", "lan", "--role", "editor",
                     answers=f"Nguyễn Thị Lan\nlan@phuong.gov.vn\n{PASSWORD}\nkhac-mat-khau\n")
    assert (mismatch.returncode, mismatch.stdout) == (1, "")
    prompts = "Họ và tên: Thư điện tử: Mật khẩu: Nhập lại mật khẩu: "
    assert mismatch.stderr == prompts + "Hai lần nhập mật khẩu không giống nhau; chưa thay đổi gì.\n"
    bad = users(tmp_path, "add", "Lan Anh", "--role", "editor", answers="\nlan\nngan\nngan\n")
    assert bad.returncode == 1
    assert bad.stderr == prompts + (
        "Không tạo được tài khoản: tên đăng nhập 'Lan Anh': chỉ gồm chữ thường không dấu, số, dấu . _ -, từ 2 "
        "đến 32 ký tự (ví dụ: lan.nguyen); họ và tên: hãy ghi họ và tên đầy đủ; thư điện tử 'lan': cần dạng "
        "ten@coquan.gov.vn; mật khẩu cần ít nhất 10 ký tự.\n")
    assert not (tmp_path / ACCOUNTS).exists()


def test_the_state_is_not_the_projects_nor_the_sites(project):
    Accounts(project).add("an", "Lê An", "an@phuong.gov.vn", "admin", PASSWORD)
    create_app(project, PORT, Server((HOST,)))
    for path in (ACCOUNTS, SECRET):
        assert git(project, "check-ignore", str(path)).strip() == str(path)
        assert oct((project / path).stat().st_mode & 0o777) == "0o600"
    assert sorted(p.name for p in (project / ACCOUNTS).parent.iterdir()) == ["editor.json", "khoa-phien",
                                                                              "tai-khoan.json"]


# Login and sessions

def test_login_opens_the_editor_and_commits_carry_the_persons_name(client, project):
    """An approver's save is a commit under their name (an editor's is a draft: test_edit_approval)."""
    assert client.get("/ban-tin/", base_url=SERVER).headers["Location"] == "/dang-nhap"
    answer = sign_in(client, "hung")
    assert (answer.status_code, answer.headers["Location"]) == (302, "/")
    page = client.get("/ban-tin/", base_url=SERVER).text
    assert "Đăng xuất (Trần Văn Hùng, người duyệt)" in page
    fields = form_of(At(client), f"/ban-tin/{ID}")
    fields["title"] = "Hội nghị sơ kết quý I năm 2026"
    saved = client.post(f"/ban-tin/{ID}", base_url=SERVER, data=fields)
    assert saved.status_code == 302, saved.text
    assert log(project).splitlines()[0].split(" ", 1)[1] == (
        "Trần Văn Hùng <hung@phuong.gov.vn> Sửa bản tin: Hội nghị sơ kết quý I năm 2026")
    assert [(e["event"], e["login"], e["address"]) for e in journal(project)] == [("login", "hung", "203.0.113.7")]


def test_an_editors_menu_has_no_publishing(client):
    sign_in(client, "lan")
    page = client.get("/ban-tin/", base_url=SERVER).text
    assert "Đăng xuất (Nguyễn Thị Lan, biên tập viên)" in page
    assert "Đăng lên trang" not in page and "Cài đặt" not in page


def test_a_wrong_password_and_an_unknown_name_get_the_same_answer(client, project):
    wrong, unknown = sign_in(client, "lan", "sai-mat-khau"), sign_in(client, "khong-co")
    assert (wrong.status_code, error_of(wrong)) == (401, "Tên đăng nhập hoặc mật khẩu không đúng.")
    assert (unknown.status_code, error_of(unknown)) == (401, "Tên đăng nhập hoặc mật khẩu không đúng.")
    assert client.get("/ban-tin/", base_url=SERVER).status_code == 302
    assert [(e["event"], e["login"]) for e in journal(project)] == [("login-failed", "lan"),
                                                                    ("login-failed", "khong-co")]


def test_an_idle_session_ends_after_eight_hours(client, clock):
    sign_in(client, "lan")
    clock.now += 7 * 3600
    assert client.get("/ban-tin/", base_url=SERVER).status_code == 200  # in use: it goes on
    clock.now += 8 * 3600 + 1
    answer = client.get("/ban-tin/", base_url=SERVER)
    assert answer.headers["Location"] == "/dang-nhap"
    assert "Phiên làm việc đã hết hạn hoặc đã đăng xuất; hãy đăng nhập lại." in \
        client.get("/dang-nhap", base_url=SERVER).text


def test_sessions_survive_a_restart_with_the_same_key(app, project, client, clock):
    sign_in(client, "lan")
    again = create_app(project, PORT, Server((HOST,), clock)).test_client()
    again.set_cookie("__Host-phien", client.get_cookie("__Host-phien", domain=HOST).value, domain=HOST)
    assert again.get("/ban-tin/", base_url=SERVER).status_code == 200


def test_a_new_password_ends_the_accounts_sessions(client, project):
    sign_in(client, "lan")
    Accounts(project).set_password("lan", "mat-khau-moi-123")
    assert client.get("/ban-tin/", base_url=SERVER).headers["Location"] == "/dang-nhap"


def test_the_server_modes_pages_are_valid_html(client, tmp_path):
    pages = {"login": client.get("/dang-nhap", base_url=SERVER).text, "refused": sign_in(client, "lan", "sai").text}
    sign_in(client, "lan")
    pages.update(list=client.get("/ban-tin/", base_url=SERVER).text,
                 forbidden=client.get("/dang-trang", base_url=SERVER).text)
    assert_valid_html(pages, "login", tmp_path / "pages")


# Rights

def test_publishing_needs_an_approver_or_an_admin(client, project, monkeypatch):
    monkeypatch.setattr(site_tasks, "publish", lambda root: site_tasks.Outcome(True, "Đã dựng xong trang."))
    sign_in(client, "lan")
    refused = client.get("/dang-trang", base_url=SERVER)
    assert refused.status_code == 403
    assert ("Tài khoản lan (biên tập viên) không có quyền này; chỉ người duyệt hoặc quản trị được làm việc "
            "này.") in refused.text
    other = client.application.test_client()
    sign_in(other, "hung")
    done = other.post("/dang-trang", base_url=SERVER, data={"csrf_token": token(other, "/dang-trang")})
    assert done.status_code == 303  # to the steps as they go
    assert other.application.extensions["bantin_publisher"].job.wait(60)
    last = journal(project)[-1]
    assert {k: last[k] for k in ("event", "login", "commit", "ok")} == {
        "event": "publish", "login": "hung", "commit": git(project, "rev-parse", "HEAD").strip(), "ok": True}
    assert client.post("/dang-trang", base_url=SERVER,
                       data={"csrf_token": token(client, "/ban-tin/moi")}).status_code == 403
    assert journal(project)[-1] == last  # a refusal publishes nothing


def test_the_local_mode_is_one_person_with_every_right(project):
    client = create_app(project, PORT).test_client()
    with client:
        assert client.get("/ban-tin/", base_url=BASE).status_code == 200
        assert g.user == User("local", "Nguyễn Thị Lan", "lan@phuong.gov.vn", "admin")


def test_the_server_mode_has_no_local_person_page(client):
    sign_in(client, "hung")
    assert client.get("/nguoi-sua", base_url=SERVER).status_code == 404


# Starting it

def test_the_server_mode_says_what_it_lacks_before_it_starts(project):
    env = dict(os.environ, PYTHONPATH=str(REPO / "hooks"))
    env.pop("EDIT_HOST", None)
    result = subprocess.run([sys.executable, "-m", "bantin.edit", "--mode", "server", "--port", "1"], cwd=project,
                            capture_output=True, text=True, timeout=60, env=env)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "Không khởi động được trang quản trị: chưa khai báo tên miền của trang quản trị: "
        "EDIT_HOST=quantri.phuong.gov.vn make edit MODE=server (hoặc --host quantri.phuong.gov.vn); chưa có "
        "tài khoản nào: tạo tài khoản quản trị đầu tiên bằng python -m bantin users add TEN --role admin.\n")


def test_make_edit_passes_the_mode_and_port():
    result = subprocess.run(["make", "-n", "edit", "MODE=server", "PORT=8123"], cwd=REPO, capture_output=True,
                            text=True, timeout=60)
    assert ".venv/bin/python -m bantin.edit --mode server --port 8123" in result.stdout.splitlines()
    wrong = subprocess.run(["make", "-n", "edit", "MODE=may-chu"], cwd=REPO, capture_output=True, text=True,
                           timeout=60)
    assert wrong.returncode == 2
    assert "MODE=may-chu: chỉ có local (mặc định, trên máy này) và server (trên máy chủ, sau nginx)" in wrong.stderr
