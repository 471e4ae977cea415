"""Units (data/units.yml) are edited from "Cài đặt" with the form their declaration in bantin.schema draws,
checked by the build's own reader before anything is written."""
import re

import pytest

from bantin.edit.app import create_app
from bantin.edit.documents import file_id
from sitebuild import small_project
from test_edit import BASE, PORT, committed, form_of, git, status
from test_edit_settings import beside, diff

UNITS = """\
# Các khu phố của phường (ghi chú giữ nguyên)
units:
  - code: phuong
    name: Phường Thử Nghiệm
    level: phường
  - code: khu-pho-1
    name: Khu phố 1
    level: phường
    parent: phuong
"""
PATH = "data/units.yml"
FORM = f"/cai-dat/tep-don-vi/{file_id(PATH)}/cac-don-vi"


@pytest.fixture
def client(tmp_path):
    project = small_project(tmp_path / "p")
    (project / PATH).write_text(UNITS, encoding="utf-8")
    committed(project)
    return create_app(project, PORT).test_client(), project


def test_the_units_are_a_table_with_their_declared_labels(client):
    client, _ = client
    assert f'<a href="{FORM}">Các đơn vị</a>' in client.get("/cai-dat/", base_url=BASE).text
    page = client.get(FORM, base_url=BASE).text
    head = re.search(r"<thead>(.*?)</thead>", page, re.S).group(1)
    assert [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<th[^>]*>(.*?)</th>", head)][:5] == [
        "Số thứ tự", "Mã đơn vị (bắt buộc)", "Tên đơn vị (bắt buộc)", "Cấp (bắt buộc)", "Đơn vị cấp trên"]


def test_a_renamed_unit_is_a_one_line_change_and_a_wrong_parent_is_refused(client):
    client, project = client
    fields = form_of(client, FORM)
    name = next(key for key, value in fields.items() if value == "Khu phố 1")
    saved = client.post(FORM, base_url=BASE, data={**fields, name: "Khu phố Một"})
    assert saved.status_code in (302, 303), saved.text
    assert diff(project) == ["-    name: Khu phố 1", "+    name: Khu phố Một"]
    assert (project / PATH).read_text(encoding="utf-8").startswith("# Các khu phố của phường (ghi chú giữ nguyên)")
    before = git(project, "rev-parse", "HEAD")
    fields = form_of(client, FORM)
    parent = next(key for key, value in fields.items() if value == "phuong" and key.endswith("parent"))
    refused = client.post(FORM, base_url=BASE, data={**fields, parent: "phuong-2"})
    assert refused.status_code == 422
    assert "không có đơn vị mã 'phuong-2' trong tệp" in beside(refused.text, parent)
    assert git(project, "rev-parse", "HEAD") == before and status(project) == ""
