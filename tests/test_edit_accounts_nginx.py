"""deploy/bantin-edit.nginx.conf and deploy/bantin-edit.service as an office installs them: real nginx with
TLS (a certificate made here with openssl) in front of `python -m bantin.edit --mode server` on free ports."""
import configparser
import contextlib
import http.client
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
from urllib.parse import urlencode

import pytest

from bantin.edit.accounts import JOURNAL, Accounts
from bantin.edit.app import MAX_UPLOAD
from conftest import REPO
from servers import NGINX, free_port, nginx_check, nginx_conf, wait_for
from sitebuild import copy_project
from test_edit import committed

RECIPE = REPO / "deploy" / "bantin-edit.nginx.conf"
UNIT = REPO / "deploy" / "bantin-edit.service"
HOST = "quantri.phuong.example.gov.vn"  # the recipe's own server_name, as EDIT_HOST
PASSWORD = "mat-khau-du-dai"


def recipe(tmp, plain: int, secure: int, editor: int) -> str:
    """The recipe whole, with only what an installation sets changed: ports, certificate, log."""
    text = RECIPE.read_text()
    for pattern, value in ((r"listen 80;", f"listen 127.0.0.1:{plain};"),
                           (r"listen 443 ssl;", f"listen 127.0.0.1:{secure} ssl;"),
                           (r"ssl_certificate \S+;", f"ssl_certificate {tmp}/cert.pem;"),
                           (r"ssl_certificate_key \S+;", f"ssl_certificate_key {tmp}/key.pem;"),
                           (r"access_log \S+;", f"access_log {tmp}/access.log;"),
                           (r"proxy_pass http://127\.0\.0\.1:\d+;", f"proxy_pass http://127.0.0.1:{editor};")):
        text, found = re.subn(pattern, value, text)
        assert found == 1, f"{RECIPE.name}: not one line `{pattern}`"
    return text


def certificate(tmp):
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={HOST}",
                    "-addext", f"subjectAltName=DNS:{HOST}", "-keyout", str(tmp / "key.pem"),
                    "-out", str(tmp / "cert.pem")], check=True, capture_output=True, timeout=60)


def wait_for_port(port, process, timeout=15):
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"not listening on {port}: {process.communicate(timeout=10)}")
        time.sleep(0.1)


@contextlib.contextmanager
def running(command, port, **options):
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, **options)
    try:
        wait_for_port(port, process)
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def deployed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("edit-nginx")
    project = committed(copy_project(tmp / "p"))
    Accounts(project).add("hung", "Trần Văn Hùng", "hung@phuong.gov.vn", "approver", PASSWORD)
    certificate(tmp)
    plain, secure, editor = free_port(), free_port(), free_port()
    conf = nginx_conf(tmp / "nginx", recipe(tmp, plain, secure, editor))
    env = dict(os.environ, PYTHONPATH=str(REPO / "hooks"), EDIT_HOST=HOST, NO_MKDOCS_2_WARNING="1")
    with running([sys.executable, "-m", "bantin.edit", "--mode", "server", "--port", str(editor)], editor,
                 cwd=project, env=env), \
            running([NGINX, "-c", str(conf), "-e", str(conf.parent / "error.log")], secure):
        wait_for(f"http://127.0.0.1:{editor}/")
        yield project, plain, secure


def request(port, method, path, host=HOST, cookie=None, body=None, tls=True, **headers):
    """(status, headers, text) through nginx; redirects not followed."""
    if tls:
        context = ssl.create_default_context(cafile=None)
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # the test's own certificate
        connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=30, context=context)
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": f"{host}:{port}", **({"Cookie": cookie} if cookie else {}), **headers}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=urlencode(body) if body is not None else None, headers=headers)
        response = connection.getresponse()
        return response.status, response.msg, response.read().decode("utf-8")
    finally:
        connection.close()


def cookie_of(headers):
    (cookie,) = headers.get_all("Set-Cookie")
    return cookie


def test_nginx_accepts_the_editors_recipe(tmp_path):
    certificate(tmp_path)
    conf = nginx_conf(tmp_path / "nginx", recipe(tmp_path, free_port(), free_port(), free_port()))
    result = nginx_check(conf)
    assert result.returncode == 0, result.stderr
    assert "[warn]" not in result.stderr and "[emerg]" not in result.stderr, result.stderr


def test_the_body_limits_match():
    size = re.search(r"client_max_body_size (\d+)m;", RECIPE.read_text()).group(1)
    assert int(size) == MAX_UPLOAD // (1024 * 1024) + 1  # the editor says "over 20 MB" in Vietnamese first


def test_login_through_nginx_gives_a_secure_cookie_and_the_editor(deployed):
    project, _plain, port = deployed
    status, headers, page = request(port, "GET", "/dang-nhap")
    assert status == 200 and headers["Strict-Transport-Security"] == "max-age=31536000"
    assert headers["X-Frame-Options"] == "DENY"
    first = cookie_of(headers).split(";")[0]
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    status, headers, _ = request(port, "POST", "/dang-nhap", cookie=first, body={
        "csrf_token": token, "login": "hung", "password": PASSWORD},
        Referer=f"https://{HOST}:{port}/dang-nhap", **{"X-Forwarded-For": "192.0.2.66"})
    assert (status, headers["Location"]) == (302, "/")
    cookie = cookie_of(headers)
    assert cookie.startswith("__Host-phien=")
    assert sorted(part.strip() for part in cookie.split(";")[1:]) == ["HttpOnly", "Path=/", "SameSite=Strict",
                                                                      "Secure"]
    status, _, page = request(port, "GET", "/ban-tin/", cookie=cookie.split(";")[0])
    assert status == 200 and "Đăng xuất (Trần Văn Hùng, người duyệt)" in page
    (login,) = [json.loads(line) for line in (project / JOURNAL).read_text().splitlines()]
    assert (login["event"], login["login"], login["address"]) == ("login", "hung", "127.0.0.1")  # not the forged one


def test_a_foreign_host_is_refused_through_nginx(deployed):
    _project, _plain, port = deployed
    status, _, page = request(port, "GET", "/dang-nhap", host="evil.example")
    assert status == 400
    assert f"Địa chỉ truy cập không đúng: trang quản trị chỉ mở tại https://{HOST}/." in page


def test_plain_http_is_sent_to_https(deployed):
    _project, plain, _port = deployed
    status, headers, _ = request(plain, "GET", "/dang-nhap", tls=False, host=HOST)
    assert (status, headers["Location"]) == (301, f"https://{HOST}/dang-nhap")


def test_the_systemd_unit():
    unit = configparser.ConfigParser(interpolation=None, strict=True)
    unit.optionxform = str
    unit.read(UNIT)
    service = unit["Service"]
    assert service["ExecStart"] == "/usr/bin/make edit MODE=server PORT=8001"
    assert re.search(r"proxy_pass http://127\.0\.0\.1:8001;", RECIPE.read_text())  # the same port
    assert {key: service[key] for key in ("Restart", "NoNewPrivileges", "ProtectSystem")} == {
        "Restart": "on-failure", "NoNewPrivileges": "yes", "ProtectSystem": "strict"}
    assert service["ReadWritePaths"] == service["WorkingDirectory"] == "/srv/bantin"
    assert service["User"] and service["Environment"] == f"EDIT_HOST={HOST}"
    assert unit["Install"]["WantedBy"] == "multi-user.target"
    if shutil.which("systemd-analyze"):
        result = subprocess.run(["systemd-analyze", "verify", str(UNIT)], capture_output=True, text=True, timeout=60)
        assert (result.returncode, result.stderr) == (0, "")
