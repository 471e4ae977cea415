"""`make build`'s output, byte for byte, against recorded manifests: a change of the code that changes any page,
asset, feed or search-index file fails here, naming the files it changed.

Two sites, built by `make build` at a fixed clock (`BANTIN_NOW`), search on: the demo fixture
(tests/projects/demo), and the demo fixture with 1,000 generated bulletins (bench/content.py, the bulletins
`make bench` times: seeded, so byte-identical every run, and realistic: the seed article's prose, tables, tags,
five years of archives). A manifest is one line per file of site/, `sha256  path`, sorted by path (the format of
`sha256sum`: `cd site && sha256sum -c manifest` checks a site by hand); the manifests are in
tests/projects/snapshots/ (they name the demo's pages, which tests outside tests/projects/ never do).

The bytes also depend on the pinned versions of the libraries (MkDocs, Material, Markdown, Jinja2, Babel,
Pagefind… in requirements*.txt): changing a pin may change the manifests; review their diff, then accept it.
So does a change to bench/content.py's generator (the 1,000-bulletin manifest) or to the demo fixture.
A change meant to change the site: `make snapshots` (UPDATE_SNAPSHOTS=1 pytest tests/test_snapshot.py) rewrites
the manifests; commit them with the change, their diff shows which files changed.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sitebuild import PROJECTS, REPO, build_env, make_project

sys.path.insert(0, str(REPO / "bench"))
import content  # noqa: E402
from projects import NEWS_FOLDER  # noqa: E402

SNAPSHOTS = PROJECTS / "snapshots"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"
BULLETINS = 1000
NOW = "2026-11-23 12:00"  # the build's clock (BANTIN_NOW): which bulletins are published
SHOWN = 30  # paths listed in a failure; the rest are counted
ACCEPT = ("If the change is intended: `make snapshots` (or UPDATE_SNAPSHOTS=1 pytest tests/test_snapshot.py) "
          "rewrites the manifests; commit them, their diff shows which files changed.")


def make_build(project: Path) -> Path:
    """`make build` in `project` (a `make_project` copy): its site/."""
    result = subprocess.run(["make", "-s", "-o", ".venv/.site-deps", "build"], cwd=project, env=build_env(now=NOW),
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def manifest(site: Path) -> str:
    """`sha256  path` for every file under `site`, sorted by path."""
    files = sorted((path.relative_to(site).as_posix(), path) for path in site.rglob("*") if path.is_file())
    return "".join(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {name}\n" for name, path in files)


def _digests(text: str) -> dict[str, str]:
    return {name: digest for digest, name in (line.split("  ", 1) for line in text.splitlines())}


def differences(name: str, recorded: str, built: str) -> str:
    """What `built` changed in the manifest `recorded` ('' if nothing). Written here rather than with a snapshot
    library (syrupy, pytest-regressions): they diff the text line by line, where a site needs its paths
    grouped as changed, added, removed, and they store snapshots in a format of their own, not sha256sum's."""
    before, after = _digests(recorded), _digests(built)
    changed = [("changed", path) for path in before.keys() & after.keys() if before[path] != after[path]]
    added = [("added", path) for path in after.keys() - before.keys()]
    removed = [("removed", path) for path in before.keys() - after.keys()]
    found = sorted(changed + added + removed, key=lambda item: item[1])
    if not found:
        return ""
    lines = [f"{name}: the built site differs from the recorded one: {len(changed)} changed, {len(added)} added, "
             f"{len(removed)} removed (of {len(before)} recorded files)"]
    lines += [f"  {kind:<7} {path}" for kind, path in found[:SHOWN]]
    if len(found) > SHOWN:
        lines.append(f"  … and {len(found) - SHOWN} more")
    return "\n".join([*lines, ACCEPT])


def check(name: str, site: Path) -> None:
    """The site's manifest equals the recorded tests/projects/snapshots/`name` (UPDATE_SNAPSHOTS=1: rewrites it)."""
    path, built = SNAPSHOTS / name, manifest(site)
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(built, encoding="utf-8", newline="\n")
    recorded = path.read_text(encoding="utf-8") if path.exists() else ""
    found = differences(f"tests/projects/snapshots/{name}", recorded, built)
    if found:
        pytest.fail(found, pytrace=False)


@pytest.fixture(scope="module")
def demo_made(tmp_path_factory) -> Path:
    """The demo fixture built by `make build` (conftest's `demo_site` is `mkdocs build`'s, on the clock)."""
    return make_build(make_project(tmp_path_factory.mktemp("demo") / "p"))


def test_the_demo_site_is_byte_identical_to_its_snapshot(demo_made):
    check("demo.sha256", demo_made)


def test_a_site_of_1000_bulletins_is_byte_identical_to_its_snapshot(tmp_path):
    project = make_project(tmp_path / "p")
    items = content.bulletins(BULLETINS, content.category_ids(project / "data" / "site.yml"))
    content.write_bulletins(project / NEWS_FOLDER, items)
    check(f"bulletins-{BULLETINS}.sha256", make_build(project))


def test_one_changed_byte_of_a_template_fails_with_the_page_it_changed(tmp_path, demo_made):
    project = make_project(tmp_path / "p")
    template = project / "overrides" / "404.html"
    text = template.read_text(encoding="utf-8")
    assert text.count("trang chủ") == 1
    template.write_text(text.replace("trang chủ", "Trang chủ"), encoding="utf-8")
    recorded = manifest(demo_made)
    assert differences("demo.sha256", recorded, manifest(make_build(project))) == (
        f"demo.sha256: the built site differs from the recorded one: 1 changed, 0 added, 0 removed "
        f"(of {len(recorded.splitlines())} recorded files)\n"
        f"  changed 404.html\n{ACCEPT}")


def test_differences_lists_the_changed_added_and_removed_paths():
    recorded = f"{'a' * 64}  404.html\n{'b' * 64}  index.html\n{'c' * 64}  tin-tuc/cu/index.html\n"
    built = f"{'a' * 64}  404.html\n{'d' * 64}  index.html\n{'e' * 64}  tin-tuc/moi/index.html\n"
    assert differences("x.sha256", recorded, recorded) == ""
    assert differences("x.sha256", recorded, built) == (
        "x.sha256: the built site differs from the recorded one: 1 changed, 1 added, 1 removed (of 3 recorded files)\n"
        "  changed index.html\n"
        "  removed tin-tuc/cu/index.html\n"
        "  added   tin-tuc/moi/index.html\n"
        "If the change is intended: `make snapshots` (or UPDATE_SNAPSHOTS=1 pytest tests/test_snapshot.py) "
        "rewrites the manifests; commit them, their diff shows which files changed.")


def test_differences_lists_30_paths_then_counts_the_rest():
    recorded = "".join(f"{'a' * 64}  {n:02d}.html\n" for n in range(35))
    built = recorded.replace("a" * 64, "b" * 64)
    assert differences("x.sha256", recorded, built).splitlines() == [
        "x.sha256: the built site differs from the recorded one: 35 changed, 0 added, 0 removed (of 35 recorded files)",
        *[f"  changed {n:02d}.html" for n in range(30)],
        "  … and 5 more",
        ACCEPT,
    ]
