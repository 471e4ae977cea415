"""Hits → daily visits and page views, per-page views; each hit counted once across runs.

A visitor is a keyed hash of IP address + user agent; the key is random, one per day
(Asia/Ho_Chi_Minh), and is deleted with that day's hashes once the day is over, so
nothing links a reader across days or back to an address. A visit ("lượt truy cập")
is a visitor's page views with no gap over 30 minutes, as NukeViet counts them; a
visit running past midnight counts again on the new day, as a daily counter must.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections import Counter
from dataclasses import dataclass, field

from ..vi import local
from .logs import Hit, parse
from .rules import bot_pattern, is_bot, is_page_view, page_path

VISIT_GAP = dt.timedelta(minutes=30)
ONLINE_WINDOW = dt.timedelta(minutes=5)


@dataclass
class DayCount:
    visits: int = 0
    views: int = 0


@dataclass
class Aggregates:
    """What `data/visits.yml` holds: counts only."""

    total_before: int = 0
    days: dict[dt.date, DayCount] = field(default_factory=dict)
    pages: Counter = field(default_factory=Counter)
    online: int = 0
    updated: dt.datetime | None = None          # time of the newest log line read
    ingested_until: dt.datetime | None = None   # newest hit already counted …
    ingested_at_that_second: int = 0            # … and how many hits of that second


@dataclass
class DayVisitors:
    key: bytes
    last_seen: dict[str, dt.datetime] = field(default_factory=dict)


@dataclass
class VisitorState:
    """Private and short-lived: kept outside data/ and site/, one day at a time."""

    days: dict[dt.date, DayVisitors] = field(default_factory=dict)

    def day(self, day: dt.date) -> DayVisitors:
        if day not in self.days:
            self.days[day] = DayVisitors(secrets.token_bytes(32))
        return self.days[day]

    def forget_before(self, day: dt.date) -> None:
        for old in [d for d in self.days if d < day]:
            del self.days[old]


@dataclass
class Summary:
    lines: int = 0
    malformed: int = 0
    already_counted: int = 0
    not_pages: int = 0
    bots: int = 0
    views: int = 0
    visits: int = 0


def visitor_id(key: bytes, hit: Hit) -> str:
    return hmac.new(key, f"{hit.ip}\n{hit.agent}".encode(), hashlib.sha256).hexdigest()[:20]


class Ingest:
    """One run over log lines, updating aggregates and visitor state in place."""

    def __init__(self, aggregates: Aggregates, state: VisitorState, bots: re.Pattern | None = None):
        self.agg, self.state = aggregates, state
        self.bots = bots or bot_pattern()
        self.summary = Summary()
        self._seen_at_mark = 0

    def run(self, lines: list[str], today: dt.date | None = None) -> Summary:
        hits = self._parse(lines)
        new = []
        for hit in hits:
            if self._is_new(hit):
                new.append(hit)
            else:
                self.summary.already_counted += 1
        for hit in new:
            self._count(hit)
        if new:  # with nothing new, the figures stay as the last run left them
            newest = new[-1].time
            self.agg.updated = max(newest, self.agg.updated) if self.agg.updated else newest
            self.agg.online = self._online()
        if today is not None:
            self.state.forget_before(today)
        return self.summary

    def _parse(self, lines: list[str]) -> list[Hit]:
        hits = []
        for line in lines:
            hit = parse(line)
            if hit is None:
                self.summary.malformed += 1
            else:
                hits.append(hit)
        self.summary.lines = len(lines)
        hits.sort(key=lambda h: h.time)  # stable: same-second lines keep their order
        return hits

    def _is_new(self, hit: Hit) -> bool:
        """After the last counted hit; at its very second, after as many hits as were counted there."""
        until = self.agg.ingested_until
        if until is None or hit.time > until:
            return True
        if hit.time == until:
            if self._seen_at_mark >= self.agg.ingested_at_that_second:
                return True
            self._seen_at_mark += 1
        return False

    def _advance(self, hit: Hit) -> None:
        if self.agg.ingested_until == hit.time:
            self.agg.ingested_at_that_second += 1
        else:
            self.agg.ingested_until, self.agg.ingested_at_that_second = hit.time, 1

    def _count(self, hit: Hit) -> None:
        self._advance(hit)
        if not is_page_view(hit):
            self.summary.not_pages += 1
            return
        if is_bot(hit, self.bots):
            self.summary.bots += 1
            return
        day = local(hit.time).date()
        self.state.forget_before(day)  # a new day: yesterday's key and hashes go
        visitors = self.state.day(day)
        visitor = visitor_id(visitors.key, hit)
        last = visitors.last_seen.get(visitor)
        counts = self.agg.days.setdefault(day, DayCount())
        if last is None or hit.time - last > VISIT_GAP:
            counts.visits += 1
            self.summary.visits += 1
        visitors.last_seen[visitor] = max(hit.time, last) if last else hit.time
        counts.views += 1
        self.summary.views += 1
        self.agg.pages[page_path(hit.target)] += 1

    def _online(self) -> int:
        if self.agg.updated is None:
            return 0
        since = self.agg.updated - ONLINE_WINDOW
        return sum(1 for day in self.state.days.values() for seen in day.last_seen.values() if seen >= since)
