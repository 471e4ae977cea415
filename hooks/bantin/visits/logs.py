"""nginx/Apache "combined" access logs, plain or gzip-compressed, read into hits."""
from __future__ import annotations

import datetime as dt
import gzip
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

_LINE = re.compile(
    r'^(?P<ip>\S+) \S+ \S+ \[(?P<time>[^\]]+)\] "(?P<method>[A-Z]+) (?P<target>\S+)(?: \S+)?" '
    r'(?P<status>\d{3}) (?:\d+|-)(?: "(?P<referer>(?:[^"\\]|\\.)*)" "(?P<agent>(?:[^"\\]|\\.)*)")?')


@dataclass(frozen=True)
class Hit:
    time: dt.datetime  # aware, as logged
    ip: str
    method: str
    target: str
    status: int
    agent: str


def parse(line: str) -> Hit | None:
    """A hit, or None for a malformed line."""
    match = _LINE.match(line)
    if not match:
        return None
    try:
        time = dt.datetime.strptime(match["time"], "%d/%b/%Y:%H:%M:%S %z")
    except ValueError:
        return None
    return Hit(time, match["ip"], match["method"], match["target"], int(match["status"]), match["agent"] or "")


def read_lines(path: Path) -> list[str]:
    """All lines of a log, gzip or plain (told apart by content, not by name)."""
    with open(path, "rb") as raw:
        compressed = raw.read(2) == b"\x1f\x8b"
    opener = gzip.open if compressed else open
    with opener(path, "rb") as stream:
        return [line.decode("utf-8", "replace").rstrip("\r\n") for line in stream if line.strip()]


def merged_lines(paths: Iterable[Path]) -> list[str]:
    """The lines of all files, each counted as often as the file that has it most.

    A rotated copy overlaps the live log (or is the same file given twice, or its
    .gz): taking the most per line, not the sum, counts each request once, while two
    identical requests in one file still count twice.
    """
    most: Counter[str] = Counter()
    for path in paths:
        for line, count in Counter(read_lines(path)).items():
            most[line] = max(most[line], count)
    return list(most.elements())
