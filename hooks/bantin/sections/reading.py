"""Reading the sections' YAML with their declared entities: the checks `Fields` has no type for (https links,
a PDF under docs/)."""
from __future__ import annotations

from pathlib import Path, PurePosixPath

import yaml

from ..schema import Entity
from ..schema.fields import Errors, Fields

PDF_MAGIC = b"%PDF-"


def fields_of(errors: Errors, node: yaml.Node, entity: Entity, where: str = "") -> Fields:
    """A mapping read with the entity's keys, Vietnamese names (messages) and aliases (hints)."""
    return Fields(errors, node, entity, where)


def https(fields: Fields, key: str) -> str | None:
    """A link to another site, which readers follow from an official page: https only."""
    value = fields.link(key)
    if value is None or value.startswith("https://"):
        return value
    fields.reject(key, f"'{value}' không dùng được; {fields.label(key)} là địa chỉ trang khác, bắt đầu bằng "
                       "https:// (ví dụ https://dichvucong.gov.vn/)")
    return None


def pdf(fields: Fields, key: str, docs_dir: Path) -> tuple[str, int] | None:
    """A PDF inside docs/ as (its path there, its size in bytes). Never a file outside docs/: the path is
    checked before anything is read."""
    value = fields.text(key)
    if value is None:
        return None
    folder = docs_dir.name
    parts = PurePosixPath(value).parts
    if "://" in value or value.startswith("//"):
        fields.reject(key, f"tệp văn bản phải nằm trong {folder}/, không lấy từ trang khác; hãy tải tệp về và "
                           f"chép vào {folder}/")
        return None
    if value.startswith("/") or "\\" in value or ".." in parts or not parts:
        fields.reject(key, f"'{value}' không phải đường dẫn trong {folder}/; hãy ghi như van-ban/ten-tep.pdf "
                           "(dấu '/', không có '..')")
        return None
    if not value.lower().endswith(".pdf"):
        fields.reject(key, f"'{value}' không phải tệp PDF; hãy đăng văn bản dạng PDF")
        return None
    path = docs_dir / value
    inside = docs_dir.resolve()
    if path.is_symlink() or not path.is_file() or not path.resolve().is_relative_to(inside):
        fields.reject(key, f"không có tệp '{value}' trong {folder}/; hãy chép tệp PDF vào {folder}/{value} "
                           "hoặc sửa đường dẫn")
        return None
    with path.open("rb") as file:
        if file.read(len(PDF_MAGIC)) != PDF_MAGIC:
            fields.reject(key, f"tệp '{value}' không phải PDF (nội dung không bắt đầu bằng %PDF-); hãy xuất lại "
                               "văn bản ra PDF")
            return None
    return value, path.stat().st_size
