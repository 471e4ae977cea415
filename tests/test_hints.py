""""Did you mean": one rule (bantin.common.hints) for keys, choices, categories and units' codes."""
import pytest

from bantin.common.hints import CUTOFF, hint, meant
from bantin.figures.units import load_units
from bantin.news.bulletins import read_bulletin
from bantin.schema.fields import Errors
from news_fixtures import PORTAL, front

KNOWN = ("title", "due", "chu_tri", "phoi_hop", "actual")
ALIASES = {"owner": "chu_tri", "deadline": "due"}
NAMES = {"tên nhiệm vụ": "title", "số đạt được": "actual"}


@pytest.mark.parametrize("word, expected", [
    ("owner", "chu_tri"),          # 1. a word editors use for it
    ("Deadline", "due"),           # … with a capital
    ("Chủ trì", "chu_tri"),        # 2. accents, capitals and spaces set aside
    ("Tên nhiệm vụ", "title"),     # … or a field's name so written
    ("actaul", "actual"),          # 3. two neighbouring letters swapped
    ("phoi_ho", "phoi_hop"),       # 4. the closest spelling
    ("Đạt được", "actual"),        # … then the closest name (số đạt được)
    ("ghi chú", None),             # a free word is not taken for a field
    ("", None),
])
def test_the_steps_in_order(word, expected):
    assert meant(word, KNOWN, ALIASES, NAMES) == expected


def test_one_cut_off():
    assert CUTOFF == 0.6
    assert meant("abcde", ("abxyz",)) is None          # ratio 0.4
    assert meant("abcdef", ("abcxyz",)) is None        # ratio 0.5
    assert meant("abcdefghij", ("abcdefgxyz",)) == "abcdefgxyz"  # ratio 0.7


def test_hint_text():
    assert hint("target") == " (ý bạn là 'target'?)"
    assert hint("75", "Tỉnh Đồng Nai") == " (ý bạn là '75' — Tỉnh Đồng Nai?)"
    assert hint(None) == ""


def test_category_written_as_its_words_is_found():
    """`category: Thông báo` (the category's name, typed with accents) for the id `thong-bao`."""
    errors = Errors("docs/tin-tuc/a.md", [])
    read_bulletin(front(title="Tin", date="2025-12-30 08:30", category="Thông báo"), "tin-tuc/a.md",
                  "docs/tin-tuc/a.md", PORTAL, {}, errors)
    assert [str(e) for e in errors.items] == [
        "docs/tin-tuc/a.md:4: category: chuyên mục 'Thông báo' không có trong data/site.yml (ý bạn là "
        "'thong-bao'?); có: chuyen-doi-so, thong-bao"]


def test_choice_with_swapped_letters(errors_of):
    text = ("title: T\nreports:\n  - as_of: 2025-12-25\n    indicators:\n      - id: a\n        name: A\n"
            "        unit: lượt\n        qualifier: khaong\n        actual: 1\n")
    assert errors_of(text) == [
        "data/programmes/cds.yml:8: indicators.qualifier: 'khaong' không dùng được (ý bạn là 'khoảng'?); "
        "từ chỉ mức (qualifier) là một trong: trên, gần, khoảng, hơn, đạt"]


def test_unit_code_with_swapped_digits_among_many_units(data_dir):
    """A national site's many units: the swapped code is found though it is not among the codes spelt
    nearest to it (26042 for 26024, with 26021 and 26028 in the file)."""
    lines = ["units:", '  - code: "26000"', "    name: Tỉnh Mẫu", "    level: tỉnh"]
    for n in range(1, 60):
        parent = "26024" if n == 30 else "26000"  # line 124: 4 + 4 × 29 + 4
        lines += [f'  - code: "{26000 + 7 * n}"', f"    name: Phường số {n}", "    level: phường",
                  f'    parent: "{parent}"']
    (data_dir / "units.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    errors = []
    load_units(data_dir, data_dir.parent, errors)
    assert [str(e) for e in errors] == [
        "data/units.yml:124: units.parent: không có đơn vị mã '26024' trong tệp (ý bạn là '26042' — Phường số 6?); "
        "đơn vị cấp trên (parent) ghi mã (code) của một đơn vị trong tệp này"]
