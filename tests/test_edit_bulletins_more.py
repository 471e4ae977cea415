"""`make edit`'s bulletins, further: the list's dates as portals write them, and a photo uploaded with a form
that has mistakes kept until the bulletin is saved."""
import io
import re

from PIL import Image

from bantin.edit.word import content_name
from test_edit import BASE, ID, NEWS, client, form_of, git, photo, project, status  # noqa: F401


def test_the_list_shows_dates_as_portals_do(client):
    page = client.get("/ban-tin/", base_url=BASE).text
    row = re.search(rf'<td><a href="/ban-tin/{ID}">[^<]+</a></td>\s*<td>([^<]+)</td>', page)
    assert row.group(1) == "Thứ hai - 30/03/2026 08:30"


def test_a_photo_uploaded_with_a_mistake_is_kept_until_the_bulletin_is_saved(client, project):
    fields = form_of(client, f"/ban-tin/{ID}")
    fields.update(date="2026-02-30 08:30", image_caption="Toàn cảnh hội nghị",
                  image_file=(io.BytesIO(photo()), "Ảnh Hội nghị.JPG"))
    answer = client.post(f"/ban-tin/{ID}", base_url=BASE, data=fields, content_type="multipart/form-data")
    assert answer.status_code == 422
    assert status(project) == ""  # nothing written yet
    kept = re.search(r'name="image" value="(assets/anh/2026/anh-[0-9a-f]{16}\.jpg)"', answer.text).group(1)
    assert (f'<p class="help" id="kept-photo">Ảnh vừa tải lên được giữ lại ({kept}); ảnh được lưu cùng bản tin '
            "khi bấm Lưu.</p>") in answer.text
    again = form_of(client, f"/ban-tin/{ID}")
    again.update(dict(re.findall(r'<input[^>]* name="((?:image|image_caption))" value="([^"]*)"', answer.text)))
    again.update(date="2026-03-30 08:30", anh_word=re.findall(r'name="anh_word" value="([^"]+)"', answer.text))
    saved = client.post(f"/ban-tin/{ID}", base_url=BASE, data=again)  # the clerk does not choose the photo again
    assert saved.status_code == 302, saved.text
    data = (project / "docs" / kept).read_bytes()
    assert kept.endswith(content_name(data, "jpg"))
    with Image.open(io.BytesIO(data)) as stored:
        assert stored.size == (1067, 1600) and dict(stored.getexif()) == {}
    assert f"\nimage: {kept}\n" in (project / NEWS / "so-ket.md").read_text(encoding="utf-8")
    assert sorted(git(project, "show", "--format=", "--name-only", "HEAD").split()) == \
        sorted([f"docs/{kept}", f"{NEWS}/so-ket.md"])
