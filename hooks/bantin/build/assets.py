"""The site's own CSS, JavaScript and icon get a content hash in their names (`bantin.1a2b3c4d5e.css`).

A changed file gets a new name, so servers can let browsers keep assets for a year
(deploy/nginx.conf) and readers still get the new CSS the moment a page links it.
Editors' images (`assets/anh/…`) keep their names: front matter and data/site.yml name them.
"""
from __future__ import annotations

import hashlib
import posixpath

HASH_LENGTH = 10
_SUFFIXES = (".css", ".js")
_ICONS = ("assets/favicon.svg", "assets/favicon.ico", "assets/favicon.png")


def is_fingerprinted(path: str) -> bool:
    """`path`: relative to docs/, POSIX."""
    return path.startswith("assets/") and (path.endswith(_SUFFIXES) or path in _ICONS)


def fingerprinted_name(path: str, content: bytes) -> str:
    """`assets/bantin.css` → `assets/bantin.<10 hex>.css`."""
    stem, suffix = posixpath.splitext(path)
    return f"{stem}.{hashlib.sha256(content).hexdigest()[:HASH_LENGTH]}{suffix}"
