import gzip
import json
import os
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor

import pytest
import yaml

from bantin.visits import store
from bantin.visits.command import describe, ingest_logs
from conftest import REPO
from visitlogs import ARTICLE, PHONE, at, line

IPS = ("203.113.1.10", "14.160.0.2", "2001:db8::7")


def day_of_logs():
    """Three readers on 30/12/2025 and a bot, spread over three rotated files."""
    old = [line(at("2025-12-30", "07:00:00"), ip=IPS[0]), line(at("2025-12-30", "07:10:00"), "/", ip=IPS[0])]
    middle = [line(at("2025-12-30", "08:00:00"), ip=IPS[1], agent=PHONE),
              line(at("2025-12-30", "08:00:01"), "/assets/bantin.css", ip=IPS[1], agent=PHONE)]
    new = [line(at("2025-12-30", "09:00:00"), ip=IPS[2]), line(at("2025-12-30", "09:01:00"), agent="bingbot/2.0"),
           line(at("2025-12-30", "09:02:00"), "/", ip=IPS[0]), "\x16\x03\x01 garbage"]
    return old, middle, new


@pytest.fixture
def logs(tmp_path):
    old, middle, new = day_of_logs()
    folder = tmp_path / "log"
    folder.mkdir()
    (folder / "access.log.2.gz").write_bytes(gzip.compress("\n".join(old).encode() + b"\n"))
    (folder / "access.log.1").write_text("\n".join(middle) + "\n")
    (folder / "access.log").write_text("\n".join(new) + "\n")
    return folder


def run(tmp_path, paths, site=True):
    site_dir = tmp_path / "site"
    if site:
        site_dir.mkdir(exist_ok=True)
    return ingest_logs(paths, tmp_path / "data/visits.yml", tmp_path / "state", site_dir)


def test_rotated_files_in_any_order(tmp_path, logs):
    summary = run(tmp_path, [logs / "access.log", logs / "access.log.2.gz", logs / "access.log.1"])
    assert (summary.views, summary.visits, summary.bots, summary.malformed, summary.not_pages) == (5, 4, 1, 1, 1)
    data = yaml.safe_load((tmp_path / "data/visits.yml").read_text())
    assert data["days"] == {"2025-12-30": {"visits": 4, "views": 5}}
    assert data["pages"] == {"/": 2, ARTICLE: 3}
    assert data["updated"] == "2025-12-30T09:02:00+07:00"
    live = json.loads((tmp_path / "site/visits.json").read_text())
    assert live == {"today": 4, "yesterday": 0, "month": 4, "total": 4, "online": 2,
                    "updated": "2025-12-30T09:02:00+07:00", "views": {"/": 2, ARTICLE: 3}}
    assert describe(summary, 3) == (
        "Đã đọc 8 dòng từ 3 tệp: 5 lượt xem trang mới, 4 lượt truy cập mới. Bỏ qua: 0 dòng đã tính trước đó, "
        "1 dòng không phải trang, 1 dòng của máy tự động (bot), 1 dòng sai định dạng.")


def test_reingest_and_rotated_copy_change_nothing(tmp_path, logs):
    run(tmp_path, [logs / "access.log"])
    before = (tmp_path / "data/visits.yml").read_text()
    (logs / "access.log.1.gz").write_bytes(gzip.compress((logs / "access.log").read_bytes()))  # it was rotated
    summary = run(tmp_path, [logs / "access.log.1.gz", logs / "access.log"])
    assert (summary.views, summary.already_counted) == (0, 3)
    assert (tmp_path / "data/visits.yml").read_text() == before


def test_total_before_is_kept(tmp_path, logs):
    (tmp_path / "data").mkdir()
    (tmp_path / "data/visits.yml").write_text("total_before: 390224\n")
    run(tmp_path, [logs / "access.log"])
    live = json.loads((tmp_path / "site/visits.json").read_text())
    assert live["total"] == 390226


def test_no_address_or_agent_is_written(tmp_path, logs):
    run(tmp_path, sorted(logs.iterdir()))
    written = [tmp_path / "data/visits.yml", tmp_path / "site/visits.json", tmp_path / "state/visitors.json"]
    for path in written:
        text = path.read_text()
        for secret in IPS + ("Mozilla", "Android", "bingbot"):
            assert secret not in text, (path, secret)
    assert oct((tmp_path / "state/visitors.json").stat().st_mode & 0o777) == "0o600"


def test_without_site_only_data_is_written(tmp_path, logs):
    run(tmp_path, [logs / "access.log"], site=False)
    assert (tmp_path / "data/visits.yml").exists() and not (tmp_path / "site").exists()


def test_interrupted_run_leaves_previous_file(tmp_path, logs, monkeypatch):
    run(tmp_path, [logs / "access.log.1"])
    before = (tmp_path / "data/visits.yml").read_text()

    def crash(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(store.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        run(tmp_path, [logs / "access.log"])
    assert (tmp_path / "data/visits.yml").read_text() == before
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["visits.yml"]  # no temp file left


def _ingest_in_process(args):
    tmp, paths = args
    from pathlib import Path
    return ingest_logs([Path(p) for p in paths], Path(tmp) / "data/visits.yml", Path(tmp) / "state", None).views


def test_concurrent_runs_count_once(tmp_path, logs):
    paths = [str(p) for p in sorted(logs.iterdir())]
    with ProcessPoolExecutor(4) as pool:
        views = list(pool.map(_ingest_in_process, [(str(tmp_path), paths)] * 8))
    assert sorted(views) == [0] * 7 + [5]     # one run counted, the others found it done
    data = yaml.safe_load((tmp_path / "data/visits.yml").read_text())
    assert data["days"] == {"2025-12-30": {"visits": 4, "views": 5}}


def test_cli_summary_and_missing_file(tmp_path, logs):
    env = dict(os.environ, PYTHONPATH=str(REPO / "hooks"))
    args = [sys.executable, "-m", "bantin", "visits", "--data", str(tmp_path / "v.yml"),
            "--state", str(tmp_path / "st"), "--site", str(tmp_path / "none")]
    ok = subprocess.run(args + [str(logs / "access.log")], capture_output=True, text=True, env=env)
    assert ok.returncode == 0
    assert ok.stdout.startswith("Đã đọc 4 dòng từ 1 tệp: 2 lượt xem trang mới, 2 lượt truy cập mới.")
    missing = subprocess.run(args + [str(logs / "nope.log")], capture_output=True, text=True, env=env)
    assert missing.returncode == 1
    assert missing.stderr == f"Lỗi: không tìm thấy tệp nhật ký: {logs / 'nope.log'}\n"


def test_make_visits(tmp_path, logs):
    from sitebuild import make_project
    project = make_project(tmp_path / "p")
    (project / "data/visits.yml").write_text("total_before: 390224\n")  # a portal moving to bantin
    result = subprocess.run(["make", "-s", "-o", ".venv/.site-deps", "visits", f"LOGS={logs / 'access.log'}"],
                            cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Đã đọc 4 dòng từ 1 tệp: 2 lượt xem trang mới, 2 lượt truy cập mới.")
    data = yaml.safe_load((project / "data/visits.yml").read_text())
    assert data["total_before"] == 390224 and data["days"]["2025-12-30"] == {"visits": 2, "views": 2}
    assert (project / ".bantin-state/visitors.json").exists()
