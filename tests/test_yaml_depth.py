"""YAML nested thousands deep (`[[[[…`, `{a: {a: …`, indentation, aliases) in data or front matter is refused
with the file and line, before PyYAML's C composer (which recurses and crashes) or MkDocs' reads it.
Run in subprocesses: a crash fails the test instead of killing pytest."""
import subprocess
import sys

import pytest

from conftest import REPO
from sitebuild import build_env, copy_project, mkdocs_build

DEEP = 100_000
TOO_DEEP = "các nhóm và danh sách lồng vào nhau quá 100 cấp; hãy kiểm tra các dấu ngoặc [ ], { } và thụt lề"
# name → (YAML value of a key on the file's line 2, the line the 101st level starts on, counted from it)
PAYLOADS = {
    "flow-lists": ("[" * DEEP + "]" * DEEP, 0),
    "flow-groups": ("{a: " * DEEP + "1" + "}" * DEEP, 0),
    "unclosed": ("[" * DEEP, 0),
    "block-groups": ("\n" + "".join(" " * (n + 1) + f"a{n}:\n" for n in range(150)) + " " * 151 + "x",
                     100),
    "block-lists": ("\n  " + "- " * DEEP + "x", 1),
    "mixed": ("\n" + "".join(" " * (n + 1) + f"a{n}:\n" for n in range(60)) + " " * 61 + "- " + "[" * 60 + "]" * 60,
              61),
    # a chain of 110 anchors, each a list holding the one before: 110 levels once aliases are followed
    "aliases": ("\n" + "".join(f"  a{n}: &a{n} [{f'*a{n - 1}' if n else 1}]\n" for n in range(110)), 99),
}


def run(project, *command):
    return subprocess.run([sys.executable, "-m", "bantin", *command], cwd=project, capture_output=True, text=True,
                          env={**build_env(), "PYTHONPATH": str(REPO / "hooks")}, timeout=120)


@pytest.mark.parametrize("name", PAYLOADS)
def test_deep_yaml_in_a_data_file_and_a_bulletin_is_refused_with_its_line(tmp_path, name):
    value, line = PAYLOADS[name]
    project = copy_project(tmp_path / "p")
    units = project / "data/units.yml"
    units.write_text("# đơn vị\nlong: " + value + "\n" + units.read_text(encoding="utf-8"), encoding="utf-8")
    (project / "docs/tin-tuc/sau.md").write_text(
        "---\ntitle: Tin\nlong: " + value + "\n---\n\nNội dung.\n", encoding="utf-8")
    (project / "docs/trang.md").write_text("---\nlong: " + value + "\n---\n\nNội dung.\n", encoding="utf-8")
    expected = [f"  data/units.yml:{2 + line}: {TOO_DEEP}",
                f"  docs/tin-tuc/sau.md:{3 + line}: {TOO_DEEP}",
                f"  docs/trang.md:{2 + line}: {TOO_DEEP}"]
    checked = run(project, "check", "data")
    built = mkdocs_build(project, tmp_path / "site", build_env(), timeout=300)
    for result in (checked, built):
        assert result.returncode == 1, result.stderr[-2000:]  # a crash is -11
        assert [line for line in result.stderr.splitlines() if TOO_DEEP in line] == expected
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("name", ["flow-lists", "block-lists", "aliases"])
def test_deep_yaml_in_visits_yml_is_refused_with_its_line(tmp_path, name):
    value, line = PAYLOADS[name]
    project = copy_project(tmp_path / "p")
    (project / "data/visits.yml").write_text("total_before: 0\ndays: " + value + "\n", encoding="utf-8")
    checked = run(project, "check", "data")
    assert checked.returncode == 1, checked.stderr[-2000:]
    assert f"data/visits.yml:{2 + line}: {TOO_DEEP}" in checked.stderr


def test_nesting_up_to_the_limit_is_read():
    from bantin.common.yamlsource import MAX_DEPTH, check_depth, compose_text
    check_depth("[" * MAX_DEPTH + "]" * MAX_DEPTH, "a.yml")
    node = compose_text("a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1), "a.yml")
    assert node.value[0][1].tag == "tag:yaml.org,2002:seq"


def test_the_preview_shows_deep_front_matter_as_a_mistake_and_keeps_serving(tmp_path):
    from servers import wait_for_text
    from test_serve import serving
    project = copy_project(tmp_path / "p")
    (project / "docs/trang.md").write_text("---\nlong: " + PAYLOADS["flow-groups"][0] + "\n---\n\nx\n",
                                           encoding="utf-8")
    with serving(project) as base:
        page = wait_for_text(base, "Xem trước: trang chưa dựng được vì có 1 lỗi")
        assert f"<code>docs/trang.md:2</code> {TOO_DEEP}" in page
        (project / "docs/trang.md").write_text("---\ntitle: Trang\n---\n\nĐã sửa.\n", encoding="utf-8")
        assert "Đã sửa." in wait_for_text(base + "trang/", "Đã sửa.")


def _depth(text):
    import yaml
    depth = deepest = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        depth += isinstance(event, yaml.CollectionStartEvent) - isinstance(event, yaml.CollectionEndEvent)
        deepest = max(deepest, depth)
    return deepest


@pytest.mark.parametrize("text", [
    "a:\n- b:\n  - c:\n    - d:\n      - e\n",            # lists in the column of their group's key
    "- - - - - a\n",                                     # compact lists on one line
    "-   -  - a\n",                                      # wider gaps after the dashes
    "? a\n: - - - b\n",                                  # explicit keys and values
    "- ? - a\n  : b\n",
    "- &x a: 1\n  b: !!seq\n  - c\n",
    "--- [[{a: [b]}]]\n",
    "a: [1, {b: [2, [3, {c: d}]]}]\n",
    "a: |\n  - - - -\n  text\n",
])
def test_the_quick_bound_is_never_below_the_real_depth(text):
    from bantin.common.yamlsource import _depth_bound
    assert _depth_bound(text) >= _depth(text) > 0
