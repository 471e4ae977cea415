"""nginx/Apache "combined" access logs, plain or gzip-compressed: hits, and reading on from
where the last run stopped.

A log is known by its content, not its name, as Filebeat's registry knows files: its identity is a
keyed hash of its whole first line (client address included: the logs of two servers behind one load
balancer differ there), and the place it was read to is checked before reading on: the bytes just
before it must be the ones read there (`Mark.tail`). Two logs that share even their first line are
told apart that way. `access.log` → `access.log.1` → `access.log.2.gz` stays one log and resumes
where it was left; offsets count decompressed bytes, so a log and its .gz copy share them.

Memory is bounded by `MAX_LINE`, whatever the log: a longer line is read in pieces and skipped.
"""
from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

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
_EPOCH = dt.datetime.min.replace(tzinfo=dt.UTC)
# nginx takes request lines and headers of 8 KB by default, 64 KB at most in usual settings: a longer line
# is not a reader's request. Reading stops there, so a line of any length costs at most a few times this.
MAX_LINE = 1 << 16
WINDOW = 64  # bytes before a log's read place that `Mark.tail` vouches for


class Hit(NamedTuple):
    time: dt.datetime  # aware, as logged
    ip: str
    method: str
    target: str
    status: int
    agent: str


def fields(line: str) -> tuple[str, ...] | None:
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


@cache  # at most 2 × 24 × 60 valid offsets
def _zone(offset: int) -> dt.tzinfo:
    # One object per offset: times that share their tzinfo are compared and subtracted as naive
    # ones, several times faster (the visit gap is checked on every page view).
    return dt.timezone(dt.timedelta(seconds=offset))


def parse(line: str) -> Hit | None:
    """A hit, or None for a malformed line."""
    found = fields(line)
    time = parse_time(found[1]) if found is not None else None
    if found is None or time is None:
        return None
    ip, _, method, target, status, agent = found
    return Hit(time, ip, method, target, int(status), agent)


def identity(first_line: bytes, key: bytes) -> str:
    """A log's identity: a keyed hash of its whole first line. Keyed (the key is in the private state), so
    the registry of logs cannot be matched against an address."""
    return hashlib.blake2b(first_line, key=key, digest_size=10).hexdigest()


def legacy_fingerprint(first_line: bytes) -> str:
    """The identity older versions gave a log (its first line from the `[time]` on, without the address,
    which two servers' logs could share): what the registries they wrote are keyed by."""
    start = first_line.find(b"[")
    return hashlib.sha256(first_line[max(start, 0):]).hexdigest()[:20]


@dataclass(frozen=True)
class Mark:
    """How far a log was read: decompressed bytes of its complete lines; `tail`, a keyed hash of the
    `WINDOW` bytes before that place; for a .gz read to its valid end, also its compressed size then and
    its last 8 bytes (the CRC-32 and length of its content): the same again means nothing new.
    Marks of older versions have neither `tail` nor `gz_end`."""

    offset: int = 0
    gz_size: int | None = None
    tail: str | None = None
    gz_end: str | None = None


class LogFile:
    """One log, kept open from the first look to the last line, so a rename by logrotate in
    between cannot swap its content."""

    def __init__(self, path: Path, key: bytes = b""):
        self.path, self.key = path, key
        self.raw = open(path, "rb")  # noqa: SIM115 — closed by __exit__: a LogFile is a context manager
        self.gzip = self.raw.read(2) == b"\x1f\x8b"  # told apart by content, not by name
        self.size = os.fstat(self.raw.fileno()).st_size
        first = self._first_line()
        self.identity = identity(first, key) if first else None  # None: no complete line yet
        self.legacy = legacy_fingerprint(first) if first else None
        hit = parse(first.decode("utf-8", "replace")) if first and len(first) < MAX_LINE else None
        self.started = hit.time if hit else _EPOCH

    def __enter__(self) -> LogFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.raw.close()

    def stream(self) -> io.BufferedIOBase:
        self.raw.seek(0)
        return gzip.GzipFile(fileobj=self.raw, mode="rb") if self.gzip else self.raw

    def _first_line(self) -> bytes | None:
        """The first complete line (its first `MAX_LINE` bytes when longer), or None while there is none:
        a plain log's line without its newline is still being written; a .gz whose stream ended cleanly
        (its end marker read: no error) is complete, its last line too."""
        stream = self.stream()
        try:
            line = piece = stream.readline(MAX_LINE)
            while len(piece) == MAX_LINE and not piece.endswith(b"\n"):  # a long line: complete once it ends
                piece = stream.readline(MAX_LINE)
        except _CUT:
            return None
        return line if piece.endswith(b"\n") or (line and self.gzip) else None

    def gz_end(self) -> str:
        return os.pread(self.raw.fileno(), 8, max(self.size - 8, 0)).hex()

    def check(self, window: bytes) -> str:
        return hashlib.blake2b(window, key=self.key, digest_size=8).hexdigest()

    def read(self, mark: Mark) -> Reading:
        return Reading(self, mark)


class Reading:
    """The complete lines of a log after `mark`. Made, it says whether the log `fits` the mark (the bytes
    before its place are those read there); once iterated, `mark` says how far it got, `cut` whether a
    .gz ended early (logrotate still compressing it, or truncated) and `too_long` how many lines longer
    than `MAX_LINE` were skipped."""

    def __init__(self, log: LogFile, mark: Mark):
        self.log, self.mark, self.cut, self.fits, self.too_long = log, mark, False, True, 0
        self._stream = self._start()

    def _start(self) -> io.BufferedIOBase | None:
        """The stream at the mark's place, or None: nothing to read, a .gz that ends before it, a log that
        is not the one the mark is of (`fits` False)."""
        log, mark = self.log, self.mark
        if log.gzip and mark.gz_size == log.size and mark.gz_end in (None, log.gz_end()):
            if mark.gz_end is None:  # a mark of an older version: vouched for from now on
                self.mark = Mark(mark.offset, mark.gz_size, mark.tail, log.gz_end())
            return None  # finished and unchanged: not even decompressed
        stream, size = log.stream(), min(WINDOW, mark.offset)
        try:
            stream.seek(mark.offset - size)  # a .gz decompresses up to there
            window = stream.read(size)
        except _CUT:
            self.cut = True
            return None
        if len(window) < size or (mark.tail is not None and log.check(window) != mark.tail):
            self.fits = False  # shorter than the place it was read to, or other bytes there
            return None
        if mark.tail is None and size:  # a mark of an older version: vouched for from now on
            self.mark = Mark(mark.offset, mark.gz_size, log.check(window), mark.gz_end)
        return stream

    def __iter__(self) -> Iterator[str]:
        log, stream = self.log, self._stream
        if stream is None:
            return
        self._stream = None
        offset, last = self.mark.offset, b""
        while True:
            while (raw := self._next(stream)).endswith(b"\n"):  # nearly every line
                offset += len(raw)
                last = raw
                yield raw.decode("utf-8", "replace").rstrip("\r\n")
            if len(raw) == MAX_LINE:  # longer: skipped to its end, read in pieces
                length = len(raw)
                while len(raw) == MAX_LINE and not raw.endswith(b"\n"):
                    raw = self._next(stream)
                    length += len(raw)
                if not raw.endswith(b"\n") and not (log.gzip and not self.cut):
                    break  # its end not written yet: read again next time, from its start
                offset += length
                last = raw
                self.too_long += 1
                continue
            if raw and log.gzip and not self.cut:
                # A plain log's last line without "\n" is still being written; a .gz that ended
                # cleanly is final, its last line too.
                offset += len(raw)
                last = raw
                yield raw.decode("utf-8", "replace").rstrip("\r\n")
            break
        finished = log.gzip and not self.cut
        tail = self.mark.tail if offset == self.mark.offset else self._tail(offset, last)
        self.mark = Mark(offset, log.size if finished else None, tail, log.gz_end() if finished else None)

    def _tail(self, offset: int, last: bytes) -> str:
        size = min(WINDOW, offset)
        if len(last) >= size:
            return self.log.check(last[len(last) - size:])
        if not self.log.gzip:
            return self.log.check(os.pread(self.log.raw.fileno(), size, offset - size))
        stream = self.log.stream()  # lines shorter than WINDOW: rare; decompressed again
        stream.seek(offset - size)
        return self.log.check(stream.read(size))

    def _next(self, stream: io.BufferedIOBase, limit: int = MAX_LINE) -> bytes:
        try:
            return stream.readline(limit)
        except _CUT:
            self.cut = True
            return b""


def place(log: LogFile, registry: dict[str, Mark]) -> tuple[str, Reading | None]:
    """The entry of the registry this log is, and its reading from there: under its identity, or `-2`,
    `-3`… after it (other logs with the same first line: the one whose read place fits), or an entry of an
    older version (by its old identity, which is then dropped). (name, None): entries under its identity
    exist and none fits: a log whose first line another log read has; `name` is then the first free one."""
    assert log.identity is not None and log.legacy is not None  # only logs with a complete line are placed
    name, number = log.identity, 1
    while name in registry:
        reading = log.read(registry[name])
        if reading.fits:
            return name, reading
        number += 1
        name = f"{log.identity}-{number}"
    old = registry.get(log.legacy)
    if old is not None and old.tail is None:
        reading = log.read(old)
        if reading.fits:
            del registry[log.legacy]
            return name, reading
    return name, None if number > 1 else log.read(Mark())
