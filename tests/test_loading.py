"""Every mistake an editor can make gets its file, line, field and Vietnamese message."""
import datetime as dt
from decimal import Decimal

import pytest

from bantin.errors import DataErrors
from bantin.loading import load_programmes

F = "data/programmes/cds.yml"

GOOD = """
title: Đề án chuyển đổi số
basis: Quyết định số 204-QĐ/TW
reports:
  - as_of: 2025-12-25
    tasks:
      assigned: 309
      completed: 189
      on_schedule: 93
      overdue: 27
    indicators:
      - id: quy-trinh
        name: Quy trình
        unit: quy trình
        actual: 109
        target: 156
        due: 2026-Q1
      - id: ty-le
        name: Tỷ lệ
        unit: "%"
        actual: 39.98
"""


def test_good_file(data_dir):
    data_dir.write("cds.yml", GOOD)
    (programme,) = load_programmes(data_dir)
    assert programme.id == "cds"
    assert programme.latest.tasks.assigned == 309
    assert programme.latest.indicator("ty-le").actual == Decimal("39.98")
    assert programme.latest.indicator("quy-trinh").due.number == 1


def test_parts_not_summing(errors_of):
    text = GOOD.replace("overdue: 27", "overdue: 26")
    assert errors_of(text) == [f"{F}:6: tasks: 189 + 93 + 26 = 308, khác assigned = 309"]


def test_split_completed_not_summing(errors_of):
    text = GOOD.replace("completed: 189", "completed: 189\n      completed_on_time: 150\n      completed_late: 30")
    assert errors_of(text) == [
        f"{F}:7: tasks: completed_on_time + completed_late = 150 + 30 = 180, khác completed = 189"]


@pytest.mark.parametrize("value, message", [
    ("1.234", "1.234 bị YAML hiểu là số thập phân; nếu là 1234, viết 1234 (không dùng dấu ngăn cách hàng nghìn)"),
    ("1,234", "1,234 không phải số; nếu là 1234, viết 1234 (không dùng dấu ngăn cách hàng nghìn)"),
    ("-5", "không được là số âm (-5)"),
    ("mười", "cần số nguyên, nhưng YAML hiểu đây là chữ 'mười'"),
    ("08", "08: bỏ số 0 ở đầu (YAML hiểu số bắt đầu bằng 0 là hệ bát phân hoặc chữ)"),
    ("010", "010: bỏ số 0 ở đầu (YAML hiểu số bắt đầu bằng 0 là hệ bát phân hoặc chữ)"),
    ("12:30", "12:30 bị YAML hiểu là số 750 (cơ số 60); cần số nguyên"),
    ("no", "cần số nguyên, nhưng YAML hiểu đây là giá trị đúng/sai 'no'"),
    ('"189"', "cần số nguyên: bỏ dấu ngoặc kép quanh 189"),
    ("189.5", "cần số nguyên, không phải 189.5"),
    ("1 234", "1 234: viết số liền, không có dấu cách hay dấu ngăn cách"),
])
def test_wrong_count_types(errors_of, value, message):
    text = GOOD.replace("completed: 189", f"completed: {value}")
    assert errors_of(text) == [f"{F}:7: tasks.completed: {message}"]


def test_unknown_key_suggests_nearest(errors_of):
    text = GOOD.replace("target: 156", "taget: 156")
    (error,) = errors_of(text)
    assert error.startswith(f"{F}:15: indicators.taget: trường không được hỗ trợ (có phải ý là 'target'?)")


def test_unknown_top_level_key(errors_of):
    unknown, missing = errors_of("titel: X\n" + GOOD.replace("title: Đề án chuyển đổi số\n", "", 1).lstrip("\n"))
    assert unknown == (f"{F}:1: titel: trường không được hỗ trợ (có phải ý là 'title'?); "
                       "các trường hợp lệ: id, title, basis, owner, reports")
    assert missing == f"{F}:1: title: thiếu trường bắt buộc"


def test_missing_required_keys(errors_of):
    text = GOOD.replace("        name: Quy trình\n", "").replace("title: Đề án chuyển đổi số\n", "")
    assert errors_of(text) == [
        f"{F}:1: title: thiếu trường bắt buộc",
        f"{F}:10: indicators.name: thiếu trường bắt buộc",
    ]


def test_missing_as_of(errors_of):
    text = GOOD.replace("  - as_of: 2025-12-25\n    tasks:", "  - tasks:")
    assert errors_of(text) == [f"{F}:4: reports[0].as_of: thiếu trường bắt buộc"]


def test_duplicate_indicator_ids(errors_of):
    text = GOOD.replace("id: ty-le", "id: quy-trinh")
    assert errors_of(text) == [f"{F}:17: indicators.id: mã chỉ tiêu 'quy-trinh' trùng với dòng 11"]


def test_duplicate_programme_ids(data_dir):
    data_dir.write("a.yml", "id: chung\n" + GOOD.lstrip("\n"))
    data_dir.write("b.yml", "id: chung\n" + GOOD.lstrip("\n"))
    with pytest.raises(DataErrors) as caught:
        load_programmes(data_dir)
    assert [str(e) for e in caught.value.errors] == [
        "data/programmes/b.yml:1: id: mã chương trình 'chung' trùng với data/programmes/a.yml"]


def test_duplicate_key(errors_of):
    text = GOOD.replace("overdue: 27", "overdue: 27\n      overdue: 27")
    assert errors_of(text) == [f"{F}:10: tasks.overdue: trường bị lặp (đã có ở dòng 9)"]


def test_duplicate_as_of(errors_of):
    second = "  - as_of: 2025-12-25\n    tasks: {completed: 1, on_schedule: 0, overdue: 0}\n"
    assert errors_of(GOOD.rstrip("\n") + "\n" + second) == [
        f"{F}:21: as_of: đã có báo cáo cùng ngày 2025-12-25 ở dòng 4"]


@pytest.mark.parametrize("value, message", [
    ("2025-02-30", "ngày 2025-02-30 không tồn tại"),
    ("2025-13-01", "ngày 2025-13-01 không tồn tại"),
    ("25/12/2025", "viết ngày theo dạng năm-tháng-ngày: 2025-12-25"),
    ("hôm qua", "cần ngày dạng năm-tháng-ngày (ví dụ 2025-12-25), không phải chữ 'hôm qua'"),
])
def test_impossible_dates(errors_of, value, message):
    text = GOOD.replace("as_of: 2025-12-25", f"as_of: {value}")
    assert errors_of(text) == [f"{F}:4: reports[0].as_of: {message}"]


def test_percent_above_100(errors_of):
    text = GOOD.replace("actual: 39.98", "actual: 139.98")
    assert errors_of(text) == [f"{F}:20: indicators.actual: 139.98 lớn hơn 100 nhưng đơn vị là %"]


def test_yaml_syntax_error_with_position(errors_of):
    text = GOOD.replace('unit: "%"', "unit: %")
    assert errors_of(text) == [
        f"{F}:19: lỗi cú pháp YAML, cột 15: ký tự '%' không được đứng đầu một giá trị; "
        "hãy đặt giá trị trong ngoặc kép, ví dụ \"%\""]


def test_yaml_tab_indent(errors_of):
    text = GOOD.replace("      overdue: 27", "\toverdue: 27")
    (error,) = errors_of(text)
    assert error.startswith(f"{F}:9: lỗi cú pháp YAML")
    assert "Tab" in error


def test_value_with_colon_needs_quotes(errors_of):
    text = GOOD.replace("name: Tỷ lệ", "name: Tỷ lệ: số hóa")
    (error,) = errors_of(text)
    assert error == (f"{F}:18: lỗi cú pháp YAML, cột 20: dấu ':' không đúng chỗ; "
                     "nếu giá trị có chứa ': ', hãy đặt cả giá trị trong ngoặc kép")


def test_text_field_with_boolean(errors_of):
    text = GOOD.replace("unit: quy trình", "unit: no")
    assert errors_of(text) == [
        f"{F}:13: indicators.unit: cần chữ, nhưng YAML hiểu đây là giá trị đúng/sai 'no'; "
        "nếu đúng là chữ, đặt trong ngoặc kép: \"no\""]


def test_ambiguous_thousands_in_indicator(errors_of):
    text = GOOD.replace("actual: 109", "actual: 176.907")
    assert errors_of(text) == [
        f"{F}:14: indicators.actual: 176.907 bị YAML hiểu là số thập phân; nếu là 176907, viết 176907 "
        "(không dùng dấu ngăn cách hàng nghìn)"]


def test_several_errors_reported_at_once(errors_of):
    text = GOOD.replace("completed: 189", "completed: -1").replace("as_of: 2025-12-25", "as_of: 2025-02-30")
    assert len(errors_of(text)) == 2


def test_non_nfc_text_is_normalised(data_dir):
    import unicodedata
    decomposed = unicodedata.normalize("NFD", "Đề án chuyển đổi số")
    data_dir.write("cds.yml", GOOD.replace("Đề án chuyển đổi số", decomposed))
    (programme,) = load_programmes(data_dir)
    assert programme.title == "Đề án chuyển đổi số"
    assert unicodedata.is_normalized("NFC", programme.title)


TASK_LIST = """
title: Kế hoạch
reports:
  - as_of: 2025-12-25
    task_list:
      - title: Việc một
        due: 2025-10-31
        done: 2025-10-15
      - title: Việc hai
        due: 2025-10-31
        done: 2025-11-05
      - title: Việc ba
        due: 2026-Q1
      - title: Việc bốn
        due: 2025-12-01
"""


def test_task_list_derives_counts(data_dir):
    data_dir.write("kh.yml", TASK_LIST)
    (programme,) = load_programmes(data_dir)
    tasks = programme.latest.tasks
    assert (tasks.completed, tasks.completed_on_time, tasks.completed_late) == (2, 1, 1)
    assert (tasks.on_schedule, tasks.overdue, tasks.assigned) == (1, 1, 4)


def test_task_list_and_counts_must_agree(errors_of):
    text = TASK_LIST.replace("    task_list:", "    tasks: {completed: 2, on_schedule: 2, overdue: 0}\n    task_list:")
    assert errors_of(text, "kh.yml") == [
        "data/programmes/kh.yml:4: tasks.on_schedule: ghi 2 nhưng danh sách task_list tính ra 1 (theo ngày as_of)",
        "data/programmes/kh.yml:4: tasks.overdue: ghi 0 nhưng danh sách task_list tính ra 1 (theo ngày as_of)",
    ]


def test_task_done_after_as_of(errors_of):
    text = TASK_LIST.replace("done: 2025-11-05", "done: 2026-01-05")
    assert errors_of(text, "kh.yml") == [
        "data/programmes/kh.yml:10: task_list.done: ngày hoàn thành 2026-01-05 sau ngày báo cáo as_of 2025-12-25"]


def test_reports_sorted_oldest_first(data_dir):
    later = "  - as_of: 2026-03-31\n    tasks: {completed: 200, on_schedule: 90, overdue: 19}\n"
    data_dir.write("cds.yml", GOOD.replace("reports:\n", "reports:\n" + later))
    (programme,) = load_programmes(data_dir)
    assert [r.as_of for r in programme.reports] == [dt.date(2025, 12, 25), dt.date(2026, 3, 31)]
    assert programme.latest.tasks.completed == 200


def test_the_c_loader_is_used():
    import yaml
    from bantin import yamlsource
    assert yaml.__with_libyaml__ and yamlsource.Loader is yaml.CSafeLoader


def test_file_not_utf8(data_dir):
    (data_dir / "programmes" / "cds.yml").write_bytes(b"title: \xd0\xd2 \xe1n\n")  # saved as Windows-1258
    with pytest.raises(DataErrors) as caught:
        load_programmes(data_dir)
    assert [str(e) for e in caught.value.errors] == [f"{F}: tệp không phải UTF-8; hãy lưu lại với mã UTF-8"]


@pytest.mark.parametrize("text, message", [
    ("", f"{F}: tệp trống"),
    ("# chỉ có ghi chú\n", f"{F}: tệp trống"),
    ("- title: X\n", f"{F}:1: cần một nhóm trường 'tên: giá trị', không phải một danh sách"),
    ("title: X\nreports: 5\n", f"{F}:2: reports: cần một danh sách (mỗi mục bắt đầu bằng '- '), không phải số '5'"),
])
def test_wrong_shapes(errors_of, text, message):
    assert errors_of(text) == [message]


def test_utf8_bom_is_accepted(data_dir):
    (data_dir / "programmes" / "cds.yml").write_bytes(b"\xef\xbb\xbf" + GOOD.lstrip("\n").encode())
    (programme,) = load_programmes(data_dir)
    assert programme.title == "Đề án chuyển đổi số"


def test_task_list_and_split_counts_must_agree(errors_of):
    text = TASK_LIST.replace("    task_list:", "    tasks: {completed_on_time: 2, completed_late: 0, on_schedule: 1, "
                                               "overdue: 1}\n    task_list:")
    assert errors_of(text, "kh.yml") == [
        "data/programmes/kh.yml:4: tasks.completed_on_time: ghi 2 nhưng danh sách task_list tính ra 1 (theo ngày as_of)",
        "data/programmes/kh.yml:4: tasks.completed_late: ghi 0 nhưng danh sách task_list tính ra 1 (theo ngày as_of)",
    ]


@pytest.mark.parametrize("value, message", [
    ("123456789012345678901234567890",
     "số 12345678901234567890… quá lớn (tối đa 1.000.000.000.000.000); hãy kiểm tra lại"),
    ("1000000000000001", "số 1000000000000001 quá lớn (tối đa 1.000.000.000.000.000); hãy kiểm tra lại"),
    ("39.1234567", "số 39.1234567 có quá 6 chữ số sau dấu thập phân"),
])
def test_numbers_beyond_sane_bounds(errors_of, value, message):
    """A 30-digit figure passed `make check` and then crashed the build in Babel."""
    assert errors_of(GOOD.replace("actual: 39.98", f"actual: {value}")) == [f"{F}:20: indicators.actual: {message}"]


def test_largest_allowed_number(data_dir):
    data_dir.write("cds.yml", GOOD.replace("actual: 39.98", "actual: 1000000000000000").replace('"%"', "lượt"))
    (programme,) = load_programmes(data_dir)
    assert programme.latest.indicator("ty-le").actual == 10 ** 15


def test_nested_aliases_are_refused(errors_of):
    """Nine nested aliases of nine items each: 300 bytes that expand into half a million values."""
    bomb = "".join(f"x{n}: &x{n} [" + ", ".join([f"*x{n - 1}"] * 9 if n else ["lol"] * 9) + "]\n" for n in range(7))
    assert errors_of(GOOD + bomb) == [
        f"{F}:21: bí danh YAML (*tên) lặp lại quá nhiều lần; hãy viết giá trị ra, không dùng & và *"]
