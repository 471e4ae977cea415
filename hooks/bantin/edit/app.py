"""The editor's web pages (Flask): bulletins listed, written, previewed, deleted, undone, and the site published.

Safe on a shared office PC: it answers only to its own address (a page elsewhere cannot reach it through
DNS rebinding), every form carries a CSRF token (Flask-WTF), uploads are size-limited, and no file name or
path is ever taken from a request (bulletins are addressed by an id of ours, bantin.edit.documents.file_id).
"""
from __future__ import annotations

import atexit
import datetime as dt
import json
import re
import secrets
import shutil
import threading
from pathlib import Path

from flask import Flask, Response, abort, flash, redirect, render_template, request, send_from_directory, url_for
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from .. import preview as page_preview
from .. import urls, vi
from ..datetimes import now
from ..news.bulletins import slug_of_file
from ..site import SiteData
from . import documents, figure_pages, gitrepo, images, site_tasks, word
from .documents import BODY, DOCS, FORM_FIELDS, STATES, Document

MAX_UPLOAD = 20 * 1024 * 1024  # a phone photo is 5-11 MB; the editor reduces it before it is stored
EDITOR_FILE = Path(".bantin-state") / "editor.json"  # git-ignored: who is editing on this PC
CSP = ("default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'self'")
_ID = re.compile(r"[0-9a-f]{12}")


def create_app(root: Path, port: int) -> Flask:
    root = root.resolve()
    app = Flask(__name__)
    app.config.update(SECRET_KEY=secrets.token_bytes(32), MAX_CONTENT_LENGTH=MAX_UPLOAD,
                      WTF_CSRF_TIME_LIMIT=None,  # a bulletin may take longer than an hour to write
                      SESSION_COOKIE_SAMESITE="Strict", SESSION_COOKIE_HTTPONLY=True)
    CSRFProtect(app)
    hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
    building = threading.Lock()  # one build (publish) at a time
    writing = threading.Lock()   # one save at a time: the conflict check, the write and the commit go together
    # "current" → the last preview: the bulletin's text (its page made in this process, `pages`), or the
    # folder of a whole site built with the files it adds (a photo)
    previews: dict[str, Path | dict[str, str]] = {}
    pages = page_preview.Pages(root)
    atexit.register(lambda: [shutil.rmtree(folder, ignore_errors=True) for folder in previews.values()
                             if isinstance(folder, Path)])

    @app.before_request
    def check_host():
        if request.host not in hosts:
            abort(400, "Địa chỉ truy cập không đúng: trang quản trị chỉ mở tại "
                       f"http://127.0.0.1:{port}/ trên chính máy này.")
        if _editor(root) is None and request.endpoint not in ("who", "static"):
            return redirect(url_for("who"))
        return None

    @app.after_request
    def headers(response):
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        return render_template("message.html", title="Biểu mẫu không hợp lệ",
                               text="Biểu mẫu thiếu mã bảo vệ hoặc mã đã hết hạn (trang quản trị vừa khởi động "
                                    "lại?). Hãy tải lại trang rồi gửi lại."), 400

    @app.errorhandler(413)
    def too_large(error):
        return render_template("message.html", title="Tệp quá lớn",
                               text=f"Tệp tải lên vượt quá {MAX_UPLOAD // (1024 * 1024)} MB; "
                                    "hãy chọn ảnh nhỏ hơn."), 413

    @app.errorhandler(HTTPException)
    def http_error(error):
        texts = {400: error.description if "Địa chỉ" in str(error.description) else "Yêu cầu không hợp lệ.",
                 404: "Không có trang hoặc bản tin này.", 405: "Trang này không nhận cách gửi đó."}
        return render_template("message.html", title=f"Lỗi {error.code}",
                               text=texts.get(error.code, "Không thực hiện được yêu cầu.")), error.code

    @app.context_processor
    def common():
        return {"editor": _editor(root), "states": STATES}

    @app.route("/")
    def home():
        return redirect(url_for("bulletins"))

    @app.route("/nguoi-sua", methods=["GET", "POST"])
    def who():
        errors = {}
        name, email = (request.form.get("name", "").strip(), request.form.get("email", "").strip())
        if request.method == "POST":
            if not name:
                errors["name"] = "hãy ghi họ và tên"
            if not re.fullmatch(r"[^@\s<>]+@[^@\s<>]+", email):
                errors["email"] = "thư điện tử cần dạng ten@coquan.gov.vn"
            if not errors:
                path = root / EDITOR_FILE
                path.parent.mkdir(exist_ok=True)
                path.write_text(json.dumps({"name": name, "email": email}, ensure_ascii=False), encoding="utf-8")
                flash("Đã lưu người sửa: các lần lưu sau ghi tên này vào lịch sử.")
                return redirect(url_for("bulletins"))
        elif _editor(root):
            name, email = _editor(root).name, _editor(root).email
        return render_template("who.html", name=name, email=email, errors=errors), 422 if errors else 200

    @app.route("/ban-tin/")
    def bulletins():
        site = _site(root)
        query, category, state = (request.args.get(k, "") for k in ("q", "chuyen_muc", "trang_thai"))
        rows = [e for e in documents.entries(root, site) if documents.matches(e, query)
                and (not category or e.category == category) and (not state or e.state == state)]
        return render_template("list.html", rows=rows, query=query, category=category, state=state,
                               categories={c.id: c.name for c in site.portal.categories})

    @app.route("/ban-tin/moi", methods=["GET", "POST"])
    def new():
        if request.method == "GET":
            blank = {f.key: "" for f in FORM_FIELDS}
            blank["date"] = now().strftime("%Y-%m-%d %H:%M")
            return _form(root, Document(None, blank, ""), None)
        with writing:
            return _submit(root, None, None, previews)

    @app.route("/ban-tin/moi/word", methods=["POST"])
    def from_word():
        blank = {f.key: "" for f in FORM_FIELDS}
        blank["date"] = now().strftime("%Y-%m-%d %H:%M")
        upload = request.files.get("docx")
        if upload is None or not upload.filename:
            return _form(root, Document(None, blank, ""), None, word_error="hãy chọn tệp Word (.docx)", status=422)
        try:
            title, body, photos = word.to_markdown(upload.read(), blank["date"][:4])
        except word.NotWord as error:
            return _form(root, Document(None, blank, ""), None, word_error=str(error), status=422)
        blank["title"] = title
        flash(f"Đã nhập nội dung từ {upload.filename}: hãy xem lại, điền các ô còn trống rồi bấm Lưu.")
        return _form(root, Document(None, blank, body), None, imports=word.carried(photos))

    @app.route("/ban-tin/<key>", methods=["GET", "POST"])
    def edit(key):
        path = _path(root, key)
        if request.method == "GET":
            return _form(root, documents.read_document(root, path), key)
        with writing:
            return _submit(root, key, path, previews)

    @app.route("/ban-tin/<key>/xoa", methods=["GET", "POST"])
    def delete(key):
        path = _path(root, key)
        document = documents.read_document(root, path)
        title = document.values["title"] or path
        if request.method == "GET":
            return render_template("delete.html", key=key, title=title, path=path)
        with writing:
            (root / path).unlink(missing_ok=True)
            gitrepo.commit(root, [path], f"Xóa bản tin: {title}", _editor(root))
        flash(f"Đã xóa bản tin “{title}”. Muốn lấy lại: mở Lịch sử sửa đổi của dự án (git) hoặc hỏi người quản trị.")
        return redirect(url_for("bulletins"))

    @app.route("/ban-tin/<key>/lich-su")
    def history(key):
        path = _path(root, key)
        document = documents.read_document(root, path)
        return render_template("history.html", key=key, title=document.values["title"] or path, path=path,
                               changes=gitrepo.history(root, path))

    @app.route("/ban-tin/<key>/hoan-tac", methods=["POST"])
    def undo(key):
        path = _path(root, key)
        changes = {c.sha: c for c in gitrepo.history(root, path)}
        change = changes.get(request.form.get("commit", ""))
        if change is None:
            abort(404)
        with writing:
            done = _undo(root, key, path, change)
        if done is not None:
            return done
        return redirect(url_for("edit", key=key) if (root / path).exists() else url_for("bulletins"))

    figure_pages.register(app, root, writing, lambda: _editor(root))

    @app.route("/dang-trang", methods=["GET", "POST"])
    def publish():
        if request.method == "GET":
            return render_template("publish.html", outcome=None)
        if not building.acquire(blocking=False):
            return render_template("publish.html", outcome=None, busy=True), 409
        try:
            outcome = site_tasks.publish(root)
            pushed, push_error = None, None
            if outcome.ok:
                try:
                    pushed = gitrepo.push_if_remote(root)
                except gitrepo.GitError as error:
                    push_error = str(error)
        finally:
            building.release()
        return render_template("publish.html", outcome=outcome, pushed=pushed, push_error=push_error), \
            200 if outcome.ok else 422

    @app.route("/xem-truoc/", defaults={"path": ""})
    @app.route("/xem-truoc/<path:path>")
    def preview(path):
        folder = previews.get("current")
        if isinstance(folder, dict):
            made = pages.output(path, folder)
            if made is None:
                abort(404)
            return Response(made.body, content_type=made.media_type)
        if folder is None:
            abort(404)
        if path == "" or path.endswith("/"):
            path += "index.html"
        return send_from_directory(folder / "site", path)

    return app


def _editor(root: Path) -> gitrepo.Editor | None:
    try:
        data = json.loads((root / EDITOR_FILE).read_text(encoding="utf-8"))
        return gitrepo.Editor(str(data["name"]), str(data["email"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _site(root: Path) -> SiteData:
    return SiteData.load(root / "data", root, keep_going=True)


def _path(root: Path, key: str) -> str:
    path = documents.bulletin_files(root).get(key) if _ID.fullmatch(key) else None
    if path is None:
        abort(404)
    return path


def _choices(site: SiteData) -> dict[str, list[tuple[str, str]]]:
    return {"categories": [(c.id, c.name) for c in site.portal.categories],
            "programmes": [(p.id, p.title) for p in site.programmes.values()]}


TASK_FIGURES = (("assigned", "Tổng số nhiệm vụ được giao"), ("completed", "Đã hoàn thành"),
                ("on_schedule", "Đang thực hiện theo tiến độ"), ("overdue", "Đang thực hiện quá hạn"))


def _figures(site: SiteData) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    """"Chèn số liệu": per programme, (label, the `{{ }}` expression a bulletin writes, its latest value)."""
    listed = []
    for programme in site.programmes.values():
        latest = programme.latest
        rows = [("Tên chương trình", "{{ programme.title }}", programme.title)]
        if latest.tasks is not None:
            rows += [(label, f"{{{{ tasks.{key} }}}}", vi.number(getattr(latest.tasks, key)))
                     for key, label in TASK_FIGURES]
        rows += [(f"{item.name} ({item.unit})" if item.unit else item.name, f"{{{{ indicators['{item.id}'].actual }}}}",
                  vi.number(item.actual)) for item in latest.indicators.values()]
        listed.append((programme.id, programme.title, rows))
    return listed


def _form(root: Path, document: Document, key: str | None, errors: dict | None = None, general=(),
          conflict: str | None = None, status: int = 200, imports: list[str] | None = None, word_error: str = ""):
    site = _site(root)
    address = None
    if document.path is not None:  # as the reader decides it: `slug:`, else the file's name
        slug = documents.loose(document.text).get("slug") or slug_of_file(document.path.removeprefix(DOCS + "/"))
        address = "/" + urls.bulletin(str(slug))
    if imports is None:
        imports = request.form.getlist("anh_word")
    return render_template("form.html", document=document, key=key, fields=FORM_FIELDS, body_key=BODY,
                           choices=_choices(site), figures=_figures(site), errors=errors or {}, general=list(general),
                           conflict=conflict, address=address, word_error=word_error, imports=imports), status


def _submit(root: Path, key: str | None, path: str | None, previews: dict[str, Path | dict[str, str]]):
    values = documents.clean(request.form)
    body = request.form.get(BODY, "")
    action = request.form.get("action", "luu")
    if path is None:
        document = Document(None, {f.key: "" for f in FORM_FIELDS}, "")
    else:
        document = documents.read_document(root, path)
    shown = Document(document.path, values, body, document.text, document.newline, document.hash)
    if path is not None and request.form.get("hash") != document.hash and action == "luu":
        return _form(root, shown, key, conflict=document.text, status=409)
    shown.hash = request.form.get("hash", "") if path is None else document.hash
    errors: dict[str, list[str]] = {}
    upload = request.files.get("image_file")
    added: dict[str, bytes] = {}
    if upload is not None and upload.filename:
        try:
            data, extension = images.reduce(upload.read(), upload.filename)
        except images.ImageRefused as refused:
            errors.setdefault("image", []).append(str(refused))
        else:
            year = values["date"][:4] if re.match(r"\d{4}", values["date"]) else str(dt.date.today().year)
            stored = f"{DOCS}/assets/anh/{year}/{images.stored_name(upload.filename, extension)}"
            added[stored] = data
            values["image"] = shown.values["image"] = stored.removeprefix(DOCS + "/")
    added.update({f"{DOCS}/{p}": d for p, d in word.returned(request.form.getlist("anh_word"), body).items()})
    target = path or documents.new_path(root, values["title"])
    text = documents.compose(document, values, body)
    found, bulletin = documents.validate(root, target, text, tuple(added))
    general = []
    body_line = text.count("\n", 0, text.find("\n---", 3) + 1)
    for error in found:
        place = None
        if error.path == target:  # beside its field; another file's mistake (data/site.yml) above the form
            place = error.field if error.field in values else BODY if (error.line or 0) > body_line else None
        if place is None:
            general.append(str(error))
        else:
            errors.setdefault(place, []).append(error.message)
    if errors or general:
        if upload is not None and upload.filename:  # the photo is not kept: the clerk chooses it again
            shown.values["image"] = document.values.get("image", "")
        return _form(root, shown, key, errors, general, status=422)
    data = text.replace("\n", document.newline).encode("utf-8")
    if action == "xem-truoc":
        old = previews.pop("current", None)
        if isinstance(old, Path):
            shutil.rmtree(old, ignore_errors=True)
        if not added:  # the text only: the page made in this process from it, as the build makes it
            previews["current"] = {target.removeprefix(DOCS + "/"): data.decode("utf-8")}
            return redirect("/xem-truoc/" + bulletin.url)
        folder, outcome = site_tasks.preview(root, {target: data, **added})
        if not outcome.ok:
            shutil.rmtree(folder, ignore_errors=True)
            return _form(root, shown, key, general=["Không dựng được trang xem trước:", outcome.output], status=422)
        previews["current"] = folder
        return redirect("/xem-truoc/" + bulletin.url)
    for stored, content in added.items():
        (root / stored).parent.mkdir(parents=True, exist_ok=True)
        (root / stored).write_bytes(content)
    (root / target).parent.mkdir(parents=True, exist_ok=True)
    (root / target).write_bytes(data)
    verb = "Thêm" if path is None else "Sửa"
    try:
        gitrepo.commit(root, [target, *added], f"{verb} bản tin: {values['title']}", _editor(root))
    except gitrepo.GitError as error:
        flash(f"Đã ghi tệp {target} nhưng chưa ghi được vào lịch sử (git): {error}", "error")
    else:
        flash(f"Đã lưu bản tin “{values['title']}” ({target}).")
    return redirect(url_for("edit", key=documents.file_id(target)))


def _undo(root: Path, key: str, path: str, change: gitrepo.Change):
    """Takes one commit back as a new commit; a redirect with the reason when it cannot (None when done)."""
    touched = gitrepo.undo(root, change.sha)
    if touched is None:
        flash(f"Không hoàn tác được “{change.subject}”: các lần sửa sau đã thay đổi cùng những dòng đó. "
              "Hãy sửa trực tiếp bản tin.", "error")
        return redirect(url_for("history", key=key))
    if (root / path).exists():
        text = (root / path).read_bytes().decode("utf-8-sig")
        errors, _ = documents.validate(root, path, text)
        if errors:
            gitrepo.restore(root, touched)
            flash("Không hoàn tác được: bản tin sau khi hoàn tác có lỗi: "
                  + "; ".join(str(e) for e in errors), "error")
            return redirect(url_for("history", key=key))
    gitrepo.commit(root, touched, f"Hoàn tác: {change.subject}", _editor(root))
    flash(f"Đã hoàn tác “{change.subject}”.")
    return None
