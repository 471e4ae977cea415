import datetime as dt
import random
from decimal import Decimal

from bantin.common.periods import Quarter
from bantin.figures.model import Indicator, Programme, Report, Task, TaskCounts, tasks_on
from bantin.figures.stats import ProgrammeStats, whole_percents


def test_seed_breakdown():
    assert whole_percents([189, 93, 27]) == [61, 30, 9]


def test_sums_to_100_for_many_random_breakdowns():
    rng = random.Random(20251225)
    for _ in range(5000):
        counts = [rng.randint(0, rng.choice([3, 50, 10_000])) for _ in range(rng.randint(1, 6))]
        if sum(counts) == 0:
            counts[0] = 1
        shares = whole_percents(counts)
        assert sum(shares) == 100, counts
        for count, share in zip(counts, shares, strict=True):
            exact = count * 100 / sum(counts)
            assert abs(share - exact) < 1, (counts, shares)


def test_ties_are_deterministic():
    assert whole_percents([1, 1, 1]) == [34, 33, 33]
    assert whole_percents([0, 1, 1, 1]) == [0, 34, 33, 33]
    assert whole_percents([0, 0]) == [0, 0]


def _programme(*reports):
    return ProgrammeStats.of(Programme("p", "P", tuple(reports)))


def test_indicator_progress_and_remaining():
    report = Report(dt.date(2025, 12, 25), None, indicators=(
        Indicator("q", "Quy trình", "quy trình", 109, 156, dt.date(2026, 3, 31)),
        Indicator("x", "X", "%", Decimal("39.98")),
    ))
    stats = _programme(report).latest.indicators
    assert stats["q"].progress == Decimal("69.9")
    assert stats["q"].remaining == 47
    assert stats["q"].state == "in_progress"
    assert stats["x"].progress is None and stats["x"].remaining is None


def test_progress_rounds_half_up():
    report = Report(dt.date(2025, 1, 1), None, indicators=(Indicator("a", "A", "x", 1, 8),))  # 12.5 %
    assert _programme(report).latest.indicators["a"].progress == Decimal("12.5")
    report = Report(dt.date(2025, 1, 1), None, indicators=(Indicator("a", "A", "x", 1, 16),))  # 6.25 %
    assert _programme(report).latest.indicators["a"].progress == Decimal("6.3")


def test_late_and_reached_from_as_of():
    late = Indicator("a", "A", "x", 5, 10, dt.date(2025, 6, 30))
    reached = Indicator("b", "B", "x", 12, 10, dt.date(2025, 6, 30))
    stats = _programme(Report(dt.date(2025, 7, 1), None, indicators=(late, reached))).latest.indicators
    assert stats["a"].state == "late"
    assert stats["b"].state == "reached" and stats["b"].remaining == 0
    before = _programme(Report(dt.date(2025, 6, 30), None, indicators=(late,))).latest.indicators
    assert before["a"].state == "in_progress"


def test_deltas_against_previous_report():
    old = Report(dt.date(2025, 9, 30), TaskCounts(150, 120, 30),
                 indicators=(Indicator("q", "Q", "quy trình", 80, 156),))
    new = Report(dt.date(2025, 12, 25), TaskCounts(189, 93, 27),
                 indicators=(Indicator("q", "Q", "quy trình", 109, 156), Indicator("n", "N", "x", 3)))
    latest = _programme(old, new).latest
    assert latest.tasks.delta == {"assigned": 9, "completed": 39, "on_schedule": -27, "overdue": -3}
    assert latest.indicators["q"].delta == 29
    assert latest.indicators["n"].delta is None
    assert latest.previous_as_of == dt.date(2025, 9, 30)


def test_deltas_between_reports_of_one_task_list():
    tasks = (Task("a", dt.date(2025, 12, 31), dt.date(2025, 11, 1)), Task("b", dt.date(2025, 10, 31)),
             Task("c", dt.date(2026, 3, 31), ngay_giao=dt.date(2025, 11, 1)))
    reports = tuple(Report(as_of, TaskCounts.of_tasks(tasks, as_of), tasks_on(tasks, as_of))
                    for as_of in (dt.date(2025, 9, 30), dt.date(2025, 12, 25)))
    latest = _programme(*reports).latest
    counts = (latest.tasks.assigned, latest.tasks.completed, latest.tasks.on_schedule, latest.tasks.overdue)
    assert counts == (3, 1, 1, 1)
    assert latest.tasks.delta == {"assigned": 1, "completed": 1, "on_schedule": -1, "overdue": 1}
    assert latest.tasks.percent == {"completed": 34, "on_schedule": 33, "overdue": 33}


# The statistics pages' texts (bantin.figures.content), from these figures.
NB = "\u00a0"


def test_qualifier_is_a_field_of_the_indicator():
    report = Report(dt.date(2025, 12, 25), None, indicators=(
        Indicator("luot", "Lượt truy cập", "lượt truy cập/ngày", 160000, qualifier="trên"),))
    assert _programme(report).latest.indicators["luot"].qualifier == "trên"


def _rows(*indicators):
    from bantin.figures.content import indicator_row
    report = Report(dt.date(2025, 12, 25), None, indicators=indicators)
    return {row.id: row for row in map(indicator_row, _programme(report).latest.indicators.values())}


def test_indicator_cells_keep_figures_with_units_and_qualifiers():
    rows = _rows(Indicator("q", "Quy trình", "quy trình", 109, 156, Quarter(2026, 1)),
                 Indicator("luot", "Lượt", "lượt truy cập/ngày", 160000, qualifier="trên"),
                 Indicator("tk", "Tài khoản", "tài khoản", 176907))
    q = rows["q"]
    assert (q.actual, q.target, q.remaining, q.percent, q.state, q.due) == (
        f"109{NB}quy{NB}trình", f"156{NB}quy{NB}trình", f"47{NB}quy{NB}trình", "69,9%", "Đang thực hiện",
        f"quý{NB}1/2026")
    assert rows["luot"].actual == f"trên{NB}160.000{NB}lượt truy cập/ngày"
    assert rows["tk"].actual == f"176.907{NB}tài{NB}khoản"
    assert (rows["tk"].target, rows["tk"].remaining, rows["tk"].percent) == ("", "", "")


def test_reached_indicator_says_so_instead_of_nothing_left():
    rows = _rows(Indicator("kn", "Kết nối", "%", 100, 100), Indicator("vb", "Văn bản", "văn bản", 40, 36))
    assert (rows["kn"].remaining, rows["kn"].percent, rows["kn"].state) == ("Đã đạt", "100%", "Đã đạt")
    assert (rows["vb"].remaining, rows["vb"].percent, rows["vb"].actual) == ("Đã đạt", "111,1%", f"40{NB}văn{NB}bản")


def test_progress_that_only_rounds_to_0_or_100_says_so():
    rows = _rows(Indicator("a", "A", "hồ sơ", 1, 10000), Indicator("b", "B", "hồ sơ", 9999, 10000),
                 Indicator("c", "C", "hồ sơ", 0, 10))
    assert [rows[k].percent for k in "abc"] == ["dưới 0,1%", "gần 100%", "0%"]


def test_shares_that_only_round_to_0_or_100_say_so():
    from bantin.figures.content import headline, share_text, status_rows
    assert [share_text(1, 309, 0), share_text(308, 309, 100), share_text(0, 309, 0), share_text(5, 5, 100)] == [
        "dưới 1%", "gần 100%", "0%", "100%"]
    tasks = _programme(Report(dt.date(2025, 12, 25), TaskCounts(300, 8, 1))).latest.tasks
    assert [(row.count, row.percent) for row in status_rows(tasks)] == [("300", "97%"), ("8", "3%"), ("1", "dưới 1%")]
    assert headline(tasks, dt.date(2025, 12, 25)).endswith("; 1 nhiệm vụ đang thực hiện quá hạn (dưới 1%).")


def test_statistics_headline_names_the_office_that_reports():
    from bantin.figures.content import headline, stats_page
    report = Report(dt.date(2025, 12, 25), TaskCounts(189, 93, 27))
    programme = ProgrammeStats.of(Programme("cds", "Đề án", (report,), owner="Ban Chỉ đạo Chuyển đổi số"))
    assert stats_page(programme).headline == (
        f"Tính đến 25/12/2025, Ban Chỉ đạo Chuyển đổi số đã giao 309{NB}nhiệm{NB}vụ, trong đó: "
        f"189{NB}nhiệm{NB}vụ đã hoàn thành (61%); 93{NB}nhiệm{NB}vụ đang thực hiện theo tiến độ (30%); "
        f"27{NB}nhiệm{NB}vụ đang thực hiện quá hạn (9%).")
    # tom_tat's sentence: the subject the bulletin gives wins, ordinary spaces as published
    assert headline(programme.latest.tasks, report.as_of, "Ban Chỉ đạo") == (
        "Tính đến 25/12/2025, Ban Chỉ đạo đã giao 309 nhiệm vụ, trong đó: 189 nhiệm vụ đã hoàn thành (61%); "
        "93 nhiệm vụ đang thực hiện theo tiến độ (30%); 27 nhiệm vụ đang thực hiện quá hạn (9%).")
    without_owner = ProgrammeStats.of(Programme("cds", "Đề án", (report,)))
    assert stats_page(without_owner).headline.startswith(f"Tính đến 25/12/2025, đã giao 309{NB}nhiệm{NB}vụ, ")


def test_each_report_knows_the_one_before_it():
    """`so_sanh(report)` in a bulletin is given only its report: the previous one travels with it."""
    from bantin.figures.stats import previous_of

    reports = [Report(dt.date(2025, month, 28), TaskCounts(month, 1, 0)) for month in (3, 6, 9)]
    stats = ProgrammeStats.of(Programme("p", "P", tuple(reports)))
    assert [previous_of(r) for r in stats.reports] == [None, stats.reports[0], stats.reports[1]]
    assert stats.reports[2].tasks.delta["completed"] == 3
