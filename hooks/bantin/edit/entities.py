"""The "Cài đặt" pages: a list and forms for every entity declared in bantin.schema that lives in a data file
of its own (`Entity.where`), drawn from its declaration; no form is written by hand per entity. A file's form
is shown in parts, one per group or list of its entity (data/site.yml: Thông tin cơ quan, Chuyên mục, …).

Files are addressed by an id of ours (bantin.edit.documents.file_id), parts and entities by words the
declarations give: no file name or path is taken from a request."""
from __future__ import annotations

import copy
import datetime as dt
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from flask import Blueprint, Flask, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import NotFound

from ..build.state import SiteData
from ..common.errors import DataError
from ..common.vi import lower_first, slug
from ..schema import ENTITIES, Entity, Field
from . import entity_files as files
from . import gitrepo
from .documents import DOCS
from .entity_files import FILE_TYPES, IMAGE_TYPES, NESTED, ORIGIN, FormValues, Refused, Source
from .figures import programme_files
from .users import current_user

GENERAL = "chung"  # the part of an entity's plain fields (not in a group or list)

blueprint = Blueprint("entities", __name__, url_prefix="/cai-dat")


@dataclass
class Part:
    slug: str
    label: str
    fields: list[Field]
    help: str = ""


class Shown(TypedDict):
    """What a form page is of (the template's names)."""
    entity: Entity
    name: str
    key: str
    part: Part
    path: str


def parts(entity: Entity) -> list[Part]:
    """Each group and list of the entity is a page of its own; its plain fields share one, "Cài đặt chung"."""
    shown = files.shown_fields(entity)
    found = [Part(slug(f.label), f.label, [f], f.help or ENTITIES[f.entity].help)
             for f in shown if f.kind in NESTED]
    plain = [f for f in shown if f.kind not in NESTED]
    if plain:
        found.append(Part(GENERAL, "Cài đặt chung", plain))
    return found


def _entity(name: str) -> Entity:
    entity = next((e for e in files.edited() if slug(e.label) == name), None)
    if entity is None:
        raise NotFound  # not abort(404): mypy then knows the function stops here
    return entity


def _file(root: Path, entity: Entity, key: str) -> str:
    path = files.files_of(root, entity).get(key)
    if path is None:
        raise NotFound
    return path


def _part(entity: Entity, name: str) -> Part:
    part = next((p for p in parts(entity) if p.slug == name), None)
    if part is None:
        raise NotFound
    return part


@blueprint.before_request
def allowed() -> ResponseReturnValue | None:
    """Settings are the administrator's, a programme's history whoever writes (bantin.edit.users); local mode
    has every right."""
    user = current_user()
    key = (request.view_args or {}).get("key", "")
    right = "write" if key in programme_files(_root()) else "settings"
    if user is not None and not user.may(right):
        return render_template("message.html", title="Không có quyền",
                               text="Trang cài đặt chỉ dành cho người quản trị; hãy nhờ người quản trị sửa."), 403
    return None


@blueprint.app_template_test("match_date")
def _is_iso_date(value: str) -> bool:
    """A value a date input can show (it shows nothing for any other, 2025-02-30 included: a text input keeps
    it in sight beside the reader's message)."""
    try:
        return bool(re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value or "")) and bool(dt.date.fromisoformat(value))
    except ValueError:
        return False


@blueprint.app_context_processor
def file_parts() -> dict[str, Callable[[str], list[tuple[str, str]]]]:
    """`file_parts(key)`: (label, address) of the form parts of the file with that id, for the pages that
    list such files (a programme's "Danh sách nhiệm vụ" on the figures page)."""
    def found(key: str) -> list[tuple[str, str]]:
        for entity in files.edited():
            if key in files.files_of(_root(), entity):
                return [(part.label, url_for("entities.form", name=slug(entity.label), key=key, part_name=part.slug))
                        for part in parts(entity)]
        return []
    return {"file_parts": found}


def _root() -> Path:
    root: Path = current_app.config["BANTIN_ROOT"]  # set by `register`
    return root


def _writing() -> threading.Lock:
    """The editor's lock: one save at a time (bantin.edit.app)."""
    writing: threading.Lock = current_app.config["BANTIN_WRITING"]
    return writing


def _editor() -> gitrepo.Editor:
    """The author of this request's commits."""
    editor: Callable[[], gitrepo.Editor] = current_app.config["BANTIN_EDITOR"]
    return editor()


@blueprint.route("/")
def index() -> ResponseReturnValue:
    root = _root()
    listed = [(entity, slug(entity.label), files.files_of(root, entity), parts(entity)) for entity in files.edited()]
    return render_template("entities.html", listed=listed)


@blueprint.route("/<name>/<key>/<part_name>", methods=["GET", "POST"])
def form(name: str, key: str, part_name: str) -> ResponseReturnValue:
    root = _root()
    entity = _entity(name)
    path = _file(root, entity, key)
    part = _part(entity, part_name)
    try:
        source = files.read_source(root, path)
        old = files.read_values(entity, source)
    except DataError as error:
        return render_template("message.html", title=part.label,
                               text=f"Chưa đọc được tệp: {error}. Hãy nhờ người quản trị sửa tệp."), 422
    shown = Shown(entity=entity, name=name, key=key, part=part, path=path)
    if request.method == "GET":
        return _page(root, shown, source.hash, old)
    new = copy.deepcopy(old)
    typed = files.from_form(entity, request.form)
    for item in part.fields:
        new[item.key] = typed[item.key]
    operation = request.form.get("thao_tac", "")
    if operation:  # a row button: the form again with the row added, removed or moved; nothing written
        if not files.operate(entity, new, operation):
            abort(400)
        return _page(root, shown, request.form.get("hash", ""), new)
    with _writing():
        return _save(root, shown, source, old, files.prune(entity, new))


def _save(root: Path, shown: Shown, source: Source, old: FormValues, new: FormValues) -> ResponseReturnValue:
    entity, path, part = shown["entity"], shown["path"], shown["part"]
    if request.form.get("hash") != source.hash:
        return _page(root, shown, request.form.get("hash", ""), new, conflict=True, status=409)
    if new == old:
        flash("Không có gì thay đổi: tệp giữ nguyên.")
        return redirect(request.path)
    try:
        text = files.compose(entity, source, old, new)
    except Refused as refused:
        return _page(root, shown, source.hash, new, general=[str(refused)], status=422)
    errors, general = files.check(entity, root, path, text, {f.key: new[f.key] for f in part.fields})
    if errors or general:
        return _page(root, shown, source.hash, new, errors=errors, general=general, status=422)
    (root / path).write_bytes(source.data(text))
    try:
        gitrepo.commit(root, [path], f"Sửa {lower_first(part.label)}: {path}", _editor())
    except gitrepo.GitError as error:
        flash(f"Đã ghi tệp {path} nhưng chưa ghi được vào lịch sử (git): {error}", "error")
    else:
        flash(f"Đã lưu {lower_first(part.label)} ({path}).")
    return redirect(request.path)


def _page(root: Path, shown: Shown, hash_: str, values: FormValues, errors: dict[str, list[str]] | None = None,
          general: Iterable[str] = (), conflict: bool = False, status: int = 200) -> tuple[str, int]:
    return render_template("entity_form.html", **shown, hash=hash_, values=values, errors=errors or {},
                           general=list(general), conflict=conflict, entities=ENTITIES, origin=ORIGIN,
                           options=_options(root), shown=files.shown_fields, nested=NESTED,
                           history=url_for("entities.history", key=shown["key"])), status


def _options(root: Path) -> Callable[[Field, str], list[tuple[str, str]]]:
    """(value, text) of a choice or a file picker: its `choices`, the list the site declares, or the files
    under docs/; the value the file has stays offered, so that opening and saving never loses it."""
    lists: dict[str, list[tuple[str, str]]] = {}

    def declared(name: str) -> list[tuple[str, str]]:
        if not lists:
            site = SiteData.load(root / "data", root, keep_going=True)
            lists["categories"] = [(c.id, c.name) for c in site.portal.categories]
            lists["programmes"] = [(p.id, p.title) for p in site.programmes.values()]
            units = getattr(site, "units", None)
            lists["units"] = [(code, units.shown(code)) for code in units.by_code] if units else []
            known = sorted(p.relative_to(root / DOCS).as_posix() for p in (root / DOCS).rglob("*")
                           if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts))
            lists["image"] = [(p, p) for p in known if p.lower().endswith(IMAGE_TYPES)]
            lists["file"] = [(p, p) for p in known if p.lower().endswith(FILE_TYPES)]
        return lists.get(name, [])

    def options(item: Field, value: str) -> list[tuple[str, str]]:
        found = [(c, c) for c in item.choices] if item.choices else declared(item.choices_from or item.kind)
        if value and value not in [v for v, _ in found]:
            found = [(value, value)] + found
        return found
    return options


# History of every file the editor writes that is not a bulletin: settings and programmes

def history_files(root: Path) -> dict[str, str]:
    found = dict(programme_files(root))
    for entity in files.edited():
        found.update(files.files_of(root, entity))
    return found


@blueprint.route("/lich-su/<key>")
def history(key: str) -> ResponseReturnValue:
    root = _root()
    path = history_files(root).get(key)
    if path is None:
        raise NotFound
    return render_template("history.html", key=key, path=path, changes=gitrepo.history(root, path),
                           undo_endpoint="entities.undo")


@blueprint.route("/lich-su/<key>/hoan-tac", methods=["POST"])
def undo(key: str) -> ResponseReturnValue:
    root = _root()
    path = history_files(root).get(key)
    change = {c.sha: c for c in gitrepo.history(root, path)}.get(request.form.get("commit", "")) if path else None
    if change is None:
        raise NotFound
    with _writing():
        before = set(files.project_errors(root, root / "data"))
        touched = gitrepo.undo(root, change.sha)
        if touched is None:
            flash(f"Không hoàn tác được “{change.subject}”: các lần sửa sau đã thay đổi cùng những dòng đó. "
                  "Hãy sửa trực tiếp.", "error")
            return redirect(url_for("entities.history", key=key))
        errors = [e for e in files.project_errors(root, root / "data") if e not in before]
        if errors:
            gitrepo.restore(root, touched)
            flash("Không hoàn tác được: tệp sau khi hoàn tác có lỗi: " + "; ".join(map(str, errors)), "error")
            return redirect(url_for("entities.history", key=key))
        gitrepo.commit(root, touched, f"Hoàn tác: {change.subject}", _editor())
    flash(f"Đã hoàn tác “{change.subject}”.")
    return redirect(url_for("entities.history", key=key))


def register(app: Flask, root: Path, writing: threading.Lock, editor: Callable[[], gitrepo.Editor]) -> None:
    app.config.update(BANTIN_ROOT=root, BANTIN_WRITING=writing, BANTIN_EDITOR=editor)
    app.register_blueprint(blueprint)

