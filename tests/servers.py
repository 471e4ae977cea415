"""Real servers for tests: nginx serving a built site, and Debian's Chromium through Playwright.

Both bind to 127.0.0.1 on a free port and are stopped by the fixture that starts them.
"""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"]
NGINX = "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except urllib.error.HTTPError:
            return  # the server answers, even if not with a page there
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@contextlib.contextmanager
def nginx(root: Path, tmp: Path, extra: str = 'location = /visits.json { add_header Cache-Control "no-cache"; }'):
    """nginx serving `root`; yields (base URL, access log path). `extra`: more server directives."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = (f"server {{ listen 127.0.0.1:{port}; root {root}; index index.html; error_page 404 /404.html;\n"
              f"access_log {tmp}/access.log combined;\n{extra}\n}}")
    with nginx_running(nginx_conf(tmp, server, "text/plain"), base):  # nginx's own default: .csv shows as text
        yield base, tmp / "access.log"


# A whole nginx.conf around server blocks given whole, e.g. deploy/nginx.conf: like Debian's, the `http { }`
# reads mime.types and answers unknown types as application/octet-stream; it logs nothing itself.
NGINX_HTTP = """
{user}
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type {default_type};
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
{servers}
}}
"""


def nginx_conf(tmp: Path, servers: str, default_type: str = "application/octet-stream") -> Path:
    """`tmp`/nginx.conf around `servers` (whole `server { }` blocks); its pid, error log, temp files in `tmp`."""
    tmp.mkdir(parents=True, exist_ok=True)
    user = "user root;" if os.geteuid() == 0 else ""  # workers must read pytest's private temp folders
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_HTTP.format(user=user, tmp=tmp, servers=servers, default_type=default_type))
    return conf


def nginx_check(conf: Path) -> subprocess.CompletedProcess:
    """`nginx -t` on `conf` (from nginx_conf): its verdict is in stderr."""
    return subprocess.run([NGINX, "-t", "-c", str(conf), "-e", str(conf.parent / "error.log")],
                          capture_output=True, text=True, timeout=30)


@contextlib.contextmanager
def nginx_running(conf: Path, base: str):
    """nginx run with `conf` (from nginx_conf) until the block ends; `base`: the URL it listens on."""
    process = subprocess.Popen([NGINX, "-c", str(conf), "-e", str(conf.parent / "error.log")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        try:
            wait_for(base + "/")
        except OSError:
            process.terminate()
            raise AssertionError(f"nginx did not start: {process.communicate(timeout=10)[1]}") from None
        yield
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)


@contextlib.contextmanager
def chromium_browser(*flags: str):
    """Chromium with CHROMIUM_FLAGS and `flags`, e.g. `--host-resolver-rules=MAP name 127.0.0.1`."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_FLAGS, *flags])
        try:
            yield browser
        finally:
            browser.close()


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:  # the preview answers unknown pages with 404.html
        return error.read().decode("utf-8")


def wait_for_text(url: str, text: str, timeout: float = 60) -> str:
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


@contextlib.contextmanager
def local_editor(project: Path, output=subprocess.DEVNULL):
    """`make edit`'s server (local mode) for `project` on a free port: (base address, its process)."""
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(project / "hooks"), NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen([sys.executable, "-m", "bantin.edit", "--port", str(port)], cwd=project, env=env,
                              stdout=output, stderr=output, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/")
        yield base, server
    finally:
        server.terminate()
        server.wait(timeout=10)
