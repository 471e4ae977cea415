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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import gitrepo, site_tasks

WAITING, RUNNING, DONE, FAILED, SKIPPED, UNNEEDED = "cho", "dang", "xong", "loi", "bo-qua", "khong-can"
STATE_WORDS = {WAITING: "chờ", RUNNING: "đang làm", DONE: "xong", FAILED: "có lỗi",
               SKIPPED: "bỏ qua vì bước trước có lỗi", UNNEEDED: "không cần: dự án chưa có kho chung"}


# What is told once a publish is over (the server's journal, bantin.edit.login); its result is not used.
After = Callable[["Job"], object]


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

    def as_json(self) -> dict[str, object]:
        return {"running": self.running, "steps": [{"state": s.state, "text": s.text} for s in self.steps]}

    def run(self, release: Callable[[], None], after: After | None = None) -> None:
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

    def _step(self, number: int, work: Callable[[], site_tasks.Outcome]) -> site_tasks.Outcome:
        step = self.steps[number]
        step.state, start = RUNNING, time.monotonic()
        ticking = threading.Event()

        def tick() -> None:  # the seconds go on showing while a build takes minutes
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
    """The editor's publishing: one build at a time, the others queued. `job` is the last one, running or done
    (its result shown until the next); requests made while one runs are one more build once it ends, of the
    files as they are then (two people pressing "Đăng lên trang" at once get one build each, never two at once)."""

    def __init__(self, root: Path, lock: threading.Lock):
        self.root, self.lock = root, lock
        self.job: Job | None = None
        self.waiting: list[After | None] = []  # what to tell once the queued build is over, one per request
        self.guard = threading.Lock()

    def start(self, after: After | None = None) -> bool:
        """Publish the files as they are: at once (True), or queued after the build that runs (False).
        `after(job)` once the build that publishes them is over."""
        with self.guard:
            if not self.lock.acquire(blocking=False):
                self.waiting.append(after)
                return False
            self._begin([after])
            return True

    def _begin(self, afters: list[After | None]) -> None:
        self.job = Job(self.root)
        told = [after for after in afters if after is not None]
        threading.Thread(target=self.job.run, args=(self._next, lambda job: [after(job) for after in told]),
                         daemon=True).start()

    def _next(self) -> None:
        """The build ended: the queued requests are the next build (the lock passes to it), else it is free."""
        with self.guard:
            if self.waiting:
                afters, self.waiting = self.waiting, []
                self._begin(afters)
            else:
                self.lock.release()

    def idle(self, timeout: float) -> bool:
        """Whether the builds, the queued ones too, ended within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.guard:
                job, queued = self.job, bool(self.waiting)
            if not queued and (job is None or job.wait(0.1)):
                with self.guard:
                    if self.job is job and not self.waiting:
                        return True
        return False
