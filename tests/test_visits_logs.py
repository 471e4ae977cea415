import datetime as dt
import gzip
import re

import pytest

from bantin.visits.logs import LogFile, Mark, fields, identity, parse, parse_time
from visitlogs import PHONE, at, line

# The combined format as the counter has always read it, escapes and all: `fields` must match as this does,
# whichever pattern it uses for a line.
QUOTED = r'[^"\\]*(?:\\.[^"\\]*)*'
COMBINED = re.compile(
    r'^(?P<ip>\S+) \S+ \S+ \[(?P<time>[^\]]+)\] "(?P<method>[A-Z]+) (?P<target>\S+)(?: \S+)?" '
    rf'(?P<status>\d{{3}}) (?:\d+|-)(?: "(?P<referer>{QUOTED})" "(?P<agent>{QUOTED})")?')
LINE = line(at("2025-12-30", "08:30:05"), agent=PHONE)


def test_parse_combined_line():
    hit = parse(line(at("2025-12-30", "08:30:05"), ip="2001:db8::1", agent=PHONE))
    assert hit.time == at("2025-12-30", "08:30:05")
    assert (hit.ip, hit.method, hit.target, hit.status, hit.agent) == (
        "2001:db8::1", "GET", "/tin-tuc/hoi-nghi-so-ket-quy-3/", 200, PHONE)


def test_parse_keeps_utc_offset():
    hit = parse('1.2.3.4 - - [30/Dec/2025:01:30:00 +0000] "GET / HTTP/1.1" 200 1 "-" "x"')
    assert hit.time.astimezone(dt.timezone(dt.timedelta(hours=7))).hour == 8


def test_malformed_lines():
    assert parse("garbage") is None
    assert parse('1.2.3.4 - - [99/Foo/2025:01:30:00 +0000] "GET / HTTP/1.1" 200 1 "-" "x"') is None
    assert parse('1.2.3.4 - - [30/Dec/2025:01:30:00 +0000] "\\x16\\x03\\x01" 400 0 "-" "-"') is None


@pytest.mark.parametrize("text", [
    LINE, LINE + "\r", LINE + ' "extra" "fields"', LINE[:-1], LINE.rsplit(' "', 1)[0], LINE.rsplit(' "', 2)[0],
    LINE.replace('"-" "', '"-"  "'), LINE.replace('"-"', '"a"b"'), LINE.replace('"-"', '""'),
    LINE.replace(PHONE, ""), LINE.replace(" HTTP/1.1", ""), LINE.replace(" HTTP/1.1", " HTTP/1.1 x"),
    # Escapes: `\"` inside a quoted field, `\x22` as nginx writes a quote, a backslash at the end
    LINE.replace("Mozilla", 'Mozilla \\"Googlebot\\" '), LINE.replace('"-"', '"\\"-"'),
    LINE.replace("Mozilla", "\\x22"), LINE.replace("Mozilla", 'M\\'), LINE.replace(PHONE, "\\"),
    LINE.replace(" 5120 ", " - "), LINE.replace(" 5120 ", " 5120 - "), LINE.replace(" 200 ", " ٢٠٠ "),
    # What Python's `\s` takes as white space besides the usual: \x1c and no-break space
    LINE.replace(" - - ", " -\x1c- "), LINE.replace(" - - ", " -\xa0- "), LINE.replace(" - - ", "\t- - "),
    LINE.replace("[", "[["), LINE.replace("]", "]]"), LINE.replace("GET", "get"),
    LINE.replace("Mozilla", "Mözilla\ufffd"), "", " ", "garbage", '"\\x16\\x03\\x01" 400 0 "-" "-"',
])
def test_fields_are_those_of_the_combined_format(text):
    match = COMBINED.match(text)
    expected = match.group("ip", "time", "method", "target", "status", "agent") if match else None
    assert fields(text) == (expected and expected[:5] + (expected[5] or "",))


@pytest.mark.parametrize("text", [
    "30/Dec/2025:08:30:05 +0700", "30/Dec/2025:23:59:59 -0000", "01/Jan/2026:00:00:00 +0000",
    "29/Feb/2024:12:00:00 +0545", "29/Feb/2025:12:00:00 +0700", "31/Nov/2025:12:00:00 +0700",
    "00/Dec/2025:12:00:00 +0700", "32/Dec/2025:12:00:00 +0700", "30/Dec/2025:24:00:00 +0700",
    "30/Dec/2025:23:60:00 +0700", "30/Dec/2025:23:59:60 +0700", "30/Dec/2025:23:59:61 +0700",
    "30/Dec/2025:08:30:05 +2400", "30/Dec/2025:08:30:05 -2359", "30/Dec/2025:08:30:05 +0760",
    "30/Dec/2025:08:30:05 +07:00", "30/Dec/2025:08:30:05  +0700", "30/Dec/2025:08:30:05\t+0700",
    "30/dec/2025:08:30:05 +0700", "30/DEC/2025:08:30:05 +0700", "30/Foo/2025:08:30:05 +0700",
    "3/Dec/2025:08:30:05 +0700", "30/Dec/2025:8:30:05 +0700", "30/Dec/2025:08:30:5 +0700",
    "01/Jan/0000:00:00:00 +0000", "01/Jan/0001:00:00:00 +0000", "31/Dec/9999:23:59:59 +0000",
    "30/Dec/2025:08:30:٠٥ +0700", "30/Dec/2025:08:30:05 Z", "30/Dec/2025:08:30:05", "30/Dec/2025:08:30:05 +0700 ", "",
])
def test_times_are_read_as_strptime_reads_them(text):
    try:
        expected = dt.datetime.strptime(text, "%d/%b/%Y:%H:%M:%S %z")
    except ValueError:
        expected = None
    time = parse_time(text)
    assert (time and time.isoformat()) == (expected and expected.isoformat())  # the offset as written too


def lines_of(n, first=0):
    return [line(at("2025-12-30", "08:00:00") + dt.timedelta(seconds=i)) for i in range(first, first + n)]


def read(path, mark=Mark()):
    with LogFile(path) as log:
        reading = log.read(mark)
        return log, list(reading), reading


def test_gzip_told_apart_by_content_and_same_identity(tmp_path):
    text = "\n".join(lines_of(3)) + "\n"
    (tmp_path / "a.log").write_text(text)
    with gzip.open(tmp_path / "a.log.1.gz", "wt") as stream:
        stream.write(text)
    (tmp_path / "a.log.2").write_bytes(gzip.compress(text.encode()))  # compressed, without .gz
    results = [read(tmp_path / name) for name in ("a.log", "a.log.1.gz", "a.log.2")]
    assert [lines for _, lines, _ in results] == [lines_of(3)] * 3
    assert len({log.identity for log, _, _ in results}) == 1
    assert len({reading.mark.tail for _, _, reading in results}) == 1
    assert [(log.gzip, reading.mark.offset, reading.mark.gz_size) for log, _, reading in results] == [
        (False, len(text), None), (True, len(text), (tmp_path / "a.log.1.gz").stat().st_size),
        (True, len(text), (tmp_path / "a.log.2").stat().st_size)]


def test_identity_is_the_whole_first_line_keyed():
    one, other = (line(at("2025-12-30", "08:00:00"), ip=ip).encode() + b"\n" for ip in ("1.2.3.4", "5.6.7.8"))
    assert len({identity(one, b"k"), identity(other, b"k"), identity(one, b"other key")}) == 3
    assert identity(one, b"k") == identity(one, b"k") and len(identity(one, b"k")) == 20


def test_plain_log_resumes_at_its_offset_and_waits_for_a_whole_line(tmp_path):
    path = tmp_path / "access.log"
    first = "\n".join(lines_of(2)) + "\n"
    path.write_text(first + lines_of(1, 2)[0][:30])          # the third line is still being written
    _, lines, reading = read(path)
    assert (lines, reading.mark.offset) == (lines_of(2), len(first))
    with path.open("a") as stream:
        stream.write(lines_of(1, 2)[0][30:] + "\n" + lines_of(1, 3)[0] + "\n")
    _, lines, again = read(path, reading.mark)
    assert (lines, again.mark.offset) == (lines_of(2, 2), path.stat().st_size)
    assert read(path, again.mark)[1] == []


def test_cut_gzip_counts_whole_lines_then_finishes(tmp_path):
    text = ("\n".join(lines_of(2000)) + "\n").encode()
    whole = gzip.compress(text)
    path = tmp_path / "access.log.2.gz"
    path.write_bytes(whole[: len(whole) // 2])                # logrotate still compressing
    _, lines, reading = read(path)
    assert reading.cut and lines == lines_of(len(lines)) and 0 < len(lines) < 2000
    assert (reading.mark.offset, reading.mark.gz_size) == (sum(len(x) + 1 for x in lines), None)
    path.write_bytes(whole)
    _, rest, done = read(path, reading.mark)
    assert not done.cut and lines + rest == lines_of(2000)
    assert (done.mark.offset, done.mark.gz_size, done.mark.gz_end) == (len(text), len(whole), whole[-8:].hex())


def test_finished_gzip_of_same_size_is_not_decompressed_again(tmp_path):
    text = ("\n".join(lines_of(3000)) + "\n").encode()
    whole = gzip.compress(text)
    path = tmp_path / "access.log.2.gz"
    path.write_bytes(whole)
    _, _, reading = read(path)
    # Garbage in its middle, its end (CRC-32 and length) kept: reading it again would fail, skipping it does not.
    middle = len(whole) // 2
    path.write_bytes(whole[:middle] + bytes(200) + whole[middle + 200:])
    log, lines, again = read(path, reading.mark)
    assert log.identity is not None
    assert (lines, again.cut, again.mark) == ([], False, reading.mark)
    assert read(path, Mark(reading.mark.offset))[2].cut    # what decompressing it would have found


def test_finished_gzip_keeps_a_last_line_without_newline(tmp_path):
    (tmp_path / "a.gz").write_bytes(gzip.compress("\n".join(lines_of(2)).encode()))
    assert read(tmp_path / "a.gz")[1] == lines_of(2)


def test_no_complete_line_no_identity(tmp_path):
    (tmp_path / "access.log").write_text(lines_of(1)[0])
    (tmp_path / "empty.log").write_text("")
    (tmp_path / "begun.gz").write_bytes(gzip.compress(("\n".join(lines_of(500)) + "\n").encode())[:30])
    for name in ("access.log", "empty.log", "begun.gz"):
        with LogFile(tmp_path / name) as log:
            assert log.identity is None, name
