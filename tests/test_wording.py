"""The words of the statistics pages come from data: data/wording.yml for the site, `wording:` per programme."""
import dataclasses
import datetime as dt

import pytest

from bantin.common.errors import DataErrors
from bantin.figures import content
from bantin.figures.loading import load_programmes
from bantin.figures.model import Indicator, Programme, Report, Task, TaskCounts
from bantin.figures.stats import ProgrammeStats, compute, wording_of
from bantin.figures.wording import WORDING_KEYS, PageWording
from bantin.schema.figures import Wording

F = "data/programmes/cds.yml"
W = "data/wording.yml"
NB = "\u00a0"

PROGRAMME = """
title: Đề án chuyển đổi số
owner: Ban Chỉ đạo Chuyển đổi số trong các cơ quan Đảng
reports:
  - as_of: 2025-12-25
    tasks: {completed: 189, on_schedule: 93, overdue: 27}
    indicators:
      - {id: quy-trinh, name: Quy trình, unit: quy trình, actual: 109, target: 156, due: 2026-Q1}
"""
MINISTRY = """
wording:
  on_schedule: Đang thực hiện trong hạn
  overdue: Quá hạn chưa hoàn thành
  actual: Kết quả thực hiện
  target: Kế hoạch
  progress: Tỷ lệ hoàn thành (%)
  due: Thời hạn hoàn thành
"""


CHANGE_KEYS = ("change_sentence, change_up, change_down, change_same, change_points_up, change_points_down, "
               "change_approx_up, change_approx_down, change_assigned, change_status, change_by_status, change_rate, "
               "change_count, "
               "change_percent, change_first, lights_green, lights_all_green, lights_no_green, lights_other, "
               "lights_one_green, lights_one_other")


def write_site_wording(data_dir, text: str) -> None:
    (data_dir / "wording.yml").write_text(text.lstrip("\n"), encoding="utf-8")


def test_without_any_wording_the_site_keeps_its_words(data_dir):
    data_dir.write("cds.yml", PROGRAMME)
    (programme,) = load_programmes(data_dir)
    assert programme.wording == PageWording()  # the built-in words and sentence patterns
    assert (Wording().on_schedule, Wording().target, Wording().due) == (
        "Đang thực hiện theo tiến độ", "Mục tiêu", "Thời hạn")


def test_a_programme_words_its_statuses_and_columns(data_dir):
    data_dir.write("cds.yml", PROGRAMME + MINISTRY)
    (programme,) = load_programmes(data_dir)
    page = content.stats_page(compute([programme])["cds"])
    assert [row.label for row in page.status_rows] == [
        "Đã hoàn thành", "Đang thực hiện trong hạn", "Quá hạn chưa hoàn thành"]
    w = page.wording
    assert (w.indicator, w.actual, w.target, w.progress, w.remaining, w.due) == (
        "Chỉ tiêu", "Kết quả thực hiện", "Kế hoạch", "Tỷ lệ hoàn thành (%)", "Còn lại", "Thời hạn hoàn thành")
    assert page.headline == (
        f"Tính đến 25/12/2025, Ban Chỉ đạo Chuyển đổi số trong các cơ quan Đảng đã giao 309{NB}nhiệm{NB}vụ, "
        f"trong đó: 189{NB}nhiệm{NB}vụ đã hoàn thành (61%); 93{NB}nhiệm{NB}vụ đang thực hiện trong hạn (30%); "
        f"27{NB}nhiệm{NB}vụ quá hạn chưa hoàn thành (9%).")
    assert 'aria-label="Tỷ lệ nhiệm vụ theo tình trạng, tính đến 25/12/2025: Đã hoàn thành: 61%; ' \
           'Đang thực hiện trong hạn: 30%; Quá hạn chưa hoàn thành: 9%"' in page.chart
    assert "<span>Quá hạn chưa hoàn thành</span> <strong>9%</strong>" in page.legend


def test_tom_tat_in_a_bulletin_uses_the_programme_words(data_dir):
    """`tom_tat` gets only the report's figures: the words travel with them."""
    data_dir.write("cds.yml", PROGRAMME + MINISTRY)
    report = compute(load_programmes(data_dir))["cds"].latest
    assert content.headline(report.tasks, report.as_of, "Ban Chỉ đạo") == (
        "Tính đến 25/12/2025, Ban Chỉ đạo đã giao 309 nhiệm vụ, trong đó: 189 nhiệm vụ đã hoàn thành (61%); "
        "93 nhiệm vụ đang thực hiện trong hạn (30%); 27 nhiệm vụ quá hạn chưa hoàn thành (9%).")


def test_site_wording_file_and_programme_block_together(data_dir):
    """data/wording.yml words the whole site; a programme's own block wins for that programme."""
    write_site_wording(data_dir, "# Cách gọi chung của trang\ntarget: Kế hoạch\noverdue: Quá hạn\n")
    data_dir.write("cds.yml", PROGRAMME + "wording:\n  overdue: Quá hạn chưa hoàn thành\n")
    data_dir.write("khac.yml", PROGRAMME.replace("Đề án chuyển đổi số", "Kế hoạch khác"))
    by_id = {p.id: p.wording for p in load_programmes(data_dir)}
    assert (by_id["cds"].target, by_id["cds"].overdue) == ("Kế hoạch", "Quá hạn chưa hoàn thành")
    assert (by_id["khac"].target, by_id["khac"].overdue) == ("Kế hoạch", "Quá hạn")
    assert by_id["khac"].on_schedule == "Đang thực hiện theo tiến độ"


def test_a_wording_file_of_comments_only_changes_nothing(data_dir):
    write_site_wording(data_dir, "# target: Kế hoạch\n")
    data_dir.write("cds.yml", PROGRAMME)
    assert load_programmes(data_dir)[0].wording == PageWording()


def programme_errors(data_dir, block: str) -> list[str]:
    data_dir.write("cds.yml", PROGRAMME + block)
    with pytest.raises(DataErrors) as caught:
        load_programmes(data_dir)
    return [str(e) for e in caught.value.errors]


def test_misspelt_key_gets_the_nearest_name(data_dir):
    assert programme_errors(data_dir, "wording:\n  on_schedul: Trong hạn\n") == [
        f"{F}:9: wording.on_schedul: trường không được hỗ trợ (ý bạn là 'on_schedule'?); các trường hợp lệ: "
        "completed, on_schedule, overdue, completed_on_time, completed_late, assigned, status, count, percent, "
        "indicator, actual, target, progress, remaining, due, " + CHANGE_KEYS]


@pytest.mark.parametrize("key, meant", [("ke_hoach", "target"), ("Thời hạn", "due"), ("plan", "target")])
def test_words_of_the_reports_lead_to_the_key(data_dir, key, meant):
    (error,) = programme_errors(data_dir, f"wording:\n  {key}: Kế hoạch\n")
    assert error.startswith(f"{F}:9: wording.{key}: trường không được hỗ trợ (ý bạn là '{meant}'?)")


def test_empty_and_non_text_words_are_refused(data_dir):
    assert programme_errors(data_dir, "wording:\n  target:\n  due: 2026\n") == [
        f"{F}:9: wording.target: chưa có giá trị; hãy ghi giá trị sau dấu ':'",
        f"{F}:10: wording.due: cần chữ, nhưng YAML hiểu đây là số '2026'; nếu đúng là chữ, đặt trong ngoặc kép: "
        '"2026"']


def test_wording_must_be_a_group_of_fields(data_dir):
    assert programme_errors(data_dir, "wording: Kế hoạch\n") == [
        f"{F}:8: wording: cần một nhóm trường 'tên: giá trị', không phải chữ 'Kế hoạch'"]


def test_two_statuses_cannot_share_a_name(data_dir):
    assert programme_errors(data_dir, "wording:\n  overdue: Đang thực hiện theo tiến độ\n") == [
        f"{F}:9: wording.overdue: tên tình trạng quá hạn (overdue) 'Đang thực hiện theo tiến độ' trùng với tên "
        "tình trạng theo tiến độ (on_schedule); mỗi tình trạng cần một tên riêng"]
    assert programme_errors(data_dir, "wording:\n  on_schedule: Trong hạn\n  overdue: trong hạn\n") == [
        f"{F}:10: wording.overdue: tên tình trạng quá hạn (overdue) 'trong hạn' trùng với tên tình trạng theo tiến "
        "độ (on_schedule) ở dòng 9; mỗi tình trạng cần một tên riêng"]


def test_mistakes_in_the_site_wording_file(data_dir):
    write_site_wording(data_dir, "target: Kế hoạch\nduee: Thời hạn hoàn thành\n")
    data_dir.write("cds.yml", PROGRAMME)
    with pytest.raises(DataErrors) as caught:
        load_programmes(data_dir)
    assert [str(e) for e in caught.value.errors] == [
        f"{W}:2: duee: trường không được hỗ trợ (ý bạn là 'due'?); các trường hợp lệ: completed, on_schedule, "
        "overdue, completed_on_time, completed_late, assigned, status, count, percent, indicator, actual, target, "
        "progress, remaining, due, " + CHANGE_KEYS]


def test_site_wording_file_with_broken_yaml(data_dir):
    write_site_wording(data_dir, "target: Kế hoạch: năm\n")
    data_dir.write("cds.yml", PROGRAMME)
    with pytest.raises(DataErrors) as caught:
        load_programmes(data_dir)
    (error,) = [str(e) for e in caught.value.errors]
    assert error.startswith(f"{W}:1: lỗi cú pháp YAML")


def test_task_list_statuses_use_the_words():
    tasks = TaskCounts(0, 1, 0)
    wording = Wording(on_schedule="Trong hạn")
    report = Report(dt.date(2025, 12, 25), tasks, (Task("Tập huấn", dt.date(2026, 1, 31)),))
    stats = ProgrammeStats.of(Programme("k", "K", (report,), wording=wording))
    assert wording_of(stats.latest.tasks) is wording
    page = content.stats_page(stats)
    assert [(row.title, row.status) for row in page.task_rows] == [("Tập huấn", "Trong hạn")]


def test_the_words_are_not_a_figure_of_tasks():
    """A bulletin's `tasks.…` lists the fields as the figures it can print: the words are not among them."""
    report = Report(dt.date(2025, 12, 25), TaskCounts(1, 0, 0), indicators=(Indicator("a", "A", "x", 1),))
    tasks = ProgrammeStats.of(Programme("k", "K", (report,))).latest.tasks
    assert [f.name for f in dataclasses.fields(tasks)] == [
        "assigned", "completed", "on_schedule", "overdue", "completed_on_time", "completed_late", "percent", "delta"]


def test_statuses_never_side_by_side_may_share_a_name(data_dir):
    """`completed` heads the status table, `completed_on_time` the task list: an office may call both so."""
    data_dir.write("cds.yml", PROGRAMME + "wording:\n  completed_on_time: Đã hoàn thành\n")
    assert load_programmes(data_dir)[0].wording.completed_on_time == "Đã hoàn thành"


def test_change_patterns_default_and_in_a_programme(data_dir):
    data_dir.write("cds.yml", PROGRAMME + 'wording:\n  change_up: "{ten} tăng thêm {muc}"\n'
                              '  change_rate: tỷ lệ đã xong\n')
    wording = load_programmes(data_dir)[0].wording
    assert (wording.change_up, wording.change_rate, wording.change_down) == (
        "{ten} tăng thêm {muc}", "tỷ lệ đã xong", "{ten} giảm {muc} (từ {truoc} xuống {sau})")
    assert PageWording().change_sentence == "So với kỳ báo cáo {ngay}, {noi_dung}."


def test_misspelt_pattern_key_gets_the_nearest_name(data_dir):
    (error,) = programme_errors(data_dir, 'wording:\n  change_upp: "{ten} tăng {muc}"\n')
    assert error.startswith(f"{F}:9: wording.change_upp: trường không được hỗ trợ (ý bạn là 'change_up'?)")


def test_pattern_mistakes(data_dir):
    assert programme_errors(data_dir, 'wording:\n  change_up: "{ten} tăng {mu} (từ {truoc} lên {sau})"\n'
                                      '  change_down: "giảm {muc}"\n  change_rate: "tỷ lệ {x}"\n'
                                      '  change_sentence: "So với {ngay, {noi_dung}."\n  change_same: "{ten}"\n') == [
        f"{F}:9: wording.change_up: mẫu câu khi tăng (change_up): không có chỗ điền {{mu}} (ý bạn là 'muc'?); "
        "mẫu này dùng được: {ten}, {muc}, {truoc}, {sau}",
        f"{F}:10: wording.change_down: mẫu câu khi giảm (change_down) cần có {{ten}} (cái được so sánh); ví dụ mẫu "
        'có sẵn: "{ten} giảm {muc} (từ {truoc} xuống {sau})"',
        f"{F}:11: wording.change_rate: tên tỷ lệ hoàn thành trong câu so sánh (change_rate): không có chỗ điền {{x}}; "
        "mẫu này không có chỗ điền nào",
        f"{F}:12: wording.change_sentence: mẫu câu so sánh với kỳ trước (change_sentence): dấu '{{' hoặc '}}' không "
        "thành cặp; chỗ điền số liệu viết trong cặp ngoặc nhọn, ví dụ {ngay}"]


def test_a_pattern_without_quotes(data_dir):
    """`{` starts a group in YAML: the message says to quote the pattern."""
    assert programme_errors(data_dir, "wording:\n  change_same: {ten}\n") == [
        f"{F}:9: wording.change_same: mẫu câu bắt đầu bằng dấu '{{' phải đặt trong ngoặc kép: change_same: "
        '"{ten} giữ nguyên ({sau})"']
    write_site_wording(data_dir, "change_up: {ten} tăng {muc} (từ {truoc} lên {sau})\n")
    data_dir.write("cds.yml", PROGRAMME)
    with pytest.raises(DataErrors) as caught:
        load_programmes(data_dir)
    assert [str(e) for e in caught.value.errors] == [
        f"{W}:1: change_up: mẫu câu bắt đầu bằng dấu '{{' phải đặt trong ngoặc kép, ví dụ change_up: "
        '"{ten} tăng {muc} (từ {truoc} lên {sau})"']


def test_the_keys_are_the_words_and_the_patterns():
    assert WORDING_KEYS[:15] == tuple(f.name for f in dataclasses.fields(Wording))
    assert ", ".join(WORDING_KEYS[15:]) == CHANGE_KEYS
