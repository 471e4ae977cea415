"""Every page is valid HTML: the Nu HTML checker (vnu) over every page of the built site.

`make test` installs the checker (npm's vnu-jar, `make vnu`, into the git-ignored .cache/npm) and the Java that
runs it (Debian's default-jre-headless, `make system-deps`). One run of the checker reads every `.html` file of
two builds, the demo site as it is and the demo with 45 generated bulletins (pagination, tags, archive pages and a
moved bulletin's redirect page), plus the preview's error page, which `make build` never writes.

Errors fail. Warnings are shown (in pytest's warnings summary) but do not fail: the checker's warnings are advice
("consider adding …", "… is unnecessary for element …"), not markup that browsers and screen readers read
differently from what the template says; the accessibility checks in test_browser.py cover what matters of it.
"""
import json
import os
import shutil
import subprocess
import time
import warnings
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from PIL import Image

from bantin.common.errors import DataError
from bantin.preview import page as preview
from conftest import REPO
from sitebuild import build_env, copy_project, mkdocs_build, write_bulletins

VNU_JAR = Path(os.environ.get("BANTIN_VNU_JAR", REPO / ".cache/npm/node_modules/vnu-jar/build/dist/vnu.jar"))
BULLETINS = 45
PHOTO = "assets/anh/anh thu.jpg"  # a space: srcset's addresses must be %-encoded
MOVED_FROM = "tin-tuc/ban-tin-thu-da-chuyen/"  # a bulletin's old address, so the redirect page is checked too
# A page with a known error, checked in the same run: an empty report then means valid pages,
# not a checker that read nothing.
CANARY = '<!doctype html>\n<html lang="vi">\n<head><title>Thử</title></head>\n<body>\n<p>Thử</span>\n</body>\n</html>\n'
CANARY_ERROR = "Stray end tag “span”."
# Pages that must be among those checked: a list's later pages, a tag, a month, the redirect, the 404 page.
MUST_CHECK = ("index.html", "404.html", "tin-tuc/trang-2/index.html", "tin-tuc/trang-3/index.html",
              "chuyen-muc/tin-tuc-su-kien/trang-2/index.html", "the/index.html", "the/cai-cach-hanh-chinh/index.html",
              "luu-tru/index.html", "luu-tru/2025/11/index.html", "tim-kiem/index.html", "gioi-thieu/index.html",
              MOVED_FROM + "index.html", "tin-tuc/ban-tin-00045/index.html")


def vnu_command() -> list[str]:
    java = shutil.which("java")
    if not java or not VNU_JAR.is_file():
        pytest.fail(f"The Nu HTML checker needs Java and {VNU_JAR.relative_to(REPO)}: run `make system-deps vnu` "
                    "(`make test` does it)", pytrace=False)
    # C1 only: the checker starts faster and its short run gains nothing from the optimising compiler.
    return [java, "-XX:TieredStopAtLevel=1", "-Xss4m", "-jar", str(VNU_JAR)]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """{folder name: its root} and the checker's messages, each as (label, path, line, type, message)."""
    tmp = tmp_path_factory.mktemp("html-valid")
    roots = {}
    demo = copy_project(tmp / "demo-project")
    result = mkdocs_build(demo, tmp / "demo", build_env())
    assert result.returncode == 0, result.stderr
    roots["demo"] = tmp / "demo"

    many = copy_project(tmp / "bulletins-project")
    # Their cards and pages show a photo (bantin.build.images: srcset, sizes, width and height of the reduced files)
    Image.effect_noise((2000, 1500), 50).convert("RGB").save(many / "docs" / PHOTO, quality=90)
    write_bulletins(many, BULLETINS, image=PHOTO, image_caption="Ảnh thử")
    write_bulletins(many, 1, first=BULLETINS + 1, aliases=f"[{MOVED_FROM}]")
    result = mkdocs_build(many, tmp / "bulletins", build_env())
    assert result.returncode == 0, result.stderr
    roots["bulletins"] = tmp / "bulletins"
    assert 'srcset="assets/anh/anh%20thu.160x100.jpg 160w, assets/anh/anh%20thu.320x200.jpg 320w"' in \
        (roots["bulletins"] / "index.html").read_text(encoding="utf-8")
    missing = [p for p in MUST_CHECK if not (roots["bulletins"] / p).is_file()]
    assert not missing, f"the build with {BULLETINS} bulletins lacks {missing}"

    roots["preview"] = tmp / "preview"
    roots["preview"].mkdir()
    (roots["preview"] / "index.html").write_text(preview.error_page([
        DataError("data/programmes/cds.yml", 12, "as_of", "ngày <không hợp lệ> & “sai”"),
        DataError("docs/tin-tuc/bai.md", None, None, "thiếu tiêu đề")]), encoding="utf-8")
    roots["canary"] = tmp / "canary"
    roots["canary"].mkdir()
    (roots["canary"] / "index.html").write_text(CANARY, encoding="utf-8")

    started = time.monotonic()
    run = subprocess.run(vnu_command() + ["--format", "json", "--skip-non-html", "--stdout",
                                          *map(str, roots.values())],
                         capture_output=True, text=True, timeout=600)
    print(f"vnu: {time.monotonic() - started:.1f} s for {sum(count_pages(r) for r in roots.values())} pages")
    try:
        messages = json.loads(run.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu gave no JSON report (exit {run.returncode}): {run.stderr[-2000:]}", pytrace=False)
    return roots, [located(m, roots) for m in messages]


def count_pages(root: Path) -> int:
    return sum(1 for _ in root.rglob("*.html"))


def located(message: dict, roots: dict) -> tuple:
    path = Path(unquote(urlsplit(message.get("url", "")).path))
    label, relative = "?", str(path)
    for name, root in roots.items():
        if path.is_relative_to(root):
            label, relative = name, path.relative_to(root).as_posix()
    line = message.get("firstLine") or message.get("lastLine") or 0
    kind = message.get("subType") if message["type"] == "info" else message["type"]
    return label, relative, line, kind, message.get("message", "")


def lines(messages) -> str:
    return "\n".join(f"{label}/{path}:{line}: {text}" for label, path, line, _kind, text in sorted(messages))


def test_every_page_is_valid_html(report):
    roots, messages = report
    site = [m for m in messages if m[0] != "canary"]
    problems = [m for m in site if m[3] not in ("info", "warning")]  # errors, fatal errors, unreadable files
    advice = [m for m in site if m[3] == "warning"]
    if advice:
        warnings.warn(f"vnu: {len(advice)} warnings:\n{lines(advice)}", stacklevel=1)
    assert not problems, f"{len(problems)} HTML errors (folders: {', '.join(f'{k}={v}' for k, v in roots.items())}):" \
                         f"\n{lines(problems)}"


def test_the_checker_reads_every_page(report):
    roots, messages = report
    canary = [m for m in messages if m[0] == "canary"]
    assert ("canary", "index.html", 5, "error", CANARY_ERROR) in canary, canary
    for page in ("index.html", "404.html", "gioi-thieu/index.html", "tim-kiem/index.html", "luu-tru/index.html"):
        assert (roots["demo"] / page).is_file(), page
    assert count_pages(roots["bulletins"]) >= count_pages(roots["demo"]) + BULLETINS
