"""`make serve` rebuilds when an editor saves a YAML file in data/."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

from sitebuild import copy_project

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
                return json.load(response)["reports"][0]["tasks"]["counts"]["overdue"]
        except OSError:
            time.sleep(0.2)
    return None


def test_serve_rebuilds_on_data_change(tmp_path):
    project = copy_project(tmp_path / "p")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}/"
        assert fetch_overdue(base) == 27
        data = project / "data/programmes/chuyen-doi-so-co-quan-dang.yml"
        text = data.read_text(encoding="utf-8")
        data.write_text(text.replace("overdue: 27", "overdue: 30").replace("assigned: 309", "assigned: 312"),
                        encoding="utf-8")
        deadline = time.monotonic() + 30
        while fetch_overdue(base) != 30 and time.monotonic() < deadline:
            time.sleep(0.3)
        assert fetch_overdue(base) == 30
    finally:
        server.terminate()
        server.wait(timeout=10)
