""""Đăng lên trang" shows its steps as they go (a page that reloads itself without JavaScript, followed live
with it), then the result."""
import re
import threading
from html import unescape

import pytest

from bantin.edit import site_tasks
from bantin.edit.app import create_app
from test_edit import BASE, BULLETIN, NEWS, PORT, assert_valid_html, project, token  # noqa: F401


def steps(page: str) -> list[str]:
    return [unescape(s) for s in re.findall(r'<li class="step step--[a-z-]+">([^<]*)</li>', page)]


@pytest.fixture
def held(project, monkeypatch):
    """The editor with a build that waits until the test lets it finish."""
    started, release = threading.Event(), threading.Event()

    def build(root):
        started.set()
        release.wait(300)
        return site_tasks.Outcome(True, "Đã dựng xong trang.")
    monkeypatch.setattr(site_tasks, "publish", build)
    app = create_app(project, PORT)
    yield app, started, release
    release.set()


def test_the_steps_show_as_they_go_then_the_result(held, tmp_path):
    app, started, release = held
    client = app.test_client()
    assert client.post("/dang-trang", base_url=BASE, data={"csrf_token": token(client, "/dang-trang")}).headers[
        "Location"] == "/dang-trang"
    assert started.wait(300)
    running = client.get("/dang-trang", base_url=BASE).text
    shown = steps(running)
    assert re.fullmatch(r"Kiểm tra dữ liệu và các trang: xong, \d+ giây", shown[0])
    assert re.fullmatch(r"Dựng trang mới: đang làm, \d+ giây", shown[1])
    assert shown[2] == "Gửi các thay đổi lên kho chung (git push): chờ"
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in running  # without JavaScript
    assert '<section class="progress" aria-labelledby="cac-buoc" data-progress="/dang-trang/tien-do">' in running
    assert '<script src="/static/publish.js"></script>' in running
    assert "<h2 id=\"cac-buoc\">Đang đăng lên trang…</h2>" in running and 'type="submit"' not in running
    live = client.get("/dang-trang/tien-do", base_url=BASE).get_json()
    assert live["running"] is True and [s["state"] for s in live["steps"]] == ["xong", "dang", "cho"]
    release.set()
    assert app.extensions["bantin_publisher"].job.wait(300)
    done = client.get("/dang-trang", base_url=BASE)
    assert done.status_code == 200
    assert steps(done.text)[2] == "Gửi các thay đổi lên kho chung (git push): không cần: dự án chưa có kho chung"
    assert '<p class="notice notice--ok" role="status">Đã dựng và đăng trang mới.</p>' in done.text
    assert "refresh" not in done.text and "publish.js" not in done.text
    assert client.get("/dang-trang/tien-do", base_url=BASE).get_json()["running"] is False
    assert_valid_html({"running": running, "done": done.text}, "running", tmp_path / "pages")


def test_a_mistake_stops_at_the_check_and_nothing_is_built(held, project):
    app, started, _ = held
    (project / NEWS / "so-ket.md").write_text(BULLETIN.replace("thong-bao", "thong-bao-cu"), encoding="utf-8")
    client = app.test_client()
    client.post("/dang-trang", base_url=BASE, data={"csrf_token": token(client, "/dang-trang")})
    assert app.extensions["bantin_publisher"].job.wait(300)
    answer = client.get("/dang-trang", base_url=BASE)
    assert answer.status_code == 422
    assert re.fullmatch(r"Kiểm tra dữ liệu và các trang: có lỗi, \d+ giây", steps(answer.text)[0])
    assert steps(answer.text)[1:] == ["Dựng trang mới: bỏ qua vì bước trước có lỗi",
                                      "Gửi các thay đổi lên kho chung (git push): bỏ qua vì bước trước có lỗi"]
    assert "Dựng trang không thành công; trang đang đăng vẫn giữ nguyên." in answer.text
    assert "docs/tin-tuc/so-ket.md:4: category: chuyên mục &#39;thong-bao-cu&#39; không có trong data/site.yml" \
        in answer.text
    assert not started.is_set()  # the build never began
