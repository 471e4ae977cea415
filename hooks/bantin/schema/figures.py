"""A programme's figures: data/programmes/<mã>.yml, its reports, tasks, indicators, figures by unit and the
thresholds of the traffic lights; and the words of the statistics pages (data/wording.yml, `wording:`).

Read by bantin.figures.loading, bantin.figures.units and bantin.figures.wording; a label here is the name their
messages give a field (`tên chương trình (title)`).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..common.sample import SAMPLE_ALIASES, SAMPLE_KEY, SAMPLE_NAME
from . import Entity, Field, register

# Words a report puts before a figure it does not give exactly: "duy trì trên 160.000 lượt truy cập/ngày".
QUALIFIERS = ("trên", "gần", "khoảng", "hơn", "đạt")

# A report's parts a newer report may leave out, saying so (`giu_nguyen:`): the statistics pages then show each
# from the latest report that gives it, with that report's date.
SECTIONS = ("tasks", "indicators", "by_unit")


@dataclass(frozen=True)
class Wording:
    """What the statistics pages call the statuses and the table columns.

    Each field is named after the data field whose label it is (`on_schedule`, `target`…); the defaults
    are the site's own words. `data/wording.yml` changes them for the whole site, a programme's
    `wording:` for that programme, so a page says what the office's report says.
    """

    completed: str = "Đã hoàn thành"
    on_schedule: str = "Đang thực hiện theo tiến độ"
    overdue: str = "Đang thực hiện quá hạn"
    completed_on_time: str = "Hoàn thành đúng hạn"
    completed_late: str = "Hoàn thành trễ hạn"
    assigned: str = "Tổng số được giao"
    status: str = "Tình trạng"
    count: str = "Số nhiệm vụ"
    percent: str = "Tỷ lệ"
    indicator: str = "Chỉ tiêu"
    actual: str = "Đạt được"
    target: str = "Mục tiêu"
    progress: str = "Tiến độ"
    remaining: str = "Còn lại"
    due: str = "Thời hạn"

    def of_status(self, status: str) -> str:
        """The label of a task status (`completed`, `completed_late`…)."""
        label: str = getattr(self, status)  # one of the fields above, each a str
        return label


# `minh_hoa: true` (bantin.common.sample), which a programme, a report and a unit may say.
SAMPLE = Field(SAMPLE_KEY, SAMPLE_NAME[:1].upper() + SAMPLE_NAME[1:], "flag",
               help="số liệu giả định để minh họa, không phải số liệu chính thức: trang nào hiện số liệu này "
                    "cũng ghi rõ như vậy", aliases=tuple(SAMPLE_ALIASES), example="true")

PROGRAMME = Entity("programme", "Chương trình", (
    Field("id", "Mã chương trình", "id", help="chữ thường không dấu, số và dấu '-'; không ghi thì là tên tệp",
          example="ke-hoach-chuyen-doi-so"),
    Field("title", "Tên chương trình", required=True, help="như trên văn bản giao chương trình",
          example="Đề án chuyển đổi số trong các cơ quan Đảng"),
    Field("basis", "Căn cứ", help="văn bản giao chương trình", example="Quyết định số 204-QĐ/TW"),
    Field("owner", "Cơ quan báo cáo", help="cơ quan chủ trì, báo cáo số liệu",
          example="Ban Chỉ đạo Chuyển đổi số trong các cơ quan Đảng"),
    Field("nguon", "Nguồn số liệu", "long",
          help="ai công bố số liệu, ở đâu, ngày nào, ví dụ “Báo cáo của Ban Chỉ đạo …, đăng trên báo Nhân Dân "
               "ngày …”; hiện dưới tên chương trình trên trang thống kê, sau chữ “Nguồn:”",
          example="Báo cáo của Ban Chỉ đạo tại Hội nghị tổng kết ngày 29/12/2025 (TTXVN đưa tin)"),
    Field("wording", "Cách gọi trên trang thống kê", "group", entity="wording", aliases=("cach_goi", "labels"),
          help="đổi tên các tình trạng, các cột cho riêng chương trình này (như data/wording.yml)"),
    Field("traffic_lights", "Ngưỡng mức cảnh báo theo đơn vị", "group", entity="traffic_lights",
          help="khi nào một đơn vị ở mức Đỏ, Vàng; không ghi thì Đỏ trên 10% quá hạn, Vàng từ 1 nhiệm vụ quá hạn"),
    Field("task_list", "Danh sách nhiệm vụ", "items", entity="task", aliases=("tasks",),
          help="danh sách nhiệm vụ chung cho mọi kỳ báo cáo; mỗi kỳ tự tính số nhiệm vụ theo ngày chốt số liệu"),
    Field("reports", "Các kỳ báo cáo", "items", required=True, entity="report",
          help="mỗi kỳ báo cáo một mục bắt đầu bằng '- as_of:'"),
    SAMPLE,
), where="data/programmes/<mã>.yml", help="Một chương trình, đề án hoặc kế hoạch có số liệu theo dõi, "
                                          "mỗi chương trình một tệp", title_field="title")

REPORT = Entity("report", "Kỳ báo cáo", (
    Field("as_of", "Ngày chốt số liệu", "date", required=True, help="mỗi kỳ một ngày khác nhau",
          example="2025-12-25"),
    Field("tasks", "Số nhiệm vụ theo tình trạng", "group", entity="task_counts",
          help="không cần ghi khi có danh sách nhiệm vụ (task_list): số được đếm từ danh sách"),
    Field("task_list", "Danh sách nhiệm vụ", "items", entity="task",
          help="nhiệm vụ của riêng kỳ này, khi chương trình không có danh sách nhiệm vụ chung"),
    Field("indicators", "Các chỉ tiêu", "items", entity="indicator"),
    Field("by_unit", "Số liệu theo đơn vị", "mapping", entity="unit_figures",
          help="mã đơn vị trong data/units.yml, rồi số liệu của đơn vị đó"),
    Field("giu_nguyen", "Các phần không báo cáo lại", "tags", choices=SECTIONS,
          help="phần kỳ này không báo cáo lại: trang thống kê hiện phần đó của kỳ trước, ghi rõ ngày",
          example="[by_unit]"),
    SAMPLE,
), where="reports: trong tệp chương trình", help="Số liệu tính đến một ngày chốt", title_field="as_of")

TASK_COUNTS = Entity("task_counts", "Số nhiệm vụ theo tình trạng", (
    Field("assigned", "Số nhiệm vụ được giao", "int", help="nếu ghi, phải bằng tổng các tình trạng",
          example="309"),
    Field("completed", "Số nhiệm vụ đã hoàn thành", "int",
          help="bắt buộc, trừ khi ghi completed_on_time và completed_late", example="189"),
    Field("completed_on_time", "Số nhiệm vụ hoàn thành đúng hạn", "int", help="ghi cùng completed_late",
          example="150"),
    Field("completed_late", "Số nhiệm vụ hoàn thành trễ hạn", "int", help="ghi cùng completed_on_time",
          example="39"),
    Field("on_schedule", "Số nhiệm vụ đang thực hiện theo tiến độ", "int", required=True, example="93"),
    Field("overdue", "Số nhiệm vụ đang thực hiện quá hạn", "int", required=True, example="27"),
), where="tasks: trong kỳ báo cáo hoặc trong by_unit", help="Số nhiệm vụ của một kỳ báo cáo, theo tình trạng")

TASK = Entity("task", "Nhiệm vụ", (
    Field("title", "Tên nhiệm vụ", required=True, aliases=("name",),
          example="Tái cấu trúc quy trình tiếp nhận hồ sơ"),
    Field("due", "Hạn hoàn thành", "due", required=True, aliases=("deadline",),
          help="một ngày hoặc một quý", example="2026-Q2"),
    Field("done", "Ngày hoàn thành", "date", help="chưa xong thì không ghi; xong thì thêm ngày, không xóa nhiệm vụ",
          example="2026-03-15"),
    Field("unit", "Đơn vị thực hiện",
          help="mã hoặc tên một đơn vị trong data/units.yml thì tên đó dẫn tới trang của đơn vị",
          example="Văn phòng HĐND và UBND"),
    Field("chu_tri", "Đơn vị chủ trì", aliases=("owner", "lead"), help="bắt buộc trong danh sách nhiệm vụ chung",
          example="Văn phòng HĐND và UBND"),
    Field("phoi_hop", "Đơn vị phối hợp", "tags", aliases=("partners",), example="[Công an phường, Đoàn Thanh niên]"),
    Field("ngay_giao", "Ngày giao", "date",
          help="nhiệm vụ giao thêm sau một kỳ báo cáo: kỳ trước ngày này không tính nhiệm vụ này",
          example="2026-01-05"),
), where="task_list: trong tệp chương trình hoặc trong kỳ báo cáo", help="Một nhiệm vụ được giao")

INDICATOR = Entity("indicator", "Chỉ tiêu", (
    Field("id", "Mã chỉ tiêu", "id", required=True, help="chữ thường không dấu, số và dấu '-'",
          example="quy-trinh-nghiep-vu"),
    Field("name", "Tên chỉ tiêu", required=True,
          example="Quy trình nghiệp vụ lõi được tái cấu trúc, đưa vào sử dụng"),
    Field("unit", "Đơn vị tính", required=True, help="phần trăm viết \"%\" (trong ngoặc kép)", example="quy trình"),
    Field("qualifier", "Từ chỉ mức", "choice", choices=QUALIFIERS, aliases=("muc", "tu_chi_muc", "approx"),
          help="khi báo cáo không ghi số đúng, ví dụ “duy trì trên 160.000 lượt”", example="trên"),
    Field("actual", "Số đạt được", "number", required=True, help="số viết liền, phần thập phân sau dấu chấm",
          example="109"),
    Field("target", "Mục tiêu", "number", help="lớn hơn 0; không có mục tiêu thì không ghi", example="156"),
    Field("due", "Thời hạn", "due", help="một ngày hoặc một quý", example="2026-Q1"),
), where="indicators: trong kỳ báo cáo", help="Một chỉ tiêu có số đạt được, có thể có mục tiêu",
    title_field="name")

TRAFFIC_LIGHTS = Entity("traffic_lights", "Ngưỡng mức cảnh báo theo đơn vị", (
    Field("red_overdue_share", "Ngưỡng đỏ (% nhiệm vụ quá hạn)", "number",
          help="mức Đỏ khi số nhiệm vụ quá hạn chiếm trên tỷ lệ này; mặc định 10", example="10"),
    Field("yellow_overdue", "Ngưỡng vàng (số nhiệm vụ quá hạn)", "int",
          help="mức Vàng từ số nhiệm vụ quá hạn này trở lên; mặc định 1", example="1"),
), where="traffic_lights: trong tệp chương trình", help="Khi nào một đơn vị ở mức Đỏ, Vàng hay Xanh")

UNIT_FIGURES = Entity("unit_figures", "Số liệu theo đơn vị", (
    Field("tasks", "Số nhiệm vụ theo tình trạng", "group", entity="task_counts",
          help="cộng các đơn vị cùng cấp phải bằng số của đơn vị cấp trên, hoặc của kỳ báo cáo"),
    # indicator id → the unit's actual figure, ids those of the report's indicators
    Field("indicators", "Số đạt được của các chỉ tiêu", "mapping",
          help="mã chỉ tiêu của kỳ báo cáo, rồi số đạt được của đơn vị", example="{quy-trinh-nghiep-vu: 12}"),
), where="by_unit: trong kỳ báo cáo, dưới mã của mỗi đơn vị", help="Số liệu một kỳ báo cáo của một đơn vị")

_COLUMNS = Wording()
WORDING = Entity("wording", "Cách gọi trên trang thống kê", tuple(
    Field(key, label, example=getattr(_COLUMNS, key, ""), aliases=aliases)
    for key, label, aliases in (
        ("completed", "Tên tình trạng đã hoàn thành", ()),
        ("on_schedule", "Tên tình trạng theo tiến độ", ()),
        ("overdue", "Tên tình trạng quá hạn", ()),
        ("completed_on_time", "Tên tình trạng hoàn thành đúng hạn", ()),
        ("completed_late", "Tên tình trạng hoàn thành trễ hạn", ()),
        ("assigned", "Tên dòng tổng số nhiệm vụ", ()),
        ("status", "Tiêu đề cột tình trạng", ("tinh_trang",)),
        ("count", "Tiêu đề cột số nhiệm vụ", ()),
        ("percent", "Tiêu đề cột tỷ lệ", ("ty_le",)),
        ("indicator", "Tiêu đề cột chỉ tiêu", ()),
        ("actual", "Tiêu đề cột đạt được", ("result", "ket_qua")),
        ("target", "Tiêu đề cột mục tiêu", ("plan", "ke_hoach")),
        ("progress", "Tiêu đề cột tiến độ", ()),
        ("remaining", "Tiêu đề cột còn lại", ()),
        ("due", "Tiêu đề cột thời hạn", ("deadline", "thoi_han")),
        ("change_sentence", "Mẫu câu so sánh với kỳ trước", ("so_sanh",)),
        ("change_up", "Mẫu câu khi tăng", ("tang",)),
        ("change_down", "Mẫu câu khi giảm", ("giam",)),
        ("change_same", "Mẫu câu khi không đổi", ("khong_doi", "giu_nguyen")),
        ("change_points_up", "Mẫu câu khi tỷ lệ tăng", ()),
        ("change_points_down", "Mẫu câu khi tỷ lệ giảm", ()),
        ("change_approx_up", "Mẫu câu khi số ước chừng tăng", ()),
        ("change_approx_down", "Mẫu câu khi số ước chừng giảm", ()),
        ("change_assigned", "Tên số nhiệm vụ được giao trong câu so sánh", ()),
        ("change_status", "Tên số nhiệm vụ theo tình trạng trong câu so sánh", ()),
        ("change_by_status", "Mẫu câu các thay đổi theo tình trạng", ()),
        ("change_rate", "Tên tỷ lệ hoàn thành trong câu so sánh", ()),
        ("change_count", "Tên chỉ tiêu đếm được trong câu so sánh", ()),
        ("change_percent", "Tên chỉ tiêu tính bằng % trong câu so sánh", ()),
        ("change_first", "Câu khi chưa có kỳ trước để so sánh", ()),
        ("lights_green", "Mẫu câu khi một số đơn vị đạt Xanh", ()),
        ("lights_all_green", "Mẫu câu khi mọi đơn vị đạt Xanh", ()),
        ("lights_no_green", "Mẫu câu khi không đơn vị nào đạt Xanh", ()),
        ("lights_other", "Mẫu câu về các đơn vị Vàng, Đỏ", ()),
        ("lights_one_green", "Mẫu câu khi một đơn vị duy nhất đạt Xanh", ()),
        ("lights_one_other", "Mẫu câu khi một đơn vị duy nhất ở mức Vàng, Đỏ", ()),
    )), where="data/wording.yml, hoặc wording: trong tệp chương trình",
    help="Tên các tình trạng, các cột và các mẫu câu của trang thống kê, khi báo cáo của cơ quan gọi khác")

register(PROGRAMME, REPORT, TASK_COUNTS, TASK, INDICATOR, TRAFFIC_LIGHTS, UNIT_FIGURES, WORDING)
