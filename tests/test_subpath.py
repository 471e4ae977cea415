"""Pages hosts serve a project under a sub-path (`https://owner.github.io/bantin/`): every link,
the search and the visit counter must work there too."""
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import REPO
from servers import chromium_browser, nginx
from sitebuild import build_env, copy_project, mkdocs_build

PREFIX = "/bantin/"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("subpath")
    project = copy_project(tmp / "p")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_url: https://phuocbinh.example.gov.vn/",
                                                 f"site_url: https://owner.example.io{PREFIX}"))
    result = mkdocs_build(project, tmp / "site", build_env())
    assert result.returncode == 0, result.stderr
    extra = f"location {PREFIX} {{ alias {tmp / 'site'}/; }}"
    with nginx(tmp / "empty", tmp / "nginx", extra) as (base, _log):
        yield base


def test_every_link_of_the_pages_resolves(server):
    with chromium_browser() as browser:
        page = browser.new_page()
        failures, seen = [], set()
        page.on("response", lambda r: failures.append((r.status, r.url)) if r.status >= 400 else None)
        queue = [server + PREFIX]
        while queue and len(seen) < 40:
            url = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            page.goto(url)
            page.wait_for_load_state("networkidle")
            for href in page.locator("a[href]").evaluate_all("as => as.map(a => a.href)"):
                if urlsplit(href).netloc == urlsplit(server).netloc and href.split("#")[0] not in seen:
                    queue.append(href.split("#")[0])
        assert failures == []
        assert len(seen) >= 15


def test_search_and_counter_under_the_sub_path(server):
    with chromium_browser() as browser:
        page = browser.new_page()
        page.goto(server + PREFIX + "tim-kiem/?q=dang%20vien")
        page.locator("#bt-search-status", has_text="Tìm thấy").wait_for(timeout=15000)
        links = page.locator("#bt-search-results a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
        (href,) = [link for link in links if link.startswith(PREFIX + "tin-tuc/")]
        assert href.startswith(PREFIX + "tin-tuc/ban-chi-dao-chuyen-doi-so")
        page.goto(server + href)
        assert page.locator("[data-bt-views]").get_attribute("data-bt-views") == href
        assert page.locator('[data-visits="total"]').inner_text() == "390.416"


def test_pages_recipes_build_with_make_and_publish_site():
    github = yaml.safe_load((REPO / "deploy/github-pages.yml").read_text())
    steps = github["jobs"]["build"]["steps"]
    assert {"run": "make build"} in steps
    assert {"uses": "actions/upload-pages-artifact@v3", "with": {"path": "site"}} in steps
    gitlab = yaml.safe_load((REPO / "deploy/gitlab-ci.yml").read_text())
    assert gitlab["pages"]["script"] == ["make build", "rm -rf public && mv site public"]
