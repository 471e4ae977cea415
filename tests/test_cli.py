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
        "Dữ liệu có 2 lỗi, trang chưa được tạo:",
        "  data/programmes/x.yml:4: tasks.completed: cần số nguyên, không phải 1.5",
        "  data/programmes/y.yml:2: reports: cần ít nhất một báo cáo",
    ]
