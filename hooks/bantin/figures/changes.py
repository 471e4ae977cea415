"""The change since the previous report, in Vietnamese prose.

`So với kỳ báo cáo 30/9/2025, số nhiệm vụ được giao tăng 9 nhiệm vụ (từ 300 lên 309); theo tình trạng: đã hoàn
thành tăng 12 nhiệm vụ (từ 177 lên 189), đang thực hiện theo tiến độ giữ nguyên (93 nhiệm vụ), …`.
The sentence patterns are data (wording.PageWording: `data/wording.yml`, a
programme's `wording:`), each figure is in Vietnamese form (`vi`). The statistics page shows it (content), a
bulletin writes `{{ so_sanh(report) }}`, always against the programme's report before the bulletin's own.
Documented in docs/huong-dan/du-lieu.md.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ..common import vi
from ..common.errors import listing
from ..common.hints import suggestion
from ..schema.figures import Wording
from .model import STATUSES, Number, TaskCounts
from .stats import IndicatorStats, ReportStats, TaskStats, previous_of, report_wording
from .wording import PageWording, fill, page_wording

TASK_UNIT = "nhiệm vụ"
TASKS, INDICATORS = "nhiem_vu", "chi_tieu"  # what `so_sanh(report, "…")` may pick, besides an indicator's id


def completion_rate(tasks: TaskStats | TaskCounts) -> Decimal | None:
    """Completed tasks in percent of those assigned, one decimal, half-up (`61,2`): the change of a whole
    percent would hide the work of a quarter (61% → 61%)."""
    if not tasks.assigned:
        return None
    return vi.round_half_up(Decimal(tasks.completed) * 100 / tasks.assigned, 1)


class _Writer:
    """Fills the patterns of one programme. `keep_together`: a figure never splits from its unit (no-break
    spaces), as on the statistics pages; a bulletin keeps ordinary spaces, as `tom_tat` does."""

    def __init__(self, wording: PageWording, keep_together: bool):
        self.w, self.keep_together = wording, keep_together

    def join(self, *parts: str | None) -> str:
        given = tuple(part for part in parts if part)
        return vi.together(*given) if self.keep_together else " ".join(given)

    def measure(self, figure: str, unit: str) -> str:
        return vi.with_unit(figure, unit) if self.keep_together else f"{figure} {unit}"

    def compare(self, name: str, before: Number, after: Number, before_text: str, after_text: str,
                points: bool = False, amount: str | None = None, unit: str | None = None) -> str:
        """`{ten} tăng {muc} (từ {truoc} lên {sau})`, its `giảm` or `giữ nguyên` form. A count carries its `unit`
        once: `tăng 9 nhiệm vụ (từ 300 lên 309)`, `giữ nguyên (93 nhiệm vụ)`."""
        w, change = self.w, after - before
        if change == 0:
            return fill(w.change_same, ten=name, sau=self.measure(after_text, unit) if unit else after_text)
        if points:
            pattern = w.change_points_up if change > 0 else w.change_points_down
        else:
            pattern = w.change_up if change > 0 else w.change_down
        amount = amount or vi.number(change if change > 0 else -change)
        return fill(pattern, ten=name, muc=self.measure(amount, unit) if unit else amount, truoc=before_text,
                    sau=after_text)

    def subject(self, pattern: str, name: str) -> str:
        """`số {chi_tieu}` with the indicator's name; a name that already starts so (`Số văn bản…`, `Tỷ lệ hồ sơ…`)
        is not said twice."""
        name = vi.lower_first(name)
        head = pattern.split("{", 1)[0]
        if head.strip() and name.lower().startswith(head.lower()):
            pattern = pattern[len(head):]
        return fill(pattern, chi_tieu=name)


def task_changes(report: ReportStats, keep_together: bool = False) -> list[str]:
    """The tasks assigned, each status and the completion rate, against the previous report; [] when there is
    no previous report or one of the two has no task figures."""
    previous = previous_of(report)
    if previous is None or report.tasks is None or previous.tasks is None:
        return []
    return counts_changes(previous.tasks, report.tasks, report_wording(report), keep_together)


def counts_changes(before: TaskStats | TaskCounts, now: TaskStats | TaskCounts, wording: Wording,
                   keep_together: bool = False) -> list[str]:
    """Two reports' task counts compared, in `wording`'s patterns: a programme's, or one unit's (`by_unit:`)."""
    wording = page_wording(wording)
    write, number = _Writer(wording, keep_together), vi.number
    parts = [write.compare(wording.change_assigned, before.assigned, now.assigned,
                           number(before.assigned), number(now.assigned), unit=TASK_UNIT)]
    by_status = []
    for status in STATUSES:
        name = fill(wording.change_status, tinh_trang=vi.lower_first(wording.of_status(status)))
        old, new = getattr(before, status), getattr(now, status)
        by_status.append(write.compare(name, old, new, number(old), number(new), unit=TASK_UNIT))
    # One subject for the three statuses, not `số nhiệm vụ` four times in a sentence.
    parts.append(fill(wording.change_by_status, noi_dung=", ".join(by_status)))
    old_rate, new_rate = completion_rate(before), completion_rate(now)
    if old_rate is not None and new_rate is not None:
        # Both rates at one decimal, zeros kept (`từ 59,0% lên 61,2%`): the rate is the exact one on a page that
        # also shows whole percents, and its name (`change_rate`) says so.
        parts.append(write.compare(wording.change_rate, old_rate, new_rate, vi.fixed(old_rate, 1) + "%",
                                   vi.fixed(new_rate, 1) + "%", points=True,
                                   amount=number(abs(new_rate - old_rate), 1)))
    return parts


def indicator_change(item: IndicatorStats, before: IndicatorStats, write: _Writer) -> str | None:
    """One indicator against its previous figure; None when they cannot be compared (another unit, or the same
    figure with another qualifier: `gần 160.000` then `trên 160.000`)."""
    if item.unit != before.unit:
        return None
    w, percent = write.w, item.unit == "%"
    name = write.subject(w.change_percent if percent else w.change_count, item.name)

    def shown(value: Number, qualifier: str | None, with_unit: bool) -> str:
        figure = vi.percent(value) if percent else vi.number(value)
        if with_unit and not percent:
            figure = write.measure(figure, item.unit)
        return write.join(qualifier, figure)

    before_text = shown(before.actual, before.qualifier, False)
    if item.qualifier or before.qualifier:  # a bound, not a count: no exact amount of change
        after_text = shown(item.actual, item.qualifier, True)
        if item.actual == before.actual:
            return fill(w.change_same, ten=name, sau=after_text) if item.qualifier == before.qualifier else None
        pattern = w.change_approx_up if item.actual > before.actual else w.change_approx_down
        return fill(pattern, ten=name, truoc=before_text, sau=after_text)
    return write.compare(name, before.actual, item.actual, before_text, shown(item.actual, None, False),
                         points=percent, unit=None if percent else item.unit)


def indicator_changes(report: ReportStats, keep_together: bool = False,
                      ids: tuple[str, ...] | None = None) -> list[str]:
    """Each indicator the previous report also has, in the order of the report."""
    previous = previous_of(report)
    if previous is None:
        return []
    pairs = [(item, previous.indicators.get(id_)) for id_, item in report.indicators.items()
             if ids is None or id_ in ids]
    return indicators_changes(pairs, report_wording(report), keep_together)


def indicators_changes(pairs: list[tuple[IndicatorStats, IndicatorStats | None]], wording: Wording,
                       keep_together: bool = False) -> list[str]:
    """(now, before) pairs compared, those with a previous figure only: a programme's, or one unit's."""
    write = _Writer(page_wording(wording), keep_together)
    found = (indicator_change(item, before, write) for item, before in pairs if before is not None)
    return [part for part in found if part]


def sentence(report: ReportStats, parts: list[str]) -> str:
    """`So với kỳ báo cáo 30/9/2025, …; ….`; "" with nothing to compare (a first report)."""
    previous = previous_of(report)
    if previous is None:
        return ""
    return worded(report_wording(report), previous.as_of, parts)


def worded(wording: Wording, previous_as_of: dt.date, parts: list[str]) -> str:
    """The changes since the report of `previous_as_of` in the sentence pattern; "" when there are none."""
    if not parts:
        return ""
    pattern = page_wording(wording).change_sentence
    return vi.upper_first(fill(pattern, ngay=vi.date(previous_as_of), noi_dung="; ".join(parts)))


def task_sentence(report: ReportStats, keep_together: bool = False) -> str:
    return sentence(report, task_changes(report, keep_together))


def indicator_sentence(report: ReportStats, keep_together: bool = False) -> str:
    return sentence(report, indicator_changes(report, keep_together))


def so_sanh(report: ReportStats, phan: str | None = None) -> str:
    """`{{ so_sanh(report) }}` in a bulletin: the change of the tasks and indicators since the report before
    the bulletin's own; `so_sanh(report, "nhiem_vu")` the tasks only, `"chi_tieu"` the indicators only, or an
    indicator's id that one only. Prints nothing for a first report."""
    if not isinstance(report, ReportStats):
        raise ValueError("so_sanh cần một kỳ báo cáo: viết so_sanh(report)")
    if phan is None:
        return sentence(report, task_changes(report) + indicator_changes(report))
    if phan == TASKS:
        return sentence(report, task_changes(report))
    if phan == INDICATORS:
        return sentence(report, indicator_changes(report))
    if phan in report.indicators:
        return sentence(report, indicator_changes(report, ids=(phan,)))
    choices = (TASKS, INDICATORS, *report.indicators)
    raise ValueError(f"so_sanh: không có phần '{phan}'{suggestion(str(phan), choices)}; viết so_sanh(report), "
                     f"so_sanh(report, \"{TASKS}\"), so_sanh(report, \"{INDICATORS}\") hoặc so_sanh(report, "
                     f"\"<mã chỉ tiêu>\")" + listing(f"các chỉ tiêu của kỳ {vi.date(report.as_of)}", report.indicators,
                                                     "kỳ này không có chỉ tiêu nào"))
