"""The pages of the built site, as the request paths readers use: only these get page views.

Any path a server answers 200 to (`/<anything>/../`, a catch-all rule) would otherwise become a
new public key; the built site says which pages exist. A site served under a sub-path
(`https://owner.github.io/bantin/`) has its pages under that prefix in the access log: the
prefix is the folder every URL of `sitemap.xml` shares, which the build always writes and
which always lists the home page, the shortest of them.

Listing a 4,000-bulletin site's 5,000 pages takes 0.3–0.6 s, on every run of a cron job that
mostly finds a few new lines: the list is kept in the private state folder, for as long as the
site folder and its sitemap are the ones it was made from (every build writes a new folder, see
publish.py, and a new sitemap).
"""
from __future__ import annotations

import hashlib
import html
import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from .rules import normalise

_LOC = re.compile(r"<loc>([^<]*)</loc>")


def site_pages(site: Path, cache: Path | None = None) -> frozenset[str]:
    """`/`, `/tin-tuc/a/`, … (with the site's prefix); 404.html is an error page, not a page.
    With `cache` (a file in the private state folder), the list is read from there while the site is
    the one it was made from."""
    key = _site_key(site) if cache else None
    if key and cache is not None:
        try:
            kept = json.loads(cache.read_text(encoding="utf-8"))
            if kept["site"] == key:
                return frozenset(kept["pages"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
    pages = _list_pages(site)
    if key and cache is not None:
        from .store import write_atomic  # here: the store imports PyYAML, which a re-run may not need

        write_atomic(cache, json.dumps({"site": key, "pages": sorted(pages)}, ensure_ascii=False), mode=0o600)
    return pages


def _site_key(site: Path) -> list[str | int] | None:
    """What tells this built site from any other: its folder (a new one each build) and its sitemap. Not the
    folder's time: writing visits.json changes it."""
    try:
        folder = site.stat()
        sitemap = (site / "sitemap.xml").read_bytes()
    except OSError:
        return None
    return [str(site.resolve()), folder.st_dev, folder.st_ino, hashlib.sha256(sitemap).hexdigest()]


def _list_pages(site: Path) -> frozenset[str]:
    prefix = site_prefix(site)
    pages = set()
    for folder, _, names in os.walk(site):
        under = os.path.relpath(folder, site).replace(os.sep, "/") + "/"
        under = "" if under == "./" else under
        for name in names:
            if not name.endswith(".html"):
                continue
            relative = under + name
            if relative == "404.html":
                continue
            pages.add(prefix + (relative[: -len("index.html")] if name == "index.html" else relative))
    if not pages:
        raise FileNotFoundError(f"chưa có trang đã dựng trong {site}: chạy `make build` trước "
                                "(chỉ trang có trong bản dựng mới được đếm lượt xem); chưa đọc dòng nhật ký nào")
    return frozenset(pages)


def site_prefix(site: Path) -> str:
    """`/` for a site at the root of its host, `/bantin/` under a sub-path; `/` without a sitemap."""
    try:
        sitemap = (site / "sitemap.xml").read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return "/"
    paths = [normalise(urlsplit(html.unescape(loc.strip())).path) for loc in _LOC.findall(sitemap)]
    common = os.path.commonprefix(paths) if paths else "/"
    return common[: common.rfind("/") + 1] or "/"
