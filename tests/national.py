"""A national-scale data set, generated (never committed as demo data): the demo's province and three wards plus
33 provinces and 3,318 communes, 34 + 3,321 = 3,355 units, and a programme reporting every one of them in two
reports. Used by tests/test_units.py (a real build) and `make bench` (time per unit page).

Levels as after the 2025 reorganisation: 6 thành phố and 28 tỉnh; about 2,640 xã, 670 phường and 13 đặc khu.
Figures are deterministic and add up level by level. As in the reports ("33 trong số 34 tỉnh, thành phố đạt mức
Xanh"), most provinces have no task overdue: 31 are Xanh, Tỉnh Thử nghiệm 3 and Thành phố Thử nghiệm 29 are Vàng,
Thành phố Thử nghiệm 17 is Đỏ (and Tỉnh Thử nghiệm 3 was Đỏ in the first report); their communes are of all three.
"""
from __future__ import annotations

from pathlib import Path

from sitebuild import DEMO_WARD

PROGRAMME = "quy-mo-quoc-gia"
PROVINCES, COMMUNES = 34, 3321
DEMO_UNITS = ("75", ("26068", "26041", "26380"))  # kept from data/units.yml: the demo programme names them
REPORTS = ("2025-09-30", "2025-12-25")
CITIES = (5, 11, 17, 23, 29, 33)  # province indexes of the thành phố
# Province index → its communes' overdue tasks in each report (commune number, report) → count.
TROUBLE = {
    3: lambda n, r: (0 if n % 9 else 1 + n % 4) if r else 4 + n % 3,   # Đỏ, then Vàng
    17: lambda n, r: 3 + n % 2,                                        # Đỏ: about 14% overdue
    29: lambda n, r: 1 if n % 40 == 0 else 0,                          # Vàng: a few communes
}


def _province_codes() -> list[str]:
    return [DEMO_UNITS[0]] + [f"T{number:02d}" for number in range(1, PROVINCES)]


def _communes_of(index: int, province: str) -> list[str]:
    """3,321 communes over 34 provinces: 23 provinces of 98 and 11 of 97; the demo province keeps its wards."""
    count = 98 if index < 23 else 97
    if province == DEMO_UNITS[0]:
        return list(DEMO_UNITS[1]) + [f"{province}X{n:03d}" for n in range(count - len(DEMO_UNITS[1]))]
    return [f"{province}X{n:03d}" for n in range(count)]


def _commune_level(number: int) -> str:
    """About 79% xã, 21% phường, 13 đặc khu in all."""
    if number % 256 == 7:
        return "đặc khu"
    return "phường" if number % 5 == 0 else "xã"


def _counts(number: int, report: int, province: int) -> tuple[int, int, int]:
    """completed, on schedule, overdue: the later report has more tasks, and more of them done."""
    assigned = 20 + number % 17 + report * 2
    overdue = TROUBLE[province](number, report) if province in TROUBLE else 0
    completed = (assigned - overdue) * (55 + report * 10 + number % 20) // 100
    return completed, assigned - overdue - completed, overdue


def units_yaml(tree: dict[str, list[str]]) -> str:
    lines = ["units:"]
    number = 0
    for index, (province, communes) in enumerate(tree.items()):
        level = "thành phố" if index in CITIES else "tỉnh"
        name = "Tỉnh Đồng Nai" if province == DEMO_UNITS[0] else f"{level.capitalize()} Thử nghiệm {index}"
        lines += [f'  - code: "{province}"', f"    name: {name}", f"    level: {level}"]
        for code in communes:
            number += 1
            if code in DEMO_UNITS[1]:
                level, name = "phường", {"26068": f"Phường {DEMO_WARD}", "26041": "Phường Trấn Biên",
                                          "26380": "Phường Long Khánh"}[code]
            else:
                level = _commune_level(number)
                name = f"{level.capitalize()} Thử nghiệm {index}-{code[-3:]}"
            lines += [f'  - code: "{code}"', f"    name: {name}", f"    level: {level}", f'    parent: "{province}"']
    return "\n".join(lines) + "\n"


def _tasks(counts) -> list[str]:
    return ["        tasks:", f"          completed: {counts[0]}", f"          on_schedule: {counts[1]}",
            f"          overdue: {counts[2]}"]


def programme_yaml(tree: dict[str, list[str]]) -> str:
    lines = ["title: Kế hoạch thử nghiệm quy mô toàn quốc", "owner: Ban Chỉ đạo thử nghiệm", "reports:"]
    for report, as_of in enumerate(REPORTS):
        total, by_unit, number = [0, 0, 0], [], 0
        for index, (province, communes) in enumerate(tree.items()):
            sums = [0, 0, 0]
            for code in communes:
                number += 1
                counts = _counts(number, report, index)
                sums = [a + b for a, b in zip(sums, counts, strict=True)]
                by_unit += [f'      "{code}":'] + _tasks(counts)
            by_unit += [f'      "{province}":'] + _tasks(sums)
            total = [a + b for a, b in zip(total, sums, strict=True)]
        lines += [f"  - as_of: {as_of}", "    tasks:", f"      completed: {total[0]}",
                  f"      on_schedule: {total[1]}", f"      overdue: {total[2]}", "    by_unit:"] + by_unit
    return "\n".join(lines) + "\n"


def tree() -> dict[str, list[str]]:
    return {province: _communes_of(index, province) for index, province in enumerate(_province_codes())}


def write(project: Path) -> int:
    """Replaces `project`'s data/units.yml and adds the national programme; returns the number of units."""
    found = tree()
    (project / "data" / "units.yml").write_text(units_yaml(found), encoding="utf-8")
    (project / "data" / "programmes" / f"{PROGRAMME}.yml").write_text(programme_yaml(found), encoding="utf-8")
    return len(found) + sum(len(communes) for communes in found.values())
