"""Windows' line endings (CRLF), old Mac ones (CR), mixed ones and a byte-order mark never change the site:
pages and data are read through `bantin.common.sourcetext`; templates and mkdocs.yml by Jinja and MkDocs, which take
any line ending."""
import filecmp
import subprocess
import sys

import pytest

from bantin.common import sourcetext
from bantin.common.errors import DataError
from conftest import REPO
from sitebuild import build_env, copy_project, mkdocs_build

TEXT_SUFFIXES = (".md", ".yml", ".yaml", ".html")  # pages, data, templates; pictures, CSS, JS are published as they are


def mixed(data: bytes) -> bytes:
    """Lines ending in turn LF, CR and CRLF, as after pasting between programs (in this order an empty line
    never joins CR and LF into one CRLF)."""
    lines = data.split(b"\n")
    return b"".join(line + (b"\n", b"\r", b"\r\n")[n % 3] for n, line in enumerate(lines[:-1])) + lines[-1]


CONVERSIONS = {
    "crlf": lambda data: data.replace(b"\n", b"\r\n"),
    "cr": lambda data: data.replace(b"\n", b"\r"),
    "mixed": mixed,
    "bom-crlf": lambda data: b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"),
}


def converted(project, conversion: str, folders=("docs", "data", "overrides")) -> int:
    """The project's text files converted; how many. mkdocs.yml and the templates get the line endings, not
    the byte-order mark (Jinja would publish it: templates are bantin's, not the editors')."""
    convert, count = CONVERSIONS[conversion], 0
    for folder in folders:
        for path in sorted((project / folder).rglob("*")):
            if path.suffix in TEXT_SUFFIXES:
                data = path.read_bytes()
                assert b"\r" not in data, path
                keep_bom = folder != "overrides" or not conversion.startswith("bom")
                path.write_bytes(convert(data) if keep_bom else CONVERSIONS["crlf"](data))
                count += 1
    (project / "mkdocs.yml").write_bytes(CONVERSIONS["crlf"]((project / "mkdocs.yml").read_bytes()))
    return count


def site_files(site):
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


@pytest.mark.parametrize("conversion", CONVERSIONS)
def test_the_demo_with_other_line_endings_builds_the_same_site_byte_for_byte(tmp_path, conversion):
    lf, other = copy_project(tmp_path / "lf"), copy_project(tmp_path / "other")
    assert converted(other, conversion) > 20
    for project in (lf, other):
        built = mkdocs_build(project, project / "site", build_env(search=False))
        assert built.returncode == 0, built.stderr
    names = site_files(lf / "site")
    assert names == site_files(other / "site") and len(names) > 40
    match, mismatch, errors = filecmp.cmpfiles(lf / "site", other / "site", names, shallow=False)
    assert (mismatch, errors) == ([], [])


def check(project):
    return subprocess.run([sys.executable, "-m", "bantin", "check", "data"], cwd=project, capture_output=True,
                          text=True, env={**build_env(), "PYTHONPATH": str(REPO / "hooks")})


MISTAKES = {
    "docs/tin-tuc/thu.md": "---\ntitle: Tin thử\ndate: 2025-12-01 08:00\ncategory: chuyen-doi-soo\n---\n\nĐoạn một.\n\n"
                           "Số liệu: {{ khong_co_ten }}\n",
    "docs/trang.md": "---\ntitle: Trang\nbantin_kind: x\n---\n\nNội dung\n",
    "data/units.yml": "units:\n  - code: \"75\"\n    name: Tỉnh\n    level: tỉnh\n\tparent: x\n",
}


@pytest.mark.parametrize("conversion", CONVERSIONS)
def test_mistakes_are_reported_at_the_lines_the_editor_sees(tmp_path, conversion):
    """The same mistakes, at the same lines, whatever the line endings of the files that hold them."""
    lf, other = copy_project(tmp_path / "lf"), copy_project(tmp_path / "other")
    for project in (lf, other):
        for name, text in MISTAKES.items():
            (project / name).write_text(text, encoding="utf-8", newline="\n")
    converted(other, conversion, folders=("docs", "data"))
    expected, got = check(lf), check(other)
    assert (expected.returncode, got.returncode) == (1, 1)
    assert got.stderr == expected.stderr
    lines = expected.stderr.splitlines()
    assert "  docs/tin-tuc/thu.md:4: category: chuyên mục 'chuyen-doi-soo' không có trong data/site.yml " \
           "(ý bạn là 'chuyen-doi-so'?); có: tin-tuc-su-kien, chuyen-doi-so, thong-bao, cai-cach-hanh-chinh" in lines
    assert any(line.startswith("  docs/tin-tuc/thu.md:9: không có tên 'khong_co_ten'") for line in lines)
    assert "  docs/trang.md:3: bantin_kind: trường này chỉ dùng cho trang do bantin tự tạo; hãy xóa dòng này" in lines
    assert "  data/units.yml:5: lỗi cú pháp YAML, cột 1: có ký tự Tab; hãy thụt lề bằng dấu cách" in lines


@pytest.mark.parametrize("data, text", [
    (b"a\r\nb\r\n", "a\nb\n"),
    (b"a\rb\r\rc", "a\nb\n\nc"),
    (b"a\nb\r\nc\rd\n\r", "a\nb\nc\nd\n\n"),  # LF then CR is two line ends, as every editor shows it
    (b"\xef\xbb\xbftitle: x\r\n", "title: x\n"),
    ("Thu\u0309 đô\r\n".encode(), "Thủ đô\n"),  # decomposed (Unikey's NFD) → composed
])
def test_sourcetext_decode(data, text):
    assert sourcetext.decode(data, "docs/a.md") == text


@pytest.mark.parametrize("data", [b"a\rb\r\xd0c\r", b"a\r\nb\r\n\xd0c\r\n", b"\xef\xbb\xbfa\nb\r\xd0c"])
def test_not_utf8_is_reported_at_its_line_whatever_the_line_endings(data):
    with pytest.raises(DataError) as caught:
        sourcetext.decode(data, "docs/a.md")
    assert str(caught.value) == "docs/a.md:3: tệp không phải UTF-8; hãy mở tệp và lưu lại với mã UTF-8"
