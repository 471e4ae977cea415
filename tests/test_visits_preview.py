"""The counts a build shows come from the counter's state (.bantin-state/visits.yml), `total_before` from
data/visits.yml; the preview notices a counter run like any other input of every page."""
import re

from sitebuild import copy_project
from test_incremental import _clean, _session, _tree
from visitlogs import DEMO_COUNTS


def _block(site, page=""):
    html = (site / page / "index.html").read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.search(
        r'<section class="bt-block bt-visits".*?</section>', html, re.S).group(0))).strip()


def test_a_counter_run_is_shown_by_the_next_preview_build_as_by_a_full_build(tmp_path):
    project = copy_project(tmp_path / "p")
    (project / "data/visits.yml").write_text("total_before: 1000\n", encoding="utf-8")  # no count yet
    (project / ".bantin-state").mkdir()
    site = tmp_path / "site"
    builds = _session(project, site, [
        [],
        [{"write": ".bantin-state/visits.yml", "text": DEMO_COUNTS}],          # `make visits` ran
        [{"write": "data/visits.yml", "text": "total_before: 390224\n"}],      # an editor's commit pulled
    ])
    assert builds[1]["rendered"] == builds[2]["rendered"] == builds[0]["rendered"]  # every page shows them
    assert _block(site) == ("Thống kê truy cập Đang truy cập 3 Ngày 30/12/2025 192 Ngày 29/12/2025 Tháng 12/2025 192 "
                            "Tổng lượt truy cập 390.416")
    _clean(project, tmp_path / "full")
    assert _tree(site) == _tree(tmp_path / "full")


def test_without_the_state_the_settings_alone(tmp_path):
    project = copy_project(tmp_path / "p")
    (project / "data/visits.yml").write_text("total_before: 1000\n", encoding="utf-8")
    _session(project, tmp_path / "site", [[]])
    assert _block(tmp_path / "site") == ("Thống kê truy cập Đang truy cập 0 Hôm nay 0 Hôm qua Tháng này 0 "
                                         "Tổng lượt truy cập 1.000")
