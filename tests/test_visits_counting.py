import datetime as dt
from collections import Counter

from bantin.visits.clock import local
from bantin.visits.counting import FUTURE_SLACK, Aggregates, Ingest, VisitorState, visitor_id
from bantin.visits.logs import parse
from bantin.visits.rules import bot_agent, bot_pattern, request_page
from bantin.visits.summary import figures
from visitlogs import ARTICLE, FIREFOX, PHONE, at, line

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
    utc = dt.UTC
    lines = [line(at("2025-12-29", "16:59:59", utc)),   # 23:59:59 on the 29th in Hà Nội
             line(at("2025-12-29", "17:00:00", utc))]   # 00:00:00 on the 30th: same reader, new day
    agg, _, _ = ingest(lines)
    assert {d.isoformat(): c.visits for d, c in agg.days.items()} == {"2025-12-29": 1, "2025-12-30": 1}


def test_new_day_forgets_yesterdays_key_and_hashes_an_hour_after_midnight():
    _, state, _ = ingest([line(at("2025-12-29", "23:50:00")), line(at(DAY, "01:00:00"))])
    assert list(state.days) == [dt.date(2025, 12, 30)]
    _, state, _ = ingest([line(at("2025-12-29", "23:50:00")), line(at(DAY, "00:59:59"))])
    assert list(state.days) == [dt.date(2025, 12, 29), dt.date(2025, 12, 30)]


def test_each_day_hashes_with_its_own_key():
    # The line out of order: yesterday's key is still kept, its visit already counted.
    _, state, summary = ingest([line(at("2025-12-29", "23:50:00")), line(at(DAY, "00:10:00")),
                                line(at("2025-12-29", "23:55:00"))])
    assert summary.visits == 2 and len(state.days) == 2
    for visitors in state.days.values():
        assert set(visitors.last_seen) == {visitor_id(visitors.key, "203.113.1.10", FIREFOX)}


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
    # Kept 30 minutes (the visit) and an hour more (lines out of order): 1.1.1.1 can only start a new visit.
    lines = [line(at(DAY, "08:00:00"), ip="1.1.1.1"), line(at(DAY, "08:01:00"), ip="2.2.2.2"),
             line(at(DAY, "09:31:00"), ip="3.3.3.3")]
    _, state, _ = ingest(lines)
    assert len(state.days[dt.date(2025, 12, 30)].last_seen) == 2


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


def naive(lines, now=NOW):
    """The counting rules applied line by line with the per-hit functions, remembering only each reader's last
    view. The counter works out each second, request, agent and reader once: it must count the same."""
    skipped, views, visits, last, newest = Counter(), Counter(), Counter(), {}, None
    for text in filter(str.strip, lines):
        hit = parse(text)
        page = hit and request_page(hit.method, hit.target, hit.status)
        if hit is None or hit.time > now + FUTURE_SLACK:
            skipped["malformed" if hit is None else "future"] += 1
            continue
        newest = max(hit.time, newest or hit.time)
        if page is None or bot_agent(hit.agent, bot_pattern()) or page not in PAGES:
            skipped["not_pages" if page is None else "bots" if bot_agent(hit.agent, bot_pattern()) else "unknown"] += 1
        else:
            reader = (local(hit.time).date(), hit.ip, hit.agent)
            visits[reader[0]] += reader not in last or hit.time - last[reader] > dt.timedelta(minutes=30)
            last[reader] = max(hit.time, last.get(reader, hit.time))
            views[page] += 1
    return skipped, views, visits, newest


def test_lines_count_as_each_would_alone():
    when = [at(DAY, f"08:{m:02d}:00") for m in range(60)]
    bot = 'Mozilla/5.0 \\"Googlebot/2.1\\" (+http://www.google.com/bot.html)'
    escaped = 'Mozilla/5.0 (Linux; Android 14) \\"Zalo\\" Mobile'
    lines = [
        line(when[0], ARTICLE + "index.html?utm_source=zalo&x=/a/"),      # a page by its index.html, with a query
        line(when[0], "/tin-tuc/%68oi-nghi-so-ket-quy-3/"),  # percent-encoded: the same page
        line(when[1], "/assets/app.css?v=/"), line(when[1], "/assets/app.js/../../"),  # an asset; the home page
        line(when[2], "/visits.json"), line(when[2], "/", method="HEAD"), line(when[2], "/", method="POST"),
        line(when[3], "/", status=304), line(when[3], "/", status=404), line(when[3], "/", status=301),
        line(when[4], "/", agent=bot), line(when[4], "/", agent="curl/8.5.0"), line(when[4], "/", agent="-"),
        line(when[5], "/", agent=escaped), line(when[6], ARTICLE, agent=escaped),   # escaped quotes: one reader
        line(when[7], "/").rsplit(' "', 2)[0],                                # no referer nor agent: a robot
        line(when[7], "/")[:-1],                                              # agent not closed: none
        line(when[8], "/khong-co/"), line(when[8], "/404.html"), line(when[8], ARTICLE.replace("/", "//", 2) + "./"),
        line(when[9], "/").replace("+0700", "+07:00"),                       # read by strptime, not the fast way
        line(when[9], "/", ip="14.160.0.2").replace("30/Dec", "30/dec"),
        line(at(DAY, "01:09:00", dt.UTC), "/", ip="14.160.0.2"),   # the same second, written in UTC
        line(at(DAY, "08:09:00").replace(day=3), "/", ip="9.9.9.9").replace("03/Dec", "3/Dec"),  # another day
        line(when[10]).replace(":00 +0700", ":60 +0700"), line(when[10]).replace("Dec", "Foo"),
        line(when[10]).replace(" 200 ", " ٢٠٠ "),                           # status in other digits: as int() reads it
        line(at("2099-01-01", "00:00:00")), "garbage", "", "   ", "\x16\x03\x01",
        line(when[45], "/"), line(when[59], "/", ip="14.160.0.2"),           # gaps over 30 minutes: new visits
        line(at(DAY, "01:59:00", dt.UTC), "/", ip="14.160.0.2"),  # the same view again, in UTC
    ]
    agg, state, summary = ingest(lines)
    skipped, views, visits, newest = naive(lines)
    assert (summary.lines, summary.views, summary.visits, summary.not_pages, summary.bots, summary.unknown,
            summary.future, summary.malformed) == (33, 15, 6, 6, 5, 2, 1, 4)
    assert {name: getattr(summary, name) for name in skipped} == skipped
    assert (agg.pages, summary.views) == (views, sum(views.values()))
    assert {day: counts.visits for day, counts in agg.days.items()} == visits
    assert (agg.updated, agg.updated.utcoffset()) == (newest, newest.utcoffset()) == (when[59], dt.timedelta(0))
    # Readers seen in the last 90 minutes (all of this day's three), hashed with the day's key.
    visitors = state.days[dt.date(2025, 12, 30)]
    last_seen = {ip: visitors.last_seen.get(visitor_id(visitors.key, ip, FIREFOX))
                 for ip in ("203.113.1.10", "14.160.0.2")}
    assert (len(visitors.last_seen), last_seen) == (3, {"203.113.1.10": when[45], "14.160.0.2": when[59]})
    assert last_seen["14.160.0.2"].utcoffset() == dt.timedelta(0)  # times as the newest line wrote them
