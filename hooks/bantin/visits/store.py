"""On disk: `data/visits.yml` (settings an office writes and keeps in git: `total_before`), the
private state folder `.bantin-state/` (`visits.yml`: the counts and how far each log was read;
`visitors.json`: the day's visitor hashes), `site/visits.json`.

The counter never writes a file git tracks: a server that pulls the office's commits and counts
visits between builds has no local change for `git pull` to refuse. Counts kept in
`data/visits.yml` by older versions are read from there until the counter has moved them (its next
run writes `.bantin-state/visits.yml`; from then on the counts there are the ones read).

Every write goes to a temporary file that is then renamed over the old one, so an
interrupted run leaves the previous file intact; a lock file keeps two runs apart. The
counts and the read offsets share one file, so they can never disagree: restoring an
older copy of it re-reads the logs from that copy's offsets.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from ..common.errors import DataError
from .counting import Aggregates, DayVisitors, VisitorState
from .logs import Mark

# PyYAML is imported where the data file is read or written: a run with nothing new does neither.
HEADER = ("# Số đếm lượt truy cập, do lệnh `make visits` ghi từ nhật ký máy chủ web (không đưa vào git;\n"
          "# total_before nằm trong data/visits.yml). Không có địa chỉ IP hay trình duyệt của người đọc.\n"
          "# logs: mỗi tệp nhật ký đã đọc (mã nhận diện: [số byte đã đọc, mã kiểm tra], thêm cỡ tệp .gz\n"
          "# và mã cuối tệp khi đã đọc hết). log_key: khóa của các mã đó.\n")
STATE_DIR = ".bantin-state"


def counts_file(state_dir: Path) -> Path:
    return state_dir / "visits.yml"


def write_if_changed(path: Path, text: str, mode: int = 0o644) -> bool:
    """Write `text` unless the file holds it already (a run with nothing new leaves files, and their
    times, alone). Whether it wrote."""
    data = text.encode()
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:  # missing, unreadable: written anew
        pass
    write_atomic(path, text, mode)
    return True


def write_atomic(path: Path, text: str, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


class locked:
    """Exclusive lock for one ingest; a second run waits for the first.

    A class, not @contextmanager: that one sets `__traceback__` on the exception going
    through, which a (frozen) DataError refuses."""

    def __init__(self, state_dir: Path):
        self.state_dir = state_dir

    def __enter__(self) -> None:
        self.state_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.lock = open(self.state_dir / "visits.lock", "w")
        fcntl.flock(self.lock, fcntl.LOCK_EX)

    def __exit__(self, *exc: object) -> None:
        fcntl.flock(self.lock, fcntl.LOCK_UN)
        self.lock.close()


def load_aggregates(path: Path, shown_as: str | None = None, counts: Path | None = None,
                    counts_shown_as: str | None = None) -> Aggregates:
    """The settings in `path` (`data/visits.yml`) with the counts in `counts` (`.bantin-state/visits.yml`):
    from `path` itself while `counts` does not exist (`moved` then says it has counts to move). Any problem
    is a DataError naming the file (as `shown_as`) and line."""
    settings = _load(path, shown_as)
    if counts is None:
        return settings
    kept = _load(counts, counts_shown_as) if counts.exists() else None
    if kept is None:
        settings.moved = bool(settings.days or settings.pages or settings.logs or settings.updated)
        return settings
    kept.total_before = settings.total_before
    return kept


def _load(path: Path, shown_as: str | None) -> Aggregates:
    shown = shown_as or path.as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Aggregates()
    except UnicodeDecodeError:
        raise DataError(shown, None, None, "không phải văn bản UTF-8: lấy lại bản trước của tệp (git)") from None
    from .datafile import read_aggregates

    return read_aggregates(text, shown)


def dump_aggregates(agg: Aggregates) -> str:
    """`.bantin-state/visits.yml`: the counts, not `total_before` (a setting, in `data/visits.yml`)."""
    document = {
        "updated": agg.updated.isoformat() if agg.updated else None,
        "online": agg.online,
        "days": {day.isoformat(): {"visits": c.visits, "views": c.views} for day, c in sorted(agg.days.items())},
        "pages": dict(sorted(agg.pages.items())),
    }
    import yaml

    # libyaml's emitter when PyYAML has it: the same text (tests/test_visits_command.py), 7× faster
    # (measured: 0.56 s → 0.07 s for the 5,000 pages of a 4,000-bulletin site).
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(document, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000)
    # Written by hand for one short line per log (hex names, numbers), in the order first read:
    # a new log adds a line at the end.
    logs = [f"  {name}: {_mark(mark)}" for name, mark in agg.logs.items()]
    key = f'log_key: "{agg.log_key.hex()}"\n' if agg.log_key else ""
    return HEADER + text + key + ("logs:\n" + "\n".join(logs) + "\n" if logs else "logs: {}\n")


def _mark(mark: Mark) -> str:
    if mark.tail is None:  # a mark of an older version, not vouched for yet
        return str(mark.offset if mark.gz_size is None else [mark.offset, mark.gz_size])
    if mark.gz_size is None:
        return f'[{mark.offset}, "{mark.tail}"]'
    return f'[{mark.offset}, "{mark.tail}", {mark.gz_size}, "{mark.gz_end}"]'


def _broken_state(shown: str, line: int | None, problem: str) -> DataError:
    return DataError(shown, line, None, f"tệp trạng thái hỏng ({problem}); xóa tệp {shown} rồi chạy lại: "
                                        "tệp chỉ giữ mã băm khách trong ngày, xóa đi thì khách đang xem dở "
                                        "được tính thêm một lượt truy cập")


def load_state(path: Path, shown_as: str | None = None) -> VisitorState:
    shown = shown_as or path.as_posix()
    try:
        raw = json.loads(path.read_bytes())
    except FileNotFoundError:
        return VisitorState()
    except json.JSONDecodeError as error:
        raise _broken_state(shown, error.lineno, f"JSON sai: {error.msg}") from None
    except ValueError:  # not UTF-8
        raise _broken_state(shown, None, "không phải văn bản UTF-8") from None
    try:
        return VisitorState({dt.date.fromisoformat(day): _day_visitors(visitors)
                             for day, visitors in raw["days"].items()})
    except (AttributeError, KeyError, TypeError, ValueError):
        raise _broken_state(shown, None, "nội dung không đúng cấu trúc") from None


def _day_visitors(raw: Any) -> DayVisitors:  # JSON as decoded: a wrong shape raises what load_state catches
    key = bytes.fromhex(raw["key"])
    seen = {str(visitor): dt.datetime.fromisoformat(time) for visitor, time in raw["last_seen"].items()}
    if len(key) != 32 or any(time.tzinfo is None for time in seen.values()):
        raise ValueError("key or time")
    return DayVisitors(key, seen)


def dump_state(state: VisitorState) -> str:
    return json.dumps({"days": {
        day.isoformat(): {"key": v.key.hex(), "last_seen": {h: t.isoformat() for h, t in v.last_seen.items()}}
        for day, v in state.days.items()
    }}, indent=1)
