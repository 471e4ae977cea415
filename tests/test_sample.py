"""Sample data (`minh_hoa: true`, bantin.common.sample): the notice on every page and file that shows it, and the
warning of `make build` when it would be published at a real address."""
import csv
import io
import json
import re
import textwrap

import pytest
import yaml

from bantin.common.sample import is_example_url, publish_warning
from bantin.common.yamlsource import compose
from bantin.figures.exports import ExcelVi, to_csv, to_json
from bantin.figures.loading import load_programmes
from bantin.figures.stats import compute
from bantin.figures.units import read_units
from bantin.portal.settings import load_portal
from bantin.schema.fields import Errors
from sitebuild import DEMO_BULLETIN, DEMO_PROGRAMME, copy_project, mkdocs_build, office_lines

NOTICE = "Số liệu minh họa, không phải số liệu chính thức"
PARAGRAPH = f'<p class="bt-sample" role="note"><strong>{NOTICE}</strong></p>'
REAL_URL = "https://phuocbinh.dongnai.gov.vn/"

PROGRAMME = """
    title: Kế hoạch chuyển đổi số
    reports:
      - as_of: 2025-09-30
        tasks: {completed: 1, on_schedule: 1, overdue: 0}
      - as_of: 2025-12-25
        minh_hoa: true
        tasks: {completed: 2, on_schedule: 0, overdue: 0}
"""


@pytest.mark.parametrize("url, example", [
    (None, True), ("", True), ("http://localhost:8000/", True), ("http://127.0.0.1/", True),
    ("http://demo.localhost/", True), ("https://phuocbinh.example.gov.vn/", True), ("https://example.com/", True),
    ("https://www.example.org/phuong/", True), (REAL_URL, False), ("https://examples.gov.vn/", False),
    ("https://phuocbinh-example.gov.vn/", False),
])
def test_example_addresses(url, example):
    assert is_example_url(url) is example


def test_the_warning_names_the_address_and_the_files():
    assert publish_warning("https://x.example.gov.vn/", ["data/units.yml"]) is None
    assert publish_warning(REAL_URL, []) is None
    assert str(publish_warning(REAL_URL, ["data/programmes/kh.yml", "data/units.yml"])) == (
        f"mkdocs.yml: site_url: trang sẽ đăng tại {REAL_URL}, nhưng có số liệu minh họa (minh_hoa: true) ở "
        "data/programmes/kh.yml, data/units.yml; hãy thay bằng số liệu chính thức và xóa dòng minh_hoa, "
        "hoặc dùng địa chỉ thử (ví dụ https://ten-phuong.example.gov.vn/) khi chưa đăng chính thức")


def test_a_report_marked_sample_marks_its_figures_in_the_open_data(data_dir):
    data_dir.write("kh.yml", PROGRAMME)
    (programme,) = load_programmes(data_dir)
    assert [(r.as_of.isoformat(), r.sample) for r in programme.reports] == [("2025-09-30", False),
                                                                           ("2025-12-25", True)]
    stats = compute([programme])["kh"]
    document = json.loads(to_json(stats))
    assert (document["sample"], document["note"]) == (True, NOTICE)
    assert [(r["as_of"], r["sample"]) for r in document["reports"]] == [("2025-09-30", False), ("2025-12-25", True)]
    header, *rows = csv.reader(io.StringIO(to_csv(stats).removeprefix("\ufeff")), ExcelVi)
    assert header[-1] == "Ghi chú"
    assert sorted({(row[0], row[-1]) for row in rows}) == [("2025-09-30", ""), ("2025-12-25", NOTICE)]


def test_a_programme_marked_sample_marks_every_report(data_dir):
    data_dir.write("kh.yml", "minh_hoa: true\n" + textwrap.dedent(PROGRAMME).replace("    minh_hoa: true\n", ""))
    stats = compute(load_programmes(data_dir))["kh"]
    assert [stats.shows_sample(r.as_of) for r in stats.reports] == [True, True]
    assert json.loads(to_json(stats))["note"] == NOTICE


def test_an_unmarked_programme_has_no_note(data_dir):
    data_dir.write("kh.yml", PROGRAMME.replace("minh_hoa: true", "minh_hoa: false"))
    document = json.loads(to_json(compute(load_programmes(data_dir))["kh"]))
    assert (document["sample"], document["note"], {r["sample"] for r in document["reports"]}) == (False, None, {False})


def test_the_english_or_short_word_leads_to_the_key(errors_of):
    assert errors_of("sample: true\n" + textwrap.dedent(PROGRAMME)) == [
        "data/programmes/cds.yml:1: sample: trường không được hỗ trợ (ý bạn là 'minh_hoa'?); các trường hợp lệ: "
        "id, title, basis, owner, nguon, wording, traffic_lights, task_list, reports, minh_hoa"]
    assert errors_of(PROGRAMME.replace("minh_hoa: true", "minh_hoa: có")) == [
        "data/programmes/cds.yml:6: reports[1].minh_hoa: cần true hoặc false, không phải chữ 'có'"]


def test_units_and_blocks_are_marked_one_by_one(tmp_path):
    path = tmp_path / "units.yml"
    path.write_text("units:\n  - {code: kp-1, name: Khu phố 1, level: khu phố, minh_hoa: true}\n"
                    "  - {code: kp-2, name: Khu phố 2, level: khu phố}\n", encoding="utf-8")
    units = read_units(compose(path, "data/units.yml"), Errors("data/units.yml", []))
    assert [(u.code, u.sample) for u in units.by_code.values()] == [("kp-1", True), ("kp-2", False)]
    site = tmp_path / "site.yml"
    site.write_text("agency: {name: UBND phường}\ncategories: [{id: thong-bao, name: Thông báo}]\nblocks:\n"
                    "  - {type: notices, title: Kết quả khảo sát, minh_hoa: true, items: [{text: A, url: a/}]}\n"
                    "  - {type: visits, title: Thống kê truy cập}\n", encoding="utf-8")
    assert [b.sample for b in load_portal(site, "data/site.yml").blocks] == [True, False]


# ---- built sites ------------------------------------------------------------------------------------------

def _pages(site) -> dict[str, str]:
    """Every page of a built site that shows programme figures: statistics, units, the home page, the bulletin."""
    pages = {"home": site / "index.html", "statistics": site / "thong-ke/index.html",
             "programme": site / f"thong-ke/{DEMO_PROGRAMME}/index.html"}
    pages.update({f"unit {p.parent.name}": p for p in sorted((site / "don-vi").glob("*/index.html"))})
    return {name: path.read_text(encoding="utf-8") for name, path in pages.items()}


def _bulletin_page(project, site) -> str:
    meta = yaml.safe_load((project / "docs/tin-tuc" / f"{DEMO_BULLETIN}.md").read_text(encoding="utf-8")
                          .split("---")[1])
    return (site / "tin-tuc" / meta["slug"] / "index.html").read_text(encoding="utf-8")


def _mark(project, path: str, old: str, new: str) -> None:
    file = project / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def sample_programme(tmp_path_factory):
    """The demo fixture with its programme marked sample, built at its example address."""
    project = copy_project(tmp_path_factory.mktemp("sample-project"))
    _mark(project, f"data/programmes/{DEMO_PROGRAMME}.yml", "\ntitle:", "\nminh_hoa: true\ntitle:")
    site = tmp_path_factory.mktemp("sample-site")
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return project, site


def test_every_page_of_a_sample_programme_says_so(sample_programme):
    project, site = sample_programme
    pages = _pages(site)
    assert len([name for name in pages if name.startswith("unit ")]) == 4
    assert {name: html.count(PARAGRAPH) for name, html in pages.items()} == {name: 1 for name in pages}
    assert _bulletin_page(project, site).count(PARAGRAPH) == 1
    # before the page's own heading: the first thing a reader sees of the content
    assert re.search(r'<main[^>]*>\s*' + re.escape(PARAGRAPH) + r'\s*<h1', pages["programme"])
    document = json.loads((site / f"du-lieu/{DEMO_PROGRAMME}.json").read_text(encoding="utf-8"))
    assert (document["sample"], document["note"]) == (True, NOTICE)
    rows = list(csv.reader(io.StringIO((site / f"du-lieu/{DEMO_PROGRAMME}.csv").read_text(encoding="utf-8-sig")),
                           ExcelVi))
    assert {row[-1] for row in rows[1:]} == {NOTICE}


def test_pages_of_official_figures_carry_no_notice(demo_site):
    pages = _pages(demo_site)
    assert {name: NOTICE in html for name, html in pages.items()} == {name: False for name in pages}
    document = json.loads((demo_site / f"du-lieu/{DEMO_PROGRAMME}.json").read_text(encoding="utf-8"))
    assert (document["sample"], document["note"]) == (False, None)


def test_sample_data_at_a_real_address_stops_make_build(sample_programme, tmp_path):
    project, _ = sample_programme
    office = tmp_path / "office.yml"
    office.write_text(f"site_url: {REAL_URL}\n", encoding="utf-8")
    office_lines(project / "mkdocs.yml", office)
    try:
        result = mkdocs_build(project, tmp_path / "site")
    finally:
        office.write_text("site_url: https://phuocbinh.example.gov.vn/\n", encoding="utf-8")
        office_lines(project / "mkdocs.yml", office)
    assert result.returncode == 1
    assert (f"WARNING -  mkdocs.yml: site_url: trang sẽ đăng tại {REAL_URL}, nhưng có số liệu minh họa "
            f"(minh_hoa: true) ở data/programmes/{DEMO_PROGRAMME}.yml; hãy thay bằng số liệu chính thức"
            ) in result.stderr


def test_a_sample_unit_and_block_mark_their_pages_only(tmp_path):
    """A unit marked sample marks its page, its parent's (which lists it) and the rankings that name it; a
    block marked sample says so in the sidebar, on every page."""
    project = copy_project(tmp_path / "project")
    units = yaml.safe_load((project / "data/units.yml").read_text(encoding="utf-8"))["units"]
    child = next(u for u in units if u.get("parent"))
    sibling = next(u for u in units if u.get("parent") and u["code"] != child["code"])
    _mark(project, "data/units.yml", f'- code: "{child["code"]}"\n', f'- code: "{child["code"]}"\n    minh_hoa: true\n')
    _mark(project, "data/site.yml", "  - type: zalo\n", "  - type: zalo\n    minh_hoa: true\n")
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    pages = _pages(site)
    main = {name: html.split("<main", 1)[1].split("</main>", 1)[0].count(PARAGRAPH) for name, html in pages.items()}
    assert main[f"unit {child['code']}"] == main[f"unit {child['parent']}"] == main["programme"] == 1
    assert main[f"unit {sibling['code']}"] == main["home"] == 0
    zalo = pages["home"].split("bt-block--zalo", 1)[1].split("</section>", 1)[0]
    assert PARAGRAPH in zalo
    assert pages[f"unit {sibling['code']}"].count(PARAGRAPH) == 1  # the sidebar's block only
