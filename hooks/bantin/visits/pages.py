"""The pages of the built site, as the request paths readers use: only these get page views.

Any path a server answers 200 to (`/<anything>/../`, a catch-all rule) would otherwise become a
new public key; the built site says which pages exist. A site served under a sub-path
(`https://owner.github.io/bantin/`) has its pages under that prefix in the access log: the
prefix is the folder every URL of `sitemap.xml` shares, which the build always writes and
which always lists the home page, the shortest of them.
"""
from __future__ import annotations

import html
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from .rules import normalise

_LOC = re.compile(r"<loc>([^<]*)</loc>")


def site_pages(site: Path) -> frozenset[str]:
    """`/`, `/tin-tuc/a/`, … (with the site's prefix); 404.html is an error page, not a page."""
    prefix = site_prefix(site)
    pages = set()
    for page in site.rglob("*.html"):
        relative = page.relative_to(site).as_posix()
        if relative == "404.html":
            continue
        folder = relative[: -len("index.html")] if page.name == "index.html" else relative
        pages.add(prefix + folder)
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
