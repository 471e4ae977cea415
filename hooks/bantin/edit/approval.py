"""Approval: a change by a person who may not approve (biên tập viên) is kept as a draft ("bản nháp") until a
người duyệt accepts it; only then is it committed to the main branch, with both names, and published.

Where drafts live: `.bantin-state/nhap/<id>/` (nhap.json: who, when, state, and per file the git blob id the
draft was based on; tep/: the files' new contents), outside docs/ and data/, git-ignored.
Why a drafts area and not a git branch per draft:
- the build and the publish read the working copy; a folder neither of them reads is never on the site, by
  construction, and nothing unapproved reaches the shared repository (`git push`) either;
- the editor already validates, previews and saves "the project with these files written over it"
  (documents.validate, site_tasks.preview): a draft is exactly that, so it needs no temporary index, no
  checkout and no merge;
- a draft's state (Nháp, Chờ duyệt, Bị trả lại with its reason) lives beside its files.
What a branch would give, knowing which version of a file a change was written against, is kept as the base
blob id (also written into git's object store, so the diff shows the change against it): approving a draft
whose file has changed since is a conflict, never a silent overwrite.
Drafts are addressed by a random id of ours; no path is ever taken from a request.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import hashlib
import itertools
import json
import os
import re
import secrets
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response

from ..common.datetimes import now
from . import documents, figures, gitrepo, site_tasks
from .documents import FORM_FIELDS, Document
from .figures import ProgrammeFile
from .users import ADMIN, User, current_user

DRAFTS = Path(".bantin-state") / "nhap"
BULLETIN, FIGURES = "ban-tin", "so-lieu"
STATES = {"nhap": "Nháp", "cho-duyet": "Chờ duyệt", "tra-lai": "Bị trả lại"}
_ID = re.compile(r"[0-9a-f]{12}")
TRAILER = "Người duyệt"
# What a publish started by an approval gave: (outcome, what git said of the push, the push's error).
Published = tuple[site_tasks.Outcome, str | None, str | None]


class Author(TypedDict):
    """A draft's writer, as nhap.json keeps them."""
    login: str
    name: str
    email: str


def person(local: gitrepo.Editor | None) -> User:
    """Who is using the editor: `g.user` (server mode); else the one person of the local editor, who may do
    everything (local mode: a save is a commit, as before approval existed)."""
    user = current_user()
    if user is not None:
        return user
    return User("local", local.name if local else "", local.email if local else "", ADMIN)


def signature(user: User | Author) -> gitrepo.Editor:
    if isinstance(user, User):
        return gitrepo.Editor(user.name, user.email)
    return gitrepo.Editor(user["name"], user["email"])


@dataclass
class Draft:
    id: str
    kind: str                  # BULLETIN or FIGURES
    main: str                  # the bulletin's or programme's file: what the lists link to
    subject: str               # the commit's subject once approved ("Sửa bản tin: …")
    page: str                  # the site address its preview opens ("tin-tuc/…/")
    author: Author
    created: str
    updated: str
    state: str = "nhap"
    reason: str = ""           # why it was returned (state "tra-lai")
    files: dict[str, str] = field(default_factory=dict)  # project path → blob id it was based on ("" new file)
    revision: int = 0          # one more at each save: an approval is of the version the approver saw

    @property
    def state_text(self) -> str:
        return f"{STATES['tra-lai']}: {self.reason}" if self.state == "tra-lai" else STATES[self.state]

    @property
    def author_text(self) -> str:
        return f"{self.author['name']} <{self.author['email']}>"

    @property
    def when(self) -> str:
        return _shown(self.updated)


def _shown(moment: str) -> str:
    value = dt.datetime.fromisoformat(moment)
    return f"{value.day:02d}/{value.month:02d}/{value.year} {value.hour:02d}:{value.minute:02d}"


def _folder(root: Path, draft_id: str) -> Path:
    return root / DRAFTS / draft_id


def _content_name(path: str) -> str:
    return hashlib.sha256(path.encode()).hexdigest()[:24]


def load(root: Path, draft_id: str) -> Draft | None:
    if not _ID.fullmatch(draft_id):
        return None
    try:
        draft = Draft(**json.loads((_folder(root, draft_id) / "nhap.json").read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None
    # the editor wrote it, but approving writes these paths: only files under docs/ and data/ (a file edited
    # by hand naming `../x` is no draft)
    inside = all(Path(p).parts[:1] in (("docs",), ("data",)) and ".." not in Path(p).parts
                 and not Path(p).is_absolute() for p in [draft.main, *draft.files])
    # every page listing drafts reads its author as an Author: one written otherwise by hand is no draft
    author: object = draft.author
    person = isinstance(author, dict) and all(isinstance(author.get(k), str) for k in Author.__annotations__)
    return draft if inside and person else None


def all_drafts(root: Path) -> list[Draft]:
    folder = root / DRAFTS
    found = [load(root, p.name) for p in folder.iterdir()] if folder.is_dir() else []
    return sorted((d for d in found if d is not None), key=lambda d: d.updated, reverse=True)


def own(root: Path, user: User, main: str) -> Draft | None:
    """The person's draft of the file `main`, if they have one."""
    return next((d for d in all_drafts(root) if d.author["login"] == user.login and d.main == main), None)


def contents(root: Path, draft: Draft) -> dict[str, bytes]:
    return {path: (_folder(root, draft.id) / "tep" / _content_name(path)).read_bytes() for path in draft.files}


def _write(root: Path, draft: Draft) -> None:
    """nhap.json replaced whole (written beside, then renamed): a draft is never half written."""
    path = _folder(root, draft.id) / "nhap.json"
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(dataclasses.asdict(draft), ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(temporary, path)


def _blob(root: Path, path: str) -> str:
    """The git blob id of the working copy's `path` ("" when there is none), kept in git's object store."""
    target = root / path
    return gitrepo.store_blob(root, target.read_bytes()) if target.is_file() else ""


def save(root: Path, user: User, kind: str, main: str, subject: str, page: str, files: dict[str, bytes]) -> Draft:
    """The change kept as the person's draft of `main` (a new one, or theirs updated: it goes back to Nháp);
    each file keeps the blob it was first based on."""
    moment = now().isoformat(timespec="seconds")
    draft = own(root, user, main) or Draft(secrets.token_hex(6), kind, main, subject, page,
                                            {"login": user.login, "name": user.name, "email": user.email},
                                            moment, moment)
    folder = _folder(root, draft.id) / "tep"
    folder.mkdir(parents=True, exist_ok=True)
    for path, data in files.items():
        if path not in draft.files:
            draft.files[path] = _blob(root, path)
        (folder / _content_name(path)).write_bytes(data)
    draft.subject, draft.page, draft.updated, draft.state, draft.reason = subject, page, moment, "nhap", ""
    draft.revision += 1
    _write(root, draft)
    return draft


def saved(root: Path, user: User, kind: str, main: str, subject: str, page: str, files: dict[str, bytes]
          ) -> Response:
    """`save`, then the draft's page with what happened said."""
    draft = save(root, user, kind, main, subject, page, files)
    flash(f"Đã lưu bản nháp “{subject}”. Thay đổi chưa lên trang: bấm Gửi duyệt khi xong để người duyệt xem "
          "và đăng.")
    return redirect(url_for("approval.draft", draft_id=draft.id))


def conflicts(root: Path, draft: Draft) -> list[str]:
    """The files changed in the project since the draft was based on them."""
    return [path for path, base in draft.files.items() if _blob(root, path) != base]


def draft_paths(root: Path) -> frozenset[str]:
    """Every file some draft writes: a new bulletin is not given one of these names."""
    return frozenset(path for d in all_drafts(root) for path in d.files)


def editable_paths(root: Path, user: User) -> dict[str, str]:
    """id → path of the bulletins only the person's drafts have (new ones): they open in the form too."""
    return {documents.file_id(d.main): d.main for d in all_drafts(root)
            if d.kind == BULLETIN and d.author["login"] == user.login}


def document(root: Path, user: User, path: str) -> Document:
    """The bulletin as the form shows it to this person: their draft's version if they have one."""
    draft = own(root, user, path)
    if draft is not None and path in draft.files:
        return documents.document_of(path, contents(root, draft)[path])
    return documents.read_document(root, path)


def programme_file(root: Path, user: User, path: str) -> ProgrammeFile:
    """The programme file as the figures' forms show it to this person: their draft's version if any."""
    draft = own(root, user, path)
    if draft is not None and path in draft.files:
        return figures.file_of(path, contents(root, draft)[path])
    return figures.read_file(root, path)


# What the approver reads

@dataclass
class FileChange:
    path: str
    new: bool                                   # the file did not exist
    size: int | None = None                     # a photo (not text): its size in bytes
    lines: list[tuple[str, str]] = field(default_factory=list)   # (kind: them/bot/giu/doan, text)
    values: list[tuple[str, str, str]] = field(default_factory=list)  # (what, before, after)
    added: int = 0
    removed: int = 0


def _text(data: bytes) -> str | None:
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError:
        return None


def changes(root: Path, draft: Draft) -> list[FileChange]:
    """Per file, what the draft changes against the version it was based on: the lines added and removed,
    and for a bulletin its fields, for a programme file the figures, as the forms name them."""
    shown = []
    for path, data in contents(root, draft).items():
        base = draft.files[path]
        old = gitrepo.read_blob(root, base) if base else b""
        change = FileChange(path, not base)
        before, after = _text(old), _text(data)
        if not path.endswith((".md", ".yml", ".yaml")) or before is None or after is None:
            change.size = len(data)
            shown.append(change)
            continue
        # splitlines: a new file has no line before it, and a file's last newline is no empty line added.
        diff = difflib.unified_diff(before.splitlines(), after.splitlines(), n=2, lineterm="")
        for line in itertools.islice(diff, 2, None):  # its "---"/"+++" header; a line "---" removed is "----"
            kind = {"+": "them", "-": "bot", "@": "doan"}.get(line[:1], "giu")
            change.lines.append((kind, "…" if kind == "doan" else line[1:]))
        change.added = sum(1 for k, _ in change.lines if k == "them")
        change.removed = sum(1 for k, _ in change.lines if k == "bot")
        if path == draft.main:
            change.values = _field_changes(before, after) if draft.kind == BULLETIN else \
                _figure_changes(path, before, after)
        shown.append(change)
    return shown


def _field_changes(before: str, after: str) -> list[tuple[str, str, str]]:
    old, old_body = documents.form_values(before) if before else ({}, "")
    new, new_body = documents.form_values(after)
    rows = [(f.label, old.get(f.key, ""), new.get(f.key, "")) for f in FORM_FIELDS
            if old.get(f.key, "") != new.get(f.key, "")]
    if old_body != new_body:
        rows.append(("Nội dung", "", "đã sửa (xem các dòng dưới)" if before else "mới"))
    return rows


def _figure_changes(path: str, before: str, after: str) -> list[tuple[str, str, str]]:
    old, new = figures.parse(path, before), figures.parse(path, after)
    rows = []
    for report in new.reports:
        was = old.report(report.as_of)
        earlier = {c.name: c.value for c in was.cells} if was else {}
        named = [("", c) for c in report.tasks] + [(row.title, c) for row in report.indicators + report.by_unit
                                                    for c in row.cells]
        when = figures.short_date(report.date) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", report.as_of) else report.as_of
        for title, cell in named:
            if earlier.get(cell.name, "") != cell.value:
                what = f"Kỳ {when}{' (kỳ mới)' if was is None else ''}: {f'{title} – ' if title else ''}{cell.label}"
                rows.append((what, earlier.get(cell.name, ""), cell.value))
    return rows


def problems(root: Path, draft: Draft) -> list[str]:
    """What the build would report now in the draft's file (the project may have changed since it was
    saved: another change approved, a category renamed), all of it; [] when it still passes."""
    written = contents(root, draft)
    text = written[draft.main].decode("utf-8-sig").replace("\r\n", "\n")
    if draft.kind == BULLETIN:
        found, _ = documents.validate(root, draft.main, text, tuple(p for p in written if p != draft.main))
        return [str(error) for error in found]
    beside, general = figures.check(root, draft.main, text, [])  # no cells: every message is general
    return [*general, *(message for messages in beside.values() for message in messages)]


def approve(root: Path, draft: Draft, approver: User) -> str:
    """The draft's files written and committed to the main branch: author the draft's writer, committer the
    approver, named again in the message's last line; the draft is then gone. Returns the commit's id."""
    written = contents(root, draft)
    for path, data in written.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
    message = f"{draft.subject}\n\n{TRAILER}: {approver.name} <{approver.email}>"
    try:
        sha = gitrepo.commit(root, list(written), message, signature(draft.author), committer=signature(approver))
    except gitrepo.GitError:
        gitrepo.restore(root, list(written))
        raise
    shutil.rmtree(_folder(root, draft.id))
    return sha


# The pages

def blueprint(root: Path, writing: threading.Lock, publish_site: Callable[[], Published | None],
              preview: Callable[[dict[str, bytes], str], Response | str],
              local: Callable[[], gitrepo.Editor | None]) -> Blueprint:
    """`publish_site()`: the editor's publish (one build at a time) → (outcome, pushed, push error), or None
    when another build is running; `preview(files, url)`: the editor's preview of the project with `files`
    written over it, a response."""
    pages = Blueprint("approval", __name__)

    def refused(text: str) -> tuple[str, int]:
        return render_template("message.html", title="Không có quyền", text=text), 403

    def visible(draft_id: str) -> tuple[Draft, User]:
        draft, user = load(root, draft_id), person(local())
        if draft is None or not (user.may("approve") or draft.author["login"] == user.login):
            raise NotFound()
        return draft, user

    @pages.app_context_processor
    def listed() -> dict[str, object]:
        def drafts_of(kind: str) -> list[Draft]:
            user = person(local())
            return [d for d in all_drafts(root) if d.kind == kind and d.author["login"] == user.login]

        def waiting() -> int | None:
            user = person(local())
            if not user.may("approve") or user.login == "local":  # local mode: one person, no drafts
                return None
            return sum(d.state == "cho-duyet" for d in all_drafts(root))
        return {"drafts_of": drafts_of, "waiting": waiting, "edit_key": documents.file_id}

    @pages.route("/cho-duyet/")
    def queue() -> ResponseReturnValue:
        user = person(local())
        if not user.may("approve"):
            return refused("Chỉ người duyệt xem được danh sách chờ duyệt.")
        shown = [(d, changes(root, d), conflicts(root, d)) for d in all_drafts(root) if d.state == "cho-duyet"]
        return render_template("queue.html", drafts=shown, user=user)

    @pages.route("/nhap/<draft_id>")
    def draft(draft_id: str) -> ResponseReturnValue:
        draft, user = visible(draft_id)
        return render_template("draft.html", draft=draft, changes=changes(root, draft),
                               conflicts=conflicts(root, draft), user=user, errors={})

    @pages.route("/nhap/<draft_id>/gui-duyet", methods=["POST"])
    def submit(draft_id: str) -> ResponseReturnValue:
        draft, user = visible(draft_id)
        if draft.author["login"] != user.login:
            return refused("Chỉ người viết gửi duyệt được bản nháp của mình.")
        with writing:
            draft.state, draft.reason = "cho-duyet", ""
            draft.updated = now().isoformat(timespec="seconds")
            _write(root, draft)
        flash(f"Đã gửi duyệt “{draft.subject}”: người duyệt sẽ xem và đăng.")
        return redirect(url_for("approval.draft", draft_id=draft.id))

    @pages.route("/nhap/<draft_id>/bo", methods=["POST"])
    def discard(draft_id: str) -> ResponseReturnValue:
        draft, user = visible(draft_id)
        if draft.author["login"] != user.login:
            return refused("Chỉ người viết bỏ được bản nháp của mình.")
        with writing:
            shutil.rmtree(_folder(root, draft.id))
        flash(f"Đã bỏ bản nháp “{draft.subject}”.")
        return redirect(url_for("bulletins" if draft.kind == BULLETIN else "programmes"))

    @pages.route("/nhap/<draft_id>/xem-truoc", methods=["POST"])
    def show(draft_id: str) -> ResponseReturnValue:
        draft, user = visible(draft_id)
        shown = preview(contents(root, draft), draft.page)
        if isinstance(shown, str):
            return render_template("draft.html", draft=draft, changes=changes(root, draft), user=user,
                                   conflicts=conflicts(root, draft), errors={}, preview_error=shown), 422
        return shown

    @pages.route("/nhap/<draft_id>/tra-lai", methods=["POST"])
    def reject(draft_id: str) -> ResponseReturnValue:
        draft, user = visible(draft_id)
        if not user.may("approve"):
            return refused("Chỉ người duyệt trả lại được bản nháp.")
        reason = " ".join(request.form.get("reason", "").split())
        if not reason:
            return render_template("draft.html", draft=draft, changes=changes(root, draft), user=user,
                                   conflicts=conflicts(root, draft),
                                   errors={"reason": "hãy ghi lý do trả lại để người viết biết cần sửa gì"}), 422
        with writing:
            draft.state, draft.reason = "tra-lai", reason
            _write(root, draft)
        flash(f"Đã trả lại “{draft.subject}” cho {draft.author['name']}.")
        return redirect(url_for("approval.queue"))

    @pages.route("/nhap/<draft_id>/duyet", methods=["POST"])
    def accept(draft_id: str) -> ResponseReturnValue:
        draft, user = visible(draft_id)
        if not user.may("approve"):
            return refused("Chỉ người duyệt duyệt và đăng được bản nháp.")
        with writing:
            if request.form.get("revision") != str(draft.revision):
                flash("Người viết vừa sửa lại bản nháp này: hãy xem lại các thay đổi dưới đây rồi mới duyệt.",
                      "error")
                return render_template("draft.html", draft=draft, changes=changes(root, draft), user=user,
                                       conflicts=conflicts(root, draft), errors={}), 409
            clashing = conflicts(root, draft)
            if draft.state != "cho-duyet" or clashing:
                return render_template("draft.html", draft=draft, changes=changes(root, draft), user=user,
                                       conflicts=clashing, errors={}), 409
            invalid = problems(root, draft)
            if invalid:
                return render_template("draft.html", draft=draft, changes=changes(root, draft), user=user,
                                       conflicts=[], errors={}, invalid=invalid), 422
            try:
                approve(root, draft, user)
            except gitrepo.GitError as error:
                return render_template("message.html", title="Chưa duyệt được",
                                       text=f"Không ghi được vào lịch sử (git): {error}"), 500
        published = publish_site()
        if published is None:
            return render_template("approved.html", draft=draft, outcome=None, busy=True), 409
        outcome, pushed, push_error = published
        return render_template("approved.html", draft=draft, outcome=outcome, pushed=pushed,
                               push_error=push_error), 200 if outcome.ok else 422

    return pages
