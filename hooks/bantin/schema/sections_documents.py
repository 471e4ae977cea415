"""The sections Nghị định 42/2022 Điều 4 asks of a ward portal that list documents and procedures:
văn bản (and công khai ngân sách among them), thủ tục hành chính, hỏi đáp. Read by
bantin.sections.documents; each key, label and alias here is what the reader checks and hints."""
from __future__ import annotations

from ..common.sample import SAMPLE_ALIASES, SAMPLE_KEY
from . import Entity, Field, register

# Loại văn bản: the kinds Nghị định 30/2020 Điều 7 names (văn bản hành chính), the legal kinds of Luật Ban hành
# văn bản quy phạm pháp luật, and the Party's (Quy định 66-QĐ/TW): one list, so the filter by kind has one
# spelling per kind and a typo gets a hint.
DOCUMENT_TYPES = (
    "Hiến pháp", "Luật", "Bộ luật", "Nghị quyết", "Nghị định", "Quyết định", "Chỉ thị", "Thông tư",
    "Thông tư liên tịch", "Kết luận", "Quy định", "Quy chế", "Hướng dẫn", "Thông tri", "Thông báo",
    "Thông cáo", "Chương trình", "Kế hoạch", "Phương án", "Đề án", "Dự án", "Báo cáo", "Tờ trình",
    "Công văn", "Công điện", "Biên bản", "Giấy mời",
)
SAMPLE = Field(SAMPLE_KEY, "Dữ liệu minh họa", "flag", aliases=tuple(SAMPLE_ALIASES),
               help="true khi đây là nội dung minh họa, không phải của cơ quan: trang hiện dòng "
                    "“Số liệu minh họa, không phải số liệu chính thức”", example="true")

DOCUMENT = Entity("document", "Văn bản", (
    Field("so_ky_hieu", "Số, ký hiệu", required=True, aliases=("so", "so_hieu", "ky_hieu", "number"),
          help="như in trên văn bản; địa chỉ trang của văn bản lấy từ đây", example="57-NQ/TW"),
    Field("ngay_ban_hanh", "Ngày ban hành", "date", required=True, aliases=("ngay", "date"),
          example="2024-12-22"),
    Field("loai", "Loại văn bản", "choice", required=True, choices=DOCUMENT_TYPES,
          aliases=("loai_van_ban", "the_loai", "type"), example="Nghị quyết"),
    Field("co_quan_ban_hanh", "Cơ quan ban hành", required=True, aliases=("co_quan", "noi_ban_hanh", "issuer"),
          help="viết thống nhất giữa các văn bản: trang lọc theo cơ quan gom theo tên này",
          example="Bộ Chính trị"),
    Field("trich_yeu", "Trích yếu", "long", required=True, aliases=("tieu_de", "noi_dung", "title", "summary"),
          example="Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia"),
    Field("nguoi_ky", "Người ký", aliases=("ky", "signer"), example="Tô Lâm"),
    Field("linh_vuc", "Lĩnh vực", aliases=("field",), example="Khoa học, công nghệ"),
    Field("hieu_luc", "Ngày có hiệu lực", "date", aliases=("ngay_hieu_luc", "effective"), example="2024-12-22"),
    Field("het_hieu_luc", "Ngày hết hiệu lực", "date", aliases=("ngay_het_hieu_luc", "expires")),
    Field("tep", "Tệp văn bản (PDF)", "file", aliases=("tep_dinh_kem", "dinh_kem", "file", "pdf"),
          help="tệp PDF trong thư mục docs/, ví dụ docs/van-ban/57-nq-tw.pdf ghi là van-ban/57-nq-tw.pdf",
          example="van-ban/57-nq-tw.pdf"),
    Field("cong_khai_ngan_sach", "Công khai ngân sách", "flag", aliases=("ngan_sach", "budget"),
          help="true khi văn bản công khai dự toán, quyết toán ngân sách: văn bản có cả ở trang "
               "Công khai ngân sách", example="true"),
    Field("duong_dan", "Địa chỉ trang", "id", aliases=("slug",),
          help="chỉ ghi khi hai văn bản có cùng số, ký hiệu (ví dụ cùng số nhưng khác năm)",
          example="01-qd-ubnd-2026"),
    SAMPLE,
), where="data/van-ban.yml", title_field="trich_yeu",
    help="Văn bản quy phạm pháp luật, văn bản chỉ đạo, điều hành đăng trên trang Văn bản.")

DOCUMENTS_FILE = Entity("documents_file", "Tệp văn bản", (
    Field("van_ban", "Văn bản", "items", required=True, entity="document", aliases=("documents",)),
), where="data/van-ban.yml", help="Danh sách văn bản, mỗi văn bản bắt đầu bằng '- '.")

PROCEDURE = Entity("procedure", "Thủ tục hành chính", (
    Field("ten", "Tên thủ tục", required=True, aliases=("ten_thu_tuc", "name"), example="Đăng ký khai sinh"),
    Field("ma", "Mã thủ tục", aliases=("ma_thu_tuc", "code"),
          help="mã trên Cơ sở dữ liệu quốc gia về thủ tục hành chính, nếu có", example="1.001193"),
    Field("linh_vuc", "Lĩnh vực", required=True, aliases=("field",), help="trang nhóm các thủ tục theo lĩnh vực",
          example="Hộ tịch"),
    Field("co_quan_thuc_hien", "Cơ quan thực hiện", required=True, aliases=("co_quan", "agency"),
          example="Ủy ban nhân dân cấp xã"),
    Field("lien_ket", "Liên kết thực hiện trực tuyến", "url", required=True, aliases=("link", "url", "dia_chi"),
          help="địa chỉ https:// của thủ tục trên Cổng Dịch vụ công quốc gia hoặc của tỉnh",
          example="https://dichvucong.gov.vn/"),
    SAMPLE,
), where="data/thu-tuc.yml", title_field="ten", help="Một thủ tục hành chính và nơi thực hiện trực tuyến.")

PROCEDURES_FILE = Entity("procedures_file", "Tệp thủ tục hành chính", (
    Field("thu_tuc", "Thủ tục", "items", required=True, entity="procedure", aliases=("procedures",)),
), where="data/thu-tuc.yml", help="Danh sách thủ tục hành chính, mỗi thủ tục bắt đầu bằng '- '.")

QUESTION = Entity("question", "Câu hỏi", (
    Field("cau_hoi", "Câu hỏi", "long", required=True, aliases=("hoi", "question")),
    Field("nguoi_hoi", "Người hỏi", aliases=("asker",), help="chỉ ghi khi người hỏi đồng ý nêu tên",
          example="Bà Nguyễn Thị A, khu phố 1"),
    Field("ngay", "Ngày hỏi", "date", required=True, aliases=("ngay_hoi", "date"), example="2025-12-01"),
    Field("tra_loi", "Trả lời", "long", required=True, aliases=("answer",)),
    Field("nguoi_tra_loi", "Người trả lời", required=True, aliases=("co_quan_tra_loi", "answered_by"),
          example="Công chức Tư pháp - Hộ tịch"),
    Field("ngay_tra_loi", "Ngày trả lời", "date", aliases=("answered",), example="2025-12-05"),
    SAMPLE,
), where="data/hoi-dap.yml", title_field="cau_hoi", help="Một câu hỏi của người dân và câu trả lời.")

CHANNELS = Entity("feedback_channels", "Cách gửi câu hỏi, góp ý", (
    Field("email", "Thư điện tử", "email", aliases=("thu_dien_tu",), example="ubnd@example.gov.vn"),
    Field("dien_thoai", "Điện thoại", "phone", aliases=("phone", "so_dien_thoai"), example="0251 3822 000"),
    Field("dia_chi", "Địa chỉ", aliases=("address",), help="nơi nhận thư, đơn"),
    Field("cong_phan_anh", "Cổng tiếp nhận phản ánh, kiến nghị", "url", aliases=("phan_anh", "link"),
          help="địa chỉ https:// của hệ thống tiếp nhận phản ánh, kiến nghị", example="https://dichvucong.gov.vn/"),
), where="data/hoi-dap.yml", help="Thư điện tử, điện thoại, địa chỉ của data/site.yml (agency) được dùng trước; "
                                  "các trường ở đây dùng khi data/site.yml không có.")

QUESTIONS_FILE = Entity("questions_file", "Tệp hỏi đáp", (
    Field("hoi_dap", "Hỏi đáp", "items", entity="question", aliases=("cau_hoi", "questions")),
    Field("gui_cau_hoi", "Cách gửi câu hỏi, góp ý", "group", entity="feedback_channels",
          aliases=("lien_he", "gop_y", "contact")),
), where="data/hoi-dap.yml", help="Các câu hỏi đã trả lời và cách gửi câu hỏi, góp ý.")

register(DOCUMENT, DOCUMENTS_FILE, PROCEDURE, PROCEDURES_FILE, QUESTION, CHANNELS, QUESTIONS_FILE)
