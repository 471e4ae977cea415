"""Script and phishing markup in an editor's page is refused, with file and line, by `make check` and the
build; a page of ordinary formatting (tables, pictures, links, <details>, <abbr>, <sup>) passes."""
import subprocess
import sys

import pytest

from bantin.build.html_check import page_html_errors, site_converter
from conftest import REPO
from sitebuild import build_env, copy_project, mkdocs_build, write_bulletins

HEAD = "---\ntitle: Thông báo lịch tiếp dân\ndate: 2025-12-01 08:00\ncategory: thong-bao\n---\n\nĐoạn mở đầu.\n\n"
FIRST = 9  # the file's first line after HEAD
TAG = ("thẻ <{}> không được phép trong bài; chỉ dùng văn bản, liên kết, ảnh, bảng và các thẻ định dạng kể trong "
       "hướng dẫn viết bài")
EVENT = "thuộc tính {} (chạy mã lệnh) không được phép trong bài"
ATTRIBUTE = "thuộc tính {} của thẻ <{}> không được phép trong bài"
ADDRESS = "địa chỉ '{}' (href) không được phép; chỉ dùng https://…, mailto:…, tel:… hoặc đường dẫn trong trang"
STYLE = "thuộc tính style chỉ được dùng để căn lề (text-align); '{}' không được phép (có thể làm ẩn nội dung)"

PAYLOADS = {
    "<script>alert(1)</script>": [TAG.format("script")],
    "<SCRIPT SRC=https://e.vn/x.js></SCRIPT>": [TAG.format("script")],
    "Ảnh <img src=x onerror=alert(1)> đây": [EVENT.format("onerror")],
    "<img/src/onerror=alert(1)>": [EVENT.format("onerror")],
    '<div><a href="x"/onclick=alert(1)>x</a></div>': [EVENT.format("onclick")],
    "[Bấm vào đây](javascript:alert(1))": [ADDRESS.format("javascript:alert(1)")],
    "[Bấm](JaVaScRiPt:alert(1))": [ADDRESS.format("JaVaScRiPt:alert(1)")],
    "[Bấm](java&#x09;script:alert(1))": [ADDRESS.format("java script:alert(1)")],
    '<a href="jav&#x0A;ascript&colon;alert(1)">x</a>': [ADDRESS.format("jav ascript:alert(1)")],
    '<a href="jav&Tab;ascript:alert(1)">x</a>': [ADDRESS.format("jav ascript:alert(1)")],
    "[Bấm](<javascript:alert(1)>)": [ADDRESS.format("javascript:alert(1)")],
    "<javascript:alert(1)>": [TAG.format("javascript:alert(1)")],
    "<details open ontoggle=alert(1)><summary>x</summary></details>": [EVENT.format("ontoggle")],
    "<div>\n<p>x</p>\n<!--\n<script>alert(1)</script>\n</div>":  # a comment never closed
        ["đoạn '<!--' có dạng thẻ HTML nhưng viết sai; hãy sửa thẻ, hoặc viết &lt; thay cho dấu <"],
    '<a href=" javascript:alert(1)">x</a>': [ADDRESS.format("javascript:alert(1)")],
    '<a href="&#106;avascript:alert(1)">x</a>': [ADDRESS.format("javascript:alert(1)")],
    '<a href="vbscript:msgbox(1)">x</a>': [ADDRESS.format("vbscript:msgbox(1)")],
    '<a href="data:text/html,x">x</a>': [ADDRESS.format("data:text/html,x")],
    "[tài liệu]: javascript:alert(1)\n\nXem [tài liệu].": [ADDRESS.format("javascript:alert(1)")],
    '<iframe src="https://e.vn"></iframe>': [TAG.format("iframe")],
    '<form action="https://e.vn/dang-nhap"><input name="mat-khau"><button>Gửi</button></form>':
        [TAG.format("form"), TAG.format("input"), TAG.format("button")],
    "<object data=x.swf></object>": [TAG.format("object")],
    '<embed src="x.swf">': [TAG.format("embed")],
    '<base href="https://e.vn/">': [TAG.format("base")],
    '<meta http-equiv="refresh" content="0;url=https://e.vn">': [TAG.format("meta")],
    '<link rel="stylesheet" href="https://e.vn/x.css">': [TAG.format("link")],
    "<style>body{display:none}</style>": [TAG.format("style")],
    "<svg><script>alert(1)</script></svg>": [TAG.format("svg"), TAG.format("script")],
    "<math><mtext><img src=x onerror=alert(1)></mtext></math>":
        [TAG.format("math"), TAG.format("mtext"), EVENT.format("onerror")],
    "<!--><script>alert(1)</script>-->": [TAG.format("script")],
    "<!-- --!><script>alert(1)</script> -->": [TAG.format("script")],
    "<!-- ghi chú --><script>alert(1)</script>": [TAG.format("script")],
    "<scr<script>ipt>alert(1)</script>": [TAG.format("script")],
    "<![CDATA[><img src=x onerror=alert(1)>]]>": ["khai báo '<![CDATA[><img src=x onerror=a' không được phép "
                                                  "trong bài"],
    "<div>\n<img src=x onerror=alert(1)\n</div>":  # a browser reads `<` and `div` as the img's attributes too
        [EVENT.format("onerror"), ATTRIBUTE.format("<", "img"), ATTRIBUTE.format("div", "img")],
    "Đoạn văn\n{: onclick=\"alert(1)\" }": [EVENT.format("onclick")],
    "## Mục {: onmouseover=alert(1) }": [EVENT.format("onmouseover")],
    '<img src="a.png" srcdoc="<script>alert(1)</script>">': [ATTRIBUTE.format("srcdoc", "img")],
    '<a href="x" formaction="javascript:alert(1)">x</a>': [ATTRIBUTE.format("formaction", "a")],
    '<p style="display:none">Ẩn</p>': [STYLE.format("display:none")],
    '<span style="font-size:0">Ẩn</span>': [STYLE.format("font-size:0")],
    '<p style="text-align: center; position: absolute; left: -9999px">x</p>':
        [STYLE.format("text-align: center; position: absolute; left: -9999px")],
    "Đoạn ẩn\n{: style=\"opacity:0\" }": [STYLE.format("opacity:0")],
    '<p hidden>Ẩn</p>': [ATTRIBUTE.format("hidden", "p")],
    '<span class="bt-hidden">Ẩn</span>': ["lớp 'bt-hidden' là của giao diện trang, không dùng trong bài"],
    '<div markdown="1">*a* <iframe src="https://e.vn"></iframe></div>': [TAG.format("iframe")],
}


# Payloads of several lines: the line (from the first) that holds what is refused.
LINE_IN_PAYLOAD = {"<div>\n<p>x</p>\n<!--\n<script>alert(1)</script>\n</div>": 2,
                   "<div>\n<img src=x onerror=alert(1)\n</div>": 1, "Đoạn văn\n{: onclick=\"alert(1)\" }": 1,
                   "Đoạn ẩn\n{: style=\"opacity:0\" }": 1}


@pytest.fixture(scope="module")
def to_html():
    return site_converter(REPO / "mkdocs.yml")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_each_payload_is_refused_at_its_line(to_html, payload):
    text = HEAD + "Đoạn thứ hai.\n\n" + payload + "\n\nĐoạn cuối.\n"
    errors = page_html_errors(to_html(text.split("---\n", 2)[2]), "tin-tuc/x.md", text, "docs")
    line = FIRST + 2 + LINE_IN_PAYLOAD.get(payload, 0)
    assert [str(e) for e in errors] == [f"docs/tin-tuc/x.md:{line}: {m}" for m in PAYLOADS[payload]]


SAFE = """| Chỉ tiêu | Kết quả |
|:---------|--------:|
| Hồ sơ đúng hạn | 98% |

![Toàn cảnh hội nghị](../assets/anh/toan-canh-hoi-nghi.svg){: width="400" }

<details><summary>Danh sách văn bản</summary>
<p>Quyết định số 12/QĐ-UBND; xem <a href="https://dichvucong.gov.vn/" target="_blank" rel="noopener">Cổng
dịch vụ công</a>.</p>
</details>

<abbr title="Ủy ban nhân dân">UBND</abbr> phường, diện tích 12 km<sup>2</sup>, H<sub>2</sub>O; gọi
<a href="tel:02713888999">0271 3888 999</a> hoặc <a href="mailto:ubnd@phuocbinh.gov.vn">thư điện tử</a>,
<foo@phuocbinh.gov.vn>, [bản đồ](https://maps.example.vn/?q=a#b).

<table><caption>Lịch tiếp dân</caption><tr><th scope="col">Thứ</th><td colspan="2">Sáng</td></tr></table>

<figure><img src="../assets/anh/toan-canh-hoi-nghi.svg" alt="Hội nghị" width="800" height="450">
<figcaption>Hội nghị</figcaption></figure>

a < b, 2 > 1 và `<script>alert(1)</script>` là mã, không phải HTML.

    <iframe src="https://e.vn"></iframe>
    <a href="javascript:alert(1)">ví dụ</a>

```
<form action="https://e.vn"><input></form>
```

!!! note "Lưu ý"
    Nội dung <strong>đậm</strong>.

<!-- ghi chú của biên tập viên -->
"""


def test_a_page_of_ordinary_formatting_passes(to_html):
    text = HEAD + SAFE
    assert page_html_errors(to_html(text.split("---\n", 2)[2]), "tin-tuc/x.md", text, "docs") == []


def test_check_converts_markdown_with_the_builds_extensions():
    """`make check` does not load MkDocs: its converter must still be the build's."""
    from mkdocs.config import load_config

    config = load_config(str(REPO / "mkdocs.yml"))
    import bantin.build.html_check as html_check
    made = []
    original = html_check.converter
    try:
        html_check.converter = lambda extensions, configs: made.append(extensions)
        html_check.site_converter(REPO / "mkdocs.yml")
    finally:
        html_check.converter = original
    assert sorted(made[0]) == sorted(config.markdown_extensions)


def check(project):
    return subprocess.run([sys.executable, "-m", "bantin", "check", "data"], cwd=project, capture_output=True,
                          text=True, env={**build_env(), "PYTHONPATH": str(REPO / "hooks")})


@pytest.mark.parametrize("other_mistake", [False, True])
def test_make_check_and_the_build_refuse_with_file_and_line(tmp_path, other_mistake):
    """With `other_mistake`, a front-matter error elsewhere stops the build before any page is rendered:
    the HTML is still checked, in the same report."""
    project = copy_project(tmp_path / "p")
    if other_mistake:
        (project / "docs/tin-tuc/sai.md").write_text(HEAD.replace("thong-bao", "thong-bao-moi"), encoding="utf-8")
    (project / "docs/tin-tuc/lua-dao.md").write_text(
        HEAD + "Xem `<script>` là mã.\n\n<script>alert(1)</script>\n\n[Nhận quà](javascript:alert(document.cookie))\n"
        "\nĐoạn có {{ tasks.complted }} lỗi.\n\n<p>Ảnh <img src=x onerror=alert(1)></p>\n\n<SCRIPT>alert(2)</SCRIPT>\n",
        encoding="utf-8")
    (project / "docs/gioi-thieu.md").write_text(
        "---\ntitle: Giới thiệu\n---\n\nĐoạn một.\n\n<form action=\"https://e.vn/dang-nhap\">\n"
        "<input name=\"mat-khau\"></form>\n", encoding="utf-8")
    checked, built = check(project), mkdocs_build(project, tmp_path / "site", build_env())
    assert checked.returncode == 1 and built.returncode == 1
    bulletin, page = "docs/tin-tuc/lua-dao.md", "docs/gioi-thieu.md"
    expected = [
        f"{bulletin}:11: {TAG.format('script')}",
        f"{bulletin}:13: {ADDRESS.format('javascript:alert(document.cookie)')}",
        f"{bulletin}:17: {EVENT.format('onerror')}",
        f"{bulletin}:19: {TAG.format('script')}",
        f"{page}:7: {TAG.format('form').replace('trong bài', 'trong trang')}",
        f"{page}:8: {TAG.format('input').replace('trong bài', 'trong trang')}",
    ]
    for output in (checked.stderr, built.stderr):
        assert "Traceback" not in output
        for line in expected:
            assert line in output
        assert f"{bulletin}:15: " in output, "reported with the expression's mistake, in one run"
        assert ("docs/tin-tuc/sai.md:4: category: " in output) == other_mistake
    assert not (tmp_path / "site").exists()


def test_a_build_with_ordinary_formatting_and_the_guides_passes(tmp_path):
    project = copy_project(tmp_path / "p")
    (project / "docs/tin-tuc/dinh-dang.md").write_text(HEAD + SAFE, encoding="utf-8")
    checked = check(project)
    assert checked.returncode == 0, checked.stderr
    built = mkdocs_build(project, tmp_path / "site", build_env())
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "site/tin-tuc/dinh-dang/index.html").read_text(encoding="utf-8")
    assert '<abbr title="Ủy ban nhân dân">UBND</abbr>' in page
    assert '<th style="text-align: left;">Chỉ tiêu</th>' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_build_checks_pages_its_second_process_converts(tmp_path):
    """With hundreds of bulletins a forked helper converts the last ones' Markdown (mkdocs_parallel): their
    HTML is checked all the same."""
    project = copy_project(tmp_path / "p")
    last = write_bulletins(project, 260)[-1]
    last.write_text(last.read_text(encoding="utf-8") + "\n<iframe src=\"https://e.vn\"></iframe>\n", encoding="utf-8")
    built = mkdocs_build(project, tmp_path / "site", build_env(search=False))
    assert built.returncode == 1
    assert f"docs/tin-tuc/tao-san/{last.name}:11: {TAG.format('iframe')}" in built.stderr


def test_the_preview_shows_the_refused_html_and_recovers(tmp_path):
    """`make serve` (incremental): a save adding a script shows the message on every page; removing it
    brings the site back."""
    import json

    project = copy_project(tmp_path / "p")
    page = "docs/gioi-thieu.md"
    steps = [[], [{"append": page, "text": "\n<script>alert(1)</script>\n"}],
             [{"replace": page, "old": "\n<script>alert(1)</script>\n", "new": ""}]]
    (tmp_path / "steps.json").write_text(json.dumps(steps), encoding="utf-8")
    env = dict(build_env(search=False), PYTHONPATH=str(project / "hooks"))
    done = subprocess.run([sys.executable, str(REPO / "tests/preview_driver.py"), str(project), str(tmp_path / "site"),
                           str(tmp_path / "steps.json")], capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert [json.loads(line)["errors"] for line in done.stdout.splitlines()] == [0, 1, 0]


DOCUMENT_TAG = ("thẻ <{}> (chạy mã lệnh, nhúng trang khác hay gửi dữ liệu) không được phép trong tệp đăng lên "
                "trang; hãy xóa thẻ này")
# An editor's own file published as it is: (its path under docs/, its text, the lines and messages refused).
DOCUMENTS = [
    ("assets/ban-do.svg", '<svg xmlns="http://www.w3.org/2000/svg">\n<rect width="9" height="9"/>\n'
                          '<script>alert(document.cookie)</script>\n</svg>\n',
     [(3, DOCUMENT_TAG.format("script"))]),
    ("assets/logo.svg", '<svg xmlns="http://www.w3.org/2000/svg"\n onload="alert(1)">\n'
                        '<a xlink:href="JaVa&#x09;ScRiPt:alert(1)"><text>x</text></a>\n'
                        '<set attributeName="href" to="javascript:alert(2)"/>'
                        '<animate attributeName="href" values="https://x;javascript:alert(3)"/>\n'
                        '<foreignObject><div>x</div></foreignObject>\n</svg>\n',
     [(1, "thuộc tính onload (chạy mã lệnh) của thẻ <svg> không được phép trong tệp đăng lên trang"),
      (3, "địa chỉ 'JaVa ScRiPt:alert(1)' (xlink:href) của thẻ <a> không được phép; chỉ dùng https://…, "
          "mailto:…, tel:… hoặc đường dẫn trong trang"),
      (4, "địa chỉ 'javascript:alert(2)' (to) của thẻ <set> không được phép; chỉ dùng https://…, mailto:…, "
          "tel:… hoặc đường dẫn trong trang"),
      (4, "địa chỉ 'https://x;javascript:alert(3)' (values) của thẻ <animate> không được phép; chỉ dùng "
          "https://…, mailto:…, tel:… hoặc đường dẫn trong trang"),
      (5, DOCUMENT_TAG.format("foreignobject"))]),
    ("dang-nhap.html", '<!doctype html>\n<html><head><meta http-equiv="Refresh" content="0; url=https://e.vn">\n'
                       '</head><body>\n<form action="https://e.vn/dang-nhap"><input name="mat-khau"></form>\n'
                       '<iframe src="https://e.vn"></iframe>\n</body></html>\n',
     [(2, 'thẻ <meta http-equiv="refresh"> (tự chuyển người đọc sang trang khác) không được phép trong tệp đăng '
          'lên trang'),
      (4, DOCUMENT_TAG.format("form")), (4, DOCUMENT_TAG.format("input")), (5, DOCUMENT_TAG.format("iframe"))]),
]
# Documents an office does publish: a search engine's verification page, an SVG with a picture inside.
SAFE_DOCUMENTS = {
    "google1234abcd.html": '<!doctype html>\n<html><head><meta name="google-site-verification" content="abc">'
                           '<title>x</title><style>p{color:red}</style></head><body><p>google-site-verification: '
                           'google1234abcd.html</p></body></html>\n',
    "assets/anh/so-do.svg": '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
                            '<image xlink:href="data:image/png;base64,iVBORw0KGgo=" width="9" height="9"/>'
                            '<a href="https://dichvucong.gov.vn"><text>Dịch vụ công</text></a></svg>\n',
}


def test_editors_html_and_svg_files_may_run_no_code(tmp_path):
    """Published as they are, from the portal's address: a script in an SVG ran as the portal's own."""
    project = copy_project(tmp_path / "p")
    for path, text, _ in DOCUMENTS:
        (project / "docs" / path).write_text(text, encoding="utf-8")
    for path, text in SAFE_DOCUMENTS.items():
        (project / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (project / "docs" / path).write_text(text, encoding="utf-8")
    (project / "docs/.nhap.html").write_text("<script>alert(1)</script>\n", encoding="utf-8")  # not published
    checked, built = check(project), mkdocs_build(project, tmp_path / "site", build_env())
    assert checked.returncode == 1 and built.returncode == 1
    expected = [f"  docs/{path}:{line}: {message}" for path, _, found in DOCUMENTS for line, message in found]
    for output in (checked.stderr, built.stderr):
        reported = [line for line in output.splitlines() if line.startswith("  docs/")]
        assert sorted(reported) == sorted(expected), output
    assert not (tmp_path / "site").exists()
    for path, _, _ in DOCUMENTS:
        (project / "docs" / path).unlink()
    assert check(project).returncode == 0
    built = mkdocs_build(project, tmp_path / "site", build_env())
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "site/google1234abcd.html").read_text(encoding="utf-8") == SAFE_DOCUMENTS["google1234abcd.html"]
