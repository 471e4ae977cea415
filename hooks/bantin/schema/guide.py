"""The editors' guide's key tables, from the declarations: one Markdown table an entity (Khóa | Tên | Bắt buộc |
Ý nghĩa | Ví dụ), and the reference page docs/huong-dan/truong-du-lieu.md with all of them, which
`python -m bantin huong-dan` writes and a test compares with the committed one."""
from __future__ import annotations

from pathlib import Path

from . import Entity, Field, all_entities, entity

PAGE = Path("docs/huong-dan/truong-du-lieu.md")
TITLE = "Các trường dữ liệu"
NOTE = ("Trang này được tạo từ khai báo dữ liệu (`hooks/bantin/schema/`); đừng sửa tay, chạy "
        "`python -m bantin huong-dan` để tạo lại.")
# Where a choice's options come from (Field.choices_from): the file, and what to write.
LISTS = {"categories": ("data/site.yml", "mã một chuyên mục trong data/site.yml"),
         "programmes": ("data/programmes/", "mã một chương trình trong data/programmes/"),
         "units": ("data/units.yml", "mã một đơn vị trong data/units.yml")}


def _cell(text: str) -> str:
    """Text inside a table cell: a `|` would end the cell, `<mã>` would be read as HTML."""
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def _code(text: str) -> str:
    return f"`{text}`".replace("|", "\\|")


def _meaning(item: Field) -> str:
    parts = [_cell(item.help)] if item.help else []
    if item.choices:
        among = "trong số" if item.kind == "tags" else "một trong"
        parts.append(f"{among}: " + ", ".join(_code(choice) for choice in item.choices))
    if item.choices_from:
        source, what = LISTS[item.choices_from]
        if source not in item.help:  # the help names the list already: "chuyên mục khai báo trong data/site.yml"
            parts.append(what)
    if item.entity:
        nested = entity(item.entity)
        parts.append(f"các trường: xem [{nested.label}](#{nested.name})")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def table(declared: Entity) -> str:
    """The entity's fields as a Markdown table, in the order they are declared."""
    rows = ["| Khóa | Tên | Bắt buộc | Ý nghĩa | Ví dụ |", "|---|---|---|---|---|"]
    for item in declared.fields:
        example = _code(f"{item.key}: {item.example}") if item.example else ""
        rows.append(f"| {_code(item.key)} | {_cell(item.label)} | {'có' if item.required else 'không'} | "
                    f"{_meaning(item)} | {example} |")
    return "\n".join(rows) + "\n"


def page() -> str:
    """The reference page: every entity, in the order the schema declares them."""
    parts = [f"---\ntitle: {TITLE}\n---\n\n# {TITLE}\n\n> {NOTE}\n\n"
             "Mỗi bảng dưới đây là các trường (khóa) của một loại dữ liệu: khóa viết đúng như trong bảng, "
             "các trường không bắt buộc thì không ghi nếu không có. Cách ghi từng loại: "
             "[hướng dẫn ghi số liệu](du-lieu.md) và [hướng dẫn viết bài](bai-viet.md).\n"]
    for declared in all_entities():
        about = " ".join(text for text in (f"{_cell(declared.help)}." if declared.help else "",
                                            f"Ghi ở: {_cell(declared.where)}." if declared.where else "") if text)
        parts.append(f"\n## {declared.label} {{#{declared.name}}}\n\n{about}\n\n{table(declared)}")
    return "".join(parts)


def write(root: Path) -> Path:
    """Writes the reference page under `root` (the project); returns its path."""
    path = root / PAGE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page(), encoding="utf-8")
    return path
