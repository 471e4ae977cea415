"""The shipped demo (the repo's own data/ and docs/), the one test that builds it rather than the frozen fixture
tests/projects/demo/: a newcomer reads it as what a ward publishes, so it must be honest. Every figure by unit
and every unit code it shows is marked sample (bantin.common.sample) on the page and in the open data; the national
figures are those the national news published, exactly. Names of the content are read from its files.

An office that replaces the demo with its own content (tests/test_office.py) ships no demo: its pages are held
to the rule that holds for any content (a page showing sample data says so once; a page of a programme without
sample data does not), and the demo's own facts are checked only while the demo is what is shipped."""
import csv
import html as htmlmod
import io
import json
import re

import pytest
import yaml

from bantin.figures.exports import ExcelVi
from sitebuild import DEMO_PROGRAMME, REPO, _copy, mkdocs_build

NOTICE = "Số liệu minh họa, không phải số liệu chính thức"
PARAGRAPH = f'<p class="bt-sample" role="note"><strong>{NOTICE}</strong></p>'
# The national report as the news published it (Hội nghị tổng kết, 29/12/2025): tasks as of 25/12/2025, then
# the article's other figures, each with its unit.
PUBLISHED_TASKS = {"assigned": 309, "completed": 189, "on_schedule": 93, "overdue": 27}
DEMO_SHIPPED = (REPO / "data/programmes" / f"{DEMO_PROGRAMME}.yml").is_file()  # else an office's own content
PUBLISHED_TEXT = ("309 nhiệm vụ", "189 nhiệm vụ", "93 nhiệm vụ", "27 nhiệm vụ", "109/156 quy trình",
                  "176.907 tài khoản", "160.000 lượt truy cập/ngày", "3.213 điểm cầu")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    project = tmp_path_factory.mktemp("shipped-demo")
    for part in ("mkdocs.yml", "hooks", "overrides", "data", "docs"):
        _copy(REPO / part, project / part)
    site = tmp_path_factory.mktemp("shipped-site")
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr  # its site_url is an example address: no warning
    return project, site


def _main(path) -> str:
    return path.read_text(encoding="utf-8").split("<main", 1)[1].split("</main>", 1)[0]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", htmlmod.unescape(re.sub(r"<[^>]+>", " ", html))).replace("\xa0", " ")


def _programmes(project) -> dict[str, dict]:
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
            for path in sorted((project / "data/programmes").glob("*.yml"))}


def _sample(data: dict) -> bool:
    return data.get("minh_hoa") is True or any(r.get("minh_hoa") is True for r in data["reports"])


def test_shipped_demo_marks_every_figure_by_unit_and_unit_code_sample(shipped):
    project, site = shipped
    units_file = project / "data/units.yml"
    units = yaml.safe_load(units_file.read_text(encoding="utf-8"))["units"] if units_file.is_file() else []
    programmes = _programmes(project)
    by_unit = [id_ for id_, data in programmes.items() if any("by_unit" in r for r in data["reports"])]
    if DEMO_SHIPPED:  # the demo shows what figures by unit look like, all of them sample
        assert units and all(unit.get("minh_hoa") is True for unit in units)
        assert by_unit and all(_sample(programmes[id_]) for id_ in by_unit)
    codes = [unit["code"] for unit in units if unit.get("minh_hoa") is True]
    shown = [id_ for id_ in by_unit if _sample(programmes[id_])]
    showing = {}
    for page in sorted(site.rglob("*.html")):
        if "<main" not in page.read_text(encoding="utf-8"):
            continue  # a redirect page
        main = _main(page)
        if any(f"/don-vi/{code}/" in main or f"don-vi/{code}/\"" in main for code in codes) \
                or (DEMO_SHIPPED and ("Mã đơn vị" in main or page.relative_to(site).parts[0] == "don-vi")) \
                or any(page.relative_to(site).as_posix() == f"thong-ke/{id_}/index.html" for id_ in shown):
            showing[page.relative_to(site).as_posix()] = main.count(PARAGRAPH)
    assert {f"don-vi/{code}/index.html" for code in codes} | {f"thong-ke/{id_}/index.html" for id_ in shown} \
        <= set(showing)
    assert showing == {page: 1 for page in showing}
    for id_ in shown:
        document = json.loads((site / f"du-lieu/{id_}.json").read_text(encoding="utf-8"))
        assert (document["sample"], document["note"]) == (True, NOTICE)
        for name in (f"du-lieu/{id_}.csv", f"du-lieu/don-vi/{id_}.csv"):
            header, *rows = csv.reader(io.StringIO((site / name).read_text(encoding="utf-8-sig")), ExcelVi)
            assert (header[-1], {row[-1] for row in rows}) == ("Ghi chú", {NOTICE})


def test_shipped_demo_shows_the_national_figures_exactly_as_published(shipped):
    project, site = shipped
    published = [id_ for id_, data in _programmes(project).items() if not _sample(data)]
    for id_ in published:  # any content: official figures carry no sample notice
        assert PARAGRAPH not in _main(site / f"thong-ke/{id_}/index.html")
        assert json.loads((site / f"du-lieu/{id_}.json").read_text(encoding="utf-8"))["sample"] is False
    if not DEMO_SHIPPED:
        assert published  # an office publishes figures of its own
        return
    assert len(published) == 1
    (national,) = published
    data = _programmes(project)[national]
    assert [r["as_of"].isoformat() for r in data["reports"]] == ["2025-12-25"]  # no invented earlier report
    assert not any("by_unit" in r or r.get("minh_hoa") for r in data["reports"])
    document = json.loads((site / f"du-lieu/{national}.json").read_text(encoding="utf-8"))
    (report,) = document["reports"]
    assert document["sample"] is False and report["sample"] is False
    assert {"assigned": report["tasks"]["assigned"], **report["tasks"]["counts"]} == PUBLISHED_TASKS
    assert {(109, 156), (176907, None), (160000, None), (3213, None)} <= {
        (i["actual"], i["target"]) for i in report["indicators"]}
    page = _main(site / f"thong-ke/{national}/index.html")
    assert PARAGRAPH not in page
    assert f"Cơ quan báo cáo: {data['owner']}." in _text(page)
    assert f"Nguồn: {data['nguon']}" in _text(page)  # who published the figures, as the bulletin says
    bulletins = [path for path in sorted((project / "docs/tin-tuc").glob("*.md"))
                 if yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1]).get("programme") == national]
    assert len(bulletins) == 1
    meta = yaml.safe_load(bulletins[0].read_text(encoding="utf-8").split("---")[1])
    assert meta["source"] == "TTXVN"  # who published the figures: the national news agency's article
    text = _text(_main(site / "tin-tuc" / meta["slug"] / "index.html"))
    assert PARAGRAPH not in _main(site / "tin-tuc" / meta["slug"] / "index.html")
    assert [figure for figure in PUBLISHED_TEXT if figure not in text] == []
    assert "TTXVN" in text
