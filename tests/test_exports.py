import csv
import dataclasses
import datetime as dt
import io
import json
from decimal import Decimal

from bantin.common.periods import Quarter
from bantin.figures import model
from bantin.figures.exports import CSV_COLUMNS, INDICATOR_COMPUTED, ExcelVi, declared, to_csv, to_json
from bantin.figures.model import Indicator, Programme, Report, Task, TaskCounts
from bantin.figures.stats import IndicatorStats, ProgrammeStats
from bantin.schema import ENTITIES, Entity, Field, entity
from bantin.schema.figures import Wording


def _programme(wording=Wording()):
    old = Report(dt.date(2025, 9, 30), TaskCounts(100, 150, 59, 80, 20))
    new = Report(dt.date(2025, 12, 25), TaskCounts(189, 93, 27), indicators=(
        Indicator("quy-trinh", "Quy trình", "quy trình", 109, 156, dt.date(2026, 3, 31)),
        Indicator("ty-le", "Tỷ lệ", "%", Decimal("39.98")),
        Indicator("luot", "Lượt truy cập mỗi ngày", "lượt truy cập/ngày", 160000, qualifier="trên"),
        Indicator("ket-noi", "Kết nối", "%", 100, 100, Quarter(2025, 4)),
    ))
    return ProgrammeStats.of(Programme("cds", "Đề án", (old, new), "QĐ 204", "Ban Chỉ đạo", wording=wording))


def _rows(text: str) -> list[list[str]]:
    """The CSV read back as Excel-vi reads it: `;` between cells, after the byte-order mark."""
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), ExcelVi))


def test_json_shape_and_values():
    document = json.loads(to_json(_programme()))
    assert document["id"] == "cds" and document["title"] == "Đề án"
    assert [r["as_of"] for r in document["reports"]] == ["2025-09-30", "2025-12-25"]
    old, new = document["reports"]
    assert old["tasks"]["counts"] == {"completed": 100, "on_schedule": 150, "overdue": 59,
                                      "completed_on_time": 80, "completed_late": 20}
    assert new["tasks"] == {"assigned": 309, "counts": {"completed": 189, "on_schedule": 93, "overdue": 27},
                            "percent": {"completed": 61, "on_schedule": 30, "overdue": 9}}
    assert new["indicators"][0] == {"id": "quy-trinh", "name": "Quy trình", "unit": "quy trình", "qualifier": None,
                                    "actual": 109, "target": 156, "due": "2026-03-31", "progress": 69.9,
                                    "remaining": 47}
    assert new["indicators"][1]["actual"] == 39.98
    assert (new["indicators"][2]["qualifier"], new["indicators"][2]["actual"]) == ("trên", 160000)


def test_json_task_list_has_statuses():
    report = Report(dt.date(2025, 12, 25), TaskCounts(0, 1, 0), task_list=(Task("Việc", dt.date(2026, 1, 1)),))
    document = json.loads(to_json(ProgrammeStats.of(Programme("k", "K", (report,)))))
    assert document["reports"][0]["task_list"] == [
        {"title": "Việc", "due": "2026-01-01", "done": None, "unit": None, "chu_tri": None, "phoi_hop": [],
         "ngay_giao": None, "status": "on_schedule"}]


def test_csv_is_for_excel_in_vietnamese():
    """Vietnamese headings, `;` between cells, decimal comma, no thousands separator, ISO dates, BOM."""
    text = to_csv(_programme())
    assert text.startswith("\ufeffTính đến;Phần;Mã;Tên;Đơn vị tính;Từ chỉ mức;Giá trị;Kế hoạch;Tỷ lệ (%);Thời hạn;"
                           "Tình trạng;Đơn vị thực hiện;Chủ trì;Phối hợp;Ghi chú\r\n")
    header, *rows = _rows(text)
    assert tuple(header) == CSV_COLUMNS
    assert {row[-1] for row in rows} == {""}  # Ghi chú: no sample figures
    assert [row[:-1] for row in rows if row[0] == "2025-12-25"] == [
        ["2025-12-25", "Nhiệm vụ", "assigned", "Tổng số được giao", "nhiệm vụ", "", "309", "", "", "", "", "", "", ""],
        ["2025-12-25", "Nhiệm vụ", "completed", "Đã hoàn thành", "nhiệm vụ", "", "189", "", "61", "", "", "", "", ""],
        ["2025-12-25", "Nhiệm vụ", "on_schedule", "Đang thực hiện theo tiến độ", "nhiệm vụ", "", "93", "", "30", "",
         "", "", "", ""],
        ["2025-12-25", "Nhiệm vụ", "overdue", "Đang thực hiện quá hạn", "nhiệm vụ", "", "27", "", "9", "", "", "", "",
         ""],
        ["2025-12-25", "Chỉ tiêu", "quy-trinh", "Quy trình", "quy trình", "", "109", "156", "69,9", "2026-03-31",
         "Đang thực hiện", "", "", ""],
        ["2025-12-25", "Chỉ tiêu", "ty-le", "Tỷ lệ", "%", "", "39,98", "", "", "", "", "", "", ""],
        ["2025-12-25", "Chỉ tiêu", "luot", "Lượt truy cập mỗi ngày", "lượt truy cập/ngày", "trên", "160000", "", "",
         "", "", "", "", ""],
        ["2025-12-25", "Chỉ tiêu", "ket-noi", "Kết nối", "%", "", "100", "100", "100", "2025-Q4", "Đã đạt", "", "",
         ""],
    ]


def test_csv_names_statuses_as_the_programme_words_them():
    wording = Wording(on_schedule="Đang thực hiện trong hạn", overdue="Quá hạn chưa hoàn thành")
    rows = _rows(to_csv(_programme(wording)))
    assert [row[3] for row in rows if row[:2] == ["2025-12-25", "Nhiệm vụ"]] == [
        "Tổng số được giao", "Đã hoàn thành", "Đang thực hiện trong hạn", "Quá hạn chưa hoàn thành"]


def test_csv_lists_tasks_with_their_status():
    report = Report(dt.date(2025, 12, 25), TaskCounts(1, 1, 0), task_list=(
        Task("Số hóa hồ sơ", dt.date(2025, 10, 31), dt.date(2025, 10, 15), "Một cửa"),
        Task("Tập huấn", Quarter(2026, 1))))
    rows = _rows(to_csv(ProgrammeStats.of(Programme("k", "K", (report,)))))
    assert [row[:-1] for row in rows[-2:]] == [
        ["2025-12-25", "Danh sách nhiệm vụ", "1", "Số hóa hồ sơ", "", "", "", "", "", "2025-10-31",
         "Hoàn thành đúng hạn", "Một cửa", "", ""],
        ["2025-12-25", "Danh sách nhiệm vụ", "2", "Tập huấn", "", "", "", "", "", "2026-Q1",
         "Đang thực hiện theo tiến độ", "", "", ""]]


def _shared_list_programme():
    """One task list for two reports: the first task was done between them."""
    tasks = (Task("Số hóa hồ sơ", dt.date(2025, 12, 31), dt.date(2025, 11, 20), chu_tri="Văn phòng",
                  phoi_hop=("Công an phường", "Bộ phận một cửa, tiếp dân")),
             Task("Tập huấn", dt.date(2026, 3, 31), chu_tri="Đoàn thanh niên"))
    reports = tuple(Report(as_of, TaskCounts.of_tasks(tasks, as_of), model.tasks_on(tasks, as_of))
                    for as_of in (dt.date(2025, 9, 30), dt.date(2025, 12, 25)))
    return ProgrammeStats.of(Programme("k", "K", reports, task_list=tasks))


def test_json_tasks_name_who_leads_them_as_of_each_report():
    first, second = json.loads(to_json(_shared_list_programme()))["reports"]
    assert first["task_list"][0] == {
        "title": "Số hóa hồ sơ", "due": "2025-12-31", "done": None, "unit": None, "chu_tri": "Văn phòng",
        "phoi_hop": ["Công an phường", "Bộ phận một cửa, tiếp dân"], "ngay_giao": None, "status": "on_schedule"}
    assert (second["task_list"][0]["done"], second["task_list"][0]["status"]) == ("2025-11-20", "completed_on_time")
    assert first["tasks"]["counts"] == {"completed": 0, "on_schedule": 2, "overdue": 0,
                                        "completed_on_time": 0, "completed_late": 0}


def test_csv_tasks_name_who_leads_them():
    text = to_csv(_shared_list_programme())
    assert '"Công an phường; Bộ phận một cửa, tiếp dân"' in text  # a `;` inside a cell is quoted
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), dialect=ExcelVi))
    tasks = [(r["Tính đến"], r["Tên"], r["Tình trạng"], r["Chủ trì"], r["Phối hợp"]) for r in rows
             if r["Phần"] == "Danh sách nhiệm vụ"]
    assert tasks == [
        ("2025-09-30", "Số hóa hồ sơ", "Đang thực hiện theo tiến độ", "Văn phòng",
         "Công an phường; Bộ phận một cửa, tiếp dân"),
        ("2025-09-30", "Tập huấn", "Đang thực hiện theo tiến độ", "Đoàn thanh niên", ""),
        ("2025-12-25", "Số hóa hồ sơ", "Hoàn thành đúng hạn", "Văn phòng", "Công an phường; Bộ phận một cửa, tiếp dân"),
        ("2025-12-25", "Tập huấn", "Đang thực hiện theo tiến độ", "Đoàn thanh niên", ""),
    ]


def test_csv_decimals_keep_their_places_without_exponents():
    report = Report(dt.date(2025, 12, 25), None, indicators=(
        Indicator("a", "A", "ha", Decimal("0.000001")), Indicator("b", "B", "ha", Decimal("1234.50"), 5000)))
    rows = _rows(to_csv(ProgrammeStats.of(Programme("k", "K", (report,)))))
    assert [(row[6], row[7], row[8]) for row in rows[1:]] == [("0,000001", "", ""), ("1234,50", "5000", "24,7")]


def test_csv_cells_never_run_as_formulas():
    from bantin.figures.exports import _inert
    assert [_inert(c) for c in ("=HYPERLINK(\"http://x\")", "+1", "@SUM(A1)", "Quy trình", "69,9", "")] == [
        "'=HYPERLINK(\"http://x\")", "'+1", "'@SUM(A1)", "Quy trình", "69,9", ""]


def test_json_fields_are_the_schemas():
    """The JSON names a programme's, an indicator's and a task's fields as the schema declares them."""
    task = Task("Số hóa hồ sơ", dt.date(2026, 6, 30), chu_tri="Văn phòng", phoi_hop=("Công an",))
    report = Report(dt.date(2025, 12, 25), TaskCounts.of_tasks((task,), dt.date(2025, 12, 25)), (task,),
                    (Indicator("a", "A", "quy trình", 1),))
    document = json.loads(to_json(ProgrammeStats.of(Programme("cds", "Đề án", (report,), nguon="Báo cáo"))))
    assert declared("programme") == ("id", "title", "basis", "owner", "nguon")
    assert list(document) == [*declared("programme"), "sample", "note", "reports"]
    assert document["nguon"] == "Báo cáo"
    (shown,) = document["reports"]
    assert list(shown["indicators"][0]) == [*entity("indicator").keys, *INDICATOR_COMPUTED]
    assert shown["task_list"] == [{"title": "Số hóa hồ sơ", "due": "2026-06-30", "done": None, "unit": None,
                                   "chu_tri": "Văn phòng", "phoi_hop": ["Công an"], "ngay_giao": None,
                                   "status": "on_schedule"}]
    assert list(shown["task_list"][0])[:-1] == list(entity("task").keys)


def test_every_exported_field_is_an_attribute_of_its_model_class():
    """A field declared in the schema but missing on its class stopped `make build` with "Lỗi ngoài dự kiến"
    (AttributeError in the JSON export): this says which attribute to add, and where."""
    exported = {"programme": (Programme, ProgrammeStats), "indicator": (Indicator, IndicatorStats),
                "task": (Task,)}
    missing = [f"{cls.__module__}.{cls.__name__}.{key}" for name, classes in exported.items() for cls in classes
               for key in declared(name) if key not in {f.name for f in dataclasses.fields(cls)} | set(dir(cls))]
    assert missing == []


def test_a_field_added_to_the_schema_is_exported(monkeypatch):
    programme = _programme()
    object.__setattr__(programme, "ghi_chu", "Số liệu sơ bộ")
    before = entity("programme")
    monkeypatch.setitem(ENTITIES, "programme", Entity("programme", before.label,
                                                      (*before.fields, Field("ghi_chu", "Ghi chú"))))
    assert json.loads(to_json(programme))["ghi_chu"] == "Số liệu sơ bộ"
