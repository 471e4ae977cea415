"""`make bench` guards: its generators make what the bench claims, its table shows what it measured.

Fast (a few seconds, one small real build); no timing is asserted, only shapes.
"""
import os
import re
import sys

import yaml

from sitebuild import DEMO, REPO, build_env, mkdocs_build

sys.path.insert(0, str(REPO / "bench"))
import accesslog  # noqa: E402
import builds  # noqa: E402
import content  # noqa: E402
import measure  # noqa: E402
import national
import preview  # noqa: E402
import projects  # noqa: E402
import units  # noqa: E402
from table import COLUMNS, Row, format_table  # noqa: E402

CATEGORIES = content.category_ids(DEMO / "data" / "site.yml")
COMBINED = re.compile(r'^(\S+) - - \[(\d\d/\w{3}/\d{4}):\d\d:\d\d:\d\d \+0700\] "(\S+) (\S+) HTTP/1\.1" '
                      r'(\d{3}) (\d+) "([^"]*)" "([^"]+)"$')


def front_matter(text: str) -> tuple[dict, str]:
    _, head, body = text.split("---\n", 2)
    return yaml.safe_load(head), body


def test_bulletins_have_bantin_front_matter_and_seed_prose():
    items = content.bulletins(3, CATEGORIES)
    assert len({item.name for item in items}) == 3
    paragraphs = content.seed_paragraphs()
    for index, item in enumerate(items):
        meta, body = front_matter(item.text)
        assert set(meta) == {"title", "date", "category", "tags", "summary"}
        assert meta["category"] in CATEGORIES
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", meta["date"])
        assert item.name.startswith(meta["date"][:10]) and item.name.endswith(f"-{index + 1:05d}.md")
        blocks = body.strip().split("\n\n")
        prose = [block for block in blocks if not block.startswith("|")]
        assert len(prose) == content.PARAGRAPHS_PER_BULLETIN and all(p in paragraphs for p in prose)
        assert (len(blocks) > len(prose)) == (index % content.TABLE_EVERY == 0)  # the table
    assert content.bulletins(3, CATEGORIES) == items  # the same files for every peer and every run


def test_dates_spread_over_years():
    items = content.bulletins(40, CATEGORIES)
    years = {front_matter(item.text)[0]["date"][:4] for item in items}
    assert len(years) >= 5


def test_bantin_builds_the_generated_bulletins(tmp_path):
    items = content.bulletins(3, CATEGORIES)
    project = projects.bantin(tmp_path / "p", items)
    result = mkdocs_build(project, tmp_path / "site", build_env(search=False))
    assert result.returncode == 0, result.stderr
    for item in items:
        page = tmp_path / "site" / projects.bulletin_url("bantin", item.name).strip("/") / "index.html"
        assert front_matter(item.text)[0]["title"] in page.read_text(encoding="utf-8")
    logged = []
    alone = builds._index_alone(tmp_path / "site", 3, logged.append)
    assert alone.case == builds.INDEX_ALONE and alone.run.ok and alone.run.cpu_seconds > 0, alone.run.stderr
    assert logged[0].startswith("build pagefind-alone 3: ")
    assert not (tmp_path / "site/pagefind").exists(), "the site stays the search-off one"


def test_the_search_peer_builds_plain_mkdocs_then_indexes_it_with_pagefind(tmp_path):
    import json
    import subprocess

    project = builds.make_project(builds.SEARCH_PEER, tmp_path / "p", content.bulletins(3, CATEGORIES))
    cmd, env = builds.command(builds.SEARCH_PEER, project, tmp_path / "site")
    done = subprocess.run(cmd, env=env, cwd=project, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    entry = json.loads((tmp_path / "site/pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert [language["page_count"] for language in entry["languages"].values()] == [3 + 2]  # + home, 404


def test_hugo_gets_the_same_bulletins_with_dates_it_reads():
    item = content.bulletins(1, CATEGORIES)[0]
    dated = projects.hugo_dated(item)
    assert re.search(r"^date: \d{4}-\d\d-\d\dT\d\d:\d\d:00\+07:00$", dated.text, re.MULTILINE)
    assert dated.text.split("---\n", 2)[2] == item.text.split("---\n", 2)[2]


def test_access_log_shape(tmp_path):
    pages = ["/", "/chuyen-muc/thong-bao/", *(f"/tin-tuc/ban-tin-{n}/" for n in range(50))]
    files = accesslog.SiteFiles(pages, ["/assets/bantin.abc.css", "/assets/javascripts/bantin.def.js"],
                                ["/assets/banners/a.svg"])
    path = accesslog.write_log(tmp_path / "access.log", files, 1000, visitors=200)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1000
    parsed = [COMBINED.match(line) for line in lines]
    assert all(parsed), next(line for line, match in zip(lines, parsed, strict=True) if not match)
    assert {m.group(2) for m in parsed} == {f"{accesslog.DAY:%d/%b/%Y}"}  # one day
    robots = ("bot", "facebookexternalhit", "curl", "python-requests", "HeadlessChrome", "zgrab", "Uptime", "Feedly")
    views = [m for m in parsed if m.group(3) == "GET" and m.group(5) in ("200", "304")
             and m.group(4).split("?")[0] in pages and not any(r in m.group(8) for r in robots)]
    assert 0.62 <= len(views) / len(lines) <= 0.78
    assert sum(m.group(5) == "404" for m in parsed) >= 20
    assert sum(any(r in m.group(8) for r in robots) for m in parsed) >= 50
    assert len({(m.group(1), m.group(8)) for m in views}) >= 50  # many visitors


def test_table_has_every_column_and_ratio():
    rows = [Row("Build", "plain MkDocs + Material (peer)", "500 bulletins", 4.5, "9.0 ms/bulletin", "1.00 (peer)",
                48.2),
            Row("Build", "bantin, search off", "500 bulletins", 5.4, "10.8 ms/bulletin", "1.20× plain MkDocs", 61,
                "≤ 1.00× plain", False),
            Row("Build", "Hugo", "500 bulletins", note="not installed")]
    text = format_table(rows)
    header, rule, *body = text.splitlines()
    assert [cell.strip() for cell in header.strip("|").split("|")] == list(COLUMNS)
    assert len(body) == 3 and all(line.count("|") == len(COLUMNS) + 1 for line in [rule, *body])
    assert "1.20× plain MkDocs" in body[1] and "**no**" in body[1] and " 61 " in body[1]
    assert "not installed" in body[2]


def test_build_rows_ratio_to_plain_mkdocs_and_flatness():
    def build(case, size, seconds, mb=100.0):
        return builds.Build(case, size, measure.Run(seconds, mb, 0, "", cpu_seconds=seconds * 0.9))
    found = [build("plain", 500, 5.0), build("bantin-off", 500, 4.0), build("plain", 4000, 40.0),
             build("bantin-off", 4000, 48.0, 700.0), builds.Build("hugo", 500, None)]
    rows = {(row.measure, row.case, row.size): row for row in builds.rows(found)}
    small = rows["Build", builds.CASES["bantin-off"], "500 bulletins"]
    large = rows["Build", builds.CASES["bantin-off"], "4,000 bulletins"]
    assert small.ratio.startswith("0.80× plain MkDocs (CPU ") and small.met is True
    assert large.ratio.startswith("1.20× plain MkDocs") and large.met is False and "600 MB" in large.target
    flat = rows["Build: per-bulletin cost flat", builds.CASES["bantin-off"], "500 → 4,000"]
    assert flat.ratio.startswith("1.50× at 4,000 ÷ at 500")
    assert rows["Build", builds.CASES["hugo"], "500 bulletins"].note == "not installed"


def test_the_floor_of_a_full_build_is_its_cpu_over_the_cores():
    def build(case, seconds, cpu):
        return builds.Build(case, 1000, measure.Run(seconds, 100.0, 0, "", cpu_seconds=cpu))
    found = [build("plain", 2.0, 2.0), build("bantin-off", 1.8, 3.0), build(builds.INDEX_ALONE, 2.2, 2.4)]
    assert [row.case for row in builds.rows(found) if row.measure == "Build with search"] == [
        f"floor of bantin full: (search off + Pagefind alone) CPU ÷ {len(os.sched_getaffinity(0))} cores"]
    floor, = builds._floor(found, cores=2)
    assert (floor.size, floor.seconds, floor.ratio) == ("1,000 bulletins", 2.7, "≥ 1.35× plain MkDocs")
    assert builds._floor(found, cores=4)[0].ratio == "≥ 0.68× plain MkDocs"
    assert builds._floor(found[:2]) == [], "no floor without Pagefind alone"


def test_the_full_build_against_the_peer_with_search():
    def build(case, size, seconds):
        return builds.Build(case, size, measure.Run(seconds, 100.0, 0, "", cpu_seconds=seconds * 1.5))
    found = [build("plain", 500, 4.0), build("bantin-full", 500, 6.0), build(builds.SEARCH_PEER, 500, 8.0),
             build("bantin-full", 1000, 9.0)]
    searched = [row for row in builds.rows(found) if row.measure == "Build with search"]
    assert [(row.size, row.ratio, row.met) for row in searched] == [
        ("500 bulletins", "0.75× plain MkDocs + Pagefind (CPU 0.75×)", None)]  # 1,000: no peer measured
    assert searched[0].case == "bantin full (with Pagefind) ÷ plain MkDocs + Material, then Pagefind (peer with search)"


def test_a_child_that_stops_working_is_reported_hung(monkeypatch):
    monkeypatch.setattr(measure, "STALL_SECONDS", 1.0)
    run = measure.run(["sleep", "60"])
    assert run.hung and not run.ok and run.seconds < 10
    done = measure.run([sys.executable, "-c", "print('x')"])
    assert done.ok and done.peak_mb > 1


def test_preview_finds_what_it_edits_in_the_demo():
    """The data edit changes an indicator of the latest report, which a demo bulletin quotes."""
    text = (DEMO / "data" / "programmes" / f"{preview.PROGRAMME}.yml").read_text(encoding="utf-8")
    start, end = preview.latest_report(text)
    assert preview.ACTUAL.search(text, start, end)
    assert preview.quoting_bulletin(DEMO).startswith("/tin-tuc/")


def test_national_units_add_up_and_name_every_level(tmp_path):
    data = tmp_path / "data"
    (data / "programmes").mkdir(parents=True)
    assert national.write(tmp_path) == 3355
    listed = yaml.safe_load((data / "units.yml").read_text(encoding="utf-8"))["units"]
    levels = [unit["level"] for unit in listed]
    assert (levels.count("tỉnh"), levels.count("thành phố"), levels.count("đặc khu")) == (28, 6, 13)
    assert levels.count("xã") + levels.count("phường") + levels.count("đặc khu") == 3321
    programme = yaml.safe_load((data / "programmes" / f"{national.PROGRAMME}.yml").read_text(encoding="utf-8"))
    for report in programme["reports"]:
        provinces = [report["by_unit"][unit["code"]]["tasks"] for unit in listed if "parent" not in unit]
        assert len(report["by_unit"]) == 3355 and len(provinces) == 34
        for status in ("completed", "on_schedule", "overdue"):
            assert sum(p[status] for p in provinces) == report["tasks"][status]


def test_peer_unit_pages_are_one_a_unit(tmp_path):
    project = units.plain_unit_pages(tmp_path / "plain", with_units=True)
    pages = list((project / "docs" / "don-vi").glob("*.md"))
    assert len(pages) == 3355
    assert "| Đang thực hiện quá hạn |" in (project / "docs" / "don-vi" / "T17.md").read_text(encoding="utf-8")


def test_unit_rows_per_page_and_ratio_to_plain_mkdocs():
    def run(seconds):
        return measure.Run(seconds, 80.0, 0, "", cpu_seconds=seconds)
    pairs = {"bantin": units.Pair(run(2.0), run(2.0 + 3351 * 0.004), 3351),
             "plain": units.Pair(run(1.0), run(1.0 + 3355 * 0.006), 3355)}
    peer, bantin = units.rows(pairs)
    assert peer.per_item == "6.0 ms/unit page (CPU 6.0 ms)" and peer.ratio == "1.00 (peer)" and peer.met is None
    assert bantin.per_item == "4.0 ms/unit page (CPU 4.0 ms)" and bantin.met is True
    assert bantin.ratio == "0.67× a plain MkDocs page (CPU 0.67×)" and bantin.size == "3,355 units"
    failed = units.rows({"bantin": units.Pair(run(2.0), measure.Run(9.0, 1.0, 1, "boom"), 3351),
                         "plain": pairs["plain"]})
    assert failed[1].note == "failed (exit 1)" and failed[1].met is False


def test_pathological_rows_time_each_case_at_two_sizes():
    import dataclasses

    import pathological
    small = tuple(dataclasses.replace(case, sizes=(20, 80)) for case in pathological.CASES)
    logged = []
    found = pathological.measure_all(logged.append, small)
    assert [timing.case.label for timing in found] == [case.label for case in pathological.CASES]
    assert len(logged) == 3 and all(len(timing.seconds) == 2 for timing in found)
    rows = pathological.rows(found)
    assert [(row.measure, row.size) for row in rows] == [
        ("Pathological", "20 → 80 units"), ("Pathological", "20 → 80 tasks"), ("Pathological", "20 → 80 links")]
    assert all(re.fullmatch(r"time ×\d+\.\d for size ×4", row.ratio) for row in rows)
    assert rows[0].target == "time × ≤ 8 (linear: ×4; quadratic: ×16)"
    assert "Pathological" in format_table(rows)
    # What is timed does the work the row names
    assert pathological.unit_suggestions(30) == 30
    assert pathological.task_table(pathological.stats_page(30)).count('<tr class="bt-task') == 30
    assert pathological.links_paragraph(pathological.links_page(30)).count('<a href="https://example.gov.vn/') == 30


def test_unit_suggestions_compare_each_wrong_code_with_a_bounded_number_of_units(monkeypatch):
    """Each wrong parent was compared with every unit: 4,000 of them, 144 s. Counted, not timed."""
    import difflib

    import pathological
    from bantin.common import hints
    compared, close_matches = [], difflib.get_close_matches

    def counting(word, possibilities, *args, **kwargs):
        compared.append(len(possibilities))
        return close_matches(word, possibilities, *args, **kwargs)

    monkeypatch.setattr(hints.difflib, "get_close_matches", counting)
    for size in (100, 1000):
        compared.clear()
        assert pathological.unit_suggestions(size) == size
        assert len(compared) == size and max(compared) <= 4 * hints.NEIGHBOURS < size


def test_task_table_reads_each_task_s_unit_once():
    """The table asked on every row whether any task has a unit (20,000 tasks: 35 s). Counted, not timed."""
    import dataclasses

    import pathological
    from bantin.figures.content import TaskRow
    reads = []

    class Counted(TaskRow):
        def __getattribute__(self, name):
            if name in ("unit", "chu_tri"):
                reads.append(name)
            return super().__getattribute__(name)

    page, template = pathological.stats_page(300)
    page = dataclasses.replace(page, task_rows=[Counted(**vars(row)) for row in page.task_rows])
    assert pathological.task_table((page, template)).count('<tr class="bt-task') == 300
    assert reads.count("unit") == 300 and reads.count("chu_tri") == 300
