"""Units side by side (bantin.figures.ranking, bantin.figures.unitviews): the summary in words, the ranking, its CSV,
the grid, and a unit's page: its change since the previous report and its trend."""
import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET

import pytest

from bantin.build import kinds as pages
from bantin.common.errors import DataErrors
from bantin.figures.exports import UNIT_COLUMNS, ExcelVi
from bantin.figures.loading import load_programmes
from bantin.figures.model import Programme, Report, TaskCounts, TrafficLights, UnitFigures
from bantin.figures.ranking import UnitRow, level_noun, summary
from bantin.figures.stats import ProgrammeStats
from bantin.figures.units import Unit, Units, light
from bantin.figures.unitviews import UnitViews
from bantin.figures.wording import PageWording

NB = "\u00a0"
SEPT, DEC = dt.date(2025, 9, 30), dt.date(2025, 12, 25)
NS = {"s": "http://www.w3.org/2000/svg"}


def row(name: str, level: str, completed: int, on_schedule: int, overdue: int, code: str | None = None) -> UnitRow:
    counts = TaskCounts(completed, on_schedule, overdue)
    return UnitRow(Unit(code or name, name, level), "", light(counts), counts)


def green(name, level="tỉnh"):
    return row(name, level, 10, 5, 0)


def yellow(name, level="tỉnh"):
    return row(name, level, 90, 5, 5)  # 5%: over the yellow threshold (1), not the red one (10%)


def red(name, level="tỉnh"):
    return row(name, level, 50, 30, 20)


# ---- the level named in the sentence ----------------------------------------------------------------

@pytest.mark.parametrize("levels, noun", [
    (["tỉnh"], "tỉnh"),
    (["tỉnh", "thành phố", "tỉnh"], "tỉnh, thành phố"),
    (["thành phố", "tỉnh"], "tỉnh, thành phố"),  # in the order Vietnamese writes it
    (["xã", "phường", "đặc khu"], "xã, phường, đặc khu"),
    (["phường", "xã"], "xã, phường"),
    (["ban"], "ban"),
    (["tỉnh", "xã"], "đơn vị"),
    (["ban", "sở"], "đơn vị"),
])
def test_level_noun(levels, noun):
    assert level_noun(levels) == noun


# ---- the summary in words ----------------------------------------------------------------------------

def test_summary_as_the_reports_write_it():
    rows = [green(f"Tỉnh {n}") for n in range(28)] + [green(f"Thành phố {n}", "thành phố") for n in range(5)]
    rows.append(yellow("Tỉnh Vàng"))
    assert summary(rows, PageWording()) == "33 trong số 34 tỉnh, thành phố đạt mức Xanh; 1 tỉnh ở mức Vàng."


def test_summary_all_green():
    rows = [green("A", "xã"), green("B", "phường"), green("C", "đặc khu")]
    assert summary(rows, PageWording()) == "Cả 3 xã, phường, đặc khu đạt mức Xanh."


def test_summary_none_green_each_light_by_its_own_levels():
    rows = [yellow("A", "xã"), yellow("B", "xã"), red("C", "phường"), yellow("D", "phường")]
    assert summary(rows, PageWording()) == ("Chưa có xã, phường nào đạt mức Xanh; 3 xã, phường ở mức "
                                            "Vàng; 1 phường ở mức Đỏ.")


def test_summary_all_three_lights_in_order_green_yellow_red():
    rows = [red("A"), green("B"), yellow("C"), green("D", "thành phố"), red("E", "thành phố")]
    assert summary(rows, PageWording()) == ("2 trong số 5 tỉnh, thành phố đạt mức Xanh; 1 tỉnh ở mức Vàng; "
                                            "2 tỉnh, thành phố ở mức Đỏ.")


@pytest.mark.parametrize("make, text", [
    (green, "Tỉnh Đồng Nai đạt mức Xanh."),
    (yellow, "Tỉnh Đồng Nai ở mức Vàng."),
    (red, "Tỉnh Đồng Nai ở mức Đỏ."),
])
def test_summary_of_one_unit_names_it(make, text):
    assert summary([make("Tỉnh Đồng Nai")], PageWording()) == text


def test_summary_counts_in_vietnamese_form_and_nothing_for_no_units():
    rows = [green(f"Xã {n}", "xã") for n in range(3320)] + [red("Xã Đỏ", "xã")]
    assert summary(rows, PageWording()) == "3.320 trong số 3.321 xã đạt mức Xanh; 1 xã ở mức Đỏ."
    assert summary([], PageWording()) == ""


def test_summary_patterns_come_from_the_wording(data_dir):
    (data_dir / "wording.yml").write_text(
        'lights_green: "Có {so} trong tổng số {tong} {cap} đạt mức Xanh"\n'
        'lights_other: "{so} {cap} ở mức {den}"\n', encoding="utf-8")
    data_dir.write("cds.yml", "title: Đề án\nreports:\n  - as_of: 2025-12-25\n"
                              "    tasks: {completed: 1, on_schedule: 0, overdue: 0}\n")
    (programme,) = load_programmes(data_dir)
    rows = [green("A"), green("B"), yellow("C")]
    assert summary(rows, programme.wording) == "Có 2 trong tổng số 3 tỉnh đạt mức Xanh; 1 tỉnh ở mức Vàng."


def test_summary_pattern_mistakes(data_dir):
    data_dir.write("cds.yml", "title: Đề án\nwording:\n  lights_other: \"{so} {cap} ở trạng thái\"\n"
                              "  lights_green: \"{so}/{tong} {ten} đạt\"\nreports:\n  - as_of: 2025-12-25\n"
                              "    tasks: {completed: 1, on_schedule: 0, overdue: 0}\n")
    with pytest.raises(DataErrors) as caught:
        load_programmes(data_dir)
    assert [str(e) for e in caught.value.errors] == [
        "data/programmes/cds.yml:3: wording.lights_other: mẫu câu về các đơn vị Vàng, Đỏ (lights_other) cần có {den} "
        "(mức cảnh báo); ví dụ mẫu có sẵn: \"{so} {cap} ở mức {den}\"",
        "data/programmes/cds.yml:4: wording.lights_green: mẫu câu khi một số đơn vị đạt Xanh (lights_green): không "
        "có chỗ điền {ten}; mẫu này dùng được: {so}, {tong}, {cap}"]


# ---- a programme's units: ranking, statistics page, CSV ----------------------------------------------

UNITS = [Unit("75", "Tỉnh Đồng Nai", "tỉnh"), Unit("79", "Thành phố Hồ Chí Minh", "thành phố"),
         Unit("26068", "Phường Phước Tân", "phường", "75"), Unit("26041", "Phường Trấn Biên", "phường", "75"),
         Unit("26380", "Phường Long Khánh", "phường", "75"), Unit("27001", "=HYPERLINK(\"x\")", "phường", "79")]


def units(*codes: str) -> Units:
    return Units({u.code: u for u in UNITS if not codes or u.code in codes})


def figures(code: str, completed: int, on_schedule: int, overdue: int) -> UnitFigures:
    return UnitFigures(code, TaskCounts(completed, on_schedule, overdue))


WARDS_DEC = (figures("26068", 70, 30, 27), figures("26041", 80, 40, 0), figures("26380", 39, 23, 0))
WARDS_SEPT = (figures("26068", 62, 35, 25), figures("26041", 80, 33, 5), figures("26380", 35, 25, 0))


def programme(*reports: Report, lights=TrafficLights()) -> ProgrammeStats:
    return ProgrammeStats.of(Programme("cds", "Đề án", tuple(reports), traffic_lights=lights))


def two_provinces() -> ProgrammeStats:
    dec = Report(DEC, TaskCounts(249, 123, 30), by_unit=(
        figures("75", 189, 93, 27), *WARDS_DEC, figures("79", 60, 30, 3), figures("27001", 60, 30, 3)))
    return programme(dec)


def test_statistics_ranks_the_top_level_worst_first():
    views = UnitViews(units(), {"cds": two_provinces()})
    found = views.statistics("cds")
    assert [r.name for r in found.rows] == ["Tỉnh Đồng Nai", "Thành phố Hồ Chí Minh"]  # 8,7% then 3,2%: both Vàng
    assert [r.name for r in found.grid] == ["Tỉnh Đồng Nai", "Thành phố Hồ Chí Minh"]  # data/units.yml's order
    assert found.summary == "Chưa có tỉnh, thành phố nào đạt mức Xanh; 2 tỉnh, thành phố ở mức Vàng."
    assert found.parent is None and found.csv_url == "du-lieu/don-vi/cds.csv"
    first = found.rows[0]
    assert (first.figure("assigned"), first.figure("completed"), first.rate_text) == ("309", "189", "61,2%")
    assert found.caption == ("Danh sách theo mức cảnh báo: các tỉnh, thành phố, tính đến 25/12/2025 (mức Đỏ, mức "
                             "Vàng rồi mức Xanh; cùng mức thì đơn vị có tỷ lệ nhiệm vụ quá hạn cao hơn xếp trước)")


def test_a_single_top_unit_ranks_its_children():
    """A ward's site reports its province and its wards: one province is no ranking, its wards are."""
    dec = Report(DEC, TaskCounts(189, 93, 27), by_unit=(figures("75", 189, 93, 27), *WARDS_DEC))
    found = UnitViews(units("75", "26068", "26041", "26380"), {"cds": programme(dec)}).statistics("cds")
    assert found.parent.name == "Tỉnh Đồng Nai" and found.parent.light.label == "Vàng"
    assert [(r.name, r.light.label) for r in found.rows] == [
        ("Phường Phước Tân", "Đỏ"), ("Phường Long Khánh", "Xanh"), ("Phường Trấn Biên", "Xanh")]
    assert [r.name for r in found.grid] == ["Phường Phước Tân", "Phường Trấn Biên", "Phường Long Khánh"]
    assert found.summary == "2 trong số 3 phường đạt mức Xanh; 1 phường ở mức Đỏ."
    # the generic noun of the parent's name is lower-case inside the sentence (Nghị định 30/2020)
    assert found.caption.startswith("Danh sách theo mức cảnh báo: các phường trực thuộc tỉnh Đồng Nai, tính đến "
                                    "25/12/2025 (")


def test_no_figures_by_unit_no_section():
    views = UnitViews(units(), {"cds": programme(Report(DEC, TaskCounts(1, 0, 0)))})
    assert views.statistics("cds") is None and list(views.files()) == []
    assert views.page("75")["sections"] == []


def read_csv(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), ExcelVi))


def test_csv_of_every_unit_one_ranking_after_another():
    views = UnitViews(units(), {"cds": two_provinces()})
    ((path, text),) = views.files()
    assert path == "du-lieu/don-vi/cds.csv"
    assert "\r\n" in text and ";" in text
    header, *rows = read_csv(text)
    assert tuple(header) == UNIT_COLUMNS == (
        "Tính đến", "Mã", "Tên", "Cấp", "Mã đơn vị cấp trên", "Thứ tự", "Mức cảnh báo", "Lý do", "Được giao",
        "Đã hoàn thành", "Theo tiến độ", "Quá hạn", "Tỷ lệ hoàn thành (%)", "Tỷ lệ quá hạn (%)",
        "Ghi chú")
    assert [r[1:7] for r in rows] == [
        ["75", "Tỉnh Đồng Nai", "tỉnh", "", "1", "Vàng"],
        ["79", "Thành phố Hồ Chí Minh", "thành phố", "", "2", "Vàng"],
        ["26068", "Phường Phước Tân", "phường", "75", "1", "Đỏ"],
        ["26380", "Phường Long Khánh", "phường", "75", "2", "Xanh"],
        ["26041", "Phường Trấn Biên", "phường", "75", "3", "Xanh"],
        ["27001", "'=HYPERLINK(\"x\")", "phường", "79", "1", "Vàng"]]  # a formula stays text in Excel
    assert rows[0] == ["2025-12-25", "75", "Tỉnh Đồng Nai", "tỉnh", "", "1", "Vàng",
                       f"Vàng (27{NB}nhiệm{NB}vụ quá hạn, chiếm 9% số nhiệm vụ được giao: "
                       f"từ 1{NB}nhiệm{NB}vụ trở lên và không quá 10%)",
                       "309", "189", "93", "27", "61,2", "8,7", ""]
    assert rows[3][-3:] == ["62,9", "0", ""]


# ---- a unit's page -------------------------------------------------------------------------------------

def ward_history() -> ProgrammeStats:
    sept = Report(SEPT, TaskCounts(177, 93, 30), by_unit=(figures("75", 177, 93, 30), *WARDS_SEPT))
    dec = Report(DEC, TaskCounts(189, 93, 27), by_unit=(figures("75", 189, 93, 27), *WARDS_DEC))
    return programme(sept, dec)


def test_change_since_the_previous_report_in_words():
    (section,) = UnitViews(units(), {"cds": ward_history()}).page("26068")["sections"]
    assert section["change"] == (
        f"So với kỳ báo cáo 30/9/2025, số nhiệm vụ được giao tăng 5{NB}nhiệm{NB}vụ (từ 122 lên 127); theo tình trạng: "
        f"đã hoàn thành tăng 8{NB}nhiệm{NB}vụ (từ 62 lên 70), đang thực hiện theo tiến độ giảm 5{NB}nhiệm{NB}vụ (từ 35 "
        f"xuống 30), đang thực hiện quá hạn tăng 2{NB}nhiệm{NB}vụ (từ 25 lên 27); tỷ lệ hoàn thành (làm tròn đến một "
        "chữ số thập phân) tăng 4,3 điểm phần trăm (từ 50,8% lên 55,1%).")
    (section,) = UnitViews(units(), {"cds": ward_history()}).page("26380")["sections"]
    assert f"đang thực hiện quá hạn giữ nguyên (0{NB}nhiệm{NB}vụ)" in section["change"]


def test_a_first_report_says_there_is_nothing_to_compare():
    dec = Report(DEC, TaskCounts(189, 93, 27), by_unit=(figures("75", 189, 93, 27), *WARDS_DEC))
    (section,) = UnitViews(units(), {"cds": programme(dec)}).page("26068")["sections"]
    assert section["change"] == ("Kỳ báo cáo 25/12/2025 là kỳ đầu tiên có số liệu của phường Phước Tân, chưa có kỳ "
                                 "trước để so sánh.")
    assert section["trend"] == "" and section["history"] == []


def test_a_report_without_the_unit_is_skipped():
    """Compared with the unit's own previous figures, and the sentence names that report's date."""
    sept = Report(SEPT, TaskCounts(177, 93, 30), by_unit=(figures("75", 177, 93, 30), *WARDS_SEPT))
    nov = Report(dt.date(2025, 11, 25), TaskCounts(180, 93, 30))
    dec = Report(DEC, TaskCounts(189, 93, 27), by_unit=(figures("75", 189, 93, 27), *WARDS_DEC))
    (section,) = UnitViews(units(), {"cds": programme(sept, nov, dec)}).page("26068")["sections"]
    assert section["change"].startswith(f"So với kỳ báo cáo 30/9/2025, số nhiệm vụ được giao tăng 5{NB}nhiệm{NB}vụ "
                                        "(từ 122 lên 127)")


def test_unit_trend_numbers_equal_its_table():
    (section,) = UnitViews(units(), {"cds": ward_history()}).page("26068")["sections"]
    root = ET.fromstring(section["trend"])
    assert root.get("role") == "img" and root.get("viewBox") is None  # rows in em: the text keeps its size
    assert root.get("aria-label").startswith("Số nhiệm vụ theo tình trạng qua các kỳ báo cáo: 30/9/2025: ")
    texts = [t.text for t in root.findall("s:text", NS)]
    assert texts[0] == f"30/9/2025 · 122{NB}nhiệm{NB}vụ · đã hoàn thành 51%"
    table = {r["as_of"]: r for r in section["history"]}
    assert [r["as_of"] for r in section["history"]] == ["25/12/2025", "30/9/2025"]  # newest first
    for when, label_index in (("30/9/2025", 0), ("25/12/2025", 4)):
        label, *figures_ = texts[label_index:label_index + 4]
        assert label.startswith(f"{when} · {table[when]['assigned']}{NB}nhiệm{NB}vụ")
        assert figures_ == [table[when][s].split(NB)[0] for s in ("completed", "on_schedule", "overdue")]
    assert [r["light"].label for r in section["history"]] == ["Đỏ", "Đỏ"]


def test_province_page_ranks_its_wards_and_sums_them_up():
    page = UnitViews(units(), {"cds": ward_history()}).page("75")
    (section,) = page["sections"]
    children = section["children"]
    assert [r.name for r in children.rows] == ["Phường Phước Tân", "Phường Long Khánh", "Phường Trấn Biên"]
    assert children.summary == "2 trong số 3 phường đạt mức Xanh; 1 phường ở mức Đỏ."
    assert section["light"].rule == (f"Vàng (27{NB}nhiệm{NB}vụ quá hạn, chiếm 9% số nhiệm vụ được giao: "
                                     f"từ 1{NB}nhiệm{NB}vụ trở lên và không quá 10%)")
    assert page["parent"] is None and [c["name"] for c in page["children"]] == [
        "Phường Phước Tân", "Phường Trấn Biên", "Phường Long Khánh"]


def test_task_units_link_to_their_pages_by_code_or_unique_name():
    views = UnitViews(Units({u.code: u for u in UNITS + [Unit("99", "Phường Long Khánh", "phường", "79")]}), {})
    assert views.unit_url("75") == "don-vi/75/"
    assert views.unit_url(" phường phước tân ") == "don-vi/26068/"
    assert views.unit_url("Phường Long Khánh") is None  # two units have that name: which one is meant?
    assert views.unit_url("Văn phòng") is None and views.unit_url(None) is None


def test_unit_views_made_once_per_build():
    from bantin.build.state import SiteData
    site = SiteData(programmes={"cds": ward_history()})
    site.units = units()
    assert site.unit_views is site.unit_views
    assert SiteData(programmes={}).unit_views is None
    (path, _), = pages.KINDS["thong-ke"].files(site)
    assert path == "du-lieu/don-vi/cds.csv"


def test_ranking_rows_are_made_once():
    views = UnitViews(units(), {"cds": ward_history()})
    first = views.page("75")["sections"][0]["children"].rows[0]
    again = views.page("26068")
    assert views.programmes["cds"].row(views.programmes["cds"].programme.latest, "26068") is first
    assert again["sections"][0]["light"] is first.light


def test_a_lights_pattern_without_quotes(data_dir):
    (data_dir / "wording.yml").write_text("lights_other: {so} {cap} ở mức {den}\n", encoding="utf-8")
    data_dir.write("cds.yml", "title: Đề án\nreports:\n  - as_of: 2025-12-25\n"
                              "    tasks: {completed: 1, on_schedule: 0, overdue: 0}\n")
    with pytest.raises(DataErrors) as caught:
        load_programmes(data_dir)
    assert [str(e) for e in caught.value.errors] == [
        "data/wording.yml:1: lights_other: mẫu câu bắt đầu bằng dấu '{' phải đặt trong ngoặc kép, ví dụ "
        'lights_other: "{so} {cap} ở mức {den}"']
