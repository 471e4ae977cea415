"""A realistic day of nginx `combined` log for a ward portal, to time visit counters on.

Shape (by lines): 70% page views by people, the rest their browsers' asset and counter requests,
crawlers and scripts, 404s from scanners and old links, HEAD/POST/redirects and feed readers.
People come back several times a day (sessions of a few pages, 30-minute gaps), most arrive from
Zalo, Facebook, Google or Cốc Cốc (with `fbclid`/`zarsrc` in the URL), and their browsers fetch the
hashed assets once a day. Times follow office hours and evenings (Vietnam time, +0700). The day is
written hour by hour, so memory stays small whatever the size.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

DAY = dt.date(2025, 12, 30)
HOST = "https://phuocbinh.example.gov.vn"
# Share of each hour in the day's traffic (0h … 23h): mornings at the office, evenings on phones.
HOURLY = (2, 1, 1, 1, 1, 2, 4, 7, 9, 9, 8, 7, 5, 6, 8, 8, 7, 6, 6, 7, 8, 7, 5, 3)
# Share of lines by kind: people's page views, what their browsers fetch, robots, 404s, the rest.
KIND_SHARES = {"view": 0.70, "fetch": 0.16, "bot": 0.08, "missing": 0.04, "other": 0.02}

PHONES = ("SM-A536E", "SM-A145F", "CPH2239", "Redmi Note 12", "vivo 1906", "RMX3690", "SM-S918B", "Pixel 7")
ZALO_APP = ("Mozilla/5.0 (Linux; Android {android}; {phone} Build/TP1A.220624.014; wv) AppleWebKit/537.36 "
            "(KHTML, like Gecko) Version/4.0 Chrome/{chrome}.0.{build}.107 Mobile Safari/537.36 "
            "Zalo android/1210{build} ZaloTheme/light ZaloLanguage/vi")
BROWSERS = (
    (30, "Mozilla/5.0 (Linux; Android {android}; {phone}) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/{chrome}.0.0.0 Mobile Safari/537.36"),
    (20, "Mozilla/5.0 (iPhone; CPU iPhone OS {ios} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
         "Version/{safari} Mobile/15E148 Safari/604.1"),
    (15, ZALO_APP),
    (8, "Mozilla/5.0 (iPhone; CPU iPhone OS {ios} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Mobile/15E148 [FBAN/FBIOS;FBAV/48{build}.0.0.40.107;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBLC/vi_VN]"),
    (12, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/{chrome}.0.0.0 Safari/537.36"),
    (8, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "coc_coc_browser/{coccoc}.0.{build} Chrome/{chrome}.0.0.0 Safari/537.36"),
    (4, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/{chrome}.0.0.0 Safari/537.36 Edg/{chrome}.0.{build}.54"),
    (2, "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{firefox}.0) Gecko/20100101 Firefox/{firefox}.0"),
    (1, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/{safari} Safari/605.1.15"),
)
BOTS = (
    ("66.249.66.{n}", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"),
    ("66.249.68.{n}", "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, "
                      "like Gecko) Chrome/131.0.6778.69 Mobile Safari/537.36 (compatible; Googlebot/2.1; "
                      "+http://www.google.com/bot.html)"),
    ("40.77.167.{n}", "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"),
    ("123.30.175.{n}", "Mozilla/5.0 (compatible; coccocbot-web/1.0; +http://help.coccoc.com/searchengine)"),
    ("54.36.148.{n}", "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)"),
    ("185.191.171.{n}", "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)"),
    ("69.171.249.{n}", "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"),
    ("5.255.231.{n}", "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)"),
    ("103.97.125.{n}", "curl/8.5.0"),
    ("103.97.125.{n}", "python-requests/2.31.0"),
    ("34.82.41.{n}", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                     "HeadlessChrome/120.0.6099.109 Safari/537.36"),
)
SCANNED = ("/wp-login.php", "/wp-admin/", "/.env", "/xmlrpc.php", "/.git/config", "/phpmyadmin/",
           "/admin.php", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/cgi-bin/luci",
           "/Default.aspx?tabid=215", "/uploads/news/2023_05/anh-hoi-nghi.jpg", "/tin-tuc/tin-cu-{n}.html",
           "/index.php/tin-tuc/thong-bao-{n}.html", "/apple-touch-icon.png", "/favicon.ico")
REFERRERS = ("-", "-", "https://www.google.com/", "https://www.google.com.vn/", "https://l.facebook.com/",
             "https://m.facebook.com/", "https://zalo.me/", "https://coccoc.com/search?query=phuong+phuoc+binh")
CAMPAIGNS = ("?fbclid=IwAR2{n}xYzQk", "?zarsrc=30&utm_source=zalo&utm_medium=zalo&utm_campaign=zalo",
             "?utm_source=facebook&fbclid=IwZXh0bgNhZW0CMTEAAR{n}")
VN_PREFIXES = ("14.{a}.{b}.{c}", "113.{a}.{b}.{c}", "27.{a}.{b}.{c}", "171.{a}.{b}.{c}", "42.{a}.{b}.{c}",
               "116.{a}.{b}.{c}", "1.{a}.{b}.{c}", "2402:800:{a:x}:{b:x}::{c:x}", "2001:ee0:{a:x}:{b:x}::{c:x}")


@dataclass
class SiteFiles:
    """What the built site has: its pages (URLs) and what browsers fetch with them."""
    pages: list[str]
    assets: list[str]
    images: list[str]
    search: list[str] = field(default_factory=list)


def site_files(site: Path) -> SiteFiles:
    folders = (p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    pages = sorted("/" if folder == "." else f"/{folder}/" for folder in folders)
    assets = sorted("/" + str(p.relative_to(site)) for p in (site / "assets").rglob("*")
                    if p.suffix in (".css", ".js") or p.name.startswith("favicon"))
    images = sorted("/" + str(p.relative_to(site)) for p in (site / "assets").rglob("*.svg")
                    if not p.name.startswith("favicon"))
    search = sorted("/" + str(p.relative_to(site)) for p in (site / "pagefind").glob("pagefind*")) \
        if (site / "pagefind").is_dir() else []
    return SiteFiles(pages, assets, images, search)


@dataclass
class Visitor:
    ip: str
    agent: str
    seen_today: bool = False  # browsers fetch the hashed assets once, then hold them (immutable)


class DayLog:
    """Lines of one day, drawn from `rng`; `lines(count)` yields exactly `count` of them in time order."""

    def __init__(self, files: SiteFiles, visitors: int, rng: random.Random):
        self.files, self.rng = files, rng
        self.visitors = [Visitor(self._ip(), self._agent()) for _ in range(visitors)]
        # A few visitors (staff, regular readers) make most visits: Zipf-like weights.
        self.visitor_weights = _cumulative([1 / (rank + 1) ** 0.9 for rank in range(visitors)])
        ranked = files.pages[:]
        rng.shuffle(ranked)
        home = [p for p in ranked if p == "/"]
        ranked = home + [p for p in ranked if p != "/"]
        self.pages = ranked
        self.page_weights = _cumulative([(8.0 if p == "/" else 1 / (rank + 1) ** 0.8)
                                         for rank, p in enumerate(ranked)])

    def _ip(self) -> str:
        rng = self.rng
        return rng.choice(VN_PREFIXES).format(a=rng.randint(64, 191), b=rng.randint(0, 255), c=rng.randint(1, 254))

    def _agent(self) -> str:
        rng = self.rng
        template = rng.choices([t for _, t in BROWSERS], weights=[w for w, _ in BROWSERS])[0]
        return template.format(android=rng.randint(10, 14), phone=rng.choice(PHONES), chrome=rng.randint(118, 131),
                               build=rng.randint(1000, 6999), ios=f"{rng.randint(15, 18)}_{rng.randint(0, 6)}",
                               safari=f"{rng.randint(15, 18)}.{rng.randint(0, 6)}", coccoc=rng.randint(115, 130),
                               firefox=rng.randint(115, 133))

    def lines(self, count: int):
        """Exactly `count` lines, hour by hour; a session that runs past its hour is carried over."""
        budgets = _split(count, HOURLY)
        carried: list[tuple[int, str]] = []
        for hour, budget in enumerate(budgets):
            batch = carried + self._hour(hour, budget)
            batch.sort(key=lambda item: item[0])  # stable: a session's lines keep their order
            end = (hour + 1) * 3600 if hour < 23 else float("inf")  # the last hour keeps every line
            carried = [item for item in batch if item[0] >= end]
            yield from (text for second, text in batch if second < end)

    def _hour(self, hour: int, budget: int) -> list[tuple[int, str]]:
        made: list[tuple[int, str]] = []
        counts = dict.fromkeys(KIND_SHARES, 0)

        def behind(kind: str) -> float:
            return KIND_SHARES[kind] * (len(made) + 1) - counts[kind]

        while len(made) < budget:
            kind = max(KIND_SHARES, key=behind)  # the kind furthest behind its share: exact shares at any size
            start = hour * 3600 + self.rng.randrange(3600)
            if kind == "view":
                views, fetches = self._visit(start, fetch=behind("fetch") > 0)
                counts["view"] += len(views)
                counts["fetch"] += len(fetches)
                made += views + fetches
            else:
                new = getattr(self, "_" + kind)(start)
                counts[kind] += len(new)
                made += new
        return made[:budget]

    def _visit(self, start: int, fetch: bool) -> tuple[list, list]:
        """One visit: a few page views and, if `fetch`, what the browser fetches with them."""
        rng = self.rng
        visitor = self.visitors[rng.choices(range(len(self.visitors)), cum_weights=self.visitor_weights)[0]]
        count = 1 + min(int(rng.expovariate(0.4)), 30)  # 3 or 4 pages on average
        views, fetches, second, referrer = [], [], start, rng.choice(REFERRERS)
        for number in range(count):
            page = rng.choices(self.pages, cum_weights=self.page_weights)[0]
            shown = page + rng.choice(CAMPAIGNS).format(n=rng.randint(10**5, 10**6)) \
                if number == 0 and referrer != "-" and rng.random() < 0.3 else page
            fresh = rng.random() < 0.85
            size = 18000 + int(rng.random() * 34000) if fresh else 0  # randint is slow on a million lines
            views.append(self._line(second, visitor, "GET", shown, 200 if fresh else 304, size, referrer))
            if fetch:
                fetches += self._fetches(visitor, second, HOST + page)
            referrer, second = HOST + page, second + 5 + int(rng.expovariate(1 / 45))
        return views, fetches

    def _fetches(self, visitor: Visitor, second: int, referrer: str) -> list[tuple[int, str]]:
        """The page's own requests: assets once a day, the live counter, now and then a search."""
        rng, made = self.rng, []
        if not visitor.seen_today:
            visitor.seen_today = True
            for path in self.files.assets + self.files.images:
                made.append(self._line(second, visitor, "GET", path, 200, rng.randint(900, 30000), referrer))
        if rng.random() < 0.12:
            made.append(self._line(second + 1, visitor, "GET", "/visits.json", 200, 700, referrer))
        if self.files.search and rng.random() < 0.01:
            for path in self.files.search[:4]:
                made.append(self._line(second + 2, visitor, "GET", path, 200, rng.randint(2000, 9000), referrer))
        return made

    def _fetch(self, start: int) -> list[tuple[int, str]]:
        """A page left open: its live counter asks again, or the stylesheet is revalidated."""
        rng = self.rng
        visitor = self.visitors[rng.choices(range(len(self.visitors)), cum_weights=self.visitor_weights)[0]]
        if rng.random() < 0.7 or not self.files.assets:
            return [self._line(start, visitor, "GET", "/visits.json", 200, 700, HOST + "/")]
        return [self._line(start, visitor, "GET", rng.choice(self.files.assets), 304, 0, HOST + "/")]

    def _bot(self, start: int) -> list[tuple[int, str]]:
        rng = self.rng
        address, agent = rng.choice(BOTS)
        crawler = Visitor(address.format(n=rng.randint(1, 254)), agent)
        path = rng.choice(("/robots.txt", "/sitemap.xml", "/rss.xml")) if rng.random() < 0.1 \
            else rng.choice(self.pages)
        return [self._line(start, crawler, "GET", path, 200, rng.randint(1500, 52000), "-")]

    def _missing(self, start: int) -> list[tuple[int, str]]:
        rng = self.rng
        scanner = rng.random() < 0.7
        who = Visitor(f"45.{rng.randint(80, 160)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                      "Mozilla/5.0 zgrab/0.x" if rng.random() < 0.3 else self._agent()) if scanner \
            else rng.choice(self.visitors)
        path = rng.choice(SCANNED).format(n=rng.randint(100, 9999)) if scanner \
            else rng.choice(self.pages).rstrip("/") + "-cu/"
        return [self._line(start, who, "GET", path, 404, 4900, "-")]

    def _other(self, start: int) -> list[tuple[int, str]]:
        rng = self.rng
        pick = rng.random()
        if pick < 0.4:  # uptime monitors
            who = Visitor("103.97.125.12", "Uptime-Kuma/1.23.13")
            return [self._line(start, who, "HEAD", "/", 200, 0, "-")]
        if pick < 0.7:  # feed readers
            who = Visitor(f"52.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                          "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 12 subscribers)")
            return [self._line(start, who, "GET", "/rss.xml", rng.choice((200, 304)), 9000, "-")]
        who = rng.choice(self.visitors)
        if pick < 0.9:  # a link typed without its final slash
            page = rng.choice(self.pages).rstrip("/") or "/tin-tuc"
            return [self._line(start, who, "GET", page, 301, 169, "-")]
        return [self._line(start, who, "POST", "/tim-kiem/", 405, 166, HOST + "/tim-kiem/")]

    @staticmethod
    def _line(second: int, who: Visitor, method: str, path: str, status: int, size: int,
              referrer: str) -> tuple[int, str]:
        return second, (f'{who.ip} - - [{_clock(second)}] "{method} {path} HTTP/1.1" {status} {size} '
                        f'"{referrer}" "{who.agent}"')


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


def _split(count: int, shares: tuple[int, ...]) -> list[int]:
    """`count` split by `shares`, summing to `count` exactly."""
    total = sum(shares)
    parts = [count * share // total for share in shares]
    parts[-1] += count - sum(parts)
    return parts


# Every second of the day, formatted once: strftime per line was a fifth of the generator's time.
CLOCK = [f"{DAY:%d/%b/%Y}:{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d} +0700" for s in range(24 * 3600)]


def _clock(second: int) -> str:
    return CLOCK[min(second, len(CLOCK) - 1)]  # the day's last visits end at midnight: still one day


def write_log(path: Path, files: SiteFiles, count: int, visitors: int = 6000, seed: int = 2025) -> Path:
    """`count` lines of one day into `path` (the same arguments always give the same file)."""
    log = DayLog(files, visitors, random.Random(seed))
    with path.open("w", encoding="utf-8") as out:
        for line in log.lines(count):
            out.write(line + "\n")
    return path
