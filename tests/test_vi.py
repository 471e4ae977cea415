import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bantin.common import vi


@pytest.mark.parametrize("value, text", [
    (176907, "176.907"), (160000, "160.000"), (3213, "3.213"), (309, "309"), (0, "0"),
    (1234567, "1.234.567"), (Decimal("39.98"), "39,98"), (Decimal("1234.5"), "1.234,5"),
])
def test_number(value, text):
    assert vi.number(value) == text


@pytest.mark.parametrize("value, decimals, text", [
    (Decimal("69.85"), 1, "69,9"),   # half-up: Babel alone would give 69,8
    (Decimal("0.125"), 2, "0,13"),   # half-even would give 0,12
    (Decimal("70.04"), 1, "70"),     # trailing ,0 dropped
    (Decimal("2.5"), 0, "3"),
])
def test_number_rounds_half_up(value, decimals, text):
    assert vi.number(value, decimals) == text


def test_percent_and_change():
    assert vi.percent(61) == "61%"
    assert vi.percent(Decimal("39.98")) == "39,98%"
    assert vi.percent(Decimal("69.87"), 1) == "69,9%"
    # a change column in words, as a report writes it: never `+12`, `-3`, `0`
    assert vi.change(12) == "tăng\u00a012"
    assert vi.change(-3) == "giảm\u00a03"
    assert vi.change(0) == "không đổi"
    assert vi.change(1500) == "tăng\u00a01.500"
    assert vi.change(Decimal("-2.5")) == "giảm\u00a02,5"


def test_fixed_keeps_the_places():
    """Two rates compared in one sentence show one precision: `từ 59,0% lên 61,2%`, not `từ 59% lên 61,2%`."""
    assert vi.fixed(Decimal("59"), 1) == "59,0"
    assert vi.fixed(Decimal("61.25"), 1) == "61,3"  # half-up
    assert vi.fixed(1234, 1) == "1.234,0"


def test_dates():
    assert vi.date(dt.date(2025, 12, 25)) == "25/12/2025"
    # running text writes dates without zero padding (Nghị định 30/2020): 5/1/2026, 30/9/2025
    assert vi.date(dt.date(2026, 1, 5)) == "5/1/2026"
    assert vi.date(dt.date(2025, 9, 30)) == "30/9/2025"
    # the portal's date line keeps them, as ward portals show it
    assert vi.date_line(dt.datetime(2026, 1, 5, 8, 30)) == "Thứ hai - 05/01/2026 08:30"
    assert vi.quarter(2026, 1) == "quý\u00a01/2026"  # never "quý" at the end of a line, "1/2026" on the next
    assert vi.quarter(2026, 4, roman=True) == "quý\u00a0IV/2026"  # as administrative documents write it


def test_together_and_with_unit_use_no_break_spaces():
    assert vi.together("trên", "160.000", "lượt") == "trên\u00a0160.000\u00a0lượt"
    assert vi.together(None, "36", "") == "36"
    assert vi.with_unit("156", "quy trình") == "156\u00a0quy\u00a0trình"
    assert vi.with_unit("176.907", "tài khoản") == "176.907\u00a0tài\u00a0khoản"
    assert vi.with_unit("3.213", "điểm cầu") == "3.213\u00a0điểm\u00a0cầu"
    # a long unit keeps only its first syllable with the figure, so a narrow cell can still hold it
    assert vi.with_unit("160.000", "lượt truy cập/ngày") == "160.000\u00a0lượt truy cập/ngày"


@pytest.mark.parametrize("text, lowered", [
    ("Đang thực hiện quá hạn", "đang thực hiện quá hạn"),
    ("Quá hạn chưa hoàn thành", "quá hạn chưa hoàn thành"),
    ("Đang thực hiện trong hạn Kế hoạch 12", "đang thực hiện trong hạn Kế hoạch 12"),
    ("UBND phường giao", "UBND phường giao"),
])
def test_lower_first(text, lowered):
    assert vi.lower_first(text) == lowered


@pytest.mark.parametrize("day, line", [
    (dt.datetime(2025, 12, 30, 8, 30), "Thứ ba - 30/12/2025 08:30"),
    (dt.datetime(2025, 12, 28, 7, 5), "Chủ nhật - 28/12/2025 07:05"),
    (dt.datetime(2025, 12, 29, 17, 0), "Thứ hai - 29/12/2025 17:00"),
    (dt.datetime(2026, 1, 3, 9, 0), "Thứ bảy - 03/01/2026 09:00"),
])
def test_date_line(day, line):
    assert vi.date_line(day) == line


def test_date_line_converts_to_vietnam_time():
    utc = dt.datetime(2025, 12, 29, 18, 30, tzinfo=ZoneInfo("UTC"))  # 01:30 on the 30th in Hà Nội
    assert vi.date_line(utc) == "Thứ ba - 30/12/2025 01:30"


@pytest.mark.parametrize("text, slug", [
    ("Chuyển đổi số Đảng bộ", "chuyen-doi-so-dang-bo"),
    ("Đề án 204-QĐ/TW: tổng kết năm 2025", "de-an-204-qd-tw-tong-ket-nam-2025"),
    ("ĐẢNG VIÊN đảng viên", "dang-vien-dang-vien"),
    ("Thông báo số 12 ― phường Phước Tân", "thong-bao-so-12-phuong-phuoc-tan"),
])
def test_slug(text, slug):
    assert vi.slug(text) == slug


def test_slug_is_the_same_for_nfd_input():
    import unicodedata
    assert vi.slug(unicodedata.normalize("NFD", "Chuyển đổi số")) == "chuyen-doi-so"


def test_heading_id_keeps_d():
    assert vi.heading_id("Đảng viên điện tử", "-") == "dang-vien-dien-tu"


def test_cached_decimals_keep_their_rounding():
    """Formatted decimals are cached (a national site repeats its shares); the places asked for are part of the key."""
    assert vi.number(Decimal("2.5"), 0) == "3" and vi.number(Decimal("2.5")) == "2,5"
    assert vi.percent(Decimal("21.25"), 1) == "21,3%" and vi.number(Decimal("1234.5")) == "1.234,5"
