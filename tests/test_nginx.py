"""deploy/nginx.conf itself, in a real nginx: every kind of path gets every security header, the right
Content-Security-Policy and the right Cache-Control."""
import gzip
import http.client
import re
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import REPO
from servers import free_port, nginx_check, nginx_conf, nginx_running
from sitebuild import DEMO_PROGRAMME, build_env, copy_project, mkdocs_build

ARTICLE = "/tin-tuc/ban-chi-dao-chuyen-doi-so-trong-cac-co-quan-dang-tong-ket-cong-tac-nam-2025-trien-khai/"
UPLOAD = "/assets/images/t.png"   # an editor's image: not hashed
# A 1×1 red PNG (a broken one is refused by the build: bantin.build.images)
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c63f8cfc0f01f00050001ff89993d1d0000000049454e44ae426082")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'self'; form-action 'self'; frame-ancestors 'self'")
SEARCH_CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
              "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'")
SECURITY = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "SAMEORIGIN",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Server": "nginx",   # no version
}
YEAR = "public, max-age=31536000, immutable"
DAY = "public, max-age=86400"
REVALIDATE = "no-cache"
HASHED = {  # the site's own files, as the build names them: a 10-hex content hash before the extension
    "css": r"/assets/bantin\.[0-9a-f]{10}\.css",
    "js": r"/assets/javascripts/bantin(-prefs|-search|-visits|-dates)?\.[0-9a-f]{10}\.js",
    "icon": r"/assets/favicon\.[0-9a-f]{10}\.svg",
}


def recipe(root: Path, port: int, log: Path) -> str:
    """deploy/nginx.conf, whole, with only the values a deployment sets changed: listen, root, access_log."""
    text = (REPO / "deploy/nginx.conf").read_text()
    for directive, value in (("listen", f"127.0.0.1:{port}"), ("root", root), ("access_log", f"{log} combined")):
        old = r"\S+ combined" if directive == "access_log" else r"[^;#]*"  # `make visits` reads the combined format
        text, found = re.subn(rf"^(\s*{directive}\s+){old};", lambda m, v=value: f"{m.group(1)}{v};", text, flags=re.M)
        assert found == 1, f"deploy/nginx.conf: not one `{directive}` line of the expected form"
    return text


class Links(HTMLParser):
    """The stylesheets, scripts and icons a page loads."""

    def __init__(self):
        super().__init__()
        self.stylesheets, self.scripts, self.icons = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = (attrs.get("rel") or "").split()
        if tag == "link" and "stylesheet" in rel:
            self.stylesheets.append(attrs["href"])
        elif tag == "link" and "icon" in rel:
            self.icons.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])


def links(site: Path, page: str) -> Links:
    parser = Links()
    parser.feed((site / page.strip("/") / "index.html").read_text(encoding="utf-8"))
    for kind in ("stylesheets", "scripts", "icons"):  # as paths from the site's root
        setattr(parser, kind, [urlsplit(urljoin(page, href)).path for href in getattr(parser, kind)])
    return parser


def get(base: str, path: str, **headers):
    """(status, headers, body) of a GET, redirects not followed."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.msg, response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nginx-recipe")
    project = copy_project(tmp / "p")
    (project / "docs" / UPLOAD.strip("/")).parent.mkdir(parents=True, exist_ok=True)
    (project / "docs" / UPLOAD.strip("/")).write_bytes(PNG)
    site = tmp / "site"
    result = mkdocs_build(project, site, build_env())
    assert result.returncode == 0, result.stderr
    port = free_port()
    conf = nginx_conf(tmp / "nginx", recipe(site, port, tmp / "nginx" / "access.log"))
    base = f"http://127.0.0.1:{port}"
    with nginx_running(conf, base):
        yield base, site, tmp / "nginx" / "access.log"


def test_nginx_accepts_the_recipe(tmp_path):
    (tmp_path / "site").mkdir()
    conf = nginx_conf(tmp_path, recipe(tmp_path / "site", free_port(), tmp_path / "access.log"))
    result = nginx_check(conf)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
    assert "[warn]" not in result.stderr and "[emerg]" not in result.stderr, result.stderr


def test_the_build_hashes_the_sites_own_files(served):
    base, site, _log = served
    home, search = links(site, "/"), links(site, "/tim-kiem/")
    loaded = home.stylesheets + home.scripts + home.icons + search.scripts
    own = [path for path in loaded if path.startswith("/assets/")]
    assert own, "no stylesheet or script found in the built pages"
    for path in own:
        assert any(re.fullmatch(pattern, path) for pattern in HASHED.values()), f"not hashed: {path}"
    assert any(re.fullmatch(HASHED["css"], path) for path in home.stylesheets)
    assert any(re.fullmatch(HASHED["icon"], path) for path in home.icons)
    names = {path.rsplit("/", 1)[1].split(".")[0] for path in home.scripts + search.scripts}
    assert {"bantin", "bantin-prefs", "bantin-visits", "bantin-search", "bantin-dates"} <= names


def path_kinds(site: Path) -> list[tuple[str, str, int, str, str]]:
    """(kind, path, status, Content-Security-Policy, Cache-Control) of every kind of path the site has."""
    home, article, search = links(site, "/"), links(site, ARTICLE), links(site, "/tim-kiem/")
    own = sorted({path for page in (home, article, search) for path in page.stylesheets + page.scripts + page.icons
                  if path.startswith("/assets/")})

    def one_of(folder: Path, pattern: str) -> str:
        (found, *_) = sorted(folder.glob(pattern))  # the build made at least one
        return "/" + found.relative_to(site).as_posix()

    def one(pattern: str) -> str:
        return one_of(site / "pagefind", pattern)

    return [
        ("home page", "/", 200, CSP, REVALIDATE),
        ("article", ARTICLE, 200, CSP, REVALIDATE),
        ("article, file name", ARTICLE + "index.html", 200, CSP, REVALIDATE),
        ("search page", "/tim-kiem/", 200, SEARCH_CSP, REVALIDATE),
        *[("site's own file", path, 200, CSP, YEAR) for path in own],
        ("editor's image", UPLOAD, 200, CSP, DAY),
        ("live visit counts", "/visits.json", 200, CSP, REVALIDATE),
        ("open data", one_of(site / "du-lieu", "*.json"), 200, CSP, REVALIDATE),
        ("open data", one_of(site / "du-lieu", "*.csv"), 200, CSP, REVALIDATE),
        ("RSS", "/rss.xml", 200, CSP, REVALIDATE),
        ("sitemap", "/sitemap.xml", 200, CSP, REVALIDATE),
        ("robots.txt", "/robots.txt", 200, CSP, REVALIDATE),
        ("Pagefind's script", "/pagefind/pagefind.js", 200, SEARCH_CSP, REVALIDATE),
        ("Pagefind's worker", "/pagefind/pagefind-worker.js", 200, SEARCH_CSP, REVALIDATE),
        ("Pagefind's entry", "/pagefind/pagefind-entry.json", 200, SEARCH_CSP, REVALIDATE),
        ("Pagefind's WebAssembly: named by language, not hashed", one("wasm.*.pagefind"), 200, SEARCH_CSP, REVALIDATE),
        ("Pagefind's metadata", one("pagefind.*.pf_meta"), 200, SEARCH_CSP, YEAR),
        ("Pagefind's index", one("index/*.pf_index"), 200, SEARCH_CSP, YEAR),
        ("Pagefind's fragment", one("fragment/*.pf_fragment"), 200, SEARCH_CSP, YEAR),
        ("missing page", "/khong-co-trang-nay/", 404, CSP, REVALIDATE),
        ("missing page under the search page", "/tim-kiem/khong-co/", 404, CSP, REVALIDATE),
        # a page may name a new file before it is uploaded: its 404 must not be kept a year
        ("missing hashed file", "/assets/bantin.0123456789.css", 404, CSP, REVALIDATE),
        ("missing Pagefind fragment", "/pagefind/fragment/vi_0123456.pf_fragment", 404, CSP, REVALIDATE),
        ("missing image", "/assets/images/khong-co.png", 404, CSP, REVALIDATE),
    ]


def test_every_kind_of_path_gets_its_headers(served):
    base, site, _log = served
    kinds = path_kinds(site)
    assert sum(kind == "site's own file" for kind, *_ in kinds) >= 6  # css, 4 scripts, icon
    problems = []
    for kind, path, status, csp, cache in kinds:
        got, headers, body = get(base, path)
        expected = {"status": status, "Content-Security-Policy": [csp], "Cache-Control": [cache],
                    **{name: [value] for name, value in SECURITY.items()}}
        actual = {"status": got, **{name: headers.get_all(name) for name in expected if name != "status"}}
        if actual != expected:
            problems.append(f"{kind} {path}: " + ", ".join(f"{name} {actual[name]!r} != {expected[name]!r}"
                                                           for name in expected if actual[name] != expected[name]))
        served_file = "404.html" if status == 404 else path.lstrip("/") + ("index.html" if path.endswith("/") else "")
        if body != (site / served_file).read_bytes():
            problems.append(f"{kind} {path}: not the content of {served_file}")
    assert not problems, "\n".join(problems)


def test_types_and_charset(served):
    base, site, _log = served
    home = links(site, "/")
    for path, content_type in (("/", "text/html; charset=utf-8"), (home.stylesheets[0], "text/css; charset=utf-8"),
                               (home.scripts[0], "application/javascript; charset=utf-8"),
                               ("/visits.json", "application/json; charset=utf-8"),
                               ("/rss.xml", "text/xml; charset=utf-8"), ("/sitemap.xml", "text/xml; charset=utf-8"),
                               ("/pagefind/pagefind-entry.json", "application/json; charset=utf-8"),
                               (f"/du-lieu/{DEMO_PROGRAMME}.csv", "text/csv; charset=utf-8"),
                               (f"/du-lieu/{DEMO_PROGRAMME}.json", "application/json; charset=utf-8"),
                               (UPLOAD, "image/png")):
        assert get(base, path)[1]["Content-Type"] == content_type, path


def test_pages_revalidate_cheaply(served):
    base, _site, _log = served
    status, headers, _body = get(base, ARTICLE)
    assert status == 200 and headers["ETag"]
    status, again, body = get(base, ARTICLE, **{"If-None-Match": headers["ETag"]})
    assert (status, body) == (304, b"")
    assert again["Cache-Control"] == REVALIDATE and again["Content-Security-Policy"] == CSP
    assert all(again[name] == value for name, value in SECURITY.items())


def test_gzip(served):
    base, site, _log = served
    home = links(site, "/")
    for path in (home.stylesheets[0], home.scripts[0], "/", "/rss.xml", "/sitemap.xml"):
        plain = get(base, path)
        zipped = get(base, path, **{"Accept-Encoding": "gzip"})
        assert plain[1]["Content-Encoding"] is None, path
        assert zipped[1]["Content-Encoding"] == "gzip", path
        assert zipped[1]["Vary"] == "Accept-Encoding", path   # shared caches keep both forms apart
        assert gzip.decompress(zipped[2]) == plain[2], path
        assert len(zipped[2]) < len(plain[2]), path


def test_access_log_is_combined_for_the_visit_counter(served):
    base, _site, log = served
    get(base, ARTICLE, **{"User-Agent": "Mozilla/5.0 (nginx recipe test)", "Referer": "http://127.0.0.1/"})
    deadline = time.monotonic() + 5
    while "nginx recipe test" not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.05)
    line = next(line for line in log.read_text().splitlines() if "nginx recipe test" in line)
    assert re.fullmatch(r'127\.0\.0\.1 - - \[[^]]+\] "GET ' + re.escape(ARTICLE) + r' HTTP/1\.1" 200 \d+ '
                        r'"http://127\.0\.0\.1/" "Mozilla/5\.0 \(nginx recipe test\)"', line), line
