"""The editors' guides (docs/huong-dan/*.md) in the editor: "Hướng dẫn" shows them rendered.

The guides are drafts of the site (mkdocs.yml `draft_docs`): never published, and `make serve` is not what a
clerk runs, so without this page a clerk who only uses `make edit` would never find them. They are rendered
with the site's own Markdown converter and shown only when their HTML passes the site's safe list.
"""
from __future__ import annotations

import re
from pathlib import Path

from flask import Flask, abort, render_template
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from ..build.checks import page_text
from ..build.html_check import refused, site_converter
from ..common.errors import DataError
from ..news.bulletins import split_front_matter
from .documents import loose

GUIDES = "docs/huong-dan"
START = "bai-viet"  # the guide that opens with "Đăng một tin mới" and "Cập nhật số liệu kỳ mới"
# A link from one guide to another (`du-lieu.md#thoi-han`) → that guide's page here (`du-lieu#thoi-han`).
# MkDocs rewrites such links itself; Python-Markdown leaves them as written.
_GUIDE_LINK = re.compile(r'href="([a-z0-9-]+)\.md(#[^"]*)?"')


def guide_files(root: Path) -> dict[str, Path]:
    """name → file, every guide; a page's name is looked up here, never taken as a path from the request."""
    folder = root / GUIDES
    return {p.stem: p for p in sorted(folder.glob("*.md")) if p.is_file() and not p.is_symlink()}


def register(app: Flask, root: Path) -> None:
    @app.route("/huong-dan/", defaults={"name": START})
    @app.route("/huong-dan/<name>")
    def guide(name: str) -> ResponseReturnValue:
        files = guide_files(root)
        if name not in files:
            abort(404)
        texts = {}
        for key, path in files.items():
            try:
                texts[key] = page_text(path.read_bytes(), f"{GUIDES}/{key}.md")
            except DataError as error:
                if key == name:
                    return _unshown(str(error))
                texts[key] = ""
        titles = {key: str(loose(text).get("title") or key) for key, text in texts.items()}
        text = texts[name]
        html = site_converter(root / "mkdocs.yml")(split_front_matter(text)[1])
        if refused(html, "trang"):
            return _unshown(f"{GUIDES}/{name}.md có mã HTML không được phép (make check nêu chi tiết)")
        html = _GUIDE_LINK.sub(lambda m: f'href="{m.group(1)}{m.group(2) or ""}"', html)
        return render_template("guide.html", name=name, title=titles[name], titles=titles, html=Markup(html))


def _unshown(reason: str) -> tuple[str, int]:
    return render_template("message.html", title="Hướng dẫn chưa hiện được",
                           text=f"{reason}. Hãy báo cán bộ phụ trách công nghệ thông tin."), 422
