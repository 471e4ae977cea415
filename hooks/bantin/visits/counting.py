"""Hits → daily visits and page views, per-page views.

A visitor is a keyed hash of IP address + user agent; the key is random, one per day
(Asia/Ho_Chi_Minh), and is deleted with that day's hashes once the day is over, so
nothing links a reader across days or back to an address. A visit ("lượt truy cập")
is a visitor's page views with no gap over 30 minutes, as NukeViet counts them; a
visit running past midnight counts again on the new day, as a daily counter must.

Each line is read once (the registry of logs in `logs.py` sees to it), so this module
only decides what a line counts as. Lines of a day whose key is already gone (a log read
late) get a key of their own for that run: a visit split between that log and one read
earlier counts twice.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from .clock import local
from .logs import Hit, Mark, parse
from .rules import bot_pattern, is_bot, viewed_page

VISIT_GAP = dt.timedelta(minutes=30)
ONLINE_WINDOW = dt.timedelta(minutes=5)
# A line dated after the run's clock by more than this is a wrong clock or a forged line:
# counting it would move "today" into the future.
FUTURE_SLACK = dt.timedelta(minutes=10)


@dataclass
class DayCount:
    visits: int = 0
    views: int = 0


@dataclass
class Aggregates:
    """What `data/visits.yml` holds: counts, and how far each log was read (written together)."""

    total_before: int = 0
    days: dict[dt.date, DayCount] = field(default_factory=dict)
    pages: Counter = field(default_factory=Counter)
    online: int = 0
    updated: dt.datetime | None = None          # time of the newest log line read
    logs: dict[str, Mark] = field(default_factory=dict)  # log fingerprint → how far it was read
    # From files written before the registry of logs: lines up to this time were counted.
    # Used by one run, then dropped.
    legacy_until: dt.datetime | None = None


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

    def forget_seen_before(self, time: dt.datetime) -> None:
        """A visitor not seen since `time` can only start a new visit: their hash is no longer needed."""
        for visitors in self.days.values():
            visitors.last_seen = {v: t for v, t in visitors.last_seen.items() if t >= time}


@dataclass
class Summary:
    lines: int = 0            # new complete lines read
    views: int = 0
    visits: int = 0
    already_counted: int = 0  # only in the first run over a file from before the registry of logs
    not_pages: int = 0
    bots: int = 0
    unknown: int = 0          # views of page-like paths the built site does not have
    future: int = 0
    malformed: int = 0
    cut: list[str] = field(default_factory=list)  # .gz files that ended early


def visitor_id(key: bytes, hit: Hit) -> str:
    # Keyed BLAKE2b: a MAC like HMAC-SHA256, at a third of the cost on every page view.
    return hashlib.blake2b(f"{hit.ip}\n{hit.agent}".encode(), key=key, digest_size=10).hexdigest()


@lru_cache(maxsize=1024)
def _local_day(time: dt.datetime) -> dt.date:
    return local(time).date()  # lines share their second: compute each once


class Ingest:
    """One run over log lines, updating aggregates and visitor state in place."""

    def __init__(self, aggregates: Aggregates, state: VisitorState, pages: frozenset[str],
                 bots: re.Pattern | None = None, now: dt.datetime | None = None):
        self.agg, self.state, self.pages = aggregates, state, pages
        self.bots = bots or bot_pattern()
        self.latest = (now or dt.datetime.now(dt.timezone.utc)) + FUTURE_SLACK
        self.summary = Summary()
        self.newest: dt.datetime | None = None
        self.day: dt.date | None = None  # of the last page view

    def run(self, lines: Iterable[str], today: dt.date | None = None) -> Summary:
        self.count(lines)
        return self.finish(today)

    def count(self, lines: Iterable[str]) -> None:
        for line in lines:
            if line.strip():
                self.summary.lines += 1
                self._line(line)

    def finish(self, today: dt.date | None = None) -> Summary:
        if self.newest is not None:  # with nothing new, the figures stay as the last run left them
            self.agg.updated = max(self.newest, self.agg.updated) if self.agg.updated else self.newest
            self.agg.online = self._online()
            self.state.forget_seen_before(self.agg.updated - VISIT_GAP)
        self.agg.legacy_until = None  # the registry of logs now says what was read
        if today is not None:
            self.state.forget_before(today)
        return self.summary

    def _line(self, line: str) -> None:
        hit, summary = parse(line), self.summary
        if hit is None:
            summary.malformed += 1
        elif hit.time > self.latest:
            summary.future += 1
        elif self.agg.legacy_until and hit.time <= self.agg.legacy_until:
            summary.already_counted += 1
        else:
            self.newest = max(hit.time, self.newest) if self.newest else hit.time
            self._hit(hit)

    def _hit(self, hit: Hit) -> None:
        page = viewed_page(hit)
        if page is None:
            self.summary.not_pages += 1
        elif is_bot(hit, self.bots):
            self.summary.bots += 1
        elif page not in self.pages:
            self.summary.unknown += 1  # one number, never a new key: junk paths cannot grow the files
        else:
            self._view(hit, page)

    def _view(self, hit: Hit, page: str) -> None:
        day = _local_day(hit.time)
        if day != self.day:
            self.state.forget_before(day)  # a new day: yesterday's key and hashes go
            self.day = day
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
        self.agg.pages[page] += 1

    def _online(self) -> int:
        since = self.agg.updated - ONLINE_WINDOW
        return sum(1 for day in self.state.days.values() for seen in day.last_seen.values() if seen >= since)
