"""Deadlines at the report's date (never the build date): missed, upcoming within 30 days, the rest of the quarter."""
import datetime as dt

from bantin.common.periods import Quarter
from bantin.figures import content, deadlines
from bantin.figures.loading import load_programmes
from bantin.figures.model import Indicator, Programme, Report, Task, TaskCounts
from bantin.figures.stats import ProgrammeStats, compute

NB = "\u00a0"
AS_OF = dt.date(2025, 12, 25)


def report_of(as_of, tasks=(), indicators=()):
    counts = TaskCounts.of_tasks(tuple(tasks), as_of) if tasks else None
    report = Report(as_of, counts, tuple(tasks), tuple(indicators))
    return ProgrammeStats.of(Programme("k", "K", (report,))).latest


def listed(report):
    return [(d.group, d.title, d.days) for d in deadlines.deadlines(report)]


def test_around_the_report_date():
    tasks = [Task("Hạn hôm chốt số liệu", AS_OF), Task("Hạn hôm sau", AS_OF + dt.timedelta(days=1)),
             Task("Hạn hôm trước", AS_OF - dt.timedelta(days=1)),
             Task("Đã xong", AS_OF - dt.timedelta(days=10), done=AS_OF - dt.timedelta(days=12)),
             Task("Xong trễ", AS_OF - dt.timedelta(days=40), done=AS_OF)]
    assert listed(report_of(AS_OF, tasks)) == [
        ("missed", "Hạn hôm trước", 1), ("upcoming", "Hạn hôm chốt số liệu", 0), ("upcoming", "Hạn hôm sau", 1)]


def test_a_quarter_that_ends_on_the_report_date_is_still_to_come():
    as_of = dt.date(2025, 12, 31)
    report = report_of(as_of, [Task("Theo quý", Quarter(2025, 4)), Task("Quý trước", Quarter(2025, 3))])
    assert listed(report) == [("missed", "Quý trước", 92), ("upcoming", "Theo quý", 0)]
    rows = content.deadline_list(report).rows
    assert [row.text for row in rows] == [
        f"Quý trước (nhiệm vụ): hạn quý{NB}3/2025, quá hạn 92{NB}ngày.",
        f"Theo quý (nhiệm vụ): hạn quý{NB}4/2025, đến hạn vào ngày chốt số liệu."]


def test_a_task_done_after_the_report_date_was_open_on_it():
    """The programme's task list: a task finished in January was open on 25/12/2025."""
    task = Task("Tập huấn", dt.date(2025, 12, 20), done=dt.date(2026, 1, 5), chu_tri="Văn phòng")
    programme = Programme("k", "K", (Report(AS_OF, TaskCounts(0, 0, 1), (task.seen_on(AS_OF),)),), task_list=(task,))
    row = content.deadline_list(ProgrammeStats.of(programme).latest).rows[0]
    assert row.text == f"Tập huấn (nhiệm vụ, chủ trì: Văn phòng): hạn 20/12/2025, quá hạn 5{NB}ngày."


def test_the_window_and_the_quarter():
    """30 days after 25/12/2025 is 24/1/2026, in quarter 1/2026: the list looks to 31/3/2026."""
    def day(count):
        return AS_OF + dt.timedelta(days=count)
    tasks = [Task("Ngày thứ 30", day(30)), Task("Ngày thứ 31", day(31)), Task("Cuối quý", Quarter(2026, 1)),
             Task("Quý sau", Quarter(2026, 2)), Task("Đầu quý sau", dt.date(2026, 4, 1))]
    assert listed(report_of(AS_OF, tasks)) == [
        ("upcoming", "Ngày thứ 30", 30), ("quarter", "Ngày thứ 31", 31), ("quarter", "Cuối quý", 96)]
    horizon = deadlines.Horizon(dt.date(2025, 10, 1))  # early in a quarter: its own quarter
    assert (horizon.upcoming_until, horizon.quarter) == (dt.date(2025, 10, 31), Quarter(2025, 4))


def test_missed_most_overdue_first_then_soonest():
    tasks = [Task("Trễ ít", AS_OF - dt.timedelta(days=3)), Task("Sắp tới", AS_OF + dt.timedelta(days=9)),
             Task("Trễ nhiều", dt.date(2025, 6, 30)), Task("Tới trước", AS_OF + dt.timedelta(days=2))]
    assert [title for _, title, _ in listed(report_of(AS_OF, tasks))] == ["Trễ nhiều", "Trễ ít", "Tới trước", "Sắp tới"]


def test_indicators_until_reached():
    items = [Indicator("q", "Quy trình", "quy trình", 109, 156, Quarter(2026, 1)),
             Indicator("k", "Kết nối", "%", 100, 100, Quarter(2025, 4)),             # reached
             Indicator("v", "Văn bản", "văn bản", 36, due=dt.date(2025, 12, 31)),    # no target: nothing to reach
             Indicator("s", "Số hóa", "hồ sơ", 5, 10, dt.date(2025, 11, 30))]       # late
    report = report_of(AS_OF, indicators=items)
    assert listed(report) == [("missed", "Số hóa", 25), ("quarter", "Quy trình", 96)]
    page = content.deadline_list(report)
    assert [(group.heading, [row.text for row in group.rows]) for group in page.groups] == [
        ("Đã quá hạn", [f"Số hóa (chỉ tiêu, đã thực hiện được 50% so với mục tiêu): hạn 30/11/2025, "
                        f"quá hạn 25{NB}ngày."]),
        (f"Đến hạn trong quý{NB}1/2026",
         [f"Quy trình (chỉ tiêu, đã thực hiện được 69,9% so với mục tiêu): hạn quý{NB}1/2026, còn 96{NB}ngày."])]
    assert page.intro == (f"Các nhiệm vụ chưa hoàn thành và các chỉ tiêu chưa đạt đã quá hạn, sắp đến hạn (trong "
                          f"30{NB}ngày tới) hoặc đến hạn trong quý{NB}1/2026; số ngày tính từ ngày chốt số liệu "
                          "25/12/2025.")


def test_the_three_headings_and_unpadded_dates():
    """`Đã quá hạn · Sắp đến hạn (trong 30 ngày tới) · Đến hạn trong quý 1/2026`; dates in prose unpadded (5/1/2026)."""
    tasks = [Task("Trễ", dt.date(2025, 12, 1)), Task("Sắp tới", dt.date(2026, 1, 5)),
             Task("Trong quý", dt.date(2026, 3, 9))]
    page = content.deadline_list(report_of(AS_OF, tasks))
    assert [(group.heading, [row.text for row in group.rows]) for group in page.groups] == [
        ("Đã quá hạn", [f"Trễ (nhiệm vụ): hạn 1/12/2025, quá hạn 24{NB}ngày."]),
        (f"Sắp đến hạn (trong 30{NB}ngày tới)", [f"Sắp tới (nhiệm vụ): hạn 5/1/2026, còn 11{NB}ngày."]),
        (f"Đến hạn trong quý{NB}1/2026", [f"Trong quý (nhiệm vụ): hạn 9/3/2026, còn 74{NB}ngày."])]


def test_nothing_to_list():
    report = report_of(AS_OF, [Task("Xa", dt.date(2027, 1, 1))])
    assert deadlines.deadlines(report) == [] and content.deadline_list(report) is None


def test_the_build_date_plays_no_part(data_dir):
    """Counted at the latest report's date, whatever the day the site is built."""
    data_dir.write("phuong.yml", """
        title: Kế hoạch phường
        task_list:
          - {title: Rà soát dữ liệu dân cư, due: 2025-12-01, chu_tri: Công an phường}
          - {title: Tập huấn chữ ký số, due: 2026-01-15, chu_tri: Văn phòng}
        reports:
          - as_of: 2025-12-25
        """)
    page = content.stats_page(compute(load_programmes(data_dir))["phuong"])
    assert [(group.key, [row.days for row in group.rows]) for group in page.deadlines.groups] == [
        ("missed", [f"quá hạn 24{NB}ngày"]), ("upcoming", [f"còn 21{NB}ngày"])]
    assert page.deadlines.home_rows == page.deadlines.rows and page.deadlines.more == 0


def test_the_home_page_lists_the_first_five():
    tasks = [Task(f"Việc {n}", AS_OF + dt.timedelta(days=n)) for n in range(1, 8)]
    page = content.deadline_list(report_of(AS_OF, tasks))
    assert [row.title for row in page.home_rows] == [f"Việc {n}" for n in range(1, 6)] and page.more == 2
