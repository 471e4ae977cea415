""""Nhập từ Word": a .docx becomes a bulletin's body in Markdown (headings, bold, lists, tables, images).

mammoth reads Word's structure (heading styles, lists, tables) into clean HTML; markdownify writes that
as Markdown. Photos in the document are reduced like uploads (bantin.edit.images) and named by their
content, so that the save that follows can tell them by the same name without taking one from the form.
"""
from __future__ import annotations

import base64
import hashlib
import io
import re
from typing import Any

import mammoth
from markdownify import markdownify

from . import images

ASSETS = "assets/anh"


class NotWord(ValueError):
    pass


def content_name(data: bytes, extension: str) -> str:
    return f"anh-{hashlib.sha256(data).hexdigest()[:16]}.{extension}"


def to_markdown(data: bytes, year: str) -> tuple[str, str, dict[str, bytes]]:
    """(title: the first level-1 heading, or "", the body in Markdown, photos: `assets/anh/<year>/…` →
    bytes). Raises NotWord with a Vietnamese message."""
    photos: dict[str, bytes] = {}

    def photo(image: Any) -> dict[str, str]:  # mammoth's Image (mammoth has no types)
        with image.open() as stream:
            raw = stream.read()
        try:
            reduced, extension = images.reduce(raw, "anh")
        except images.ImageRefused:
            return {}  # a drawing or format browsers do not show: left out
        path = f"{ASSETS}/{year}/{content_name(reduced, extension)}"
        photos[path] = reduced
        return {"src": f"../{path}", "alt": image.alt_text or ""}

    try:
        result = mammoth.convert_to_html(io.BytesIO(data), convert_image=mammoth.images.img_element(photo))
    except Exception:  # noqa: BLE001 — mammoth raises zip, XML and key errors for what is not a .docx
        raise NotWord("tệp không phải tài liệu Word .docx (tệp .doc cũ: mở bằng Word rồi lưu lại dạng .docx)") \
            from None
    html = result.value
    title = ""
    first = re.match(r"\s*<h1>(.*?)</h1>", html, re.S)
    if first:
        title = " ".join(markdownify(first.group(1)).split())
        html = html[first.end():]
    body = markdownify(html, heading_style="ATX", bullets="-", table_infer_header=True).strip()
    return title, re.sub(r"\n{3,}", "\n\n", body), {p: d for p, d in photos.items() if p in body}


def carried(photos: dict[str, bytes]) -> list[str]:
    """The photos as the form carries them until the bulletin is saved (hidden fields)."""
    return [base64.b64encode(data).decode("ascii") for data in photos.values()]


def returned(values: list[str], body: str, image: str = "") -> dict[str, bytes]:
    """The photos a form sent back that its body (or its `image` field) still shows, under the names they were
    given: each is checked again as an image, and named from its content (never from the request)."""
    body = f"{body}\n../{image}" if image else body
    found = {}
    for value in values:
        try:
            data = base64.b64decode(value, validate=True)
            _, extension = images.reduce(data, "anh")  # checks the content; the bytes kept are the sent ones
        except (ValueError, images.ImageRefused):
            continue
        name = content_name(data, extension)
        for year in re.findall(rf"\.\./{ASSETS}/([0-9]{{4}})/{re.escape(name)}", body):
            found[f"{ASSETS}/{year}/{name}"] = data
    return found
