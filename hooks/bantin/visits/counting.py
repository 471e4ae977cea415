"""Hits → daily visits and page views, per-page views.

A visitor is a keyed hash of IP address + user agent; the key is random, one per day
(Asia/Ho_Chi_Minh), and is deleted with that day's hashes once the day is over (and
`LATE_LINES` more, for lines written out of order), so nothing links a reader across days or
back to an address. A visit ("lượt truy cập")
is a visitor's page views with no gap over 30 minutes, as NukeViet counts them; a
visit running past midnight counts again on the new day, as a daily counter must.

Lines out of order (a server writes a line when its request ends; nginx's buffered logs flush
each worker in turn) never start a visit their visitor's later views already count: a view earlier
than the visitor's last is part of that visit, and a day's visitors, like the hashes of visitors
gone quiet, are kept `LATE_LINES` longer than the visits need, across midnight and across runs.

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
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from .clock import local
from .logs import Mark, fields, parse_time
from .rules import bot_agent, bot_pattern, request_page

VISIT_GAP = dt.timedelta(minutes=30)
ONLINE_WINDOW = dt.timedelta(minutes=5)
# A line dated after the run's clock by more than this is a wrong clock or a forged line:
# counting it would move "today" into the future.
FUTURE_SLACK = dt.timedelta(minutes=10)
# How far a line may step back behind the newest one read and still find its visitor (an hour: far more
# than a request lasts or a log buffer waits).
LATE_LINES = dt.timedelta(hours=1)
_NO_TIME = dt.datetime.min.replace(tzinfo=dt.UTC)  # a malformed second's stand-in


@dataclass
class DayCount:
    visits: int = 0
    views: int = 0


@dataclass
class Aggregates:
    """Counts and how far each log was read (kept together in `.bantin-state/visits.yml`), and
    `total_before` (a setting, from `data/visits.yml`)."""

    total_before: int = 0
    days: dict[dt.date, DayCount] = field(default_factory=dict)
    pages: Counter[str] = field(default_factory=Counter)  # page path → views
    online: int = 0
    updated: dt.datetime | None = None          # time of the newest log line read
    logs: dict[str, Mark] = field(default_factory=dict)  # log fingerprint → how far it was read
    # From files written before the registry of logs: lines up to this time were counted.
    # Used by one run, then dropped.
    legacy_until: dt.datetime | None = None
    log_key: bytes | None = None  # keys the logs' identities (logs.identity) and `Mark.tail`
    moved: bool = False  # counts read from `data/visits.yml`, as older versions kept them there


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
    mismatched: list[str] = field(default_factory=list)  # logs whose first line another log read has
    moved: bool = False  # the counts were read from data/visits.yml (older versions) and are now in the state


def visitor_id(key: bytes, ip: str, agent: str) -> str:
    # Keyed BLAKE2b: a MAC like HMAC-SHA256, at a third of the cost on every page view.
    return hashlib.blake2b(f"{ip}\n{agent}".encode(), key=key, digest_size=10).hexdigest()


def kept_from(time: dt.datetime) -> dt.date:
    """The first day whose visitors are still needed when `time` is the newest line or the clock."""
    return local(time - LATE_LINES).date()


Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value")


class _Memo(dict[Key, Value]):
    """`function`'s results by argument, for what a log repeats on many lines (seconds, requests, agents,
    readers): forgotten all at once past `size` entries, so memory stays bounded whatever the log (nginx
    takes request lines and headers of 8 KB at most: 4,096 of them are 32 MB)."""

    def __init__(self, function: Callable[[Key], Value], size: int):
        super().__init__()
        self.function, self.size = function, size

    def __missing__(self, key: Key) -> Value:
        if len(self) >= self.size:
            self.clear()
        value = self[key] = self.function(key)
        return value


class _Second:
    """What the lines of one logged second have in common, worked out once for all of them."""

    __slots__ = ("time", "skip", "_day")

    def __init__(self, time: dt.datetime, skip: str | None):
        self.time = time
        self.skip = skip  # the Summary field its lines count in, when they count nothing
        self._day: dt.date | None = None

    @property
    def day(self) -> dt.date:
        """In Vietnam; worked out for page views only, as their time alone must be one Python can move
        there (year 1 cannot be)."""
        if self._day is None:
            self._day = local(self.time).date()
        return self._day


class Ingest:
    """One run over log lines (`count` them, then `finish`), updating aggregates and visitor state in place.

    A log repeats its seconds, requests, agents and readers on many lines: each is worked out once
    (the memos below), so most lines cost a match and a few dictionary look-ups."""

    def __init__(self, aggregates: Aggregates, state: VisitorState, pages: frozenset[str],
                 bots: re.Pattern[str] | None = None, now: dt.datetime | None = None):
        self.agg, self.state, self.pages = aggregates, state, pages
        self.bots = bots or bot_pattern()
        self.latest = (now or dt.datetime.now(dt.UTC)) + FUTURE_SLACK
        self.summary = Summary()
        self.newest: dt.datetime | None = None
        self.day: dt.date | None = None  # of the last page view; that day's visitors and counts:
        # Stand-ins until the first page view's day (`_new_day`), so that the hot path tests nothing
        self.visitors = DayVisitors(b"")
        self.counts = DayCount()
        self.seconds = _Memo(self._second, 4096)  # time as logged → _Second
        self.requests = _Memo(self._page, 4096)  # (method, target, status) → page or None
        self.robots: _Memo[str, bool] = _Memo(lambda agent: bot_agent(agent, self.bots), 4096)
        # (ip, agent) → visitor, with the day's key: forgotten with the key (addresses stay in memory only)
        self.readers: _Memo[tuple[str, str], str] = _Memo(lambda reader: visitor_id(self.visitors.key, *reader), 4096)

    def run(self, lines: Iterable[str], today: dt.date | None = None) -> Summary:
        self.count(lines)
        return self.finish(today)

    def count(self, lines: Iterable[str]) -> None:
        summary, seconds, requests, robots, pages = self.summary, self.seconds, self.requests, self.robots, self.pages
        seen = None  # the second of the last line counted in `newest`
        for line in lines:
            found = fields(line)
            if found is None:
                self._malformed(line)
                continue
            summary.lines += 1
            ip, time, method, target, status, agent = found
            second = seconds[time]
            if second.skip:
                self._skipped(second.skip)
                continue
            if second is not seen:
                seen = second
                self._seen(second.time)
            page = requests[method, target, status]
            if page is None:
                summary.not_pages += 1
            elif robots[agent]:
                summary.bots += 1
            elif page not in pages:
                summary.unknown += 1  # one number, never a new key: junk paths cannot grow the files
            else:
                self._view(second, ip, agent, page)

    def finish(self, today: dt.date | None = None) -> Summary:
        if self.newest is not None:  # with nothing new, the figures stay as the last run left them
            self.agg.updated = max(self.newest, self.agg.updated) if self.agg.updated else self.newest
            self.agg.online = self._online()
            self.state.forget_seen_before(self.agg.updated - VISIT_GAP - LATE_LINES)
            self.state.forget_before(kept_from(self.agg.updated))
        self.agg.legacy_until = None  # the registry of logs now says what was read
        if today is not None:
            self.state.forget_before(today)
        return self.summary

    def _malformed(self, line: str) -> None:
        if line.strip():  # a blank line is no line
            self.summary.lines += 1
            self.summary.malformed += 1

    def _skipped(self, name: str) -> None:
        setattr(self.summary, name, getattr(self.summary, name) + 1)

    def _second(self, logged: str) -> _Second:
        time = parse_time(logged)
        if time is None:
            return _Second(_NO_TIME, "malformed")  # skipped: its time is never read
        if time > self.latest:
            return _Second(time, "future")
        if self.agg.legacy_until and time <= self.agg.legacy_until:
            return _Second(time, "already_counted")
        return _Second(time, None)

    @staticmethod
    def _page(request: tuple[str, str, str]) -> str | None:
        method, target, status = request
        return request_page(method, target, int(status))

    def _seen(self, time: dt.datetime) -> None:
        if self.newest is None or not self.newest > time:  # as max(time, newest): the first of equals
            self.newest = time

    def _view(self, second: _Second, ip: str, agent: str, page: str) -> None:
        day, time = second.day, second.time
        if day != self.day:
            self._new_day(day)
        visitor = self.readers[ip, agent]
        last_seen = self.visitors.last_seen
        last = last_seen.get(visitor)
        if last is None or time - last > VISIT_GAP:
            self.counts.visits += 1
            self.summary.visits += 1
        if last is None or not last > time:  # as max(time, last)
            last_seen[visitor] = time
        self.counts.views += 1
        self.summary.views += 1
        self.agg.pages[page] += 1

    def _new_day(self, day: dt.date) -> None:
        assert self.newest is not None  # `count` saw the view's second first
        self.state.forget_before(kept_from(self.newest))  # past days' keys and hashes go
        self.day, self.visitors = day, self.state.day(day)
        self.counts = self.agg.days.setdefault(day, DayCount())
        self.readers.clear()  # hashes of another key

    def _online(self) -> int:
        assert self.agg.updated is not None  # `finish` set it
        since = self.agg.updated - ONLINE_WINDOW
        return sum(1 for day in self.state.days.values() for seen in day.last_seen.values() if seen >= since)
