"""The office's own sections a ward portal must publish (Nghị định 42/2022/NĐ-CP, Điều 4): its organisation and
leaders (data/to-chuc.yml) and its work and citizen-reception schedules (data/lich-cong-tac.yml).

Keys are Vietnamese without accents, as the other keys editors add (`minh_hoa`, `chu_tri`); the English words a
programmer might type are aliases, suggested in the messages. Read by bantin.sections.office.
"""
from __future__ import annotations

from ..common.sample import SAMPLE_ALIASES, SAMPLE_KEY
from . import Entity, Field, register

SAMPLE = Field(SAMPLE_KEY, "Số liệu minh họa", "flag", aliases=tuple(SAMPLE_ALIASES),
               help="Ghi true khi nội dung là minh họa, chưa phải thông tin chính thức: trang hiện dòng "
                    "“Số liệu minh họa, không phải số liệu chính thức”.", example="true")
PHONE_HELP = "Số điện thoại trong nước, ví dụ 0251 3822 123 hoặc 0912 345 678."

register(
    Entity("leader", "Lãnh đạo", (
        Field("ho_ten", "Họ và tên", required=True, aliases=("name", "ten"), example="Nguyễn Văn A"),
        Field("chuc_vu", "Chức vụ", required=True, aliases=("title", "position"),
              example="Chủ tịch Ủy ban nhân dân phường"),
        Field("phu_trach", "Lĩnh vực phụ trách", "long", aliases=("linh_vuc", "responsibilities"),
              help="Các lĩnh vực, công việc được phân công phụ trách.", example="Phụ trách chung; lĩnh vực nội chính"),
        Field("dien_thoai", "Điện thoại", "phone", aliases=("phone", "sdt", "so_dien_thoai"), help=PHONE_HELP,
              example="0251 3822 123"),
        Field("email", "Thư điện tử", "email", aliases=("thu_dien_tu", "mail"), example="nva@dongnai.gov.vn"),
        Field("anh", "Ảnh", "image", aliases=("photo", "image", "hinh"),
              help="Ảnh chân dung, tệp trong thư mục docs/ (không bắt buộc).", example="assets/lanh-dao/nva.jpg"),
        Field("anh_mo_ta", "Mô tả ảnh", aliases=("alt", "mo_ta_anh"),
              help="Mô tả ảnh cho người khiếm thị; để trống thì ghi “Ảnh <họ và tên>”.",
              example="Ảnh ông Nguyễn Văn A"),
    ), help="Một người trong lãnh đạo cơ quan: họ tên, chức vụ, lĩnh vực phụ trách và cách liên hệ."),
    Entity("department", "Bộ phận", (
        Field("ten", "Tên bộ phận", required=True, aliases=("name", "ten_bo_phan"),
              example="Văn phòng Hội đồng nhân dân và Ủy ban nhân dân"),
        Field("nhiem_vu", "Chức năng, nhiệm vụ", "long", aliases=("chuc_nang", "functions"),
              example="Tham mưu, tổng hợp; tiếp nhận và trả kết quả thủ tục hành chính"),
        Field("dien_thoai", "Điện thoại", "phone", aliases=("phone", "sdt", "so_dien_thoai"), help=PHONE_HELP,
              example="0251 3822 124"),
        Field("email", "Thư điện tử", "email", aliases=("thu_dien_tu", "mail"), example="vanphong@dongnai.gov.vn"),
    ), help="Một bộ phận, phòng chuyên môn của cơ quan."),
    Entity("organisation", "Tổ chức bộ máy", (
        Field("chuc_nang", "Chức năng, nhiệm vụ của cơ quan", "long", aliases=("gioi_thieu", "functions"),
              example="Ủy ban nhân dân phường là cơ quan hành chính nhà nước ở địa phương …"),
        Field("lanh_dao", "Lãnh đạo", "items", entity="leader", aliases=("leaders", "lanh_dao_ubnd")),
        Field("bo_phan", "Các bộ phận", "items", entity="department", aliases=("departments", "phong_ban")),
        Field("cap_nhat", "Ngày cập nhật", "date", aliases=("updated", "ngay_cap_nhat"),
              help="Ngày thông tin được cập nhật lần cuối.", example="2026-01-05"),
        SAMPLE,
    ), where="data/to-chuc.yml", title_field="lanh_dao",
        help="Chức năng, nhiệm vụ, lãnh đạo và các bộ phận của cơ quan (trang Tổ chức bộ máy)."),
    Entity("appointment", "Công việc trong lịch", (
        Field("ngay", "Ngày", "date", required=True, aliases=("date", "ngay_lam_viec"), example="2026-12-07"),
        Field("gio", "Giờ", required=True, aliases=("time", "thoi_gian"), help="Giờ bắt đầu, dạng 08:00 hoặc 14:30.",
              example="08:00"),
        Field("noi_dung", "Nội dung", "long", required=True, aliases=("content", "viec", "cong_viec"),
              example="Họp giao ban Ủy ban nhân dân phường"),
        Field("chu_tri", "Chủ trì", aliases=("chair", "chu_toa"), example="Chủ tịch UBND phường"),
        Field("dia_diem", "Địa điểm", aliases=("place", "noi"), example="Phòng họp số 1"),
        Field("thanh_phan", "Thành phần", "long", aliases=("participants", "thanh_phan_tham_du"),
              example="Các Phó Chủ tịch, lãnh đạo các bộ phận"),
    ), help="Một công việc trong lịch công tác tuần."),
    Entity("week", "Tuần", (
        Field("tu_ngay", "Từ ngày (thứ hai)", "date", required=True, aliases=("week", "tuan", "bat_dau"),
              help="Ngày thứ hai đầu tuần.", example="2026-12-07"),
        Field("lich", "Các công việc", "items", required=True, entity="appointment",
              aliases=("items", "cong_viec", "viec")),
    ), help="Lịch công tác của một tuần, từ thứ hai đến chủ nhật."),
    Entity("reception", "Lịch tiếp công dân", (
        Field("nguoi_tiep", "Người tiếp công dân", required=True, aliases=("who", "lanh_dao", "nguoi")),
        Field("thoi_gian", "Thời gian", required=True, aliases=("when", "gio", "ngay"),
              example="Sáng thứ năm hằng tuần, từ 7 giờ 30 đến 11 giờ 30"),
        Field("dia_diem", "Địa điểm", required=True, aliases=("place", "noi"),
              example="Phòng tiếp công dân, trụ sở Ủy ban nhân dân phường"),
        Field("ghi_chu", "Ghi chú", "long", aliases=("note",)),
    ), help="Ai tiếp công dân, vào lúc nào, ở đâu."),
    Entity("work_schedule", "Lịch công tác", (
        Field("tuan", "Các tuần", "items", entity="week", aliases=("weeks", "lich_tuan")),
        Field("tiep_cong_dan", "Lịch tiếp công dân", "items", entity="reception",
              aliases=("reception", "tiep_dan")),
        SAMPLE,
    ), where="data/lich-cong-tac.yml", title_field="tuan",
        help="Lịch công tác hằng tuần của lãnh đạo và lịch tiếp công dân (trang Lịch công tác)."),
)
