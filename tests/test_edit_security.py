"""The attacks issue 20 lists, each on the server mode (the editor on the internet, behind nginx): every test
fails if its protection is taken away. The one-build-at-a-time bound is test_edit.py::test_one_build_at_a_time."""
import io
import re

import pytest

from bantin.edit import site_tasks
from bantin.edit.app import MAX_UPLOAD
from test_edit import BULLETIN, ID, NEWS, form_of, log, project, status  # noqa: F401 (the fixture project)
from test_edit_accounts import HOST, PASSWORD, SERVER, At, app, client, clock, error_of, journal, sign_in, token  # noqa: F401

SECRET = "BI-MAT-KHONG-DUOC-DOC"  # in files next to and above the project: no answer may contain it


def test_a_post_without_the_csrf_token_is_refused(client, project):
    login = client.post("/dang-nhap", base_url=SERVER, data={"login": "lan", "password": PASSWORD})
    assert login.status_code == 400 and "Biểu mẫu thiếu mã bảo vệ" in login.text
    assert client.get("/ban-tin/", base_url=SERVER).status_code == 302  # not signed in
    sign_in(client, "lan")
    fields = form_of(At(client), f"/ban-tin/{ID}")
    del fields["csrf_token"]
    fields["title"] = "Tiêu đề do trang khác gửi"
    before = log(project)
    save = client.post(f"/ban-tin/{ID}", base_url=SERVER, data=fields)
    assert save.status_code == 400 and "Biểu mẫu thiếu mã bảo vệ" in save.text
    assert (log(project), status(project)) == (before, "")


def test_a_cookie_captured_before_logout_is_refused_after_it(client):
    sign_in(client, "lan")
    captured = client.get_cookie("__Host-phien", domain=HOST).value
    assert client.get("/ban-tin/", base_url=SERVER).status_code == 200
    out = client.post("/dang-xuat", base_url=SERVER, data={"csrf_token": token(client, "/ban-tin/")})
    assert out.headers["Location"] == "/dang-nhap"
    thief = client.application.test_client()
    thief.set_cookie("__Host-phien", captured, domain=HOST)
    assert thief.get("/ban-tin/", base_url=SERVER).headers["Location"] == "/dang-nhap"


def test_nothing_of_the_session_before_the_login_is_kept(client):
    before = token(client, "/dang-nhap")  # the form token of the anonymous session
    sign_in(client, "lan")
    stale = client.post("/dang-xuat", base_url=SERVER, data={"csrf_token": before})
    assert stale.status_code == 400 and "Biểu mẫu thiếu mã bảo vệ" in stale.text
    assert client.get("/ban-tin/", base_url=SERVER).status_code == 200  # still signed in


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(client, clock, project):
    answers = [sign_in(client, "lan", f"sai-{n}") for n in range(5)]
    assert [a.status_code for a in answers] == [401] * 4 + [403]
    locked = ("Tài khoản 'lan' bị khóa đến 10:05 ngày 7/12/2026 vì nhập sai mật khẩu 5 lần liên tiếp. Hãy thử lại "
              "sau thời điểm đó, hoặc nhờ người quản trị đặt lại mật khẩu (python -m bantin users passwd lan).")
    assert error_of(answers[-1]) == locked
    clock.now += 14 * 60
    right = sign_in(client, "lan")  # even the right password, while locked
    assert (right.status_code, error_of(right)) == (403, locked)
    clock.now += 60
    assert sign_in(client, "lan").status_code == 302
    assert [e["event"] for e in journal(project)] == ["login-failed"] * 5 + ["login-refused", "login"]


def test_failed_logins_from_one_address_are_made_to_wait(client, clock):
    for n in range(20):
        assert sign_in(client, f"khong-co-{n}", address="198.51.100.9").status_code == 401
    waits = sign_in(client, "lan", address="198.51.100.9")
    assert (waits.status_code, waits.headers["Retry-After"]) == (429, "900")
    assert error_of(waits) == "Có quá nhiều lần đăng nhập sai từ địa chỉ này; hãy thử lại sau 10:05 ngày 7/12/2026."
    assert sign_in(client.application.test_client(), "lan", address="203.0.113.7").status_code == 302
    clock.now += 15 * 60
    assert sign_in(client, "lan", address="198.51.100.9").status_code == 302


TRAVERSALS = [f"{up}{name}" for name in ("mkdocs.yml", "bi-mat.txt", "hooks/bantin/edit/app.py")
              for up in ("../", "../../", "../../../", "..%2F..%2F", "%2E%2E/%2E%2E/", "%2e%2e%2f%2e%2e%2f",
                         "..%5C..%5C", "..%252F..%252F", "....//....//", "%c0%ae%c0%ae/")] + [
    "/etc/passwd", "%2Fetc%2Fpasswd", "..", "%00"]


def urls_with(app, value):
    """Every route of the app with `value` in each of its path parameters (new routes are covered too)."""
    for rule in app.url_map.iter_rules():
        url = re.sub(r"<(?:[^:<>]+:)?[^<>]+>", value, rule.rule)
        if url != rule.rule:
            yield rule, url


def test_no_path_parameter_reaches_a_file_outside_the_editors_own(client, project):
    for folder in (project, project.parent, project.parent.parent):
        (folder / "bi-mat.txt").write_text(SECRET)
    sign_in(client, "an")  # an admin: every route's own handler gets the value, none stops at a 403
    fields = form_of(At(client), f"/ban-tin/{ID}")
    shown = client.post(f"/ban-tin/{ID}", base_url=SERVER, data={**fields, "action": "xem-truoc"})
    assert shown.status_code == 302
    # the preview route is live: the unsaved bulletin's page, made in the editor's process
    assert f"<title>{fields['title']}" in client.get(shown.headers["Location"], base_url=SERVER).text
    secrets_ = (SECRET, "site_name:", "def create_app", "root:x:0:0")
    leaks, tried = [], 0
    csrf = token(client, "/ban-tin/")
    for value in TRAVERSALS:
        for rule, url in urls_with(client.application, value):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                answer = client.open(url, method=method, base_url=SERVER,
                                     data={"csrf_token": csrf} if method == "POST" else None)
                tried += 1
                texts = [answer.text]
                if answer.status_code in (302, 308):  # werkzeug's `//` → `/`, or a page's own redirect
                    texts.append(client.get(answer.headers["Location"], base_url=SERVER).text)
                if answer.status_code not in (302, 308, 400, 404, 405) or any(s in t for s in secrets_
                                                                              for t in texts):
                    leaks.append(f"{method} {url}: {answer.status_code} {answer.text[:80]!r}")
    assert tried > 5 * len(TRAVERSALS), tried
    assert not leaks, "\n".join(leaks)
    assert status(project) == "?? bi-mat.txt\n"  # and nothing written


@pytest.mark.parametrize("data, name, message", [
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "anh.svg",
     "ảnh SVG không được nhận (có thể chứa mã chạy trên trang); dùng ảnh JPEG, PNG hoặc WebP"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "anh.jpg",
     "tệp không phải ảnh JPEG, PNG hoặc WebP"),
    (b"<!doctype html><html><script>alert(document.cookie)</script></html>", "trang.jpg",
     "tệp không phải ảnh JPEG, PNG hoặc WebP"),
])
def test_an_upload_that_could_run_script_is_refused(client, project, data, name, message):
    sign_in(client, "lan")
    fields = form_of(At(client), f"/ban-tin/{ID}")
    fields["image_file"] = (io.BytesIO(data), name)
    answer = client.post(f"/ban-tin/{ID}", base_url=SERVER, data=fields, content_type="multipart/form-data")
    assert answer.status_code == 422
    assert f'<p class="error" id="error-image">{message}</p>' in answer.text
    assert status(project) == ""


def test_a_script_in_a_title_is_shown_as_text_in_the_admin_list(client, project):
    (project / NEWS / "so-ket.md").write_text(BULLETIN.replace("Hội nghị sơ kết quý I", "<script>alert(1)</script>"),
                                              encoding="utf-8")
    sign_in(client, "lan")
    page = client.get("/ban-tin/", base_url=SERVER).text
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_foreign_host_is_refused(client):
    answer = client.get("/dang-nhap", base_url="http://evil.example")
    assert answer.status_code == 400
    assert "Địa chỉ truy cập không đúng: trang quản trị chỉ mở tại https://quantri.example.vn/." in answer.text
    assert client.get("/dang-nhap", base_url="http://127.0.0.1:8001").status_code == 400  # not nginx's name
    assert client.get("/dang-nhap", base_url=f"http://{HOST.upper()}:8443").status_code == 200


def test_responses_carry_the_security_headers_and_the_cookie_its_flags(client):
    answer = sign_in(client, "lan")
    (cookie,) = answer.headers.getlist("Set-Cookie")
    name, *flags = [part.strip() for part in cookie.split(";")]
    assert name.startswith("__Host-phien=")
    assert sorted(flags) == ["HttpOnly", "Path=/", "SameSite=Strict", "Secure"]
    for response in (answer, client.get("/ban-tin/", base_url=SERVER), client.get("/khong-co", base_url=SERVER),
                     client.get("/", base_url="http://evil.example")):
        assert response.headers["Content-Security-Policy"] == (
            "default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'self'")
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_request_body_is_bounded(client, project):
    answer = client.post("/dang-nhap", base_url=SERVER, data={"x": (io.BytesIO(b"\0" * (MAX_UPLOAD + 1)), "x.bin")},
                         content_type="multipart/form-data")
    assert answer.status_code == 413 and "Tệp tải lên vượt quá 20 MB" in answer.text
    assert not (project / ".bantin-state" / "nhat-ky.log").exists()


def test_a_publish_while_the_scheduled_build_runs_says_so_and_builds_nothing(client, project):
    import fcntl

    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("trang đang đăng")
    sign_in(client, "hung")
    with open(project / site_tasks.PUBLISH_LOCK, "w") as held:  # as deploy/publish.sh's flock holds it
        fcntl.flock(held, fcntl.LOCK_EX)
        answer = client.post("/dang-trang", base_url=SERVER, data={"csrf_token": token(client, "/dang-trang")})
        assert answer.status_code == 303  # to the steps as they go
        assert client.application.extensions["bantin_publisher"].job.wait(600)
    answer = client.get("/dang-trang", base_url=SERVER)
    assert answer.status_code == 422
    assert "Máy chủ đang dựng trang theo lịch (deploy/publish.sh); hãy chờ vài phút rồi bấm Đăng lại." in answer.text
    assert [p.name for p in project.iterdir() if p.name.startswith((".bantin-build", ".bantin-unpublished"))] == []
    assert journal(project)[-1]["event"] == "publish" and journal(project)[-1]["ok"] is False
