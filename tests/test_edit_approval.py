"""Approval in the editor (bantin.edit.approval): a biên tập viên's save is a draft, a người duyệt approves it
into one commit naming both and publishes it; rejected with a reason; conflicts shown, never overwritten.

The person is `flask.g.user`, set here by a before_request function of the test's own (the accounts'
login sets it in the editor), from the client's `X-Nguoi` header."""
import json
import re

import pytest
from flask import g, request

from bantin.edit import approval
from bantin.edit.app import create_app
from bantin.edit.documents import file_id
from bantin.edit.users import User
from sitebuild import copy_project
from test_edit import BASE, BULLETIN, NEWS, PORT, committed, form_of, git, log, status, token

USERS = {"lan": User("lan", "Nguyễn Thị Lan", "lan@phuong.gov.vn", "editor"),
         "hoa": User("hoa", "Lê Văn Hòa", "hoa@phuong.gov.vn", "editor"),
         "binh": User("binh", "Trần Văn Bình", "binh@phuong.gov.vn", "approver")}
ID = file_id(f"{NEWS}/so-ket.md")


@pytest.fixture
def project(tmp_path):
    project = copy_project(tmp_path / "p")
    for path in (project / NEWS).glob("*.md"):
        path.unlink()
    (project / NEWS / "so-ket.md").write_text(BULLETIN, encoding="utf-8")
    return committed(project)


def as_person(app):
    """The test's stand-in for the server mode's login: `g.user` from the `X-Nguoi` header, set after the
    local mode's person (bantin.edit.login)."""
    def set_user():
        g.user = USERS[request.headers["X-Nguoi"]]
    app.before_request_funcs.setdefault(None, []).append(set_user)
    return app


@pytest.fixture
def app(project):
    return as_person(create_app(project, PORT))


def client_of(app, login):
    client = app.test_client()
    client.environ_base["HTTP_X_NGUOI"] = login
    return client


@pytest.fixture
def lan(app):
    return client_of(app, "lan")


@pytest.fixture
def binh(app):
    return client_of(app, "binh")


def save_title(client, title, key=ID):
    fields = form_of(client, f"/ban-tin/{key}")
    fields["title"] = title
    return client.post(f"/ban-tin/{key}", base_url=BASE, data=fields)


def only_draft(project):
    drafts = approval.all_drafts(project)
    assert len(drafts) == 1
    return drafts[0]


def submit(client, draft):
    url = f"/nhap/{draft.id}"
    return client.post(url + "/gui-duyet", base_url=BASE, data={"csrf_token": token(client, url)})


def approve(client, draft):
    """Duyệt và đăng, as the queue's button sends it (with the version of the draft the page showed)."""
    return client.post(f"/nhap/{draft.id}/duyet", base_url=BASE,
                       data={"csrf_token": token(client, "/cho-duyet/"), "revision": str(draft.revision)})


def test_an_editors_save_is_a_draft_and_the_main_branch_is_untouched(lan, project):
    before = log(project)
    answer = save_title(lan, "Hội nghị sơ kết quý I năm 2026")
    draft = only_draft(project)
    assert answer.status_code == 302 and answer.headers["Location"] == f"/nhap/{draft.id}"
    assert log(project) == before and status(project) == ""
    assert (project / NEWS / "so-ket.md").read_text(encoding="utf-8") == BULLETIN
    assert (draft.kind, draft.main, draft.subject, draft.state, draft.author) == (
        "ban-tin", f"{NEWS}/so-ket.md", "Sửa bản tin: Hội nghị sơ kết quý I năm 2026", "nhap",
        {"login": "lan", "name": "Nguyễn Thị Lan", "email": "lan@phuong.gov.vn"})
    assert draft.files == {f"{NEWS}/so-ket.md": git(project, "rev-parse", f"HEAD:{NEWS}/so-ket.md").strip()}
    page = lan.get(answer.headers["Location"], base_url=BASE).text
    assert "Đã lưu bản nháp “Sửa bản tin: Hội nghị sơ kết quý I năm 2026”. Thay đổi chưa lên trang: bấm Gửi duyệt" \
        in page
    # the list shows it, and the form opens the draft's version to go on writing
    listed = lan.get("/ban-tin/", base_url=BASE).text
    assert re.search(rf'<a href="/nhap/{draft.id}">Sửa bản tin: Hội nghị sơ kết quý I năm 2026</a></td>\s*'
                     r'<td>[0-9/: ]+</td>\s*<td><span class="state state--nhap">Nháp</span>', listed)
    assert 'value="Hội nghị sơ kết quý I năm 2026"' in lan.get(f"/ban-tin/{ID}", base_url=BASE).text
    # a second save updates the same draft, on the same base
    save_title(lan, "Hội nghị sơ kết quý I/2026")
    again = only_draft(project)
    assert again.id == draft.id and again.files == draft.files
    assert again.subject == "Sửa bản tin: Hội nghị sơ kết quý I/2026"


def test_an_invalid_draft_is_not_saved(lan, project):
    fields = form_of(lan, f"/ban-tin/{ID}")
    fields["category"] = "thong-bao-moi"
    answer = lan.post(f"/ban-tin/{ID}", base_url=BASE, data=fields)
    assert answer.status_code == 422
    assert "Bản tin chưa được lưu vì có 1 lỗi" in answer.text
    assert approval.all_drafts(project) == []


def test_a_submitted_draft_shows_the_approver_the_exact_change_and_is_not_built(lan, binh, project):
    save_title(lan, "Hội nghị <sơ kết> quý I năm 2026")
    draft = only_draft(project)
    sent = submit(lan, draft)
    assert sent.status_code == 302
    assert ("Đã gửi duyệt “Sửa bản tin: Hội nghị &lt;sơ kết&gt; quý I năm 2026”: người duyệt sẽ xem và đăng."
            in lan.get(sent.headers["Location"], base_url=BASE).text)
    assert approval.load(project, draft.id).state == "cho-duyet"
    assert "Chờ duyệt</span>" in lan.get("/ban-tin/", base_url=BASE).text
    page = binh.get("/cho-duyet/", base_url=BASE)
    assert page.status_code == 200
    text = page.text
    assert "1 bản nháp chờ duyệt" in text
    assert "Người viết: Nguyễn Thị Lan &lt;lan@phuong.gov.vn&gt;" in text
    assert "1 dòng thêm, 1 dòng bỏ:" in text
    assert "<del>- title: Hội nghị sơ kết quý I</del>" in text
    assert "<ins>+ title: Hội nghị &lt;sơ kết&gt; quý I năm 2026</ins>" in text  # escaped
    assert ("<tr><td>Tiêu đề</td><td>Hội nghị sơ kết quý I</td><td>Hội nghị &lt;sơ kết&gt; quý I năm 2026</td></tr>"
            in text)
    assert "Chờ duyệt (1)</a>" in text
    # the preview is the editor's preview of the draft
    shown = binh.post(f"/nhap/{draft.id}/xem-truoc", base_url=BASE,
                      data={"csrf_token": token(binh, "/cho-duyet/")})
    assert shown.status_code == 302 and shown.headers["Location"] == "/xem-truoc/tin-tuc/so-ket/"
    assert "Hội nghị &lt;sơ kết&gt; quý I năm 2026" in binh.get(shown.headers["Location"], base_url=BASE).text
    # and the site built now has the main branch's bulletin only
    assert binh.post("/dang-trang", base_url=BASE, data={"csrf_token": token(binh, "/dang-trang")}).status_code == 303
    assert binh.application.extensions["bantin_publisher"].job.wait(600)  # "Đăng lên trang" runs its steps
    built = (project / "site" / "tin-tuc" / "so-ket" / "index.html").read_text(encoding="utf-8")
    assert "Hội nghị sơ kết quý I" in built and "năm 2026" not in built


def test_the_diff_shows_body_lines_that_look_like_its_own_headers(lan, project):
    """A rule `---` removed from the text and a line `++ …` added are changes like any other (the diff's own
    `--- a`/`+++ b` header lines are not shown)."""
    (project / NEWS / "so-ket.md").write_text(BULLETIN + "\n---\n\nPhần hai.\n", encoding="utf-8")
    git(project, "commit", "-q", "-a", "-m", "Thêm phần hai")
    fields = form_of(lan, f"/ban-tin/{ID}")
    fields["body"] = "Nội dung hội nghị.\n\n++ Phần hai."
    assert lan.post(f"/ban-tin/{ID}", base_url=BASE, data=fields).status_code == 302
    (change,) = approval.changes(project, only_draft(project))
    assert [(kind, text) for kind, text in change.lines if kind in ("them", "bot")] == [
        ("bot", "---"), ("bot", ""), ("bot", "Phần hai."), ("them", "++ Phần hai.")]
    assert (change.added, change.removed) == (1, 3)


def test_approving_commits_once_with_both_names_and_publishes(lan, binh, project):
    fields = form_of(lan, "/ban-tin/moi")
    fields.update(title="Lịch tiếp công dân tháng 7", date="2026-07-01 07:00", category="thong-bao",
                  body="Chủ tịch UBND phường **tiếp công dân** vào thứ Năm.")
    assert lan.post("/ban-tin/moi", base_url=BASE, data=fields).status_code == 302
    path = f"{NEWS}/lich-tiep-cong-dan-thang-7.md"
    draft = only_draft(project)
    assert draft.files == {path: ""} and not (project / path).exists()
    assert lan.get(f"/ban-tin/{file_id(path)}", base_url=BASE).status_code == 200  # the draft opens in the form
    submit(lan, draft)
    before = git(project, "rev-parse", "HEAD").strip()
    answer = approve(binh, draft)
    assert answer.status_code == 200, answer.text
    assert "Đã duyệt “Thêm bản tin: Lịch tiếp công dân tháng 7” của Nguyễn Thị Lan" in answer.text
    assert "Đã dựng và đăng trang mới." in answer.text
    assert git(project, "rev-list", f"{before}..HEAD").count("\n") == 1
    assert git(project, "log", "-1", "--format=%an <%ae>|%cn <%ce>|%B", "--name-status").strip() == (
        "Nguyễn Thị Lan <lan@phuong.gov.vn>|Trần Văn Bình <binh@phuong.gov.vn>|Thêm bản tin: Lịch tiếp công dân "
        "tháng 7\n\nNgười duyệt: Trần Văn Bình <binh@phuong.gov.vn>\n\n\n"
        f"A\t{path}")
    assert status(project) == "" and approval.all_drafts(project) == []
    built = project / "site" / "tin-tuc" / "lich-tiep-cong-dan-thang-7" / "index.html"
    assert "<strong>tiếp công dân</strong>" in built.read_text(encoding="utf-8")


def test_only_the_version_the_approver_saw_is_approved(lan, binh, project):
    save_title(lan, "Bản đầu")
    seen = only_draft(project)
    submit(lan, seen)
    save_title(lan, "Bản sau")  # written again after the approver opened the queue, and sent again
    submit(lan, seen)
    before = log(project)
    answer = approve(binh, seen)
    assert answer.status_code == 409
    assert "Người viết vừa sửa lại bản nháp này: hãy xem lại các thay đổi dưới đây rồi mới duyệt." in answer.text
    assert "<ins>+ title: Bản sau</ins>" in answer.text
    assert log(project) == before
    assert approve(binh, only_draft(project)).status_code == 200
    assert git(project, "log", "-1", "--format=%s").strip() == "Sửa bản tin: Bản sau"


def test_a_rejected_draft_tells_its_author_why(lan, binh, project):
    save_title(lan, "Tiêu đề cần sửa")
    draft = only_draft(project)
    submit(lan, draft)
    url = f"/nhap/{draft.id}/tra-lai"
    empty = binh.post(url, base_url=BASE, data={"csrf_token": token(binh, "/cho-duyet/"), "reason": "  "})
    assert empty.status_code == 422
    assert 'id="error-ly-do-' in empty.text and "hãy ghi lý do trả lại để người viết biết cần sửa gì" in empty.text
    assert approval.load(project, draft.id).state == "cho-duyet"
    answer = binh.post(url, base_url=BASE, data={"csrf_token": token(binh, "/cho-duyet/"),
                                                 "reason": "Ghi rõ ngày hội nghị."}, follow_redirects=True)
    assert "Đã trả lại “Sửa bản tin: Tiêu đề cần sửa” cho Nguyễn Thị Lan." in answer.text
    assert "0 bản nháp chờ duyệt" in answer.text
    listed = lan.get("/ban-tin/", base_url=BASE).text
    assert '<span class="state state--tra-lai">Bị trả lại: Ghi rõ ngày hội nghị.</span>' in listed
    assert "Trạng thái: <span class=\"state state--tra-lai\">Bị trả lại: Ghi rõ ngày hội nghị.</span>" in \
        lan.get(f"/nhap/{draft.id}", base_url=BASE).text
    save_title(lan, "Hội nghị ngày 30/3")  # written again: a draft once more, to submit again
    assert approval.load(project, draft.id).state_text == "Nháp"


def test_the_second_of_two_drafts_of_one_file_is_a_conflict(app, lan, binh, project):
    hoa = client_of(app, "hoa")
    save_title(lan, "Bản của Lan")
    save_title(hoa, "Bản của Hòa")
    drafts = {d.author["login"]: d for d in approval.all_drafts(project)}
    submit(lan, drafts["lan"])
    submit(hoa, drafts["hoa"])
    assert approve(binh, drafts["lan"]).status_code == 200
    after = log(project)
    answer = approve(binh, drafts["hoa"])
    assert answer.status_code == 409
    conflict = (f"Xung đột: tệp <code>{NEWS}/so-ket.md</code> đã được sửa sau khi bản nháp này được viết; duyệt bản "
                "nháp sẽ ghi đè thay đổi đó nên chưa duyệt được. Người viết hãy bỏ bản nháp rồi sửa lại từ bản hiện "
                "tại.")
    assert conflict in answer.text
    assert log(project) == after and "title: Bản của Lan" in (project / NEWS / "so-ket.md").read_text()
    assert conflict in hoa.get(f"/nhap/{drafts['hoa'].id}", base_url=BASE).text  # the author sees it too
    assert approval.conflicts(project, drafts["hoa"]) == [f"{NEWS}/so-ket.md"]


def test_a_draft_the_project_no_longer_accepts_is_not_approved(lan, binh, project):
    """Checked again when approved: a category renamed since the draft was saved stops it, nothing is written."""
    fields = form_of(lan, "/ban-tin/moi")
    fields.update(title="Một cửa liên thông", date="2026-04-02 09:00", category="cai-cach-hanh-chinh", body="Nội dung.")
    lan.post("/ban-tin/moi", base_url=BASE, data=fields)
    draft = only_draft(project)
    submit(lan, draft)
    site = project / "data" / "site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("cai-cach-hanh-chinh", "hanh-chinh"), encoding="utf-8")
    git(project, "commit", "-q", "-am", "Đổi chuyên mục")
    before = log(project)
    answer = approve(binh, draft)
    assert answer.status_code == 422
    assert "Bản nháp không còn đúng với dự án hiện tại nên chưa duyệt được; hãy trả lại để người viết sửa:" \
        in answer.text
    assert (f"<li>{NEWS}/mot-cua-lien-thong.md:4: category: chuyên mục &#39;cai-cach-hanh-chinh&#39; không có trong "
            "data/site.yml") in answer.text
    assert log(project) == before and status(project) == "" and not (project / "site").exists()


def test_two_new_bulletins_with_one_title_are_two_drafts(lan, project):
    for body in ("Lần một.", "Lần hai."):
        fields = form_of(lan, "/ban-tin/moi")
        fields.update(title="Thông báo", date="2026-04-02 09:00", category="thong-bao", body=body)
        assert lan.post("/ban-tin/moi", base_url=BASE, data=fields).status_code == 302
    assert sorted(d.main for d in approval.all_drafts(project)) == [f"{NEWS}/thong-bao-2.md", f"{NEWS}/thong-bao.md"]


def test_an_editor_cannot_approve_reject_publish_or_delete(lan, project):
    save_title(lan, "Tự duyệt")
    draft = only_draft(project)
    submit(lan, draft)
    before = log(project)
    csrf = token(lan, f"/nhap/{draft.id}")
    answer = lan.post(f"/nhap/{draft.id}/duyet", base_url=BASE, data={"csrf_token": csrf})
    assert answer.status_code == 403
    assert "Chỉ người duyệt duyệt và đăng được bản nháp." in answer.text
    assert lan.post(f"/nhap/{draft.id}/tra-lai", base_url=BASE,
                    data={"csrf_token": csrf, "reason": "x"}).status_code == 403
    assert lan.get("/cho-duyet/", base_url=BASE).status_code == 403
    assert lan.post("/dang-trang", base_url=BASE, data={"csrf_token": csrf}).status_code == 403
    removal = lan.post(f"/ban-tin/{ID}/xoa", base_url=BASE, data={"csrf_token": csrf})
    assert removal.status_code == 403 and "Quý vị không có quyền làm việc này." in removal.text
    assert log(project) == before and not (project / "site").exists()
    assert approval.load(project, draft.id).state == "cho-duyet"


def test_the_author_can_discard_a_draft(lan, project):
    save_title(lan, "Viết nhầm")
    draft = only_draft(project)
    answer = lan.post(f"/nhap/{draft.id}/bo", base_url=BASE, data={"csrf_token": token(lan, f"/nhap/{draft.id}")},
                      follow_redirects=True)
    assert "Đã bỏ bản nháp “Sửa bản tin: Viết nhầm”." in answer.text
    assert approval.all_drafts(project) == [] and not (project / ".bantin-state" / "nhap" / draft.id).exists()
    assert 'value="Hội nghị sơ kết quý I"' in lan.get(f"/ban-tin/{ID}", base_url=BASE).text


def test_a_draft_naming_a_file_outside_docs_and_data_is_no_draft(lan, project):
    save_title(lan, "Hợp lệ")
    draft = only_draft(project)
    stored = project / ".bantin-state" / "nhap" / draft.id / "nhap.json"
    stored.write_text(stored.read_text(encoding="utf-8").replace(f'"{NEWS}/so-ket.md": ', '"docs/../../x.md": '),
                      encoding="utf-8")
    assert approval.all_drafts(project) == []
    assert lan.get(f"/nhap/{draft.id}", base_url=BASE).status_code == 404


def test_a_draft_whose_author_is_not_a_person_is_no_draft(lan, binh, project):
    """nhap.json edited by hand: its `author` is read as a person (login, name, email) by every page that lists
    drafts, so a draft without one is left out instead of every such page failing."""
    save_title(lan, "Hợp lệ")
    draft = only_draft(project)
    stored = project / ".bantin-state" / "nhap" / draft.id / "nhap.json"
    stored.write_text(stored.read_text(encoding="utf-8").replace('"login": "lan"', '"login": 7'), encoding="utf-8")
    assert approval.all_drafts(project) == []
    assert lan.get("/ban-tin/", base_url=BASE).status_code == 200
    assert binh.get("/cho-duyet/", base_url=BASE).status_code == 200
    written = json.loads(stored.read_text(encoding="utf-8"))
    stored.write_text(json.dumps({**written, "author": "lan"}), encoding="utf-8")
    assert approval.all_drafts(project) == []
    assert lan.get("/ban-tin/", base_url=BASE).status_code == 200
    assert lan.get(f"/nhap/{draft.id}", base_url=BASE).status_code == 404


def test_another_editors_draft_is_not_found(app, lan, project):
    save_title(lan, "Của Lan")
    draft = only_draft(project)
    hoa = client_of(app, "hoa")
    assert hoa.get(f"/nhap/{draft.id}", base_url=BASE).status_code == 404
    assert hoa.get("/nhap/..%2F..%2Fdata", base_url=BASE).status_code == 404
    assert 'value="Của Lan"' not in hoa.get(f"/ban-tin/{ID}", base_url=BASE).text


def test_an_editors_figures_are_a_draft_showing_the_changed_value(lan, binh, project):
    from bantin.figures.units import load_units
    from test_edit_figures import PATH, PROGRAMME

    top = next(code for code, unit in load_units(project / "data", project, []).by_code.items() if unit.parent is None)
    (project / PATH).write_text(PROGRAMME.format(code=top), encoding="utf-8")
    git(project, "add", PATH)
    git(project, "-c", "user.name=A", "-c", "user.email=a@b.vn", "commit", "-q", "-m", "chương trình")
    url = f"/so-lieu/{file_id(PATH)}/2025-12-25"
    fields = form_of(lan, url)
    fields["indicators.0.actual"] = "130"
    before = log(project)
    answer = lan.post(url, base_url=BASE, data=fields)
    assert answer.status_code == 302, answer.text
    assert log(project) == before and status(project) == ""
    draft = only_draft(project)
    assert (draft.kind, draft.main, draft.subject) == (
        "so-lieu", PATH, "Sửa số liệu kỳ 25/12/2025: Chương trình thử nghiệm")
    assert (f'<a href="/nhap/{draft.id}">Sửa số liệu kỳ 25/12/2025: Chương trình thử nghiệm</a>'
            in lan.get("/so-lieu/", base_url=BASE).text)
    assert 'value="130"' in lan.get(url, base_url=BASE).text  # the form shows the draft's numbers
    submit(lan, draft)
    text = binh.get("/cho-duyet/", base_url=BASE).text
    assert "<tr><td>Kỳ 25/12/2025: Hồ sơ trực tuyến – số đạt được</td><td>120</td><td>130</td></tr>" in text
    line = "        actual: "  # as the file writes it, after the sign and a space
    assert f"<del>- {line}120</del>" in text and f"<ins>+ {line}130</ins>" in text
    assert approve(binh, draft).status_code == 200
    assert git(project, "log", "-1", "--format=%an|%cn|%s").strip() == \
        "Nguyễn Thị Lan|Trần Văn Bình|Sửa số liệu kỳ 25/12/2025: Chương trình thử nghiệm"
    assert "actual: 130" in (project / PATH).read_text(encoding="utf-8")


def test_local_mode_saves_as_before(project):
    """Without accounts (no `g.user`): the one person of the PC may do everything, a save is a commit."""
    client = create_app(project, PORT).test_client()
    assert save_title(client, "Lưu thẳng").status_code == 302
    assert approval.all_drafts(project) == []
    assert git(project, "log", "-1", "--format=%an|%s").strip() == "Nguyễn Thị Lan|Sửa bản tin: Lưu thẳng"
    assert "Chờ duyệt" not in client.get("/ban-tin/", base_url=BASE).text


def test_the_approval_pages_are_valid_html(lan, binh, project, tmp_path):
    from test_edit import assert_valid_html

    save_title(lan, "Hội nghị <sơ kết> quý I")
    draft = only_draft(project)
    pages = {"list": lan.get("/ban-tin/", base_url=BASE).text,
             "draft": lan.get(f"/nhap/{draft.id}", base_url=BASE).text}
    submit(lan, draft)
    pages["queue"] = binh.get("/cho-duyet/", base_url=BASE).text
    pages["reject-empty"] = binh.post(f"/nhap/{draft.id}/tra-lai", base_url=BASE,
                                      data={"csrf_token": token(binh, "/cho-duyet/")}).text
    pages["approved"] = approve(binh, draft).text
    assert_valid_html(pages, "queue", tmp_path / "pages")
