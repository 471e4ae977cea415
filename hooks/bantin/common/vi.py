"""Vietnamese formatting: the one place where numbers, dates and slugs get their shape.

Separators and weekday names come from Babel's CLDR data; rounding is done here,
half-up, because Babel rounds half-even and a public figure must not look rounded
differently from the spreadsheet the office keeps.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_decimal
from slugify import slugify as _slugify

LOCALE = "vi"
TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")
DATE_PATTERN = "d/M/yyyy"  # running text, as Nghị định 30/2020 writes it: 30/9/2025
DATE_LINE_PATTERN = "dd/MM/yyyy"  # the portal's date line, as ward portals show it: 30/09/2025

Number = int | Decimal
# Joins what a line must never split: a number and its unit (`156 quy trình`), `quý 1/2026`.
NBSP = "\u00a0"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# Characters an editor cannot see and a reader must not get: control codes (a NUL written `"\0"` in YAML,
# pasted from another program; HTML forbids them) and the marks that reverse or isolate the direction of
# text (they make a figure or an address read otherwise than it is written). Tab, line breaks and form feed
# (HTML's whitespace) are fine.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def invisible(text: str) -> tuple[int, str] | None:
    """The first invisible character of `text`: its line in `text` (from 0), and what to tell the editor."""
    found = _INVISIBLE.search(text)
    if found is None:
        return None
    return (text.count("\n", 0, found.start()),
            f"có ký tự ẩn không được dùng (mã U+{ord(found.group()):04X}); hãy xóa ký tự này "
            "(thường do dán từ chương trình khác)")


def round_half_up(value: Number, decimals: int) -> Decimal:
    return Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def number(value: Number, decimals: int | None = None) -> str:
    """`176907` → `176.907`; `Decimal('39.98')` → `39,98`.

    With `decimals`, round half-up to at most that many places (trailing zeros
    dropped: `70,0` is shown `70`). Without it, a Decimal keeps the places it was
    written with, as the editor typed it.
    """
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, int) and decimals is None:
        return _whole(value)
    return _decimal(str(value), decimals)


@lru_cache(maxsize=65536)  # shares such as 21,3% repeat across thousands of units; keyed by text: 1.0 ≠ 1
def _decimal(text: str, decimals: int | None) -> str:
    value = Decimal(text)
    if decimals is None:
        exponent = value.as_tuple().exponent  # a letter only for NaN and infinities, never read here
        decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    else:
        value = round_half_up(value, decimals)
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


@lru_cache(maxsize=65536)  # counts repeat on every page (views, visits, tasks); Babel takes ~0.3 ms a call
def _whole(value: int) -> str:
    return format_decimal(value, locale=LOCALE)


def change(value: Number, decimals: int | None = None) -> str:
    """A change in a table's column, in words as a report writes it: `tăng 12`, `giảm 3`, `không đổi`."""
    if value == 0:
        return "không đổi"
    return together("tăng" if value > 0 else "giảm", number(value if value > 0 else -value, decimals))


def fixed(value: Number, decimals: int) -> str:
    """Rounded half-up to exactly `decimals` places, zeros kept: `59` → `59,0`. Figures compared in one sentence
    (`từ 59,0% lên 61,2%`) show the same precision."""
    return format_decimal(round_half_up(value, decimals), format="#,##0." + "0" * decimals, locale=LOCALE)


def percent(value: Number, decimals: int | None = None) -> str:
    """`61` → `61%`; `Decimal('39.98')` → `39,98%` (the value is already in percent)."""
    return number(value, decimals) + "%"


@lru_cache(maxsize=65536)  # a site shows the same few thousand dates on every list page
def date(value: dt.date) -> str:
    """`25/12/2025`, `30/9/2025`: no zero padding in running text."""
    return format_date(value, DATE_PATTERN, locale=LOCALE)


def local(value: dt.datetime) -> dt.datetime:
    """An aware datetime in Vietnam's time; a naive one is taken as Vietnam's already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=TIMEZONE)
    return value.astimezone(TIMEZONE)


def sentence_case(text: str) -> str:
    """First letter capital, the rest as Vietnamese prose writes it: `Thứ Ba` → `Thứ ba`."""
    return text[:1].upper() + text[1:].lower()


def weekday(value: dt.date) -> str:
    """`Thứ ba`, `Chủ nhật`: CLDR says `Thứ Ba`, the portals write the day in lower case."""
    return _weekday_name(value.weekday())


@lru_cache(maxsize=7)
def _weekday_name(number_: int) -> str:
    """CLDR's name of the day, asked of Babel once a day of the week (0,13 ms a call, a call a bulletin)."""
    monday = dt.date(2024, 1, 1)  # a Monday
    return sentence_case(format_date(monday + dt.timedelta(days=number_), "EEEE", locale=LOCALE))


def date_line(value: dt.datetime) -> str:
    """The news date line: `Thứ ba - 30/12/2025 08:30`."""
    when = local(value)
    return f"{weekday(when)} - {format_date(when, DATE_LINE_PATTERN, locale=LOCALE)} {when:%H:%M}"


ROMAN_QUARTERS = ("I", "II", "III", "IV")


def quarter(year: int, number_: int, roman: bool = False) -> str:
    """`quý 1/2026`, or `quý I/2026` as administrative documents write it (`roman`, a site's choice:
    data/site.yml `quarters`); never split at the end of a line."""
    return together("quý", f"{ROMAN_QUARTERS[number_ - 1] if roman else number_}/{year}")


def together(*parts: str | None) -> str:
    """Parts joined by no-break spaces, empty ones left out: `together("trên", "160.000", "lượt")`.

    The one place generated text glues a number to its unit or qualifier: at 1280 px a narrow
    table cell was seen to break `156 / quy / trình`. Spaces inside a part (a unit such as
    `lượt truy cập/ngày`) still break.
    """
    return NBSP.join(part for part in parts if part)


def with_unit(figure: str, unit: str) -> str:
    """`176.907 tài khoản` in one piece. A unit of up to two syllables (most are one Vietnamese word:
    `quy trình`, `tài khoản`, `nhiệm vụ`) never splits; a longer one (`lượt truy cập/ngày`) keeps its
    first syllable with the figure and wraps after it, or a narrow cell could not hold it."""
    syllables = unit.split()
    if len(syllables) <= 2:
        return together(figure, *syllables)
    return together(figure, syllables[0]) + " " + " ".join(syllables[1:])


def lower_first(text: str) -> str:
    """A heading placed inside a sentence: `Đang thực hiện quá hạn` → `đang thực hiện quá hạn`.

    Only the first letter, and not in an abbreviation (`UBND phường`): the rest is as the office wrote it.
    """
    if text[1:2].isupper():
        return text
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    """A sentence that starts with a word written lower case inside sentences: `số nhiệm vụ…` → `Số nhiệm vụ…`."""
    return text[:1].upper() + text[1:]


def days(count: int) -> str:
    """`96 ngày`, in one piece."""
    return with_unit(number(count), "ngày")


@lru_cache(maxsize=65536)  # python-slugify transliterates slowly (measured: a third of a 1,000-bulletin build)
def slug(text: str, separator: str = "-") -> str:
    """ASCII URL slug: `Chuyển đổi số Đảng bộ` → `chuyen-doi-so-dang-bo`.

    python-slugify transliterates (đ → d), which NFD + stripping marks does not. Its backend is named: the
    default first tries `unidecode`, which is not installed, and Python searches every import path for it
    again at each call (measured: 0.36 ms a slug, 0.05 ms named; a national site slugs 3,355 unit names).
    """
    return _slugify(nfc(text), separator=separator, backend="text-unidecode")


def heading_id(value: str, separator: str) -> str:
    """Python-Markdown `toc.slugify` hook: heading anchors with đ → d."""
    return slug(value, separator)
