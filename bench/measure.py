"""Wall time and peak memory of one child process, measured the same way for bantin and its peers.

A child that stops using CPU before it ends is stopped and reported as hung, not waited for: a
deadlocked child (measured: bantin's Pagefind service on a large index) would otherwise stall the
whole bench, and "hangs" is the finding the table must show.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

STALL_SECONDS = float(os.environ.get("BENCH_STALL", 15))  # no CPU used by the whole tree for this long: hung
TICKS = os.sysconf("SC_CLK_TCK")
# GNU time (Debian's `time`, installed by `make bench-deps`) reports its child's peak RSS. The child must
# not be forked from this Python: at exec, Linux keeps the pre-exec image's peak as the process's peak, so
# every child would "use" at least the bench's own memory. time's fork is ~2 MB.
GNU_TIME = shutil.which("time", path="/usr/bin:/bin")


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float  # peak RSS of the largest process in the child's tree (ru_maxrss)
    returncode: int
    stderr: str
    hung: bool = False
    # User + system CPU of the whole tree: what the work cost, whatever else the shared machine ran meanwhile
    # (wall time grows with other people's load; this barely does). Above `seconds` when multi-threaded.
    cpu_seconds: float | None = None

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.hung

    def problem(self) -> str:
        """Why this run has no number, for the table: short, the full stderr is printed apart."""
        if self.hung:
            return f"hung (no CPU for {STALL_SECONDS:.0f} s, stopped after {self.seconds:.0f} s)"
        return f"failed (exit {self.returncode})"


def _descendants(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    queue += [int(child) for child in children.read().split()]
        except OSError:  # the process ended meanwhile
            continue
    return found


def tree_cpu_seconds(pid: int) -> float:
    """CPU time used so far by `pid` and every process below it, ended ones included (cutime, cstime)."""
    total = 0
    for process in _descendants(pid):
        try:
            with open(f"/proc/{process}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return total / TICKS


class StallWatch:
    """Tells when a process tree has used no CPU for `limit` seconds."""

    def __init__(self, pid: int, limit: float | None = None):
        self.pid, self.limit = pid, STALL_SECONDS if limit is None else limit
        self.cpu, self.since = tree_cpu_seconds(pid), time.monotonic()

    def stalled(self) -> bool:
        cpu = tree_cpu_seconds(self.pid)
        if cpu != self.cpu:
            self.cpu, self.since = cpu, time.monotonic()
        return time.monotonic() - self.since > self.limit


def stop_group(process: subprocess.Popen, grace: float = 10) -> None:
    """End a child started with start_new_session=True and everything it started (its own group only)."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def run(command: list[str], cwd: Path | None = None, env: dict | None = None) -> Run:
    """Run `command` to its end (or until it hangs); its peak RSS comes from GNU time (see GNU_TIME),
    or from wait4 without it. Not getrusage(RUSAGE_CHILDREN): it only ever grows over the bench's
    life, so it cannot tell a small build after a big one. wait4 runs in a thread so the clock stops
    the moment the child ends while this thread watches for a hang."""
    with tempfile.TemporaryFile() as errors, tempfile.NamedTemporaryFile("r") as peak:
        wrapped = [GNU_TIME, "-f", "%M", "-o", peak.name, *command] if GNU_TIME else command
        start = time.perf_counter()
        process = subprocess.Popen(wrapped, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=errors, start_new_session=True)  # its own group: stopped as a whole
        ended: dict = {}

        def wait() -> None:
            _, status, usage = os.wait4(process.pid, 0)
            ended.update(seconds=time.perf_counter() - start, status=status, usage=usage)

        waiter = threading.Thread(target=wait, daemon=True)
        waiter.start()
        watch, hung = StallWatch(process.pid), False
        while waiter.is_alive():
            waiter.join(1.0)
            if waiter.is_alive() and watch.stalled():
                hung = True
                os.killpg(process.pid, signal.SIGKILL)
                waiter.join()
        process.returncode = os.waitstatus_to_exitcode(ended["status"])  # Popen must not wait for it again
        errors.seek(0)
        text = errors.read().decode("utf-8", "replace")
        kilobytes = _last_number(peak.read()) if GNU_TIME else None
    peak_mb = (kilobytes if kilobytes is not None else ended["usage"].ru_maxrss) / 1024
    usage = ended["usage"]
    return Run(ended["seconds"], peak_mb, process.returncode, text, hung, usage.ru_utime + usage.ru_stime)


def _last_number(text: str) -> int | None:
    """GNU time's %M: the last line (it writes "Command exited with non-zero status N" before it)."""
    lines = text.split()
    return int(lines[-1]) if lines and lines[-1].isdigit() else None
