"""The "Số liệu" pages: each programme's reports, a report's figures edited, a new report added.

Programmes and reports are addressed by an id of ours (bantin.edit.documents.file_id) and a date the file
already has: no file name or path is taken from a request."""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from flask import Flask, flash, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import NotFound

from ..common import urls, vi
from ..common.errors import DataError
from ..figures.loading import STATUS_WORDS
from ..figures.units import load_units
from . import approval, excel, figures, gitrepo
from .figures import ProgrammeFile, Refused, ReportView


def register(app: Flask, root: Path, writing: threading.Lock, editor: Callable[[], gitrepo.Editor]) -> None:

    @app.route("/so-lieu/")
    def programmes() -> ResponseReturnValue:
        listed, broken = [], []
        for key, path in figures.programme_files(root).items():
            try:
                listed.append((key, figures.read_file(root, path)))
            except DataError as error:
                broken.append(str(error))
        return render_template("figures.html", programmes=listed, broken=broken, shown_date=_shown_date)

    @app.route("/so-lieu/<key>/<as_of>", methods=["GET", "POST"])
    def report(key: str, as_of: str) -> ResponseReturnValue:
        programme = _programme(root, key, editor())
        view = programme.report(as_of) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", as_of) else None
        if view is None:
            raise NotFound()
        if request.method == "GET":
            return _form(root, key, programme, view)
        with writing:
            return _save(root, key, view, editor())

    @app.route("/so-lieu/<key>/ky-moi", methods=["GET", "POST"])
    def new_report(key: str) -> ResponseReturnValue:
        programme = _programme(root, key, editor())
        if programme.latest is None:
            raise NotFound()
        if request.method == "GET":
            return _form(root, key, programme, programme.latest, new=True)
        with writing:
            return _add(root, key, editor())

    @app.route("/so-lieu/<key>/mau.xlsx")
    def template(key: str) -> ResponseReturnValue:
        programme = _programme(root, key, editor())
        latest = programme.latest
        if latest is None:
            raise NotFound()
        data = excel.template(latest, _unit_names(root))
        return send_file(io.BytesIO(data), as_attachment=True, download_name=f"{Path(programme.path).stem}-mau.xlsx",
                         mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    @app.route("/so-lieu/<key>/ky-moi/excel", methods=["POST"])
    def from_excel(key: str) -> ResponseReturnValue:
        """The sheet read and compared with the latest report, shown in the new report's form: nothing is
        written until the clerk checks it and presses Lưu."""
        programme = _programme(root, key, editor())
        latest = programme.latest
        if latest is None:
            raise NotFound()
        upload = request.files.get("bang_tinh")
        if upload is None or not upload.filename:
            return _form(root, key, programme, latest, new=True, excel_errors=["hãy chọn tệp bảng tính"], status=422)
        try:
            read = excel.read(upload.read(), latest)
        except excel.NotASheet as error:
            return _form(root, key, programme, latest, new=True, excel_errors=[str(error)], status=422)
        if read.errors:
            return _form(root, key, programme, latest, new=True, excel_errors=read.errors, status=422)
        names = dict((cell.name, label) for cell, label in excel.rows_of(latest, _unit_names(root)))
        differences = [(names[c.name], c.value, read.values[c.name]) for c in latest.cells
                       if c.name in read.values and read.values[c.name] != c.value]
        flash(f"Đã đọc {len(read.rows)} số từ {upload.filename}: hãy xem lại rồi bấm Lưu.")
        return _form(root, key, programme, latest, new=True, typed={**read.values, "as_of": read.as_of},
                     excel_read=read, differences=differences)


def _shown_date(text: str) -> str:
    return vi.date(dt.date.fromisoformat(text)) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else text


def _programme(root: Path, key: str, local: gitrepo.Editor | None) -> ProgrammeFile:
    """The programme file as this person edits it (their draft's version if they have one)."""
    path = figures.programme_files(root).get(key) if re.fullmatch(r"[0-9a-f]{12}", key) else None
    if path is None:
        raise NotFound()
    try:
        return approval.programme_file(root, approval.person(local), path)
    except DataError as unreadable:
        raise NotFound() from unreadable


def _unit_names(root: Path) -> Callable[[str], str]:
    units = load_units(root / "data", root, [])
    return lambda code: units.shown(code) if units and code in units.by_code else code


def _form(root: Path, key: str, programme: ProgrammeFile, view: ReportView, new: bool = False,
          errors: dict[str, list[str]] | None = None, general: Iterable[str] = (),
          typed: Mapping[str, str] | None = None, conflict: bool = False, status: int = 200,
          excel_errors: Iterable[str] = (), excel_read: excel.Read | None = None,
          differences: Iterable[tuple[str, str, str]] = ()) -> tuple[str, int]:
    return render_template("report.html", key=key, programme=programme, view=view, new=new, errors=errors or {},
                           general=list(general), typed=typed or {}, conflict=conflict, unit_name=_unit_names(root),
                           words=STATUS_WORDS, sum_message=figures.sum_message(), shown_date=_shown_date,
                           excel_errors=list(excel_errors), excel_read=excel_read, differences=list(differences)), \
        status


def _save(root: Path, key: str, view: ReportView, editor: gitrepo.Editor) -> ResponseReturnValue:
    programme = _programme(root, key, editor)
    now_view = programme.report(view.as_of)
    if request.form.get("hash") != programme.hash or now_view is None:
        return _form(root, key, programme, now_view or view, typed=request.form, conflict=True, status=409)
    changed, errors = figures.changed_values(now_view.cells, request.form)
    if errors:
        return _form(root, key, programme, now_view, errors=errors, typed=request.form, status=422)
    if not changed:
        flash("Không có số nào thay đổi: tệp giữ nguyên.")
        return redirect(url_for("report", key=key, as_of=view.as_of))
    text = figures.in_place(programme.text, now_view.cells, changed)
    errors, general = figures.check(root, programme.path, text, now_view.cells)
    if errors or general:
        return _form(root, key, programme, now_view, errors=errors, general=general, typed=request.form,
                     status=422)
    title = f"Sửa số liệu kỳ {figures.short_date(now_view.date)}: {programme.title}"
    return _write(root, programme, text, title, editor, url_for("report", key=key, as_of=view.as_of))


def _add(root: Path, key: str, editor: gitrepo.Editor) -> ResponseReturnValue:
    programme = _programme(root, key, editor)
    latest = programme.latest
    if latest is None:  # its dated reports taken away since the form was shown: as `new_report`
        raise NotFound()
    if request.form.get("hash") != programme.hash:
        return _form(root, key, programme, latest, new=True, typed=request.form, conflict=True, status=409)
    changed, errors = figures.changed_values(latest.cells, request.form)
    typed_date = request.form.get("as_of", "").strip()
    as_of = None
    with contextlib.suppress(ValueError):  # 2026-02-30
        as_of = dt.date.fromisoformat(typed_date) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", typed_date) else None
    if as_of is None:
        errors["as_of"] = ["hãy ghi ngày chốt số liệu của kỳ mới, dạng năm-tháng-ngày, ví dụ 2026-03-31"]
    if errors:
        return _form(root, key, programme, latest, new=True, errors=errors, typed=request.form, status=422)
    assert as_of is not None  # else errors["as_of"]
    try:
        text = figures.append_report(programme, as_of, changed)
    except Refused as refused:
        return _form(root, key, programme, latest, new=True, general=[str(refused)], typed=request.form,
                     status=422)
    added = figures.parse(programme.path, text).reports[-1]
    errors, general = figures.check(root, programme.path, text, added.cells, figures.new_report_line(text, as_of))
    if errors or general:
        return _form(root, key, programme, latest, new=True, errors=errors, general=general, typed=request.form,
                     status=422)
    title = f"Thêm kỳ báo cáo {figures.short_date(as_of)}: {programme.title}"
    return _write(root, programme, text, title, editor, url_for("report", key=key, as_of=as_of.isoformat()))


def _write(root: Path, programme: ProgrammeFile, text: str, message: str, editor: gitrepo.Editor, then: str
           ) -> ResponseReturnValue:
    user = approval.person(editor)
    if not user.may("approve"):  # kept as a draft until a người duyệt approves it (bantin.edit.approval)
        return approval.saved(root, user, approval.FIGURES, programme.path, message,
                              urls.statistics(Path(programme.path).stem), {programme.path: programme.data(text)})
    (root / programme.path).write_bytes(programme.data(text))
    try:
        gitrepo.commit(root, [programme.path], message, approval.signature(user))
    except gitrepo.GitError as error:
        flash(f"Đã ghi tệp {programme.path} nhưng chưa ghi được vào lịch sử (git): {error}", "error")
    else:
        flash(f"Đã lưu: {message} ({programme.path}).")
    return redirect(then)
