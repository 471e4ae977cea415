"""Builds a project the way `make serve` does, in one process, once per step (tests/test_incremental.py).

    python preview_driver.py PROJECT SITE_DIR STEPS.json [--clean]

Each step is a list of edits applied before its build: {"write": path, "text": ...},
{"append": path, "text": ...}, {"replace": path, "old": ..., "new": ...}, {"delete": path}; "mtime": seconds
sets the file's modification date after the edit.
Prints one JSON line per build: {"rendered": n, "skipped": m, "errors": k}. With --clean, one
build as plain `mkdocs serve` does it (no --dirty: every page rendered), the comparison.
"""
from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

os.environ["BANTIN_NO_SEARCH"] = "1"  # the search index is built beside the preview, not by it

from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402


def apply(project: Path, edit: dict) -> None:
    path = project / next(edit[key] for key in ("write", "append", "replace", "delete") if key in edit)
    if "delete" in edit:
        path.unlink()
    elif "write" in edit:
        path.write_text(edit["text"], encoding="utf-8")
    elif "append" in edit:
        path.write_text(path.read_text(encoding="utf-8") + edit["text"], encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
        assert edit["old"] in text, (path, edit["old"])
        path.write_text(text.replace(edit["old"], edit["new"], 1), encoding="utf-8")
    if "mtime" in edit:
        os.utime(path, (edit["mtime"], edit["mtime"]))


def serve_build(project: Path, site_dir: Path, dirty: bool, started: list) -> dict:
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir))
    config.site_url = "http://127.0.0.1:8000/"  # as `mkdocs serve` sets it
    if not started:
        config.plugins.on_startup(command="serve", dirty=dirty)
        started.append(True)
    build(config, serve_url=config.site_url, dirty=dirty)
    hooks = next(module for name, module in sys.modules.items() if name.endswith("mkdocs_hooks.py"))
    plan, errors = hooks._run.plan, hooks._run.build.site.preview_errors
    return {"rendered": plan.rendered if plan else None, "skipped": plan.skipped if plan else None,
            "errors": len(errors)}


def main() -> None:
    project, site_dir = Path(sys.argv[1]), Path(sys.argv[2])
    logging.basicConfig(level=logging.ERROR)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)  # as `mkdocs serve`: warnings are made (and counted)
    os.chdir(project)
    started: list = []
    if "--clean" in sys.argv:
        print(json.dumps(serve_build(project, site_dir, False, started)), flush=True)
        return
    for step in json.loads(Path(sys.argv[3]).read_text(encoding="utf-8")):
        for edit in step:
            apply(project, edit)
        print(json.dumps(serve_build(project, site_dir, True, started)), flush=True)


if __name__ == "__main__":
    main()
