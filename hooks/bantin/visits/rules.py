"""What counts as a page view, and which agents are robots."""
from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from .logs import Hit

# Substrings of user agents that are not readers: crawlers, command-line and library
# clients, link-preview fetchers, uptime monitors, headless browsers.
DEFAULT_BOTS = ("bot", "crawler", "spider", "slurp", "curl", "wget", "python-requests", "python-urllib",
                "python-httpx", "aiohttp", "go-http-client", "okhttp", "java/", "libwww-perl", "scrapy",
                "facebookexternalhit", "lighthouse", "pingdom", "uptime", "headlesschrome")


def bot_pattern(words: tuple[str, ...] = DEFAULT_BOTS) -> re.Pattern:
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def page_path(target: str) -> str | None:
    """The page a request target names (`/tin-tuc/a/index.html?x` → `/tin-tuc/a/`), or None for an asset."""
    path = unquote(urlsplit(target).path)
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    if path.endswith("/") or path.endswith(".html"):
        return path
    return None


def is_page_view(hit: Hit) -> bool:
    return hit.method == "GET" and hit.status in (200, 304) and page_path(hit.target) is not None


def is_bot(hit: Hit, pattern: re.Pattern) -> bool:
    agent = hit.agent.strip()
    return agent in ("", "-") or bool(pattern.search(agent))
