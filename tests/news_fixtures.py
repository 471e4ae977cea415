"""Bulletins and a portal for the news tests."""
import datetime as dt

from bantin.common.vi import TIMEZONE
from bantin.news.bulletins import Bulletin
from bantin.portal.settings import Agency, Category, Portal

PORTAL = Portal(Agency("UBND phường Phước Tân"), (
    Category("chuyen-doi-so", "Chuyển đổi số"), Category("thong-bao", "Thông báo")))


def bulletin(n: int, category: str = "chuyen-doi-so", **fields) -> Bulletin:
    """Bulletin number n, dated n hours after 01/12/2025 00:00 (so higher n is newer)."""
    when = dt.datetime(2025, 12, 1, tzinfo=TIMEZONE) + dt.timedelta(hours=n)
    values = dict(src_uri=f"tin-tuc/bai-{n}.md", shown=f"docs/tin-tuc/bai-{n}.md", title=f"Bài số {n}",
                  date=when, category=category, slug=f"bai-{n}")
    values.update(fields)
    return Bulletin(**values)


def front(**fields) -> str:
    lines = ["---"] + [f"{k}: {v}" for k, v in fields.items()] + ["---", "", "Nội dung."]
    return "\n".join(lines) + "\n"
