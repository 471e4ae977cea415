"""`make visits LOGS="…"`: read access logs, update data/visits.yml and site/visits.json."""
from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

from . import lastrun
from .clock import local, number
from .counting import Summary
from .logs import LogFile, Mark
from .rules import DEFAULT_BOTS
from .store import locked

SKIPPED = (("already_counted", "dòng đã tính trước đó"), ("not_pages", "dòng không phải trang"),
           ("bots", "dòng của máy tự động (bot)"), ("unknown", "dòng xem trang không có trong bản dựng"),
           ("future", "dòng ghi thời gian ở tương lai (đồng hồ máy chủ sai?)"),
           ("malformed", "dòng sai định dạng"))


def ingest_logs(logs: list[Path], data_file: Path, state_dir: Path, site_dir: Path,
                bots: tuple[str, ...] = DEFAULT_BOTS, now: dt.datetime | None = None) -> Summary:
    """Count the lines of `logs` not read before. Needs the built site: only its pages get views."""
    missing = [str(p) for p in logs if not p.is_file()]
    if missing:
        raise FileNotFoundError("không tìm thấy tệp nhật ký: " + ", ".join(missing))
    now = now or dt.datetime.now(dt.timezone.utc)
    today = local(now).date()
    with locked(state_dir):
        if lastrun.nothing_new(logs, data_file, state_dir, site_dir, today):
            return Summary()  # the usual cron run: every file stays as it is (see lastrun.py)
        return _ingest(logs, data_file, state_dir, site_dir, bots, now, today)


def _ingest(logs: list[Path], data_file: Path, state_dir: Path, site_dir: Path, bots: tuple[str, ...],
            now: dt.datetime, today: dt.date) -> Summary:
    from .counting import Ingest
    from .pages import site_pages
    from .rules import bot_pattern
    from .store import dump_aggregates, dump_state, load_aggregates, load_state, write_if_changed
    from .summary import figures, to_json

    pages = site_pages(site_dir, cache=state_dir / "pages.json")
    with contextlib.ExitStack() as opened:
        aggregates = load_aggregates(data_file)
        state_file = state_dir / "visitors.json"
        state = load_state(state_file)
        ingest = Ingest(aggregates, state, pages, bot_pattern(bots), now)
        # Oldest first, so each visitor's views come in time order whatever order the logs are given in.
        for log in sorted((opened.enter_context(LogFile(p)) for p in logs), key=lambda log: log.started):
            _read_new(log, ingest)
        summary = ingest.finish(today)
        texts = {"data": dump_aggregates(aggregates), "state": dump_state(state),
                 "live": to_json(figures(aggregates))}
        write_if_changed(data_file, texts["data"])  # counts and offsets: one write
        write_if_changed(state_file, texts["state"], mode=0o600)
        write_if_changed(site_dir / "visits.json", texts["live"])
        lastrun.remember(texts, aggregates.logs, min(state.days, default=None), data_file, state_dir, site_dir)
    return summary


def _read_new(log: LogFile, ingest: Ingest) -> None:
    """The lines after where this log (under any name) was read up to, then remember the new place."""
    if log.fingerprint is None:  # no complete line yet: an empty new log, or a .gz just begun
        if log.gzip:
            ingest.summary.cut.append(log.path.name)
        return
    registry = ingest.agg.logs
    reading = log.read(registry.get(log.fingerprint, Mark()))
    ingest.count(reading)
    registry[log.fingerprint] = reading.mark
    if reading.cut:
        ingest.summary.cut.append(log.path.name)


def describe(summary: Summary, files: int) -> str:
    n = number
    text = (f"Đã đọc {n(summary.lines)} dòng mới từ {n(files)} tệp: {n(summary.views)} lượt xem trang mới, "
            f"{n(summary.visits)} lượt truy cập mới.")
    skipped = [f"{n(getattr(summary, name))} {label}" for name, label in SKIPPED if getattr(summary, name)]
    if skipped:
        text += " Bỏ qua: " + ", ".join(skipped) + "."
    for name in summary.cut:
        text += (f" Tệp {name} chưa trọn (đang nén hoặc bị cắt): đã đếm các dòng đọc được, "
                 "lần chạy sau đọc tiếp.")
    return text
