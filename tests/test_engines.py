"""The same site from each engine `make build ENGINE=…` offers: MkDocs + Material (the default), ProperDocs,
MkDocs without Material; and an engine that does not run bantin's hooks publishes nothing.

Each engine runs from its own venv (`make test` makes .venv-properdocs and .venv-plain). A Zensical-like
engine, which accepts `hooks:` and never runs them, is simulated by a mkdocs.yml without `hooks:`: Zensical
itself is not installed here (`make build` never runs it; the README says what a bare `zensical build` does).
"""
import contextlib
import hashlib
import os
import subprocess

import pytest

from servers import free_port, wait_for_text
from sitebuild import ENGINE_VENVS, REPO, make_project, write_bulletins

ENGINES = tuple(ENGINE_VENVS)
KEPT_STAMPS = [option for venv in ENGINE_VENVS.values() for option in ("-o", f"{venv}/.site-deps")]
NO_HOOKS = ("Công cụ dựng trang đã không chạy phần nối với bantin (hooks: - hooks/mkdocs_hooks.py trong mkdocs.yml): "
            "trang dựng ra không có số liệu nên không được đăng.")
KEPT = "Trang đang đăng vẫn giữ nguyên, chưa có gì thay đổi."


def digest(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def make(project, engine, target="build"):
    env = dict(os.environ, BANTIN_NOW="2026-11-23 12:00")
    return subprocess.run(["make", "-s", *KEPT_STAMPS, target, f"ENGINE={engine}"], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)


def messages(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if not line.startswith("make")]


def serve_command(project, engine, port: int = 8000) -> str:
    """What `make serve ENGINE=… PORT=…` runs (make -n):
    `[VARIABLE=value] <venv>/bin/python hooks/bantin_serve.py PORT`."""
    line = subprocess.run(["make", "-s", "-n", *KEPT_STAMPS, "serve", f"ENGINE={engine}", f"PORT={port}"],
                          cwd=project, capture_output=True, text=True, check=True).stdout.strip()
    assert line.endswith(f"{ENGINE_VENVS[engine]}/bin/python hooks/bantin_serve.py {port}"), line
    return line


def run_engine(project, engine, *arguments):
    """The engine's own command, in the venv and with the settings make serve uses, with other arguments."""
    command = serve_command(project, engine).replace(
        "bin/python hooks/bantin_serve.py 8000", "bin/" + ("properdocs" if engine == "properdocs" else "mkdocs"))
    return subprocess.run(["bash", "-c", f"exec env {command} {' '.join(arguments)}"], cwd=project,
                          env=dict(os.environ, PYTHONPATH=str(project / "hooks"), NO_MKDOCS_2_WARNING="1"),
                          capture_output=True, text=True, timeout=600)


def test_the_other_engines_have_no_material():
    for engine in ("properdocs", "plain"):
        found = subprocess.run([REPO / ENGINE_VENVS[engine] / "bin/python", "-c",
                                "import importlib.util as u; print(u.find_spec('material'), u.find_spec('mkdocs'))"],
                               capture_output=True, text=True)
        assert found.stdout.split()[0] == "None", engine
    assert found.stdout.split()[1] != "None"  # plain: MkDocs itself
    properdocs = subprocess.run([REPO / ".venv-properdocs/bin/python", "-c",
                                 "import importlib.util as u; print(u.find_spec('mkdocs'), u.find_spec('properdocs'))"],
                                capture_output=True, text=True)
    assert properdocs.stdout.split()[0] == "None" and properdocs.stdout.split()[1] != "None"


@pytest.mark.parametrize("bulletins", [0, 500])
def test_every_engine_builds_the_same_site(tmp_path, bulletins):
    """The demo, and the demo with 500 generated bulletins (then the build converts and renders in two processes)."""
    sites = {}
    for engine in ENGINES:
        project = make_project(tmp_path / engine)
        write_bulletins(project, bulletins)
        result = make(project, engine)
        assert result.returncode == 0, (engine, result.stderr)
        assert result.stdout.startswith(f"Đã dựng xong trang vào {project / 'site'} ("), engine
        assert result.stderr == "", engine
        sites[engine] = digest(project / "site")
    assert len(sites["mkdocs"]) > 50 + bulletins
    if bulletins:
        assert "tin-tuc/ban-tin-00500/index.html" in sites["mkdocs"]
    assert sites["properdocs"] == sites["mkdocs"]
    assert sites["plain"] == sites["mkdocs"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_build_that_skips_the_hooks_is_refused_and_the_site_kept(tmp_path, engine):
    project = make_project(tmp_path / "p")
    assert make(project, engine).returncode == 0
    before = digest(project / "site")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "hooks:\n  - hooks/mkdocs_hooks.py\n" in text
    config.write_text(text.replace("hooks:\n  - hooks/mkdocs_hooks.py\n", ""), encoding="utf-8")
    result = make(project, engine)
    assert result.returncode == 2
    assert result.stdout == ""
    assert messages(result) == [NO_HOOKS, KEPT]
    assert digest(project / "site") == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".bantin")) == []
    # Run by itself, as a bare `zensical build` is, the engine has nothing of bantin's to stop it: it writes
    # into mkdocs.yml's site_dir, which is not the live site/.
    run_engine(project, engine, "build", "-f", "mkdocs.yml")
    assert (project / ".bantin-unpublished-site").is_dir()
    assert digest(project / "site") == before


@pytest.mark.parametrize("engine", ENGINES)
def test_a_warning_stops_every_engine(tmp_path, engine):
    """ProperDocs logs under `properdocs.*`: bantin's warnings must be counted by its --strict too."""
    project = make_project(tmp_path / "p")
    assert make(project, engine).returncode == 0
    before = digest(project / "site")
    (project / "data/programmes/ghi-chu.txt").write_text("x\n", encoding="utf-8")
    result = make(project, engine)
    assert result.returncode == 2
    assert messages(result) == [
        "Cảnh báo: data/programmes/ghi-chu.txt: tệp không được đọc: số liệu phải ở tệp có đuôi .yml",
        "Có 1 cảnh báo: trang chưa được dựng lại (chế độ nghiêm ngặt dừng ở mọi cảnh báo).",
        KEPT]
    assert digest(project / "site") == before
    # The engine's own command (not `make build`): its hooks publish no build that --strict stops.
    result = run_engine(project, engine, "build", "--strict", "-f", "mkdocs.yml")
    assert result.returncode == 1
    assert "Aborted with 1 warnings in strict mode!" in result.stdout + result.stderr
    assert digest(project / "site") == before


@contextlib.contextmanager
def make_serve(project, engine):
    """The command `make serve ENGINE=…` runs (make -n), on a free port; yields its base URL and stops it."""
    port = free_port()
    server = subprocess.Popen(["bash", "-c", "exec env " + serve_command(project, engine, port)],
                              cwd=project, env=dict(os.environ, PYTHONPATH=str(project / "hooks"),
                                                    NO_MKDOCS_2_WARNING="1"),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("engine", ENGINES)
def test_make_serve_previews_with_every_engine(tmp_path, engine):
    project = make_project(tmp_path / "p")
    write_bulletins(project, 1)
    with make_serve(project, engine) as base:
        page = wait_for_text(base, "Bản tin thử số 1 về cải cách hành chính")  # the home page's list: the hooks ran
        assert 'href="tin-tuc/ban-tin-00001/"' in page
        article = wait_for_text(base + "tin-tuc/ban-tin-00001/", '<h1 class="bt-article__title">')
        assert "Nội dung bản tin thử số 1: phường tiếp nhận và giải quyết hồ sơ đúng hạn." in article
