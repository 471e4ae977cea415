"""Sample data (`minh_hoa: true`): figures a demo or a training site shows that no office published.

Data marks a programme, a report, a unit of data/units.yml or a sidebar block as sample; every page and
open-data file showing it says so (SAMPLE_NOTICE), and `make build` warns when sample data would be
published at a real address (`publish_warning`).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from .errors import DataError

# The key editors write, Vietnamese as the other keys they add (chu_tri, giu_nguyen): "minh họa" is the
# notice's own word, where `mau` would read as "màu" (colour) once the accents are dropped.
SAMPLE_KEY = "minh_hoa"
SAMPLE_NAME = "số liệu minh họa"
SAMPLE_ALIASES = {"sample": SAMPLE_KEY, "mau": SAMPLE_KEY, "so_lieu_mau": SAMPLE_KEY, "demo": SAMPLE_KEY}
SAMPLE_NOTICE = "Số liệu minh họa, không phải số liệu chính thức"
_EXAMPLE_HOSTS = ("localhost", "127.0.0.1", "::1")


def is_example_url(site_url: str | None) -> bool:
    """An address no citizen reads official figures at: none, a local one, or a host with a label
    `example` (RFC 2606 reserves example.com/.net/.org; offices' demos use *.example.gov.vn)."""
    host = (urlsplit(site_url or "").hostname or "").lower()
    return not host or host in _EXAMPLE_HOSTS or host.endswith(".localhost") or "example" in host.split(".")


def publish_warning(site_url: str | None, sources: list[str]) -> DataError | None:
    """The warning `make build` stops on (it is --strict) when `sources` (files with sample data) would be
    published at `site_url`, a real address; None otherwise."""
    if not sources or is_example_url(site_url):
        return None
    return DataError("mkdocs.yml", None, "site_url",
                     f"trang sẽ đăng tại {site_url}, nhưng có số liệu minh họa ({SAMPLE_KEY}: true) ở "
                     f"{', '.join(sources)}; hãy thay bằng số liệu chính thức và xóa dòng {SAMPLE_KEY}, "
                     "hoặc dùng địa chỉ thử (ví dụ https://ten-phuong.example.gov.vn/) khi chưa đăng chính thức")
