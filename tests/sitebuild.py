"""Helpers that build the demo site (or a changed copy of it) the way `make build` does."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "hooks", "overrides")
GPS = {1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 51.0, 12.5)}  # a phone photo's position (EXIF GPS)


def copy_project(target: Path) -> Path:
    """The demo project's sources in `target`, to change without touching the repo."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    return target


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
    for venv in ENGINE_VENVS.values():
        (project / venv).symlink_to(REPO / venv)
    return project


def mkdocs_build(project: Path, site_dir: Path, env: dict | None = None,
                 timeout: float = 600) -> subprocess.CompletedProcess:
    """A build that hangs fails the test (TimeoutExpired) instead of the whole CI run."""
    env = env or dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
         "-d", str(site_dir)],
        capture_output=True, text=True, env=env, cwd=project, timeout=timeout,
    )


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
