"""`make visits LOGS="…"`: read access logs, update data/visits.yml and site/visits.json."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import vi
from .counting import Ingest, Summary
from .logs import merged_lines
from .rules import DEFAULT_BOTS, bot_pattern
from .store import dump_aggregates, dump_state, load_aggregates, load_state, locked, write_atomic
from .summary import figures, to_json


def ingest_logs(logs: list[Path], data_file: Path, state_dir: Path, site_dir: Path | None,
                bots: tuple[str, ...] = DEFAULT_BOTS, now: dt.datetime | None = None) -> Summary:
    missing = [str(p) for p in logs if not p.is_file()]
    if missing:
        raise FileNotFoundError("không tìm thấy tệp nhật ký: " + ", ".join(missing))
    today = vi.local(now or dt.datetime.now(dt.timezone.utc)).date()
    with locked(state_dir):
        aggregates = load_aggregates(data_file)
        state_file = state_dir / "visitors.json"
        state = load_state(state_file)
        summary = Ingest(aggregates, state, bot_pattern(bots)).run(merged_lines(logs), today)
        write_atomic(data_file, dump_aggregates(aggregates))
        write_atomic(state_file, dump_state(state), mode=0o600)
        if site_dir is not None and site_dir.is_dir():
            write_atomic(site_dir / "visits.json", to_json(figures(aggregates)))
    return summary


def describe(summary: Summary, files: int) -> str:
    n = vi.number
    return (f"Đã đọc {n(summary.lines)} dòng từ {n(files)} tệp: {n(summary.views)} lượt xem trang mới, "
            f"{n(summary.visits)} lượt truy cập mới. Bỏ qua: {n(summary.already_counted)} dòng đã tính trước đó, "
            f"{n(summary.not_pages)} dòng không phải trang, {n(summary.bots)} dòng của máy tự động (bot), "
            f"{n(summary.malformed)} dòng sai định dạng.")
