"""A bulletin's front matter (docs/tin-tuc/…md, between the two `---` lines). Read by bantin.news.bulletins,
whose FIELDS give each key its reader; the editor's form (`make edit`) shows the fields with `form`."""
from __future__ import annotations

from . import Entity, Field, register

BULLETIN = Entity("bulletin", "Bản tin", (
    Field("title", "Tiêu đề", required=True, help="Tiêu đề bản tin, như trên trang",
          example="Hội nghị tổng kết công tác chuyển đổi số năm 2025"),
    Field("date", "Ngày đăng", "datetime", required=True,
          help="năm-tháng-ngày giờ:phút, ví dụ 2025-12-30 08:30; ngày sau hôm nay: bản tin hẹn giờ",
          example="2025-12-30 08:30"),
    Field("updated", "Ngày cập nhật", "datetime", help="ghi khi sửa nội dung bản tin đã đăng, ví dụ 2026-01-05 09:00",
          example="2026-01-05 09:00"),
    Field("category", "Chuyên mục", "choice", required=True, help="chuyên mục khai báo trong data/site.yml",
          choices_from="categories", example="chuyen-doi-so"),
    Field("tags", "Từ khóa", "tags", help="cách nhau bởi dấu phẩy, ví dụ: Chuyển đổi số, Đảng viên",
          example="[Chuyển đổi số, Đảng viên]"),
    Field("summary", "Tóm tắt", "long", help="một hai câu hiện ở danh sách tin và khi chia sẻ"),
    Field("image", "Ảnh", "image", help="ảnh JPEG, PNG hoặc WebP; ảnh lớn được thu nhỏ còn 1600 điểm ảnh",
          example="assets/anh/hoi-nghi.jpg"),
    Field("image_caption", "Chú thích ảnh", help="bắt buộc khi có ảnh: người không nhìn thấy ảnh nghe chú thích này",
          example="Quang cảnh hội nghị"),
    Field("image_credit", "Nguồn ảnh", help="tác giả hoặc nơi cung cấp ảnh", example="TTXVN"),
    Field("author", "Tác giả", help="người viết bản tin"),
    Field("source", "Nguồn tin", help="ví dụ TTXVN", example="TTXVN"),
    Field("draft", "Bản nháp", "flag", help="bản nháp chưa đăng lên trang", example="true"),
    Field("featured", "Tin nổi bật", "flag", help="hiện ở đầu trang chủ", example="true"),
    Field("programme", "Chương trình", "choice", help="chương trình có số liệu mà bản tin dùng",
          choices_from="programmes"),
    Field("report", "Kỳ báo cáo", "date", form=False,
          help="ngày chốt số liệu (as_of) của kỳ báo cáo mà bản tin dùng; không ghi thì là kỳ mới nhất trước "
               "ngày đăng", example="2025-12-25"),
    Field("slug", "Địa chỉ", "id", form=False, help="không ghi thì lấy từ tên tệp; đã đăng thì đừng đổi",
          example="hoi-nghi-tong-ket"),
    Field("aliases", "Địa chỉ cũ", "tags", form=False, help="địa chỉ trước đây của bản tin, chuyển về địa chỉ mới",
          example="[tin-tuc/ten-cu/]"),
    Field("template", "Mẫu trang", form=False, help="được chấp nhận và bỏ qua: bản tin luôn dùng mẫu bài viết"),
    Field("description", "Mô tả", form=False, help="được chấp nhận và bỏ qua: bản tin được mô tả bằng tóm tắt"),
), where="docs/tin-tuc/<tên>.md, giữa hai dòng ---", help="Phần đầu của một bản tin")

register(BULLETIN)
