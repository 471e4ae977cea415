"""The counter against logs that fooled it: logs that share a first line but for the address (or not even
that), lines out of order across midnight, a complete .gz without a final newline, lines of any length."""
import datetime as dt
import gzip
import tracemalloc

import pytest
import yaml

from bantin.visits.command import describe, ingest_logs
from bantin.visits.logs import MAX_LINE, LogFile, Mark, legacy_fingerprint
from visitlogs import ARTICLE, PHONE, at, line, make_site

DAY, NEXT = "2025-12-30", "2025-12-31"
NOW = at(NEXT, "12:00:00")


@pytest.fixture(autouse=True)
def site(tmp_path):
    (tmp_path / "log").mkdir()
    return make_site(tmp_path / "site")


def run(tmp_path, *names, now=NOW):
    return ingest_logs([tmp_path / "log" / name for name in names], tmp_path / "data/visits.yml",
                       tmp_path / "state", tmp_path / "site", now=now)


def write(tmp_path, name, lines, end="\n"):
    path = tmp_path / "log" / name
    text = "\n".join(lines) + end
    path.write_bytes(gzip.compress(text.encode()) if name.endswith(".gz") else text.encode())
    return path


def counts(tmp_path):
    return yaml.safe_load((tmp_path / "state/visits.yml").read_text())


def readers(first, n, start=0, day=DAY, clock="09:00:00", page=ARTICLE):
    """`first` then n readers' views, one a minute, each reader its own address."""
    when = at(day, clock)
    return [first] + [line(when + dt.timedelta(minutes=i + 1), page, ip=f"10.1.{start + i}.1") for i in range(n)]


# (a) A log's identity: two logs never share it.

PROBE = at(DAY, "08:00:00")


@pytest.mark.parametrize("one, other", [
    (line(PROBE, "/", ip="10.0.0.1"), line(PROBE, "/", ip="10.0.0.2")),          # two servers, one balancer
    (line(PROBE, "/", ip="203.113.1.10"), line(PROBE, "/", ip="2001:db8::7")),  # IPv4 and IPv6
    (line(PROBE, "/", ip="10.0.0.1", agent="UptimeRobot/2.0"),                   # a health probe after rotation
     line(PROBE, "/", ip="10.0.0.9", agent="UptimeRobot/2.0")),
])
def test_logs_whose_first_lines_differ_only_in_the_address_are_two_logs(tmp_path, one, other):
    write(tmp_path, "a.log", readers(one, 3))
    write(tmp_path, "b.log", readers(other, 5, start=100))
    summary = run(tmp_path, "a.log", "b.log")
    views = 1 + 1 + 3 + 5 if "Uptime" not in one else 3 + 5
    assert (summary.lines, summary.views, summary.mismatched) == (10, views, [])
    assert len(counts(tmp_path)["logs"]) == 2
    assert run(tmp_path, "b.log", "a.log").lines == 0   # each resumes at its own place


@pytest.mark.parametrize("order", [("a.log", "b.log"), ("b.log", "a.log")])
def test_logs_sharing_their_whole_first_line_are_told_apart_by_the_place_read_to(tmp_path, order):
    probe = line(PROBE, "/", ip="10.0.0.1", agent="UptimeRobot/2.0")  # the balancer probes both servers
    write(tmp_path, "a.log", readers(probe, 3))
    assert run(tmp_path, "a.log").views == 3
    write(tmp_path, "b.log", readers(probe, 5, start=100))
    summary = run(tmp_path, *order)
    assert (summary.lines, summary.views, summary.mismatched) == (6, 5, ["b.log"])
    assert describe(summary, 2) == (
        "Đã đọc 6 dòng mới từ 2 tệp: 5 lượt xem trang mới, 5 lượt truy cập mới. Bỏ qua: 1 dòng của máy tự động "
        "(bot). Tệp b.log có dòng đầu trùng với một tệp nhật ký đã đọc nhưng nội dung ở chỗ đã đọc tới lại khác: "
        "đã đếm như một tệp khác, từ dòng đầu (nếu đó là tệp cũ bị sửa, các dòng của nó được đếm lại).")
    names = list(counts(tmp_path)["logs"])
    assert len(names) == 2 and names[1] == names[0] + "-2"
    for name, start in (("a.log", 200), ("b.log", 300)):  # both go on, each from its own place
        with (tmp_path / "log" / name).open("a") as log:
            log.write(line(at(DAY, "10:00:00"), ip=f"10.2.{start}.1") + "\n")
    again = run(tmp_path, *order)
    assert (again.lines, again.views, again.mismatched) == (2, 2, [])


def test_a_log_shorter_than_the_place_read_to_is_another_log(tmp_path):
    probe = line(PROBE, "/", ip="10.0.0.1")
    write(tmp_path, "access.log", readers(probe, 5))
    run(tmp_path, "access.log")
    write(tmp_path, "access.log", readers(probe, 2, start=100))  # truncated, written again (copytruncate)
    summary = run(tmp_path, "access.log")
    assert (summary.lines, summary.views, summary.mismatched) == (3, 3, ["access.log"])


def test_rotation_is_still_one_log(tmp_path):
    write(tmp_path, "access.log", readers(line(PROBE, "/"), 3))
    run(tmp_path, "access.log")
    (tmp_path / "log/access.log").rename(tmp_path / "log/access.log.1")
    with (tmp_path / "log/access.log.1").open("a") as log:   # nginx writes on until it reopens its log
        log.write(line(at(DAY, "10:00:00"), ip="10.3.0.1") + "\n")
    write(tmp_path, "access.log", readers(line(at(DAY, "11:00:00"), "/", ip="10.4.0.1"), 1, start=400))
    assert (run(tmp_path, "access.log", "access.log.1").views, len(counts(tmp_path)["logs"])) == (3, 2)
    rotated = tmp_path / "log/access.log.1"
    (tmp_path / "log/access.log.2.gz").write_bytes(gzip.compress(rotated.read_bytes()))
    rotated.unlink()
    summary = run(tmp_path, "access.log", "access.log.2.gz")
    assert (summary.lines, summary.mismatched, summary.cut) == (0, [], [])
    assert counts(tmp_path)["days"][DAY]["views"] == 4 + 3


def test_a_registry_of_an_older_version_is_taken_over_without_counting_again(tmp_path):
    lines = readers(line(PROBE, "/", ip="10.0.0.1"), 3)
    path = write(tmp_path, "access.log", lines)
    first = path.read_bytes().split(b"\n")[0] + b"\n"
    (tmp_path / "data").mkdir()
    (tmp_path / "data/visits.yml").write_text(  # as the older counter left it, in git
        f"total_before: 5\ndays:\n  '{DAY}':\n    visits: 4\n    views: 4\n"
        f"logs:\n  {legacy_fingerprint(first)}: {len(path.read_bytes())}\n")
    with path.open("a") as log:
        log.write(line(at(DAY, "10:00:00"), ip="10.5.0.1") + "\n")
    summary = run(tmp_path, "access.log")
    assert (summary.lines, summary.views, summary.moved) == (1, 1, True)
    data = counts(tmp_path)
    assert data["days"][DAY] == {"visits": 5, "views": 5}
    (name, mark), = data["logs"].items()
    assert name != legacy_fingerprint(first) and mark[0] == len(path.read_bytes())
    assert (run(tmp_path, "access.log").lines, run(tmp_path, "access.log").moved) == (0, False)


# (b) Lines out of order never count a visit twice.

@pytest.mark.parametrize("times", [
    [(DAY, "23:58:00"), (NEXT, "00:01:00"), (DAY, "23:59:00")],                      # one step back
    [(DAY, "23:59:50"), (NEXT, "00:00:20"), (DAY, "23:59:55"), (NEXT, "00:00:30"),  # two workers' buffers
     (DAY, "23:59:58"), (NEXT, "00:00:40")],
    [(DAY, "23:30:00"), (NEXT, "00:50:00"), (DAY, "23:45:00")],                      # an hour late, nearly
])
def test_lines_stepping_back_across_midnight_keep_their_visit(tmp_path, times):
    write(tmp_path, "access.log", [line(at(day, clock)) for day, clock in times])
    summary = run(tmp_path, "access.log")
    visits = {day: c["visits"] for day, c in counts(tmp_path)["days"].items()}
    assert (summary.visits, visits) == (2, {DAY: 1, NEXT: 1})


@pytest.mark.parametrize("first, late, clock", [
    ([(DAY, "23:58:00"), (NEXT, "00:01:00")], (DAY, "23:59:00"), (NEXT, "00:05:00")),   # across midnight
    ([(DAY, "23:50:00"), (NEXT, "00:40:00")], (DAY, "23:55:00"), (NEXT, "00:45:00")),
    ([(DAY, "10:00:00"), (DAY, "10:45:00", "14.160.0.2")], (DAY, "10:05:00"), (DAY, "10:50:00")),  # gone quiet
])
def test_lines_stepping_back_in_the_next_run_keep_their_visit(tmp_path, first, late, clock):
    lines = [line(at(day, t), ip=rest[0] if rest else "203.113.1.10") for day, t, *rest in first]
    path = write(tmp_path, "access.log", lines)
    before = run(tmp_path, "access.log", now=at(*clock)).visits
    with path.open("a") as log:
        log.write(line(at(*late)) + "\n")
    summary = run(tmp_path, "access.log", now=at(*clock))
    assert (summary.views, summary.visits, before) == (1, 0, 2)


# (c) A complete .gz is complete, its last line without "\n" too.

ONE, TWO = line(at(DAY, "09:00:00")), line(at(DAY, "09:01:00"), ip="14.160.0.2")


@pytest.mark.parametrize("members, views", [
    ([ONE], 1),                          # one line
    ([ONE + "\r"], 1),                   # one line, written on Windows
    ([ONE[:40], ONE[40:]], 1),           # one line over two gzip members (`cat a.gz b.gz`)
    ([ONE + "\n" + TWO], 2),             # several lines
    ([ONE + "\n", TWO], 2),              # two members, the last one's line without "\n"
])
def test_a_complete_gz_without_a_final_newline_is_complete(tmp_path, members, views):
    (tmp_path / "log/access.log.2.gz").write_bytes(b"".join(gzip.compress(m.encode()) for m in members))
    summary = run(tmp_path, "access.log.2.gz")
    assert (summary.views, summary.cut) == (views, [])
    assert "chưa trọn" not in describe(summary, 1)
    again = run(tmp_path, "access.log.2.gz")
    assert (again.lines, again.cut) == (0, [])


def test_a_gz_cut_before_its_end_marker_is_still_reported(tmp_path):
    whole = gzip.compress(line(at(DAY, "09:00:00")).encode())
    (tmp_path / "log/access.log.2.gz").write_bytes(whole[:-8])   # no CRC-32 and length: not complete
    assert run(tmp_path, "access.log.2.gz").cut == ["access.log.2.gz"]


# (d) Memory bounded by the longest line allowed; longer lines are skipped and counted as malformed.

LONG = [
    line(at(DAY, "09:00:30"), agent="Mozilla/5.0 " + "x" * (MAX_LINE + 10)),     # a huge user agent
    line(at(DAY, "09:00:30"), "/" + "a" * (4 * MAX_LINE) + "/"),                  # a huge request target
    "x" * (3 * MAX_LINE - 1),                                                     # junk
]


@pytest.mark.parametrize("long", LONG)
@pytest.mark.parametrize("name", ["access.log", "access.log.2.gz"])
def test_a_line_longer_than_allowed_is_skipped_as_malformed(tmp_path, long, name):
    lines = [line(at(DAY, "09:00:00")), long, line(at(DAY, "09:01:00"), "/", ip="14.160.0.2")]
    write(tmp_path, name, lines)
    summary = run(tmp_path, name)
    assert (summary.lines, summary.views, summary.malformed) == (3, 2, 1)
    assert describe(summary, 1).endswith("Bỏ qua: 1 dòng sai định dạng.")
    assert list(counts(tmp_path)["logs"].values())[0][0] == len("\n".join(lines)) + 1


@pytest.mark.parametrize("long", LONG)
def test_a_long_first_line_and_a_long_last_line(tmp_path, long):
    path = write(tmp_path, "access.log", [long, line(at(DAY, "09:00:00"))])
    assert (run(tmp_path, "access.log").views, run(tmp_path, "access.log").lines) == (1, 0)
    with path.open("a") as log:   # a long last line still being written: waits for its end
        log.write(long)
    assert run(tmp_path, "access.log").lines == 0
    with path.open("a") as log:
        log.write("\n" + line(at(DAY, "09:05:00"), ip="14.160.0.2", agent=PHONE) + "\n")
    summary = run(tmp_path, "access.log")
    assert (summary.lines, summary.malformed, summary.views) == (2, 1, 1)


def test_memory_is_bounded_whatever_the_length_of_a_line(tmp_path):
    huge = 64 * MAX_LINE  # 4 MiB on one line
    path = tmp_path / "log/access.log"
    path.write_bytes(line(at(DAY, "09:00:00")).encode() + b"\n" + b"y" * huge + b"\n")
    with LogFile(path) as log:
        reading = log.read(Mark())
        tracemalloc.start()
        lines = list(reading)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert (len(lines), reading.too_long, reading.mark.offset) == (1, 1, path.stat().st_size)
    assert peak < 8 * MAX_LINE  # a few times the longest line allowed, not the 4 MiB line
