"""The figures readers see: Đang truy cập, Hôm nay, Hôm qua, Tháng này, Tổng lượt truy cập.

"Today" is the day of the newest log line, not the build's or the reader's clock, so a
page built from the same data always shows the same figures.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from .clock import local
from .counting import Aggregates


@dataclass(frozen=True)
class VisitFigures:
    online: int = 0
    today: int = 0
    yesterday: int | None = None  # None: no log of that day was read (not the same as no visitor)
    month: int = 0
    total: int = 0
    updated: dt.datetime | None = None
    views: dict[str, int] = field(default_factory=dict)

    def views_of(self, path: str) -> int:
        return self.views.get(path, 0)


def figures(agg: Aggregates) -> VisitFigures:
    total = agg.total_before + sum(c.visits for c in agg.days.values())
    if agg.updated is None:
        return VisitFigures(total=total, views=dict(agg.pages))
    day = local(agg.updated).date()

    yesterday = agg.days.get(day - dt.timedelta(days=1))
    month = sum(c.visits for d, c in agg.days.items() if (d.year, d.month) == (day.year, day.month))
    today = agg.days[day].visits if day in agg.days else 0
    return VisitFigures(agg.online, today, yesterday.visits if yesterday else None, month, total,
                        local(agg.updated), dict(agg.pages))


def to_json(f: VisitFigures) -> str:
    """`site/visits.json`, read by the page script between builds."""
    return json.dumps({
        "today": f.today, "yesterday": f.yesterday, "month": f.month, "total": f.total, "online": f.online,
        "updated": f.updated.isoformat() if f.updated else None, "views": f.views,
    }, ensure_ascii=False, sort_keys=True) + "\n"
