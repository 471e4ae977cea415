"""Whether a run has anything to do, answered before loading anything heavy.

A cron job runs `make visits` every few minutes; on a quiet night, and whenever it runs twice
between two lines, the logs hold nothing new. Such a run used to load the data file, list the
built site's pages and write every file again (measured: 1.5–3 s on a 4,000-bulletin site, for
nothing). After each run the private state folder keeps a record: the SHA-256 of the three files
it left (data/visits.yml, the visitor state, site/visits.json), the place each log was read to
(the same marks as in data/visits.yml, whose digest vouches for them) and the earliest day the
visitor state still holds. The next run finds nothing to do when:

- the three files are byte for byte the ones the record describes (a hand edit of `total_before`,
  a restored older copy, a new build's different visits.json: a full run);
- the visitor state holds no day before today (a new day: a full run deletes yesterday's key);
- every log is one the record knows, and: a .gz read to its end and still of the size it had then,
  or a plain log with no complete line after the place it was read to (a last line still being
  written waits, as in a full run).

Anything else, an unknown or unreadable record included, is a full run, which writes a new record.
The check runs under the same lock as a full run.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from .logs import LogFile, Mark

RECORD = "last-run.json"
TAIL = 1 << 16  # bytes after the read place looked at for a complete line; more than that is new anyway


def digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def _files(data_file: Path, state_dir: Path, site_dir: Path) -> dict[str, Path]:
    return {"data": data_file, "state": state_dir / "visitors.json", "live": site_dir / "visits.json"}


def nothing_new(logs: list[Path], data_file: Path, state_dir: Path, site_dir: Path, today: dt.date) -> bool:
    try:
        record = json.loads((state_dir / RECORD).read_text(encoding="utf-8"))
        if record.get("paths") != [str(p.resolve()) for p in _files(data_file, state_dir, site_dir).values()]:
            return False
        for name, path in _files(data_file, state_dir, site_dir).items():
            if record.get(name) is None or digest(path) != record[name]:
                return False
        if record.get("first_day") and record["first_day"] < today.isoformat():
            return False
        marks = {name: Mark(*mark) for name, mark in record["logs"].items()}
        return all(_read_to_end(path, marks) for path in logs)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return False


def _read_to_end(path: Path, marks: dict[str, Mark]) -> bool:
    with LogFile(path) as log:
        if log.fingerprint is None:
            return not log.gzip  # a plain log without a whole line yet; a .gz begun: reported as cut
        mark = marks.get(log.fingerprint)
        if mark is None:
            return False
        if log.gzip:
            return mark.gz_size == log.size
        if log.size < mark.offset or log.size - mark.offset > TAIL:
            return False
        log.raw.seek(mark.offset)
        return b"\n" not in log.raw.read(TAIL)


def remember(texts: dict[str, str], logs: dict[str, Mark], first_day: dt.date | None, data_file: Path,
             state_dir: Path, site_dir: Path) -> None:
    """After a full run, under its lock: what the next run compares with. `texts`: what the run left in
    each file ("data", "state", "live"), digested as written, not read back."""
    from .store import write_atomic

    files = _files(data_file, state_dir, site_dir)
    record = {name: hashlib.sha256(texts[name].encode()).hexdigest() for name in files}
    record.update(paths=[str(p.resolve()) for p in files.values()],
                  first_day=first_day.isoformat() if first_day else None,
                  logs={name: [mark.offset, mark.gz_size] for name, mark in logs.items()})
    write_atomic(state_dir / RECORD, json.dumps(record, indent=1), mode=0o600)
