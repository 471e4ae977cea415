"""Helpers that build the demo fixture's site (tests/projects/demo/) or a changed copy, as `make build` does."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
# The code an office keeps when it replaces the content (data/ and the rest of docs/ are its own): the site's
# CSS, scripts and icon, and the editors' guide (the code's messages point to it; `make serve` shows it).
CODE_PARTS = ("mkdocs.yml", "hooks", "overrides", "docs/assets/bantin.css", "docs/assets/favicon.svg",
              "docs/assets/javascripts", "docs/huong-dan")
# mkdocs.yml is code but for the office's lines, which a fixture's mkdocs.yml holds (and nothing else).
OFFICE_KEYS = ("site_name", "site_description", "site_url")
CONTENT_PARTS = ("data", "docs")
PROJECTS = REPO / "tests" / "projects"
DEMO = PROJECTS / "demo"  # the tests' fixture: a frozen copy of the demo content, not the shipped data/, docs/
_NAMES = yaml.safe_load((DEMO / "names.yml").read_text(encoding="utf-8"))
DEMO_PROGRAMME, DEMO_BULLETIN, DEMO_WARD = _NAMES["programme"], _NAMES["bulletin"], _NAMES["ward"]
GPS = {1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 51.0, 12.5)}  # a phone photo's position (EXIF GPS)


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
    else:
        shutil.copy2(source, target)


def assemble(target: Path, content: Path = DEMO) -> Path:
    """A project in `target`: the repo's code (CODE_PARTS) with the content (data/, docs/) of the fixture
    `content`; tests never read the shipped demo, which an office replaces with its own."""
    target.mkdir(parents=True, exist_ok=True)
    for part in CONTENT_PARTS:
        _copy(content / part, target / part)
    for part in CODE_PARTS:
        _copy(REPO / part, target / part)
    office_lines(target / "mkdocs.yml", content / "mkdocs.yml")
    return target


def office_lines(mkdocs_yml: Path, office: Path) -> None:
    """`mkdocs_yml` with the OFFICE_KEYS lines of the fixture's `office` file instead of its own."""
    text = mkdocs_yml.read_text(encoding="utf-8")
    for line in office.read_text(encoding="utf-8").splitlines():
        key = line.split(":", 1)[0]
        assert key in OFFICE_KEYS, f"{office}: {key} is not an office's line of mkdocs.yml"
        text, found = re.subn(rf"^{key}:.*$", lambda _, line=line: line, text, count=1, flags=re.MULTILINE)
        assert found, f"{mkdocs_yml}: no {key}"
    mkdocs_yml.write_text(text, encoding="utf-8")


def copy_project(target: Path) -> Path:
    """The demo fixture's project in `target`, to change without touching the repo."""
    return assemble(target)


ENGINE_VENVS = {"mkdocs": ".venv", "properdocs": ".venv-properdocs", "plain": ".venv-plain"}  # as the Makefile


def small_project(target: Path, bulletins: dict[str, str] | None = None) -> Path:
    """The demo's code, templates and data with a docs/ of its own: the home page, Giới thiệu, the assets and
    `bulletins` ({path under docs/tin-tuc/: text}); tests then do not depend on the demo's bulletins."""
    project = copy_project(target)
    for folder in ("tin-tuc", "huong-dan"):
        shutil.rmtree(project / "docs" / folder, ignore_errors=True)
    (project / "docs/tin-tuc").mkdir()
    for name, text in (bulletins or {}).items():
        path = project / "docs/tin-tuc" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return project


def bulletin_text(title: str, date: str, body: str = "Nội dung.", category: str = "thong-bao", **fields: str) -> str:
    """A bulletin's file: front matter (title, date, category, summary, `fields`) from line 1, `body` at line 8."""
    lines = ["---", f"title: {title}", f"date: {date}", f"category: {category}", f"summary: Tóm tắt {title}."]
    lines += [f"{key}: {value}" for key, value in fields.items()]
    return "\n".join(lines + ["---", "", body, ""])


def make_project(target: Path) -> Path:
    """A copy that `make` can run in: the Makefile, the requirements and the repo's venvs (`make test` makes them)."""
    project = copy_project(target)
    for path in [REPO / "Makefile", *REPO.glob("requirements*.txt")]:
        shutil.copy2(path, project / path.name)
    link_venvs(project)
    return project


def link_venvs(project: Path) -> None:
    for venv in ENGINE_VENVS.values():
        (project / venv).symlink_to(REPO / venv)


def mkdocs_build(project: Path, site_dir: Path, env: dict | None = None,
                 timeout: float = 600) -> subprocess.CompletedProcess:
    """A build that hangs fails the test (TimeoutExpired) instead of the whole CI run."""
    env = env or dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
         "-d", str(site_dir)],
        capture_output=True, text=True, env=env, cwd=project, timeout=timeout,
    )


def published_page(project: Path, address: str, now: str = "2026-11-23 12:00") -> str:
    """One page of `project` as `make build` publishes it, made in this process (hooks/mkdocs_page.py) without
    building the site: for tests that need a page or two. A few tests still run a real `mkdocs build`."""
    from mkdocs_page import MkDocsPages

    before = os.environ.get("BANTIN_NOW")
    os.environ["BANTIN_NOW"] = now
    try:
        made = MkDocsPages(project, published=True).output(address, {})
    finally:
        if before is None:
            del os.environ["BANTIN_NOW"]
        else:
            os.environ["BANTIN_NOW"] = before
    assert made is not None, f"nothing published at {address}"
    return made.body.decode("utf-8")


def write_bulletins(project: Path, count: int, category: str = "tin-tuc-su-kien", first: int = 1,
                    **extra: str) -> list[Path]:
    """`count` generated bulletins, one an hour from 01/11/2025 00:00, numbered from `first`."""
    import datetime as dt

    folder = project / "docs" / "tin-tuc" / "tao-san"
    folder.mkdir(parents=True, exist_ok=True)
    start = dt.datetime(2025, 11, 1)
    paths = []
    for n in range(first, first + count):
        when = start + dt.timedelta(hours=n)
        lines = ["---", f"title: Bản tin thử số {n} về cải cách hành chính", f"date: {when:%Y-%m-%d %H:%M}",
                 f"category: {category}", f"summary: Tóm tắt bản tin thử số {n}.", "tags: [Cải cách hành chính]"]
        lines += [f"{key}: {value}" for key, value in extra.items()]
        lines += ["---", "", f"Nội dung bản tin thử số {n}: phường tiếp nhận và giải quyết hồ sơ đúng hạn.", ""]
        path = folder / f"ban-tin-{n:05d}.md"
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
    return paths


def build_env(now: str = "2026-11-23 12:00", search: bool = True) -> dict:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", BANTIN_NOW=now)
    if not search:
        env["BANTIN_NO_SEARCH"] = "1"
    return env


def phone_photo(path: Path, size=(4000, 3000), orientation: int = 6, seed: int = 60) -> bytes:
    """A phone camera's JPEG: noisy (so it is large), turned by EXIF orientation, with a GPS position.
    Returns its EXIF block's bytes."""
    from PIL import Image

    picture = Image.merge("RGB", [Image.effect_noise(size, seed + n).point(lambda v, n=n: v * (n + 2) // 4)
                                  for n in range(3)])
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Samsung"
    exif.get_ifd(0x8825).update(GPS)
    path.parent.mkdir(parents=True, exist_ok=True)
    picture.save(path, "JPEG", quality=95, exif=exif)
    return exif.tobytes()
