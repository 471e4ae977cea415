"""The packages of `hooks/bantin/` are the build's stages, and imports go one way: a package uses those listed
before it in LAYERS, never those after (README, "Các gói của lõi"). The core never imports MkDocs nor the adapters.

Imports under `if TYPE_CHECKING:` are left out (as import-linter's `exclude_type_checking_imports`): they name
a type for the type checker and are never run, so they make no dependency at run time (a page kind's
`site: SiteData`, given by the build that calls it).
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parent.parent / "hooks" / "bantin"

# Lowest first. A package may import from itself and from the packages before it.
LAYERS = (
    "common",    # errors, hints, Vietnamese formatting, dates, YAML, addresses, the page kind's base
    "schema",    # every data entity's fields declared once, and the reader of declared fields
    "figures",   # programmes, reports, units: read, validated, computed once, their texts and tables
    "portal",    # the office's site settings (data/site.yml)
    "news",      # bulletins: read, checked, listed, their feeds
    "sections",  # the sections a portal must publish (NĐ 42/2022): documents, procedures, office
    "visits",    # the visit counter
    "build",     # one build: its state, its page kinds, the pipeline, the pages' checks
    "output",    # after the pages: the search index, the atomic publish
    "preview",   # what only the preview needs
    "edit",      # the editors' web application
    "cli",       # `python -m bantin`: commands over all of the above (cli.py, __main__.py)
)
ENGINES = ("mkdocs", "properdocs", "material", "mkdocs_hooks", "mkdocs_engine", "mkdocs_page", "mkdocs_parallel",
           "mkdocs_serving", "mkdocs_theme", "mkdocs_markdown", "bantin_build", "bantin_preview", "bantin_serve")


def layer_of(module: str) -> str:
    """`build.state` → `build`; the top-level modules (cli, __main__, the package itself) are the commands."""
    first = module.split(".")[0]
    return first if first in LAYERS else "cli"


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def imports(path: Path, core: Path = CORE) -> list[tuple[int, str]]:
    """(line, imported module inside bantin, or the outside package's name prefixed with '/') of a file;
    the type checker's imports left out."""
    module = path.relative_to(core).with_suffix("").parts
    package = list(module[:-1])
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_lines(tree)
    found = []
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skipped:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = _inside(node.module or "")
            if target.startswith("/"):
                found.append((node.lineno, target))
                continue
            for alias in node.names:  # `from . import x` imports the module x; `from .x import y` the module x
                name = f"{target}.{alias.name}" if target else alias.name
                place = core / Path(*name.split("."))
                found.append((node.lineno, name if place.with_suffix(".py").exists() or place.is_dir() else target))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, _inside(alias.name)) for alias in node.names)
    return found


def _inside(absolute: str) -> str:
    return absolute.removeprefix("bantin.") if absolute.startswith("bantin.") else "/" + absolute


def wrong_way(core: Path = CORE) -> list[str]:
    """Every import against the layers, as `file:line: a → b`."""
    found = []
    for path in sorted(core.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        here = ".".join(path.relative_to(core).with_suffix("").parts)
        for line, target in imports(path, core):
            where = f"{path.relative_to(core.parent)}:{line}"
            if target.startswith("/"):
                if target[1:].split(".")[0] in ENGINES:
                    found.append(f"{where}: {here} → {target[1:]} (the core never imports the engine)")
                continue
            if LAYERS.index(layer_of(target)) > LAYERS.index(layer_of(here)):
                found.append(f"{where}: {layer_of(here)} → {layer_of(target)} ({here} imports {target})")
    return found


def test_every_package_of_the_core_is_a_layer():
    packages = {p.name for p in CORE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    modules = {p.stem for p in CORE.glob("*.py")}
    assert packages - set(LAYERS) == set(), "a new package of the core: add it to LAYERS at its place"
    assert set(LAYERS) - {"cli"} - packages == set(), "a layer without its package: remove it from LAYERS"
    assert modules == {"__init__", "__main__", "cli"}  # nothing left flat beside the packages


def test_imports_go_one_way_only():
    assert wrong_way() == []


@pytest.mark.parametrize(("where", "text", "expected"), [
    ("common/urls.py", "from ..build.state import SiteData\n",
     "bantin/common/urls.py:1: common → build (common.urls imports build.state)"),
    ("figures/stats.py", "from ..edit import app\n",
     "bantin/figures/stats.py:1: figures → edit (figures.stats imports edit.app)"),
    ("news/views.py", "import mkdocs.structure\n",
     "bantin/news/views.py:1: news.views → mkdocs.structure (the core never imports the engine)"),
    ("schema/fields.py", "from bantin.output import publish\n",
     "bantin/schema/fields.py:1: schema → output (schema.fields imports output.publish)"),
    ("common/urls.py", "from typing import TYPE_CHECKING\nif not TYPE_CHECKING:\n    from ..build import state\n",
     "bantin/common/urls.py:3: common → build (common.urls imports build.state)"),  # run: not the type checker's
])
def test_an_import_against_the_layers_is_named(tmp_path, where, text, expected):
    core = tmp_path / "bantin"
    for folder in ("common", "figures", "news", "schema", "build", "edit", "output"):
        (core / folder).mkdir(parents=True)
        (core / folder / "__init__.py").write_text("")
    for module in ("build/state.py", "edit/app.py", "output/publish.py"):
        (core / module).write_text("")
    (core / where).write_text(text)
    assert wrong_way(core) == [expected]


def test_type_only_imports_upwards_are_allowed(tmp_path):
    core = tmp_path / "bantin"
    for folder in ("common", "build"):
        (core / folder).mkdir(parents=True)
        (core / folder / "__init__.py").write_text("")
    (core / "build" / "state.py").write_text("")
    (core / "common" / "pagekind.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..build.state import SiteData\n")
    assert wrong_way(core) == []
