"""Reporting units (data/units.yml), figures by unit (`by_unit:`), traffic lights and the unit's page."""
import re
import textwrap
import time

import pytest

from bantin.errors import DataErrors
from bantin.fields import Errors
from bantin.loading import load_programmes
from bantin.model import TaskCounts, TrafficLights
from bantin.units import Units, light, load_units, ranked
from sitebuild import REPO, mkdocs_build

U = "data/units.yml"
P = "data/programmes/cds.yml"

UNITS = """
units:
  - code: "75"
    name: Tỉnh Đồng Nai
    level: tỉnh
  - code: "26068"
    name: Phường Phước Bình
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
    assert unit_errors(data_dir, UNITS.replace('parent: "75"\n  - code: "26041"', 'parent: "57"\n  - code: "26041"')) == [
        f"{U}:8: units.parent: không có đơn vị mã '57' trong tệp (có phải ý là '75' — Tỉnh Đồng Nai?); "
        "đơn vị cấp trên (parent) ghi mã (code) của một đơn vị trong tệp này"]


def test_parent_written_as_name(data_dir):
    text = UNITS.replace('parent: "75"\n  - code: "26041"', 'parent: Tỉnh Đồng Nai\n  - code: "26041"')
    assert unit_errors(data_dir, text) == [
        f"{U}:8: units.parent: không có đơn vị mã 'Tỉnh Đồng Nai' trong tệp (có phải ý là '75' — Tỉnh Đồng Nai?); "
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
        f"{U}:7: units.level: cấp 'phuong' viết thiếu dấu hoặc sai chữ hoa (có phải ý là 'phường'?); "
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
    text = PROGRAMME.split("    by_unit:")[0].replace("traffic_lights:\n  red_overdue_share: 10\n  yellow_overdue: 2\n", "")
    data_dir.write("cds.yml", text)
    (programme,) = load_programmes(data_dir)
    assert programme.latest.by_unit == () and programme.traffic_lights == TrafficLights(10, 1)


def test_children_must_add_up_to_parent(data_dir):
    text = PROGRAMME.replace("overdue: 7", "overdue: 6")
    assert programme_errors(data_dir, text) == [
        f"{P}:18: by_unit.75.tasks: số nhiệm vụ quá hạn (overdue) của Tỉnh Đồng Nai (75) là 27, nhưng cộng các "
        "đơn vị trực thuộc (Phường Phước Bình (26068), Phường Trấn Biên (26041)) được 26; hãy sửa cho khớp"]


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
        f"{P}:30: by_unit.26014: không có đơn vị mã '26014' trong {U} (có phải ý là '26041' — Phường Trấn Biên?)"]


def test_unit_code_key_unquoted(data_dir):
    text = PROGRAMME.replace('"26041":', '26041:')
    assert programme_errors(data_dir, text)[0] == (
        f"{P}:30: by_unit: mã đơn vị là chữ, nhưng YAML có thể hiểu đây là số '26041'; hãy đặt trong ngoặc kép: \"26041\":")


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
        f"{P}:24: by_unit.75.indicators.quy-trnh: trường không được hỗ trợ (có phải ý là 'quy-trinh'?)")


# ---- traffic lights -----------------------------------------------------------------------------------

RULES = TrafficLights(red_overdue_share=10, yellow_overdue=3)


@pytest.mark.parametrize("completed, overdue, key, rule", [
    (90, 10, "vang", "Vàng: 10 nhiệm vụ quá hạn (10%), từ ngưỡng 3 nhiệm vụ trở lên, chưa vượt ngưỡng đỏ 10%"),
    (89, 11, "do", "Đỏ: 11% nhiệm vụ quá hạn, vượt ngưỡng 10%"),
    (880, 101, "do", "Đỏ: 10,3% nhiệm vụ quá hạn, vượt ngưỡng 10%"),
    (9000, 1001, "do", "Đỏ: hơn 10% nhiệm vụ quá hạn, vượt ngưỡng 10%"),
    (97, 3, "vang", "Vàng: 3 nhiệm vụ quá hạn (3%), từ ngưỡng 3 nhiệm vụ trở lên, chưa vượt ngưỡng đỏ 10%"),
    (98, 2, "xanh", "Xanh: 2 nhiệm vụ quá hạn, dưới ngưỡng vàng 3 nhiệm vụ"),
    (100, 0, "xanh", "Xanh: không có nhiệm vụ quá hạn"),
    (0, 0, "xanh", "Xanh: không có nhiệm vụ quá hạn"),
])
def test_light_boundaries(completed, overdue, key, rule):
    found = light(TaskCounts(completed, 0, overdue), RULES)
    assert (found.key, found.rule) == (key, rule)
    assert found.rule.startswith(found.label + ":")


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
            sums = [a + b for a, b in zip(sums, counts)]
            by_unit += [f'      "{code}":', "        tasks:", f"          completed: {counts[0]}",
                        f"          on_schedule: {counts[1]}", f"          overdue: {counts[2]}"]
        by_unit += [f'      "{province}":', "        tasks:", f"          completed: {sums[0]}",
                    f"          on_schedule: {sums[1]}", f"          overdue: {sums[2]}"]
        total = [a + b for a, b in zip(total, sums)]
    programme = ["title: Thử quy mô", "reports:", "  - as_of: 2025-12-25", "    tasks:",
                 f"      completed: {total[0]}", f"      on_schedule: {total[1]}", f"      overdue: {total[2]}"] + by_unit
    (data_dir / "units.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (data_dir / "programmes" / "cds.yml").write_text("\n".join(programme) + "\n", encoding="utf-8")
    started = time.monotonic()
    units = load_units(data_dir)
    (loaded,) = load_programmes(data_dir, units=units)
    figures = loaded.latest.figures_by_unit
    lights = {code: light(f.tasks, loaded.traffic_lights) for code, f in figures.items()}
    elapsed = time.monotonic() - started
    assert len(units.by_code) == 3355 and len(lights) == 3355
    assert {l.key for l in lights.values()} == {"do", "vang", "xanh"}
    assert elapsed < 5, f"{elapsed:.1f} s"


# ---- the unit's page, built by mkdocs ------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site_dir = tmp_path_factory.mktemp("site")
    result = mkdocs_build(REPO, site_dir)
    assert result.returncode == 0, result.stderr
    return site_dir


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" :", ":").replace(" .", ".")


def test_province_page_ranks_wards_worst_first(site):
    html = (site / "don-vi/75/index.html").read_text(encoding="utf-8")
    text = text_of(html)
    assert "Tỉnh Đồng Nai" in text and "Mã đơn vị: 75. Cấp: tỉnh." in text
    assert "Vàng: 27 nhiệm vụ quá hạn (8,7%), từ ngưỡng 1 nhiệm vụ trở lên, chưa vượt ngưỡng đỏ 10%" in text
    rows = re.findall(r'<tr class="bt-unit-row"><th scope="row"><a href="([^"]+)">([^<]+)</a></th>\s*'
                      r'<td class="bt-light bt-light--(\w+)"><strong>(\w+)</strong>', html)
    # in the file: Long Khánh, Phước Bình, Trấn Biên; ranked: Đỏ first, then the two Xanh by name
    assert rows == [("../26068/", "Phường Phước Bình", "do", "Đỏ"), ("../26380/", "Phường Long Khánh", "xanh", "Xanh"),
                    ("../26041/", "Phường Trấn Biên", "xanh", "Xanh")]
    assert "Đỏ: 21,3% nhiệm vụ quá hạn, vượt ngưỡng 10%" in text
    assert "Xanh: không có nhiệm vụ quá hạn" in text
    for label, count, percent in (("Đã hoàn thành", "189", "61%"), ("Đang thực hiện theo tiến độ", "93", "30%"),
                                  ("Đang thực hiện quá hạn", "27", "9%")):
        assert f"{label} {count} {percent}" in text
    assert 'href="../../thong-ke/chuyen-doi-so-co-quan-dang/"' in html


def test_ward_page_links_to_its_province(site):
    html = (site / "don-vi/26068/index.html").read_text(encoding="utf-8")
    text = text_of(html)
    assert "Trực thuộc: Tỉnh Đồng Nai." in text and 'href="../75/"' in html
    assert "Đỏ: 21,3% nhiệm vụ quá hạn, vượt ngưỡng 10%" in text
    assert "Đã hoàn thành 70 55%" in text and "Đang thực hiện quá hạn 27 21%" in text
