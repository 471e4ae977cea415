"""What an office does first: it deletes the demo's content (data/, docs/ but the code's parts of it) and puts its
own in. `make build` then builds its site, and `make test` still passes: the tests use fixtures of their own
(tests/projects/), never the shipped demo."""
import os
import shutil
import subprocess
import sys

from sitebuild import CODE_PARTS, DEMO_WARD, PROJECTS, REPO, build_env, link_venvs, office_lines

OTHER = PROJECTS / "other"  # the other office: UBND xã Tà Lài, one programme, two bulletins


def office_copy(target):
    """The repo's files (as `git ls-files` lists them, with what is not committed yet), with the other office's
    content in place of the demo's, and the repo's venvs and npm tools (what `make test` installed)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, listed):
        if (REPO / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, target / name)
    link_venvs(target)
    (target / ".cache").mkdir(exist_ok=True)
    (target / ".cache/npm").symlink_to(REPO / ".cache/npm")
    shutil.rmtree(target / "data")
    code = [target / part for part in CODE_PARTS]
    for path in sorted((target / "docs").rglob("*"), reverse=True):
        if path.is_file() and not any(path == part or part in path.parents for part in code):
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    shutil.copytree(OTHER / "data", target / "data")
    shutil.copytree(OTHER / "docs", target / "docs", dirs_exist_ok=True)
    office_lines(target / "mkdocs.yml", OTHER / "mkdocs.yml")
    return target


def test_an_office_replaces_the_demo_content_and_make_test_still_passes(tmp_path):
    office = office_copy(tmp_path / "office")
    assert sorted(p.relative_to(office / "docs").as_posix() for p in (office / "docs").glob("*")) == [
        "assets", "gioi-thieu.md", "huong-dan", "index.md", "tin-tuc"]
    assert sorted(p.name for p in (office / "docs/tin-tuc").iterdir()) == [
        "lich-tiep-cong-dan-thang-4.md", "so-hoa-ho-so-quy-1.md"]
    assert not [name for name in ("anh", "banners", "logo") if (office / "docs/assets" / name).exists()]  # the demo's

    built = subprocess.run(["make", "build"], cwd=office, capture_output=True, text=True, timeout=900,
                           env=build_env())
    assert built.returncode == 0, built.stdout + built.stderr
    home = (office / "site/index.html").read_text(encoding="utf-8")
    assert "<title>Trang thông tin điện tử UBND xã Tà Lài</title>" in home
    assert DEMO_WARD not in home
    article = (office / "site/tin-tuc/so-hoa-ho-so-quy-1/index.html").read_text(encoding="utf-8")
    assert "<p>Tính đến 31/3/2026, xã đã số hóa 1.250 hồ sơ thủ tục hành chính.</p>" in article
    assert sorted(p.name for p in (office / "site/thong-ke").iterdir()) == ["index.html", "mot-cua-so"]

    # The whole suite in the copy, but for this test (which would run itself again, and again).
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "BANTIN"))}
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(office / "hooks"))
    suite = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                            "--deselect", "tests/test_office.py"], cwd=office, capture_output=True, text=True,
                           env=env, timeout=3600)
    assert suite.returncode == 0, suite.stdout[-6000:] + suite.stderr[-3000:]
    assert " passed" in suite.stdout.splitlines()[-1] and " failed" not in suite.stdout.splitlines()[-1]
