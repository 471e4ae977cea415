"""What counts as a page view, and which agents are robots."""
from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit

# Substrings of user agents that are not readers: crawlers, command-line and library
# clients, link-preview fetchers, uptime monitors, headless browsers.
DEFAULT_BOTS = ("bot", "crawler", "spider", "slurp", "curl", "wget", "python-requests", "python-urllib",
                "python-httpx", "aiohttp", "go-http-client", "okhttp", "java/", "libwww-perl", "scrapy",
                "facebookexternalhit", "lighthouse", "pingdom", "uptime", "headlesschrome")
SUCCESS = (200, 304)
# What `normalise` has to act on: a query, a fragment, an escape, `//`, a `.` segment, no leading `/`.
_UNUSUAL = re.compile(r"[?#%]|//|/\.(?:\.)?(?:/|$)|^[^/]")


def bot_pattern(words: tuple[str, ...] = DEFAULT_BOTS) -> re.Pattern[str]:
    # Matched against the lowercased agent: re.IGNORECASE makes the search ten times slower.
    return re.compile("|".join(re.escape(w.lower()) for w in words))


def normalise(target: str) -> str:
    """The path the server resolves a request target to, as nginx does before serving it:
    percent-decoded, `.`/`..` resolved, `//` collapsed, query and fragment dropped.
    `/x/../`, `//////` and `/./` all name `/`: one page, not three."""
    if not _UNUSUAL.search(target):
        return target  # most lines: nothing to resolve
    path = re.split(r"[?#]", target, maxsplit=1)[0]
    if "://" in path:  # absolute-form target (`GET http://host/x/`), as proxies send
        path = urlsplit(path).path
    path = unquote(path)
    folder = path.endswith(("/", "/.", "/..")) or path in ("", ".", "..")
    path = posixpath.normpath("/" + path.lstrip("/"))  # "//x" would keep its leading "//"
    return path + "/" if folder and path != "/" else path


def page_path(target: str) -> str | None:
    """The page a request target names (`/tin-tuc/a/index.html?x` → `/tin-tuc/a/`), or None for an asset."""
    path = normalise(target)
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return path if path.endswith(("/", ".html")) else None


def request_page(method: str, target: str, status: int) -> str | None:
    """The page a successful `GET` shows, or None: assets, errors, redirects, `HEAD`."""
    if method != "GET" or status not in SUCCESS:
        return None
    return page_path(target)


def bot_agent(agent: str, pattern: re.Pattern[str]) -> bool:
    agent = agent.strip()
    return agent in ("", "-") or bool(pattern.search(agent.lower()))
