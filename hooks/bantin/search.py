"""Search: Pagefind indexes the built site; its bundled binary comes from PyPI (`pagefind[bin]`).

Material's lunr search fails Vietnamese (measured: `ha noi` finds nothing for `Hà Nội`, đ is
lost, one multi-megabyte index). Pagefind matches tone marks loosely by itself; đ/d is
handled in the browser (`bantin-search.js`), which also searches the query with đ.
"""
from __future__ import annotations

import asyncio
import os
from pathlib import Path

from pagefind.service import PagefindService

from .publish import describe_os_error


class SearchIndexError(RuntimeError):
    pass


def index_site(site_dir: Path) -> None:
    """Write `site_dir/pagefind/`: the index of every page marked `data-pagefind-body`.

    Pagefind's own command exits 0 when the disk is full, leaving truncated files (measured: every file
    cut at the size limit, exit 0). So its service builds the index in memory and we write the files,
    where a failed write is an error.
    """
    try:
        files = asyncio.run(_index(site_dir))
    except Exception as error:  # noqa: BLE001 — the service reports its own failures as plain exceptions
        raise SearchIndexError(f"Pagefind không tạo được chỉ mục tìm kiếm: {error}") from None
    try:
        for file in files:
            path = site_dir / "pagefind" / file["path"]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(file["content"])
    except OSError as error:
        raise SearchIndexError(f"không ghi được chỉ mục tìm kiếm: {describe_os_error(error)}") from None


class _Service(PagefindService):
    """Pagefind's service, reading its answers without its 2 MiB limit: `get_files` is one answer holding the
    whole index, and past the limit the library's reading task dies silently (measured: a site of 500
    bulletins hung forever). The limit is a ceiling, not a buffer. Written against pagefind 1.5.2 (pinned)."""

    async def launch(self) -> "_Service":
        self._backend = await asyncio.create_subprocess_exec(
            self._bin, "--service", cwd=os.getcwd(), stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, limit=2 ** 31 - 1)
        self._poll_task = self._loop.create_task(self._wait_for_responses())
        return self


async def _index(site_dir: Path) -> list:
    service = await _Service().launch()
    try:
        index = await service.create_index(None)
        await index.add_directory(str(site_dir))
        return await index.get_files()
    finally:
        await service.close()
