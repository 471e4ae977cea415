"""nginx/Apache "combined" access logs, plain or gzip-compressed: hits, and reading on from
where the last run stopped.

A log is known by its content, not its name: the fingerprint of its first complete line, as
Filebeat's registry knows files. `access.log` → `access.log.1` → `access.log.2.gz` stays one
log and resumes where it was left; offsets count decompressed bytes, so a log and its .gz
copy share them.
"""
from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, Iterator, NamedTuple

# Quoted fields as `[^"\\]*(?:\\.[^"\\]*)*` (escapes allowed), not `(?:[^"\\]|\\.)*`: a third of the time.
_QUOTED = r'[^"\\]*(?:\\.[^"\\]*)*'
_HEAD = (r'^(?P<ip>\S+) \S+ \S+ \[(?P<time>[^\]]+)\] "(?P<method>[A-Z]+) (?P<target>\S+)(?: \S+)?" '
         r'(?P<status>\d{3}) (?:\d+|-)')
_LINE = re.compile(_HEAD + rf'(?: "{_QUOTED}" "(?P<agent>{_QUOTED})")?')
# The same match on a line without a backslash (nginx escapes `"` as `\x22`: nearly every line), where a
# quoted field can only end at the next `"`: in two thirds of the time.
_PLAIN_LINE = re.compile(_HEAD + r'(?: "[^"]*" "(?P<agent>[^"]*)")?')
_TIME = "%d/%b/%Y:%H:%M:%S %z"
# The usual shape of `_TIME` (26 characters), read without strptime. nginx writes English month
# names whatever the locale.
_CLF_TIME = re.compile(r"([0-9]{2})/([A-Z][a-z]{2})/([0-9]{4}):([0-9]{2}):([0-9]{2}):([0-9]{2}) "
                       r"([+-])([0-9]{2})([0-5][0-9])")
_MONTHS = {name: number for number, name in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), start=1)}
_SECONDS = [dt.timedelta(seconds=second) for second in range(60)]
# What a .gz still being written by logrotate, or cut short, raises where it ends.
_CUT = (EOFError, zlib.error, gzip.BadGzipFile)
_EPOCH = dt.datetime.min.replace(tzinfo=dt.timezone.utc)


class Hit(NamedTuple):
    time: dt.datetime  # aware, as logged
    ip: str
    method: str
    target: str
    status: int
    agent: str


def fields(line: str) -> tuple[str, str, str, str, str, str] | None:
    """(ip, time as logged, method, target, status, agent or "") of a well-formed line, else None:
    what counting reads of every line, before it knows which of them it needs."""
    match = (_PLAIN_LINE if "\\" not in line else _LINE).match(line)
    return match.groups("") if match else None


def parse_time(text: str) -> dt.datetime | None:
    """An aware datetime, or None for a malformed time."""
    second = text[18:20]
    if len(text) == 26 and text[17] == ":" and second.isascii() and second.isdigit():
        minute = _minute(text[:17], text[20:])  # lines share their minute: each is parsed once
        if minute is not None and int(second) < 60:
            return minute + _SECONDS[int(second)]
    try:
        return dt.datetime.strptime(text, _TIME)
    except ValueError:
        return None


@lru_cache(maxsize=64)
def _minute(start: str, zone: str) -> dt.datetime | None:
    """`30/Dec/2025:08:30` and ` +0700` at second 0, if in the usual shape: what strptime would give,
    in a tenth of its time."""
    parts = _CLF_TIME.fullmatch(f"{start}:00{zone}")
    if not parts or parts[2] not in _MONTHS:
        return None
    day, month, year, hour, minute, _, sign, zone_hours, zone_minutes = parts.groups()
    offset = (int(zone_hours) * 60 + int(zone_minutes)) * 60
    try:
        return dt.datetime(int(year), _MONTHS[month], int(day), int(hour), int(minute),
                           tzinfo=_zone(-offset if sign == "-" else offset))
    except ValueError:  # out of range (31 November, hour 24, …): strptime has the last word
        return None


@lru_cache(maxsize=None)  # at most 2 × 24 × 60 valid offsets
def _zone(offset: int) -> dt.tzinfo:
    # One object per offset: times that share their tzinfo are compared and subtracted as naive
    # ones, several times faster (the visit gap is checked on every page view).
    return dt.timezone(dt.timedelta(seconds=offset))


def parse(line: str) -> Hit | None:
    """A hit, or None for a malformed line."""
    found = fields(line)
    time = parse_time(found[1]) if found else None
    if time is None:
        return None
    ip, _, method, target, status, agent = found
    return Hit(time, ip, method, target, int(status), agent)


def fingerprint(first_line: bytes) -> str:
    """A log's identity: sha256 of its first line from the `[time]` on. The client address and
    user name before it are left out, so the public registry cannot be matched against an address."""
    start = first_line.find(b"[")
    return hashlib.sha256(first_line[max(start, 0):]).hexdigest()[:20]


@dataclass(frozen=True)
class Mark:
    """How far a log was read: decompressed bytes of its complete lines; for a .gz read to its
    valid end, also its compressed size then (the same size again means nothing new)."""

    offset: int = 0
    gz_size: int | None = None


class LogFile:
    """One log, kept open from the first look to the last line, so a rename by logrotate in
    between cannot swap its content."""

    def __init__(self, path: Path):
        self.path = path
        self.raw = open(path, "rb")
        self.gzip = self.raw.read(2) == b"\x1f\x8b"  # told apart by content, not by name
        self.size = os.fstat(self.raw.fileno()).st_size
        first = self._first_line()
        self.fingerprint = fingerprint(first) if first else None  # None: no complete line yet
        hit = parse(first.decode("utf-8", "replace")) if first else None
        self.started = hit.time if hit else _EPOCH

    def __enter__(self) -> LogFile:
        return self

    def __exit__(self, *exc) -> None:
        self.raw.close()

    def stream(self) -> BinaryIO:
        self.raw.seek(0)
        return gzip.GzipFile(fileobj=self.raw, mode="rb") if self.gzip else self.raw

    def _first_line(self) -> bytes | None:
        try:
            line = self.stream().readline()
        except _CUT:
            return None
        return line if line.endswith(b"\n") else None

    def read(self, mark: Mark) -> Reading:
        return Reading(self, mark)


class Reading:
    """The complete lines of a log after `mark`. Once iterated, `mark` says how far it got and
    `cut` whether a .gz ended early (logrotate still compressing it, or truncated)."""

    def __init__(self, log: LogFile, mark: Mark):
        self.log, self.mark, self.cut = log, mark, False

    def __iter__(self) -> Iterator[str]:
        log = self.log
        if log.gzip and self.mark.gz_size == log.size:
            return  # finished and unchanged: not even decompressed
        offset, stream = self.mark.offset, log.stream()
        try:
            stream.seek(offset)  # a .gz decompresses up to there
        except _CUT:
            self.cut = True
            return
        while (raw := self._next(stream)).endswith(b"\n") or (raw and log.gzip):
            # A plain log's last line without "\n" is still being written; a .gz that ended
            # cleanly is final, its last line too.
            offset += len(raw)
            yield raw.decode("utf-8", "replace").rstrip("\r\n")
        gz_size = (None if self.cut else log.size) if log.gzip else self.mark.gz_size
        self.mark = Mark(offset, gz_size)

    def _next(self, stream: BinaryIO) -> bytes:
        try:
            return stream.readline()
        except _CUT:
            self.cut = True
            return b""
