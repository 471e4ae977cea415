"""The git commands the editor runs: one commit of exactly the files a save changed, authored by the editor.

The `git` command line, not a library: it is on every machine that has the project, keeps the author's
Vietnamese name as typed, and `git commit --only -- <paths>` leaves whatever else is staged alone.
"""
from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import overload


class GitError(Exception):
    pass


@dataclass(frozen=True)
class Editor:
    name: str
    email: str


@dataclass(frozen=True)
class Change:
    sha: str
    author: str
    when: str
    subject: str


@overload
def run(root: Path, *args: str, editor: Editor | None = None, stdin: bytes,
        timeout: float = 120, committer: Editor | None = None) -> subprocess.CompletedProcess[bytes]: ...
@overload
def run(root: Path, *args: str, editor: Editor | None = None, stdin: str | None = None,
        timeout: float = 120, committer: Editor | None = None) -> subprocess.CompletedProcess[str]: ...
def run(root: Path, *args: str, editor: Editor | None = None, stdin: str | bytes | None = None,
        timeout: float = 120, committer: Editor | None = None
        ) -> subprocess.CompletedProcess[str] | subprocess.CompletedProcess[bytes]:
    """`git` in `root`; the commit's author `editor`, its committer `committer` (the approver) or the author.
    Its output is text, bytes when `stdin` is bytes."""
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C.UTF-8")
    if editor is not None:
        committer = committer or editor
        env.update(GIT_AUTHOR_NAME=editor.name, GIT_AUTHOR_EMAIL=editor.email,
                   GIT_COMMITTER_NAME=committer.name, GIT_COMMITTER_EMAIL=committer.email)
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=not isinstance(stdin, bytes),
                          env=env, input=stdin, timeout=timeout)


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    if result.returncode != 0:
        raise GitError((result.stderr or result.stdout).strip())
    return result.stdout


def is_repository(root: Path) -> bool:
    return run(root, "rev-parse", "--is-inside-work-tree").stdout.strip() == "true"


def commit(root: Path, paths: list[str], message: str, editor: Editor, committer: Editor | None = None) -> str:
    """Commits `paths` (written, added or deleted) and nothing else; returns the new commit's id."""
    _ok(run(root, "add", "--all", "--", *paths))
    _ok(run(root, "commit", "--quiet", "--only", "--no-verify", "-m", message, "--", *paths, editor=editor,
            committer=committer))
    return _ok(run(root, "rev-parse", "HEAD")).strip()


def store_blob(root: Path, data: bytes) -> str:
    """Writes `data` into git's object store as it is (no line-end filter); returns its blob id."""
    result = run(root, "hash-object", "-w", "--no-filters", "--stdin", stdin=data)
    if result.returncode != 0:
        raise GitError(result.stderr.decode("utf-8", "replace").strip())
    return result.stdout.decode().strip()


def read_blob(root: Path, blob: str) -> bytes:
    result = run(root, "cat-file", "blob", blob, stdin=b"")
    if result.returncode != 0:
        raise GitError(result.stderr.decode("utf-8", "replace").strip())
    return result.stdout


def history(root: Path, path: str) -> list[Change]:
    """The commits that changed `path`, newest first."""
    result = run(root, "log", "--format=%H%x1f%an%x1f%ad%x1f%s", "--date=format:%d/%m/%Y %H:%M", "--", path)
    if result.returncode != 0:
        return []  # no commit yet
    return [Change(*line.split("\x1f", 3)) for line in result.stdout.splitlines() if line.count("\x1f") == 3]


def changed_paths(root: Path, sha: str) -> list[str]:
    return _ok(run(root, "show", "--format=", "--name-only", "--no-renames", sha)).split()


def undo(root: Path, sha: str) -> list[str] | None:
    """The commit's changes taken back in the working copy (not committed), or None when later changes
    to the same lines stop it (then nothing is changed). Returns the paths it touched."""
    patch = _ok(run(root, "show", "--binary", "--format=", "--no-color", "--no-renames", sha))
    if run(root, "apply", "--reverse", "--check", stdin=patch).returncode != 0:
        return None
    _ok(run(root, "apply", "--reverse", stdin=patch))
    return changed_paths(root, sha)


def restore(root: Path, paths: list[str]) -> None:
    """Puts `paths` back as the last commit has them (a file the last commit lacks is removed)."""
    for path in paths:
        if run(root, "cat-file", "-e", f"HEAD:{path}").returncode == 0:
            _ok(run(root, "checkout", "HEAD", "--", path))
        else:
            (root / path).unlink(missing_ok=True)


def push_if_remote(root: Path) -> str | None:
    """`git push` when a remote is configured (to the branch's upstream, else to the only remote under the
    branch's name): None without one, else what git said; raises GitError when the push fails."""
    remotes = run(root, "remote").stdout.split()
    if not remotes:
        return None
    if run(root, "rev-parse", "--abbrev-ref", "@{upstream}").returncode == 0:
        result = run(root, "push", timeout=300)
    else:
        result = run(root, "push", remotes[0], "HEAD", timeout=300)
    return _ok(result) + result.stderr
