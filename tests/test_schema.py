"""The readers and the schema agree: every key a reader accepts is declared, and every declared key is read."""
import dataclasses
from collections import defaultdict

import pytest

from bantin.common.errors import DataError
from bantin.figures.loading import load_programmes
from bantin.figures.units import load_units
from bantin.figures.wording import PageWording
from bantin.news import bulletins
from bantin.schema import entity
from bantin.schema import fields as fields_module
from bantin.schema.fields import Errors
from news_fixtures import PORTAL, front

UNITS = """
units:
  - code: "75"
    name: Tỉnh Mẫu
    level: tỉnh
    parent:
"""
# Every part of a programme, so that every reader runs.
PROGRAMME = """
id: cds
title: Đề án
basis: Quyết định
owner: Ban Chỉ đạo
nguon: Báo cáo của Ban Chỉ đạo
wording:
  completed: Xong
traffic_lights:
  red_overdue_share: 20
  yellow_overdue: 2
task_list:
  - title: Việc một
    due: 2026-Q2
    chu_tri: Văn phòng
    done: 2025-11-01
    ngay_giao: 2025-10-01
reports:
  - as_of: 2025-12-25
    tasks:
      completed: 1
      on_schedule: 0
      overdue: 0
    indicators:
      - id: quy-trinh
        name: Quy trình
        unit: quy trình
        actual: 5
    by_unit:
      "75":
        tasks:
          completed: 1
          on_schedule: 0
          overdue: 0
        indicators:
          quy-trinh: 5
"""
READ_BY_FIELDS = ("programme", "report", "task_counts", "task", "indicator", "traffic_lights", "unit_figures",
                  "wording", "units_file", "unit", "bulletin")


class _Recorded(dict):
    """A dict that notes each key looked up in it."""

    def __init__(self, items, seen: set):
        super().__init__(items)
        self.seen = seen

    def get(self, key, default=None):
        self.seen.add(key)
        return super().get(key, default)

    def __getitem__(self, key):
        self.seen.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.seen.add(key)
        return super().__contains__(key)


@pytest.fixture
def reads(monkeypatch):
    """known keys of each `Fields` made → the keys its reader looked up."""
    seen: dict[tuple, set] = defaultdict(set)
    original = fields_module.Fields.__init__

    def recording(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.values = _Recorded(self.values, seen[tuple(self.known)])
        self.keys = _Recorded(self.keys, seen[tuple(self.known)])
    monkeypatch.setattr(fields_module.Fields, "__init__", recording)
    return seen


def test_every_reader_reads_its_entitys_keys_and_no_other(data_dir, reads):
    (data_dir / "units.yml").write_text(UNITS, encoding="utf-8")
    data_dir.write("cds.yml", PROGRAMME)
    errors: list[DataError] = []
    units = load_units(data_dir, errors=errors)
    assert len(load_programmes(data_dir, errors=errors, units=units)) == 1
    text = front(title="Tin", date="2025-12-30 08:30", category="thong-bao", programme="cds", report="2025-12-25")
    assert bulletins.read_bulletin(text, "tin-tuc/a.md", "docs/tin-tuc/a.md", PORTAL, {"cds": None},
                                   Errors("docs/tin-tuc/a.md", errors)) is not None
    assert errors == []
    declared = {name: entity(name).keys for name in READ_BY_FIELDS}
    # the by-unit figures of an indicator are read by its id, which the report declares
    accepted = {known for known in reads if known != ("quy-trinh",)}
    assert accepted == set(declared.values()), "a reader accepts keys no entity declares"
    # `template` and `description` are accepted and left to MkDocs: their reader reads nothing
    ignored = {"bulletin": {"template", "description"}}
    for name, keys in declared.items():
        assert reads[keys] >= set(keys) - ignored.get(name, set()), f"{name}: declared, never read"


def test_a_bulletins_readers_are_its_declared_keys():
    assert tuple(bulletins._READERS) == entity("bulletin").keys
    assert tuple(bulletins.FRONT_MATTER) == entity("bulletin").keys


def test_the_words_of_the_pages_are_the_declared_keys():
    assert tuple(f.name for f in dataclasses.fields(PageWording)) == entity("wording").keys
