"""The two builds the editor starts: the preview ("Xem trước") with the files it adds (a photo), and
publishing ("Đăng lên trang"). A bulletin's text alone is previewed in the editor's process (bantin.preview.page.Pages).

Both run the project's own build scripts in a child process with this Python (the editor's venv is the site's).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

if sys.platform != "win32":  # fcntl is every other system's
    import fcntl  # the flock(1) of deploy/publish.sh; Windows PCs have no cron job to wait for

PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "hooks", "overrides")
PUBLISH_LOCK = Path(".bantin-state") / "publish.lock"  # deploy/publish.sh's
BUSY = "Máy chủ đang dựng trang theo lịch (deploy/publish.sh); hãy chờ vài phút rồi bấm Đăng lại."


@dataclass
class Outcome:
    ok: bool
    output: str


def _env(hooks: Path, **extra: str) -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(hooks), NO_MKDOCS_2_WARNING="1", **extra)


def preview(root: Path, files: dict[str, bytes]) -> tuple[Path, Outcome]:
    """The site as `make serve` shows it (drafts and future bulletins too, no search), built from a copy
    of the project with `files` (project path → content) written over it; returns (the folder holding
    `site/`, to delete when done, and the outcome)."""
    folder = Path(tempfile.mkdtemp(prefix="bantin-xem-truoc-"))
    project = folder / "p"
    ignore = shutil.ignore_patterns("__pycache__")
    for part in PROJECT_PARTS:
        source = root / part
        if source.is_dir():
            shutil.copytree(source, project / part, ignore=ignore)
        elif source.is_file():
            project.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, project / part)
    for path, data in files.items():
        target = project / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    result = subprocess.run([sys.executable, str(project / "hooks" / "bantin_preview.py"), "mkdocs.yml",
                             str(folder / "site")], cwd=project, capture_output=True, text=True, timeout=600,
                            env=_env(project / "hooks", BANTIN_NO_SEARCH="1"))
    return folder, Outcome(result.returncode == 0, (result.stdout + result.stderr).strip())


def publish(root: Path) -> Outcome:
    """`make build`: the atomic build of hooks/bantin_build.py; the live site changes only if it succeeds.

    On a server, deploy/publish.sh (cron) builds too: both hold the same lock file while they build, and
    the one that comes second does not build (publish.sh skips its turn, the editor says so)."""
    state = root / PUBLISH_LOCK.parent
    state.mkdir(mode=0o700, exist_ok=True)
    with open(root / PUBLISH_LOCK, "w") as lock:
        if sys.platform != "win32":
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return Outcome(False, BUSY)
        result = subprocess.run([sys.executable, str(root / "hooks" / "bantin_build.py")], cwd=root,
                                capture_output=True, text=True, timeout=3600, env=_env(root / "hooks"))
    return Outcome(result.returncode == 0, (result.stdout + result.stderr).strip())
