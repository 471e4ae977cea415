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
from collections.abc import Callable, Iterable
from pathlib import Path

from flask import Flask, Response, abort, flash, g, redirect, render_template, request, send_from_directory, url_for
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.wrappers import Response as BaseResponse

from ..build.state import SiteData
from ..common import urls, vi
from ..common.datetimes import now
from ..news.bulletins import slug_of_file
from ..preview import page as page_preview
from . import approval, documents, entities, figure_pages, gitrepo, guides, images, login, publishing, site_tasks, word
from .documents import BODY, DOCS, FORM_FIELDS, STATES, Document
from .login import requires
from .users import ADMIN, User, current_user, signed_in_user

MAX_UPLOAD = 20 * 1024 * 1024  # a phone photo is 5-11 MB; the editor reduces it before it is stored
EDITOR_FILE = Path(".bantin-state") / "editor.json"  # git-ignored: who is editing on this PC
CSP = ("default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'self'")
_ID = re.compile(r"[0-9a-f]{12}")


def create_app(root: Path, port: int, server: login.Server | None = None) -> Flask:
    """The editor: on this PC for one person (server None), or on the office's server (bantin.edit.login)."""
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

    @atexit.register
    def remove_previews() -> None:
        for folder in previews.values():
            if isinstance(folder, Path):
                shutil.rmtree(folder, ignore_errors=True)

    if server is not None:
        login.install(app, root, server)  # its own Host names, accounts, login page and g.user

    @app.before_request
    def check_host() -> ResponseReturnValue | None:
        if server is not None:
            return None
        if request.host not in hosts:
            abort(400, "Địa chỉ truy cập không đúng: trang quản trị chỉ mở tại "
                       f"http://127.0.0.1:{port}/ trên chính máy này.")
        editor = _local_editor(root)
        g.user = User("local", editor.name, editor.email, ADMIN) if editor else None
        if editor is None and request.endpoint not in ("who", "static"):
            return redirect(url_for("who"))
        return None

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"  # Flask-WTF checks it on HTTPS (server mode)
        response.headers["X-Frame-Options"] = "DENY"
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError) -> ResponseReturnValue:
        return render_template("message.html", title="Biểu mẫu không hợp lệ",
                               text="Biểu mẫu thiếu mã bảo vệ hoặc mã đã hết hạn (trang quản trị vừa khởi động "
                                    "lại?). Hãy tải lại trang rồi gửi lại."), 400

    @app.errorhandler(413)
    def too_large(error: HTTPException) -> ResponseReturnValue:
        return render_template("message.html", title="Tệp quá lớn",
                               text=f"Tệp tải lên vượt quá {MAX_UPLOAD // (1024 * 1024)} MB; "
                                    "hãy chọn ảnh nhỏ hơn."), 413

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        assert error.code is not None  # Flask gives one without a code back unhandled (handle_http_exception)
        texts = {400: error.description if "Địa chỉ" in str(error.description) else "Yêu cầu không hợp lệ.",
                 403: "Quý vị không có quyền làm việc này.",
                 404: "Không có trang hoặc bản tin này.", 405: "Trang này không nhận cách gửi đó."}
        return render_template("message.html", title=f"Lỗi {error.code}",
                               text=texts.get(error.code, "Không thực hiện được yêu cầu.")), error.code

    @app.context_processor
    def common() -> dict[str, object]:
        return {"editor": current_user(), "states": STATES}

    @app.route("/")
    def home() -> ResponseReturnValue:
        return redirect(url_for("bulletins"))

    @app.route("/nguoi-sua", methods=["GET", "POST"])
    def who() -> ResponseReturnValue:
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
        elif (user := current_user()) is not None:
            name, email = user.name, user.email
        return render_template("who.html", name=name, email=email, errors=errors), 422 if errors else 200

    @app.route("/ban-tin/")
    def bulletins() -> ResponseReturnValue:
        site = _site(root)
        query, category, state = (request.args.get(k, "") for k in ("q", "chuyen_muc", "trang_thai"))
        rows = [e for e in documents.entries(root, site) if documents.matches(e, query)
                and (not category or e.category == category) and (not state or e.state == state)]
        return render_template("list.html", rows=rows, query=query, category=category, state=state,
                               categories={c.id: c.name for c in site.portal.categories},
                               shown_date=documents.shown_date)

    @app.route("/ban-tin/moi", methods=["GET", "POST"])
    def new() -> ResponseReturnValue:
        if request.method == "GET":
            blank = {f.key: "" for f in FORM_FIELDS}
            blank["date"] = now().strftime("%Y-%m-%d %H:%M")
            return _form(root, Document(None, blank, ""), None)
        with writing:
            return _submit(root, None, None, previews)

    @app.route("/ban-tin/moi/word", methods=["POST"])
    def from_word() -> ResponseReturnValue:
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
    def edit(key: str) -> ResponseReturnValue:
        path = _path(root, key)
        if request.method == "GET":
            return _form(root, approval.document(root, approval.person(_editor(root)), path), key)
        with writing:
            return _submit(root, key, path, previews)

    @app.route("/ban-tin/<key>/xoa", methods=["GET", "POST"])
    def delete(key: str) -> ResponseReturnValue:
        path = _path(root, key)
        document = documents.read_document(root, path)
        title = document.values["title"] or path
        if request.method == "GET":
            return render_template("delete.html", key=key, title=title, path=path)
        if not approval.person(_editor(root)).may("approve"):
            abort(403)  # a removal would reach the site unapproved
        with writing:
            (root / path).unlink(missing_ok=True)
            gitrepo.commit(root, [path], f"Xóa bản tin: {title}", _editor(root))
        flash(f"Đã xóa bản tin “{title}”. Muốn lấy lại: mở Lịch sử sửa đổi của dự án (git) hoặc hỏi người quản trị.")
        return redirect(url_for("bulletins"))

    @app.route("/ban-tin/<key>/lich-su")
    def history(key: str) -> ResponseReturnValue:
        path = _path(root, key)
        document = documents.read_document(root, path)
        return render_template("history.html", key=key, title=document.values["title"] or path, path=path,
                               undo_endpoint="undo",
                               changes=gitrepo.history(root, path))

    @app.route("/ban-tin/<key>/hoan-tac", methods=["POST"])
    def undo(key: str) -> ResponseReturnValue:
        path = _path(root, key)
        changes = {c.sha: c for c in gitrepo.history(root, path)}
        change = changes.get(request.form.get("commit", ""))
        if change is None:
            raise NotFound()
        if not approval.person(_editor(root)).may("approve"):
            abort(403)  # an undo would reach the site unapproved
        with writing:
            done = _undo(root, key, path, change)
        if done is not None:
            return done
        return redirect(url_for("edit", key=key) if (root / path).exists() else url_for("bulletins"))

    figure_pages.register(app, root, writing, lambda: _editor(root))
    guides.register(app, root)
    def published_by() -> publishing.After:
        """What is told once a publish this request starts is over (the server's journal: bantin.edit.login)."""
        # each of login.install's: (the person, their address) → what to do once the publish is over
        tellers: list[Callable[[User, str | None], publishing.After]] = app.extensions.get("bantin_published", [])
        told = [tell(signed_in_user(), request.remote_addr) for tell in tellers]
        return lambda job: [after(job) for after in told]

    app.register_blueprint(approval.blueprint(root, writing, lambda: _publish(root, building, published_by()),
                                              lambda files, url: _preview(root, previews, files, url),
                                              lambda: _editor(root)))
    entities.register(app, root, writing, lambda: _editor(root))

    publisher = app.extensions["bantin_publisher"] = publishing.Publisher(root, building)

    @app.route("/dang-trang", methods=["GET", "POST"])
    @requires("publish")
    def publish() -> ResponseReturnValue:
        """The steps of the last publish as they go, then its result; POST starts one (bantin.edit.publishing)."""
        if request.method == "POST":
            if not publisher.start(published_by()):
                flash("Đang dựng trang cho một lần đăng khác: lần đăng này đã được xếp hàng và sẽ chạy ngay khi "
                      "lần kia xong.")
            return redirect(url_for("publish"), code=303)
        job = publisher.job
        failed = job is not None and not job.running and not (job.outcome and job.outcome.ok)
        return render_template("publish.html", job=job), 422 if failed else 200

    @app.route("/dang-trang/tien-do")
    def publish_progress() -> ResponseReturnValue:
        return publisher.job.as_json() if publisher.job else {"running": False, "steps": []}

    @app.route("/xem-truoc/", defaults={"path": ""})
    @app.route("/xem-truoc/<path:path>")
    def preview(path: str) -> ResponseReturnValue:
        folder = previews.get("current")
        if isinstance(folder, dict):
            made = pages.output(path, folder)
            if made is None:
                abort(404)
            return Response(made.body, content_type=made.media_type)
        if folder is None:
            raise NotFound()
        if path == "" or path.endswith("/"):
            path += "index.html"
        return send_from_directory(folder / "site", path)

    return app


def _publish(root: Path, building: threading.Lock, after: publishing.After | None = None) -> approval.Published | None:
    """An approved change published at once, with the steps of "Đăng lên trang" (bantin.edit.publishing):
    (outcome, what git said, push error); None while another publish runs."""
    if not building.acquire(blocking=False):
        return None
    job = publishing.Job(root)
    job.run(building.release, after)
    assert job.outcome is not None  # a run that returns has one: a step that fails gives its own
    return job.outcome, job.pushed, job.push_error


def _preview(root: Path, previews: dict[str, Path | dict[str, str]], files: dict[str, bytes], url: str
             ) -> BaseResponse | str:
    """The preview of the project with `files` written over it, opened at `url`; or, when it cannot be
    built, the build's messages. Pages' text only (an unsaved bulletin) is made in this process from that
    text, as the build makes it (bantin.preview.page); with other files (a photo, a figures file) the whole
    site is built apart."""
    old = previews.pop("current", None)
    if isinstance(old, Path):
        shutil.rmtree(old, ignore_errors=True)
    texts = {path.removeprefix(DOCS + "/"): data.decode("utf-8") for path, data in files.items()
             if path.startswith(DOCS + "/") and urls.is_page(path)}
    if len(texts) == len(files):
        previews["current"] = texts
        return redirect("/xem-truoc/" + url)
    folder, outcome = site_tasks.preview(root, files)
    if not outcome.ok:
        shutil.rmtree(folder, ignore_errors=True)
        return outcome.output
    previews["current"] = folder
    return redirect("/xem-truoc/" + url)


def _editor(root: Path) -> gitrepo.Editor:
    """The author of this request's commits: the person signed in; nameless on the pages shown to nobody signed
    in (local mode's "who is editing", the login page), which commit nothing (`root`: the callers' old
    argument)."""
    user = current_user()
    return gitrepo.Editor(user.name, user.email) if user is not None else gitrepo.Editor("", "")


def _local_editor(root: Path) -> gitrepo.Editor | None:
    """Local mode's one person, named once on this PC."""
    try:
        data = json.loads((root / EDITOR_FILE).read_text(encoding="utf-8"))
        return gitrepo.Editor(str(data["name"]), str(data["email"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _site(root: Path) -> SiteData:
    return SiteData.load(root / "data", root, keep_going=True)


def _path(root: Path, key: str) -> str:
    path = documents.bulletin_files(root).get(key) if _ID.fullmatch(key) else None
    if path is None and _ID.fullmatch(key):  # a new bulletin that is still the person's draft
        path = approval.editable_paths(root, approval.person(_editor(root))).get(key)
    if path is None:
        raise NotFound()
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


def _form(root: Path, document: Document, key: str | None, errors: dict[str, list[str]] | None = None,
          general: Iterable[str] = (), conflict: str | None = None, status: int = 200, imports: list[str] | None = None,
          word_error: str = "", kept_photo: str | None = None) -> tuple[str, int]:
    site = _site(root)
    address = None
    if document.path is not None:  # as the reader decides it: `slug:`, else the file's name
        slug = documents.loose(document.text).get("slug") or slug_of_file(document.path.removeprefix(DOCS + "/"))
        address = "/" + urls.bulletin(str(slug))
    if imports is None:
        imports = request.form.getlist("anh_word")
    return render_template("form.html", document=document, key=key, fields=FORM_FIELDS, body_key=BODY,
                           choices=_choices(site), figures=_figures(site), errors=errors or {}, general=list(general),
                           conflict=conflict, address=address, word_error=word_error, imports=imports,
                           kept_photo=kept_photo), status


def _submit(root: Path, key: str | None, path: str | None, previews: dict[str, Path | dict[str, str]]
            ) -> ResponseReturnValue:
    values = documents.clean(request.form)
    body = request.form.get(BODY, "")
    action = request.form.get("action", "luu")
    user = approval.person(_editor(root))
    # who may not approve saves a draft (bantin.edit.approval); the draft's other files (a photo) go along
    draft = approval.own(root, user, path) if path is not None and not user.may("approve") else None
    draft_files = {p: d for p, d in approval.contents(root, draft).items() if p != path} if draft else {}
    if path is None:
        document = Document(None, {f.key: "" for f in FORM_FIELDS}, "")
    else:
        document = approval.document(root, user, path)
    shown = Document(document.path, values, body, document.text, document.newline, document.hash)
    if path is not None and request.form.get("hash") != document.hash and action == "luu":
        return _form(root, shown, key, conflict=document.text, status=409)
    shown.hash = request.form.get("hash", "") if path is None else document.hash
    errors: dict[str, list[str]] = {}
    upload = request.files.get("image_file")
    added: dict[str, bytes] = {}
    photo = None  # an uploaded photo, reduced: carried by the form if the bulletin is not saved
    year = values["date"][:4] if re.match(r"\d{4}", values["date"]) else str(dt.date.today().year)
    if upload is not None and upload.filename:
        try:
            data, extension = images.reduce(upload.read(), upload.filename)
        except images.ImageRefused as refused:
            errors.setdefault("image", []).append(str(refused))
        else:
            stored = f"{DOCS}/assets/anh/{year}/{images.stored_name(upload.filename, extension)}"
            added[stored] = data
            values["image"] = shown.values["image"] = stored.removeprefix(DOCS + "/")
            photo = (f"{word.ASSETS}/{year}/{word.content_name(data, extension)}", data)
    carried = request.form.getlist("anh_word")
    added.update({f"{DOCS}/{p}": d for p, d in word.returned(carried, body, values["image"]).items()})
    target = path or documents.new_path(root, values["title"], approval.draft_paths(root))
    text = documents.compose(document, values, body)
    found, bulletin = documents.validate(root, target, text, (*draft_files, *added))
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
    if errors or general:  # an uploaded photo comes back with the form, saved with the bulletin
        if photo is not None:
            shown.values["image"] = photo[0]
            carried = carried + word.carried(dict([photo]))
        elif upload is not None and upload.filename:  # refused: the image the bulletin had
            shown.values["image"] = document.values.get("image", "")
        kept = shown.values["image"] if f"{DOCS}/{shown.values['image']}" in added or photo else None
        return _form(root, shown, key, errors, general, status=422, imports=carried, kept_photo=kept)
    assert bulletin is not None  # documents.validate gives it when it finds no mistake
    data = text.replace("\n", document.newline).encode("utf-8")
    if action == "xem-truoc":
        shown_preview = _preview(root, previews, {**draft_files, target: data, **added}, bulletin.url)
        if isinstance(shown_preview, str):
            return _form(root, shown, key, general=["Không dựng được trang xem trước:", shown_preview], status=422)
        return shown_preview
    verb = "Thêm" if not (root / target).exists() else "Sửa"
    if not user.may("approve"):
        return approval.saved(root, user, approval.BULLETIN, target, f"{verb} bản tin: {values['title']}",
                              bulletin.url, {target: data, **added})
    for stored, content in added.items():
        (root / stored).parent.mkdir(parents=True, exist_ok=True)
        (root / stored).write_bytes(content)
    (root / target).parent.mkdir(parents=True, exist_ok=True)
    (root / target).write_bytes(data)
    try:
        gitrepo.commit(root, [target, *added], f"{verb} bản tin: {values['title']}", approval.signature(user))
    except gitrepo.GitError as error:
        flash(f"Đã ghi tệp {target} nhưng chưa ghi được vào lịch sử (git): {error}", "error")
    else:
        flash(f"Đã lưu bản tin “{values['title']}” ({target}).")
    return redirect(url_for("edit", key=documents.file_id(target)))


def _undo(root: Path, key: str, path: str, change: gitrepo.Change) -> BaseResponse | None:
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
