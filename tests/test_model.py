import datetime as dt

import pytest

from bantin.common.periods import Quarter
from bantin.figures.model import Task, TaskCounts, tasks_on

AS_OF = dt.date(2025, 12, 25)


@pytest.mark.parametrize("due, done, status", [
    (dt.date(2025, 12, 1), dt.date(2025, 11, 30), "completed_on_time"),
    (dt.date(2025, 12, 1), dt.date(2025, 12, 1), "completed_on_time"),
    (dt.date(2025, 12, 1), dt.date(2025, 12, 2), "completed_late"),
    (dt.date(2025, 12, 25), None, "on_schedule"),   # due on the report's day: still on schedule
    (dt.date(2026, 3, 31), None, "on_schedule"),
    (dt.date(2025, 12, 24), None, "overdue"),
    (Quarter(2025, 4), None, "on_schedule"),         # a quarter runs to its last day
    (Quarter(2025, 3), None, "overdue"),
])
def test_status_from_as_of(due, done, status):
    assert Task("t", due, done).status(AS_OF) == status


def test_status_never_uses_the_build_date():
    task = Task("t", dt.date(2020, 6, 30))
    assert task.status(dt.date(2020, 6, 1)) == "on_schedule"   # an old bulletin keeps its history
    assert task.status(dt.date(2020, 7, 1)) == "overdue"


def test_counts_of_tasks():
    tasks = (
        Task("a", dt.date(2025, 10, 1), dt.date(2025, 9, 1)),
        Task("b", dt.date(2025, 10, 1), dt.date(2025, 11, 1)),
        Task("c", dt.date(2026, 1, 1)),
        Task("d", dt.date(2025, 12, 1)),
        Task("e", dt.date(2025, 11, 1)),
    )
    counts = TaskCounts.of_tasks(tasks, AS_OF)
    assert (counts.completed, counts.completed_on_time, counts.completed_late) == (2, 1, 1)
    assert (counts.on_schedule, counts.overdue, counts.assigned) == (1, 2, 5)


def test_quarter_last_day():
    assert Quarter(2026, 1).last_day == dt.date(2026, 3, 31)
    assert Quarter(2024, 4).last_day == dt.date(2024, 12, 31)


@pytest.mark.parametrize("due, status", [(dt.date(2025, 12, 31), "on_schedule"), (dt.date(2025, 12, 1), "overdue")])
def test_done_after_the_report_is_not_done_yet(due, status):
    assert Task("t", due, dt.date(2026, 1, 5)).status(AS_OF) == status


def test_a_task_as_a_report_knew_it():
    later = Task("t", dt.date(2026, 3, 31), ngay_giao=dt.date(2026, 1, 1))
    done_later = Task("t", dt.date(2026, 3, 31), dt.date(2026, 2, 1), chu_tri="Văn phòng")
    assert later.seen_on(AS_OF) is None
    assert later.seen_on(dt.date(2026, 1, 1)) is later               # assigned on the report's day: counted
    assert done_later.seen_on(AS_OF) == Task("t", dt.date(2026, 3, 31), chu_tri="Văn phòng")
    assert done_later.seen_on(dt.date(2026, 2, 1)) is done_later     # done on the report's day: done


def test_counts_of_one_list_on_two_dates():
    tasks = (
        Task("a", dt.date(2025, 10, 31), dt.date(2025, 10, 31)),      # done on its due date: on time
        Task("b", dt.date(2025, 9, 30), dt.date(2025, 11, 15)),       # done between the two dates, late
        Task("c", dt.date(2025, 12, 1)),
        Task("d", dt.date(2026, 6, 30), ngay_giao=dt.date(2025, 11, 1)),
    )
    first = TaskCounts.of_tasks(tasks, dt.date(2025, 9, 30))
    second = TaskCounts.of_tasks(tasks, AS_OF)
    assert (first.assigned, first.completed, first.on_schedule, first.overdue) == (3, 0, 3, 0)
    assert (second.assigned, second.completed_on_time, second.completed_late, second.on_schedule,
            second.overdue) == (4, 1, 1, 1, 1)
    assert tasks_on(tasks, dt.date(2025, 9, 30)) == (Task("a", dt.date(2025, 10, 31)),
                                                     Task("b", dt.date(2025, 9, 30)), tasks[2])
