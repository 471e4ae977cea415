"""On disk: `data/visits.yml` (public aggregates), the private visitor state, `site/visits.json`.

Every write goes to a temporary file that is then renamed over the old one, so an
interrupted run leaves the previous file intact; a lock file keeps two runs apart.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import tempfile
from collections import Counter
from pathlib import Path

import yaml

from .counting import Aggregates, DayCount, DayVisitors, VisitorState

HEADER = ("# Thống kê truy cập, do lệnh `make visits` ghi từ nhật ký máy chủ web.\n"
          "# Chỉ có số tổng hợp: không có địa chỉ IP hay trình duyệt của người đọc.\n"
          "# total_before: tổng lượt truy cập trước khi dùng bantin (từ cổng thông tin cũ).\n")
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


@contextlib.contextmanager
def locked(state_dir: Path):
    """Exclusive lock for one ingest; a second run waits for the first."""
    state_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    with open(state_dir / "visits.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _time(value) -> dt.datetime | None:
    if value is None:
        return None
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def _date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def load_aggregates(path: Path) -> Aggregates:
    if not path.exists():
        return Aggregates()
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=Loader) or {}
    return Aggregates(
        total_before=int(raw.get("total_before", 0)),
        days={_date(day): DayCount(int(v.get("visits", 0)), int(v.get("views", 0)))
              for day, v in (raw.get("days") or {}).items()},
        pages=Counter({str(p): int(n) for p, n in (raw.get("pages") or {}).items()}),
        online=int(raw.get("online", 0)),
        updated=_time(raw.get("updated")),
        ingested_until=_time(raw.get("ingested_until")),
        ingested_at_that_second=int(raw.get("ingested_at_that_second", 0)),
    )


def dump_aggregates(agg: Aggregates) -> str:
    document = {
        "total_before": agg.total_before,
        "updated": agg.updated.isoformat() if agg.updated else None,
        "online": agg.online,
        "days": {day.isoformat(): {"visits": c.visits, "views": c.views} for day, c in sorted(agg.days.items())},
        "pages": dict(sorted(agg.pages.items())),
        "ingested_until": agg.ingested_until.isoformat() if agg.ingested_until else None,
        "ingested_at_that_second": agg.ingested_at_that_second,
    }
    return HEADER + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=1000)


def load_state(path: Path) -> VisitorState:
    if not path.exists():
        return VisitorState()
    raw = json.loads(path.read_text(encoding="utf-8"))
    return VisitorState({
        dt.date.fromisoformat(day): DayVisitors(bytes.fromhex(v["key"]),
                                                {h: dt.datetime.fromisoformat(t) for h, t in v["last_seen"].items()})
        for day, v in raw.get("days", {}).items()
    })


def dump_state(state: VisitorState) -> str:
    return json.dumps({"days": {
        day.isoformat(): {"key": v.key.hex(), "last_seen": {h: t.isoformat() for h, t in v.last_seen.items()}}
        for day, v in state.days.items()
    }}, indent=1)
