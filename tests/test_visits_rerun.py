"""A run with nothing new (the cron job's usual run) leaves every file alone, and is cheap; anything new
is still counted, exactly once."""
import datetime as dt
import gzip
import json
import os
import shutil
import subprocess
import sys

import pytest
import yaml

from bantin.common import vi
from bantin.visits import clock, store
from bantin.visits.command import ingest_logs
from conftest import REPO
from visitlogs import ARTICLE, at, line, make_site

DAY = "2025-12-30"
NOW = at(DAY, "23:00:00")


def text(lines):
    return "".join(x + "\n" for x in lines)


@pytest.fixture
def project(tmp_path):
    make_site(tmp_path / "site")
    (tmp_path / "log").mkdir()
    (tmp_path / "log/access.log").write_text(text([line(at(DAY, "09:00:00")), line(at(DAY, "09:01:00"), "/")]))
    return tmp_path


def run(root, logs=("access.log",), now=NOW):
    return ingest_logs([root / "log" / name for name in logs], root / "data/visits.yml", root / "state",
                       root / "site", now=now)


def files(root):
    """Bytes and modification time of every file a run writes."""
    paths = [root / "state/visits.yml", root / "site/visits.json", root / "state/visitors.json"]
    return {path.name: (path.read_bytes(), path.stat().st_mtime_ns, path.stat().st_ino) for path in paths}


def views(root):
    return yaml.safe_load((root / "state/visits.yml").read_text())["days"][DAY]["views"]


def test_a_rerun_on_an_unchanged_log_writes_nothing(project):
    assert run(project).views == 2
    before = files(project)
    for _ in range(2):
        summary = run(project)
        assert (summary.lines, summary.views, summary.visits) == (0, 0, 0)
        assert files(project) == before


def test_lines_appended_after_a_rerun_are_counted(project):
    run(project)
    run(project)
    with (project / "log/access.log").open("a") as log:
        log.write(line(at(DAY, "10:00:00"), ip="14.160.0.2") + "\n" + line(at(DAY, "10:01:00"))[:30])
    assert run(project).views == 1, "the whole line; the last one is still being written"
    before = files(project)
    assert run(project).lines == 0 and files(project) == before
    with (project / "log/access.log").open("a") as log:
        log.write(line(at(DAY, "10:01:00"))[30:] + "\n")
    assert run(project).views == 1
    assert views(project) == 4


def test_a_new_log_and_a_rotated_copy(project):
    run(project)
    log = project / "log"
    (log / "access.log.1.gz").write_bytes(gzip.compress((log / "access.log").read_bytes()))  # rotated
    (log / "access.log").write_text(line(at(DAY, "11:00:00"), ip="14.160.0.2") + "\n")
    assert run(project, ("access.log", "access.log.1.gz")).views == 1
    before = files(project)
    assert run(project, ("access.log", "access.log.1.gz")).lines == 0 and files(project) == before
    assert views(project) == 3


def test_a_gz_still_being_written_is_read_again(project):
    lines = [line(at(DAY, "08:00:00") + dt.timedelta(seconds=i), ip=f"10.0.{i // 250}.{i % 250}") for i in range(2000)]
    whole = gzip.compress(text(lines).encode())
    (project / "log/access.log.2.gz").write_bytes(whole[: len(whole) // 2])
    first = run(project, ("access.log.2.gz",))
    assert first.cut == ["access.log.2.gz"]
    assert run(project, ("access.log.2.gz",)).cut == ["access.log.2.gz"], "reported again, not skipped"
    (project / "log/access.log.2.gz").write_bytes(whole)
    assert first.views + run(project, ("access.log.2.gz",)).views == 2000


def test_a_hand_edit_of_the_data_file_is_shown(project):
    run(project)
    (project / "data").mkdir()
    (project / "data/visits.yml").write_text("total_before: 390224\n")  # a commit pulled: read, never written
    run(project)
    assert (project / "data/visits.yml").read_text() == "total_before: 390224\n"
    assert json.loads((project / "site/visits.json").read_text())["total"] == 390224 + 1  # the two views are one visit


def test_a_new_build_gets_the_figures_and_its_pages(project):
    run(project)
    # `make build` swaps in a new folder, with the build's visits.json and a new bulletin.
    new = project / "new-site"
    make_site(new, ("/", ARTICLE, "/tin-tuc/moi/"))
    (new / "visits.json").write_text('{"total": 0}\n')
    shutil.rmtree(project / "site")
    new.rename(project / "site")
    assert run(project).lines == 0
    assert json.loads((project / "site/visits.json").read_text())["total"] == 1
    with (project / "log/access.log").open("a") as log:
        log.write(line(at(DAY, "12:00:00"), "/tin-tuc/moi/") + "\n")
    summary = run(project)
    assert (summary.views, summary.unknown) == (1, 0), "the new build's pages, not a list kept from the old one"


def test_a_new_day_deletes_the_old_key_even_with_nothing_new(project):
    run(project)
    state = project / "state/visitors.json"
    assert list(json.loads(state.read_text())["days"]) == [DAY]
    run(project, now=at("2025-12-31", "00:59:00"))  # kept an hour more, for lines written out of order
    assert list(json.loads(state.read_text())["days"]) == [DAY]
    run(project, now=at("2025-12-31", "01:00:00"))
    assert json.loads(state.read_text())["days"] == {}


def test_a_rerun_imports_neither_yaml_nor_the_site(project):
    run(project)
    code = ("import sys; from bantin.cli import main; "
            f"main(['visits', {str(project / 'log/access.log')!r}, '--data', 'data/visits.yml', "
            "'--site', 'site', '--state', 'state']); "
            "print(sorted(m for m in ('yaml', 'babel', 'jinja2', 'markdown', 'bantin.build.state')"
            " if m in sys.modules))")
    env = dict(os.environ, PYTHONPATH=str(REPO / "hooks"))
    said = "Đã đọc 0 dòng mới từ 1 tệp: 0 lượt xem trang mới, 0 lượt truy cập mới."
    for imported in (["yaml"], []):  # today is after 30/12/2025: the first run deletes that day's key
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=project)
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines() == [said, str(imported)]


def test_vietnam_time_and_numbers_without_babel():
    for value in (0, 7, 999, 1000, 176907, 10**15):
        assert clock.number(value) == vi.number(value)
    for value in (dt.datetime(2025, 12, 30, 17, 0, tzinfo=dt.UTC), dt.datetime(2025, 12, 31, 0, 5)):
        assert clock.local(value) == vi.local(value) and clock.local(value).utcoffset() == vi.local(value).utcoffset()


def test_libyaml_writes_the_same_data_file():
    document = {"total_before": 1, "updated": "2025-12-30T09:00:00+07:00", "online": 0,
                "days": {"2025-12-30": {"visits": 1, "views": 2}},
                "pages": {p: 1 for p in ("/a: b/", "/#x/", "/ư/", "/x y/", "/it's/", '/"q"/', "/-/", "/?/", "/true/",
                                         "/\u00a0/", "/a\tb/", "/" + "x" * 1200 + "/", "/\ufeff/", "/\u2028/")}}
    pure = yaml.dump(document, Dumper=yaml.SafeDumper, allow_unicode=True, sort_keys=False, width=1000)
    assert yaml.dump(document, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=1000) == pure
    assert yaml.safe_load(pure) == document


def test_unchanged_text_is_not_written_again(tmp_path):
    path = tmp_path / "a.json"
    assert store.write_if_changed(path, "{}\n")
    stamp = path.stat().st_mtime_ns, path.stat().st_ino
    assert not store.write_if_changed(path, "{}\n")
    assert (path.stat().st_mtime_ns, path.stat().st_ino) == stamp
    assert store.write_if_changed(path, "{ }\n") and path.read_text() == "{ }\n"
