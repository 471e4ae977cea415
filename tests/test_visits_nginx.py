"""The visit counter against a real nginx: its own access log, then the live number in a browser."""
import http.client
import json
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest
import yaml

from conftest import REPO
from servers import chromium_browser, nginx
from sitebuild import copy_project, mkdocs_build

ARTICLE = "/tin-tuc/ban-chi-dao-chuyen-doi-so-trong-cac-co-quan-dang-tong-ket-cong-tac-nam-2025-trien-khai/"
READERS = (
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Version/18.1 Mobile Safari/604.1",
)
BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


# Each reader connects from its own loopback address, so the log holds addresses we can grep for.
ADDRESSES = ("127.8.9.10", "127.8.9.20", "127.8.9.30")


def request(url, agent, method="GET", source=ADDRESSES[0]):
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5, source_address=(source, 0))
    try:
        connection.request(method, parts.path, headers={"User-Agent": agent})
        connection.getresponse().read()
    finally:
        connection.close()


def count(project, site, log, state):
    return subprocess.run(
        [sys.executable, "-m", "bantin", "visits", str(log), "--data", str(project / "data/visits.yml"),
         "--site", str(site), "--state", str(state)],
        capture_output=True, text=True, env={"PYTHONPATH": str(REPO / "hooks"), "PATH": "/usr/bin:/bin"})


def wait_logged(log, lines, timeout=5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and len(log.read_text().splitlines()) >= lines:
            return
        time.sleep(0.05)
    raise AssertionError("nginx did not log the requests")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nginx")
    project = copy_project(tmp / "project")
    site = tmp / "site"
    assert mkdocs_build(project, site).returncode == 0
    with nginx(site, tmp / "server") as (base, log):
        yield project, site, base, log, tmp / "state"


def test_counts_from_nginx_log(served):
    project, site, base, log, state = served
    css = "/" + re.search(r'href="(assets/bantin\.[0-9a-f]{10}\.css)"', (site / "index.html").read_text()).group(1)
    for agent, address in zip(READERS, ADDRESSES, strict=True):  # three readers: 2 pages each, plus assets
        request(base + "/", agent, source=address)
        request(base + ARTICLE, agent, source=address)
        request(base + css, agent, source=address)
    request(base + ARTICLE + "index.html", READERS[0])   # same reader, same visit
    request(base + ARTICLE, BOT, source=ADDRESSES[1])    # a bot
    request(base + ARTICLE, READERS[1], "HEAD", source=ADDRESSES[1])
    request(base + "/khong-co/", READERS[2], source=ADDRESSES[2])  # 404
    request(base + "//////", READERS[2], source=ADDRESSES[2])      # nginx serves the home page
    wait_logged(log, 15)

    result = count(project, site, log, state)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ("Đã đọc 15 dòng mới từ 1 tệp: 8 lượt xem trang mới, 3 lượt truy cập mới. Bỏ qua: "
                             "5 dòng không phải trang, 2 dòng của máy tự động (bot).\n")

    data = yaml.safe_load((state / "visits.yml").read_text())
    today = max(data["days"])
    assert data["days"][today] == {"visits": 3, "views": 8}
    assert data["pages"] == {ARTICLE: 4, "/": 4} and len(data["logs"]) == 1
    live = json.loads((site / "visits.json").read_text())
    assert (live["today"], live["online"], live["total"]) == (3, 3, 390416 + 3)  # the demo's total_before
    assert live["views"][ARTICLE] == 4
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$", live["updated"])

    before = ((state / "visits.yml").read_bytes(), (site / "visits.json").read_bytes())
    again = count(project, site, log, state)
    assert again.returncode == 0
    assert again.stdout == "Đã đọc 0 dòng mới từ 1 tệp: 0 lượt xem trang mới, 0 lượt truy cập mới.\n"
    assert ((state / "visits.yml").read_bytes(), (site / "visits.json").read_bytes()) == before

    logged = log.read_text()
    for address in ADDRESSES:
        assert address in logged
        assert address not in (state / "visits.yml").read_text()
        for path in site.rglob("*"):
            if path.is_file():
                assert address.encode() not in path.read_bytes(), path


def test_browser_shows_the_live_number(served):
    project, site, base, log, state = served
    live = json.loads((site / "visits.json").read_text())
    built = (site / ARTICLE.strip("/") / "index.html").read_text()
    assert '<dd data-visits="total">390.416</dd>' in built          # the build's figure
    with chromium_browser() as browser:
        page = browser.new_page()
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(base + ARTICLE)
        total = page.locator('[data-visits="total"]')
        expected = f"{live['total']:,}".replace(",", ".")
        page.wait_for_function(
            "t => document.querySelector('[data-visits=\"total\"]').textContent === t", arg=expected)
        assert total.text_content() == "390.419"
        assert page.locator(f'[data-bt-views="{ARTICLE}"]').text_content() == "4"
        assert page.locator('[data-visits="today"]').text_content() == "3"
        assert errors == []
