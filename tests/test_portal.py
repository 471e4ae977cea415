import textwrap

import pytest

from bantin.errors import DataErrors
from bantin.portal import load_portal

GOOD = """
agency:
  name: UBND phường Phước Bình
categories:
  - id: tin-tuc
    name: Tin tức
banner:
  text: NHIỆT LIỆT CHÀO MỪNG
  dismissible: true
blocks:
  - type: links
    title: Liên kết
    items:
      - text: Dịch vụ công
        url: https://dichvucong.gov.vn/
  - type: poll
    title: Thăm dò ý kiến
    question: Bạn thấy trang thế nào?
    url: https://forms.example.gov.vn/a
"""


def load(tmp_path, text):
    path = tmp_path / "site.yml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return load_portal(path, "data/site.yml")


def test_good(tmp_path):
    portal = load(tmp_path, GOOD)
    assert portal.agency.name == "UBND phường Phước Bình"
    assert [c.url for c in portal.categories] == ["chuyen-muc/tin-tuc/"]
    assert portal.banner.dismissible and len(portal.banner.id) == 8
    assert [b.type for b in portal.blocks] == ["links", "poll"]
    assert portal.blocks[0].items[0].url == "https://dichvucong.gov.vn/"


@pytest.mark.parametrize("change, message", [
    (("type: poll", "type: khao-sat"), "data/site.yml:15: blocks.type: loại khối 'khao-sat' không có; "
                                       "các loại: links, notices, image, zalo, poll, visits"),
    (("    question: Bạn thấy trang thế nào?\n", ""), "data/site.yml:15: blocks.question: thiếu trường bắt buộc"),
    (("id: tin-tuc", "id: Tin Tức"), "data/site.yml:4: categories.id: mã 'Tin Tức' không hợp lệ: chỉ gồm chữ "
                                     "thường không dấu, số và dấu '-', ví dụ quy-trinh-nghiep-vu"),
    (("url: https://dichvucong.gov.vn/", "url: dịch vụ công"),
     "data/site.yml:14: items.url: địa chỉ 'dịch vụ công' không hợp lệ (cần https://… hoặc đường dẫn trong trang)"),
])
def test_errors(tmp_path, change, message):
    with pytest.raises(DataErrors) as caught:
        load(tmp_path, GOOD.replace(*change))
    assert [str(e) for e in caught.value.errors] == [message]
