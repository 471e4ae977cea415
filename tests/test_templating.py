import datetime as dt
from decimal import Decimal

import pytest

from bantin.build.templating import MarkdownRenderer
from bantin.common.errors import DataErrors
from bantin.figures.model import Indicator, Programme, Report, TaskCounts
from bantin.figures.stats import compute


@pytest.fixture
def renderer():
    report = Report(dt.date(2025, 12, 25), TaskCounts(189, 93, 27), indicators=(
        Indicator("tai-khoan", "Tài khoản", "tài khoản", 176907),
        Indicator("quy-trinh", "Quy trình", "quy trình", 109, 156, dt.date(2026, 3, 31)),
        Indicator("ty-le", "Tỷ lệ", "%", Decimal("39.98")),
    ))
    return MarkdownRenderer(compute([Programme("cds", "Đề án", (report,), "QĐ 204")]))


META = {"programme": "cds"}


def test_numbers_and_dates_print_in_vietnamese(renderer):
    text = ("{{ indicators['tai-khoan'].actual }} · {{ tasks.percent.completed }}% · {{ report.as_of }} · "
            "{{ indicators['ty-le'].actual }}% · {{ indicators['quy-trinh'].progress }}% · "
            "{{ indicators['quy-trinh'].remaining }} · {{ indicators['quy-trinh'].due }}")
    assert renderer.render(text, "docs/a.md", META) == (
        "176.907 · 61% · 25/12/2025 · 39,98% · 69,9% · 47 · 31/3/2026")


def test_summary_sentence(renderer):
    assert renderer.render("{{ tom_tat(report, 'Ban Chỉ đạo') }}", "docs/a.md", META) == (
        "Tính đến 25/12/2025, Ban Chỉ đạo đã giao 309 nhiệm vụ, trong đó: 189 nhiệm vụ đã hoàn thành (61%); "
        "93 nhiệm vụ đang thực hiện theo tiến độ (30%); 27 nhiệm vụ đang thực hiện quá hạn (9%).")


def test_programmes_by_id_without_front_matter(renderer):
    assert renderer.render("{{ programmes['cds'].latest.tasks.assigned }}", "docs/a.md") == "309"


def test_filters(renderer):
    assert renderer.render("{{ 1234567 | so }} {{ 61 | phan_tram }}", "docs/a.md") == "1.234.567 61%"


def test_unknown_field_names_file_and_line(renderer):
    text = "Dòng một\n\nSố: {{ tasks.complted }}\n"
    with pytest.raises(DataErrors) as caught:
        renderer.render(text, "docs/tin-tuc/a.md", META, first_line=5)
    (error,) = caught.value.errors
    assert (error.path, error.line) == ("docs/tin-tuc/a.md", 7)
    assert str(error).startswith("docs/tin-tuc/a.md:7: không có trường 'complted' (ý bạn là 'completed'?)")


def test_unknown_indicator_lists_known_ones(renderer):
    with pytest.raises(DataErrors) as caught:
        renderer.render("\n{{ indicators['tai-khoan-x'].actual }}", "docs/a.md", META)
    assert str(caught.value.errors[0]) == (
        "docs/a.md:2: không có chỉ tiêu 'tai-khoan-x' trong kỳ báo cáo 25/12/2025 (ý bạn là 'tai-khoan'?); "
        "các chỉ tiêu của kỳ này: tai-khoan, quy-trinh, ty-le")


def test_unknown_name(renderer):
    with pytest.raises(DataErrors) as caught:
        renderer.render("{{ nhiem_vu.completed }}", "docs/a.md", META)
    assert str(caught.value.errors[0]) == ("docs/a.md:1: không có tên 'nhiem_vu'; các tên dùng được: "
                                 "programmes, programme, report, tasks, indicators")


def test_unknown_programme_in_front_matter(renderer):
    with pytest.raises(DataErrors) as caught:
        renderer.render("x", "docs/a.md", {"programme": "cdss"}, meta_line=3)
    assert str(caught.value.errors[0]) == ("docs/a.md:3: programme: không có chương trình 'cdss' trong "
                                               "data/programmes/ (ý bạn là 'cds'?); "
                                           "có: cds")


def test_syntax_error_line(renderer):
    with pytest.raises(DataErrors) as caught:
        renderer.render("a\nb {{ tasks.completed }\n", "docs/a.md", META, first_line=4)
    assert caught.value.errors[0].line == 5
    assert "lỗi cú pháp biểu thức" in str(caught.value.errors[0])


def test_page_without_expressions_is_untouched(renderer):
    assert renderer.render("Không có số liệu.", "docs/a.md") == "Không có số liệu."


REFUSED = ("biểu thức bị từ chối: thuộc tính '{}' không được dùng trong trang; biểu thức chỉ đọc được số liệu "
           "(ví dụ {{{{ tasks.completed }}}}), xem docs/huong-dan/du-lieu.md")


@pytest.mark.parametrize("payload, message", [
    ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", REFUSED.format("__init__")),
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", REFUSED.format("__class__")),
    ("{{ lipsum.__globals__ }}",
     "không có tên 'lipsum'; các tên dùng được: programmes, programme, report, tasks, indicators"),
    ("{{ tom_tat.__globals__ }}", REFUSED.format("__globals__")),
    ("{{ report.report.__class__ }}", REFUSED.format("__class__")),
    ("{{ programmes.clear() }}", REFUSED.format("clear")),
    ("{{ 'x' * 100000000 }}", "biểu thức bị từ chối: phép nhân tạo ra chuỗi quá dài; biểu thức chỉ đọc được số liệu "
                              "(ví dụ {{ tasks.completed }}), xem docs/huong-dan/du-lieu.md"),
    ("{% for i in range(100000000) %}{% endfor %}",
     "biểu thức bị từ chối: range() quá 1.000 phần tử; biểu thức chỉ đọc được số liệu "
     "(ví dụ {{ tasks.completed }}), xem docs/huong-dan/du-lieu.md"),
])
def test_sandbox_refuses_code(renderer, payload, message):
    """Bulletin expressions ran arbitrary commands (`uid=0(root)` was published)."""
    with pytest.raises(DataErrors) as caught:
        renderer.render(f"Dòng một\n{payload}\n", "docs/tin-tuc/a.md", META, first_line=4)
    assert str(caught.value.errors[0]) == f"docs/tin-tuc/a.md:5: {message}"


def test_data_is_escaped_for_html_and_markdown():
    report = Report(dt.date(2025, 12, 25), TaskCounts(1, 0, 0))
    title = 'Đề án <script>alert(1)</script> & [bấm](javascript:alert(1)) {: onclick=x} *đậm* `mã`'
    renderer = MarkdownRenderer(compute([Programme("cds", title, (report,))]))
    assert renderer.render("{{ programme.title }}", "docs/a.md", META) == (
        "Đề án &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#91;bấm&#93;(javascript:alert(1)) "
        "&#123;: onclick=x&#125; &#42;đậm&#42; &#96;mã&#96;")
    assert renderer.render("{{ '<b>đậm</b>' | safe }}", "docs/a.md", META) == "<b>đậm</b>"


def messages(renderer, text, meta=META, **kwargs):
    with pytest.raises(DataErrors) as caught:
        renderer.render(text, "docs/tin-tuc/a.md", meta, **kwargs)
    return [str(e) for e in caught.value.errors]


def test_every_mistake_of_a_page_in_one_run(renderer):
    text = ("{{ tasks.complted }} và {{ tasks.overdue }\n"
            "Dòng đúng: {{ tasks.completed }}\n"
            "{{ indicators['tai-khoan-x'].actual }}\n"
            "{{ nhiem_vu }}\n")
    assert messages(renderer, text, first_line=10) == [
        "docs/tin-tuc/a.md:10: không có trường 'complted' (ý bạn là 'completed'?); có: assigned, completed, "
        "on_schedule, overdue, completed_on_time, completed_late, percent, delta",
        "docs/tin-tuc/a.md:10: lỗi cú pháp biểu thức: thiếu một dấu '}': biểu thức viết {{ tên }}",
        "docs/tin-tuc/a.md:12: không có chỉ tiêu 'tai-khoan-x' trong kỳ báo cáo 25/12/2025 (ý bạn là "
        "'tai-khoan'?); các chỉ tiêu của kỳ này: tai-khoan, quy-trinh, ty-le",
        "docs/tin-tuc/a.md:13: không có tên 'nhiem_vu'; các tên dùng được: programmes, programme, report, tasks, "
        "indicators",
    ]


@pytest.mark.parametrize("text, message", [
    ("{{ tasks.completed", "lỗi cú pháp biểu thức: biểu thức chưa đóng: thiếu '}}' hoặc '%}' (viết {{ tên }})"),
    ("{{ tasks completed }}", "lỗi cú pháp biểu thức: giữa {{ và }} chỉ có một tên (ví dụ {{ tasks.completed }}); "
                              "thừa 'completed'"),
    ("{% neu tasks %}", "lỗi cú pháp biểu thức: lệnh 'neu' không có; trong {% %} chỉ dùng set, if, for"),
    ("{% for x in range(3) %}x", "lỗi cú pháp biểu thức: thiếu {% endfor %} để đóng khối lệnh"),
])
def test_syntax_errors_in_vietnamese(renderer, text, message):
    assert messages(renderer, text) == [f"docs/tin-tuc/a.md:1: {message}"]


def test_page_without_programme_is_told_how_to_bind(renderer):
    assert messages(renderer, "{{ tasks.completed }}", {}) == [
        "docs/tin-tuc/a.md:1: không có tên 'tasks': trang chưa gắn với chương trình nào; thêm vào phần đầu bài "
        "dòng programme: <mã chương trình>"]


def test_code_shows_expressions_as_written(renderer):
    """The guides' examples copy cleanly: no {% raw %} in the file, the expression shown as typed."""
    text = "Ghi `{{ tasks.completed }}` để có {{ tasks.completed }}.\n\n```\n{{ tasks.assigned }}\n```\n"
    assert renderer.render(text, "docs/a.md", META) == (
        "Ghi `{{ tasks.completed }}` để có 189.\n\n```\n{{ tasks.assigned }}\n```\n")


def test_nothing_unrendered_is_published(renderer):
    """A copied {% raw %} published the literal text `{{ tasks.assigned }}`."""
    text = "Dòng một\nĐã giao {% raw %}{{ tasks.assigned }}{% endraw %} nhiệm vụ.\n"
    assert messages(renderer, text, first_line=6) == [
        "docs/tin-tuc/a.md:7: còn '{{' chưa được tính trên trang (có thể do {% raw %} hoặc một dấu ngoặc thừa); "
        "trang đăng lên sẽ hiện nguyên văn: hãy xóa hoặc sửa lại biểu thức"]


def test_a_page_bound_to_an_earlier_report():
    earlier = Report(dt.date(2025, 9, 30), TaskCounts(150, 120, 30), indicators=(
        Indicator("tai-khoan", "Tài khoản", "tài khoản", 150000), Indicator("cu", "Cũ", "lần", 3)))
    later = Report(dt.date(2025, 12, 25), TaskCounts(189, 93, 27), indicators=(
        Indicator("tai-khoan", "Tài khoản", "tài khoản", 176907),))
    renderer = MarkdownRenderer(compute([Programme("cds", "Đề án", (earlier, later))]))
    text = "{{ tasks.completed }} {{ indicators['tai-khoan'].actual }} {{ report.as_of }}"
    assert renderer.render(text, "docs/a.md", META, as_of=dt.date(2025, 9, 30)) == "150 150.000 30/9/2025"
    assert renderer.render(text, "docs/a.md", META) == "189 176.907 25/12/2025"
    assert messages(renderer, "{{ indicators['cu'].actual }}") == [
        "docs/tin-tuc/a.md:1: không có chỉ tiêu 'cu' trong kỳ báo cáo 25/12/2025; các chỉ tiêu của kỳ này: "
        "tai-khoan; chỉ tiêu này có trong kỳ báo cáo 30/9/2025"]


BUDGET = ("docs/tin-tuc/a.md:5: biểu thức vượt giới hạn của một trang: {}; biểu thức chỉ để đọc số liệu "
          "(ví dụ {{{{ tasks.completed }}}}), xem docs/huong-dan/du-lieu.md")
LOOPS = "vòng lặp và lời gọi quá 1.000.000 lượt"
VALUE = "kết quả quá 1.000.000 ký tự"
WIDTH = "độ rộng quá 1.000.000 ký tự"
DEPTH = "macro gọi lồng nhau quá 30 tầng"
TIMES = ("biểu thức bị từ chối: phép nhân tạo ra chuỗi quá dài; biểu thức chỉ đọc được số liệu "
         "(ví dụ {{ tasks.completed }}), xem docs/huong-dan/du-lieu.md")
TEN = "~".join("a" * 10)
# Each ran for minutes or filled gigabytes before the budget (three nested loops: ~1,000 s of `make build`).
BUDGET_PAYLOADS = {
    "{% for i in range(1000) %}{% for j in range(1000) %}{% for k in range(1000) %}{% endfor %}{% endfor %}"
    "{% endfor %}": LOOPS,
    "{% for i in programmes %}{% for j in range(1000) %}{% for k in range(1000) %}{% for l in range(1000) %}"
    "{% endfor %}{% endfor %}{% endfor %}{% endfor %}": LOOPS,
    "{% set s = 'x' * 9000 %}{% for i in range(1000) %}{% for j in range(1000) %}{{ s }}{% endfor %}{% endfor %}":
        "trang tạo ra quá 20.000.000 ký tự",
    f"{{% set a = 'x' * 9000 %}}{{% set a = {TEN} %}}{{% set a = {TEN} %}}{{% set a = {TEN} %}}{{{{ a }}}}": VALUE,
    "{% macro d(s, n) %}{% if n %}{{ d(s ~ s, n - 1) }}{% else %}{{ s }}{% endif %}{% endmacro %}{{ d('x', 25) }}":
        VALUE,
    "{{ '%999999999s' | format(1) }}": WIDTH,
    "{{ '%.999999999f' % 1.5 }}": WIDTH,
    "{{ '%*d' % (999999999, 1) }}": WIDTH,
    "{{ '{:>999999999}'.format(1) }}": WIDTH,
    "{{ '{:{}}'.format(1, 999999999) }}": WIDTH,
    "{{ 'x' * 10**9 }}": TIMES,
    "{{ [0] * 10**9 }}": TIMES,
    "{% set a = ['x' * 9000] %}{% set a = [a, a, a, a, a, a, a, a, a, a] %}{% set a = [a, a, a, a, a, a, a, a, a, a] %}"
    "{% set a = [a, a, a, a, a, a, a, a, a, a] %}{{ a }}": VALUE,
    "{% set a = 10**100 %}{% set a = a*a*a*a*a*a*a*a*a*a %}{% set a = a*a*a*a*a*a*a*a*a*a %}"
    "{% set a = a*a*a*a*a*a*a*a*a*a %}{% set a = a*a*a*a*a*a*a*a*a*a %}{{ a > 1 }}": "số quá lớn",
    "{% set a = 10**100 %}{% set a = a**100 %}{% set a = a**100 %}{% set a = a**100 %}{{ a > 1 }}": "số quá lớn",
    "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}": DEPTH,
    "{% macro f() %}{{ f() }}{{ f() }}{% endmacro %}{{ f() }}": DEPTH,
    "{% for x in range(1000) recursive %}{{ loop(range(1000)) }}{% endfor %}": DEPTH,
    "{{ range(1) | batch(999999999, 'x') | list }}": VALUE,
    "{{ range(1) | slice(999999999) | list }}": VALUE,
    "{{ 'x' | center(999999999) }}": VALUE,
    "{{ 'x' | indent(999999999, true) }}": VALUE,
    "{{ ('a' * 9000) | replace('', 'b' * 9000) }}": VALUE,
    "{{ ('a' * 9000) | wordwrap(1, true, 'b' * 9000) }}": VALUE,
    "{{ range(1000) | map('center', 999999) | join }}": VALUE,
    "{{ range(1000) | join('x' * 9000) }}": VALUE,
}
# The payload runs in a child limited to 1 GB of address space and a minute: a regression fails the test.
_CHILD = """
import datetime as dt, json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from bantin.common.errors import DataErrors
from bantin.figures.model import Programme, Report, TaskCounts
from bantin.figures.stats import compute
from bantin.build.templating import MarkdownRenderer
renderer = MarkdownRenderer(compute([Programme("cds", "Đề án", (Report(dt.date(2025, 12, 25), TaskCounts(9, 3, 2)),))]))
try:
    renderer.render("Dòng một\\n" + sys.argv[1] + "\\n", "docs/tin-tuc/a.md", {"programme": "cds"}, first_line=4)
except DataErrors as error:
    print(json.dumps([str(e) for e in error.errors]))
"""


@pytest.mark.parametrize("payload", BUDGET_PAYLOADS)
def test_expressions_are_stopped_by_the_page_budget(payload):
    import json
    import subprocess
    import sys

    from conftest import REPO
    child = subprocess.run([sys.executable, "-c", _CHILD, payload], capture_output=True, text=True, timeout=60,
                           env={"PYTHONPATH": str(REPO / "hooks")})
    assert child.returncode == 0, child.stderr
    message = BUDGET_PAYLOADS[payload]
    expected = f"docs/tin-tuc/a.md:5: {message}" if message == TIMES else BUDGET.format(message)
    assert json.loads(child.stdout)[0] == expected


def test_a_page_that_computes_too_long_is_stopped(renderer, monkeypatch):
    """CPU time is the last guard (`MAX_SECONDS`, here none at all): checked every 1,024 steps."""
    monkeypatch.setattr("bantin.build.templating.MAX_SECONDS", 0)
    text = "{% for i in range(1000) %}{% for j in range(1000) %}{% endfor %}{% endfor %}"
    assert messages(renderer, f"Dòng một\n{text}\n", first_line=4)[0] == BUDGET.format("tính quá 0 giây")


def test_real_pages_stay_within_the_budget(renderer):
    """Loops, macros and texts of the size of a real page are untouched by the budget."""
    text = ("{% macro dong(i) %}{{ i }}{% endmacro %}{% for i in range(1000) %}{% for j in range(300) %}{% endfor %}"
            "{% endfor %}{{ (['a'] * 3 + ['b']) | join(', ') }} {{ 'x' ~ tasks.completed }} "
            "{{ '%05d' % 42 }} {{ '{:>6}'.format(7) }} {{ dong(3) }}")
    assert renderer.render(text, "docs/a.md", META) == "a, a, a, b x189 00042      7 3"
