""""Nhập từ Excel": a template per programme (openpyxl writes it) and a filled-in sheet read back
(python-calamine reads .xlsx, .xls and .ods, fast and without other dependencies; see editing-facts).

One row per figure of the latest report: its name for the form (column A), what it is (B), its number (C).
calamine gives `''` for an empty cell, an error cell (`#DIV/0!`) and a formula without a saved result alike:
in a number column each of them is a mistake, named by sheet, row and column as the clerk's program shows them."""
from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import python_calamine
from openpyxl import Workbook
from openpyxl.styles import Font

from .figures import Cell, ReportView

SHEET = "Số liệu"
HEADS = ("Mã (không sửa)", "Số liệu", "Số")
DATE_ROW = "as_of"
_UNREADABLE = (python_calamine.CalamineError, python_calamine.PasswordError, python_calamine.XmlError,
               python_calamine.ZipError)


class NotASheet(Exception):
    pass


def rows_of(view: ReportView, unit_name: Callable[[str], str]) -> list[tuple[Cell, str]]:
    """Each figure of the report with what the template calls it."""
    rows = [(cell, f"Số nhiệm vụ: {cell.label}") for cell in view.tasks]
    rows += [(cell, f"{row.title}: {cell.label}") for row in view.indicators for cell in row.cells]
    rows += [(cell, f"{unit_name(row.title)}: {cell.label}") for row in view.by_unit for cell in row.cells]
    return rows


def template(view: ReportView, unit_name: Callable[[str], str]) -> bytes:
    """The .xlsx a clerk fills in: the latest report's numbers, the new report's date left to write."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(HEADS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append((DATE_ROW, "Ngày chốt số liệu của kỳ mới (năm-tháng-ngày, ví dụ 2026-03-31)", ""))
    for cell, label in rows_of(view, unit_name):
        sheet.append((cell.name, label, _number(cell.value)))
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 70
    sheet.column_dimensions["C"].width = 16
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _number(text: str) -> int | float | str:
    try:
        number = Decimal(text)
    except ArithmeticError:
        return text
    return int(number) if number == number.to_integral_value() else float(number)


def _text(value: float) -> str:
    """`54.0` → `54` (calamine gives whole numbers as floats), `97.5` → `97.5`."""
    return str(int(value)) if float(value).is_integer() else format(Decimal(repr(value)).normalize(), "f")


@dataclass
class Read:
    as_of: str
    values: dict[str, str]       # cell name → number as text
    rows: list[tuple[int, str, str]]  # (row, what, number) as read
    errors: list[str]


def read(data: bytes, view: ReportView) -> Read:
    """The sheet's figures; every mistake listed (sheet, row, column), none raised."""
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        name = SHEET if SHEET in book.sheet_names else book.sheet_names[0]
        table = book.get_sheet_by_name(name).to_python()
    except _UNREADABLE + (IndexError,):
        raise NotASheet("tệp không đọc được như một bảng tính .xlsx, .xls hoặc .ods; hãy lưu lại bằng Excel "
                        "(hoặc LibreOffice) rồi chọn lại tệp") from None
    known = {cell.name for cell in view.cells}
    result = Read("", {}, [], [])
    for number, row in enumerate(table[1:], start=2):
        row = list(row) + ["", "", ""]
        key, what, value = str(row[0]).strip(), str(row[1]).strip(), row[2]
        where = f"trang tính '{name}', dòng {number}, cột C"
        if not key:
            continue
        if key == DATE_ROW:
            result.as_of = _date(value)
            continue
        if key not in known:
            result.errors.append(f"trang tính '{name}', dòng {number}, cột A: mã '{key}' không có trong kỳ báo cáo; "
                                 "hãy dùng tệp mẫu tải về từ trang này, không sửa cột A")
        elif isinstance(value, (bool, dt.date, dt.datetime, dt.time, dt.timedelta)):
            result.errors.append(f"{where}: cần một số, không phải ngày giờ hay đúng/sai")
        elif isinstance(value, (int, float)):
            result.values[key] = _text(value)
            result.rows.append((number, what, result.values[key]))
        elif value == "":
            result.errors.append(f"{where}: ô trống, hoặc công thức không có kết quả hay báo lỗi (như #DIV/0!); "
                                 "hãy ghi số vào ô này")
        else:
            result.errors.append(f"{where}: '{value}' là chữ, không phải số; hãy chỉ ghi số (phần thập phân sau "
                                 "dấu chấm hoặc theo cách Excel hiện số)")
    return result


def _date(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()
