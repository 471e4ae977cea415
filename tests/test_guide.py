"""The editors' guide's key tables come from the schema (bantin.schema.guide)."""
from bantin.cli import main
from bantin.schema import Entity, Field, entity
from bantin.schema.guide import PAGE, page, table
from conftest import REPO


def test_the_committed_page_is_the_schemas():
    """docs/huong-dan/truong-du-lieu.md (code, not content: sitebuild.CODE_PARTS) is what the declarations give;
    after changing a declaration, run `python -m bantin huong-dan`."""
    assert (REPO / PAGE).read_text(encoding="utf-8") == page()


def test_an_entitys_table():
    assert table(entity("traffic_lights")) == (
        "| Khóa | Tên | Bắt buộc | Ý nghĩa | Ví dụ |\n"
        "|---|---|---|---|---|\n"
        "| `red_overdue_share` | Ngưỡng đỏ (% nhiệm vụ quá hạn) | không | Mức Đỏ khi số nhiệm vụ quá hạn chiếm trên tỷ "
        "lệ này; mặc định 10 | `red_overdue_share: 10` |\n"
        "| `yellow_overdue` | Ngưỡng vàng (số nhiệm vụ quá hạn) | không | Mức Vàng từ số nhiệm vụ quá hạn này trở lên; "
        "mặc định 1 | `yellow_overdue: 1` |\n")


def test_a_declared_field_is_a_row():
    declared = Entity("thu", "Thử", (
        Field("a", "Trường A", required=True, help="có <b> và | trong lời", example="x | y"),
        Field("b", "Trường B", "choice", choices=("một", "hai")),
        Field("c", "Trường C", "items", entity="task"),
    ))
    assert table(declared).splitlines()[2:] == [
        "| `a` | Trường A | có | Có &lt;b&gt; và \\| trong lời | `a: x \\| y` |",
        "| `b` | Trường B | không | Một trong: `một`, `hai` |  |",
        "| `c` | Trường C | không | Các trường: xem [Nhiệm vụ](#task) |  |",
    ]


def test_the_page_lists_every_entity_in_order():
    text = page()
    assert text.startswith("---\ntitle: Các trường dữ liệu\n---\n\n# Các trường dữ liệu\n\n> Trang này được tạo từ "
                           "khai báo dữ liệu (`hooks/bantin/schema/`); đừng sửa tay, chạy `python -m bantin huong-dan` "
                           "để tạo lại.\n")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings[:3] == ["## Chương trình {#programme}", "## Kỳ báo cáo {#report}",
                            "## Số nhiệm vụ theo tình trạng {#task_counts}"]
    assert "## Bản tin {#bulletin}" in headings and "## Đơn vị {#unit}" in headings


def test_the_command_writes_the_page(tmp_path, capsys):
    assert main(["huong-dan", "--root", str(tmp_path)]) == 0
    assert capsys.readouterr().out == "Đã tạo docs/huong-dan/truong-du-lieu.md.\n"
    assert (tmp_path / PAGE).read_text(encoding="utf-8") == page()
