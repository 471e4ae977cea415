"""`make edit` through Flask's test client, on a fixture project that is a git repository of its own."""
import base64
import io
import json
import re
import shutil
import subprocess
from html import unescape

import pytest
from PIL import Image

from bantin.edit.app import MAX_UPLOAD, create_app
from bantin.edit.documents import bulletin_files, file_id
from bantin.edit.entity_files import files_of
from bantin.news.bulletins import FIELDS, FRONT_MATTER
from bantin.schema import ENTITIES
from conftest import REPO
from sitebuild import copy_project

PORT = 8001
BASE = f"http://127.0.0.1:{PORT}"
NEWS = "docs/tin-tuc"
BULLETIN = """---
title: Hội nghị sơ kết quý I
date: 2026-03-30 08:30
category: thong-bao
# ghi chú của biên tập viên
tags: [Hội nghị]
---

Nội dung hội nghị.
"""


def git(project, *args):
    return subprocess.run(["git", "-C", str(project), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def project(tmp_path):
    project = copy_project(tmp_path / "p")
    for path in (project / NEWS).glob("*.md"):
        path.unlink()  # the office's own bulletins: only the fixture's
    (project / NEWS / "so-ket.md").write_text(BULLETIN, encoding="utf-8")
    return committed(project)


def committed(project):
    """`project` as an office keeps it: a git repository with one commit, and the editor's name known."""
    shutil.copy2(REPO / ".gitignore", project / ".gitignore")  # .bantin-state/ is not the project's
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    git(project, "-c", "user.name=Khởi tạo", "-c", "user.email=init@example.vn", "commit", "-q", "-m", "Khởi tạo")
    state = project / ".bantin-state"
    state.mkdir()
    (state / "editor.json").write_text(json.dumps({"name": "Nguyễn Thị Lan", "email": "lan@phuong.gov.vn"}))
    return project


@pytest.fixture
def client(project):
    app = create_app(project, PORT)
    return app.test_client()


def token(client, url):
    page = client.get(url, base_url=BASE)
    assert page.status_code == 200, page.text
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def form_of(client, url):
    """The form's fields as the page fills them, for a POST that changes only what a test says."""
    page = client.get(url, base_url=BASE).text
    values = {}
    for name, value in re.findall(r'<input(?! type="checkbox")[^>]* name="([^"]+)" value="([^"]*)"', page):
        values[name] = unescape(value)
    for name, value in re.findall(r'<textarea[^>]* name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        values[name] = unescape(value)
    for name, options in re.findall(r'<select[^>]* name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', options)
        values[name] = unescape(chosen.group(1)) if chosen else ""
    for name in re.findall(r'<input type="checkbox"[^>]* name="([^"]+)" value="true" checked', page):
        values[name] = "true"
    return values


def log(project):
    return git(project, "log", "--format=%H %an <%ae> %s")


def status(project):
    return git(project, "status", "--porcelain", "--untracked-files=all")


ID = file_id(f"{NEWS}/so-ket.md")


# Security

def test_foreign_host_is_refused(client):
    assert client.get("/ban-tin/", base_url="http://evil.example:8001").status_code == 400
    assert client.get("/ban-tin/", base_url="http://127.0.0.1:9999").status_code == 400
    assert client.get("/ban-tin/", base_url=BASE).status_code == 200
    assert client.get("/ban-tin/", base_url=f"http://localhost:{PORT}").status_code == 200


def test_post_without_csrf_token_is_refused(client, project):
    before = log(project)
    answer = client.post(f"/ban-tin/{ID}/xoa", base_url=BASE)
    assert answer.status_code == 400
    assert "Biểu mẫu thiếu mã bảo vệ" in answer.text
    assert (project / NEWS / "so-ket.md").exists()
    assert log(project) == before


@pytest.mark.parametrize("path", ["/ban-tin/..%2F..%2Fmkdocs.yml", "/ban-tin/../../mkdocs.yml",
                                  "/ban-tin/so-ket.md", "/ban-tin/docs%2Ftin-tuc%2Fso-ket.md",
                                  "/xem-truoc/../../mkdocs.yml", "/xem-truoc/%2E%2E/%2E%2E/mkdocs.yml",
                                  "/static/../app.py"])
def test_paths_cannot_escape(client, path):
    answer = client.get(path, base_url=BASE)
    assert answer.status_code in (404, 400)
    assert "site_name" not in answer.text and "create_app" not in answer.text


def test_oversized_upload_is_refused(client, project):
    fields = form_of(client, f"/ban-tin/{ID}")
    fields["image_file"] = (io.BytesIO(b"\xff" * (MAX_UPLOAD + 1)), "lon.jpg")
    before = log(project)
    answer = client.post(f"/ban-tin/{ID}", base_url=BASE, data=fields, content_type="multipart/form-data")
    assert answer.status_code == 413
    assert "Tệp tải lên vượt quá 20 MB" in answer.text
    assert log(project) == before and status(project) == ""


def test_a_title_with_markup_is_shown_escaped(client, project):
    text = BULLETIN.replace("Hội nghị sơ kết quý I", "<script>alert(1)</script> Tin")
    (project / NEWS / "so-ket.md").write_text(text, encoding="utf-8")
    page = client.get("/ban-tin/", base_url=BASE).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Tin" in page


def test_headers_forbid_inline_scripts_and_framing(client):
    answer = client.get("/ban-tin/", base_url=BASE)
    assert answer.headers["Content-Security-Policy"] == (
        "default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'self'")
    assert answer.headers["X-Frame-Options"] == "DENY"


def test_templates_have_no_inline_script_style_or_handler():
    from pathlib import Path

    from bantin.edit import app as module
    folder = Path(module.__file__).parent / "templates"
    for template in folder.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template.name
        assert not re.search(r"\sstyle=|\son[a-z]+=|<style", text), template.name


# The one declaration

def test_reader_and_form_share_one_field_list():
    assert tuple(FRONT_MATTER) == tuple(f.key for f in FIELDS)
    labels = {f.key: f.label for f in FIELDS if f.label}
    assert [labels[k] for k in ("title", "date", "category", "tags", "summary", "image", "image_caption",
                                "image_credit")] == ["Tiêu đề", "Ngày đăng", "Chuyên mục", "Từ khóa", "Tóm tắt",
                                                     "Ảnh", "Chú thích ảnh", "Nguồn ảnh"]


def test_bulletins_and_data_files_are_listed_as_the_build_reads_them(tmp_path):
    """One listing (documents.listed_files) for both: no dot files or folders, no links, no folder named *.md."""
    for path in ("docs/tin-tuc/a.md", "docs/tin-tuc/2026/b.md", "docs/tin-tuc/.nhap.md", "docs/tin-tuc/.cu/c.md",
                 "docs/tin-tuc/thu-muc.md/d.txt", "data/programmes/x.yml", "data/programmes/.y.yml"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("x", encoding="utf-8")
    (tmp_path / "docs/tin-tuc/lien-ket.md").symlink_to(tmp_path / "docs/tin-tuc/a.md")
    (tmp_path / "data/programmes/lien-ket.yml").symlink_to(tmp_path / "data/programmes/x.yml")
    assert bulletin_files(tmp_path) == {file_id(p): p for p in ("docs/tin-tuc/2026/b.md", "docs/tin-tuc/a.md")}
    assert files_of(tmp_path, ENTITIES["programme"]) == {file_id("data/programmes/x.yml"): "data/programmes/x.yml"}
    assert files_of(tmp_path, ENTITIES["site"]) == {}


def test_the_form_offers_the_site_categories(client):
    page = client.get(f"/ban-tin/{ID}", base_url=BASE).text
    assert '<option value="thong-bao" selected>Thông báo</option>' in page
    assert '<option value="chuyen-doi-so">Chuyển đổi số</option>' in page
    for label in ("Tiêu đề", "Ngày đăng", "Chuyên mục", "Từ khóa", "Tóm tắt", "Ảnh", "Chú thích ảnh", "Nguồn ảnh",
                  "Nội dung"):
        assert re.search(rf'<label for="f-[a-z_]+">{label}( <span class="required">\(bắt buộc\)</span>)?</label>',
                         page), label
    assert ">Lưu</button>" in page and ">Xem trước</button>" in page and ">Đăng lên trang</button>" in page


# List

def test_list_filters_by_state_category_and_title(client, project):
    future = BULLETIN.replace("Hội nghị sơ kết quý I", "Lịch tiếp dân tháng 12").replace("2026-03-30", "2099-01-01") \
        .replace("thong-bao", "tin-tuc-su-kien")
    draft = BULLETIN.replace("Hội nghị sơ kết quý I", "Bản nháp chuyển đổi số").replace("tags:", "draft: true\ntags:")
    (project / NEWS / "tiep-dan.md").write_text(future, encoding="utf-8")
    (project / NEWS / "nhap.md").write_text(draft, encoding="utf-8")

    def titles(query):
        page = client.get("/ban-tin/?" + query, base_url=BASE).text
        return re.findall(r'<td><a href="/ban-tin/[0-9a-f]{12}">([^<]+)</a>', page)

    assert titles("trang_thai=hen-gio") == ["Lịch tiếp dân tháng 12"]
    assert titles("trang_thai=nhap") == ["Bản nháp chuyển đổi số"]
    assert titles("trang_thai=da-dang") == ["Hội nghị sơ kết quý I"]
    assert titles("chuyen_muc=tin-tuc-su-kien") == ["Lịch tiếp dân tháng 12"]
    assert titles("q=chuyen+doi+so") == ["Bản nháp chuyển đổi số"]
    assert titles("q=Hội+nghị") == ["Hội nghị sơ kết quý I"]


# Validation

def test_a_wrong_date_is_shown_beside_the_field_and_nothing_is_written(client, project):
    fields = form_of(client, f"/ban-tin/{ID}")
    fields.update(date="2026-02-30 08:30", category="thong-bao-moi")
    before_log, before_text = log(project), (project / NEWS / "so-ket.md").read_bytes()
    answer = client.post(f"/ban-tin/{ID}", base_url=BASE, data=fields)
    assert answer.status_code == 422
    assert '<p class="error" id="error-date">ngày đăng &#39;2026-02-30 08:30&#39; không tồn tại</p>' in answer.text
    assert ('<p class="error" id="error-category">chuyên mục &#39;thong-bao-moi&#39; không có trong data/site.yml '
            "(ý bạn là &#39;thong-bao&#39;?); có: tin-tuc-su-kien, chuyen-doi-so, thong-bao, "
            "cai-cach-hanh-chinh</p>") in answer.text
    assert "Bản tin chưa được lưu vì có 2 lỗi" in answer.text
    assert 'value="2026-02-30 08:30"' in answer.text  # what the clerk typed stays in the form
    assert log(project) == before_log and status(project) == ""
    assert (project / NEWS / "so-ket.md").read_bytes() == before_text


def test_a_wrong_expression_in_the_body_is_shown_beside_the_body(client, project):
    fields = form_of(client, f"/ban-tin/{ID}")
    fields["body"] = "Kết quả: {{ khong_co }}."
    answer = client.post(f"/ban-tin/{ID}", base_url=BASE, data=fields)
    assert answer.status_code == 422
    assert re.search(r'<p class="error" id="error-body">[^<]*khong_co', answer.text)
    assert status(project) == ""


# Saving

def test_new_bulletin_is_one_commit_by_the_editor(client, project):
    (project / "khac.txt").write_text("không liên quan")  # another change in the working copy stays out
    fields = form_of(client, "/ban-tin/moi")
    fields.update(title="Tiếp nhận hồ sơ trực tuyến", date="2026-04-02 09:00", category="cai-cach-hanh-chinh",
                  tags="Dịch vụ công, Một cửa", summary="Phường tiếp nhận hồ sơ trực tuyến.",
                  body="Từ ngày 02/4, **phường** tiếp nhận hồ sơ trực tuyến.\r\n")
    answer = client.post("/ban-tin/moi", base_url=BASE, data=fields)
    path = f"{NEWS}/tiep-nhan-ho-so-truc-tuyen.md"
    assert answer.status_code == 302 and answer.headers["Location"] == f"/ban-tin/{file_id(path)}"
    assert (project / path).read_bytes() == (
        "---\ntitle: Tiếp nhận hồ sơ trực tuyến\ndate: 2026-04-02 09:00\ncategory: cai-cach-hanh-chinh\n"
        "tags: [Dịch vụ công, Một cửa]\nsummary: Phường tiếp nhận hồ sơ trực tuyến.\n---\n\n"
        "Từ ngày 02/4, **phường** tiếp nhận hồ sơ trực tuyến.\n").encode()
    last = git(project, "log", "-1", "--format=%an <%ae>|%cn|%s", "--name-status")
    assert last.strip() == ("Nguyễn Thị Lan <lan@phuong.gov.vn>|Nguyễn Thị Lan|Thêm bản tin: Tiếp nhận hồ sơ trực tuyến"
                            f"\n\nA\t{path}")
    assert status(project) == "?? khac.txt\n"


def test_editing_changes_only_the_edited_line_and_keeps_crlf(client, project):
    crlf = BULLETIN.replace("\n", "\r\n")
    (project / NEWS / "so-ket.md").write_bytes(crlf.encode())
    git(project, "commit", "-q", "-am", "CRLF")
    fields = form_of(client, f"/ban-tin/{ID}")
    fields["title"] = "Hội nghị sơ kết quý I năm 2026"
    answer = client.post(f"/ban-tin/{ID}", base_url=BASE, data=fields)
    assert answer.status_code == 302
    assert (project / NEWS / "so-ket.md").read_bytes() == crlf.replace(
        "Hội nghị sơ kết quý I", "Hội nghị sơ kết quý I năm 2026").encode()
    assert git(project, "log", "-1", "--format=%an|%s").strip() == \
        "Nguyễn Thị Lan|Sửa bản tin: Hội nghị sơ kết quý I năm 2026"
    assert git(project, "show", "--format=", "--name-only", "HEAD").split() == [f"{NEWS}/so-ket.md"]


def test_a_file_changed_since_the_form_was_opened_is_a_conflict(client, project):
    fields = form_of(client, f"/ban-tin/{ID}")
    (project / NEWS / "so-ket.md").write_text(BULLETIN.replace("Nội dung hội nghị.", "Sửa ở nơi khác."),
                                              encoding="utf-8")
    fields["title"] = "Tiêu đề của tôi"
    before = log(project)
    answer = client.post(f"/ban-tin/{ID}", base_url=BASE, data=fields)
    assert answer.status_code == 409
    assert "Tệp đã được sửa ở nơi khác từ lúc quý vị mở bản tin này" in answer.text
    assert "Sửa ở nơi khác." in answer.text and 'value="Tiêu đề của tôi"' in answer.text
    assert "Sửa ở nơi khác." in (project / NEWS / "so-ket.md").read_text(encoding="utf-8")
    assert log(project) == before


def test_delete_asks_first_then_commits_the_removal(client, project):
    page = client.get(f"/ban-tin/{ID}/xoa", base_url=BASE)
    assert "Xóa bản tin?" in page.text and (project / NEWS / "so-ket.md").exists()
    answer = client.post(f"/ban-tin/{ID}/xoa", base_url=BASE, data={"csrf_token": token(client, f"/ban-tin/{ID}/xoa")})
    assert answer.status_code == 302
    assert not (project / NEWS / "so-ket.md").exists()
    assert git(project, "log", "-1", "--format=%an|%s", "--name-status").strip() == \
        f"Nguyễn Thị Lan|Xóa bản tin: Hội nghị sơ kết quý I\n\nD\t{NEWS}/so-ket.md"


# History

def test_history_and_undo(client, project):
    fields = form_of(client, f"/ban-tin/{ID}")
    fields["summary"] = "Tóm tắt mới."
    client.post(f"/ban-tin/{ID}", base_url=BASE, data=fields)
    page = client.get(f"/ban-tin/{ID}/lich-su", base_url=BASE).text
    assert "Sửa bản tin: Hội nghị sơ kết quý I" in page and "Khởi tạo" in page
    sha = git(project, "log", "-1", "--format=%H").strip()
    answer = client.post(f"/ban-tin/{ID}/hoan-tac", base_url=BASE,
                         data={"csrf_token": token(client, f"/ban-tin/{ID}/lich-su"), "commit": sha})
    assert answer.status_code == 302
    assert (project / NEWS / "so-ket.md").read_text(encoding="utf-8") == BULLETIN
    assert git(project, "log", "-1", "--format=%an|%s").strip() == \
        "Nguyễn Thị Lan|Hoàn tác: Sửa bản tin: Hội nghị sơ kết quý I"


def test_undo_that_does_not_apply_changes_nothing(client, project):
    fields = form_of(client, f"/ban-tin/{ID}")
    fields["title"] = "Lần một"
    client.post(f"/ban-tin/{ID}", base_url=BASE, data=fields)
    first = git(project, "log", "-1", "--format=%H").strip()
    fields = form_of(client, f"/ban-tin/{ID}")
    fields["title"] = "Lần hai"
    client.post(f"/ban-tin/{ID}", base_url=BASE, data=fields)
    before = log(project)
    answer = client.post(f"/ban-tin/{ID}/hoan-tac", base_url=BASE, follow_redirects=True,
                         data={"csrf_token": token(client, f"/ban-tin/{ID}/lich-su"), "commit": first})
    assert "Không hoàn tác được “Sửa bản tin: Lần một”: các lần sửa sau đã thay đổi cùng những dòng đó." in answer.text
    assert log(project) == before and status(project) == ""


def test_undo_only_takes_commits_of_that_bulletin(client, project):
    (project / "data" / "ghi-chu.txt").write_text("khác")
    git(project, "add", "data/ghi-chu.txt")
    git(project, "-c", "user.name=A", "-c", "user.email=a@b.vn", "commit", "-q", "-m", "khác")
    other = git(project, "log", "-1", "--format=%H")
    answer = client.post(f"/ban-tin/{ID}/hoan-tac", base_url=BASE,
                         data={"csrf_token": token(client, f"/ban-tin/{ID}/lich-su"), "commit": other.strip()})
    assert answer.status_code == 404


# Images

def photo(size=(3000, 2000), exif=True, kind="JPEG"):
    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    options = {}
    if exif:
        data = Image.Exif()
        data[0x0112] = 6  # rotated: shown turned a quarter
        data[0x8825] = {2: (10.0, 57.0, 0.0)}  # GPS
        options["exif"] = data
    image.save(out, kind, **options)
    return out.getvalue()


def test_an_uploaded_photo_is_reduced_turned_stripped_and_committed_with_the_bulletin(client, project):
    fields = form_of(client, f"/ban-tin/{ID}")
    fields.update(image_caption="Toàn cảnh hội nghị", image_file=(io.BytesIO(photo()), "Ảnh Hội nghị.JPG"))
    answer = client.post(f"/ban-tin/{ID}", base_url=BASE, data=fields, content_type="multipart/form-data")
    assert answer.status_code == 302, answer.text
    text = (project / NEWS / "so-ket.md").read_text(encoding="utf-8")
    image = re.search(r"^image: (assets/anh/2026/anh-hoi-nghi-[0-9a-f]{6}\.jpg)$", text, re.M).group(1)
    with Image.open(project / "docs" / image) as stored:
        assert stored.size == (1067, 1600)  # turned upright, longest side 1600
        assert dict(stored.getexif()) == {}
    assert sorted(git(project, "show", "--format=", "--name-only", "HEAD").split()) == \
        sorted([f"docs/{image}", f"{NEWS}/so-ket.md"])


@pytest.mark.parametrize("data, name, message", [
    (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "logo.svg", "ảnh SVG không được nhận"),
    (b"GIF89a" + b"\0" * 20, "anh.jpg", "tệp không phải ảnh JPEG, PNG hoặc WebP"),
    (b"%PDF-1.4 not an image", "anh.png", "tệp không phải ảnh JPEG, PNG hoặc WebP"),
])
def test_a_file_that_is_not_a_photo_is_refused(client, project, data, name, message):
    fields = form_of(client, f"/ban-tin/{ID}")
    fields.update(image_caption="Chú thích", image_file=(io.BytesIO(data), name))
    answer = client.post(f"/ban-tin/{ID}", base_url=BASE, data=fields, content_type="multipart/form-data")
    assert answer.status_code == 422
    assert re.search(rf'<p class="error" id="error-image">{message}', answer.text)
    assert status(project) == ""


# Publishing

def test_a_failed_publish_shows_the_messages_and_keeps_the_live_site(client, project):
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("trang đang đăng")
    (project / NEWS / "so-ket.md").write_text(BULLETIN.replace("thong-bao", "thong-bao-cu"), encoding="utf-8")
    answer = published(client)
    assert answer.status_code == 422
    assert "Dựng trang không thành công; trang đang đăng vẫn giữ nguyên." in answer.text
    assert "docs/tin-tuc/so-ket.md:4: category: chuyên mục &#39;thong-bao-cu&#39; không có trong data/site.yml" \
        in answer.text
    assert (project / "site" / "index.html").read_text() == "trang đang đăng"
    assert sorted(p.name for p in (project / "site").iterdir()) == ["index.html"]


def published(client):
    """"Đăng lên trang" pressed, and its page once the steps are done (bantin.edit.publishing)."""
    started = client.post("/dang-trang", base_url=BASE, data={"csrf_token": token(client, "/dang-trang")})
    assert started.status_code == 303 and started.headers["Location"] == "/dang-trang"
    assert client.application.extensions["bantin_publisher"].job.wait(1800)
    return client.get("/dang-trang", base_url=BASE)


def test_one_build_at_a_time_the_others_queued(project, monkeypatch):
    """Two people press "Đăng lên trang" while a build runs: never two builds at once; their files are
    published by one more build once it ends."""
    import threading

    from bantin.edit import site_tasks

    started, release, running, most = threading.Event(), threading.Event(), [], []

    def slow(root):
        running.append(1)
        most.append(len(running))
        started.set()
        release.wait(30)
        running.pop()
        return site_tasks.Outcome(True, "Đã dựng xong trang.")

    monkeypatch.setattr(site_tasks, "publish", slow)
    app = create_app(project, PORT)
    first, second, third = app.test_client(), app.test_client(), app.test_client()
    assert first.post("/dang-trang", base_url=BASE, data={"csrf_token": token(first, "/dang-trang")}).status_code == 303
    try:
        assert started.wait(300)
        queued = [client.post("/dang-trang", base_url=BASE, data={"csrf_token": token(client, "/nguoi-sua")})
                  for client in (second, third)]
    finally:
        release.set()
    assert [answer.status_code for answer in queued] == [303, 303]
    assert ("Đang dựng trang cho một lần đăng khác: lần đăng này đã được xếp hàng và sẽ chạy ngay khi lần kia xong."
            in second.get("/dang-trang", base_url=BASE).text)
    assert app.extensions["bantin_publisher"].idle(300)
    assert most == [1, 1], "two builds, one after the other: the queued requests are one build"
    assert "Đã dựng và đăng trang mới." in first.get("/dang-trang", base_url=BASE).text


# Nhập từ Word

def test_a_word_document_becomes_a_new_bulletin_with_its_photo(client, project):
    from docx_fixture import docx

    fields = {"csrf_token": token(client, "/ban-tin/moi"), "docx": (io.BytesIO(docx(photo(exif=False,
                                                                                         kind="PNG"))), "tin.docx")}
    page = client.post("/ban-tin/moi/word", base_url=BASE, data=fields, content_type="multipart/form-data")
    assert page.status_code == 200
    assert 'value="Phường ra quân làm sạch kênh"' in page.text
    body = unescape(re.search(r'<textarea id="f-body"[^>]*>(.*?)</textarea>', page.text, re.S).group(1))
    name = re.search(r"\.\./assets/anh/(\d{4}/anh-[0-9a-f]{16}\.png)", body).group(1)
    assert body == ("## Kết quả\n\nHơn 300 người **tham gia**\n\n- Thu gom 5 tấn rác\n- Nạo vét 2 km kênh\n\n"
                    "| Khu phố | Số người |\n| --- | --- |\n| Khu phố 1 | 120 |\n\n"
                    f"![Đoàn viên ra quân](../assets/anh/{name})")
    assert status(project) == ""  # nothing written before Lưu
    fields = form_of(client, "/ban-tin/moi")
    fields.update(title="Phường ra quân làm sạch kênh", category="tin-tuc-su-kien", body=body,
                  anh_word=re.search(r'name="anh_word" value="([^"]+)"', page.text).group(1))
    answer = client.post("/ban-tin/moi", base_url=BASE, data=fields)
    assert answer.status_code == 302, answer.text
    with Image.open(project / "docs/assets/anh" / name) as stored:
        assert stored.size == (1600, 1067)
    assert sorted(git(project, "show", "--format=", "--name-only", "HEAD").split()) == \
        [f"docs/assets/anh/{name}", f"{NEWS}/phuong-ra-quan-lam-sach-kenh.md"]


def test_a_file_that_is_not_word_is_refused(client, project):
    fields = {"csrf_token": token(client, "/ban-tin/moi"), "docx": (io.BytesIO(b"not a zip"), "tin.doc")}
    page = client.post("/ban-tin/moi/word", base_url=BASE, data=fields, content_type="multipart/form-data")
    assert page.status_code == 422
    assert ('<p class="error" id="error-docx">tệp không phải tài liệu Word .docx (tệp .doc cũ: mở bằng Word rồi lưu '
            "lại dạng .docx)</p>") in page.text
    assert status(project) == ""


def test_photos_sent_back_are_kept_only_under_their_content_name(client, project):
    """A form cannot name a file: a photo it sends back is stored only where the body shows it by the name its
    content gives, and a path in the body that does not match is not written."""
    data = base64.b64encode(photo(size=(40, 30), exif=False, kind="PNG")).decode()
    fields = form_of(client, f"/ban-tin/{ID}")
    fields.update(anh_word=data, body="![x](../assets/anh/2026/khac.png)\n\n![y](../../../../etc/anh.png)")
    answer = client.post(f"/ban-tin/{ID}", base_url=BASE, data=fields)
    assert answer.status_code in (302, 422)
    assert not list((project / "docs/assets/anh").glob("2026/*"))
    assert "khac.png" not in git(project, "log", "--name-only", "--format=")


# Valid HTML

def test_the_editor_pages_are_valid_html(client, project, tmp_path):
    fields = form_of(client, f"/ban-tin/{ID}")
    fields["date"] = "2026-02-30"
    pages = {"list": client.get("/ban-tin/", base_url=BASE).text,
             "new": client.get("/ban-tin/moi", base_url=BASE).text,
             "edit": client.get(f"/ban-tin/{ID}", base_url=BASE).text,
             "errors": client.post(f"/ban-tin/{ID}", base_url=BASE, data=fields).text,
             "delete": client.get(f"/ban-tin/{ID}/xoa", base_url=BASE).text,
             "history": client.get(f"/ban-tin/{ID}/lich-su", base_url=BASE).text,
             "publish": client.get("/dang-trang", base_url=BASE).text,
             "who": client.get("/nguoi-sua", base_url=BASE).text,
             "missing": client.get("/ban-tin/000000000000", base_url=BASE).text}
    assert_valid_html(pages, "who", tmp_path / "pages")


def assert_valid_html(pages: dict[str, str], canary_of: str, folder):
    """The Nu checker finds nothing in `pages`, and finds the one mistake put in a copy of `pages[canary_of]`
    (so an empty report means something)."""
    from test_html_valid import vnu_command

    folder.mkdir()
    for name, html in pages.items():
        (folder / f"{name}.html").write_text(html, encoding="utf-8")
    (folder / "canary.html").write_text(pages[canary_of].replace("</main>", "</span></main>"), encoding="utf-8")
    run = subprocess.run(vnu_command() + ["--errors-only", "--format", "json", "--stdout", str(folder)],
                         capture_output=True, text=True, timeout=300)
    messages = [(m["url"].rsplit("/", 1)[-1], m.get("lastLine"), m["message"])
                for m in json.loads(run.stdout)["messages"]]
    assert [m for m in messages if m[0] != "canary.html"] == []
    assert [m[2] for m in messages if m[0] == "canary.html"] == ["Stray end tag “span”."]


def test_required_fields_are_the_ones_the_reader_requires():
    """The form's "(bắt buộc)" comes from the same declaration the build reads with."""
    from bantin.news.bulletins import read_bulletin
    from bantin.portal.settings import Agency, Category, Portal
    from bantin.schema.fields import Errors

    portal = Portal(Agency("UBND"), (Category("thong-bao", "Thông báo"),))
    lines = {"title": "title: Tin", "date": "date: 2026-01-02", "category": "category: thong-bao"}

    def missing(keys):
        errors = Errors("tin.md", [])
        text = "---\n" + "\n".join(lines[k] for k in keys) + "\n---\n\nNội dung.\n"
        read_bulletin(text, "tin-tuc/tin.md", "tin.md", portal, {}, errors)
        return {e.field for e in errors.items}

    required = [f.key for f in FIELDS if f.required]
    assert required == ["title", "date", "category"]
    assert missing(required) == set()
    for key in required:
        assert missing([k for k in required if k != key]) == {key}


def test_text_typed_in_decomposed_unicode_is_saved_composed(client, project):
    import unicodedata

    fields = form_of(client, f"/ban-tin/{ID}")
    fields["title"] = unicodedata.normalize("NFD", "Hội nghị tổng kết")
    assert client.post(f"/ban-tin/{ID}", base_url=BASE, data=fields).status_code == 302
    assert "title: Hội nghị tổng kết\n" in (project / NEWS / "so-ket.md").read_text(encoding="utf-8")


def test_publishing_pushes_to_the_remote(client, project, tmp_path):
    remote = tmp_path / "chung.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    git(project, "remote", "add", "origin", str(remote))
    fields = form_of(client, f"/ban-tin/{ID}")
    fields["summary"] = "Tóm tắt để đăng."
    assert client.post(f"/ban-tin/{ID}", base_url=BASE, data=fields).status_code == 302
    answer = published(client)
    assert answer.status_code == 200
    assert "Đã dựng và đăng trang mới." in answer.text
    assert "Đã gửi các thay đổi lên kho chung (git push)." in answer.text
    assert (project / "site" / "tin-tuc" / "so-ket" / "index.html").exists()
    assert subprocess.run(["git", "-C", str(remote), "log", "-1", "--format=%an|%s", "main"], capture_output=True,
                          text=True).stdout == "Nguyễn Thị Lan|Sửa bản tin: Hội nghị sơ kết quý I\n"


def test_figures_to_insert_are_listed_for_each_programme(client, project):
    from bantin.build.state import SiteData

    site = SiteData.load(project / "data", project)
    page = unescape(client.get("/ban-tin/moi", base_url=BASE).text)
    for programme in site.programmes.values():
        latest = programme.latest
        assert f"<h2>{programme.title}</h2>" in page
        for item in latest.indicators.values():
            assert f"<code>{{{{ indicators['{item.id}'].actual }}}}</code>" in page
        if latest.tasks is not None:
            assert ('<button type="button" class="insert secondary" hidden '
                    f'data-expression="{{{{ tasks.completed }}}}" '
                    f'data-programme="{programme.id}">') in page  # shown by editor.js: without it, the code is copied


def test_the_form_shows_the_address_read_only(client, project):
    assert "Địa chỉ trang (không đổi khi sửa tiêu đề): <code>/tin-tuc/so-ket/</code>" in \
        client.get(f"/ban-tin/{ID}", base_url=BASE).text
    (project / NEWS / "so-ket.md").write_text(BULLETIN.replace("tags:", "slug: hoi-nghi-quy-1\ntags:"),
                                              encoding="utf-8")
    assert "<code>/tin-tuc/hoi-nghi-quy-1/</code>" in client.get(f"/ban-tin/{ID}", base_url=BASE).text


# Preview

def test_preview_of_an_unsaved_draft_writes_nothing(client, project):
    fields = form_of(client, "/ban-tin/moi")
    fields.update(title="Lịch tiếp công dân tháng 7", date="2026-07-01 07:00", category="thong-bao", draft="true",
                  body="Chủ tịch UBND phường **tiếp công dân** vào thứ Năm.", action="xem-truoc")
    before = log(project)
    answer = client.post("/ban-tin/moi", base_url=BASE, data=fields)
    assert answer.status_code == 302 and answer.headers["Location"] == "/xem-truoc/tin-tuc/lich-tiep-cong-dan-thang-7/"
    page = client.get(answer.headers["Location"], base_url=BASE)
    assert page.status_code == 200
    assert "<strong>tiếp công dân</strong>" in page.text and "Lịch tiếp công dân tháng 7" in page.text
    assert log(project) == before and status(project) == ""
    assert not (project / "site").exists()


def test_preview_of_an_unsaved_change_is_its_page_made_in_the_editor_with_the_sites_files(client, project):
    fields = form_of(client, f"/ban-tin/{ID}")
    fields.update(body="Phường đã giải quyết **135 hồ sơ** đúng hạn.", action="xem-truoc")
    before = (project / NEWS / "so-ket.md").read_bytes()
    answer = client.post(f"/ban-tin/{ID}", base_url=BASE, data=fields)
    assert answer.status_code == 302 and answer.headers["Location"] == "/xem-truoc/tin-tuc/so-ket/"
    page = client.get("/xem-truoc/tin-tuc/so-ket/", base_url=BASE)
    assert page.status_code == 200 and page.content_type == "text/html; charset=utf-8"
    assert "<strong>135 hồ sơ</strong>" in page.text and "Nội dung hội nghị." not in page.text
    css = re.search(r'href="\.\./\.\./(assets/bantin\.[0-9a-f]+\.css)"', page.text).group(1)
    style = client.get(f"/xem-truoc/{css}", base_url=BASE)
    assert style.content_type == "text/css" and style.data == (project / "docs/assets/bantin.css").read_bytes()
    assert client.get("/xem-truoc/mkdocs.yml", base_url=BASE).status_code == 404
    assert (project / NEWS / "so-ket.md").read_bytes() == before and status(project) == ""


def test_nothing_is_saved_while_the_site_settings_cannot_check_it(client, project):
    site = project / "data" / "site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("categories:", "categories: [", 1), encoding="utf-8")
    fields = form_of(client, f"/ban-tin/{ID}")
    fields["title"] = "Tiêu đề mới"
    before = log(project)
    answer = client.post(f"/ban-tin/{ID}", base_url=BASE, data=fields)
    assert answer.status_code == 422
    assert re.search(r"<li>data/site.yml:\d+: ", answer.text)
    assert log(project) == before and "Hội nghị sơ kết quý I" in (project / NEWS / "so-ket.md").read_text()
