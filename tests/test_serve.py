"""`make serve` rebuilds when an editor saves a YAML file in data/."""
import contextlib
import json
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request

from servers import wait_for_text
from sitebuild import (
    DEMO_BULLETIN,
    DEMO_PROGRAMME,
    bulletin_text,
    copy_project,
    make_project,
    small_project,
    write_bulletins,
)

URL = f"du-lieu/{DEMO_PROGRAMME}.json"


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


class Terminal:
    """What `make serve` prints, line by line, as it prints it."""

    def __init__(self, stream):
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=lambda: [self.lines.put(line.rstrip("\n")) for line in stream], daemon=True).start()

    def next_lines(self, count: int, timeout: float = 60) -> list[str]:
        """The next `count` lines; fails when they do not come."""
        lines = []
        for _ in range(count):
            try:
                lines.append(self.lines.get(timeout=timeout))
            except queue.Empty:
                raise AssertionError(f"after {lines} nothing more was printed in {timeout} s") from None
        self.seen += lines
        return lines


@contextlib.contextmanager
def serving(project, terminal: list | None = None):
    """`make serve` of `project` (hooks/bantin_serve.py) on a free port; yields its base URL and stops it.
    With `terminal` (a list), what it prints is readable as `terminal[0]`, a Terminal."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "hooks/bantin_serve.py", str(port)], cwd=project,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(project / "hooks")),
        stdout=subprocess.PIPE if terminal is not None else subprocess.DEVNULL, stderr=subprocess.STDOUT, text=True)
    if terminal is not None:
        terminal.append(Terminal(server.stdout))
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_rebuilds_on_data_change(tmp_path):
    project = copy_project(tmp_path / "p")
    with serving(project) as base:
        assert fetch_overdue(base) == 27
        data = project / f"data/programmes/{DEMO_PROGRAMME}.yml"
        text = data.read_text(encoding="utf-8")
        data.write_text(text.replace("overdue: 27", "overdue: 30").replace("assigned: 309", "assigned: 312"),
                        encoding="utf-8")
        deadline = time.monotonic() + 30
        while fetch_overdue(base) != 30 and time.monotonic() < deadline:
            time.sleep(0.3)
        assert fetch_overdue(base) == 30


ARTICLE = "tin-tuc/ban-chi-dao-chuyen-doi-so-trong-cac-co-quan-dang-tong-ket-cong-tac-nam-2025-trien-khai/"
PREVIEW_ERROR = "Xem trước: trang chưa dựng được vì có 1 lỗi"


def test_preview_shows_mistakes_and_recovers_by_itself(tmp_path):
    """MkDocs kept the old page and made new requests hang until the file was fixed."""
    project = copy_project(tmp_path / "p")
    bulletin = project / f"docs/tin-tuc/{DEMO_BULLETIN}.md"
    good = bulletin.read_text(encoding="utf-8")
    bulletin.write_text(good.replace("category: chuyen-doi-so", "category: chuyen-doi"), encoding="utf-8")
    with serving(project) as base:
        for url in (base, base + ARTICLE, base + f"thong-ke/{DEMO_PROGRAMME}/"):
            page = wait_for_text(url, PREVIEW_ERROR)
            assert (f"<code>docs/tin-tuc/{DEMO_BULLETIN}.md:4</code> category: chuyên mục "
                    "&#x27;chuyen-doi&#x27; không có trong data/site.yml (ý bạn là &#x27;chuyen-doi-so&#x27;?)"
                    ) in page
            assert "không phải trang đăng lên mạng" in page and "/livereload/" in page
        bulletin.write_text(good, encoding="utf-8")
        assert "Ban Chỉ đạo đã giao 309 nhiệm vụ" in wait_for_text(base + ARTICLE, "<h1 class=\"bt-article__title\">")
        data = project / f"data/programmes/{DEMO_PROGRAMME}.yml"
        data.write_text(data.read_text(encoding="utf-8").replace("overdue: 27", "overdue: 28"), encoding="utf-8")
        page = wait_for_text(base + ARTICLE, PREVIEW_ERROR)
        assert f"<code>data/programmes/{DEMO_PROGRAMME}.yml:9</code> tasks:" in page


def test_preview_shows_a_saved_bulletin_and_searches_it(tmp_path):
    """Only the saved page is rendered again (bantin.build.incremental); the search index follows in the background."""
    project = copy_project(tmp_path / "p")
    bulletin = project / f"docs/tin-tuc/{DEMO_BULLETIN}.md"
    with serving(project) as base:
        wait_for_text(base + ARTICLE, "<h1 class=\"bt-article__title\">")
        bulletin.write_text(bulletin.read_text(encoding="utf-8") + "\nĐoạn thêm để thử xem trước.\n", encoding="utf-8")
        assert "Đoạn thêm để thử xem trước." in wait_for_text(base + ARTICLE, "Đoạn thêm để thử xem trước.")
        entry = json.loads(wait_for_text(base + "pagefind/pagefind-entry.json", '"page_count"'))
        assert entry["languages"]["vi"]["page_count"] >= 4


# ---- what the terminal says (all in Vietnamese, MkDocs' English lines left out) -------------------------

def test_make_serve_prints_the_address_each_rebuild_and_the_mistakes_the_browser_shows(tmp_path):
    """MkDocs printed English INFO lines on every save and never the mistakes shown in the browser."""
    project = small_project(tmp_path / "p", {"a.md": bulletin_text("Bản tin một", "2026-01-02 08:00")})
    bulletin = project / "docs/tin-tuc/a.md"
    printed: list = []
    with serving(project, printed) as base:
        terminal = printed[0]
        pages = re.fullmatch(r"Đã dựng lại (\d+) trang, giữ nguyên 0 trang không đổi\.", terminal.next_lines(1)[0])
        assert pages and int(pages[1]) > 10
        assert terminal.next_lines(1) == [f"Xem trước tại {base} (mở địa chỉ này trong trình duyệt; Ctrl+C để dừng)."]
        bulletin.write_text(bulletin_text("Bản tin một", "2026-01-02 08:00", category="chuyen-doi"), encoding="utf-8")
        assert terminal.next_lines(3) == [
            "Có 1 lỗi, trang chưa được tạo:",
            "  docs/tin-tuc/a.md:4: category: chuyên mục 'chuyen-doi' không có trong data/site.yml "
            "(ý bạn là 'chuyen-doi-so'?); có: tin-tuc-su-kien, chuyen-doi-so, thong-bao, cai-cach-hanh-chinh",
            "Trình duyệt đang hiện các lỗi này thay cho trang; sửa rồi lưu tệp, trang tự dựng lại."]
        bulletin.write_text(bulletin_text("Bản tin một", "2026-01-02 08:00", body="Xem [kế hoạch](ke-hoach.pdf)."),
                            encoding="utf-8")
        assert terminal.next_lines(3) == [
            "Có 1 lỗi, trang chưa được tạo:",
            "  docs/tin-tuc/a.md:8: liên kết tới 'ke-hoach.pdf' nhưng không có tệp docs/tin-tuc/ke-hoach.pdf",
            "Trình duyệt đang hiện các lỗi này thay cho trang; sửa rồi lưu tệp, trang tự dựng lại."]
        page = wait_for_text(base, "liên kết tới &#x27;ke-hoach.pdf&#x27;")
        assert "<code>docs/tin-tuc/a.md:8</code>" in page
        (project / "docs/tin-tuc/ke-hoach.pdf").write_bytes(b"%PDF-1.4\n")
        assert terminal.next_lines(1) == [f"Đã dựng lại {pages[1]} trang, giữ nguyên 0 trang không đổi."]
        # a warning: the build stops (strict), MkDocs printed a traceback
        note = project / "data/programmes/ghi-chu.txt"
        note.write_text("ghi chú", encoding="utf-8")
        assert terminal.next_lines(2) == [
            "Cảnh báo: data/programmes/ghi-chu.txt: tệp không được đọc: số liệu phải ở tệp có đuôi .yml",
            "Xem trước chưa dựng lại được: trình duyệt vẫn hiện bản dựng trước. Sửa lỗi trên rồi lưu tệp."]
        note.unlink()
        assert terminal.next_lines(1) == [f"Đã dựng lại {pages[1]} trang, giữ nguyên 0 trang không đổi."]
    assert terminal.next_lines(1) == ["Đã dừng xem trước."]


def test_a_busy_port_is_one_line_naming_a_free_one(tmp_path):
    """MkDocs printed a 41-line English traceback."""
    project = make_project(tmp_path / "p")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        as_typed = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
        done = subprocess.run(["make", "-s", "serve", f"PORT={port}"], cwd=project, capture_output=True, text=True,
                              timeout=120, env=as_typed)  # typed by an editor, not run by `make test`
    ours, makes = done.stderr.splitlines()  # and make's own "make: *** [Makefile:…: serve] Error 1"
    suggested = re.fullmatch(rf"Cổng {port} đang được dùng \(có thể một `make serve` khác đang chạy\): dừng "
                             rf"chương trình đó, hoặc chạy `make serve PORT=(\d+)`\.", ours)
    assert done.stdout == "" and suggested and makes.startswith("make: ***"), done.stderr
    assert int(suggested[1]) > port
    with socket.socket() as probe:  # the port it names is free
        probe.bind(("127.0.0.1", int(suggested[1])))


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
