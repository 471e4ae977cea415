import csv
import datetime as dt
import io
import json
from decimal import Decimal

from bantin import model
from bantin.exports import to_csv, to_json
from bantin.model import Indicator, Programme, Report, Task, TaskCounts
from bantin.stats import ProgrammeStats


def _programme():
    old = Report(dt.date(2025, 9, 30), TaskCounts(100, 150, 59, 80, 20))
    new = Report(dt.date(2025, 12, 25), TaskCounts(189, 93, 27), indicators=(
        Indicator("quy-trinh", "Quy trình", "quy trình", 109, 156, dt.date(2026, 3, 31)),
        Indicator("ty-le", "Tỷ lệ", "%", Decimal("39.98")),
    ))
    return ProgrammeStats.of(Programme("cds", "Đề án", (old, new), "QĐ 204", "Ban Chỉ đạo"))


def test_json_shape_and_values():
    document = json.loads(to_json(_programme()))
    assert document["id"] == "cds" and document["title"] == "Đề án"
    assert [r["as_of"] for r in document["reports"]] == ["2025-09-30", "2025-12-25"]
    old, new = document["reports"]
    assert old["tasks"]["counts"] == {"completed": 100, "on_schedule": 150, "overdue": 59,
                                      "completed_on_time": 80, "completed_late": 20}
    assert new["tasks"] == {"assigned": 309, "counts": {"completed": 189, "on_schedule": 93, "overdue": 27},
                            "percent": {"completed": 61, "on_schedule": 30, "overdue": 9}}
    assert new["indicators"][0] == {"id": "quy-trinh", "name": "Quy trình", "unit": "quy trình", "actual": 109,
                                    "target": 156, "due": "2026-03-31", "progress": 69.9, "remaining": 47}
    assert new["indicators"][1]["actual"] == 39.98


def test_json_task_list_has_statuses():
    report = Report(dt.date(2025, 12, 25), TaskCounts(0, 1, 0), task_list=(Task("Việc", dt.date(2026, 1, 1)),))
    document = json.loads(to_json(ProgrammeStats.of(Programme("k", "K", (report,)))))
    assert document["reports"][0]["task_list"] == [
        {"title": "Việc", "due": "2026-01-01", "done": None, "unit": None, "chu_tri": None, "phoi_hop": [],
         "ngay_giao": None, "status": "on_schedule"}]


def test_csv_has_bom_and_rows():
    text = to_csv(_programme())
    assert text.startswith("\ufeffas_of,section,id,name,unit,value,target,percent,due,chu_tri,phoi_hop\r\n")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    latest = [r for r in rows if r["as_of"] == "2025-12-25"]
    assert [(r["id"], r["value"], r["percent"]) for r in latest] == [
        ("assigned", "309", ""), ("completed", "189", "61"), ("on_schedule", "93", "30"),
        ("overdue", "27", "9"), ("quy-trinh", "109", "69.9"), ("ty-le", "39.98", "")]
    assert latest[1]["name"] == "đã hoàn thành"


def test_csv_lists_tasks_with_their_status():
    report = Report(dt.date(2025, 12, 25), TaskCounts(1, 1, 0), task_list=(
        Task("Số hóa hồ sơ", dt.date(2025, 10, 31), dt.date(2025, 10, 15), "Một cửa"),
        Task("Tập huấn", dt.date(2026, 3, 31))))
    rows = list(csv.reader(io.StringIO(to_csv(ProgrammeStats.of(Programme("k", "K", (report,)))).lstrip("\ufeff"))))
    assert rows[-2:] == [["2025-12-25", "task_list", "1", "Số hóa hồ sơ", "Một cửa", "completed_on_time", "", "",
                          "2025-10-31", "", ""],
                         ["2025-12-25", "task_list", "2", "Tập huấn", "", "on_schedule", "", "", "2026-03-31", "", ""]]


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
    rows = list(csv.DictReader(io.StringIO(to_csv(_shared_list_programme()).lstrip("\ufeff"))))
    tasks = [(r["as_of"], r["name"], r["value"], r["chu_tri"], r["phoi_hop"]) for r in rows
             if r["section"] == "task_list"]
    assert tasks == [
        ("2025-09-30", "Số hóa hồ sơ", "on_schedule", "Văn phòng", "Công an phường; Bộ phận một cửa, tiếp dân"),
        ("2025-09-30", "Tập huấn", "on_schedule", "Đoàn thanh niên", ""),
        ("2025-12-25", "Số hóa hồ sơ", "completed_on_time", "Văn phòng", "Công an phường; Bộ phận một cửa, tiếp dân"),
        ("2025-12-25", "Tập huấn", "on_schedule", "Đoàn thanh niên", ""),
    ]
