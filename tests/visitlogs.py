"""Hand-made combined-format access log lines."""
import datetime as dt

from sitebuild import DEMO_PROGRAMME

VN = dt.timezone(dt.timedelta(hours=7))
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
PHONE = "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36"
ARTICLE = "/tin-tuc/hoi-nghi-so-ket-quy-3/"


def at(day: str, clock: str, tz=VN) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=tz)


def line(when: dt.datetime, path: str = ARTICLE, ip: str = "203.113.1.10", agent: str = FIREFOX,
         method: str = "GET", status: int = 200) -> str:
    stamp = when.strftime("%d/%b/%Y:%H:%M:%S %z")
    return f'{ip} - - [{stamp}] "{method} {path} HTTP/1.1" {status} 5120 "-" "{agent}"'


def make_site(folder, pages=("/", ARTICLE), site_url="https://phuong.example.gov.vn/"):
    """A built site as `make build` leaves it, reduced to what the counter reads: pages and sitemap."""
    for page in pages:
        (folder / page.strip("/")).mkdir(parents=True, exist_ok=True)
        (folder / page.strip("/") / "index.html").write_text("<html></html>")
    (folder / "404.html").write_text("<html></html>")
    locs = "".join(f"<url><loc>{site_url}{page.lstrip('/') or './'}</loc></url>\n" for page in pages)
    (folder / "sitemap.xml").write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset>\n{locs}</urlset>\n')
    return folder


# The demo's counter figures ("Hôm nay 192", "Tổng lượt truy cập 390.416" as the original portal shows them),
# as a server's counter keeps them: counts in .bantin-state/visits.yml, total_before in data/visits.yml.
DEMO_COUNTS = f"""updated: '2025-12-30T16:45:00+07:00'
online: 3
days:
  '2025-12-30':
    visits: 192
    views: 311
pages:
  /: 104
  /tin-tuc/ban-chi-dao-chuyen-doi-so-trong-cac-co-quan-dang-tong-ket-cong-tac-nam-2025-trien-khai/: 87
  /thong-ke/{DEMO_PROGRAMME}/: 29
"""


def seed_counts(project, counts=DEMO_COUNTS, total_before=390224):
    (project / ".bantin-state").mkdir(mode=0o700, exist_ok=True)
    (project / ".bantin-state/visits.yml").write_text(counts, encoding="utf-8")
    (project / "data/visits.yml").write_text(f"total_before: {total_before}\n", encoding="utf-8")
