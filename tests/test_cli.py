import subprocess
import sys

from conftest import REPO

GOOD = "title: X\nreports:\n  - as_of: 2025-12-25\n    tasks: {completed: 1, on_schedule: 2, overdue: 3}\n"


def run(cwd):
    return subprocess.run([sys.executable, "-m", "bantin", "check", "data"], cwd=cwd, capture_output=True,
                          text=True, env={"PYTHONPATH": str(REPO / "hooks"), "PATH": "/usr/bin:/bin"})


def test_check_reports_success(data_dir):
    data_dir.write("x.yml", GOOD)
    result = run(data_dir.parent)
    assert result.returncode == 0
    assert result.stdout == "Dữ liệu hợp lệ: 1 chương trình, 1 báo cáo.\n"


def test_check_lists_every_error(data_dir):
    data_dir.write("x.yml", GOOD.replace("completed: 1", "completed: 1.5"))
    data_dir.write("y.yml", "title: Y\nreports: []\n")
    result = run(data_dir.parent)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "Có 2 lỗi trong 2 tệp, trang chưa được tạo:",
        "data/programmes/x.yml (1 lỗi):",
        "  data/programmes/x.yml:4: tasks.completed: cần số nguyên, không phải 1.5",
        "data/programmes/y.yml (1 lỗi):",
        "  data/programmes/y.yml:2: reports: cần ít nhất một báo cáo",
    ]


def test_check_reads_pages_too(data_dir):
    data_dir.write("x.yml", GOOD)
    docs = data_dir.parent / "docs"
    (docs / "tin-tuc").mkdir(parents=True)
    (docs / "index.md").write_text("Giao {{ programmes['x'].latest.tasks.assigned }} nhiệm vụ.\n", encoding="utf-8")
    (docs / "tin-tuc" / "a.md").write_text("---\ntitle: A\ndate: 2025-12-30 08:30\ncategory: tin\n"
                                           "programme: x\n---\n\n{{ tasks.assigned }}\n{{ tasks.asigned }}\n",
                                           encoding="utf-8")
    (data_dir / "site.yml").write_text("agency: {name: UBND}\ncategories: [{id: tin, name: Tin}]\n", encoding="utf-8")
    result = run(data_dir.parent)
    assert result.returncode == 1
    assert result.stderr.splitlines()[1] == (
        "  docs/tin-tuc/a.md:9: không có trường 'asigned' (ý bạn là 'assigned'?); có: assigned, completed, "
        "on_schedule, overdue, completed_on_time, completed_late, percent, delta")
    (docs / "tin-tuc" / "a.md").write_text("---\ntitle: A\ndate: 2025-12-30 08:30\ncategory: tin\n---\n\nA.\n",
                                           encoding="utf-8")
    result = run(data_dir.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["Dữ liệu hợp lệ: 1 chương trình, 1 báo cáo.",
                                          "Trang hợp lệ: 2 trang, trong đó 1 bản tin."]
