"""The accounts of the editor's server mode (`make edit MODE=server`), their logins and the journal.

Kept in `.bantin-state/` (git-ignored, outside docs/, data/ and site/), readable by the editor's own
system user only (0600): `tai-khoan.json` (passwords hashed with argon2), `nhat-ky.log` (who did what and
when, one JSON object a line) and `khoa-phien` (the key that signs session cookies, so that sessions
survive a restart). `python -m bantin users …` manages the accounts (bantin.cli).

Logging out cannot delete a signed cookie the browser (or a thief) keeps, so each account counts its
sessions' generation: a cookie names the generation it was issued in, and logging out, a new password
or removing the account moves the count on, which turns every older cookie away.
"""
from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import re
import secrets
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, MutableMapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..common import vi
from ..common.hints import suggestion
from .users import ROLES, User

STATE = Path(".bantin-state")
ACCOUNTS = STATE / "tai-khoan.json"
JOURNAL = STATE / "nhat-ky.log"
SECRET = STATE / "khoa-phien"
MAX_FAILURES = 5                  # wrong passwords in a row before an account is locked …
LOCK_SECONDS = 15 * 60            # … for 15 minutes
ADDRESS_FAILURES = 20             # failed logins from one address in ADDRESS_WINDOW before it must wait
ADDRESS_WINDOW = 15 * 60
IDLE_SECONDS = 8 * 3600           # a session unused for a working day ends
MIN_PASSWORD = 10
LOGIN_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,31}")
EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+")
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."


class AccountError(ValueError):
    """A refusal, in Vietnamese, for the command line."""


class LoginRefused(Exception):
    def __init__(self, message: str, status: int, retry_after: int | None = None):
        super().__init__(message)
        self.status, self.retry_after = status, retry_after


@dataclass
class Account:
    login: str
    name: str
    email: str
    role: str
    password: str           # argon2 hash
    # Sessions issued before the last logout or new password are refused. It starts at a random number:
    # an account removed and made again under the same name does not take its predecessor's cookies.
    generation: int = 0
    failures: int = 0       # wrong passwords in a row
    locked_until: float = 0.0

    @property
    def user(self) -> User:
        return User(self.login, self.name, self.email, self.role)


def when(timestamp: float) -> str:
    """`14:05 ngày 7/12/2026`, in Vietnam's time."""
    moment = dt.datetime.fromtimestamp(timestamp, vi.TIMEZONE)
    return f"{moment:%H:%M} ngày {vi.date(moment.date())}"


def _state(root: Path) -> Path:
    folder = root / STATE
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _write_private(path: Path, text: str) -> None:
    """Replaces `path` whole (a crash leaves the old file or the new, never half) with mode 0600."""
    _state(path.parent.parent)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")  # mkstemp makes it 0600
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def secret_key(root: Path) -> bytes:
    """The key that signs session cookies: made once (0600), the same after a restart."""
    path = _state(root) / SECRET.name
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


_journal_lock = threading.Lock()


def journal(root: Path, event: str, **details: object) -> None:
    """One line of `.bantin-state/nhat-ky.log`: when (Vietnam's time), what, and the details given."""
    line = json.dumps({"time": dt.datetime.now(vi.TIMEZONE).isoformat(timespec="seconds"), "event": event,
                       **details}, ensure_ascii=False)
    path = _state(root) / JOURNAL.name
    with _journal_lock:
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(descriptor, "a", encoding="utf-8") as file:
            file.write(line + "\n")


class Accounts:
    """`.bantin-state/tai-khoan.json`, read afresh at each use: `users add` works while the editor runs."""

    def __init__(self, root: Path):
        self.root = root
        self.path = root / ACCOUNTS
        self.hasher = PasswordHasher()
        self._lock = threading.Lock()  # one change at a time within the editor (read, change, write back)

    def all(self) -> dict[str, Account]:
        try:
            rows = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return {row["login"]: Account(**row) for row in rows}

    def get(self, login: str) -> Account | None:
        return self.all().get(login)

    def _save(self, accounts: dict[str, Account]) -> None:
        rows = [asdict(account) for account in sorted(accounts.values(), key=lambda a: a.login)]
        _write_private(self.path, json.dumps(rows, ensure_ascii=False, indent=1) + "\n")

    def one(self, login: str, accounts: dict[str, Account] | None = None) -> Account:
        """The account, or AccountError naming the nearest login."""
        accounts = self.all() if accounts is None else accounts
        if login not in accounts:
            raise AccountError(f"Không có tài khoản '{login}'{_hint(login, accounts)}.")
        return accounts[login]

    def change(self, login: str, how: Callable[[Account], None]) -> Account:
        with self._lock:
            accounts = self.all()
            account = self.one(login, accounts)
            how(account)
            self._save(accounts)
            return account

    def add(self, login: str, name: str, email: str, role: str, password: str) -> Account:
        problems = []
        if not LOGIN_NAME.fullmatch(login):
            problems.append(f"tên đăng nhập '{login}': chỉ gồm chữ thường không dấu, số, dấu . _ -, "
                            "từ 2 đến 32 ký tự (ví dụ: lan.nguyen)")
        if role not in ROLES:
            problems.append(f"vai trò '{role}': chỉ có editor (biên tập viên), approver (người duyệt), "
                            "admin (quản trị)")
        if not name.strip():
            problems.append("họ và tên: hãy ghi họ và tên đầy đủ")
        if not EMAIL.fullmatch(email.strip()):
            problems.append(f"thư điện tử '{email}': cần dạng ten@coquan.gov.vn")
        problems += _password_problems(password)
        with self._lock:
            accounts = self.all()
            if login in accounts:
                problems.insert(0, f"tên đăng nhập '{login}' đã có; đổi mật khẩu: users passwd {login}")
            if problems:
                raise AccountError("Không tạo được tài khoản: " + "; ".join(problems) + ".")
            account = Account(login, vi.nfc(name.strip()), email.strip(), role, self.hasher.hash(password),
                              generation=secrets.randbits(48))
            accounts[login] = account
            self._save(accounts)
        return account

    def set_password(self, login: str, password: str) -> Account:
        problems = _password_problems(password)
        if problems:
            raise AccountError("Không đổi được mật khẩu: " + "; ".join(problems) + ".")
        hashed = self.hasher.hash(password)

        def reset(account: Account) -> None:
            account.password, account.failures, account.locked_until = hashed, 0, 0.0
            account.generation += 1  # sessions opened with the old password end

        return self.change(login, reset)

    def remove(self, login: str) -> Account:
        with self._lock:
            accounts = self.all()
            account = accounts.pop(self.one(login, accounts).login)
            self._save(accounts)
        return account


def _password_problems(password: str) -> list[str]:
    if len(password) < MIN_PASSWORD:
        return [f"mật khẩu cần ít nhất {MIN_PASSWORD} ký tự"]
    return []


def _hint(login: str, accounts: dict[str, Account]) -> str:
    return suggestion(login, accounts)  # bantin.common.hints: one "did you mean" for every name


class Gate:
    """Who may come in: passwords checked, accounts locked after MAX_FAILURES wrong ones, addresses that
    fail too often made to wait, sessions that are idle or logged out refused. `clock` for tests."""

    def __init__(self, root: Path, clock: Callable[[], float] = time.time):
        self.root, self.clock = root, clock
        self.accounts = Accounts(root)
        # An unknown name costs one hash check too: how long a refusal takes does not tell names apart.
        self._decoy = self.accounts.hasher.hash(secrets.token_hex(16))
        self._failed: dict[str, deque[float]] = {}  # address → times of its recent failed logins
        self._lock = threading.Lock()

    def login(self, login: str, password: str, address: str) -> User:
        """The user, or LoginRefused with the Vietnamese reason; every attempt is journalled."""
        now = self.clock()
        with self._lock:
            recent = self._failed.setdefault(address, deque())
            while recent and recent[0] <= now - ADDRESS_WINDOW:
                recent.popleft()
            if len(recent) >= ADDRESS_FAILURES:
                until = recent[0] + ADDRESS_WINDOW
                journal(self.root, "login-refused", login=login, address=address, reason="address-waits")
                raise LoginRefused(f"Có quá nhiều lần đăng nhập sai từ địa chỉ này; hãy thử lại sau "
                                   f"{when(until)}.", 429, retry_after=max(1, int(until - now)))
        account = self.accounts.get(login)
        if account is not None and account.locked_until > now:
            self._failure(address, now)
            journal(self.root, "login-refused", login=login, address=address, reason="locked")
            raise LoginRefused(_locked(account), 403)
        if not self._verify(account.password if account else self._decoy, password) or account is None:
            self._failure(address, now)
            message = WRONG
            if account is not None:
                account = self.accounts.change(login, lambda a: _count_failure(a, now))
                if account.locked_until > now:
                    message = _locked(account)
            journal(self.root, "login-failed", login=login, address=address)
            raise LoginRefused(message, 403 if message != WRONG else 401)

        def succeeded(account: Account) -> None:
            account.failures = 0
            if self.accounts.hasher.check_needs_rehash(account.password):
                account.password = self.accounts.hasher.hash(password)

        account = self.accounts.change(login, succeeded)
        journal(self.root, "login", login=login, address=address)
        return account.user

    def _verify(self, hashed: str, password: str) -> bool:
        try:
            return self.accounts.hasher.verify(hashed, password)
        except (VerificationError, InvalidHashError):
            return False

    def _failure(self, address: str, now: float) -> None:
        with self._lock:
            self._failed.setdefault(address, deque()).append(now)

    def session(self, user: User) -> dict[str, object]:
        """What a new session cookie holds (nothing of a session the browser had before)."""
        account = self.accounts.one(user.login)
        return {"login": user.login, "generation": account.generation, "seen": self.clock()}

    def user_of(self, session: MutableMapping[str, Any]) -> User | None:
        """The session's user, its last use moved on; None when it is absent, idle too long or logged out.
        (`session`: Flask's, whose values are whatever the signed cookie decoded to.)"""
        account = self.accounts.get(session.get("login", ""))
        now = self.clock()
        if account is None or session.get("generation") != account.generation \
                or now - float(session.get("seen", 0)) > IDLE_SECONDS:
            return None
        session["seen"] = now
        return account.user

    def logout(self, user: User, address: str) -> None:
        def forget(account: Account) -> None:
            account.generation += 1

        self.accounts.change(user.login, forget)
        journal(self.root, "logout", login=user.login, address=address)


def _count_failure(account: Account, now: float) -> None:
    account.failures += 1
    if account.failures >= MAX_FAILURES:
        account.failures, account.locked_until = 0, now + LOCK_SECONDS


def _locked(account: Account) -> str:
    return (f"Tài khoản '{account.login}' bị khóa đến {when(account.locked_until)} vì nhập sai mật khẩu "
            f"{MAX_FAILURES} lần liên tiếp. Hãy thử lại sau thời điểm đó, hoặc nhờ người quản trị đặt lại "
            f"mật khẩu (python -m bantin users passwd {account.login}).")


# `python -m bantin users …` (bantin.cli): prompts on standard error, answers from standard input.

def _ask(prompt: str, secret: bool = False) -> str:
    """One answer; a password is not shown as it is typed, and is read as a line when input is a pipe."""
    if secret and sys.stdin.isatty():
        return getpass.getpass(prompt)
    print(prompt, end="", file=sys.stderr, flush=True)
    line = sys.stdin.readline()
    if not line:
        raise AccountError("Không đọc được câu trả lời (hết dữ liệu vào).")
    return line.rstrip("\r\n")


def _new_password() -> str:
    password = _ask("Mật khẩu: ", secret=True)
    if _ask("Nhập lại mật khẩu: ", secret=True) != password:
        raise AccountError("Hai lần nhập mật khẩu không giống nhau; chưa thay đổi gì.")
    return password


def users_command(root: Path, action: str, login: str | None, role: str | None) -> int:
    accounts = Accounts(root)
    by = getpass.getuser()
    try:
        if action == "list":
            return _list(accounts)
        assert login is not None  # bantin.cli: every other action names a login
        if action == "add":
            assert role is not None  # bantin.cli: `add` requires --role
            name = _ask("Họ và tên: ")
            email = _ask("Thư điện tử: ")
            account = accounts.add(login, name, email, role, _new_password())
            journal(root, "account-added", login=login, role=role, by=by)
            print(f"Đã tạo tài khoản {login} ({account.name}, {account.email}): "
                  f"{vi.lower_first(ROLES[role])}.")
        elif action == "passwd":
            accounts.one(login)  # before the password is asked
            accounts.set_password(login, _new_password())
            journal(root, "password-changed", login=login, by=by)
            print(f"Đã đổi mật khẩu của tài khoản {login}; các phiên đăng nhập đang mở của tài khoản này "
                  "đã kết thúc.")
        else:
            account = accounts.remove(login)
            journal(root, "account-removed", login=login, by=by)
            print(f"Đã xóa tài khoản {login} ({account.name}).")
    except AccountError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


def _list(accounts: Accounts) -> int:
    everyone = accounts.all()
    if not everyone:
        print("Chưa có tài khoản nào. Tạo tài khoản quản trị đầu tiên: "
              "python -m bantin users add TEN --role admin")
        return 0
    now = time.time()
    print(f"{len(everyone)} tài khoản:")
    for account in everyone.values():
        locked = f"; bị khóa đến {when(account.locked_until)}" if account.locked_until > now else ""
        print(f"  {account.login}: {account.name}, {account.email}, {vi.lower_first(ROLES[account.role])}{locked}")
    return 0
