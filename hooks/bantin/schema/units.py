"""The reporting units: data/units.yml and each unit in it. Read by bantin.figures.units."""
from __future__ import annotations

from . import Entity, Field, register
from .figures import SAMPLE

# The administrative levels, as units.yml writes them (two-tier local government since 1/7/2025).
LEVELS = ("tỉnh", "thành phố", "xã", "phường", "đặc khu")

UNITS_FILE = Entity("units_file", "Tệp đơn vị", (
    Field("units", "Các đơn vị", "items", required=True, entity="unit",
          help="mỗi đơn vị một mục bắt đầu bằng '- code:'"),
), where="data/units.yml", help="Các đơn vị báo cáo số liệu theo đơn vị (by_unit), theo cây cấp trên, cấp dưới")

UNIT = Entity("unit", "Đơn vị", (
    Field("code", "Mã đơn vị", required=True, aliases=("ma",),
          help="chữ không dấu, số và các dấu '-', '_', '.'; mã toàn số đặt trong ngoặc kép", example='"khu-pho-1"'),
    Field("name", "Tên đơn vị", required=True, aliases=("ten",), example="Khu phố 1"),
    Field("level", "Cấp", required=True, aliases=("cap",),
          help="cấp hành chính (" + ", ".join(LEVELS) + ", viết đúng dấu) hay tên cấp của đơn vị (khu phố, chi bộ…)",
          example="phường"),
    Field("parent", "Đơn vị cấp trên", aliases=("cha", "cap_tren"), choices_from="units", example='"75"',
          help="mã (code) của đơn vị cấp trên, một đơn vị trong data/units.yml"),
    SAMPLE,
), where="units: trong data/units.yml", help="Một đơn vị báo cáo", title_field="name")

register(UNITS_FILE, UNIT)
