import datetime as dt
import gzip

from bantin.visits.logs import merged_lines, parse, read_lines
from visitlogs import PHONE, at, line


def test_parse_combined_line():
    hit = parse(line(at("2025-12-30", "08:30:05"), ip="2001:db8::1", agent=PHONE))
    assert hit.time == at("2025-12-30", "08:30:05")
    assert (hit.ip, hit.method, hit.target, hit.status, hit.agent) == (
        "2001:db8::1", "GET", "/tin-tuc/ban-chi-dao-chuyen-doi-so-tong-ket-2025/", 200, PHONE)


def test_parse_keeps_utc_offset():
    hit = parse('1.2.3.4 - - [30/Dec/2025:01:30:00 +0000] "GET / HTTP/1.1" 200 1 "-" "x"')
    assert hit.time.astimezone(dt.timezone(dt.timedelta(hours=7))).hour == 8


def test_malformed_lines():
    assert parse("garbage") is None
    assert parse('1.2.3.4 - - [99/Foo/2025:01:30:00 +0000] "GET / HTTP/1.1" 200 1 "-" "x"') is None
    assert parse('1.2.3.4 - - [30/Dec/2025:01:30:00 +0000] "\\x16\\x03\\x01" 400 0 "-" "-"') is None


def test_gzip_told_apart_by_content(tmp_path):
    text = line(at("2025-12-30", "08:00:00")) + "\n"
    (tmp_path / "a.log").write_text(text)
    with gzip.open(tmp_path / "a.log.1.gz", "wt") as stream:
        stream.write(text)
    (tmp_path / "a.log.2").write_bytes(gzip.compress(text.encode()))  # compressed, without .gz
    assert read_lines(tmp_path / "a.log") == read_lines(tmp_path / "a.log.1.gz") == read_lines(tmp_path / "a.log.2")


def test_merge_counts_overlap_once_but_keeps_repeats_in_one_file(tmp_path):
    a, b, c = (line(at("2025-12-30", f"08:00:0{i}")) for i in range(3))
    (tmp_path / "access.log.1").write_text(f"{a}\n{b}\n{b}\n")
    (tmp_path / "access.log").write_text(f"{b}\n{b}\n{c}\n")    # rotation overlap: b twice in both
    merged = merged_lines([tmp_path / "access.log", tmp_path / "access.log.1"])
    assert sorted(merged) == sorted([a, b, b, c])
