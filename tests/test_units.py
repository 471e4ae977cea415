"""Reporting units (data/units.yml), figures by unit (`by_unit:`), traffic lights and the unit's page."""
import re
import textwrap
import time
import xml.etree.ElementTree as ET

import pytest

import national
from bantin.common.errors import DataErrors
from bantin.figures.loading import load_programmes
from bantin.figures.model import TaskCounts, TrafficLights
from bantin.figures.units import Unit, light, load_units, ranked, rules_text
from sitebuild import DEMO_PROGRAMME, DEMO_WARD, build_env, copy_project, mkdocs_build

NS = {"s": "http://www.w3.org/2000/svg"}

U = "data/units.yml"
P = "data/programmes/cds.yml"

UNITS = f"""
units:
  - code: "75"
    name: Tỉnh Đồng Nai
    level: tỉnh
  - code: "26068"
    name: Phường {DEMO_WARD}
    level: phường
    parent: "75"
  - code: "26041"
    name: Phường Trấn Biên
    level: phường
    parent: "75"
"""

PROGRAMME = """
title: Đề án chuyển đổi số
traffic_lights:
  red_overdue_share: 10
  yellow_overdue: 2
reports:
  - as_of: 2025-12-25
    tasks:
      assigned: 309
      completed: 189
      on_schedule: 93
      overdue: 27
    indicators:
      - id: quy-trinh
        name: Quy trình
        unit: quy trình
        actual: 109
    by_unit:
      "75":
        tasks:
          completed: 189
          on_schedule: 93
          overdue: 27
        indicators:
          quy-trinh: 60
      "26068":
        tasks:
          completed: 100
          on_schedule: 50
          overdue: 20
      "26041":
        tasks:
          completed: 89
          on_schedule: 43
          overdue: 7
"""


def write_units(data_dir, text: str):
    (data_dir / "units.yml").write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def unit_errors(data_dir, text: str) -> list[str]:
    write_units(data_dir, text)
    with pytest.raises(DataErrors) as caught:
        load_units(data_dir)
    return [str(e) for e in caught.value.errors]


def load(data_dir, programme: str = PROGRAMME, units: str = UNITS):
    write_units(data_dir, units)
    data_dir.write("cds.yml", programme)
    return load_programmes(data_dir, units=load_units(data_dir))


def programme_errors(data_dir, programme: str, units: str = UNITS) -> list[str]:
    with pytest.raises(DataErrors) as caught:
        load(data_dir, programme, units)
    return [str(e) for e in caught.value.errors]


# ---- data/units.yml -------------------------------------------------------------------------------

def test_good_units(data_dir):
    write_units(data_dir, UNITS)
    units = load_units(data_dir)
    assert list(units.by_code) == ["75", "26068", "26041"]
    assert units.by_code["26068"].parent == "75" and units.by_code["75"].level == "tỉnh"
    assert units.children("75") == ["26068", "26041"]


def test_no_units_file(data_dir):
    assert load_units(data_dir) is None


def test_duplicate_code(data_dir):
    text = UNITS + '  - code: "75"\n    name: Tỉnh Khác\n    level: tỉnh\n'
    assert unit_errors(data_dir, text) == [
        f"{U}:13: units.code: mã đơn vị '75' trùng với đơn vị ở dòng 2; mỗi đơn vị một mã"]


def test_parent_must_exist_nearest_code(data_dir):
    units = UNITS.replace('parent: "75"\n  - code: "26041"', 'parent: "57"\n  - code: "26041"')
    assert unit_errors(data_dir, units) == [
        f"{U}:8: units.parent: không có đơn vị mã '57' trong tệp (ý bạn là '75' — Tỉnh Đồng Nai?); "
        "đơn vị cấp trên (parent) ghi mã (code) của một đơn vị trong tệp này"]


def test_parent_written_as_name(data_dir):
    text = UNITS.replace('parent: "75"\n  - code: "26041"', 'parent: Tỉnh Đồng Nai\n  - code: "26041"')
    assert unit_errors(data_dir, text) == [
        f"{U}:8: units.parent: không có đơn vị mã 'Tỉnh Đồng Nai' trong tệp (ý bạn là '75' — Tỉnh Đồng Nai?); "
        "đơn vị cấp trên (parent) ghi mã (code) của một đơn vị trong tệp này"]


def test_cycle(data_dir):
    text = UNITS.replace('level: tỉnh\n', 'level: tỉnh\n    parent: "26041"\n')
    assert unit_errors(data_dir, text) == [
        f"{U}:5: units.parent: các đơn vị cấp trên (parent) tạo thành vòng: 75 → 26041 → 75; "
        "hãy sửa parent của một trong các đơn vị này"]


def test_own_parent(data_dir):
    text = UNITS.replace('level: tỉnh\n', 'level: tỉnh\n    parent: "75"\n')
    assert unit_errors(data_dir, text) == [
        f"{U}:5: units.parent: đơn vị '75' không thể là cấp trên của chính nó; hãy sửa hoặc xóa dòng parent"]


@pytest.mark.parametrize("written, message", [
    ("75", "cần chữ, nhưng YAML hiểu đây là số '75'; nếu đúng là chữ, đặt trong ngoặc kép: \"75\""),
    ("08", "cần chữ, nhưng YAML có thể hiểu đây là số '08' (mất số 0 ở đầu); "
           "nếu đúng là chữ, đặt trong ngoặc kép: \"08\""),
    ("010", "cần chữ, nhưng YAML hiểu đây là số '010'; nếu đúng là chữ, đặt trong ngoặc kép: \"010\""),
])
def test_codes_are_text(data_dir, written, message):
    assert unit_errors(data_dir, UNITS.replace('code: "75"', f"code: {written}")) == [f"{U}:2: units.code: {message}"]


def test_level_without_accents(data_dir):
    assert unit_errors(data_dir, UNITS.replace("level: phường\n    parent: \"75\"\n  - code: \"26041\"",
                                               "level: phuong\n    parent: \"75\"\n  - code: \"26041\"")) == [
        f"{U}:7: units.level: cấp 'phuong' viết thiếu dấu hoặc sai chữ hoa (ý bạn là 'phường'?); "
        "các cấp hành chính viết: tỉnh, thành phố, xã, phường, đặc khu"]


def test_office_level_is_free_text(data_dir):
    write_units(data_dir, UNITS + '  - code: "BCD"\n    name: Ban Chỉ đạo\n    level: ban\n    parent: "75"\n')
    assert load_units(data_dir).by_code["BCD"].level == "ban"


# ---- by_unit ----------------------------------------------------------------------------------------

def test_by_unit_read(data_dir):
    (programme,) = load(data_dir)
    figures = programme.latest.figures_by_unit
    assert figures["26068"].tasks == TaskCounts(100, 50, 20)
    assert dict(figures["75"].indicators) == {"quy-trinh": 60}
    assert programme.traffic_lights == TrafficLights(10, 2)


def test_by_unit_is_optional(data_dir):
    lights = "traffic_lights:\n  red_overdue_share: 10\n  yellow_overdue: 2\n"
    text = PROGRAMME.split("    by_unit:")[0].replace(lights, "")
    data_dir.write("cds.yml", text)
    (programme,) = load_programmes(data_dir)
    assert programme.latest.by_unit == () and programme.traffic_lights == TrafficLights(10, 1)


def test_children_must_add_up_to_parent(data_dir):
    text = PROGRAMME.replace("overdue: 7", "overdue: 6")
    assert programme_errors(data_dir, text) == [
        f"{P}:18: by_unit.75.tasks: số nhiệm vụ quá hạn (overdue) của Tỉnh Đồng Nai (75) là 27, nhưng cộng các "
        f"đơn vị trực thuộc (Phường {DEMO_WARD} (26068), Phường Trấn Biên (26041)) được 26; hãy sửa cho khớp"]


def test_top_level_must_add_up_to_report(data_dir):
    text = PROGRAMME.replace("completed: 189\n          on_schedule", "completed: 188\n          on_schedule")
    errors = programme_errors(data_dir, text)
    assert (
        f"{P}:18: by_unit: số nhiệm vụ đã hoàn thành (completed) của kỳ báo cáo (tasks) là 189, nhưng cộng các đơn vị "
        "cấp trên cùng trong by_unit (Tỉnh Đồng Nai (75)) được 188; hãy sửa cho khớp") in errors
    assert len(errors) == 2  # and the wards no longer add up to the province


def test_unknown_unit_code_suggests_nearest(data_dir):
    text = PROGRAMME.replace('"26041":', '"26014":')
    assert programme_errors(data_dir, text) == [
        f"{P}:30: by_unit.26014: không có đơn vị mã '26014' trong {U} (ý bạn là '26041' — Phường Trấn Biên?)"]


def test_unit_code_key_unquoted(data_dir):
    text = PROGRAMME.replace('"26041":', '26041:')
    assert programme_errors(data_dir, text)[0] == (
        f"{P}:30: by_unit: mã đơn vị là chữ, nhưng YAML có thể hiểu đây là số '26041'; hãy đặt trong ngoặc kép: "
        '"26041":')


def test_unit_counts_read_as_report_counts(data_dir):
    text = PROGRAMME.replace("overdue: 7", "overdue: 1.234")
    assert programme_errors(data_dir, text) == [
        f"{P}:34: tasks.overdue: 1.234 bị YAML hiểu là số thập phân; nếu là 1234, viết 1234 "
        "(không dùng dấu ngăn cách hàng nghìn)"]


def test_by_unit_without_units_file(data_dir):
    data_dir.write("cds.yml", PROGRAMME)
    with pytest.raises(DataErrors) as caught:
        load_programmes(data_dir)
    assert [str(e) for e in caught.value.errors] == [
        f"{P}:18: by_unit: chưa có tệp data/units.yml khai báo các đơn vị; hãy tạo tệp đó "
        "(xem docs/huong-dan/du-lieu.md) hoặc xóa by_unit"]


def test_unknown_indicator_in_unit(data_dir):
    text = PROGRAMME.replace("quy-trinh: 60", "quy-trnh: 60")
    assert programme_errors(data_dir, text)[0].startswith(
        f"{P}:24: by_unit.75.indicators.quy-trnh: trường không được hỗ trợ (ý bạn là 'quy-trinh'?)")


# ---- traffic lights -----------------------------------------------------------------------------------

RULES = TrafficLights(red_overdue_share=10, yellow_overdue=3)


NB = "\u00a0"


# The rule says the comparison as it is made: Đỏ `trên 10%` (exactly 10% is Vàng), Vàng `từ 3 … trở lên và không
# quá 10%`; the share at the whole percent the unit's table of statuses shows (one figure, one precision).
@pytest.mark.parametrize("completed, overdue, key, rule", [
    (90, 10, "vang", f"Vàng (10{NB}nhiệm{NB}vụ quá hạn, chiếm 10% số nhiệm vụ được giao: từ 3{NB}nhiệm{NB}vụ trở lên "
                     "và không quá 10%)"),
    (89, 11, "do", "Đỏ (11% số nhiệm vụ quá hạn, trên ngưỡng 10%)"),
    (880, 101, "do", "Đỏ (hơn 10% số nhiệm vụ quá hạn, trên ngưỡng 10%)"),  # 10,3%: shown 10% would read as not over
    (9000, 1001, "do", "Đỏ (hơn 10% số nhiệm vụ quá hạn, trên ngưỡng 10%)"),
    (97, 3, "vang", f"Vàng (3{NB}nhiệm{NB}vụ quá hạn, chiếm 3% số nhiệm vụ được giao: từ 3{NB}nhiệm{NB}vụ trở lên "
                    "và không quá 10%)"),
    (98, 2, "xanh", f"Xanh (2{NB}nhiệm{NB}vụ quá hạn, dưới 3{NB}nhiệm{NB}vụ)"),
    (100, 0, "xanh", "Xanh (không có nhiệm vụ quá hạn)"),
    (0, 0, "xanh", "Xanh (không có nhiệm vụ quá hạn)"),
])
def test_light_boundaries(completed, overdue, key, rule):
    found = light(TaskCounts(completed, 0, overdue), RULES)
    assert (found.key, found.rule) == (key, rule)
    assert found.rule.startswith(found.label + " (")


def test_light_share_is_the_tables_whole_percent():
    """21,3% overdue is shown 21%, as the table of statuses beside it; a share under 1% says so."""
    assert light(TaskCounts(70, 30, 27)).rule == "Đỏ (21% số nhiệm vụ quá hạn, trên ngưỡng 10%)"
    assert light(TaskCounts(250, 32, 27)).rule == (f"Vàng (27{NB}nhiệm{NB}vụ quá hạn, chiếm 9% số nhiệm vụ được giao: "
                                                   f"từ 1{NB}nhiệm{NB}vụ trở lên và không quá 10%)")
    assert light(TaskCounts(998, 1001, 1), RULES).rule.startswith("Xanh (1")
    assert light(TaskCounts(998, 1001, 1)).rule == (f"Vàng (1{NB}nhiệm{NB}vụ quá hạn, chiếm dưới 1% số nhiệm vụ được "
                                                    f"giao: từ 1{NB}nhiệm{NB}vụ trở lên và không quá 10%)")


def test_rules_say_how_each_level_is_set():
    assert rules_text(TrafficLights()) == (
        "Mức cảnh báo được xác định như sau: mức Đỏ khi số nhiệm vụ quá hạn chiếm trên 10% số nhiệm vụ được giao; "
        f"mức Vàng khi có từ 1{NB}nhiệm{NB}vụ quá hạn trở lên và số nhiệm vụ quá hạn không quá 10%; mức Xanh khi "
        "không có nhiệm vụ quá hạn.")
    assert rules_text(RULES).endswith(f"mức Xanh khi có dưới 3{NB}nhiệm{NB}vụ quá hạn và số nhiệm vụ quá hạn không "
                                      "quá 10%.")


def test_unit_in_text_and_kind():
    """A name that starts with its level writes that generic noun lower-case inside a sentence (NĐ 30/2020)."""
    assert Unit("75", "Tỉnh Đồng Nai", "tỉnh").in_text == "tỉnh Đồng Nai"
    assert Unit("1", "Phường Phước Tân", "phường").in_text == "phường Phước Tân"
    assert Unit("2", "Thành phố Hà Nội", "thành phố").in_text == "thành phố Hà Nội"
    assert Unit("3", "Phước Tân", "phường").in_text == "Phước Tân"
    assert Unit("4", "Xã Đảo Phú Quý", "đặc khu").in_text == "Xã Đảo Phú Quý"  # not its own level: as written
    assert Unit("26068", "Phường Phước Tân", "phường").kind == "phường (cấp xã)"
    assert Unit("75", "Tỉnh Đồng Nai", "tỉnh").kind == "tỉnh (cấp tỉnh)"


def test_default_lights():
    assert light(TaskCounts(9, 0, 1)).key == "vang"       # 10%: not over 10%, and 1 overdue
    assert light(TaskCounts(8, 0, 1)).key == "do"         # 11,1%
    assert light(TaskCounts(9, 0, 0)).key == "xanh"


def test_ranked_worst_first():
    lights = {"a": light(TaskCounts(95, 0, 5)), "b": light(TaskCounts(80, 0, 20)), "c": light(TaskCounts(10, 0, 0)),
              "d": light(TaskCounts(85, 0, 15)), "e": light(TaskCounts(97, 0, 3))}
    assert ranked(lights, {}) == ["b", "d", "a", "e", "c"]


@pytest.mark.parametrize("written, message", [
    ("red_overdue_share: 120", "traffic_lights.red_overdue_share: ngưỡng đỏ là tỷ lệ phần trăm, không quá 100 "
                               "(đang ghi 120)"),
    ("yellow_overdue: 0", "traffic_lights.yellow_overdue: ngưỡng vàng phải từ 1 nhiệm vụ trở lên "
                          "(0 thì mọi đơn vị đều vàng)"),
])
def test_wrong_thresholds(data_dir, written, message):
    text = PROGRAMME.replace(written.split(":")[0] + ": ", written + "  # ", 1)
    errors = programme_errors(data_dir, text)
    assert [e.split(": ", 1)[1] for e in errors] == [message]


# ---- scale: 34 provinces × ~98 communes ---------------------------------------------------------------

def test_3355_units_validated_and_lit_quickly(data_dir):
    lines, by_unit = ["units:"], ["    by_unit:"]
    total = [0, 0, 0]
    for p in range(34):
        province = f"P{p:02d}"
        lines += [f'  - code: "{province}"', f"    name: Tỉnh thử {p}", "    level: tỉnh"]
        communes = 98 if p < 23 else 97  # 23 × 98 + 11 × 97 = 3321 communes + 34 provinces = 3355
        sums = [0, 0, 0]
        for c in range(communes):
            code = f"{province}C{c:03d}"
            lines += [f'  - code: "{code}"', f"    name: Xã thử {p}-{c}", "    level: xã", f'    parent: "{province}"']
            counts = [10 + c % 7, 5 + c % 3, c % 4]
            sums = [a + b for a, b in zip(sums, counts, strict=True)]
            by_unit += [f'      "{code}":', "        tasks:", f"          completed: {counts[0]}",
                        f"          on_schedule: {counts[1]}", f"          overdue: {counts[2]}"]
        by_unit += [f'      "{province}":', "        tasks:", f"          completed: {sums[0]}",
                    f"          on_schedule: {sums[1]}", f"          overdue: {sums[2]}"]
        total = [a + b for a, b in zip(total, sums, strict=True)]
    programme = ["title: Thử quy mô", "reports:", "  - as_of: 2025-12-25", "    tasks:",
                 f"      completed: {total[0]}", f"      on_schedule: {total[1]}",
                 f"      overdue: {total[2]}"] + by_unit
    (data_dir / "units.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (data_dir / "programmes" / "cds.yml").write_text("\n".join(programme) + "\n", encoding="utf-8")
    started = time.monotonic()
    units = load_units(data_dir)
    (loaded,) = load_programmes(data_dir, units=units)
    figures = loaded.latest.figures_by_unit
    lights = {code: light(f.tasks, loaded.traffic_lights) for code, f in figures.items()}
    elapsed = time.monotonic() - started
    assert len(units.by_code) == 3355 and len(lights) == 3355
    assert {light.key for light in lights.values()} == {"do", "vang", "xanh"}
    assert elapsed < 5, f"{elapsed:.1f} s"


# ---- the unit's page and the statistics page's units, built by mkdocs ------------------------------------

@pytest.fixture(scope="module")
def site(demo_site):
    return demo_site


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" :", ":").replace(" .", ".")


RANKING_ROW = re.compile(r'<tr><th scope="row"><a href="([^"]+)">([^<]+)</a></th>\s*'
                         r'<td class="bt-light bt-light--(\w+)" '
                         r'data-bt-value="(\d+)"><svg class="bt-marker bt-marker--\w+"[^>]*>.*?</svg> '
                         r'<strong>(\w+)</strong>[^<]*</td>'
                         r'((?:\s*<td class="bt-num" data-bt-value="[^"]+">[^<]+</td>)*)', re.S)
GRID_CELL = re.compile(r'<li class="bt-grid__cell bt-grid__cell--(\w+)"><a href="([^"]+)">([^<]+)</a>\s*'
                       r'<span class="bt-grid__light"><svg class="bt-marker bt-marker--(\w+)"[^>]*>(.*?)</svg> '
                       r'(\w+)</span></li>', re.S)
SHAPES = {"do": "<rect", "vang": "<path", "xanh": "<circle"}  # square, triangle, circle: told apart without colour


def ranking_rows(html: str) -> list[tuple]:
    return [(href, name, key, label, re.findall(r">([^<]+)</td>", cells))
            for href, name, key, place, label, cells in RANKING_ROW.findall(html)]


def grid_cells(html: str) -> list[tuple]:
    cells = GRID_CELL.findall(html)
    for key, _, _, marker, shape, _ in cells:
        assert marker == key and shape.startswith(SHAPES[key])
    return [(href, name, label) for _, href, name, _, _, label in cells]


def test_province_page_ranks_wards_worst_first(site):
    html = (site / "don-vi/75/index.html").read_text(encoding="utf-8")
    text = text_of(html)
    plain = text.replace("\u00a0", " ")
    assert "Tỉnh Đồng Nai" in text and "Mã đơn vị hành chính: 75 · Loại đơn vị: tỉnh (cấp tỉnh)" in text
    # the share at the precision of the table beside it (9%), the rule as computed (`không quá 10%`)
    assert ("Mức Vàng (27 nhiệm vụ quá hạn, chiếm 9% số nhiệm vụ được giao: từ 1 nhiệm vụ trở lên và không quá 10%)"
            in plain)
    # in data/units.yml: 26068, Trấn Biên, Long Khánh; ranked: Đỏ first, then the two Xanh by name
    assert ranking_rows(html) == [
        ("../26068/", f"Phường {DEMO_WARD}", "do", "Đỏ", ["127", "70", "30", "27", "55,1%"]),
        ("../26380/", "Phường Long Khánh", "xanh", "Xanh", ["62", "39", "23", "0", "62,9%"]),
        ("../26041/", "Phường Trấn Biên", "xanh", "Xanh", ["120", "80", "40", "0", "66,7%"])]
    assert grid_cells(html) == [("../26068/", f"Phường {DEMO_WARD}", "Đỏ"), ("../26041/", "Phường Trấn Biên", "Xanh"),
                                ("../26380/", "Phường Long Khánh", "Xanh")]
    assert "Các phường trực thuộc 2 trong số 3 phường đạt mức Xanh; 1 phường ở mức Đỏ." in text
    assert "Đỏ (21% số nhiệm vụ quá hạn, trên ngưỡng 10%)" in text
    assert "Xanh (không có nhiệm vụ quá hạn)" in text
    assert "Tình hình thực hiện nhiệm vụ của tỉnh Đồng Nai, tính đến 25/12/2025" in text
    for label, count, percent in (("Đã hoàn thành", "189", "61%"), ("Đang thực hiện theo tiến độ", "93", "30%"),
                                  ("Đang thực hiện quá hạn", "27", "9%")):
        assert f"{label} {count} {percent}" in text
    assert f'href="../../thong-ke/{DEMO_PROGRAMME}/"' in html
    assert f'href="../../du-lieu/don-vi/{DEMO_PROGRAMME}.csv" download>Tải bảng của mọi đơn vị (CSV)' in html
    assert re.search(r'<script src="../../assets/javascripts/bantin-sort\.[0-9a-f]{10}\.js" defer>', html)


def test_ward_page_links_to_its_province_and_says_its_change(site):
    html = (site / "don-vi/26068/index.html").read_text(encoding="utf-8")
    text = text_of(html)
    assert "Mã đơn vị hành chính: 26068 · Loại đơn vị: phường (cấp xã) · Trực thuộc: Tỉnh Đồng Nai" in text
    assert 'href="../75/"' in html
    # one figure, one precision: the light's share is the table's 21%, never 21,3% beside it
    assert "Mức Đỏ (21% số nhiệm vụ quá hạn, trên ngưỡng 10%)" in text and "21,3%" not in text
    assert "Đã hoàn thành 70 55%" in text and "Đang thực hiện quá hạn 27 21%" in text
    assert ("So với kỳ báo cáo 30/9/2025, số nhiệm vụ được giao tăng 5 nhiệm vụ (từ 122 lên 127); theo tình trạng: "
            "đã hoàn thành tăng 8 nhiệm vụ (từ 62 lên 70), đang thực hiện theo tiến độ giảm 5 nhiệm vụ (từ 35 xuống "
            "30), đang thực hiện quá hạn tăng 2 nhiệm vụ (từ 25 lên 27); tỷ lệ hoàn thành (làm tròn đến một chữ số "
            "thập phân) tăng 4,3 điểm phần trăm (từ 50,8% lên 55,1%).") in text.replace("\u00a0", " ")
    assert "bantin-sort" not in html  # no ranking on the page: no script


def test_statistics_page_ranks_the_wards_of_its_single_province(site):
    html = (site / f"thong-ke/{DEMO_PROGRAMME}/index.html").read_text(encoding="utf-8")
    section = html[html.index('<h2 id="theo-don-vi">'):html.index('<h2 id="thoi-han">')]
    text = text_of(section).strip()
    # one colon after the name (not `Tỉnh Đồng Nai: Vàng:`), the share as the headline's 9% (not 8,7%)
    assert text.replace("\u00a0", " ").startswith("Tiến độ theo đơn vị Tỉnh Đồng Nai: mức Vàng (27 nhiệm vụ quá hạn, "
                                                  "chiếm 9% số nhiệm vụ được giao")
    assert "2 trong số 3 phường đạt mức Xanh; 1 phường ở mức Đỏ." in text
    assert [(href, name, label) for href, name, _, label, _ in ranking_rows(section)] == [
        ("../../don-vi/26068/", f"Phường {DEMO_WARD}", "Đỏ"), ("../../don-vi/26380/", "Phường Long Khánh", "Xanh"),
        ("../../don-vi/26041/", "Phường Trấn Biên", "Xanh")]
    assert len(grid_cells(section)) == 3
    assert ("Danh sách theo mức cảnh báo: các phường trực thuộc tỉnh Đồng Nai, tính đến 25/12/2025 (mức Đỏ, mức Vàng "
            "rồi mức Xanh; cùng mức thì đơn vị có tỷ lệ nhiệm vụ quá hạn cao hơn xếp trước)") in text
    assert f'href="../../du-lieu/don-vi/{DEMO_PROGRAMME}.csv" download' in section
    assert ("Mức cảnh báo được xác định như sau: mức Đỏ khi số nhiệm vụ quá hạn chiếm trên 10% số nhiệm vụ được "
            "giao; mức Vàng khi có từ 1 nhiệm vụ quá hạn trở lên và số nhiệm vụ quá hạn không quá 10%; mức Xanh khi "
            "không có nhiệm vụ quá hạn.") in text.replace("\u00a0", " ")


def test_ranking_csv_is_published(site):
    """Needs bantin.build.state.SiteData.data_files to publish each page kind's files (pages.PageKind.files)."""
    text = (site / f"du-lieu/don-vi/{DEMO_PROGRAMME}.csv").read_text(encoding="utf-8")
    lines = text.removeprefix("\ufeff").splitlines()
    assert lines[0].startswith("Tính đến;Mã;Tên;Cấp;Mã đơn vị cấp trên;Thứ tự;Mức cảnh báo;")
    assert [line.split(";")[1] for line in lines[1:]] == ["75", "26068", "26380", "26041"]


# ---- each chart: valid SVG, and its numbers are those of its table ------------------------------------------

def svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(svg) for svg in re.findall(r"<svg\b.*?</svg>", html, re.S)]


def table_rows(html: str, caption: str) -> list[list[str]]:
    table = re.search(r"<caption>" + re.escape(caption) + r"</caption>(.*?)</table>", html, re.S).group(1)
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)]


def trend_numbers(svg: ET.Element) -> dict[str, list[str]]:
    """{date: [assigned, completed, on schedule, overdue]}, read from the chart's own text."""
    found, when = {}, None
    for text in svg.findall("s:text", NS):
        label = re.match(r"(\d{1,2}/\d{1,2}/\d{4}) · ([\d.]+)\u00a0nhiệm\u00a0vụ", text.text)
        if label:
            when = label.group(1)
            found[when] = [label.group(2)]
        else:
            found[when].append(text.text)
    return found


def test_every_svg_is_valid_and_labelled_or_hidden(site):
    for page in ("don-vi/75/index.html", "don-vi/26068/index.html", f"thong-ke/{DEMO_PROGRAMME}/index.html"):
        found = svgs((site / page).read_text(encoding="utf-8"))
        assert found, page
        for svg in found:
            if svg.get("aria-hidden") == "true":  # a marker or a swatch: the words beside it say it
                assert svg.get("focusable") == "false"
                if "bt-marker" in (svg.get("class") or ""):
                    assert svg.get("viewBox") == "0 0 12 12"
            else:  # a chart: drawn at the page's width in em of its text, hence no viewBox
                assert svg.get("role") == "img" and svg.get("aria-label") and svg.get("viewBox") is None


def test_unit_trend_numbers_equal_its_table(site):
    html = (site / "don-vi/26068/index.html").read_text(encoding="utf-8")
    (chart,) = [svg for svg in svgs(html) if svg.get("class") == "bt-trend"]
    rows = table_rows(html, f"Số nhiệm vụ của phường {DEMO_WARD} qua các kỳ báo cáo")  # generic noun lower-case
    table = {row[0]: [row[1]] + [cell.split("\u00a0")[0] for cell in row[2:5]] for row in rows}
    assert trend_numbers(chart) == table == {"30/9/2025": ["122", "62", "35", "25"],
                                             "25/12/2025": ["127", "70", "30", "27"]}
    assert [row[5] for row in rows] == ["Đỏ", "Đỏ"]


def test_programme_trend_numbers_equal_its_table(site):
    html = (site / f"thong-ke/{DEMO_PROGRAMME}/index.html").read_text(encoding="utf-8")
    (chart,) = [svg for svg in svgs(html) if svg.get("class") == "bt-trend"]
    rows = table_rows(html, "Số nhiệm vụ qua các kỳ báo cáo")
    table = {row[0]: [row[1]] + [cell.split("\u00a0")[0] for cell in row[2:5]] for row in rows}
    numbers = trend_numbers(chart)
    # a part too narrow for its figure leaves it to the table: the chart's figures are the table's, in order
    assert set(numbers) == set(table) == {"30/9/2025", "25/12/2025"}
    for when, figures in numbers.items():
        assert figures[0] == table[when][0] and figures[1:] == table[when][1:1 + len(figures) - 1]


# ---- national scale: 34 provinces and 3,321 communes, built by mkdocs ------------------------------------

@pytest.fixture(scope="module")
def national_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("national")
    project = copy_project(tmp / "p")
    assert national.write(project) == 3355
    (project / "data" / "programmes" / "ke-hoach-phuong.yml").write_text(TASK_UNITS, encoding="utf-8")
    started = time.monotonic()
    result = mkdocs_build(project, tmp / "site", build_env(search=False), timeout=300)
    print(f"3,355 units built in {time.monotonic() - started:.1f} s")
    assert result.returncode == 0, result.stderr
    return tmp / "site"


TASK_UNITS = """title: Kế hoạch của phường
task_list:
  - {title: Việc của tỉnh, due: 2026-03-31, chu_tri: Văn phòng, unit: Tỉnh Đồng Nai}
  - {title: Việc theo mã, due: 2026-03-31, chu_tri: Văn phòng, unit: "26068"}
  - {title: Việc của văn phòng, due: 2026-03-31, chu_tri: Văn phòng, unit: Văn phòng}
reports:
  - as_of: 2025-12-25
"""


def expected_lights() -> dict[str, str]:
    """Each province's light from the generated figures, by the default rule (independent of bantin.figures.units)."""
    lights, number = {}, 0
    for index, (province, communes) in enumerate(national.tree().items()):
        overdue = assigned = 0
        for _ in communes:
            number += 1
            counts = national._counts(number, 1, index)
            overdue, assigned = overdue + counts[2], assigned + sum(counts)
        lights[province] = "Đỏ" if overdue * 100 > assigned * 10 else "Vàng" if overdue else "Xanh"
    return lights


def test_3355_unit_pages(national_site):
    pages = sorted(p.parent.name for p in (national_site / "don-vi").glob("*/index.html"))
    assert len(pages) == 3355 and len(list((national_site / "don-vi").iterdir())) == 3355
    assert pages[:2] == ["26041", "26068"] and "T17X097" in pages and "T33X096" in pages and "T33X097" not in pages


def test_national_statistics_page(national_site):
    html = (national_site / "thong-ke/quy-mo-quoc-gia/index.html").read_text(encoding="utf-8")
    section = html[html.index('<h2 id="theo-don-vi">'):html.index("Mức cảnh báo được xác định như sau")]
    lights = expected_lights()
    assert sorted(lights.values()).count("Xanh") == 31
    assert ("31 trong số 34 tỉnh, thành phố đạt mức Xanh; 2 tỉnh, thành phố ở mức Vàng; 1 thành phố ở mức Đỏ."
            ) in text_of(section)
    rows = ranking_rows(section)
    assert len(rows) == 34 and len(grid_cells(section)) == 34
    assert [(name, label) for _, name, _, label, _ in rows[:3]] == [
        ("Thành phố Thử nghiệm 17", "Đỏ"), ("Tỉnh Thử nghiệm 3", "Vàng"), ("Thành phố Thử nghiệm 29", "Vàng")]
    assert {href.split("/")[-2]: label for href, _, _, label, _ in rows} == lights
    assert [row[1] for row in rows[3:5]] == ["Thành phố Thử nghiệm 11", "Thành phố Thử nghiệm 23"]  # Xanh: by name


def test_national_province_and_commune_pages(national_site):
    html = (national_site / "don-vi/T17/index.html").read_text(encoding="utf-8")
    text = text_of(html)
    assert "Các xã, phường trực thuộc Chưa có xã, phường nào đạt mức Xanh; 26 xã, phường ở mức Vàng; " \
           "72 xã, phường ở mức Đỏ." in text
    assert len(ranking_rows(html)) == 98 and len(grid_cells(html)) == 98
    html = (national_site / "don-vi/T05X003/index.html").read_text(encoding="utf-8")
    text = text_of(html).replace("\u00a0", " ")
    assert ("Xã Thử nghiệm 5-003 Mã đơn vị hành chính: T05X003 · Loại đơn vị: xã (cấp xã) · Trực thuộc: Thành phố "
            "Thử nghiệm 5") in text
    assert ("So với kỳ báo cáo 30/9/2025, số nhiệm vụ được giao tăng 2 nhiệm vụ (từ 21 lên 23); theo tình trạng: đã "
            "hoàn thành tăng 4 nhiệm vụ (từ 14 lên 18), đang thực hiện theo tiến độ giảm 2 nhiệm vụ (từ 7 xuống 5), "
            "đang thực hiện quá hạn giữ nguyên (0 nhiệm vụ); tỷ lệ hoàn thành (làm tròn đến một chữ số thập phân) "
            "tăng 11,6 điểm phần trăm (từ 66,7% lên 78,3%).") in text
    (chart,) = [svg for svg in svgs(html) if svg.get("class") == "bt-trend"]
    assert trend_numbers(chart) == {"30/9/2025": ["21", "14", "7"], "25/12/2025": ["23", "18", "5"]}


def test_task_list_links_the_units_it_names(national_site):
    html = (national_site / "thong-ke/ke-hoach-phuong/index.html").read_text(encoding="utf-8")
    assert '<td><a href="../../don-vi/75/">Tỉnh Đồng Nai</a></td>' in html
    assert '<td><a href="../../don-vi/26068/">26068</a></td>' in html
    assert "<td>Văn phòng</td>" in html


def test_unit_names_reach_pages_escaped(tmp_path):
    """A unit's name is data: in the tables, the grid, the sentences and the chart's text it is shown, never run."""
    project = copy_project(tmp_path / "p")
    units_file = project / "data" / "units.yml"
    units_file.write_text(units_file.read_text(encoding="utf-8").replace(
        f"name: Phường {DEMO_WARD}", 'name: "Phường <img src=x onerror=alert(1)> & \\"Bình\\""'), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", build_env(search=False))
    assert result.returncode == 0, result.stderr
    for page in ("don-vi/75/index.html", "don-vi/26068/index.html", f"thong-ke/{DEMO_PROGRAMME}/index.html"):
        html = (tmp_path / "site" / page).read_text(encoding="utf-8")
        assert "<img src=x" not in html, page
        assert "Phường &lt;img src=x onerror=alert(1)&gt; &amp; " in html, page
    html = (tmp_path / "site" / "don-vi/26068/index.html").read_text(encoding="utf-8")
    assert "<h1>Phường &lt;img src=x onerror=alert(1)&gt; &amp; &#34;Bình&#34;</h1>" in html
    (chart,) = [svg for svg in svgs(html) if svg.get("class") == "bt-trend"]  # still valid SVG
    assert chart.get("role") == "img"
