"""Who is using the editor and what they may do.

Local mode (`make edit`): one person on their own PC, named once (`.bantin-state/editor.json`), with
every right. Server mode (`make edit MODE=server`, bantin.edit.accounts): accounts with one role each.
Every page reads the person from `flask.g.user` (through `current_user`/`signed_in_user`), set before each request.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import g

EDITOR, APPROVER, ADMIN = "editor", "approver", "admin"
ROLES = {EDITOR: "Biên tập viên", APPROVER: "Người duyệt", ADMIN: "Quản trị"}
# What each role may do: write and submit; approve, reject and publish; manage accounts and the site's settings.
RIGHTS = {EDITOR: {"write"}, APPROVER: {"write", "approve", "publish"},
          ADMIN: {"write", "approve", "publish", "settings", "accounts"}}


@dataclass(frozen=True)
class User:
    login: str      # the account's name; in local mode "local"
    name: str       # full name, as commits and the history show it
    email: str
    role: str = ADMIN

    def may(self, right: str) -> bool:
        return right in RIGHTS[self.role]

    @property
    def role_label(self) -> str:
        return ROLES[self.role]


def current_user() -> User | None:
    """This request's person, `flask.g.user`, set before each request (app.check_host in local mode,
    login.signed_in on the server); None when nobody is signed in (the login page, local mode's "who is
    editing"), or outside a request's checks."""
    user: User | None = g.get("user")
    return user


def signed_in_user() -> User:
    """This request's person on a page that only a signed-in person reaches (every page but the login page and
    local mode's "who is editing": the checks before each request send anyone else there)."""
    user = current_user()
    assert user is not None, "a page behind the sign-in was reached without a person"
    return user
