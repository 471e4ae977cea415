import textwrap

import pytest

from bantin.common.errors import DataErrors
from bantin.portal.settings import load_portal

GOOD = """
agency:
  name: UBND phường Phước Tân
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
    assert portal.agency.name == "UBND phường Phước Tân"
    assert [c.url for c in portal.categories] == ["chuyen-muc/tin-tuc/"]
    assert portal.banner.dismissible and len(portal.banner.id) == 8
    assert [b.type for b in portal.blocks] == ["links", "poll"]
    assert portal.blocks[0].items[0].url == "https://dichvucong.gov.vn/"


@pytest.mark.parametrize("change, message", [
    (("type: poll", "type: khao-sat"), "data/site.yml:15: blocks.type: loại khối 'khao-sat' không có; "
                                       "các loại: links, notices, image, zalo, poll, visits, most_read"),
    (("type: poll", "type: polls"), "data/site.yml:15: blocks.type: loại khối 'polls' không có (ý bạn là "
                                    "'poll'?); các loại: links, notices, image, zalo, poll, visits, most_read"),
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


IMAGE_BLOCK = "  - type: image\n    title: Bình đẳng giới\n    image: {}\n    alt: Tuyên truyền\n"


@pytest.mark.parametrize("image, message", [
    ("https://tracker.example/pixel.gif", "data/site.yml:21: blocks.image: ảnh phải là tệp trong docs/, không lấy "
                                          "từ trang khác (người đọc không tải gì từ máy chủ khác)"),
    ("assets/banners/a.php", "data/site.yml:21: blocks.image: 'assets/banners/a.php' không phải tệp ảnh; dùng ảnh "
                             "jpg, jpeg, png, webp, gif, svg, avif"),
])
def test_sidebar_images_are_local_pictures(tmp_path, image, message):
    with pytest.raises(DataErrors) as caught:
        load(tmp_path, GOOD + IMAGE_BLOCK.format(image))
    assert [str(e) for e in caught.value.errors] == [message]


def test_sidebar_image_must_exist_in_docs(tmp_path):
    portal = load(tmp_path, GOOD + IMAGE_BLOCK.format("assets/banners/a.svg"))
    assert portal.file_errors({"assets/banners/a.svg"}, "docs") == []
    assert [str(e) for e in portal.file_errors({"index.md"}, "docs")] == [
        "data/site.yml:21: blocks.image: không có tệp ảnh 'assets/banners/a.svg' trong docs/"]


def test_protocol_relative_address_is_not_a_path(tmp_path):
    """`//evil.example` leads to another site; it passed as an internal link."""
    with pytest.raises(DataErrors) as caught:
        load(tmp_path, GOOD.replace("url: https://dichvucong.gov.vn/", "url: //evil.example/x"))
    assert [str(e) for e in caught.value.errors] == [
        "data/site.yml:14: items.url: địa chỉ '//evil.example/x' không hợp lệ (cần https://… hoặc đường dẫn "
        "trong trang)"]


@pytest.mark.parametrize("written, roman", [(None, False), ("I/2026", True), ("1/2026", False)])
def test_quarters_are_a_site_choice(tmp_path, written, roman):
    assert load(tmp_path, GOOD + (f"quarters: {written}\n" if written else "")).roman_quarters is roman


def test_an_unknown_quarter_style_says_both(tmp_path):
    with pytest.raises(DataErrors) as caught:
        load(tmp_path, GOOD + "quarters: quý một\n")
    assert [str(e) for e in caught.value.errors] == [
        "data/site.yml:19: quarters: cách ghi quý 'quý một' không có; viết \"I/2026\" (số La Mã, như văn bản hành "
        "chính: quý I/2026) hoặc \"1/2026\" (chữ số: quý 1/2026)"]


def test_roman_quarters_reach_the_statistics_page_and_bulletins(tmp_path):
    """`quarters: I/2026`: the deadlines, the indicators' table and a bulletin's `{{ }}` write `quý I/2026`."""
    from bantin.build.state import SiteData
    from bantin.common.periods import Quarter
    from sitebuild import DEMO_PROGRAMME, copy_project

    project = copy_project(tmp_path / "p")
    site_file = project / "data" / "site.yml"
    site_file.write_text(site_file.read_text(encoding="utf-8") + "quarters: I/2026\n", encoding="utf-8")
    programmes = project / "data" / "programmes"
    data = next(programmes.glob(f"{DEMO_PROGRAMME}.yml"))
    data.write_text(data.read_text(encoding="utf-8").replace("due: 2026-Q1", "due: quý 1/2026", 1), encoding="utf-8")
    site = SiteData.load(project / "data", project)
    page = site.stats_pages[DEMO_PROGRAMME]
    quarters = {row.due for row in page.indicator_rows if row.due}
    assert quarters and all(due.startswith("quý\u00a0I") for due in quarters), quarters
    assert any(group.heading == "Đến hạn trong quý\u00a0I/2026" for group in page.deadlines.groups)
    assert site.renderer.env.from_string("{{ q }}").render(q=Quarter(2026, 1)) == "quý\u00a0I/2026"
