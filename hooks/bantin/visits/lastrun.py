"""Whether a run has anything to do, answered before loading anything heavy.

A cron job runs `make visits` every few minutes; on a quiet night, and whenever it runs twice
between two lines, the logs hold nothing new. Such a run used to load the data file, list the
built site's pages and write every file again (measured: 1.5–3 s on a 4,000-bulletin site, for
nothing). After each run the private state folder keeps a record: the SHA-256 of the files it
read or left (data/visits.yml, the counts and the visitor state in the state folder,
site/visits.json), the place each log was read to and the key of their identities (the same as in
the counts, whose digest vouches for them) and the earliest day the visitor state still holds. The
next run finds nothing to do when:

- the four files are byte for byte the ones the record describes (a hand edit of `total_before`,
  a restored older copy, a new build's different visits.json: a full run);
- the visitor state holds no day it should no longer keep (a new day: a full run deletes the old key);
- every log is one the record knows, where it was read to (`Reading.fits`), and: a .gz read to its
  end and unchanged, or a plain log with no complete line after that place (a last line still being
  written waits, as in a full run).

Anything else, an unknown or unreadable record included, is a full run, which writes a new record.
The check runs under the same lock as a full run.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from .counting import Aggregates
from .logs import LogFile, Mark, place
from .store import counts_file

RECORD = "last-run.json"
TAIL = 1 << 16  # bytes after the read place looked at for a complete line; more than that is new anyway


def digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def _files(data_file: Path, state_dir: Path, site_dir: Path) -> dict[str, Path]:
    return {"data": data_file, "counts": counts_file(state_dir), "state": state_dir / "visitors.json",
            "live": site_dir / "visits.json"}


def nothing_new(logs: list[Path], data_file: Path, state_dir: Path, site_dir: Path, today: dt.date) -> bool:
    try:
        record = json.loads((state_dir / RECORD).read_text(encoding="utf-8"))
        if record.get("paths") != [str(p.resolve()) for p in _files(data_file, state_dir, site_dir).values()]:
            return False
        for name, path in _files(data_file, state_dir, site_dir).items():
            if record.get(name) is None or (digest(path) or "") != record[name]:
                return False
        if record.get("first_day") and record["first_day"] < today.isoformat():
            return False
        marks = {name: Mark(*mark) for name, mark in record["logs"].items()}
        key = bytes.fromhex(record["key"])
        return all(_read_to_end(path, marks, key) for path in logs)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return False


def _read_to_end(path: Path, marks: dict[str, Mark], key: bytes) -> bool:
    with LogFile(path, key) as log:
        if log.identity is None:
            return not log.gzip  # a plain log without a whole line yet; a .gz begun: reported as cut
        if log.gzip and all(mark.gz_size != log.size for mark in marks.values()):
            return False  # not one read to its end at this size: not decompressed to find out
        _, reading = place(log, marks)
        if reading is None or not reading.fits or reading.cut or reading.mark.offset == 0:
            return False
        if log.gzip:
            return reading.mark.gz_size == log.size
        if log.size - reading.mark.offset > TAIL:
            return False
        return b"\n" not in log.raw.read(TAIL)  # `place` left the file at the place it was read to


def remember(texts: dict[str, str], settings: str | None, agg: Aggregates, first_day: dt.date | None,
             data_file: Path, state_dir: Path, site_dir: Path) -> None:
    """After a full run, under its lock: what the next run compares with. `texts`: what the run left in
    each file ("counts", "state", "live"), digested as written, not read back; `settings`: the digest of
    data/visits.yml as the run read it."""
    from .store import write_atomic

    files = _files(data_file, state_dir, site_dir)
    assert agg.log_key is not None  # a full run made it
    record: dict[str, object] = {name: hashlib.sha256(texts[name].encode()).hexdigest()
                                 for name in files if name != "data"}
    record.update(data=settings or "", paths=[str(p.resolve()) for p in files.values()],
                  first_day=first_day.isoformat() if first_day else None, key=agg.log_key.hex(),
                  logs={name: [mark.offset, mark.gz_size, mark.tail, mark.gz_end] for name, mark in agg.logs.items()})
    write_atomic(state_dir / RECORD, json.dumps(record, indent=1), mode=0o600)
