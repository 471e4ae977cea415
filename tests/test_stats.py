import datetime as dt
import random
from decimal import Decimal

from bantin.model import Indicator, Programme, Report, Task, TaskCounts, tasks_on
from bantin.stats import ProgrammeStats, whole_percents


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
        for count, share in zip(counts, shares):
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
    assert (latest.tasks.assigned, latest.tasks.completed, latest.tasks.on_schedule, latest.tasks.overdue) == (3, 1, 1, 1)
    assert latest.tasks.delta == {"assigned": 1, "completed": 1, "on_schedule": -1, "overdue": 1}
    assert latest.tasks.percent == {"completed": 34, "on_schedule": 33, "overdue": 33}
