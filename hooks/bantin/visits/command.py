"""`make visits LOGS="…"`: read access logs, update .bantin-state/visits.yml and site/visits.json
(data/visits.yml, which git tracks, is only read: `total_before`)."""
from __future__ import annotations

import contextlib
import datetime as dt
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from . import lastrun
from .clock import number
from .counting import Summary, kept_from
from .logs import LogFile, Mark, place
from .rules import DEFAULT_BOTS
from .store import locked

if TYPE_CHECKING:
    from .counting import Ingest

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
    now = now or dt.datetime.now(dt.UTC)
    today = kept_from(now)  # the first day whose visitors are kept
    with locked(state_dir):
        if lastrun.nothing_new(logs, data_file, state_dir, site_dir, today):
            return Summary()  # the usual cron run: every file stays as it is (see lastrun.py)
        return _ingest(logs, data_file, state_dir, site_dir, bots, now, today)


def _ingest(logs: list[Path], data_file: Path, state_dir: Path, site_dir: Path, bots: tuple[str, ...],
            now: dt.datetime, today: dt.date) -> Summary:
    from .counting import Ingest
    from .pages import site_pages
    from .rules import bot_pattern
    from .store import counts_file, dump_aggregates, dump_state, load_aggregates, load_state, write_if_changed
    from .summary import figures, to_json

    pages = site_pages(site_dir, cache=state_dir / "pages.json")
    with contextlib.ExitStack() as opened:
        settings = lastrun.digest(data_file)  # what the record vouches for: the file as read here
        aggregates = load_aggregates(data_file, counts=counts_file(state_dir))
        aggregates.log_key = aggregates.log_key or secrets.token_bytes(32)
        state_file = state_dir / "visitors.json"
        state = load_state(state_file)
        ingest = Ingest(aggregates, state, pages, bot_pattern(bots), now)
        ingest.summary.moved = aggregates.moved
        # Oldest first, so each visitor's views come in time order whatever order the logs are given in.
        opened_logs = (opened.enter_context(LogFile(p, aggregates.log_key)) for p in logs)
        for log in sorted(opened_logs, key=lambda log: log.started):
            _read_new(log, ingest)
        summary = ingest.finish(today)
        texts = {"counts": dump_aggregates(aggregates), "state": dump_state(state),
                 "live": to_json(figures(aggregates))}
        write_if_changed(counts_file(state_dir), texts["counts"], mode=0o600)  # counts and offsets: one write
        write_if_changed(state_file, texts["state"], mode=0o600)
        write_if_changed(site_dir / "visits.json", texts["live"])
        lastrun.remember(texts, settings, aggregates, min(state.days, default=None), data_file, state_dir,
                         site_dir)
    return summary


def _read_new(log: LogFile, ingest: Ingest) -> None:
    """The lines after where this log (under any name) was read up to, then remember the new place."""
    if log.identity is None:  # no complete line yet: an empty new log, or a .gz just begun
        if log.gzip:
            ingest.summary.cut.append(log.path.name)
        return
    registry = ingest.agg.logs
    name, reading = place(log, registry)
    if reading is None:
        ingest.summary.mismatched.append(log.path.name)
        reading = log.read(Mark())
    ingest.count(reading)
    registry[name] = reading.mark
    ingest.summary.lines += reading.too_long
    ingest.summary.malformed += reading.too_long
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
    for name in summary.mismatched:
        text += (f" Tệp {name} có dòng đầu trùng với một tệp nhật ký đã đọc nhưng nội dung ở chỗ đã đọc tới lại "
                 "khác: đã đếm như một tệp khác, từ dòng đầu (nếu đó là tệp cũ bị sửa, các dòng của nó được đếm lại).")
    if summary.moved:
        text += (" Đã chuyển số đếm từ data/visits.yml sang .bantin-state/visits.yml (một lần): từ nay data/visits.yml "
                 "chỉ được đọc total_before, các khóa khác trong đó không còn dùng và nên xóa.")
    return text
