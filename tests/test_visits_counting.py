import datetime as dt

from bantin.visits.counting import Aggregates, Ingest, VisitorState
from bantin.visits.summary import figures
from visitlogs import ARTICLE, PHONE, at, line

DAY = "2025-12-30"
PAGES = frozenset({"/", ARTICLE})
NOW = at("2025-12-31", "12:00:00")


def ingest(lines, agg=None, state=None, today=None, now=NOW):
    agg = agg if agg is not None else Aggregates()
    state = state if state is not None else VisitorState()
    summary = Ingest(agg, state, PAGES, now=now).run(lines, today)
    return agg, state, summary


def test_thirty_minute_rule():
    lines = [line(at(DAY, "08:00:00")), line(at(DAY, "08:30:00"), "/"),   # gap of exactly 30 min: same visit
             line(at(DAY, "09:00:01")),                                     # gap 30 min 1 s: a new visit
             line(at(DAY, "09:10:00"), ip="14.160.0.2")]                     # another visitor
    agg, _, summary = ingest(lines)
    assert (summary.visits, summary.views) == (3, 4)
    assert (agg.days[dt.date(2025, 12, 30)].visits, agg.days[dt.date(2025, 12, 30)].views) == (3, 4)
    assert agg.pages == {ARTICLE: 3, "/": 1}


def test_same_ip_other_browser_is_another_visitor():
    agg, _, _ = ingest([line(at(DAY, "08:00:00")), line(at(DAY, "08:01:00"), agent=PHONE)])
    assert agg.days[dt.date(2025, 12, 30)].visits == 2


def test_days_run_in_vietnam_time():
    utc = dt.timezone.utc
    lines = [line(at("2025-12-29", "16:59:59", utc)),   # 23:59:59 on the 29th in Hà Nội
             line(at("2025-12-29", "17:00:00", utc))]   # 00:00:00 on the 30th: same reader, new day
    agg, _, _ = ingest(lines)
    assert {d.isoformat(): c.visits for d, c in agg.days.items()} == {"2025-12-29": 1, "2025-12-30": 1}


def test_new_day_forgets_yesterdays_key_and_hashes():
    _, state, _ = ingest([line(at("2025-12-29", "23:50:00")), line(at(DAY, "00:10:00"))])
    assert list(state.days) == [dt.date(2025, 12, 30)]


def test_bots_errors_assets_and_head_do_not_count():
    lines = [line(at(DAY, "08:00:00"), agent="Googlebot/2.1"), line(at(DAY, "08:00:01"), status=404),
             line(at(DAY, "08:00:02"), "/assets/x.js"), line(at(DAY, "08:00:03"), method="HEAD"),
             line(at(DAY, "08:00:04"))]
    agg, _, summary = ingest(lines + ["not a log line"])
    assert (summary.views, summary.bots, summary.not_pages, summary.malformed) == (1, 1, 3, 1)
    assert agg.days[dt.date(2025, 12, 30)].views == 1


def test_future_line_is_skipped_and_moves_nothing():
    now = at(DAY, "09:00:00")
    lines = [line(at(DAY, "08:00:00")), line(at("2099-01-01", "00:00:00")),
             line(at(DAY, "09:10:00"), "/"),            # ten minutes ahead: a clock a little off
             line(at(DAY, "09:10:01"), ip="8.8.8.8")]   # beyond: skipped
    agg, state, summary = ingest(lines, now=now)
    assert (summary.views, summary.future) == (2, 2)
    assert agg.updated == at(DAY, "09:10:00") and list(state.days) == [dt.date(2025, 12, 30)]
    _, _, later = ingest([line(at(DAY, "09:20:00"), ip="8.8.8.8")], agg, state, now=at(DAY, "09:20:00"))
    assert (later.views, later.visits, agg.days[dt.date(2025, 12, 30)].views) == (1, 1, 3)


def test_paths_outside_the_site_are_one_number():
    lines = [line(at(DAY, "08:00:00"), "/" + "a" * 4000 + "/../"), line(at(DAY, "08:00:01"), "//////"),
             line(at(DAY, "08:00:02"), "/./"), line(at(DAY, "08:00:03"), "/khong-co/"),
             line(at(DAY, "08:00:04"), "/404.html"), line(at(DAY, "08:00:05"), ARTICLE + "index.html?a=1")]
    agg, _, summary = ingest(lines)
    assert (summary.views, summary.visits, summary.unknown) == (4, 1, 2)
    assert agg.pages == {"/": 3, ARTICLE: 1}


def test_hashes_of_finished_visits_are_forgotten():
    lines = [line(at(DAY, "08:00:00"), ip="1.1.1.1"), line(at(DAY, "08:29:00"), ip="2.2.2.2"),
             line(at(DAY, "08:40:00"), ip="3.3.3.3")]
    _, state, _ = ingest(lines)
    assert len(state.days[dt.date(2025, 12, 30)].last_seen) == 2   # 1.1.1.1 can only start a new visit


def test_mark_of_old_files_is_used_once():
    agg = Aggregates(legacy_until=at(DAY, "08:00:00"))
    _, _, summary = ingest([line(at(DAY, "07:59:00")), line(at(DAY, "08:00:00")), line(at(DAY, "08:01:00"))], agg)
    assert (summary.already_counted, summary.views, agg.legacy_until) == (2, 1, None)


def test_visit_spanning_two_ingests_counts_once():
    agg, state, _ = ingest([line(at(DAY, "08:00:00"))])
    _, _, summary = ingest([line(at(DAY, "08:20:00"), "/")], agg, state)
    assert (summary.views, summary.visits) == (1, 0)
    assert agg.days[dt.date(2025, 12, 30)].visits == 1


def test_online_is_last_five_minutes_of_newest_line():
    lines = [line(at(DAY, "08:00:00"), ip="1.1.1.1"), line(at(DAY, "08:26:00"), ip="2.2.2.2"),
             line(at(DAY, "08:29:00"), ip="3.3.3.3"), line(at(DAY, "08:31:00"), "/assets/a.css", ip="4.4.4.4")]
    agg, _, _ = ingest(lines)
    assert agg.online == 2          # 08:26 and 08:29 are within 5 minutes of 08:31
    assert agg.updated == at(DAY, "08:31:00")


def test_state_holds_no_address_or_agent():
    _, state, _ = ingest([line(at(DAY, "08:00:00"), ip="203.113.1.10")])
    (visitors,) = state.days.values()
    (visitor,) = visitors.last_seen
    assert "203.113" not in visitor and "Mozilla" not in visitor and len(visitor) == 20


def test_figures_relative_to_newest_line():
    agg = Aggregates(total_before=390224)
    ingest([line(at("2025-12-01", "09:00:00")), line(at("2025-12-29", "09:00:00")),
            line(at("2025-11-30", "09:00:00"), ip="9.9.9.9"),
            line(at(DAY, "09:00:00")), line(at(DAY, "09:00:00"), ip="8.8.8.8")], agg)
    f = figures(agg)
    assert (f.today, f.yesterday, f.month, f.total) == (2, 1, 4, 390229)
