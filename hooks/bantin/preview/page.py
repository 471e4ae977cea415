"""The page `make serve` shows instead of the site while the data or a page has mistakes; the editor's
in-process preview of one page (`Pages`, through an engine adapter).

MkDocs' own preview keeps the old page and makes new requests wait until the file is fixed
(measured: 10 minutes of a blank tab). The preview shows every mistake at once, and reloads
by itself when a save fixes them. Never published: `make build` fails on the same mistakes.
"""
from __future__ import annotations

import importlib
import mimetypes
import threading
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Protocol

from ..common.errors import DataError, Waiting

# Asks MkDocs' preview server for the site's version and reloads when a new build is ready
# (the preview injects the same kind of script into normal pages).
_RELOAD = """<script>
(function () {
  var seen = 0;
  function poll() {
    fetch("/livereload/" + seen + "/0").then(function (r) { return r.text(); }).then(function (text) {
      var now = parseFloat(text);
      if (seen && now > seen) { location.reload(); } else { seen = now; poll(); }
    }).catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
</script>"""


# What `make serve` prints under the list of mistakes (hooks/bantin_serve.py).
TOLD = "Trình duyệt đang hiện các lỗi này thay cho trang; sửa rồi lưu tệp, trang tự dựng lại."


def error_page(errors: list[DataError]) -> str:
    files: dict[str, list[DataError]] = {}
    waiting = [error for error in errors if isinstance(error, Waiting)]
    errors = [error for error in errors if not isinstance(error, Waiting)]
    for error in errors:
        files.setdefault(error.path, []).append(error)
    sections = []
    for path, items in files.items():
        rows = "".join(f"<li><code>{escape(_where(e))}</code> {escape(_what(e))}</li>" for e in items)
        sections.append(f"<section><h2>{escape(path)} ({len(items)} lỗi)</h2><ul>{rows}</ul></section>")
    if waiting:
        rows = "".join(f"<li><code>{escape(e.path)}</code> {escape(e.message)}</li>" for e in waiting)
        sections.append(f"<section><h2>Chờ sửa các lỗi trên rồi mới kiểm tra được {len(waiting)} trang</h2>"
                        f"<ul>{rows}</ul></section>")
    return (
        '<!doctype html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Lỗi xem trước - trang chưa dựng được</title>\n<style>"
        "body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1a1a1a}"
        "header{background:#b71c1c;color:#fff;padding:1rem 1.5rem}h1{margin:0;font-size:1.4rem}"
        "main{padding:1rem 1.5rem;max-width:70rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}"
        # in the red header: red on white, 6,6:1 (WCAG AA)
        "li{margin:.4rem 0}code{background:#f3f3f3;padding:0 .25rem}"
        "header code{background:#fff;color:#b71c1c}</style>\n</head>\n<body>\n"
        f"<header><h1>Xem trước: trang chưa dựng được vì có {len(errors)} lỗi</h1>"
        "<p>Đây là trang xem trước của <code>make serve</code>, không phải trang đăng lên mạng. "
        "Sửa các lỗi dưới đây rồi lưu tệp: trang tự tải lại.</p></header>\n"
        f"<main>{''.join(sections)}</main>\n{_RELOAD}\n</body>\n</html>\n"
    )


def write_error_pages(site_dir: Path, errors: list[DataError]) -> None:
    """Every page of the preview (404.html answers the rest) shows the list of mistakes."""
    page = error_page(errors)
    for path in [site_dir / "index.html", site_dir / "404.html", *site_dir.rglob("*.html")]:
        path.write_text(page, encoding="utf-8")


def _where(error: DataError) -> str:
    return error.path if error.line is None else f"{error.path}:{error.line}"


def _what(error: DataError) -> str:
    return f"{error.field}: {error.message}" if error.field else error.message


@dataclass(frozen=True)
class Output:
    """One file of the site as the build makes it: a page's HTML or a file's bytes, and where it is published."""
    dest: str  # `tin-tuc/x/index.html`, `assets/bantin.1a2b3c4d.css`
    body: bytes

    @property
    def media_type(self) -> str:
        if self.dest.endswith(".html"):
            return "text/html; charset=utf-8"
        return mimetypes.guess_type(self.dest)[0] or "application/octet-stream"


class PageEngine(Protocol):
    """What an engine adapter (hooks/mkdocs_page.py) offers the in-process preview: one output of the
    project's site, at `address` (`tin-tuc/x/`, `assets/bantin.css`), built with `sources` (paths under
    docs/ → text) in place of those files; nothing written. None: the site has nothing there."""

    def output(self, address: str, sources: dict[str, str]) -> Output | None: ...


ENGINE = "mkdocs_page"  # the engine adapter's module (hooks/): the core never imports MkDocs itself


class Pages:
    """The editor's preview of one page, made in its own process: one engine per project, kept between
    previews (what it keeps warm: mkdocs_page), one build at a time (the engine's hooks hold the build)."""

    def __init__(self, root: Path, engine: Callable[[Path], PageEngine] | None = None):
        self.root = root
        self._make = engine or (lambda root: importlib.import_module(ENGINE).MkDocsPages(root))
        self._engine: PageEngine | None = None
        self._lock = threading.Lock()

    def output(self, address: str, sources: dict[str, str]) -> Output | None:
        with self._lock:
            if self._engine is None:
                self._engine = self._make(self.root)
            return self._engine.output(address, sources)
