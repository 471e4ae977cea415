import datetime as dt
import gzip
import json
import os
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor

import pytest
import yaml

from bantin.common.errors import DataError
from bantin.common.vi import number
from bantin.visits import store
from bantin.visits.command import describe, ingest_logs
from bantin.visits.store import load_aggregates
from bantin.visits.summary import figures
from conftest import REPO
from sitebuild import DEMO
from visitlogs import ARTICLE, PHONE, at, line, make_site

IPS = ("203.113.1.10", "14.160.0.2", "2001:db8::7")
DAY = "2025-12-30"


def day_of_logs():
    """Three readers on 30/12/2025 and a bot, spread over three rotated files."""
    old = [line(at(DAY, "07:00:00"), ip=IPS[0]), line(at(DAY, "07:10:00"), "/", ip=IPS[0])]
    middle = [line(at(DAY, "08:00:00"), ip=IPS[1], agent=PHONE),
              line(at(DAY, "08:00:01"), "/assets/bantin.css", ip=IPS[1], agent=PHONE)]
    new = [line(at(DAY, "09:00:00"), ip=IPS[2]), line(at(DAY, "09:01:00"), agent="bingbot/2.0"),
           line(at(DAY, "09:02:00"), "/", ip=IPS[0]), "\x16\x03\x01 garbage"]
    return old, middle, new


def text(lines):
    return "".join(x + "\n" for x in lines)


@pytest.fixture
def logs(tmp_path):
    old, middle, new = day_of_logs()
    folder = tmp_path / "log"
    folder.mkdir()
    (folder / "access.log.2.gz").write_bytes(gzip.compress(text(old).encode()))
    (folder / "access.log.1").write_text(text(middle))
    (folder / "access.log").write_text(text(new))
    return folder


@pytest.fixture(autouse=True)
def site(tmp_path):
    return make_site(tmp_path / "site")


def run(tmp_path, paths, now=None):
    return ingest_logs(paths, tmp_path / "data/visits.yml", tmp_path / "state", tmp_path / "site", now=now)


def data_of(tmp_path):
    """The counts: in the private state folder, never in data/ (which git tracks)."""
    assert not (tmp_path / "data/visits.yml").exists()
    return yaml.safe_load((tmp_path / "state/visits.yml").read_text())


def marks(data):
    """(offset, .gz size when read to its end) of each log, as `data` holds them."""
    return [(mark[0], mark[2] if len(mark) == 4 else None) for mark in data["logs"].values()]


def test_rotated_files_in_any_order(tmp_path, logs):
    summary = run(tmp_path, [logs / "access.log", logs / "access.log.2.gz", logs / "access.log.1"])
    assert (summary.views, summary.visits, summary.bots, summary.malformed, summary.not_pages) == (5, 4, 1, 1, 1)
    data = data_of(tmp_path)
    assert data["days"] == {DAY: {"visits": 4, "views": 5}}
    assert data["pages"] == {"/": 2, ARTICLE: 3}
    assert data["updated"] == "2025-12-30T09:02:00+07:00"
    old, middle, new = (len(text(part)) for part in day_of_logs())
    assert marks(data) == [(old, (logs / "access.log.2.gz").stat().st_size), (middle, None), (new, None)]
    live = json.loads((tmp_path / "site/visits.json").read_text())
    assert live == {"today": 4, "yesterday": None, "month": 4, "total": 4, "online": 2,
                    "updated": "2025-12-30T09:02:00+07:00", "views": {"/": 2, ARTICLE: 3}}
    assert describe(summary, 3) == (
        "Đã đọc 8 dòng mới từ 3 tệp: 5 lượt xem trang mới, 4 lượt truy cập mới. Bỏ qua: "
        "1 dòng không phải trang, 1 dòng của máy tự động (bot), 1 dòng sai định dạng.")


def test_older_logs_read_after_newer_ones_count(tmp_path, logs):
    """A first import of history, or a late .2.gz: the old single time mark counted none of it."""
    first = run(tmp_path, [logs / "access.log"])
    later = run(tmp_path, [logs / "access.log.1", logs / "access.log.2.gz"])
    assert (first.views, first.visits, later.views, later.visits) == (2, 2, 3, 2)
    assert data_of(tmp_path)["days"] == {DAY: {"visits": 4, "views": 5}}
    assert describe(later, 2) == ("Đã đọc 4 dòng mới từ 2 tệp: 3 lượt xem trang mới, 2 lượt truy cập mới. "
                                  "Bỏ qua: 1 dòng không phải trang.")


def test_rotation_keeps_the_identity_and_the_offset(tmp_path, logs):
    now = at(DAY, "23:00:00")
    run(tmp_path, [logs / "access.log"], now)
    (logs / "access.log").rename(logs / "access.log.1")
    with (logs / "access.log.1").open("a") as stream:   # nginx writes on until it reopens its log
        stream.write(line(at(DAY, "09:05:00"), ip=IPS[1]) + "\n")
    (logs / "access.log").write_text(line(at(DAY, "09:06:00"), "/", ip=IPS[1]) + "\n")
    summary = run(tmp_path, [logs / "access.log", logs / "access.log.1"], now)
    assert (summary.lines, summary.views, summary.visits) == (2, 2, 1)
    (logs / "access.log.2.gz").write_bytes(gzip.compress((logs / "access.log.1").read_bytes()))
    (logs / "access.log.1").unlink()
    summary = run(tmp_path, [logs / "access.log", logs / "access.log.2.gz"], now)
    assert (summary.lines, summary.views) == (0, 0)
    assert data_of(tmp_path)["days"] == {DAY: {"visits": 3, "views": 4}}
    rotated = logs / "access.log.2.gz"
    assert marks(data_of(tmp_path)) == [   # the first log: read to its end, compressed
        (len(gzip.decompress(rotated.read_bytes())), rotated.stat().st_size),
        ((logs / "access.log").stat().st_size, None)]


def test_a_log_and_its_gz_copy_in_one_run_count_once(tmp_path, logs):
    (logs / "access.log.1.gz").write_bytes(gzip.compress((logs / "access.log.1").read_bytes()))
    summary = run(tmp_path, [logs / "access.log.1.gz", logs / "access.log.1"])
    assert (summary.lines, summary.views, summary.not_pages) == (2, 1, 1)
    assert len(data_of(tmp_path)["logs"]) == 1


def test_reingest_and_rotated_copy_change_no_figure(tmp_path, logs):
    run(tmp_path, [logs / "access.log"])
    before = {key: value for key, value in data_of(tmp_path).items() if key != "logs"}
    shown = (tmp_path / "site/visits.json").read_bytes()
    (logs / "access.log.1.gz").write_bytes(gzip.compress((logs / "access.log").read_bytes()))  # it was rotated
    summary = run(tmp_path, [logs / "access.log.1.gz", logs / "access.log"])
    assert (summary.lines, summary.views) == (0, 0)
    assert describe(summary, 2) == "Đã đọc 0 dòng mới từ 2 tệp: 0 lượt xem trang mới, 0 lượt truy cập mới."
    assert {key: value for key, value in data_of(tmp_path).items() if key != "logs"} == before
    assert (tmp_path / "site/visits.json").read_bytes() == shown


def test_future_line_does_not_freeze_counting(tmp_path, logs):
    log = logs / "access.log"
    log.write_text(text([line(at(DAY, "09:00:00")), line(at("2099-01-01", "00:00:00"), ip=IPS[1])]))
    first = run(tmp_path, [log], now=at(DAY, "09:01:00"))
    with log.open("a") as stream:
        stream.write(line(at(DAY, "10:00:00"), "/", ip=IPS[2]) + "\n")
    later = run(tmp_path, [log], now=at(DAY, "10:01:00"))
    assert (first.views, first.future, later.views, later.future) == (1, 1, 1, 0)
    assert describe(first, 1) == ("Đã đọc 2 dòng mới từ 1 tệp: 1 lượt xem trang mới, 1 lượt truy cập mới. "
                                  "Bỏ qua: 1 dòng ghi thời gian ở tương lai (đồng hồ máy chủ sai?).")
    data = data_of(tmp_path)
    assert (data["days"], data["updated"]) == ({DAY: {"visits": 2, "views": 2}}, "2025-12-30T10:00:00+07:00")


def test_gz_being_compressed_is_finished_later(tmp_path, logs):
    lines = [line(at(DAY, "08:00:00") + dt.timedelta(seconds=i), ip=f"10.0.{i // 250}.{i % 250}")
             for i in range(3000)]
    whole = gzip.compress(text(lines).encode())
    cut = logs / "access.log.2.gz"
    cut.write_bytes(whole[:30])                         # not even one whole line yet
    assert (run(tmp_path, [cut]).lines, run(tmp_path, [cut]).cut) == (0, ["access.log.2.gz"])
    cut.write_bytes(whole[: len(whole) // 2])
    first = run(tmp_path, [cut])
    assert 0 < first.views < 3000 and first.views == first.lines
    n = number(first.lines)
    assert describe(first, 1) == (
        f"Đã đọc {n} dòng mới từ 1 tệp: {n} lượt xem trang mới, {n} lượt truy cập mới. Tệp access.log.2.gz "
        "chưa trọn (đang nén hoặc bị cắt): đã đếm các dòng đọc được, lần chạy sau đọc tiếp.")
    cut.write_bytes(whole)
    later = run(tmp_path, [cut])
    assert (first.views + later.views, later.cut) == (3000, [])
    assert data_of(tmp_path)["days"] == {DAY: {"visits": 3000, "views": 3000}}


def test_last_line_of_a_plain_log_waits_until_complete(tmp_path, logs):
    log = logs / "access.log"
    whole = line(at(DAY, "09:00:00"))
    log.write_text(whole[:50])
    assert run(tmp_path, [log]).lines == 0
    log.write_text(whole + "\n")
    assert run(tmp_path, [log]).views == 1


def test_junk_paths_add_no_key(tmp_path, logs):
    """nginx answers 200 to `/<anything>/../`; a catch-all rule answers 200 to anything."""
    junk = [line(at(DAY, "09:00:00"), f"/{i:04d}{'x' * 4000}/../", ip=f"10.1.{i // 250}.{i % 250}")
            for i in range(3000)]
    catch_all = [line(at(DAY, "09:00:01"), f"/{i:04d}/", ip=IPS[0]) for i in range(3000)]
    slashes = [line(at(DAY, "09:00:02"), "//////"), line(at(DAY, "09:00:02"), "/./")]
    (logs / "access.log").write_text(text(junk + catch_all + slashes))
    summary = run(tmp_path, [logs / "access.log"])
    live = (tmp_path / "site/visits.json").read_bytes()
    assert len(live) < 100_000
    assert json.loads(live)["views"] == data_of(tmp_path)["pages"] == {"/": 3002}
    assert describe(summary, 1) == (
        "Đã đọc 6.002 dòng mới từ 1 tệp: 3.002 lượt xem trang mới, 3.001 lượt truy cập mới. Bỏ qua: "
        "3.000 dòng xem trang không có trong bản dựng.")


def test_site_under_a_sub_path(tmp_path, logs):
    make_site(tmp_path / "site", ("/", ARTICLE), site_url="https://owner.example.io/bantin/")
    (logs / "access.log").write_text(text([line(at(DAY, "09:00:00"), "/bantin" + ARTICLE),
                                           line(at(DAY, "09:00:01"), ARTICLE)]))
    summary = run(tmp_path, [logs / "access.log"])
    assert (summary.views, summary.unknown) == (1, 1)
    assert data_of(tmp_path)["pages"] == {"/bantin" + ARTICLE: 1}


def test_without_a_built_site_nothing_is_read(tmp_path, logs):
    site = tmp_path / "unbuilt"
    with pytest.raises(FileNotFoundError) as caught:
        ingest_logs([logs / "access.log"], tmp_path / "data/visits.yml", tmp_path / "state", site)
    assert str(caught.value) == (f"chưa có trang đã dựng trong {site}: chạy `make build` trước (chỉ trang có "
                                 "trong bản dựng mới được đếm lượt xem); chưa đọc dòng nhật ký nào")
    assert not (tmp_path / "data").exists()
    assert run(tmp_path, [logs / "access.log"]).views == 2   # once built, nothing was lost


def test_total_before_is_kept(tmp_path, logs):
    (tmp_path / "data").mkdir()
    (tmp_path / "data/visits.yml").write_text("total_before: 390224\n")
    run(tmp_path, [logs / "access.log"])
    live = json.loads((tmp_path / "site/visits.json").read_text())
    assert live["total"] == 390226


def test_file_from_before_the_registry_is_migrated(tmp_path, logs):
    (tmp_path / "data").mkdir()
    (tmp_path / "data/visits.yml").write_text(
        "total_before: 7\ndays:\n  '2025-12-30':\n    visits: 2\n    views: 3\n"
        "ingested_until: '2025-12-30T09:00:00+07:00'\ningested_at_that_second: 1\n")
    old = (tmp_path / "data/visits.yml").read_bytes()
    summary = run(tmp_path, [logs / "access.log"])
    assert (summary.already_counted, summary.views, summary.visits) == (1, 1, 1)
    assert (tmp_path / "data/visits.yml").read_bytes() == old  # moved from, never written
    (tmp_path / "data/visits.yml").unlink()
    data = data_of(tmp_path)
    assert "ingested_until" not in data and "ingested_at_that_second" not in data
    assert data["days"] == {DAY: {"visits": 3, "views": 4}}
    assert marks(data) == [((logs / "access.log").stat().st_size, None)]
    (tmp_path / "data/visits.yml").write_bytes(old)
    assert run(tmp_path, [logs / "access.log.1"]).views == 1   # older than the mark, read later: counted


def test_shipped_settings_hold_no_counts():
    f = figures(load_aggregates(DEMO / "data/visits.yml"))
    assert (f.online, f.today, f.yesterday, f.month, f.views) == (0, 0, None, 0, {})


@pytest.mark.parametrize("content, line_no, field, message", [
    ("total_before: [1\n", 2, None, "YAML sai cú pháp (did not find expected ',' or ']'): sửa dòng này, "
                                    "hoặc lấy lại bản trước của tệp (git)"),
    ("online: 0\ntotal_before: 1.0e+309\n", 2, "total_before",
     "phải là số nguyên từ 0 đến 1.000.000.000.000.000, viết liền không dấu chấm (đang là: 1.0e+309)"),
    ("total_before: 390.224\n", 1, "total_before",
     "phải là số nguyên từ 0 đến 1.000.000.000.000.000, viết liền không dấu chấm (đang là: 390.224)"),
    ("total_before: 1000000000000001\n", 1, "total_before",
     "phải là số nguyên từ 0 đến 1.000.000.000.000.000, viết liền không dấu chấm (đang là: 1000000000000001)"),
    ("days:\n  2025-12-30:\n    visits: -3\n", 3, "days.2025-12-30.visits",
     "phải là số nguyên từ 0 đến 1.000.000.000.000.000, viết liền không dấu chấm (đang là: -3)"),
    ("pages:\n  /: 'mười'\n", 2, "pages./",
     "phải là số nguyên từ 0 đến 1.000.000.000.000.000, viết liền không dấu chấm (đang là: mười)"),
    ("online: true\n", 1, "online",
     "phải là số nguyên từ 0 đến 1.000.000.000.000.000, viết liền không dấu chấm (đang là: true)"),
    ("days: [1, 2]\n", 1, "days", "phải là một bảng `khóa: giá trị`"),
    ("days:\n  30/12/2025: {visits: 1}\n", 2, "days", "ngày phải viết như 2025-12-30 (đang là: 30/12/2025)"),
    ("days:\n  2025-12-30: {visits: 1, view: 2}\n", 2, "days.2025-12-30",
     "khóa `view` không dùng ở đây (chỉ có visits và views)"),
    ("total_befor: 5\n", 1, "total_befor", "khóa không dùng ở đây (ý bạn là 'total_before'?)"),
    ("updated: hôm qua\n", 1, "updated", "phải là thời điểm có múi giờ, như 2025-12-30T16:45:00+07:00"),
    ("pages:\n  tin-tuc/: 1\n", 2, "pages", "đường dẫn trang phải bắt đầu bằng / (đang là: tin-tuc/)"),
    ("logs:\n  access.log: 1\n", 2, "logs",
     "mã nhận diện tệp nhật ký phải là 20 chữ số hệ 16, có thể thêm -2, -3… (đang là: access.log)"),
    ("logs:\n  0123456789abcdef0123: [1, 2, 3]\n", 2, "logs.0123456789abcdef0123",
     "phải là [số byte đã đọc, mã kiểm tra], hoặc thêm [cỡ tệp .gz, mã cuối tệp]"),
    ("logs:\n  0123456789abcdef0123: [1, 'xyz']\n", 2, "logs.0123456789abcdef0123",
     "mã kiểm tra phải là chữ số hệ 16 (tệp do `make visits` ghi: đừng sửa tay)"),
    ("logs:\n  0123456789abcdef0123-x: 1\n", 2, "logs",
     "mã nhận diện tệp nhật ký phải là 20 chữ số hệ 16, có thể thêm -2, -3… (đang là: 0123456789abcdef0123-x)"),
    ("log_key: abc\n", 1, "log_key", "mã kiểm tra phải là chữ số hệ 16 (tệp do `make visits` ghi: đừng sửa tay)"),
    ("pages:\n  /: 1\n  /: 2\n", 3, "pages", "khóa `/` viết hai lần"),
    ("- 1\n", 1, None, "phải là một bảng `khóa: giá trị`"),
])
def test_corrupt_data_file_is_named_with_its_line(tmp_path, content, line_no, field, message):
    path = tmp_path / "visits.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_aggregates(path, shown_as="data/visits.yml")
    assert caught.value == DataError("data/visits.yml", line_no, field, message)


def test_data_file_that_is_not_text(tmp_path):
    (tmp_path / "visits.yml").write_bytes(b"total_before: \xff\n")
    with pytest.raises(DataError) as caught:
        load_aggregates(tmp_path / "visits.yml", shown_as="data/visits.yml")
    assert str(caught.value) == "data/visits.yml: không phải văn bản UTF-8: lấy lại bản trước của tệp (git)"


def cli(tmp_path, *paths):
    env = dict(os.environ, PYTHONPATH=str(REPO / "hooks"))
    args = [sys.executable, "-m", "bantin", "visits", "--data", "data/visits.yml", "--state", ".bantin-state",
            "--site", "site", *map(str, paths)]
    return subprocess.run(args, capture_output=True, text=True, env=env, cwd=tmp_path)


def test_cli_corrupt_data_file(tmp_path, logs):
    (tmp_path / "data").mkdir()
    (tmp_path / "data/visits.yml").write_text("total_before: 1.0e+309\n")
    result = cli(tmp_path, logs / "access.log")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == ("Lỗi: data/visits.yml:1: total_before: phải là số nguyên từ 0 đến "
                             "1.000.000.000.000.000, viết liền không dấu chấm (đang là: 1.0e+309)\n")


@pytest.mark.parametrize("content, where, problem", [
    ('{"days": {\n "2025-12-30": {"key": \n', ":3", "JSON sai: Expecting value"),
    ('{"days": {"2025-12-30": {"key": "00", "last_seen": {}}}}', "", "nội dung không đúng cấu trúc"),
    ('{"days": []}', "", "nội dung không đúng cấu trúc"),
])
def test_cli_corrupt_visitor_state(tmp_path, logs, content, where, problem):
    (tmp_path / ".bantin-state").mkdir()
    (tmp_path / ".bantin-state/visitors.json").write_text(content)
    result = cli(tmp_path, logs / "access.log")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"Lỗi: .bantin-state/visitors.json{where}: tệp trạng thái hỏng ({problem}); xóa tệp "
        ".bantin-state/visitors.json rồi chạy lại: tệp chỉ giữ mã băm khách trong ngày, xóa đi thì khách đang "
        "xem dở được tính thêm một lượt truy cập\n")
    assert not (tmp_path / "data").exists()


def test_no_address_or_agent_is_written(tmp_path, logs):
    run(tmp_path, sorted(logs.iterdir()))
    written = [tmp_path / "state/visits.yml", tmp_path / "site/visits.json", tmp_path / "state/visitors.json"]
    for path in written:
        content = path.read_text()
        for secret in IPS + ("Mozilla", "Android", "bingbot"):
            assert secret not in content, (path, secret)
    for private in ("visitors.json", "visits.yml"):
        assert oct((tmp_path / "state" / private).stat().st_mode & 0o777) == "0o600"


def test_interrupted_run_leaves_previous_file(tmp_path, logs, monkeypatch):
    run(tmp_path, [logs / "access.log.1"])
    before = (tmp_path / "state/visits.yml").read_text()

    def crash(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(store.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        run(tmp_path, [logs / "access.log"])
    assert (tmp_path / "state/visits.yml").read_text() == before
    assert [p.name for p in (tmp_path / "state").iterdir() if p.suffix == ".tmp"] == []  # no temp file left


def _ingest_in_process(args):
    tmp, paths = args
    from pathlib import Path
    return ingest_logs([Path(p) for p in paths], Path(tmp) / "data/visits.yml", Path(tmp) / "state",
                       Path(tmp) / "site").views


def test_concurrent_runs_count_once(tmp_path, logs):
    paths = [str(p) for p in sorted(logs.iterdir())]
    with ProcessPoolExecutor(4) as pool:
        views = list(pool.map(_ingest_in_process, [(str(tmp_path), paths)] * 8))
    assert sorted(views) == [0] * 7 + [5]     # one run counted, the others found it done
    assert data_of(tmp_path)["days"] == {DAY: {"visits": 4, "views": 5}}


def test_cli_summary_and_missing_file(tmp_path, logs):
    ok = cli(tmp_path, logs / "access.log")
    assert (ok.returncode, ok.stderr) == (0, "")
    assert ok.stdout == ("Đã đọc 4 dòng mới từ 1 tệp: 2 lượt xem trang mới, 2 lượt truy cập mới. Bỏ qua: "
                         "1 dòng của máy tự động (bot), 1 dòng sai định dạng.\n")
    missing = cli(tmp_path, logs / "nope.log")
    assert missing.returncode == 1
    assert missing.stderr == f"Lỗi: không tìm thấy tệp nhật ký: {logs / 'nope.log'}\n"


def test_make_visits(tmp_path, logs):
    from sitebuild import make_project
    project = make_project(tmp_path / "p")
    (project / "data/visits.yml").write_text("total_before: 390224\n")  # a portal moving to bantin
    args = ["make", "-s", "-o", ".venv/.site-deps", "visits", f"LOGS={logs / 'access.log'}"]
    unbuilt = subprocess.run(args, cwd=project, capture_output=True, text=True)
    assert unbuilt.returncode != 0
    assert unbuilt.stderr.startswith("Lỗi: chưa có trang đã dựng trong site: chạy `make build` trước")
    make_site(project / "site")
    result = subprocess.run(args, cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Đã đọc 4 dòng mới từ 1 tệp: 2 lượt xem trang mới, 2 lượt truy cập mới.")
    assert (project / "data/visits.yml").read_text() == "total_before: 390224\n"  # git's file: never written
    data = yaml.safe_load((project / ".bantin-state/visits.yml").read_text())
    assert "total_before" not in data and data["days"][DAY] == {"visits": 2, "views": 2}
    assert json.loads((project / "site/visits.json").read_text())["total"] == 390224 + 2
    assert (project / ".bantin-state/visitors.json").exists()
