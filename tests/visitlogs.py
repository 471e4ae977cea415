"""Hand-made combined-format access log lines."""
import datetime as dt

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
