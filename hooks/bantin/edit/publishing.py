""""Đăng lên trang" as steps the clerk watches: the data and pages checked (`make check`), the site built
(`make build`, atomic: the live site changes only if it succeeds), the commits pushed where a remote is
configured. The steps run in a thread of their own, one publish at a time; the page shows them as they go
(it reloads itself without JavaScript; publish.js follows them live) and then the result.
"""
from __future__ import annotations

import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import gitrepo, site_tasks

WAITING, RUNNING, DONE, FAILED, SKIPPED, UNNEEDED = "cho", "dang", "xong", "loi", "bo-qua", "khong-can"
STATE_WORDS = {WAITING: "chờ", RUNNING: "đang làm", DONE: "xong", FAILED: "có lỗi",
               SKIPPED: "bỏ qua vì bước trước có lỗi", UNNEEDED: "không cần: dự án chưa có kho chung"}


@dataclass
class Step:
    label: str
    state: str = WAITING
    seconds: int = 0

    @property
    def text(self) -> str:
        took = f", {self.seconds} giây" if self.state in (RUNNING, DONE, FAILED) else ""
        return f"{self.label}: {STATE_WORDS[self.state]}{took}"


@dataclass
class Job:
    root: Path
    steps: list[Step] = field(default_factory=lambda: [Step("Kiểm tra dữ liệu và các trang"), Step("Dựng trang mới"),
                                                        Step("Gửi các thay đổi lên kho chung (git push)")])
    outcome: site_tasks.Outcome | None = None
    pushed: str | None = None
    push_error: str | None = None
    finished: threading.Event = field(default_factory=threading.Event)

    @property
    def running(self) -> bool:
        return not self.finished.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self.finished.wait(timeout)

    def as_json(self) -> dict:
        return {"running": self.running, "steps": [{"state": s.state, "text": s.text} for s in self.steps]}

    def run(self, release, after=None) -> None:
        """The steps in turn, a failed one ending the run; `after(job)` (the server's journal) once it is
        over, then `release` (the editor's build lock)."""
        try:
            check = self._step(0, lambda: _check(self.root))
            if not check.ok:
                self.outcome = check
                return
            self.outcome = self._step(1, lambda: site_tasks.publish(self.root))
            if self.outcome.ok:
                self._push()
            else:
                self.steps[2].state = SKIPPED
        finally:
            for step in self.steps:
                if step.state == WAITING:
                    step.state = SKIPPED
            try:
                if after is not None:
                    after(self)
            finally:
                self.finished.set()
                release()

    def _step(self, number: int, work):
        step = self.steps[number]
        step.state, start = RUNNING, time.monotonic()
        ticking = threading.Event()

        def tick():  # the seconds go on showing while a build takes minutes
            while not ticking.wait(1):
                step.seconds = int(time.monotonic() - start)
        threading.Thread(target=tick, daemon=True).start()
        try:
            outcome = work()
        except Exception as error:  # noqa: BLE001 — the job must end and say why, whatever went wrong
            outcome = site_tasks.Outcome(False, f"Lỗi ngoài dự kiến ({step.label.lower()}): {error}")
        finally:
            ticking.set()
        step.seconds = int(time.monotonic() - start)
        step.state = DONE if outcome.ok else FAILED
        return outcome

    def _push(self) -> None:
        step = self.steps[2]
        step.state = RUNNING
        try:
            self.pushed = gitrepo.push_if_remote(self.root)
        except gitrepo.GitError as error:
            self.push_error = str(error)
            step.state = FAILED
            return
        step.state = UNNEEDED if self.pushed is None else DONE


def _check(root: Path) -> site_tasks.Outcome:
    """`make check`: every mistake of the data and the pages, in the editor's words, before building."""
    result = subprocess.run([sys.executable, "-m", "bantin", "check", "data"], cwd=root, capture_output=True,
                            text=True, timeout=1800, env=site_tasks._env(root / "hooks"))
    return site_tasks.Outcome(result.returncode == 0, (result.stdout + result.stderr).strip())


class Publisher:
    """The editor's one publishing job: the last one, running or done (its result shown until the next)."""

    def __init__(self, root: Path, lock: threading.Lock):
        self.root, self.lock = root, lock
        self.job: Job | None = None

    def start(self, after=None) -> Job | None:
        """A new job started, or None when one is running; `after(job)` once it is over."""
        if not self.lock.acquire(blocking=False):
            return None
        self.job = Job(self.root)
        threading.Thread(target=self.job.run, args=(self.lock.release, after), daemon=True).start()
        return self.job
