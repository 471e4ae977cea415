"""Atomic publishing: a build writes a new site beside the live one and swaps it in only when whole.

The web server keeps reading `site/` while a build runs. A build writes into a staging
folder next to it (same file system, so a rename is possible) and, once everything
including the search index is written and checked, the two folders are exchanged with
one `renameat2(RENAME_EXCHANGE)` call: there is no moment at which `site/` is missing
or half-written. Where the kernel or file system cannot exchange (not Linux, some
network file systems), two renames leave `site/` absent for a few microseconds. A
failed build deletes its staging folder and leaves `site/` byte-for-byte as it was.

`site/` may be a symbolic link to the web root (`site -> /var/www/phuong`): the site is then published
into the link's target, staged beside it and exchanged there, and the link stays. A link to nothing (or
to a file) is refused before the build: replacing it with a folder would leave the web root unchanged
for good while every build said it succeeded.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import json
import logging
import os
import shutil
from pathlib import Path

STAGING_PREFIX = ".bantin-build-"
UNPUBLISHED_PREFIX = ".bantin-unpublished-"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
log = logging.getLogger("bantin")  # what editors and IT staff read: Vietnamese


class PublishError(RuntimeError):
    pass


# `make build` (bantin_build) gives the engine a staging folder and publishes it itself, only once bantin's
# hooks took it (`take`, in on_config): an engine that skips the hooks builds a site without any data, and
# writes it there, never into the live site. Staging folder -> whether the hooks took it (same process).
_handed: dict[Path, bool] = {}


def hand_over(site_dir: Path) -> Path:
    """A staging folder for `site_dir`, for an engine to build into; `taken` tells whether bantin's hooks ran."""
    staging = staging_dir(site_dir)
    _handed[staging] = False
    return staging


def take(site_dir: Path) -> bool:
    """Called by the hooks: whether `site_dir` is a staging folder `make build` publishes itself."""
    staging = Path(site_dir).resolve()
    if staging not in _handed:
        return False
    _handed[staging] = True
    return True


def taken(staging: Path) -> bool:
    return _handed.get(staging, False)


def live_dir(site_dir: Path) -> Path:
    """Where a whole build of `site_dir` is published. mkdocs.yml's `site_dir: .bantin-unpublished-site` is
    published to `site/`: an engine that skips bantin's hooks (nothing of bantin runs then, e.g. a bare
    `zensical build`) writes its site without data into that folder, never into the live one. Any other
    folder (`mkdocs build -d X`) is published where it is named."""
    site_dir = Path(site_dir)
    if site_dir.name.startswith(UNPUBLISHED_PREFIX):
        return site_dir.with_name(site_dir.name[len(UNPUBLISHED_PREFIX):])
    return site_dir


def staging_dir(site_dir: Path) -> Path:
    """A fresh, empty folder beside `site_dir` (beside its link's target); leftovers of interrupted builds
    are removed first."""
    parent = (_link_target(site_dir) or site_dir.resolve()).parent
    prefix = f"{STAGING_PREFIX}{site_dir.name}-"
    try:
        parent.mkdir(parents=True, exist_ok=True)
        for old in parent.glob(prefix + "*"):
            shutil.rmtree(old, ignore_errors=True)
        staging = parent / f"{prefix}{os.getpid()}"
        staging.mkdir()
    except OSError as error:
        raise PublishError(f"không tạo được thư mục dựng trang tạm trong {parent}: "
                           f"{describe_os_error(error)}") from None
    return staging


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def publish(staging: Path, site_dir: Path) -> None:
    """Put the finished build in place of `site_dir` (of its link's target), then delete the old site."""
    site_dir = Path(os.path.abspath(site_dir))
    try:
        live = _link_target(site_dir) or site_dir
    except PublishError:
        discard(staging)
        raise
    _keep_newer_visits(live, staging)
    try:
        if live.is_dir() and not live.is_symlink():
            _exchange(staging, live)
            shutil.rmtree(staging, ignore_errors=True)  # now holds the old site
        else:
            if live.exists():
                live.unlink()
            os.rename(staging, live)
    except OSError as error:
        discard(staging)
        raise PublishError(f"không thay được thư mục {site_dir}: {describe_os_error(error)}; trang cũ vẫn giữ nguyên") \
            from None


def _link_target(site_dir: Path) -> Path | None:
    """The folder a symbolic link `site_dir` leads to (None when it is no link); PublishError when there is
    no such folder."""
    if not site_dir.is_symlink():
        return None
    target = site_dir.resolve()
    if not target.is_dir():
        raise PublishError(f"{site_dir} là liên kết tới {target}, nhưng không có thư mục đó; hãy tạo thư mục "
                           f"{target} (hoặc sửa liên kết) rồi dựng lại; trang chưa được đăng")
    return target


def _exchange(new: Path, old: Path) -> None:
    libc_name = ctypes.util.find_library("c")
    renameat2 = getattr(ctypes.CDLL(libc_name, use_errno=True), "renameat2", None) if libc_name else None
    if renameat2 is not None:
        result = renameat2(_AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(old), _RENAME_EXCHANGE)
        if result == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
            raise OSError(code, os.strerror(code), str(old))
    # No atomic exchange here: the shortest gap two renames allow. Said, not silent.
    log.warning("Đăng trang: hệ thống tệp ở đây không hoán đổi được hai thư mục trong một bước (renameat2); hoán đổi "
                "bằng ba lần đổi tên, giữa chúng có một khoảnh khắc rất ngắn %s chưa có trang", old)
    aside = new.with_name(new.name + "-old")
    os.rename(old, aside)
    os.rename(new, old)
    os.rename(aside, new)


def _keep_newer_visits(site_dir: Path, staging: Path) -> None:
    """`make visits` may have refreshed the live `visits.json` after this build read the data."""
    live, built = site_dir / "visits.json", staging / "visits.json"
    if live.is_file() and not live.is_symlink() and built.is_file() and _updated(live) > _updated(built):
        shutil.copyfile(live, built)


def _updated(path: Path) -> str:
    try:
        return str(json.loads(path.read_text(encoding="utf-8")).get("updated") or "")
    except (OSError, ValueError, AttributeError):
        return ""


def describe_os_error(error: OSError) -> str:
    reasons = {errno.ENOSPC: "hết chỗ trên đĩa", errno.EACCES: "không có quyền ghi",
               errno.EPERM: "không có quyền ghi", errno.EROFS: "ổ đĩa chỉ đọc", errno.EFBIG: "tệp quá lớn"}
    return reasons.get(error.errno or 0, error.strerror or str(error))
