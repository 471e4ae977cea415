"""`make serve` rebuilds when an editor saves a YAML file in data/."""
import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from sitebuild import copy_project, write_bulletins

URL = "du-lieu/chuyen-doi-so-co-quan-dang.json"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch_overdue(base: str, timeout: float = 30) -> int | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + URL, timeout=2) as response:
                return json.load(response)["reports"][-1]["tasks"]["counts"]["overdue"]  # the latest report
        except OSError:
            time.sleep(0.2)
    return None


@contextlib.contextmanager
def serving(project):
    """`mkdocs serve` of `project` as `make serve` runs it, on a free port; yields its base URL and stops it."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload", "--dirty"],
        cwd=project, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_rebuilds_on_data_change(tmp_path):
    project = copy_project(tmp_path / "p")
    with serving(project) as base:
        assert fetch_overdue(base) == 27
        data = project / "data/programmes/chuyen-doi-so-co-quan-dang.yml"
        text = data.read_text(encoding="utf-8")
        data.write_text(text.replace("overdue: 27", "overdue: 30").replace("assigned: 309", "assigned: 312"),
                        encoding="utf-8")
        deadline = time.monotonic() + 30
        while fetch_overdue(base) != 30 and time.monotonic() < deadline:
            time.sleep(0.3)
        assert fetch_overdue(base) == 30


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:  # the preview answers unknown pages with 404.html
        return error.read().decode("utf-8")


def wait_for_text(url: str, text: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    page = ""
    while time.monotonic() < deadline:
        try:
            page = fetch(url)
            if text in page:
                return page
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{text!r} not in {url} after {timeout} s: {page[:300]}")


ARTICLE = "tin-tuc/ban-chi-dao-chuyen-doi-so-trong-cac-co-quan-dang-tong-ket-cong-tac-nam-2025-trien-khai/"
PREVIEW_ERROR = "Xem trước: trang chưa dựng được vì có 1 lỗi"


def test_preview_shows_mistakes_and_recovers_by_itself(tmp_path):
    """MkDocs kept the old page and made new requests hang until the file was fixed."""
    project = copy_project(tmp_path / "p")
    bulletin = project / "docs/tin-tuc/ban-chi-dao-chuyen-doi-so-tong-ket-2025.md"
    good = bulletin.read_text(encoding="utf-8")
    bulletin.write_text(good.replace("category: chuyen-doi-so", "category: chuyen-doi"), encoding="utf-8")
    with serving(project) as base:
        for url in (base, base + ARTICLE, base + "thong-ke/chuyen-doi-so-co-quan-dang/"):
            page = wait_for_text(url, PREVIEW_ERROR)
            assert ("<code>docs/tin-tuc/ban-chi-dao-chuyen-doi-so-tong-ket-2025.md:4</code> category: chuyên mục "
                    "&#x27;chuyen-doi&#x27; không có trong data/site.yml (có phải ý là &#x27;chuyen-doi-so&#x27;?)"
                    ) in page
            assert "không phải trang đăng lên mạng" in page and "/livereload/" in page
        bulletin.write_text(good, encoding="utf-8")
        assert "Ban Chỉ đạo đã giao 309 nhiệm vụ" in wait_for_text(base + ARTICLE, "<h1 class=\"bt-article__title\">")
        data = project / "data/programmes/chuyen-doi-so-co-quan-dang.yml"
        data.write_text(data.read_text(encoding="utf-8").replace("overdue: 27", "overdue: 28"), encoding="utf-8")
        page = wait_for_text(base + ARTICLE, PREVIEW_ERROR)
        assert "<code>data/programmes/chuyen-doi-so-co-quan-dang.yml:9</code> tasks:" in page


def test_preview_shows_a_saved_bulletin_and_searches_it(tmp_path):
    """Only the saved page is rendered again (bantin.incremental); the search index follows in the background."""
    project = copy_project(tmp_path / "p")
    bulletin = project / "docs/tin-tuc/ban-chi-dao-chuyen-doi-so-tong-ket-2025.md"
    with serving(project) as base:
        wait_for_text(base + ARTICLE, "<h1 class=\"bt-article__title\">")
        bulletin.write_text(bulletin.read_text(encoding="utf-8") + "\nĐoạn thêm để thử xem trước.\n", encoding="utf-8")
        assert "Đoạn thêm để thử xem trước." in wait_for_text(base + ARTICLE, "Đoạn thêm để thử xem trước.")
        entry = json.loads(wait_for_text(base + "pagefind/pagefind-entry.json", '"page_count"'))
        assert entry["languages"]["vi"]["page_count"] >= 4


def test_preview_stops_a_page_over_its_budget(tmp_path):
    """The preview runs the same expressions and Markdown as the build: three nested loops kept it busy for
    ~1,000 s and deep nesting for minutes; saved while it runs, they are shown as mistakes at once."""
    project = copy_project(tmp_path / "p")
    with serving(project) as base:
        wait_for_text(base, "<h1")
        page = write_bulletins(project, 1)[0]
        page.write_text(page.read_text(encoding="utf-8") + (
            "{% for i in range(1000) %}{% for j in range(1000) %}{% for k in range(1000) %}{% endfor %}"
            "{% endfor %}{% endfor %}\n\n" + "> " * 10_000 + "x\n"), encoding="utf-8")
        shown = wait_for_text(base, "biểu thức vượt giới hạn của một trang", timeout=90)
        assert "Xem trước: trang chưa dựng được" in shown
        assert ("<code>docs/tin-tuc/tao-san/ban-tin-00001.md:10</code> biểu thức vượt giới hạn của một trang: "
                "vòng lặp và lời gọi quá 1.000.000 lượt") in shown
        assert "<code>docs/tin-tuc/tao-san/ban-tin-00001.md:12</code> dòng lồng quá sâu: 20.000 ký tự" in shown
