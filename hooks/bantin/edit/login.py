"""The editor's server mode (`make edit MODE=server`): behind the office's nginx, for its named staff.

Before every request: the Host must be one of the office's names (EDIT_HOST), and the session an
account's current one (bantin.edit.accounts), else the login page. `flask.g.user` is the person.
The session cookie is `Secure` (nginx speaks TLS), `HttpOnly`, `SameSite=Strict`, named `__Host-…`
(a browser keeps it to this host, never a sibling domain), signed with the key of `.bantin-state/`.
"""
from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ParamSpec
from urllib.parse import urlsplit

from flask import Flask, abort, flash, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from werkzeug.middleware.proxy_fix import ProxyFix

from . import gitrepo
from .accounts import Gate, LoginRefused, journal, secret_key
from .publishing import Job
from .users import RIGHTS, ROLES, User, current_user, signed_in_user

OPEN = ("login", "static")  # endpoints answered without a session
_Args = ParamSpec("_Args")


@dataclass(frozen=True)
class Server:
    hosts: tuple[str, ...]                   # the names staff type (EDIT_HOST), e.g. quantri.phuong.gov.vn
    clock: Callable[[], float] = time.time   # for tests


def hostname(host: str) -> str | None:
    """`Quantri.Phuong.gov.vn:8443` → `quantri.phuong.gov.vn`: the port is nginx's business."""
    try:
        return urlsplit("//" + host).hostname
    except ValueError:
        return None


def install(app: Flask, root: Path, server: Server) -> None:
    gate = Gate(root, server.clock)
    app.config.update(SECRET_KEY=secret_key(root), SESSION_COOKIE_SECURE=True, SESSION_COOKIE_NAME="__Host-phien")
    # Exactly one proxy, nginx: the client's address and scheme are the last ones it passed on.
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)  # type: ignore[method-assign]  # Flask's documented ProxyFix idiom
    names = {name.lower() for name in server.hosts}

    @app.before_request
    def signed_in() -> ResponseReturnValue | None:
        if hostname(request.host) not in names:
            abort(400, f"Địa chỉ truy cập không đúng: trang quản trị chỉ mở tại https://{server.hosts[0]}/.")
        if request.endpoint == "who":  # local mode's "who is editing on this PC": accounts name people here
            abort(404)
        g.user = gate.user_of(session)
        if current_user() is None and request.endpoint not in OPEN:
            ended = bool(session.get("login"))
            session.clear()
            if ended:
                flash("Phiên làm việc đã hết hạn hoặc đã đăng xuất; hãy đăng nhập lại.", "error")
            return redirect(url_for("login"))
        return None

    def journal_publishing(user: User, address: str | None) -> Callable[[Job], None]:
        """Each publish in the journal once it is over: who, from where, which commit, whether it succeeded."""
        def record(job: Job) -> None:
            head = gitrepo.run(root, "rev-parse", "HEAD").stdout.strip()
            journal(root, "publish", login=user.login, address=address, commit=head,
                    ok=bool(job.outcome and job.outcome.ok))
        return record

    app.extensions.setdefault("bantin_published", []).append(journal_publishing)

    @app.context_processor
    def mode() -> dict[str, object]:
        return {"server_mode": True}

    @app.route("/dang-nhap", methods=["GET", "POST"])
    def login() -> ResponseReturnValue:
        name = request.form.get("login", "").strip().lower()
        if request.method == "GET":
            return render_template("login.html", name="", error="")
        try:
            user = gate.login(name, request.form.get("password", ""), request.remote_addr or "")
        except LoginRefused as refused:
            headers = {"Retry-After": str(refused.retry_after)} if refused.retry_after else {}
            return render_template("login.html", name=name, error=str(refused)), refused.status, headers
        session.clear()  # nothing of the session before the login is kept: a planted cookie gains nothing
        session.update(gate.session(user))
        return redirect(url_for("home"))

    @app.route("/dang-xuat", methods=["POST"])
    def logout() -> ResponseReturnValue:
        gate.logout(signed_in_user(), request.remote_addr or "")
        session.clear()
        flash("Đã đăng xuất.")
        return redirect(url_for("login"))


def requires(right: str) -> Callable[[Callable[_Args, ResponseReturnValue]], Callable[_Args, ResponseReturnValue]]:
    """A view only for roles with `right`: others get 403 saying which roles may."""
    labels = [label.lower() for role, label in ROLES.items() if right in RIGHTS[role]]
    roles = " hoặc ".join(filter(None, (", ".join(labels[:-1]), labels[-1])))

    def decorate(view: Callable[_Args, ResponseReturnValue]) -> Callable[_Args, ResponseReturnValue]:
        @functools.wraps(view)
        def checked(*args: _Args.args, **kwargs: _Args.kwargs) -> ResponseReturnValue:
            user = signed_in_user()
            if not user.may(right):
                return render_template("message.html", title="Không có quyền",
                                       text=f"Tài khoản {user.login} ({user.role_label.lower()}) không có "
                                            f"quyền này; chỉ {roles} được làm việc này."), 403
            return view(*args, **kwargs)
        return checked
    return decorate
