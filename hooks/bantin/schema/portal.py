"""`data/site.yml`, the portal's settings: the office's identity, the categories, the menu, the banner, the
sidebar blocks and how quarters are written. bantin.portal.settings reads the file with these keys; the editor's
"Cài đặt trang" pages are drawn from these declarations."""
from __future__ import annotations

from ..common.sample import SAMPLE_ALIASES, SAMPLE_KEY
from . import Entity, Field, register

# What each sidebar block shows: links, notices, a picture, a Zalo OA, a poll, the visits counter.
BLOCK_TYPES = ("links", "notices", "image", "zalo", "poll", "visits", "most_read")
# How the pages write a quarter, given as an example of itself: `I/2026` as administrative documents, `1/2026` as
# the national news; data files may use either (fields._written_quarter).
QUARTER_STYLES = ("I/2026", "1/2026")

AGENCY = Entity("agency", "Thông tin cơ quan", (
    Field("name", "Tên cơ quan", required=True, help="tên đầy đủ, như văn bản của cơ quan ghi",
          example="Ủy ban nhân dân phường Phước Bình"),
    Field("short_name", "Tên viết tắt", help="tên ngắn trên đầu trang điện thoại", example="UBND phường Phước Bình"),
    Field("province", "Tỉnh, thành phố", help="tên phường, xã chưa đủ để phân biệt: ghi kèm tỉnh",
          example="Tỉnh Đồng Nai"),
    Field("logo", "Biểu trưng", kind="image", help="tệp ảnh biểu trưng trong thư mục docs/",
          example="assets/logo/bieu-trung.svg"),
    Field("governing_body", "Cơ quan chủ quản", example="Ủy ban nhân dân phường Phước Bình"),
    Field("responsible", "Người chịu trách nhiệm", help="họ tên và chức vụ, như chân trang ghi",
          example="Ông Nguyễn Văn A – Chủ tịch Ủy ban nhân dân phường"),
    Field("address", "Địa chỉ", example="Số 1 đường Lê Duẩn, phường Phước Bình, tỉnh Đồng Nai"),
    Field("phone", "Điện thoại", kind="phone", example="0251 3881 234"),
    Field("email", "Thư điện tử", kind="email", example="ubnd.phuocbinh@dongnai.gov.vn"),
    Field("working_hours", "Giờ làm việc", help="hiện ở chân trang và trang Liên hệ",
          example="Sáng 7:00 - 11:30, chiều 13:30 - 17:00, từ thứ Hai đến thứ Sáu"),
    Field("license", "Giấy phép", help="số giấy phép của trang, nếu có"),
    Field("republication", "Ghi chú khi phát hành lại", kind="long",
          help="câu nhắc ghi rõ nguồn khi đăng lại tin của trang"),
    Field("share_image", "Ảnh chia sẻ", kind="image",
          help="ảnh Facebook và Zalo hiện cho các trang không có ảnh riêng (JPEG, PNG hoặc WebP)",
          example="assets/anh/chia-se.png"),
), help="Tên, địa chỉ và người chịu trách nhiệm của cơ quan, hiện ở đầu và chân mọi trang.")

CATEGORY = Entity("category", "Chuyên mục", (
    Field("id", "Mã chuyên mục", kind="id", required=True, help="chữ thường không dấu nối bằng dấu gạch, "
          "là địa chỉ của chuyên mục; bản tin ghi mã này", example="thong-bao"),
    Field("name", "Tên chuyên mục", required=True, example="Thông báo"),
    Field("description", "Mô tả", kind="long"),
), help="Các chuyên mục của bản tin.", title_field="name")

MENU_ITEM = Entity("menu_item", "Mục trình đơn", (
    Field("text", "Chữ hiện trên trình đơn", help="để trống khi chọn chuyên mục: trình đơn ghi tên chuyên mục"),
    Field("url", "Địa chỉ", kind="url", help="trang trong trang này (gioi-thieu/) hoặc địa chỉ đầy đủ (https://…)"),
    Field("category", "Chuyên mục", kind="choice", choices_from="categories",
          help="hoặc chọn một chuyên mục thay cho chữ và địa chỉ"),
), help="Các mục của trình đơn chính, theo thứ tự.")

BANNER = Entity("banner", "Băng-rôn đầu trang", (
    Field("text", "Nội dung băng-rôn", required=True,
          example="NHIỆT LIỆT CHÀO MỪNG ĐẠI HỘI ĐẠI BIỂU TOÀN QUỐC LẦN THỨ XIV CỦA ĐẢNG"),
    Field("url", "Địa chỉ khi bấm vào", kind="url"),
    Field("dismissible", "Cho phép đóng", kind="flag", help="người xem đóng được băng-rôn; hiện lại khi nội dung đổi"),
), help="Dòng chữ chạy ở đầu mọi trang.")

LINK = Entity("sidebar_link", "Liên kết", (
    Field("text", "Chữ hiện", required=True),
    Field("url", "Địa chỉ", kind="url", required=True),
    Field("date", "Ngày", kind="date", help="ngày của thông báo, nếu có"),
), help="Một dòng của khối liên kết hoặc thông báo.")

BLOCK = Entity("sidebar_block", "Khối bên", (
    Field("type", "Loại khối", kind="choice", choices=BLOCK_TYPES, required=True,
          help="links: liên kết; notices: thông báo; image: ảnh; zalo: Zalo OA; poll: thăm dò ý kiến; "
               "visits: thống kê truy cập; most_read: tin xem nhiều"),
    Field("title", "Tiêu đề khối", required=True),
    Field("items", "Các dòng", kind="items", entity="sidebar_link", help="cho khối liên kết và khối thông báo"),
    Field("image", "Ảnh", kind="image", help="cho khối ảnh"),
    Field("alt", "Mô tả ảnh", help="cho khối ảnh: người khiếm thị nghe câu này thay cho ảnh"),
    Field("url", "Địa chỉ", kind="url", help="cho khối ảnh, Zalo và thăm dò ý kiến"),
    Field("question", "Câu hỏi", help="cho khối thăm dò ý kiến"),
    Field("text", "Lời giới thiệu", kind="long"),
    Field("count", "Số bản tin", kind="int", help="cho khối tin xem nhiều: số bản tin liệt kê (mặc định 5)",
          example="5"),
    Field(SAMPLE_KEY, "Nội dung minh họa", kind="flag", aliases=tuple(SAMPLE_ALIASES),
          help="đánh dấu khi khối chỉ có nội dung mẫu, không phải của cơ quan"),
), help="Các khối ở cột bên cạnh, theo thứ tự.", title_field="title")

SITE = Entity("site", "Cài đặt trang", (
    Field("agency", "Thông tin cơ quan", kind="group", entity="agency", required=True),
    Field("categories", "Chuyên mục", kind="items", entity="category", required=True),
    Field("menu", "Trình đơn", kind="items", entity="menu_item",
          help="để trống: trình đơn gồm các chuyên mục, rồi Thống kê và Lưu trữ"),
    Field("banner", "Băng-rôn đầu trang", kind="group", entity="banner"),
    Field("blocks", "Khối bên", kind="items", entity="sidebar_block"),
    Field("quarters", "Cách ghi quý", kind="choice", choices=QUARTER_STYLES,
          help="I/2026: số La Mã, như văn bản hành chính (quý I/2026); 1/2026: chữ số (quý 1/2026)"),
), where="data/site.yml", help="Thông tin cơ quan, chuyên mục, trình đơn và các khối của cổng thông tin.")

register(AGENCY, CATEGORY, MENU_ITEM, BANNER, LINK, BLOCK, SITE)
