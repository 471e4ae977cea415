"""Realistic Vietnamese bulletins for the bench, the same Markdown for every generator compared.

The prose is the real article the demo is based on (`seed_article.txt`, a copy of the TTXVN report on
the Party's digital transformation, 29/12/2025): word lengths, diacritics and numbers like an office's
own news, which matters for Markdown, slugs and the Pagefind index. Everything is drawn from a seeded
random generator, so every run (and every peer in a run) gets byte-identical files.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

SEED_ARTICLE = Path(__file__).with_name("seed_article.txt")
PARAGRAPHS_PER_BULLETIN = 5
TABLE_EVERY = 4  # one bulletin in four carries a Markdown table, as progress reports often do
FIRST_DAY = dt.datetime(2019, 1, 2, 7, 30)  # five years of news: lists, archives and tags span many pages
LAST_DAY = dt.datetime(2025, 12, 20, 17, 0)  # before every BANTIN_NOW the bench uses: all are published

TITLES = (
    "Hội nghị tổng kết công tác chuyển đổi số năm {year}",
    "Phường Phước Bình triển khai hồ sơ điện tử toàn trình",
    "Đẩy mạnh số hóa hồ sơ, tài liệu trong quý {quarter}/{year}",
    "Thông báo lịch tiếp công dân của lãnh đạo UBND phường tháng {month}/{year}",
    "Tăng cường bảo đảm an toàn thông tin, an ninh mạng trong cơ quan Đảng",
    "Rà soát, tái cấu trúc quy trình nghiệp vụ lõi năm {year}",
    "Cải cách hành chính: giải quyết hồ sơ đúng hạn đạt trên 98%",
    "Triển khai Sổ tay đảng viên điện tử đến các chi bộ",
    "Sơ kết 6 tháng đầu năm {year} thực hiện Đề án chuyển đổi số",
    "Hội nghị trực tuyến kết nối 3.213 điểm cầu trong cả nước",
    "Nâng cấp hạ tầng kỹ thuật, trung tâm dữ liệu của phường",
    "Tập huấn kỹ năng số cho cán bộ, công chức phường năm {year}",
)
TAGS = ("Chuyển đổi số", "Đảng viên", "Cải cách hành chính", "Dịch vụ công", "An toàn thông tin",
        "Dữ liệu số", "Hạ tầng số", "Tổng kết năm", "Tiếp công dân", "Bình đẳng giới", "Nghị quyết 57")


@dataclass(frozen=True)
class Bulletin:
    """One generated bulletin: its file name and whole text (front matter and body)."""
    name: str
    text: str


def seed_paragraphs(path: Path = SEED_ARTICLE) -> list[str]:
    """The article's body paragraphs: without its sub-headings and photo captions (short, or "(Ảnh: …)")."""
    blocks = [block.strip() for block in path.read_text(encoding="utf-8").split("\n\n")]
    return [block for block in blocks if len(block) >= 140 and "(Ảnh:" not in block]


def category_ids(site_yml: Path) -> list[str]:
    """The demo's categories (`data/site.yml`), so bantin accepts every bulletin."""
    site = yaml.safe_load(site_yml.read_text(encoding="utf-8"))
    return [category["id"] for category in site["categories"]]


def ascii_slug(text: str) -> str:
    """File names the way editors are told to write them: lower case, no diacritics, words joined by '-'."""
    folded = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return "-".join("".join(c if c.isalnum() else " " for c in plain).split())


def _table(rng: random.Random) -> str:
    """A task-progress table like the ones in the seed's report (309 tasks: done, on time, overdue)."""
    assigned = rng.randint(40, 400)
    done = rng.randint(assigned // 2, assigned - 2)
    overdue = rng.randint(0, assigned - done)
    rows = [("Đã hoàn thành", done), ("Đang thực hiện theo tiến độ", assigned - done - overdue),
            ("Đang thực hiện quá hạn", overdue)]
    lines = ["| Tình trạng nhiệm vụ | Số nhiệm vụ | Tỷ lệ |", "|---|---:|---:|"]
    lines += [f"| {label} | {count} | {round(100 * count / assigned)}% |" for label, count in rows]
    return "\n".join(lines)


def _when(index: int, count: int, rng: random.Random) -> dt.datetime:
    """Evenly over the years, at office hours, so every month of the archive has news."""
    span = (LAST_DAY - FIRST_DAY) / max(count, 1)
    day = FIRST_DAY + span * index
    return day.replace(hour=rng.randint(7, 17), minute=rng.choice((0, 15, 30, 45)), second=0, microsecond=0)


def bulletin(index: int, count: int, categories: list[str], paragraphs: list[str]) -> Bulletin:
    """Bulletin `index` (0-based) of `count`: the same arguments always give the same text."""
    rng = random.Random(index)
    when = _when(index, count, rng)
    title = rng.choice(TITLES).format(year=when.year, month=when.month, quarter=(when.month - 1) // 3 + 1)
    body = rng.sample(paragraphs, PARAGRAPHS_PER_BULLETIN)
    summary = body[0].split(". ")[0].rstrip(".") + "."
    if index % TABLE_EVERY == 0:
        body.insert(2, _table(rng))
    meta = {"title": title, "date": f"{when:%Y-%m-%d %H:%M}", "category": categories[index % len(categories)],
            "tags": rng.sample(TAGS, rng.randint(1, 3)), "summary": summary}
    # JSON strings and lists are valid YAML, quoted: a title or summary with ':' stays one string.
    front = [f"{key}: {value if key == 'date' else json.dumps(value, ensure_ascii=False)}"
             for key, value in meta.items()]
    name = f"{when:%Y-%m-%d}-{ascii_slug(title)}-{index + 1:05d}.md"
    return Bulletin(name, "\n".join(["---", *front, "---", "", "\n\n".join(body), ""]))


def bulletins(count: int, categories: list[str]) -> list[Bulletin]:
    paragraphs = seed_paragraphs()
    return [bulletin(index, count, categories, paragraphs) for index in range(count)]


def write_bulletins(folder: Path, items: list[Bulletin]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for item in items:
        path = folder / item.name
        path.write_text(item.text, encoding="utf-8")
        paths.append(path)
    return paths
