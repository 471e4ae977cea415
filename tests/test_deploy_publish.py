"""The README's publishing recipe, `deploy/publish.sh`, run as it is written: a bare "origin", an editors'
clone that pushes commits touching any file (a bulletin, data/visits.yml's settings, data/site.yml), a server
clone that pulls, builds and counts visits on a growing, rotated access log, round after round.

Every round publishes the editors' new bulletin, the server's checkout never has a change of its own (so
`git pull` never refuses), and the visit totals never go down and are exactly what the log holds.
"""
import datetime as dt
import fcntl
import gzip
import json
import os
import re
import shutil
import subprocess
import textwrap

import pytest
import yaml

from bantin.common.vi import number
from bantin.visits.logs import legacy_fingerprint
from sitebuild import DEMO_BULLETIN, REPO, copy_project
from visitlogs import at, line

GIT = {"GIT_AUTHOR_NAME": "Biên tập", "GIT_AUTHOR_EMAIL": "bt@example.gov.vn", "GIT_COMMITTER_NAME": "Biên tập",
       "GIT_COMMITTER_EMAIL": "bt@example.gov.vn", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_SYSTEM": "/dev/null"}
# Counts an older version's counter left in the tracked data/visits.yml (an office committed its server's file).
OLD_DATA = ("total_before: 1000\nupdated: '2026-01-09T20:00:00+07:00'\nonline: 0\n"
            "days:\n  '2026-01-09':\n    visits: 50\n    views: 80\npages:\n  /: 30\nlogs: {}\n")
START = at("2026-01-10", "08:00:00")


def git(cwd, *args):
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=dict(os.environ, **GIT))
    assert result.returncode == 0, result.stderr
    return result.stdout


def commit(editors, message, files: dict):
    for name, text in files.items():
        (editors / name).write_text(text, encoding="utf-8")
    git(editors, "add", *files)
    git(editors, "commit", "-q", "-m", message)
    git(editors, "push", "-q", "origin", "main")


def bulletin(number_: int) -> str:
    return (f"---\ntitle: Bản tin vòng {number_}\ndate: 2026-01-{number_:02d} 08:00\ncategory: chuyen-doi-so\n"
            f"summary: Bản tin thử số {number_}.\n---\n\nNội dung bản tin vòng {number_}.\n")


@pytest.fixture
def clones(tmp_path):
    origin, editors, server = tmp_path / "origin.git", tmp_path / "editors", tmp_path / "server"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    copy_project(editors)
    for path in [REPO / "Makefile", REPO / ".gitignore", *REPO.glob("requirements*.txt")]:
        shutil.copy2(path, editors / path.name)
    shutil.copytree(REPO / "deploy", editors / "deploy")
    (editors / "data/visits.yml").write_text(OLD_DATA, encoding="utf-8")
    git(editors, "init", "-q", "-b", "main")
    git(editors, "add", ".")
    git(editors, "commit", "-q", "-m", "Trang của phường")
    git(editors, "remote", "add", "origin", str(origin))
    git(editors, "push", "-q", "origin", "main")
    git(tmp_path, "clone", "-q", str(origin), str(server))
    (server / ".venv").symlink_to(REPO / ".venv")  # the installed venv; its stamp is newer than requirements.txt
    for path in server.glob("requirements*.txt"):
        os.utime(path, (0, 0))
    (tmp_path / "log").mkdir()
    return editors, server, tmp_path / "log"


def publish(server, logs):
    env = dict(os.environ, BANTIN_LOGS=str(logs / "access.log*"), BANTIN_NO_SEARCH="1", NO_MKDOCS_2_WARNING="1")
    env.pop("PYTHONPATH", None)  # as cron runs it: the Makefile sets what it needs
    return subprocess.run([str(server / "deploy/publish.sh")], capture_output=True, text=True, env=env,
                          cwd="/", timeout=600)


def shown_total(server) -> str:
    return re.search(r'<dd data-visits="total">([^<]*)</dd>', (server / "site/index.html").read_text()).group(1)


def test_publishing_recipe_keeps_publishing_and_counting(clones):
    editors, server, logs = clones
    total_before, moved = 1000, 50  # the old counts: moved into the server's state once, never twice
    counted = 0  # visits in the log so far
    totals = []
    for round_ in range(1, 9):
        changes = {f"docs/tin-tuc/ban-tin-vong-{round_}.md": bulletin(round_)}
        if round_ in (2, 6):  # settings only now, a new total_before
            total_before += 1000
            changes["data/visits.yml"] = f"# Cài đặt thống kê truy cập.\ntotal_before: {total_before}\n"
        if round_ in (3, 7):
            site = (editors / "data/site.yml").read_text(encoding="utf-8")
            changes["data/site.yml"] = site.replace("ubnd.phuocbinh@example.gov.vn", f"vong{round_}@example.gov.vn")
        if round_ == 5:
            demo = editors / f"docs/tin-tuc/{DEMO_BULLETIN}.md"
            changes[demo.relative_to(editors).as_posix()] = demo.read_text(encoding="utf-8") + "\nĐoạn thêm.\n"
        commit(editors, f"Vòng {round_}", changes)

        if round_ in (4, 7):  # logrotate: access.log → access.log.1 → access.log.2.gz
            if (logs / "access.log.1").exists():
                (logs / "access.log.2.gz").write_bytes(gzip.compress((logs / "access.log.1").read_bytes()))
            (logs / "access.log").rename(logs / "access.log.1")
        when = START + dt.timedelta(minutes=20 * round_)
        new_page = f"/tin-tuc/ban-tin-vong-{round_}/"
        lines = [line(when, new_page, agent="Googlebot/2.1")]
        for reader in range(3):  # three new readers: the home page, then the new bulletin
            ip = f"10.{round_}.0.{reader + 2}"
            lines += [line(when + dt.timedelta(seconds=reader), "/", ip=ip),
                      line(when + dt.timedelta(seconds=reader + 30), new_page, ip=ip),
                      line(when + dt.timedelta(seconds=reader + 31), "/assets/bantin.css", ip=ip)]
        with (logs / "access.log").open("a") as log:
            log.write("".join(x + "\n" for x in lines))
        counted += 3

        result = publish(server, logs)
        assert result.returncode == 0, result.stdout + result.stderr
        assert f"Đã đọc {len(lines)} dòng mới" in result.stdout, result.stdout
        assert (server / f"site/tin-tuc/ban-tin-vong-{round_}/index.html").is_file()
        assert git(server, "status", "--porcelain", "--untracked-files=no") == ""  # nothing for a pull to refuse
        assert git(server, "rev-parse", "HEAD") == git(editors, "rev-parse", "HEAD")
        live = json.loads((server / "site/visits.json").read_text())
        assert live["total"] == total_before + moved + counted
        assert live["views"][new_page] == 3
        # The build ran before this round's count: its pages show the counts as the last round left them.
        assert shown_total(server) == number(total_before + moved + counted - 3)
        totals.append(live["total"])
    assert totals == sorted(totals)
    counts = yaml.safe_load((server / ".bantin-state/visits.yml").read_text())
    assert "total_before" not in counts and counts["days"]["2026-01-09"] == {"visits": 50, "views": 80}
    assert counts["days"]["2026-01-10"] == {"visits": 24, "views": 48}


def test_a_pull_that_cannot_be_done_is_said_and_the_site_still_built_and_counted(clones):
    """A change made on the server by hand: the pull is refused, said in Vietnamese with the file; the
    checkout there is still built (scheduled bulletins appear) and visits still counted."""
    editors, server, logs = clones
    (logs / "access.log").write_text(line(START, "/") + "\n")
    assert publish(server, logs).returncode == 0
    with (server / "data/site.yml").open("a", encoding="utf-8") as edited:  # what must not be done
        edited.write("# sửa tay trên máy chủ\n")
    commit(editors, "Bản tin mới", {"docs/tin-tuc/ban-tin-vong-1.md": bulletin(1),
                                    "data/site.yml": (editors / "data/site.yml").read_text() + "# sửa đúng chỗ\n"})
    with (logs / "access.log").open("a") as log:
        log.write(line(START + dt.timedelta(hours=1), "/", ip="10.9.9.9") + "\n")
    result = publish(server, logs)
    assert result.returncode == 1
    assert ("Lỗi: không kéo được bản mới từ git (git pull --ff-only); trang được dựng lại từ bản đang có trên "
            "máy chủ, bản tin mới chưa lên trang.") in result.stderr
    assert ("\n  Các tệp git theo dõi bị sửa ngay trên máy chủ (chép ra chỗ khác nếu cần giữ, rồi trả lại bản của "
            "git: git checkout -- <tệp>):\n     M data/site.yml\n  Git báo: error: Your local changes") in result.stderr
    assert (server / "site/index.html").is_file() and not (server / "site/tin-tuc/ban-tin-vong-1").exists()
    assert "Đã đọc 1 dòng mới từ 1 tệp: 1 lượt xem trang mới, 1 lượt truy cập mới." in result.stdout


def test_two_runs_never_overlap(clones):
    _, server, logs = clones
    (server / ".bantin-state").mkdir()
    with open(server / ".bantin-state/publish.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # a run still going
        result = publish(server, logs)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.endswith(" Lần đăng trước chưa xong: bỏ qua lần này.\n")
    assert not (server / "site").exists()


def test_the_readme_upgrade_from_counts_in_data_visits_yml(clones):
    """A server where an older counter wrote its counts into the tracked data/visits.yml: the upgrade commit
    cannot be pulled until the README's steps move them; then no count is lost or counted twice."""
    editors, server, logs = clones
    readers = [line(START + dt.timedelta(minutes=i), "/", ip=f"10.7.0.{i}") for i in range(4)]
    (logs / "access.log").write_text("".join(x + "\n" for x in readers))
    first = (logs / "access.log").read_bytes().split(b"\n")[0] + b"\n"
    read_to = len((logs / "access.log").read_bytes())
    old = OLD_DATA.replace("logs: {}", f"logs:\n  {legacy_fingerprint(first)}: {read_to}")
    old = old.replace("visits: 50\n    views: 80", "visits: 54\n    views: 84")  # 50 before, and these 4 readers
    (server / "data/visits.yml").write_text(old, encoding="utf-8")  # what the older counter left there
    commit(editors, "Nâng cấp", {"data/visits.yml": "total_before: 1000\n"})
    with (logs / "access.log").open("a") as log:
        log.write(line(START + dt.timedelta(hours=1), "/", ip="10.7.1.1") + "\n")
    refused = subprocess.run(["git", "pull", "--ff-only"], cwd=server, capture_output=True, text=True,
                             env=dict(os.environ, **GIT))  # the older recipe's pull, stuck for good
    assert refused.returncode == 1 and "would be overwritten by merge" in refused.stderr

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    steps = re.search(r"Chuyển từ phiên bản trước.*?```sh\n(.*?)```", readme, re.S).group(1)
    steps = textwrap.dedent(steps).replace("/srv/bantin", str(server))
    done = subprocess.run(["sh", "-c", steps], capture_output=True, text=True, env=dict(os.environ, **GIT))
    assert done.returncode == 0, done.stderr
    assert (server / "data/visits.yml").read_text() == "total_before: 1000\n"

    result = publish(server, logs)
    assert result.returncode == 0, result.stderr
    # The older counter's place in the log was kept: only the line after it is new.
    assert "\nĐã đọc 1 dòng mới từ 1 tệp: 1 lượt xem trang mới, 1 lượt truy cập mới.\n" in result.stdout
    assert git(server, "status", "--porcelain", "--untracked-files=no") == ""
    live = json.loads((server / "site/visits.json").read_text())
    assert live["total"] == 1000 + 54 + 1
