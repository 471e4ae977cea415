"""Links from an editor's page to a file that does not exist: the mistake `make build` stops on, found the
same way by `make check` and the editor's save, without loading MkDocs.

The rule is MkDocs 1.6's (mkdocs/structure/pages.py, `_RelativePathTreeprocessor.path_to_url` and
`_possible_target_uris`; `validation.links` left at its defaults): a relative link (`a href`, `img src`)
is resolved against the page's file; a link with a file extension whose target is not among the site's
files is an error, with a guess at what was meant; addresses on another host, absolute paths (`/thong-ke/`)
and links without an extension (`../lien-he`) are left as they are. Written here rather than imported
because the core never imports MkDocs; the adapter turns MkDocs' own warning into the same message
(`message`), and tests/test_links.py builds the same pages with MkDocs to keep the two in step.
"""
from __future__ import annotations

import posixpath
from collections.abc import Callable, Container, Iterator
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit, urlunsplit

from ..common.errors import DataError

_AMP = "\x02amp\x03"  # Python-Markdown's stand-in for `&` in e-mail links: never a file


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        key = {"a": "href", "img": "src"}.get(tag)
        value = dict(attrs).get(key) if key else None
        if value is not None:
            self.found.append(value)

    handle_startendtag = handle_starttag


def _target(src_uri: str, path: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path).lstrip("/"))


def _guesses(src_uri: str, page_url: str, path: str, target: str) -> Iterator[str]:
    """What else the link may have meant, in MkDocs' order (directory URLs)."""
    if posixpath.normpath(path) == ".":
        yield src_uri
        return
    tried = {target}
    prefixes = list(dict.fromkeys([target, _target(page_url, path)]))
    suffixes: list[Callable[[str], str]] = [lambda p: p]
    if not posixpath.splitext(target)[-1]:
        suffixes += [lambda p: posixpath.join(p, "index.md"), lambda p: posixpath.join(p, "README.md")]
    if not target.endswith(".") and not path.endswith(".md"):
        suffixes.append(lambda p: p.removesuffix(".html") + ".md")
    for prefix in prefixes:
        for suffix in suffixes:
            guess = posixpath.normpath(suffix(prefix))
            if guess not in tried and not guess.startswith("../"):
                tried.add(guess)
                yield guess


def _relative(url: str, other: str) -> str:
    """`url` from the folder of `other`, as mkdocs.utils.get_relative_url writes it."""
    folder, _, name = other.rpartition("/")
    if "." in name:
        other = folder
    mine = [p for p in posixpath.normpath(other).split("/") if p not in ("", ".")]
    theirs = [p for p in posixpath.normpath(url).split("/") if p not in ("", ".")]
    common = 0
    for a, b in zip(mine, theirs, strict=False):
        if a != b:
            break
        common += 1
    relative = "/".join([".."] * (len(mine) - common) + theirs[common:]) or "."
    return relative + "/" if url.endswith("/") else relative


def missing(html: str, src_uri: str, page_url: str, files: Container[str]) -> list[tuple[str, str, str | None]]:
    """(link as written, the file it leads to, what was probably meant or None) for each link of the page's
    HTML to a file that is not in `files` (the site's files, by their path inside docs/)."""
    parser = _Links()
    parser.feed(html)
    parser.close()
    found = []
    for url in dict.fromkeys(parser.found):
        scheme, netloc, path, query, anchor = urlsplit(url)
        if scheme or netloc or url.startswith(("/", "\\")) or _AMP in url or not path:
            continue
        path = unquote(path)
        target = _target(src_uri, path)
        if target in files or not posixpath.splitext(path)[-1]:
            continue  # there; or no file meant (MkDocs only notes "unrecognized relative link")
        meant = next((g for g in _guesses(src_uri, page_url, path, target) if g in files), None)
        if meant is not None:
            meant = "" if anchor and meant == src_uri else _relative(meant, src_uri)
            meant = urlunsplit(("", "", meant, query, anchor))
        found.append((url, target, meant))
    return found


def message(url: str, target: str, meant: str | None, docs_name: str) -> str:
    hint = f" (ý bạn là '{meant}'?)" if meant else ""
    return f"liên kết tới '{url}' nhưng không có tệp {docs_name}/{target}{hint}"


def errors(html: str, src_uri: str, page_url: str, files: Container[str], text: str,
           docs_name: str) -> list[DataError]:
    """Each broken link of the page as its mistake (`broken`)."""
    found = []
    for url, target, meant in missing(html, src_uri, page_url, files):
        found += broken(url, target, meant, src_uri, text, docs_name)
    return found


def broken(url: str, target: str, meant: str | None, src_uri: str, text: str, docs_name: str) -> list[DataError]:
    """A broken link as the page's mistake, at every line of its file (`text`) that holds the link."""
    shown = f"{docs_name}/{src_uri}"
    lines: list[int | None] = [number for number, line in enumerate(text.splitlines(), 1) if url in line]
    return [DataError(shown, line, None, message(url, target, meant, docs_name)) for line in lines or [None]]
