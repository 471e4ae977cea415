"""The change since the previous report, in Vietnamese prose: statistics page and `so_sanh(report)` in bulletins."""
import datetime as dt
from decimal import Decimal

import pytest

from bantin.build.templating import MarkdownRenderer
from bantin.common.errors import DataErrors
from bantin.figures import changes, content
from bantin.figures.loading import load_programmes
from bantin.figures.model import Indicator, Programme, Report, TaskCounts
from bantin.figures.stats import ProgrammeStats, compute, previous_of
from bantin.figures.wording import PageWording
from bantin.schema.figures import Wording

NB = "\u00a0"
SEPT, NOV, DEC = dt.date(2025, 9, 30), dt.date(2025, 11, 25), dt.date(2025, 12, 25)


def programme(*reports, wording=PageWording()):
    return ProgrammeStats.of(Programme("cds", "Đề án", tuple(reports), owner="Ban Chỉ đạo", wording=wording))


def accounts(actual, **extra):
    return Indicator("tai-khoan", "Tài khoản", "tài khoản", actual, **extra)


BEFORE = Report(NOV, TaskCounts(177, 93, 30), indicators=(
    accounts(170000), Indicator("ket-noi", "Kết nối mạng chuyên dùng", "%", Decimal("97.5"), 100)))
AFTER = Report(DEC, TaskCounts(189, 93, 27), indicators=(
    accounts(176907), Indicator("ket-noi", "Kết nối mạng chuyên dùng", "%", 100, 100),
    Indicator("diem-cau", "Điểm cầu", "điểm cầu", 3213)))


def test_tasks_up_down_and_unchanged():
    """Counts carry their unit, `giữ nguyên` says an unchanged one, `số nhiệm vụ` is said once, and the two rates
    show one precision (59,0%, not 59%), named as the exact ones beside the page's whole percents."""
    report = programme(BEFORE, AFTER).latest
    assert changes.task_sentence(report) == (
        "So với kỳ báo cáo 25/11/2025, số nhiệm vụ được giao tăng 9 nhiệm vụ (từ 300 lên 309); theo tình trạng: đã "
        "hoàn thành tăng 12 nhiệm vụ (từ 177 lên 189), đang thực hiện theo tiến độ giữ nguyên (93 nhiệm vụ), đang "
        "thực hiện quá hạn giảm 3 nhiệm vụ (từ 30 xuống 27); tỷ lệ hoàn thành (làm tròn đến một chữ số thập phân) "
        "tăng 2,2 điểm phần trăm (từ 59,0% lên 61,2%).")


def test_indicators_counts_and_percent_points():
    report = programme(BEFORE, AFTER).latest
    assert changes.indicator_sentence(report) == (
        "So với kỳ báo cáo 25/11/2025, số tài khoản tăng 6.907 tài khoản (từ 170.000 lên 176.907); "
        "tỷ lệ kết nối mạng chuyên dùng tăng 2,5 điểm phần trăm (từ 97,5% lên 100%).")  # `diem-cau` is new: no change


def test_statistics_page_keeps_figures_with_their_units():
    page = content.stats_page(programme(BEFORE, AFTER))
    assert f"tăng 6.907{NB}tài{NB}khoản (từ 170.000 lên 176.907)" in page.indicator_change
    assert page.change.startswith(f"So với kỳ báo cáo 25/11/2025, số nhiệm vụ được giao tăng 9{NB}nhiệm{NB}vụ (từ 300 "
                                  "lên 309); theo tình trạng: ")
    assert f"giữ nguyên (93{NB}nhiệm{NB}vụ)" in page.change


def test_a_first_report_has_no_comparison():
    stats = programme(AFTER)
    assert previous_of(stats.latest) is None
    assert changes.task_sentence(stats.latest) == changes.indicator_sentence(stats.latest) == ""
    page = content.stats_page(stats)
    assert (page.change, page.indicator_change, page.trend, page.trend_legend) == ("", "", "", "")


def test_rate_rounds_half_up_and_falls():
    """1 of 16 is 6,25%: half-up gives 6,3 (half-even would give 6,2)."""
    first = Report(SEPT, TaskCounts(0, 16, 0))
    second = Report(NOV, TaskCounts(1, 15, 0))
    third = Report(DEC, TaskCounts(1, 17, 0))  # more tasks assigned: the rate falls
    stats = programme(first, second, third)
    rate = "tỷ lệ hoàn thành (làm tròn đến một chữ số thập phân)"
    assert changes.task_changes(stats.reports[1])[-1] == f"{rate} tăng 6,3 điểm phần trăm (từ 0,0% lên 6,3%)"
    assert changes.task_changes(stats.reports[2])[-1] == f"{rate} giảm 0,7 điểm phần trăm (từ 6,3% xuống 5,6%)"
    assert changes.task_changes(stats.reports[2])[0] == "số nhiệm vụ được giao tăng 2 nhiệm vụ (từ 16 lên 18)"


def test_percent_indicator_down_and_unchanged():
    before = Report(NOV, None, indicators=(Indicator("t", "Tỷ lệ hồ sơ trực tuyến", "%", Decimal("39.98")),
                                           Indicator("k", "Kết nối", "%", 100)))
    after = Report(DEC, None, indicators=(Indicator("t", "Tỷ lệ hồ sơ trực tuyến", "%", Decimal("37.5")),
                                          Indicator("k", "Kết nối", "%", 100)))
    assert changes.indicator_changes(programme(before, after).latest) == [
        "tỷ lệ hồ sơ trực tuyến giảm 2,48 điểm phần trăm (từ 39,98% xuống 37,5%)",  # not "tỷ lệ tỷ lệ"
        "tỷ lệ kết nối giữ nguyên (100%)"]


def test_qualified_figures_change_without_an_exact_amount():
    def visits(actual, qualifier="trên"):
        return Indicator("luot", "Lượt truy cập mỗi ngày", "lượt truy cập/ngày", actual, qualifier=qualifier)
    stats = programme(Report(SEPT, None, indicators=(visits(150000),)), Report(NOV, None, indicators=(visits(160000),)),
                      Report(DEC, None, indicators=(visits(160000, "gần"),)))
    assert changes.indicator_changes(stats.reports[1]) == [
        "số lượt truy cập mỗi ngày tăng từ trên 150.000 lên trên 160.000 lượt truy cập/ngày"]
    assert changes.indicator_changes(stats.reports[2]) == []  # `trên 160.000` then `gần 160.000`: not comparable


def test_another_unit_is_not_compared():
    before = Report(NOV, None, indicators=(Indicator("q", "Quy trình", "quy trình", 90),))
    after = Report(DEC, None, indicators=(Indicator("q", "Quy trình", "thủ tục", 95),))
    assert changes.indicator_sentence(programme(before, after).latest) == ""


def test_a_name_starting_with_so_is_not_doubled():
    before = Report(NOV, None, indicators=(Indicator("v", "Số văn bản ban hành", "văn bản", 34),))
    after = Report(DEC, None, indicators=(Indicator("v", "Số văn bản ban hành", "văn bản", 36),))
    assert changes.indicator_changes(programme(before, after).latest) == [
        "số văn bản ban hành tăng 2 văn bản (từ 34 lên 36)"]


def test_patterns_and_status_names_from_the_wording():
    wording = PageWording(overdue="Quá hạn chưa hoàn thành", change_sentence="Thay đổi từ ngày {ngay}: {noi_dung}.",
                          change_up="{ten} thêm {muc}, lên {sau}", change_down="{ten} bớt {muc}, còn {sau}",
                          change_same="{ten} giữ nguyên", change_rate="tỷ lệ đã xong",
                          change_points_up="{ten} thêm {muc} điểm %")
    report = programme(BEFORE, AFTER, wording=wording).latest
    assert changes.task_sentence(report) == (
        "Thay đổi từ ngày 25/11/2025: số nhiệm vụ được giao thêm 9 nhiệm vụ, lên 309; theo tình trạng: đã hoàn thành "
        "thêm 12 nhiệm vụ, lên 189, đang thực hiện theo tiến độ giữ nguyên, quá hạn chưa hoàn thành bớt 3 nhiệm vụ, "
        "còn 27; tỷ lệ đã xong thêm 2,2 điểm %.")


def test_a_sentence_that_starts_with_the_changes_starts_with_a_capital():
    wording = PageWording(change_sentence="{noi_dung} so với kỳ {ngay}.")
    report = programme(BEFORE, AFTER, wording=wording).latest
    assert changes.indicator_sentence(report) == (
        "Số tài khoản tăng 6.907 tài khoản (từ 170.000 lên 176.907); tỷ lệ kết nối mạng chuyên dùng tăng "
        "2,5 điểm phần trăm (từ 97,5% lên 100%) so với kỳ 25/11/2025.")


def test_a_wording_made_in_code_uses_the_built_in_patterns():
    stats = ProgrammeStats.of(Programme("k", "K", (BEFORE, AFTER), wording=Wording(completed="Xong")))
    assert "theo tình trạng: xong tăng 12 nhiệm vụ (từ 177 lên 189)" in changes.task_sentence(stats.latest)


# Bulletins: `{{ so_sanh(report) }}`, against the report before the bulletin's own.
JAN = dt.date(2026, 1, 31)
LATER = Report(JAN, TaskCounts(200, 90, 20), indicators=(accounts(180000),))


@pytest.fixture
def renderer():
    return MarkdownRenderer({"cds": programme(BEFORE, AFTER, LATER)})


META = {"programme": "cds"}


def test_so_sanh_in_a_bulletin_is_about_its_own_report(renderer):
    """A bulletin bound to 25/12/2025 compares with 25/11/2025, even once 31/1/2026 exists."""
    text = renderer.render("{{ so_sanh(report, 'nhiem_vu') }}", "docs/tin-tuc/a.md", META, as_of=DEC)
    assert text == (
        "So với kỳ báo cáo 25/11/2025, số nhiệm vụ được giao tăng 9 nhiệm vụ (từ 300 lên 309); theo tình trạng: đã "
        "hoàn thành tăng 12 nhiệm vụ (từ 177 lên 189), đang thực hiện theo tiến độ giữ nguyên (93 nhiệm vụ), đang "
        "thực hiện quá hạn giảm 3 nhiệm vụ (từ 30 xuống 27); tỷ lệ hoàn thành (làm tròn đến một chữ số thập phân) "
        "tăng 2,2 điểm phần trăm (từ 59,0% lên 61,2%).")
    rendered = renderer.render("{{ so_sanh(report) }}", "docs/a.md", META, as_of=DEC)
    assert "6.907 tài khoản (từ 170.000 lên 176.907)" in rendered
    latest = renderer.render("{{ so_sanh(report, 'tai-khoan') }}", "docs/a.md", META)  # not bound: the latest
    assert latest == "So với kỳ báo cáo 25/12/2025, số tài khoản tăng 3.093 tài khoản (từ 176.907 lên 180.000)."


def test_so_sanh_of_a_first_report_prints_nothing(renderer):
    assert renderer.render("Trước.{{ so_sanh(report) }}", "docs/a.md", META, as_of=NOV) == "Trước."


def test_so_sanh_parts(renderer):
    assert renderer.render("{{ so_sanh(report, 'chi_tieu') }}", "docs/a.md", META, as_of=DEC) == (
        "So với kỳ báo cáo 25/11/2025, số tài khoản tăng 6.907 tài khoản (từ 170.000 lên 176.907); "
        "tỷ lệ kết nối mạng chuyên dùng tăng 2,5 điểm phần trăm (từ 97,5% lên 100%).")
    whole = renderer.render("{{ so_sanh(report) }}", "docs/a.md", META, as_of=DEC)
    assert whole.startswith("So với kỳ báo cáo 25/11/2025, số nhiệm vụ được giao tăng 9")
    assert whole.endswith("(từ 59,0% lên 61,2%); số tài khoản tăng 6.907 tài khoản (từ 170.000 lên 176.907); "
                          "tỷ lệ kết nối mạng chuyên dùng tăng 2,5 điểm phần trăm (từ 97,5% lên 100%).")


def test_so_sanh_with_an_unknown_part_says_what_exists(renderer):
    with pytest.raises(DataErrors) as caught:
        renderer.render("\n{{ so_sanh(report, 'tai-khoang') }}", "docs/a.md", META, as_of=DEC)
    assert str(caught.value.errors[0]) == (
        "docs/a.md:2: so_sanh: không có phần 'tai-khoang' (ý bạn là 'tai-khoan'?); viết so_sanh(report), "
        "so_sanh(report, \"nhiem_vu\"), so_sanh(report, \"chi_tieu\") hoặc so_sanh(report, \"<mã chỉ tiêu>\"); "
        "các chỉ tiêu của kỳ 25/12/2025: tai-khoan, ket-noi, diem-cau")
    with pytest.raises(DataErrors) as caught:
        renderer.render("{{ so_sanh(tasks) }}", "docs/a.md", META)
    assert str(caught.value.errors[0]) == "docs/a.md:1: so_sanh cần một kỳ báo cáo: viết so_sanh(report)"


def test_the_patterns_come_from_the_data_files(data_dir):
    (data_dir / "wording.yml").write_text('change_same: "{ten} vẫn là {sau}"\n', encoding="utf-8")
    data_dir.write("cds.yml", """
        title: Đề án
        wording:
          change_up: "{ten} tăng thêm {muc}, đạt {sau}"
        reports:
          - as_of: 2025-09-30
            tasks: {completed: 177, on_schedule: 93, overdue: 30}
          - as_of: 2025-12-25
            tasks: {completed: 189, on_schedule: 93, overdue: 27}
        """)
    page = content.stats_page(compute(load_programmes(data_dir))["cds"])
    assert page.change.startswith(
        f"So với kỳ báo cáo 30/9/2025, số nhiệm vụ được giao tăng thêm 9{NB}nhiệm{NB}vụ, đạt 309; theo tình trạng: đã "
        f"hoàn thành tăng thêm 12{NB}nhiệm{NB}vụ, đạt 189, đang thực hiện theo tiến độ vẫn là 93{NB}nhiệm{NB}vụ, đang "
        f"thực hiện quá hạn giảm 3{NB}nhiệm{NB}vụ (từ 30 xuống 27);")
