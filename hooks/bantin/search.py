"""Search: Pagefind indexes the built site; its bundled binary comes from PyPI (`pagefind[bin]`).

Material's lunr search fails Vietnamese (measured: `ha noi` finds nothing for `Hà Nội`, đ is
lost, one multi-megabyte index). Pagefind matches tone marks loosely by itself; đ/d is
handled in the browser (`bantin-search.js`), which also searches the query with đ.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path


class SearchIndexError(RuntimeError):
    pass


def index_site(site_dir: Path) -> None:
    """Write `site_dir/pagefind/`: the index of every page marked `data-pagefind-body`."""
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind không tạo được chỉ mục tìm kiếm: {result.stderr or result.stdout}")
