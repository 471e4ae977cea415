"""The three projects a build is timed on, each holding the same generated bulletins.

- plain MkDocs + Material: the peer bantin's target is set against (no hooks, no plugins);
- bantin: a copy of the demo project (tests/sitebuild.py) plus the bulletins in docs/tin-tuc/;
- Hugo: minimal layouts doing what a news site must (paginated lists, newer/older links).
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from content import Bulletin, write_bulletins

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from sitebuild import copy_project  # noqa: E402

NEWS_FOLDER = "docs/tin-tuc/bench"
LEADING_DATE = re.compile(r"^\d{4}-\d\d-\d\d-")  # a sub-folder, as editors may use (docs/tin-tuc/2025/)

PLAIN_MKDOCS_YML = """\
site_name: Trang thông tin điện tử UBND phường Phước Bình
site_url: https://phuocbinh.example.gov.vn/
use_directory_urls: true
theme:
  name: material
  language: vi
  font: false
plugins: []
nav:
  - Trang chủ: index.md
"""

HUGO_CONFIG = """\
baseURL = "https://phuocbinh.example.gov.vn/"
languageCode = "vi"
title = "Trang thông tin điện tử UBND phường Phước Bình"
paginate = 20
[taxonomies]
  tag = "tags"
  chuyenmuc = "category"
"""

# One list template for the home page, sections, tags and categories: 20 bulletins a page, like bantin.
HUGO_LIST = """\
<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>
<h1>{{ .Title }}</h1>
{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = .Site.RegularPages }}{{ end }}
{{ range (.Paginate $pages.ByDate.Reverse).Pages }}
<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<time>{{ .Date.Format "02/01/2006 15:04" }}</time><p>{{ .Params.summary }}</p></article>
{{ end }}
{{ template "_internal/pagination.html" . }}
</body></html>
"""

HUGO_SINGLE = """\
<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>
<article><h1>{{ .Title }}</h1><time>{{ .Date.Format "02/01/2006 15:04" }}</time>
<p><strong>{{ .Params.summary }}</strong></p>
{{ .Content }}
<p>{{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p></article>
{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">Tin mới hơn: {{ .Title }}</a>{{ end }}
{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">Tin cũ hơn: {{ .Title }}</a>{{ end }}
</body></html>
"""


def plain_mkdocs(root: Path, items: list[Bulletin]) -> Path:
    """`theme: material`, no hooks, no plugins; the bulletins are pages the nav does not list."""
    root.mkdir(parents=True)
    (root / "mkdocs.yml").write_text(PLAIN_MKDOCS_YML, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Trang chủ\n", encoding="utf-8")
    write_bulletins(root / NEWS_FOLDER, items)
    return root


def bantin(root: Path, items: list[Bulletin]) -> Path:
    project = copy_project(root)
    write_bulletins(project / NEWS_FOLDER, items)
    return project


def hugo(root: Path, items: list[Bulletin]) -> Path:
    (root / "layouts" / "_default").mkdir(parents=True)
    (root / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (root / "layouts" / "_default" / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    (root / "layouts" / "_default" / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    write_bulletins(root / "content" / "tin-tuc", [hugo_dated(item) for item in items])
    return root


def hugo_dated(item: Bulletin) -> Bulletin:
    """Hugo 0.111 reads `date: 2025-12-30 08:30` (no seconds) as year 1: the same date, written RFC 3339."""
    text = re.sub(r"^date: (\d{4}-\d\d-\d\d) (\d\d:\d\d)$", r"date: \1T\2:00+07:00", item.text, count=1,
                  flags=re.MULTILINE)
    return Bulletin(item.name, text)


def bulletin_url(kind: str, name: str) -> str:
    """Where each generator publishes the bulletin file `name` (a path from the site's root)."""
    stem = name.removesuffix(".md")
    if kind == "bantin":  # from the file name, without its leading date (docs/huong-dan/bai-viet.md)
        return "/tin-tuc/" + LEADING_DATE.sub("", stem) + "/"
    if kind == "hugo":
        return f"/tin-tuc/{stem}/"
    return "/" + NEWS_FOLDER.removeprefix("docs/") + f"/{stem}/"
