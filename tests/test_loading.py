"""Every mistake an editor can make gets its file, line, field and Vietnamese message."""
import datetime as dt
from decimal import Decimal

import pytest

from bantin.common.errors import DataErrors
from bantin.common.periods import Quarter
from bantin.figures.loading import load_programmes

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


def test_source_of_the_figures(data_dir):
    data_dir.write("cds.yml", GOOD.replace("basis:", "nguon: Báo cáo của Ban Chỉ đạo ngày 29/12/2025\nbasis:"))
    (programme,) = load_programmes(data_dir)
    assert programme.nguon == "Báo cáo của Ban Chỉ đạo ngày 29/12/2025"


def test_parts_not_summing(errors_of):
    text = GOOD.replace("overdue: 27", "overdue: 26")
    assert errors_of(text) == [
        f"{F}:6: tasks: tổng số nhiệm vụ được giao (assigned) là 309, nhưng đã hoàn thành (completed) 189 "
        "+ theo tiến độ (on_schedule) 93 + quá hạn (overdue) 26 = 308; hãy sửa cho khớp"]


def test_split_completed_not_summing(errors_of):
    text = GOOD.replace("completed: 189", "completed: 189\n      completed_on_time: 150\n      completed_late: 30")
    assert errors_of(text) == [
        f"{F}:7: tasks: số nhiệm vụ đã hoàn thành (completed) là 189, nhưng hoàn thành đúng hạn (completed_on_time) "
        "150 + hoàn thành trễ hạn (completed_late) 30 = 180; hãy sửa cho khớp"]


@pytest.mark.parametrize("value, message", [
    ("1.234", "1.234 bị YAML hiểu là số thập phân; nếu là 1234, viết 1234 (không dùng dấu ngăn cách hàng nghìn)"),
    ("1,234", "1,234 không phải số; nếu là 1234, viết 1234 (không dùng dấu ngăn cách hàng nghìn)"),
    ("-5", "không được là số âm (-5); hãy bỏ dấu '-' hoặc ghi lại số đúng"),
    ("mười", "cần số nguyên, nhưng YAML hiểu đây là chữ 'mười'; hãy viết bằng chữ số, ví dụ 189"),
    ("08", "08: bỏ số 0 ở đầu (YAML hiểu số bắt đầu bằng 0 là hệ bát phân hoặc chữ)"),
    ("010", "010: bỏ số 0 ở đầu (YAML hiểu số bắt đầu bằng 0 là hệ bát phân hoặc chữ)"),
    ("12:30", "12:30 bị YAML hiểu là số 750 (cơ số 60); cần số nguyên"),
    ("no", "cần số nguyên, nhưng YAML hiểu đây là giá trị đúng/sai 'no'; hãy viết bằng chữ số, ví dụ 189"),
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
    assert error.startswith(f"{F}:15: indicators.taget: trường không được hỗ trợ (ý bạn là 'target'?)")


def test_misspelt_required_key_is_one_mistake(errors_of):
    """`titel:` for `title:` is reported as the misspelling, not also as a missing title."""
    text = "titel: X\n" + GOOD.replace("title: Đề án chuyển đổi số\n", "", 1).lstrip("\n")
    assert errors_of(text) == [f"{F}:1: titel: trường không được hỗ trợ (ý bạn là 'title'?); "
                               "các trường hợp lệ: id, title, basis, owner, nguon, wording, traffic_lights, task_list, "
                               "reports, minh_hoa"]


def test_misspelt_actual_is_one_mistake(errors_of):
    assert errors_of(GOOD.replace("actual: 109", "actaul: 109")) == [
        f"{F}:14: indicators.actaul: trường không được hỗ trợ (ý bạn là 'actual'?); "
        "các trường hợp lệ: id, name, unit, qualifier, actual, target, due"]


def test_key_with_accents_suggests_the_key(errors_of):
    assert errors_of(GOOD.replace("actual: 109", "Đạt được: 109").replace("as_of:", "As of:")) == [
        f"{F}:4: reports[0].As of: trường không được hỗ trợ (ý bạn là 'as_of'?); "
        "các trường hợp lệ: as_of, tasks, task_list, indicators, by_unit, giu_nguyen, minh_hoa",
        f"{F}:14: indicators.Đạt được: trường không được hỗ trợ (ý bạn là 'actual'?); các trường hợp lệ: "
        "id, name, unit, qualifier, actual, target, due",
    ]


def test_unknown_key_far_from_every_field(errors_of):
    assert errors_of(GOOD.replace("actual: 109", "actual: 109\n        ghi chú: x")) == [
        f"{F}:15: indicators.ghi chú: trường không được hỗ trợ; các trường hợp lệ: id, name, unit, qualifier, actual, "
        "target, due; hãy sửa tên trường, hoặc xóa dòng này (ghi chú thì đặt sau dấu #)"]


def test_missing_required_keys(errors_of):
    text = GOOD.replace("        name: Quy trình\n", "").replace("title: Đề án chuyển đổi số\n", "")
    assert errors_of(text) == [
        f"{F}:1: title: thiếu tên chương trình (title), là trường bắt buộc; hãy thêm dòng 'title: …'",
        f"{F}:10: indicators.name: thiếu tên chỉ tiêu (name), là trường bắt buộc; hãy thêm dòng 'name: …'",
    ]


def test_key_without_value(errors_of):
    assert errors_of(GOOD.replace("unit: quy trình", "unit:")) == [
        f"{F}:13: indicators.unit: chưa có giá trị; hãy ghi giá trị sau dấu ':'"]


def test_missing_as_of(errors_of):
    text = GOOD.replace("  - as_of: 2025-12-25\n    tasks:", "  - tasks:")
    assert errors_of(text) == [
        f"{F}:4: reports[0].as_of: thiếu ngày chốt số liệu (as_of), là trường bắt buộc; hãy thêm dòng 'as_of: …'"]


def test_duplicate_indicator_ids(errors_of):
    text = GOOD.replace("id: ty-le", "id: quy-trinh")
    assert errors_of(text) == [f"{F}:17: indicators.id: mã chỉ tiêu 'quy-trinh' trùng với chỉ tiêu ở dòng 11; "
                               "hãy đổi mã (id) của một trong hai chỉ tiêu"]


def test_duplicate_programme_ids(data_dir):
    data_dir.write("a.yml", "id: chung\n" + GOOD.lstrip("\n"))
    data_dir.write("b.yml", "id: chung\n" + GOOD.lstrip("\n"))
    with pytest.raises(DataErrors) as caught:
        load_programmes(data_dir)
    assert [str(e) for e in caught.value.errors] == [
        "data/programmes/b.yml:1: id: mã chương trình 'chung' trùng với data/programmes/a.yml; "
        "hãy đổi mã (id) của một trong hai chương trình"]


def test_duplicate_key(errors_of):
    text = GOOD.replace("overdue: 27", "overdue: 27\n      overdue: 27")
    assert errors_of(text) == [f"{F}:10: tasks.overdue: trường bị lặp (đã có ở dòng 9); hãy xóa một trong hai dòng"]


def test_duplicate_as_of(errors_of):
    second = "  - as_of: 2025-12-25\n    tasks: {completed: 1, on_schedule: 0, overdue: 0}\n"
    assert errors_of(GOOD.rstrip("\n") + "\n" + second) == [
        f"{F}:21: reports[1].as_of: đã có kỳ báo cáo cùng ngày chốt số liệu (as_of) 2025-12-25 ở dòng 4; "
        "mỗi kỳ báo cáo một ngày: hãy sửa ngày, hoặc gộp hai kỳ làm một"]


@pytest.mark.parametrize("value, message", [
    ("2025-02-30", "ngày 2025-02-30 không tồn tại; hãy kiểm tra lại ngày và tháng"),
    ("2025-13-01", "ngày 2025-13-01 không tồn tại; hãy kiểm tra lại ngày và tháng"),
    ("31/6/2025", "ngày 31/6/2025 không tồn tại; hãy kiểm tra lại ngày và tháng, rồi viết dạng năm-tháng-ngày"),
    ("25/12/2025", "viết ngày theo dạng năm-tháng-ngày: 2025-12-25"),
    ("hôm qua", "cần ngày dạng năm-tháng-ngày (ví dụ 2025-12-25), không phải chữ 'hôm qua'"),
])
def test_impossible_dates(errors_of, value, message):
    text = GOOD.replace("as_of: 2025-12-25", f"as_of: {value}")
    assert errors_of(text) == [f"{F}:4: reports[0].as_of: {message}"]


def test_percent_above_100(errors_of):
    text = GOOD.replace("actual: 39.98", "actual: 139.98")
    assert errors_of(text) == [f"{F}:20: indicators.actual: số đạt được (actual) là 139.98, lớn hơn 100, nhưng đơn vị "
                               "tính (unit) là %; hãy kiểm tra lại số, hoặc đổi đơn vị tính nếu đây không phải "
                               "tỷ lệ phần trăm"]


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
    counted = "theo danh sách nhiệm vụ của kỳ báo cáo (task_list), tính đến ngày 2025-12-25 (as_of) thì có 1"
    fix = "hãy sửa số này hoặc sửa danh sách nhiệm vụ cho khớp"
    assert errors_of(text, "kh.yml") == [
        f"data/programmes/kh.yml:4: tasks.on_schedule: số nhiệm vụ đang thực hiện theo tiến độ (on_schedule) ghi 2, "
        f"nhưng {counted}; {fix}",
        f"data/programmes/kh.yml:4: tasks.overdue: số nhiệm vụ đang thực hiện quá hạn (overdue) ghi 0, "
        f"nhưng {counted}; {fix}",
    ]


def test_task_done_after_as_of(errors_of):
    text = TASK_LIST.replace("done: 2025-11-05", "done: 2026-01-05")
    assert errors_of(text, "kh.yml") == [
        "data/programmes/kh.yml:10: task_list.done: ngày hoàn thành (done) 2026-01-05 sau ngày chốt số liệu (as_of) "
        "2025-12-25 của kỳ báo cáo; hãy sửa lại ngày, hoặc bỏ dòng done ở kỳ này và ghi ở kỳ báo cáo sau"]


def test_reports_sorted_oldest_first(data_dir):
    later = ("  - as_of: 2026-03-31\n    tasks: {completed: 200, on_schedule: 90, overdue: 19}\n"
             "    giu_nguyen: [indicators]\n")
    data_dir.write("cds.yml", GOOD.replace("reports:\n", "reports:\n" + later))
    (programme,) = load_programmes(data_dir)
    assert [r.as_of for r in programme.reports] == [dt.date(2025, 12, 25), dt.date(2026, 3, 31)]
    assert programme.latest.tasks.completed == 200


def test_the_c_loader_is_used():
    import yaml

    from bantin.common import yamlsource
    assert yaml.__with_libyaml__ and yamlsource.Loader is yaml.CSafeLoader


def test_file_not_utf8(data_dir):
    (data_dir / "programmes" / "cds.yml").write_bytes(b"title: \xd0\xd2 \xe1n\n")  # saved as Windows-1258
    with pytest.raises(DataErrors) as caught:
        load_programmes(data_dir)
    assert [str(e) for e in caught.value.errors] == [f"{F}:1: tệp không phải UTF-8; hãy mở tệp và lưu lại với mã UTF-8"]


@pytest.mark.parametrize("text, message", [
    ("", f"{F}: tệp trống; hãy ghi số liệu của chương trình (xem docs/huong-dan/du-lieu.md) hoặc xóa tệp"),
    ("# chỉ có ghi chú\n", f"{F}: tệp trống; hãy ghi số liệu của chương trình (xem docs/huong-dan/du-lieu.md) "
                          "hoặc xóa tệp"),
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
    counted = "theo danh sách nhiệm vụ của kỳ báo cáo (task_list), tính đến ngày 2025-12-25 (as_of) thì có 1"
    fix = "hãy sửa số này hoặc sửa danh sách nhiệm vụ cho khớp"
    assert errors_of(text, "kh.yml") == [
        f"data/programmes/kh.yml:4: tasks.completed_late: số nhiệm vụ hoàn thành trễ hạn (completed_late) ghi 0, "
        f"nhưng {counted}; {fix}",
        f"data/programmes/kh.yml:4: tasks.completed_on_time: số nhiệm vụ hoàn thành đúng hạn (completed_on_time) "
        f"ghi 2, nhưng {counted}; {fix}",
    ]


@pytest.mark.parametrize("value, message", [
    ("123456789012345678901234567890",
     "số 12345678901234567890… quá lớn (tối đa 1.000.000.000.000.000); hãy kiểm tra lại"),
    ("1000000000000001", "số 1000000000000001 quá lớn (tối đa 1.000.000.000.000.000); hãy kiểm tra lại"),
    ("39.1234567", "số 39.1234567 có quá 6 chữ số sau dấu thập phân; hãy làm tròn, ví dụ 39.123457"),
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


SHARED = """
title: Kế hoạch chuyển đổi số phường
task_list:
  - title: Số hóa hồ sơ một cửa
    due: 2025-10-31
    done: 2025-10-31
    chu_tri: Bộ phận một cửa
  - title: Cập nhật cổng thông tin
    due: 2025-09-30
    done: 2025-11-15
    chu_tri: Văn phòng
    phoi_hop: [Công an phường, Đoàn thanh niên]
  - title: Tập huấn chữ ký số
    due: 2026-Q1
    chu_tri: Văn phòng
    phoi_hop: Trung tâm văn hóa
  - title: Rà soát dữ liệu dân cư
    due: 2025-12-01
    chu_tri: Công an phường
  - title: Lắp camera giám sát
    due: 2026-06-30
    chu_tri: Công an phường
    ngay_giao: 2025-11-01
reports:
  - as_of: 2025-09-30
  - as_of: 2025-12-25
"""
KH = "data/programmes/kh.yml"


def _counts(report):
    tasks = report.tasks
    return (tasks.assigned, tasks.completed, tasks.completed_on_time, tasks.completed_late, tasks.on_schedule,
            tasks.overdue)


def test_programme_task_list_counts_each_report_as_of_its_date(data_dir):
    data_dir.write("kh.yml", SHARED)
    (programme,) = load_programmes(data_dir)
    first, second = programme.reports
    # 30/09: nothing done yet (both done later); due on 30/09 is still on schedule; the camera not yet assigned
    assert _counts(first) == (4, 0, 0, 0, 4, 0)
    # 25/12: done on its due date is on time; done after its due date is late; 01/12 passed undone is overdue
    assert _counts(second) == (5, 2, 1, 1, 2, 1)
    assert [t.status(first.as_of) for t in first.task_list] == ["on_schedule"] * 4
    assert [t.status(second.as_of) for t in second.task_list] == [
        "completed_on_time", "completed_late", "on_schedule", "overdue", "on_schedule"]


def test_programme_task_list_keeps_who_leads(data_dir):
    data_dir.write("kh.yml", SHARED)
    (programme,) = load_programmes(data_dir)
    tasks = programme.task_list
    assert (tasks[1].chu_tri, tasks[1].phoi_hop) == ("Văn phòng", ("Công an phường", "Đoàn thanh niên"))
    assert (tasks[2].phoi_hop, tasks[3].phoi_hop) == (("Trung tâm văn hóa",), ())
    assert tasks[4].ngay_giao == dt.date(2025, 11, 1)
    first, second = programme.reports
    assert first.task_list[1].done is None and second.task_list[1].done == dt.date(2025, 11, 15)


def test_report_counts_agreeing_with_the_programme_list(data_dir):
    data_dir.write("kh.yml", SHARED.replace(
        "  - as_of: 2025-12-25\n",
        "  - as_of: 2025-12-25\n    tasks: {assigned: 5, completed: 2, on_schedule: 2, overdue: 1}\n"))
    (programme,) = load_programmes(data_dir)
    assert _counts(programme.latest) == (5, 2, 1, 1, 2, 1)


def test_report_counts_disagreeing_with_the_programme_list(errors_of):
    text = SHARED.replace("  - as_of: 2025-12-25\n",
                          "  - as_of: 2025-12-25\n    tasks:\n      completed: 3\n      on_schedule: 1\n"
                          "      overdue: 1\n")
    counted = ("theo danh sách nhiệm vụ chung của chương trình (task_list, dòng 2), tính đến ngày 2025-12-25 "
               "(as_of) thì có")
    fix = "hãy sửa số này hoặc sửa danh sách nhiệm vụ cho khớp"
    assert errors_of(text, "kh.yml") == [
        f"{KH}:27: tasks.completed: số nhiệm vụ đã hoàn thành (completed) ghi 3, nhưng {counted} 2; {fix}",
        f"{KH}:28: tasks.on_schedule: số nhiệm vụ đang thực hiện theo tiến độ (on_schedule) ghi 1, "
        f"nhưng {counted} 2; {fix}",
    ]


def test_report_task_list_beside_the_programme_list_is_refused(errors_of):
    text = SHARED.replace("  - as_of: 2025-12-25\n",
                          "  - as_of: 2025-12-25\n    task_list:\n      - {title: Việc riêng, due: 2026-Q1}\n")
    assert errors_of(text, "kh.yml") == [
        f"{KH}:26: reports[1].task_list: đã có danh sách nhiệm vụ chung của chương trình (task_list, dòng 2), "
        "kỳ báo cáo không ghi lại danh sách; hãy xóa task_list ở kỳ báo cáo này: số nhiệm vụ của kỳ được tính "
        "từ danh sách chung theo ngày as_of (nhiệm vụ nào xong thì ghi ngày done trong danh sách chung)"]


def test_programme_task_needs_who_leads_it(errors_of):
    assert errors_of(SHARED.replace("    chu_tri: Bộ phận một cửa\n", ""), "kh.yml") == [
        f"{KH}:3: task_list.chu_tri: thiếu đơn vị chủ trì (chu_tri), là trường bắt buộc; hãy thêm dòng 'chu_tri: …'"]


@pytest.mark.parametrize("key", ["owner", "chủ trì", "Chủ_trì", "chu_tris"])
def test_other_words_for_who_leads_a_task(errors_of, key):
    """One mistake, one message: the wrong key, not also the missing `chu_tri`."""
    assert errors_of(SHARED.replace("chu_tri: Bộ phận một cửa", f"{key}: Bộ phận một cửa"), "kh.yml") == [
        f"{KH}:6: task_list.{key}: trường không được hỗ trợ (ý bạn là 'chu_tri'?); "
        "các trường hợp lệ: title, due, done, unit, chu_tri, phoi_hop, ngay_giao"]


def test_report_task_may_name_who_leads_it(data_dir):
    data_dir.write("kh.yml", TASK_LIST.replace("        done: 2025-10-15\n",
                                               "        done: 2025-10-15\n        chu_tri: Văn phòng\n"
                                               "        phoi_hop: Công an phường, Đoàn thanh niên\n"))
    (programme,) = load_programmes(data_dir)
    task = programme.latest.task_list[0]
    assert (task.chu_tri, task.phoi_hop) == ("Văn phòng", ("Công an phường", "Đoàn thanh niên"))
    assert programme.task_list == ()


def test_programme_list_written_as_tasks(errors_of):
    """`tasks:` at the top is the list misnamed: one message, not one per report left without figures."""
    assert errors_of(SHARED.replace("\ntask_list:", "\ntasks:"), "kh.yml") == [
        f"{KH}:2: tasks: trường không được hỗ trợ (ý bạn là 'task_list'?); "
        "các trường hợp lệ: id, title, basis, owner, nguon, wording, traffic_lights, task_list, reports, minh_hoa"]


def test_done_before_assigned(errors_of):
    text = SHARED.replace("    ngay_giao: 2025-11-01\n", "    ngay_giao: 2025-11-01\n    done: 2025-10-01\n")
    assert errors_of(text, "kh.yml") == [
        f"{KH}:23: task_list.done: ngày hoàn thành (done) 2025-10-01 trước ngày giao (ngay_giao) 2025-11-01; "
        "hãy kiểm tra lại hai ngày này"]


def test_empty_programme_task_list(errors_of):
    text = "title: K\ntask_list: []\nreports:\n  - as_of: 2025-12-25\n"
    assert errors_of(text, "kh.yml") == [
        f"{KH}:2: task_list: danh sách nhiệm vụ (task_list) cần ít nhất một nhiệm vụ; "
        "nếu chưa có nhiệm vụ nào, hãy xóa dòng task_list"]


def test_report_before_any_task_is_assigned(errors_of):
    text = ("title: K\ntask_list:\n  - {title: A, due: 2026-Q1, chu_tri: VP, ngay_giao: 2025-11-01}\n"
            "reports:\n  - as_of: 2025-09-30\n  - as_of: 2025-12-25\n")
    assert errors_of(text, "kh.yml") == [
        f"{KH}:5: reports[0]: đến ngày chốt số liệu (as_of) 2025-09-30 chưa có nhiệm vụ nào được giao (mọi nhiệm vụ "
        "đều có ngày giao ngay_giao muộn hơn) và kỳ báo cáo không có chỉ tiêu (indicators); hãy kiểm tra lại "
        "ngày as_of và ngay_giao, hoặc ghi các chỉ tiêu"]


def test_report_without_figures(errors_of):
    assert errors_of("title: K\nreports:\n  - as_of: 2025-12-25\n", "kh.yml") == [
        f"{KH}:3: reports[0]: kỳ báo cáo chưa có số liệu; hãy ghi số nhiệm vụ (tasks), danh sách nhiệm vụ "
        "(task_list) hoặc các chỉ tiêu (indicators)"]


@pytest.mark.parametrize("value", ["2026-Q2", "Q2/2026", "quý 2/2026", "Quý II/2026", "quý II/2026", "quý 2 năm 2026",
                                   "II/2026", "2026/Q2"])
def test_a_quarter_is_taken_as_documents_write_it(data_dir, value):
    """Editors may write a quarter as administrative documents do (`quý II/2026`) or as the news does (`quý 2/2026`)."""
    data_dir.write("cds.yml", GOOD.replace("due: 2026-Q1", f"due: {value}"))
    (programme,) = load_programmes(data_dir)
    assert [item.due for item in programme.reports[0].indicators if item.due] == [Quarter(2026, 2)]


DUE_FORMS = [
    ("2026-Q5", "một năm chỉ có 4 quý; hãy viết 2026-Q1, 2026-Q2, 2026-Q3 hoặc 2026-Q4"),
    ("30/6/2026", "viết ngày theo dạng năm-tháng-ngày: 2026-06-30"),
    ("6/2026", "'6/2026' chưa đúng dạng; hạn cuối tháng 6/2026 viết là 2026-06-30"),
    ("tháng 2/2028", "'tháng 2/2028' chưa đúng dạng; hạn cuối tháng 2/2028 viết là 2028-02-29"),
    ("2026", "'2026' chưa đúng dạng; hạn cuối năm 2026 viết là 2026-12-31"),
    ("sớm", "cần một ngày (ví dụ 2026-06-30) hoặc một quý (ví dụ 2026-Q2), không phải chữ 'sớm'"),
]


@pytest.mark.parametrize("value, message", DUE_FORMS)
def test_indicator_due_written_as_in_documents(errors_of, value, message):
    assert errors_of(GOOD.replace("due: 2026-Q1", f"due: {value}")) == [f"{F}:16: indicators.due: {message}"]


@pytest.mark.parametrize("value, message", DUE_FORMS)
def test_task_due_written_as_in_documents(errors_of, value, message):
    assert errors_of(SHARED.replace("due: 2026-Q1", f"due: {value}"), "kh.yml") == [
        f"{KH}:13: task_list.due: {message}"]


def test_wrong_indicator_id_is_told_the_right_one(errors_of):
    assert errors_of(GOOD.replace("id: quy-trinh", "id: Quy trình")) == [
        f"{F}:11: indicators.id: mã chỉ tiêu 'Quy trình' không hợp lệ: chỉ gồm chữ thường không dấu, số và dấu '-', "
        "ví dụ quy-trinh-nghiep-vu; hãy viết quy-trinh"]


def test_wrong_file_name_is_told_the_right_one(errors_of):
    assert errors_of(GOOD, "Kế hoạch.yml") == [
        "data/programmes/Kế hoạch.yml:1: id: mã chương trình 'Kế hoạch' không hợp lệ: chỉ gồm chữ thường không dấu, "
        "số và dấu '-', ví dụ quy-trinh-nghiep-vu; hãy đổi tên tệp thành ke-hoach.yml"]


def test_target_zero(errors_of):
    assert errors_of(GOOD.replace("target: 156", "target: 0")) == [
        f"{F}:15: indicators.target: mục tiêu (target) phải lớn hơn 0; nếu chỉ tiêu không có mục tiêu, "
        "hãy xóa dòng target"]


def test_empty_text(errors_of):
    assert errors_of(GOOD.replace("basis: Quyết định số 204-QĐ/TW", 'basis: ""')) == [
        f"{F}:2: basis: không được để trống; hãy ghi nội dung hoặc xóa cả dòng"]


def test_indicator_qualifier(data_dir):
    data_dir.write("cds.yml", GOOD.replace("actual: 39.98", "qualifier: khoảng\n        actual: 39.98"))
    (programme,) = load_programmes(data_dir)
    assert programme.latest.indicator("ty-le").qualifier == "khoảng"
    assert programme.latest.indicator("quy-trinh").qualifier is None


@pytest.mark.parametrize("value, message", [
    ("tren", "'tren' không dùng được (ý bạn là 'trên'?); từ chỉ mức (qualifier) là một trong: trên, gần, "
             "khoảng, hơn, đạt"),
    ("Trên", "'Trên' không dùng được (ý bạn là 'trên'?); từ chỉ mức (qualifier) là một trong: trên, gần, "
             "khoảng, hơn, đạt"),
    ("xấp xỉ", "'xấp xỉ' không dùng được; từ chỉ mức (qualifier) là một trong: trên, gần, khoảng, hơn, đạt"),
    ("100", "cần chữ, nhưng YAML hiểu đây là số '100'; nếu đúng là chữ, đặt trong ngoặc kép: \"100\""),
])
def test_wrong_indicator_qualifier(errors_of, value, message):
    text = GOOD.replace("actual: 39.98", f"qualifier: {value}\n        actual: 39.98")
    assert errors_of(text) == [f"{F}:20: indicators.qualifier: {message}"]


def test_qualifier_written_in_vietnamese_gets_its_key(errors_of):
    (error,) = errors_of(GOOD.replace("actual: 39.98", "mức: trên\n        actual: 39.98"))
    assert error.startswith(f"{F}:20: indicators.mức: trường không được hỗ trợ (ý bạn là 'qualifier'?)")
