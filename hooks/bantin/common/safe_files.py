"""Nothing outside the project is read or published: symbolic links in docs/ and data/ are checked.

MkDocs copies whatever a link in docs/ points to into site/: `ln -s /etc/shadow docs/x.txt`
would publish the file, and a link to `.bantin-state/` the day's visitor key. A file link
must stay inside its own folder; links to folders are refused (MkDocs follows them, and a
link to a parent folder never ends).
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from .errors import DataError


def unsafe_links(folder: Path, root: Path) -> list[DataError]:
    """Every symbolic link below `folder` that leaves it, is broken, or names a folder."""
    errors = []
    inside = folder.resolve()
    for path in _links(folder):
        problem = _problem(path, inside)
        if problem:
            errors.append(DataError(_shown(path, root), None, None, problem))
    return sorted(errors, key=lambda e: e.path)


def _links(folder: Path) -> Iterator[Path]:
    """Symbolic links below `folder`, never followed; from the folder listings alone (no stat per file:
    the check runs at every preview build, over thousands of bulletins)."""
    if not folder.is_dir():
        return
    stack = [str(folder)]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_symlink():
                    yield Path(entry.path)
                elif entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)


def _shown(path: Path, root: Path) -> str:
    """The link's own name, not its target's (shown_path would resolve the link)."""
    try:
        return Path(os.path.abspath(path)).relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _problem(path: Path, inside: Path) -> str | None:
    folder = inside.name + "/"
    target = path.resolve()
    if not target.exists():
        return "liên kết (symlink) trỏ tới tệp không tồn tại; hãy xóa liên kết hoặc chép tệp thật vào"
    if target.is_dir():
        return f"liên kết (symlink) tới thư mục không được dùng; hãy chép thư mục thật vào {folder}"
    if not target.is_relative_to(inside):
        return (f"liên kết (symlink) trỏ ra ngoài thư mục {folder}: tệp ngoài {folder} không bao giờ được "
                f"đăng lên trang; hãy chép tệp cần đăng vào {folder}")
    return None
